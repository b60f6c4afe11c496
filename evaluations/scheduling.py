"""The daily round of the background worker: one waiting in the queue at any time."""

from django.db import transaction
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .services import next_run


def queue_daily_round(*, run_after=None):
    """Queue the next daily round unless one is waiting already (the round that is running is not
    waiting: it queues its successor). Returns the queued result, or None when one was waiting."""
    from .tasks import daily_evaluations

    with transaction.atomic():
        waiting = DBTaskResult.objects.select_for_update().filter(task_path=daily_evaluations.module_path,
                                                                  status=TaskResultStatus.READY)
        if waiting.exists():
            return None
        return daily_evaluations.using(run_after=run_after or next_run()).enqueue()
