"""CSRF (S13): every URL pattern refuses a POST without a valid CSRF token with 403, and nothing
changes; state changes are POST only.

Every URL pattern of the project is classified below: it changes records (its request, with the
user allowed to send it and the record it needs, is in tests/endpoints.py), it keeps a list's search
in the session (POST, changes no record), or it only reads. A new URL pattern fails the
completeness check until it is classified here.

For each request that changes something, the same POST is sent twice by a browser that enforces
CSRF: without the token it gets 403 and nothing changes; with the token it is accepted and does
what it is for. So the 403 is the CSRF check, not the user's role.
"""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse

from .bkcase.test_login_required import app_routes, concrete, walk
from .endpoints import ENDPOINTS, build_world, changed_tables, last_audit_id, read_outcome, refresh, snapshot
from .factories import PASSWORD
from .test_access_matrix import CAST, matrix, records  # noqa: F401 - records is the matrix's fixture

pytestmark = pytest.mark.s13

# POST keeps a list's search terms in the session (no search term in a URL); no record changes.
SEARCHES = {
    "student_list", "case_list", "access_log", "referrals:expert_list", "referrals:referral_list",
    "conferences:conference_list",
}
# Every other pattern that changes something: its request is in tests/endpoints.py.
STATE_CHANGING = {endpoint.url_name for endpoint in ENDPOINTS} - SEARCHES
READ_ONLY = {
    "home", "healthz", "password_change_done", "password_reset_done", "password_reset_complete",
    "student_detail", "case_detail", "access_log_csv", "account_log", "school_logo", "staff_list",
    "referrals:expert_detail", "reports:atk_recap", "reports:atk_recap_pdf", "reports:atk_recap_xlsx",
    "reports:job", "reports:job_status", "reports:job_download",
    "reports:conference_recap", "reports:conference_recap_xlsx", "reports:conference_recap_pdf",
    "referrals:referral_detail", "referrals:referral_report_file", "conferences:conference_detail",
    "conferences:confidentiality_statement", "case_chronology_pdf", "student_chronology",
    "counseling:service_detail", "counseling:service_attachment",
    "referrals:referral_consent_file", "conferences:conference_consent_file", "evaluations:evaluation_report",
    "rosters:template", "rosters:detail", "rosters:status",
    "intake:inbox", "intake:detail",
    "reports:index", "reports:signal_list", "reports:period", "reports:period_pdf", "reports:period_xlsx", "reports:figures",
    "reports:figures_pdf", "reports:figures_xlsx",
    "referrals:referral_consent_statement", "conferences:conference_consent_statement",
}
# Those a browser opens without signing in (the rest need a login, S14).
ANONYMOUS = {"healthz", "password_reset_done", "password_reset_complete"}


def app_pattern_names():
    return {name for name, _ in app_routes()}


def admin_urls():
    """A URL for every pattern of the admin site (a regular expression pattern gets a real value)."""
    urls = []
    for name, route in walk(get_resolver().url_patterns):
        if not name.startswith("admin:"):
            continue
        if name == "admin:app_list":
            urls.append((name, reverse("admin:app_list", args=["bkcase"])))
        elif "(?P<url>" in route:
            urls.append(("admin: (any other admin URL)", "/admin/no-such-page/"))
        else:
            urls.append((name or route, concrete(route)))
    return urls


def csrf_client(who=None, world=None):
    """A browser that sends the CSRF token only when told to, as a real one would have to."""
    client = Client(enforce_csrf_checks=True)
    client.raise_request_exception = False
    if who:
        client.force_login(who.user if hasattr(who, "user") else who)
    return client


def the_token(client):
    """The CSRF token a page gives the browser (every page through base.html carries a form): the
    login page's, or for a signed-in user the password page's (a small page; the home page builds
    every panel of the user's day)."""
    client.get(reverse("login") if not client.session.get("_auth_user_id") else reverse("password_change"))
    return client.cookies[settings.CSRF_COOKIE_NAME].value


def unchanged(before, audit_id):
    return changed_tables(before, snapshot()) == [] and last_audit_id() == audit_id


