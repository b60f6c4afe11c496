import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from bkcase.loadgen import generate


class Command(BaseCommand):
    help = "Generate a district: many schools with staff, students, cases, referrals and conferences (bulk)."

    def add_arguments(self, parser):
        parser.add_argument("--schools", type=int, default=100)
        parser.add_argument("--students", type=int, default=1000, help="students per school")
        parser.add_argument("--case-share", type=float, default=0.15, help="share of students with a case")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--first-npsn", type=int, default=70000000)

    def handle(self, *args, schools, students, case_share, seed, first_npsn, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Generated data is refused with these settings (production).")
        started = time.monotonic()
        generate(schools=schools, students=students, case_share=case_share, seed=seed, first_npsn=first_npsn,
                 log=self.stdout.write)
        self.stdout.write(f"done in {time.monotonic() - started:.1f} s")
