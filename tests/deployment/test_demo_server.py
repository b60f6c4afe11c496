"""S27: `make run` serves the demo with DEBUG off: a mistyped URL shows the app's Indonesian 404
page, never Django's debug page listing every URL pattern, and the static files are still served;
every demo user's home page answers on the demo's own database (SQLite, not the tests' PostgreSQL)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import django
django.setup()
from django.conf import settings
from django.core.management import call_command
from django.test import Client
call_command("migrate", verbosity=0)
client = Client(HTTP_HOST="127.0.0.1")
unknown = client.get("/no-such-page/")
css = client.get("/static/css/bkcase.css")
print("DEBUG", settings.DEBUG)
print("UNKNOWN", unknown.status_code, "Halaman tidak ditemukan" in unknown.content.decode(),
      "URLconf" in unknown.content.decode())
print("CSS", css.status_code)
import io
from bkcase.models import Membership
call_command("seed_demo", stdout=io.StringIO())
homes = []
for user in {m.user for m in Membership.objects.filter(active=True).select_related("user")}:
    signed_in = Client(HTTP_HOST="127.0.0.1")
    signed_in.force_login(user)
    homes.append(signed_in.get("/").status_code)
print("HOMES", len(homes), sorted(set(homes)))
"""


@pytest.mark.s27
def test_the_demo_settings_serve_with_debug_off_and_their_own_404_page(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_DEBUG")}
    env.update(DJANGO_SETTINGS_MODULE="bkcase.settings.local", SQLITE_PATH=str(tmp_path / "demo.sqlite3"))
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "DEBUG False" in lines
    assert "UNKNOWN 404 True False" in lines
    assert "CSS 200" in lines
    assert any(line.startswith("HOMES ") and line.endswith(" [200]") and int(line.split()[1]) >= 7 for line in lines), lines
