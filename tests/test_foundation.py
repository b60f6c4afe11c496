"""The project itself: the database it runs on, its health check, its settings and its demo data."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from bkcase.models import Student

ROOT = Path(__file__).resolve().parent.parent


def test_suite_runs_on_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


def test_healthz_answers_200_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_down(client):
    saved_port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"  # nothing listens there: a real refused connection
    try:
        response = client.get("/healthz")
    finally:
        connection.close()
        connection.settings_dict["PORT"] = saved_port
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def _import_production_settings(env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE"}}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import bkcase.settings.production"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
    )


def test_production_settings_refuse_to_start_without_secret_key():
    result = _import_production_settings({"ALLOWED_HOSTS": "bk.example.sch.id"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_production_settings_refuse_to_start_without_allowed_hosts():
    result = _import_production_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS is required" in result.stderr


def test_production_settings_load_with_their_environment():
    result = _import_production_settings(
        {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "bk.example.sch.id", "DATABASE_URL": "postgres://u@db/bkcase"}
    )
    assert result.returncode == 0, result.stderr


def test_seed_demo_refuses_production_settings(db, settings):
    settings.DEMO_DATA_ALLOWED = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not Student.objects.exists()


def test_migrations_are_complete(db):
    call_command("makemigrations", "--check", "--dry-run", stdout=open(os.devnull, "w"))
