"""Work done by the background worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def run_import(import_id):
    """Apply a queued roster import (see services.roster_run)."""
    from .services import roster_run

    roster_run(import_id)
