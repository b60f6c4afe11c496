"""S27: the production deployment serves. collectstatic with the production storage, then gunicorn
with the production settings on the test database, asked as nginx would ask it."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def production_environment(static_root):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL")}
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "tests.deployment.smoke_settings",
        "SECRET_KEY": "smoke-" + "k7!Qz" * 12,
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
    }


def get(port, path):
    """(status, body) of a GET as the reverse proxy forwards it (HTTPS terminated in front)."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (our own server on loopback)
            return response.status, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")


class Gunicorn:
    def __init__(self, env):
        self.port = free_port()
        self.process = subprocess.Popen(
            [str(GUNICORN), "bkcase.wsgi:application", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not start:\n" + self.output)

    def stop(self):
        self.process.terminate()
        try:
            self.output = self.process.communicate(timeout=20)[0]
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.output = self.process.communicate()[0]


@pytest.fixture
def production(tmp_path, db):
    return production_environment(tmp_path / "static")


@pytest.mark.s27
def test_without_collectstatic_the_health_check_says_unavailable_and_pages_fail_generically(production):
    server = Gunicorn(production)
    try:
        health = get(server.port, "/healthz")
        login = get(server.port, "/accounts/login/")
    finally:
        server.stop()
    assert health[0] == 503 and "static manifest missing" in health[1]
    assert login[0] == 500
    assert "Terjadi kesalahan" in login[1] and "Traceback" not in login[1]


@pytest.mark.s27
def test_collected_static_files_and_gunicorn_with_production_settings_serve_the_app(production):
    collected = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                               cwd=ROOT, env=production, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert (Path(production["STATIC_ROOT"]) / "staticfiles.json").exists()

    server = Gunicorn(production)
    try:
        health = get(server.port, "/healthz")
        login = get(server.port, "/accounts/login/")
        stylesheet = login[1].split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
        css = get(server.port, stylesheet)
        unknown = get(server.port, "/no-such-page/")
        failure = get(server.port, "/smoke/fail/")
    finally:
        server.stop()

    assert health == (200, '{"status": "ok"}')
    assert login[0] == 200 and "Masuk ke bkcase" in login[1]
    assert stylesheet.startswith("/static/vendor/bootstrap/bootstrap.min.") and stylesheet != (
        "/static/vendor/bootstrap/bootstrap.min.css"), "the stylesheet is named by its hash"
    assert css[0] == 200 and ".btn" in css[1]
    assert unknown[0] == 404 and "Halaman tidak ditemukan" in unknown[1] and "URLconf" not in unknown[1]
    assert failure[0] == 500 and "Terjadi kesalahan" in failure[1] and "forced" not in failure[1]
    assert "RuntimeError: [message withheld" in server.output  # S23: the log keeps the type, not the message
