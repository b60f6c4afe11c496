"""Authentication, sessions and response headers (S15–S19)."""

import datetime
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from bkcase.middleware import SessionLimitsMiddleware

from ..factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def login(client, username, password=PASSWORD):
    return client.post("/accounts/login/", {"username": username, "password": password})


@pytest.mark.s15
def test_the_sixth_login_after_five_wrong_passwords_is_refused_even_with_the_right_one(cast):
    client = Client()
    for _ in range(5):
        login(client, "konselor", "salah-sekali-123")
    refused = login(client, "konselor")
    assert refused.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in refused.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.s15
def test_the_lockout_is_per_username_not_per_school_address(cast):
    client = Client(REMOTE_ADDR="10.0.0.7")
    for _ in range(5):
        login(client, "konselor", "salah-sekali-123")
    colleague = Client(REMOTE_ADDR="10.0.0.7")
    assert login(colleague, "koordinator").status_code == 302


@pytest.mark.s16
def test_login_gives_a_new_session_key_and_logout_ends_it_on_the_server(cast):
    from django.contrib.sessions.models import Session

    client = Client()
    client.get("/accounts/login/")
    client.cookies["sessionid"] = "fixed-session-id-planted-by-an-attacker"
    login(client, "konselor")
    key = client.cookies["sessionid"].value
    assert key != "fixed-session-id-planted-by-an-attacker"
    assert Session.objects.filter(session_key=key).exists()
    client.post("/accounts/logout/")
    assert not Session.objects.filter(session_key=key).exists()


def stored_session(client):
    return Session.objects.get(session_key=client.cookies["sessionid"].value)


@pytest.mark.s16
def test_sessions_expire_after_thirty_idle_minutes(cast):
    client = Client()
    login(client, "konselor")
    assert client.get("/").status_code == 200
    session = stored_session(client)
    remaining = session.expire_date - timezone.now()
    assert datetime.timedelta(minutes=29) < remaining <= datetime.timedelta(minutes=30)
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


@pytest.mark.s16
def test_reading_pages_moves_the_idle_clock_on_at_most_once_a_minute(cast):
    client = Client()
    login(client, "konselor")
    client.get("/")
    first = stored_session(client).expire_date
    client.get("/")
    client.get("/cases/")
    assert stored_session(client).expire_date == first  # within the minute: no write
    session = client.session
    session[SessionLimitsMiddleware.SEEN_KEY] -= 61
    session.save()
    Session.objects.filter(session_key=session.session_key).update(expire_date=first)
    client.get("/cases/")
    assert stored_session(client).expire_date > first  # a minute on: the expiry moves on


@pytest.mark.s16
def test_a_session_ends_after_twelve_hours_however_active(cast, client_for):
    client = client_for("konselor")
    assert client.get("/").status_code == 200
    session = client.session
    session[SessionLimitsMiddleware.KEY] = int(time.time()) - 12 * 60 * 60 - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    assert client.get("/").status_code == 302


@pytest.mark.s16
def test_a_password_change_ends_the_users_other_sessions(cast):
    laptop, phone = Client(), Client()
    login(laptop, "konselor")
    login(phone, "konselor")
    laptop.post("/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": "kata-sandi-baru-yang-kuat-2026",
        "new_password2": "kata-sandi-baru-yang-kuat-2026",
    })
    assert laptop.get("/").status_code == 200
    assert phone.get("/").status_code == 302


@pytest.mark.s17
@pytest.mark.parametrize(
    "password, message",
    [
        ("pendek-123", "terlalu pendek"),
        ("password1234", "terlalu umum"),
        ("konselor1234", "terlalu mirip"),
    ],
)
def test_weak_passwords_are_refused(cast, password, message):
    client = Client()
    login(client, "konselor")
    page = client.post("/accounts/password_change/", {
        "old_password": PASSWORD, "new_password1": password, "new_password2": password,
    }).content.decode()
    assert message in page.lower()
    assert login(Client(), "konselor").status_code == 302  # the old password still works


@pytest.mark.s18
def test_pages_carry_the_security_headers(client_for):
    response = client_for("konselor").get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.s18
def test_production_settings_pass_the_deployment_checks():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "DJANGO_SETTINGS_MODULE": "bkcase.settings.production", "SECRET_KEY": "k" * 20 + "x9!Q" * 15,
           "ALLOWED_HOSTS": "bk.sman7.sch.id", "DATABASE_URL": "postgres://bk@db.internal/bkcase"}
    result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                            cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    hsts = subprocess.run([sys.executable, "-c", "from django.conf import settings; import django; django.setup(); "
                           "print(settings.SECURE_HSTS_SECONDS, settings.SESSION_COOKIE_SECURE)"],
                          cwd=ROOT, env=env, capture_output=True, text=True)
    assert hsts.stdout.split() == ["31536000", "True"]


@pytest.mark.s18
def test_no_template_has_inline_scripts_or_styles():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "documents" in path.parts:
            continue  # PDF templates are rendered by WeasyPrint, never served as pages
        text = path.read_text()
        if "<script>" in text or "<script " in text.replace('<script src=', '') or 'style="' in text or "<style" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


@pytest.mark.s19
def test_authenticated_pages_are_not_stored(client_for):
    response = client_for("konselor").get("/students/")
    assert "no-store" in response["Cache-Control"]
