"""An account the operator creates starts with a password the operator knows: at the first login
its owner must choose their own before anything else opens (S17)."""

import pytest
from django.test import Client
from django.urls import reverse

from bkcase import accounts
from bkcase.models import PendingPasswordChange

pytestmark = pytest.mark.s17

INITIAL = "sementara-dari-operator-1"
OWN = "pilihan-saya-sendiri-2026"


@pytest.fixture
def new_counselor(cast):
    """An account the operator creates that needs no confirmation (another operator): its owner
    starts from the operator's password. (A reading role, once confirmed, starts from none: S25.)"""
    return accounts.staff_create(by=cast["operator"], username="guru.baru", password=INITIAL, role="operator",
                                 first_name="Guru", last_name="Baru")


def log_in(password=INITIAL):
    client = Client()
    response = client.post(reverse("login"), {"username": "guru.baru", "password": password})
    assert response.status_code == 302
    return client


def test_a_new_account_must_change_its_password_before_opening_anything(new_counselor):
    client = log_in()
    for url in (reverse("home"), reverse("staff_list"), reverse("school_edit")):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("password_change"), url
    page = client.get(reverse("password_change")).content.decode()
    assert "Kata sandi Anda dibuat oleh operator sekolah" in page


def test_after_choosing_their_own_password_the_user_works_normally(new_counselor):
    client = log_in()
    response = client.post(reverse("password_change"), {
        "old_password": INITIAL, "new_password1": OWN, "new_password2": OWN,
    })
    assert response.status_code == 302
    assert not PendingPasswordChange.objects.filter(user=new_counselor.user).exists()
    assert client.get(reverse("home")).status_code == 200
    assert log_in(OWN).get(reverse("home")).status_code == 200


def test_the_user_may_still_log_out(new_counselor):
    client = log_in()
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("home")).status_code == 302  # logged out: to the login page
    assert "login" in client.get(reverse("home"))["Location"]


def test_accounts_that_chose_their_password_are_not_stopped(client_for):
    assert client_for("konselor").get(reverse("home")).status_code == 200
