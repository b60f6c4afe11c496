"""The evaluations' daily round (R13): mark the ones past their date as overdue and email reminders.

    manage.py evaluations_daily            run the round now
    manage.py evaluations_daily --queue    make sure the background worker has the next round queued
                                           (make run does this before it starts the worker)
"""

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Mark overdue evaluations and email reminders now, or queue the worker's daily round."

    def add_arguments(self, parser):
        parser.add_argument("--queue", action="store_true", help="Queue the daily round in the background worker.")

    def handle(self, *args, queue=False, **options):
        if queue:
            from evaluations.scheduling import queue_daily_round

            queued = queue_daily_round()
            if options["verbosity"]:
                self.stdout.write("queued" if queued else "already queued")
            return
        from evaluations.services import mark_overdue

        marked = mark_overdue()
        if options["verbosity"]:
            self.stdout.write(f"{marked} marked overdue")
