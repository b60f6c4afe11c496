"""The production settings, unchanged, plus one URL that fails on purpose (see smoke_urls)."""

from bkcase.settings.production import *  # noqa: F403

ROOT_URLCONF = "tests.deployment.smoke_urls"
