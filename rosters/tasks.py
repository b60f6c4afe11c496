"""Work done by the background worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def run_import(import_id):
    """Apply a queued roster import (see services.roster_run)."""
    from .services import roster_run

    roster_run(import_id)


@task()
def run_preview(import_id):
    """Build a large file's preview (see services.roster_run_preview)."""
    from .services import roster_run_preview

    roster_run_preview(import_id)
