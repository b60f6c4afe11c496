"""`manage.py backup`: a pg_dump backup of the database, in PostgreSQL's custom format (S24).

Restore it with `pg_restore --clean --no-owner --dbname=<database> <file>`. Uploaded files live in
MEDIA_ROOT and are backed up beside it (see the README).
"""

import os
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone


def pg_environment(config):
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"),
                      ("NAME", "PGDATABASE")):
        if config.get(key):
            env[name] = str(config[key])
    return env


class Command(BaseCommand):
    help = "Write a pg_dump backup of the database (custom format) into a folder."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "var" / "backups"),
                            help="folder for the backup file (default var/backups)")

    def handle(self, *args, output, **options):
        if connection.vendor != "postgresql":
            raise CommandError("Backups are made of PostgreSQL; the SQLite demo is the file var/demo.sqlite3.")
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError("pg_dump is not installed (apt-get install postgresql-client).")
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        config = connection.settings_dict
        target = folder / f"bkcase-{config['NAME']}-{timezone.now():%Y%m%d-%H%M%S}.dump"
        result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
            [pg_dump, "--format=custom", "--no-owner", f"--file={target}"],
            env=pg_environment(config), capture_output=True, text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        os.chmod(target, 0o600)
        self.stdout.write(str(target))
        return None
