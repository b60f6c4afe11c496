"""Two PostgreSQL roles (S26): the owner runs the migrations; the application connects as a role
that may read and write the case data but may only INSERT and SELECT the audit trail. It cannot
UPDATE, DELETE or TRUNCATE audit rows, and as it owns no table it cannot disable, drop or alter the
trigger that guards them (only a table's owner can).

Sequences are only used and read (nextval, currval, pg_dump), never set: setval needs UPDATE, and
rewinding the audit sequence would make every audited request fail on a duplicate key. The
migration record is read only (the checks read it): a forged row would make the owner's next
migrate skip a migration.

After every `migrate` run by the owner, the application role named by DATABASE_APP_ROLE receives
exactly those privileges on every table and sequence (new ones included); what it must not have is
revoked each time, so a grant made by an earlier version (UPDATE on the sequences) is taken back.
"""

from django.conf import settings
from django.db.migrations.recorder import MigrationRecorder

from .models import AuditEvent

TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"
AUDIT_REFUSED = "UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES"
SEQUENCE_PRIVILEGES = "USAGE, SELECT"
SEQUENCE_REFUSED = "UPDATE"
MIGRATIONS_REFUSED = "INSERT, UPDATE, DELETE, TRUNCATE, TRIGGER, REFERENCES"


def application_role():
    return getattr(settings, "DATABASE_APP_ROLE", "") or ""


def grant_application_role(*, using="default", **kwargs):
    """post_migrate: give the application role its privileges. Does nothing without a role, on a
    database other than PostgreSQL, or when the application role itself ran the command (a test's
    flush, say): it owns nothing and can grant nothing."""
    from django.db import connections

    role = application_role()
    connection = connections[using]
    if not role or connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        if cursor.fetchone()[0] == role:
            return
        quoted = connection.ops.quote_name(role)
        audit_table = connection.ops.quote_name(AuditEvent._meta.db_table)
        migrations_table = connection.ops.quote_name(MigrationRecorder.Migration._meta.db_table)
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {quoted}")
        cursor.execute(f"GRANT {SEQUENCE_PRIVILEGES} ON ALL SEQUENCES IN SCHEMA public TO {quoted}")
        cursor.execute(f"REVOKE {SEQUENCE_REFUSED} ON ALL SEQUENCES IN SCHEMA public FROM {quoted}")
        cursor.execute(f"REVOKE {AUDIT_REFUSED} ON {audit_table} FROM {quoted}")
        cursor.execute(f"REVOKE {MIGRATIONS_REFUSED} ON {migrations_table} FROM {quoted}")
