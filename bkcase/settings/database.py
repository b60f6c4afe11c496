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
    return config
