"""Work done by the background worker (`manage.py db_worker`)."""

from django_tasks import task


@task()
def build_report(job_id):
    """Make the file of a queued report job (see jobs.job_build)."""
    from .jobs import job_build

    job_build(job_id)
