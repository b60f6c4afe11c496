"""A password built from the username is refused (S17): the username repeated, reversed, or with digits
and signs around it, in any case, wherever a password is chosen: the password change page and the
operator's form that creates an account."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from ..factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.s17

REFUSED = "tidak boleh memuat nama pengguna"
BUILT_FROM_THE_USERNAME = [
    "pwtestpwtest",  # repeated: Django's similarity check lets it through
    "PwTestPwTest",
    "tsetwptsetwp",  # reversed, repeated
    "tsetwp-kuat-2026",  # reversed
    "pwtest20261231",  # digits appended
    "2026-Pw.Test-!!",
]


@pytest.fixture
def pwtest(school):
    return MembershipFactory(school=school, role="konselor", user__username="pwtest", user__first_name="Uji")


def logged_in(username):
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": PASSWORD}).status_code == 302
    return client


def change_password(client, new):
    return client.post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": new, "new_password2": new,
    })


@pytest.mark.parametrize("password", BUILT_FROM_THE_USERNAME)
def test_a_password_built_from_the_username_is_refused_on_the_password_change_page(pwtest, password):
    response = change_password(logged_in("pwtest"), password)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert logged_in("pwtest")  # the old password still works


def test_a_password_unrelated_to_the_username_is_accepted(pwtest):
    assert change_password(logged_in("pwtest"), "lembayung-senja-di-pantai-7").status_code == 302


@pytest.mark.parametrize("password", BUILT_FROM_THE_USERNAME[:3])
def test_the_operator_cannot_create_an_account_whose_password_is_built_from_its_username(client_for, password):
    page = client_for("operator").post(reverse("staff_create"), {
        "username": "pwtest", "first_name": "Uji", "role": "konselor", "password": password,
    }).content.decode()
    assert REFUSED in page
    assert not get_user_model().objects.filter(username="pwtest").exists()
