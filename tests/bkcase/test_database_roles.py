"""S26: the database itself keeps the audit trail whole against the application's own role.

The suite connects as the application role (tests/conftest.py); these tests prove what that role
is refused, and that the owner is still stopped by the trigger."""

import os
from datetime import timedelta

import dj_database_url
import psycopg
import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from bkcase.models import AuditEvent

pytestmark = pytest.mark.s26

REFUSED = {
    "update": "UPDATE bkcase_auditevent SET username = 'someone-else'",
    "delete": "DELETE FROM bkcase_auditevent",
    "truncate": "TRUNCATE bkcase_auditevent",
    "disable the trigger": "ALTER TABLE bkcase_auditevent DISABLE TRIGGER bkcase_audit_append_only",
    "disable all triggers": "ALTER TABLE bkcase_auditevent DISABLE TRIGGER ALL",
    "drop the trigger": "DROP TRIGGER bkcase_audit_append_only ON bkcase_auditevent",
    "replace the trigger's function": (
        "CREATE OR REPLACE FUNCTION bkcase_audit_append_only() RETURNS trigger AS $$ BEGIN RETURN NEW; END; $$ "
        "LANGUAGE plpgsql"
    ),
    "drop the table": "DROP TABLE bkcase_auditevent",
    "rename the table": "ALTER TABLE bkcase_auditevent RENAME TO old_audit",
    "become the owner": "SET ROLE bkcase_owner",
}


def test_the_suite_runs_as_the_application_role_not_the_owner(db):
    assert os.environ.get("DATABASE_OWNER_URL"), "make test runs with the owner/application split"
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user, pg_has_role(current_user, 'bkcase_owner', 'MEMBER')")
        user, member_of_owner = cursor.fetchone()
    assert user == os.environ["DATABASE_APP_ROLE"] and not member_of_owner


def test_the_application_role_writes_and_reads_audit_rows(client_for, case):
    client_for("konselor").get(reverse("case_detail", args=[case.pk]))
    assert AuditEvent.objects.filter(action="view", object_id=str(case.pk)).count() == 1


@pytest.mark.parametrize("what", REFUSED)
def test_the_application_role_cannot_change_the_audit_trail(client_for, case, what):
    client_for("konselor").get(reverse("case_detail", args=[case.pk]))
    before = list(AuditEvent.objects.values_list("pk", "username"))
    with pytest.raises(DatabaseError, match="permission denied|must be owner|must be member"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(REFUSED[what])
    assert list(AuditEvent.objects.values_list("pk", "username")) == before
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = 'bkcase_audit_append_only'")
        assert cursor.fetchone() == ("O",)  # still there, still enabled


@pytest.mark.django_db(transaction=True)
def test_even_the_owner_cannot_update_or_delete_audit_rows_the_trigger_refuses(cast):
    from bkcase import audit

    audit.record(by=cast["konselor"], action=audit.Action.VIEW, object_type="bkcase.case", object_id="1")
    owner = dj_database_url.parse(os.environ["DATABASE_OWNER_URL"])
    config = connection.settings_dict
    direct = psycopg.connect(host=config["HOST"], port=config["PORT"], user=owner["USER"], dbname=config["NAME"])
    try:
        for statement in ("UPDATE bkcase_auditevent SET username = 'x'", "DELETE FROM bkcase_auditevent"):
            with pytest.raises(psycopg.DatabaseError, match="append-only"), direct.transaction(), direct.cursor() as cursor:
                cursor.execute(statement)
    finally:
        direct.close()
    assert AuditEvent.objects.get().username == "konselor"


def test_the_application_role_cannot_rewind_the_audit_sequence(client_for, case):
    """setval needs UPDATE on the sequence: rewound, every audited request would fail on a
    duplicate key."""
    client_for("konselor").get(reverse("case_detail", args=[case.pk]))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_get_serial_sequence('bkcase_auditevent', 'id')")
        (sequence,) = cursor.fetchone()
    assert sequence
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(%s, 1)", [sequence])
    client_for("konselor").get(reverse("case_detail", args=[case.pk]))
    assert AuditEvent.objects.filter(action="view", object_id=str(case.pk)).count() == 2


MIGRATION_RECORD_REFUSED = {
    "insert": "INSERT INTO django_migrations (app, name, applied) VALUES ('bkcase', '9999_forged', now())",
    "update": "UPDATE django_migrations SET name = '9999_forged' WHERE app = 'bkcase'",
    "delete": "DELETE FROM django_migrations WHERE app = 'bkcase'",
}


def _migration_record():
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        return cursor.fetchall()


@pytest.mark.parametrize("what", MIGRATION_RECORD_REFUSED)
def test_the_application_role_reads_but_cannot_forge_the_migration_record(db, what):
    before = _migration_record()
    assert ("bkcase", "0001_initial") in before  # it may read the record (the checks do)
    with pytest.raises(DatabaseError, match="permission denied"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(MIGRATION_RECORD_REFUSED[what])
    assert _migration_record() == before


def test_an_audit_row_gets_its_time_from_the_database_not_the_application(cast):
    backdated = timezone.now().replace(year=2001)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO bkcase_auditevent (occurred_at, username, role, action, object_type, object_id, detail)"
            " VALUES (%s, 'konselor', 'konselor', 'view', 'bkcase.case', '1', '') RETURNING id",
            [backdated],
        )
        (pk,) = cursor.fetchone()
    stored = AuditEvent.objects.get(pk=pk).occurred_at
    assert stored.year != 2001
    assert abs(stored - timezone.now()) < timedelta(minutes=5)


def test_the_orm_still_writes_audit_rows_one_by_one_and_in_bulk(cast):
    backdated = timezone.now().replace(year=2001)
    fields = {"username": "konselor", "role": "konselor", "action": "view", "object_type": "bkcase.case"}
    one = AuditEvent.objects.create(occurred_at=backdated, object_id="1", **fields)
    many = AuditEvent.objects.bulk_create(
        [AuditEvent(occurred_at=backdated, object_id=str(n), **fields) for n in (2, 3)]
    )
    assert one.pk and all(event.pk for event in many)
    stored = AuditEvent.objects.filter(pk__in=[one.pk, *(event.pk for event in many)])
    assert stored.count() == 3
    assert all(abs(event.occurred_at - timezone.now()) < timedelta(minutes=5) for event in stored)
