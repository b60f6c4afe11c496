"""An audit row's time is the database's (S8, S10): on PostgreSQL a trigger sets occurred_at to
now() on every INSERT into the audit table, whatever the application sent, so the application
role cannot backdate or postdate a row. It owns neither the table nor the function, so it cannot
drop, disable or replace them (S26)."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION bkcase_audit_time_from_the_database() RETURNS trigger AS $$
BEGIN
    NEW.occurred_at := now();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER bkcase_audit_time_from_the_database
    BEFORE INSERT ON bkcase_auditevent
    FOR EACH ROW EXECUTE FUNCTION bkcase_audit_time_from_the_database();
"""
DROP = """
DROP TRIGGER IF EXISTS bkcase_audit_time_from_the_database ON bkcase_auditevent;
DROP FUNCTION IF EXISTS bkcase_audit_time_from_the_database();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP, params=None)


class Migration(migrations.Migration):
    dependencies = [("bkcase", "0006_case_student_part_violence_tppk_closing")]

    operations = [migrations.RunPython(forwards, backwards)]
