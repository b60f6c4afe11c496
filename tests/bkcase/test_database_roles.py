"""S26: the database itself keeps the audit trail whole against the application's own role.

The suite connects as the application role (tests/conftest.py); these tests prove what that role
is refused, and that the owner is still stopped by the trigger."""

import os

import dj_database_url
import psycopg2
import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

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
    direct = psycopg2.connect(host=config["HOST"], port=config["PORT"], user=owner["USER"], dbname=config["NAME"])
    try:
        for statement in ("UPDATE bkcase_auditevent SET username = 'x'", "DELETE FROM bkcase_auditevent"):
            with pytest.raises(psycopg2.DatabaseError, match="append-only"), direct, direct.cursor() as cursor:
                cursor.execute(statement)
    finally:
        direct.close()
    assert AuditEvent.objects.get().username == "konselor"
