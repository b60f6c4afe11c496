"""Choosing the school a session works in (POST /school/switch/): a user with roles in two schools
switches between them; a value that names no role goes back with a message, never a server error; a
role of someone else answers 404, audited."""

import pytest
from django.urls import reverse

from bkcase.access import SESSION_KEY
from bkcase.models import AuditEvent

from ..factories import MembershipFactory


@pytest.fixture
def second_role(cast, other_school):
    """`konselor` is also the coordinator of another school."""
    return MembershipFactory(school=other_school, role="koordinator", user=cast["konselor"].user)


def test_a_user_switches_to_their_role_in_another_school(client_for, second_role, other_school):
    client = client_for("konselor")
    response = client.post(reverse("switch_school"), {"membership": second_role.pk, "next": reverse("home")})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session[SESSION_KEY] == second_role.pk
    assert other_school.name in client.get(reverse("home")).content.decode()


@pytest.mark.s21
@pytest.mark.parametrize("value", ["abc", "", "-1", "0", "1.5", "²", "99999999999999999999999", None])
def test_a_value_that_names_no_role_goes_back_with_a_message(client_for, second_role, value):
    client = client_for("konselor")
    data = {"next": reverse("case_list")} | ({} if value is None else {"membership": value})
    response = client.post(reverse("switch_school"), data)
    if response.status_code == 404:  # a whole number that is nobody's role: the denial of S1
        assert value == "99999999999999999999999"
    else:
        assert response.status_code == 302 and response["Location"] == reverse("case_list")
        assert "Pilih sekolah dari menu" in client.get(response["Location"]).content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.s8
@pytest.mark.s1
@pytest.mark.s9
def test_switching_to_someone_elses_role_answers_404_and_is_audited(client_for, cast, second_role):
    someone_else = cast["orang_luar"]
    client = client_for("konselor")
    response = client.post(reverse("switch_school"), {"membership": someone_else.pk})
    assert response.status_code == 404
    assert SESSION_KEY not in client.session
    assert AuditEvent.objects.filter(
        username="konselor", action="denied", object_type="bkcase.membership", object_id=str(someone_else.pk)
    ).exists()


@pytest.mark.s1
def test_switching_to_ones_own_deactivated_role_answers_404(client_for, second_role):
    second_role.active = False
    second_role.save()
    client = client_for("konselor")
    assert client.post(reverse("switch_school"), {"membership": second_role.pk}).status_code == 404
