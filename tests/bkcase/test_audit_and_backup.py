"""The audit trail is append-only (S10), answers who accessed a student (S11), and backups restore (S24)."""

import csv
import io
import os
import shutil
import subprocess

import dj_database_url
import psycopg
import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from bkcase.management.commands.backup import pg_environment
from bkcase.models import AuditEvent, Case, Student

from ..factories import CaseFactory


def owner_credentials():
    url = os.environ.get("DATABASE_OWNER_URL")
    if not url:
        return {}
    owner = dj_database_url.parse(url)
    return {"USER": owner["USER"], "PASSWORD": owner["PASSWORD"]}


@pytest.mark.s10
def test_the_database_refuses_to_change_or_delete_audit_rows(client_for, case):
    client_for("konselor").get(reverse("case_detail", args=[case.pk]))
    event = AuditEvent.objects.get(action="view")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(username="someone-else")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.username == "konselor"


@pytest.mark.s10
def test_the_application_offers_no_way_to_change_audit_rows():
    from django.contrib import admin

    assert AuditEvent not in admin.site._registry


@pytest.mark.s11
def test_the_coordinator_sees_who_accessed_a_students_records(client_for, case, cast):
    client_for("konselor").get(reverse("case_detail", args=[case.pk]), REMOTE_ADDR="10.0.0.5")
    client_for("koordinator").get(reverse("student_detail", args=[case.student.pk]))
    query = {"nis": case.student.nis, "start": "2026-01-01", "end": "2030-12-31"}
    client = client_for("koordinator")
    answer = client.post(reverse("access_log"), query)
    assert case.student.nis not in answer["Location"]  # the NIS stays out of URLs and server logs
    page = client.get(answer["Location"]).content.decode()
    assert "konselor" in page and "10.0.0.5" in page and "bkcase.case #" in page
    assert case.title not in page and case.description not in page


@pytest.mark.s8
@pytest.mark.s11
def test_the_principal_exports_the_access_log_as_csv(client_for, case):
    client_for("konselor").get(reverse("case_detail", args=[case.pk]))
    client = client_for("kepala")
    searched = client.post(reverse("access_log"), {"nis": case.student.nis, "start": "2026-01-01", "end": "2030-12-31"})
    response = client.get(reverse("access_log_csv"), {"s": searched["Location"].split("s=")[1]})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:2] == ["Waktu", "Pengguna"]
    assert any(row[1] == "konselor" and row[4] == f"bkcase.case:{case.pk}" for row in rows[1:])
    assert AuditEvent.objects.filter(action="export", object_type="bkcase.accesslog").exists()


@pytest.mark.s11
@pytest.mark.s4
@pytest.mark.parametrize("who", ["konselor", "operator", "peserta"])
def test_only_the_coordinator_and_the_principal_read_the_access_log(client_for, case, who):
    response = client_for(who).post(reverse("access_log"), {"nis": case.student.nis})
    assert response.status_code == 403


@pytest.mark.s24
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_fresh_database_with_every_record(cast, tmp_path):
    for _ in range(3):
        CaseFactory(counselor=cast["konselor"])
    out = io.StringIO()
    call_command("backup", output=str(tmp_path), stdout=out)
    dump = out.getvalue().strip()
    assert dump.endswith(".dump")

    # restoring is the owner's job (the application role may not create databases)
    config = {**connection.settings_dict, **owner_credentials()}
    env = pg_environment(config)
    admin = psycopg.connect(host=config["HOST"], port=config["PORT"], user=config["USER"], dbname="postgres",
                            autocommit=True)
    with admin.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS bkcase_restored")
        cursor.execute("CREATE DATABASE bkcase_restored")
    try:
        result = subprocess.run(
            [shutil.which("pg_restore"), "--no-owner", "--dbname=bkcase_restored", dump],
            env=env, capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stderr
        restored = psycopg.connect(host=config["HOST"], port=config["PORT"], user=config["USER"], dbname="bkcase_restored")
        with restored, restored.cursor() as cursor:  # closed at the end of the block
            for model in (Case, Student, AuditEvent):
                cursor.execute(f"SELECT count(*) FROM {model._meta.db_table}")  # noqa: S608 - table names from models
                assert cursor.fetchone()[0] == model.objects.count(), model
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgname = 'bkcase_audit_append_only'")
            assert cursor.fetchone()[0] == 1
    finally:
        with admin.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS bkcase_restored")
        admin.close()
