from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bkcase.demo import DEMO_PASSWORD, STAFF, load_demo


class Command(BaseCommand):
    help = "Load the demo school, its staff, students, cases and experts (idempotent)."

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demo data is refused with these settings (production).")
        school = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo school ready: {school.name}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, *_ in STAFF:
            self.stdout.write(f"  {username:<12} {role.label} ({first} {last})")
