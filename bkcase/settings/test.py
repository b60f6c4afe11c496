"""Test settings: PostgreSQL from the environment (make test starts a private cluster)."""

import os
import tempfile

from .base import *  # noqa: F403
from .database import postgres_from_environment

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
DATABASES = {"default": postgres_from_environment(conn_max_age=0)}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
DEMO_DATA_ALLOWED = True
# Uploads of a test run go to a throw-away folder, shared with the worker processes a test starts.
MEDIA_ROOT = os.environ.setdefault("BKCASE_TEST_MEDIA_ROOT", tempfile.mkdtemp(prefix="bkcase-test-media-"))