def test_every_url_pattern_is_classified_as_state_changing_search_or_read_only():
    names = app_pattern_names()
    classified = STATE_CHANGING | SEARCHES | READ_ONLY
    assert names - classified == set(), "classify the new URL patterns here (and add a state change to endpoints.py)"
    assert classified - names == set(), "these URL patterns are gone: remove them here"
    assert not (STATE_CHANGING & READ_ONLY) and not (SEARCHES & READ_ONLY)
    for name in {"login", "logout", "password_change", "password_reset", "password_reset_confirm", "set_language",
                 "switch_school"}:
        assert name in STATE_CHANGING, name


@pytest.mark.parametrize("endpoint", [pytest.param(e, id=e.id) for e in ENDPOINTS])
def test_a_state_change_without_the_csrf_token_is_refused_with_403_and_changes_nothing(endpoint, cast, case, expert):
    world = build_world(cast, case, expert)
    if endpoint.arrange:
        endpoint.arrange(world)
    refresh(world)
    client = csrf_client(cast[endpoint.who] if endpoint.who else None)
    if endpoint.prepare_client:
        endpoint.prepare_client(client, world)
    url, data = endpoint.url(world), endpoint.valid(world)
    observed = endpoint.observe(client, world) if endpoint.observe else None
    before, audit_id = snapshot(), last_audit_id()

    forged = client.post(url, data)
    assert forged.status_code == 403, (url, forged.status_code)
    assert unchanged(before, audit_id), f"{url}: a POST without the token changed {changed_tables(before, snapshot())}"
    if endpoint.observe:
        assert endpoint.observe(client, world) == observed, url

    # the same POST with the page's token does what it is for: the 403 above was the CSRF check
    with transaction.atomic():
        sent = client.post(url, {**data, "csrfmiddlewaretoken": the_token(client)})
        outcome = read_outcome(sent)
        assert sent.status_code != 403 and not outcome.refused, (url, outcome.describe())
        moved = endpoint.observe is not None and endpoint.observe(client, world) != observed
        assert set(endpoint.changes) <= set(changed_tables(before, snapshot())) and (moved or not endpoint.observe)
        transaction.set_rollback(True)


@pytest.mark.parametrize("endpoint", [pytest.param(e, id=e.id) for e in ENDPOINTS if e.url_name in STATE_CHANGING])
def test_a_get_to_a_state_changing_url_changes_no_record(endpoint, cast, case, expert):
    world = build_world(cast, case, expert)
    if endpoint.arrange:
        endpoint.arrange(world)
    refresh(world)
    client = csrf_client(cast[endpoint.who] if endpoint.who else None)
    if endpoint.prepare_client:
        endpoint.prepare_client(client, world)
    url = endpoint.url(world)
    observed = endpoint.observe(client, world) if endpoint.observe else None
    before = snapshot()
    response = client.get(url, endpoint.valid(world))
    assert response.status_code < 500, url
    assert changed_tables(before, snapshot()) == [], url
    if endpoint.observe:
        assert endpoint.observe(client, world) == observed, url


def test_every_read_only_url_refuses_a_post_without_the_token_and_a_get_changes_no_record(cast, records):  # noqa: F811
    table = matrix(records)
    for name in sorted(READ_ONLY):
        if name in table:
            url, expected = table[name]
            allowed = [who for who in CAST if expected[who] in (200, 302)] or ["konselor"]
            client = csrf_client(cast[allowed[0]])
        else:
            assert name in ANONYMOUS, name
            url = dict(app_routes())[name]
            client = csrf_client()
        before, audit_id = snapshot(), last_audit_id()
        assert client.post(url).status_code == 403, url
        assert unchanged(before, audit_id), f"{url}: a POST without the token changed something"
        assert client.get(url).status_code < 500, url
        assert changed_tables(before, snapshot()) == [], f"{url}: a GET changed a record"


def test_every_admin_url_refuses_a_post_without_the_token(db):
    platform = get_user_model().objects.create_superuser("platform", "platform@bkcase.example", PASSWORD)
    client = csrf_client(platform)
    refused = []
    for name, url in admin_urls():
        before, audit_id = snapshot(), last_audit_id()
        status = client.post(url, {"username": "platform", "password": PASSWORD}).status_code
        assert unchanged(before, audit_id), f"{url}: a POST without the token changed something"
        refused.append((name, url, status))
    assert [entry for entry in refused if entry[2] != 403] == []
