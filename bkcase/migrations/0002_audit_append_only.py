"""The audit table is append-only: PostgreSQL itself refuses UPDATE and DELETE on it (S10)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION bkcase_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'bkcase_auditevent is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bkcase_audit_append_only
    BEFORE UPDATE OR DELETE ON bkcase_auditevent
    FOR EACH ROW EXECUTE FUNCTION bkcase_audit_append_only();
"""
DROP = """
DROP TRIGGER IF EXISTS bkcase_audit_append_only ON bkcase_auditevent;
DROP FUNCTION IF EXISTS bkcase_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("bkcase", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
