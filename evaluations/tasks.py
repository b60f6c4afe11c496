"""Work done by the background worker (`manage.py db_worker`): the daily round of the evaluations."""

from django_tasks import task


@task()
def daily_evaluations():
    """Mark the evaluations past their date as overdue and email the reminders; then queue tomorrow's
    round (06:00 school time), so that one round is always waiting in the queue."""
    from .scheduling import queue_daily_round
    from .services import mark_overdue

    marked = mark_overdue()
    queue_daily_round()
    return marked
