"""Every page asks for a login but the explicit allow-list (S14)."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

ALLOWED_ANONYMOUS = {
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "healthz",
    "set_language",
}


def walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def concrete(route):
    """A real URL for a route: converters filled with plausible values."""
    import re

    route = route.lstrip("^").rstrip("$")
    route = re.sub(r"<int:\w+>", "1", route)
    route = re.sub(r"<(?:str|slug|path):?\w*>|<\w+>", "x", route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)
    return "/" + route.replace("\\", "")


def app_routes():
    for name, route in walk(get_resolver().url_patterns):
        if name.startswith("admin:"):
            continue  # the admin site has its own login, checked below
        yield name, concrete(route)


@pytest.mark.s14
def test_every_url_pattern_redirects_anonymous_users_to_login_except_the_allow_list(client, db):
    checked = 0
    for name, url in app_routes():
        if name in ALLOWED_ANONYMOUS:
            continue
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, (name, url, method, response.status_code)
            assert response.url.startswith("/accounts/login/"), (name, url)
        checked += 1
    assert checked >= 15


@pytest.mark.s14
def test_the_allow_list_is_reachable_without_login(client, db):
    assert client.get("/accounts/login/").status_code == 200
    assert client.get("/accounts/password_reset/").status_code == 200
    assert client.get("/healthz").status_code == 200


@pytest.mark.s14
def test_the_admin_site_asks_for_its_own_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response.url


@pytest.mark.s13
def test_logout_is_post_only(client_for):
    client = client_for("konselor")
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/").status_code == 302
