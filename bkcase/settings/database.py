"""PostgreSQL connection settings from the environment: DATABASE_URL, or the libpq PG* variables."""

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def postgres_from_environment(conn_max_age=60):
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=conn_max_age)
    elif os.environ.get("PGHOST") or os.environ.get("PGDATABASE"):
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ.get("PGDATABASE", "bkcase"),
            "USER": os.environ.get("PGUSER", ""),
            "PASSWORD": os.environ.get("PGPASSWORD", ""),
            "HOST": os.environ.get("PGHOST", ""),
            "PORT": os.environ.get("PGPORT", ""),
            "CONN_MAX_AGE": conn_max_age,
        }
    else:
        raise ImproperlyConfigured("Set DATABASE_URL (postgres://...) or the PG* variables.")
    if "postgresql" not in config["ENGINE"]:
        raise ImproperlyConfigured("bkcase runs on PostgreSQL outside the local demo.")
    config.setdefault("CONN_HEALTH_CHECKS", True)
    config.setdefault("OPTIONS", {}).update(statement_options())
    return config


def statement_options():
    """Queries are sent with their parameters apart (server-side binding), and a connection prepares a
    query the second time it sends it: PostgreSQL then plans it once, not at every request (planning
    cost the pages more than running their queries). DATABASE_PREPARED_STATEMENTS=off turns preparing
    off, for a pooler in transaction mode (PgBouncer before 1.21) in front of PostgreSQL."""
    prepared = os.environ.get("DATABASE_PREPARED_STATEMENTS", "on").strip().lower()
    if prepared not in ("on", "off"):
        raise ImproperlyConfigured("DATABASE_PREPARED_STATEMENTS is on or off.")
    return {"server_side_binding": True, "prepare_threshold": 2 if prepared == "on" else None}
