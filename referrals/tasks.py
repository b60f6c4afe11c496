"""Work done by the background worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def build_recap(job_id):
    """Make the file of a queued recap job (see services.recap_build)."""
    from .services import recap_build

    recap_build(job_id)
