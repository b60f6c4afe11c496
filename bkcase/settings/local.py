"""The demo settings (the default): embedded SQLite, DEBUG off like a school's server.

Pages that fail show the app's own Indonesian error pages, never Django's debug page (which lists
every URL pattern); the traceback goes to the console. WhiteNoise serves the static files straight
from static/ (no collectstatic needed). DJANGO_DEBUG=1 turns debugging on for development.
"""

import os

from .base import *  # noqa: F403
from .base import VAR_DIR

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
VAR_DIR.mkdir(exist_ok=True)
SECRET_KEY = os.environ.get("SECRET_KEY", "local-demo-key-not-for-production")
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "demo.sqlite3")),
        # the web server and the background worker share the file: readers do not wait for a
        # writer (WAL), a writer waits for another rather than failing at once
        "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"},
    }
}

DEMO_DATA_ALLOWED = True
