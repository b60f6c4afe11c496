"""The reports area (/reports/): each user finds the reports their role may read, and only those."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.s4


def links(response):
    return response.content.decode()


def test_counselor_finds_the_atk_recap_and_the_evaluations_report(client_for):
    page = client_for("konselor").get(reverse("reports:index"))
    assert page.status_code == 200
    assert reverse("reports:atk_recap") in links(page)
    assert reverse("evaluations:evaluation_report") in links(page)


def test_the_reports_link_is_in_the_counselors_navigation(client_for):
    home = client_for("konselor").get(reverse("home"))
    assert reverse("reports:index") in home.content.decode()


@pytest.mark.parametrize("who", ["operator", "peserta", "walikelas"])
def test_roles_without_reports_are_refused_and_have_no_link(client_for, who):
    assert client_for(who).get(reverse("reports:index")).status_code == 403
    assert reverse("reports:index") not in client_for(who).get(reverse("home")).content.decode()


def test_principal_is_not_offered_reports_with_names(client_for):
    page = client_for("kepala").get(reverse("reports:index"))
    assert page.status_code == 200
    assert reverse("reports:atk_recap") not in links(page)
