"""Who sees which record (S1, S2, S4, R9): deny by default, 404 for records a user may not see."""

import pytest
from django.urls import reverse

from bkcase.models import AuditEvent

from ..factories import CaseFactory, StudentFactory


def case_urls(case):
    return {
        "detail": ("get", reverse("case_detail", args=[case.pk])),
        "edit": ("get", reverse("case_edit", args=[case.pk])),
        "edit-post": ("post", reverse("case_edit", args=[case.pk])),
        "close": ("get", reverse("case_close", args=[case.pk])),
        "close-post": ("post", reverse("case_close", args=[case.pk])),
        "reopen": ("post", reverse("case_reopen", args=[case.pk])),
    }


@pytest.mark.s1
@pytest.mark.r9
@pytest.mark.parametrize("who", ["konselor_lain", "kepala", "peserta", "operator", "orang_luar"])
def test_every_url_of_a_case_answers_404_to_those_without_a_relationship(client_for, case, who):
    client = client_for(who)
    for name, (method, url) in case_urls(case).items():
        response = getattr(client, method)(url)
        assert response.status_code == 404, (who, name)
    assert not case.__class__.objects.get(pk=case.pk).closed_on  # nothing happened


@pytest.mark.s1
@pytest.mark.r9
@pytest.mark.parametrize("who", ["konselor", "koordinator"])
def test_the_counselor_and_the_coordinator_open_the_case(client_for, case, who):
    response = client_for(who).get(reverse("case_detail", args=[case.pk]))
    assert response.status_code == 200
    assert "Sering membolos" in response.content.decode()


@pytest.mark.s1
@pytest.mark.r9
def test_a_co_counselor_sees_the_case(client_for, case, cast):
    case.co_counselors.add(cast["konselor_lain"])
    assert client_for("konselor_lain").get(reverse("case_detail", args=[case.pk])).status_code == 200


@pytest.mark.s1
@pytest.mark.parametrize("who", ["peserta", "orang_luar"])
def test_every_url_of_a_student_answers_404_outside_the_school_staff(client_for, student, who):
    client = client_for(who)
    for url in [
        reverse("student_detail", args=[student.pk]),
        reverse("student_edit", args=[student.pk]),
        reverse("case_create", args=[student.pk]),
    ]:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"full_name": "X"}).status_code == 404, url


@pytest.mark.s1
@pytest.mark.parametrize("who", ["peserta", "operator", "orang_luar"])
def test_every_url_of_an_expert_answers_404_to_those_outside_referral_work(client_for, expert, who):
    client = client_for(who)
    for url in [
        reverse("referrals:expert_detail", args=[expert.pk]),
        reverse("referrals:expert_edit", args=[expert.pk]),
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.s1
def test_an_unknown_record_answers_404(client_for, db):
    client = client_for("koordinator")
    assert client.get(reverse("case_detail", args=[987654])).status_code == 404
    assert client.get(reverse("student_detail", args=[987654])).status_code == 404


@pytest.mark.s8
@pytest.mark.s9
def test_a_denied_case_view_is_audited(client_for, case, cast):
    client_for("konselor_lain").get(reverse("case_detail", args=[case.pk]))
    event = AuditEvent.objects.get(action=AuditEvent.Action.DENIED)
    assert event.user == cast["konselor_lain"].user
    assert (event.object_type, event.object_id, event.role) == ("bkcase.case", str(case.pk), "konselor")


@pytest.mark.s8
def test_viewing_a_case_is_audited_without_its_text(client_for, case, cast):
    client_for("konselor").get(reverse("case_detail", args=[case.pk]), REMOTE_ADDR="10.1.2.3")
    event = AuditEvent.objects.get(action=AuditEvent.Action.VIEW)
    assert event.user == cast["konselor"].user
    assert event.student_id == case.student_id
    assert event.ip == "10.1.2.3"
    assert case.title not in str(event.__dict__)


@pytest.mark.s2
@pytest.mark.r9
def test_case_list_holds_only_the_counselors_own_caseload(client_for, case, cast, school):
    other = CaseFactory(counselor=cast["konselor_lain"], title="Kasus konselor lain")
    mine = client_for("konselor").get(reverse("case_list")).content.decode()
    assert case.code in mine and other.code not in mine
    theirs = client_for("konselor_lain").get(reverse("case_list")).content.decode()
    assert other.code in theirs and case.code not in theirs


@pytest.mark.s2
def test_the_coordinator_lists_every_case_of_the_school_and_none_of_another(client_for, case, cast, other_school):
    other_counselor_case = CaseFactory(counselor=cast["konselor_lain"])
    foreign = CaseFactory(counselor__school=other_school)
    page = client_for("koordinator").get(reverse("case_list")).content.decode()
    assert case.code in page and other_counselor_case.code in page
    assert foreign.student.full_name not in page


@pytest.mark.s2
def test_search_never_reaches_another_counselors_cases(client_for, cast):
    CaseFactory(counselor=cast["konselor_lain"], title="Rahasia konselor lain")
    CaseFactory(counselor=cast["konselor"], title="Rahasia konselor sendiri")
    page = client_for("konselor").post(reverse("case_list"), {"q": "Rahasia"}, follow=True).content.decode()
    assert "Rahasia konselor lain" not in page and "Rahasia konselor sendiri" in page


@pytest.mark.s2
def test_home_counts_only_the_counselors_own_caseload(client_for, case, cast):
    CaseFactory(counselor=cast["konselor_lain"])
    CaseFactory(counselor=cast["konselor_lain"])
    response = client_for("konselor").get("/")
    assert response.context["caseload_count"] == 1


@pytest.mark.s2
def test_student_list_holds_only_the_own_schools_students(client_for, student, other_school):
    foreign = StudentFactory(school=other_school, full_name="Murid Sekolah Lain")
    page = client_for("koordinator").get(reverse("student_list")).content.decode()
    assert student.full_name in page and foreign.full_name not in page


@pytest.mark.s4
@pytest.mark.parametrize("who", ["operator", "kepala", "peserta"])
def test_roles_without_case_work_cannot_open_the_case_list(client_for, case, who):
    response = client_for(who).get(reverse("case_list"))
    assert response.status_code == 403
    assert case.title not in response.content.decode()


@pytest.mark.s4
def test_the_operator_sees_a_student_but_none_of_their_cases(client_for, case):
    page = client_for("operator").get(reverse("student_detail", args=[case.student.pk])).content.decode()
    assert case.student.full_name in page
    assert case.code not in page and case.title not in page


@pytest.mark.s4
def test_the_principal_home_shows_counts_not_case_content(client_for, case):
    response = client_for("kepala").get("/")
    page = response.content.decode()
    assert case.title not in page and case.student.full_name not in page
    # the de-identified figures (reports/deidentify.py): one open case shows as "< 5"
    assert "Bimbingan dan konseling dalam angka" in page and "&lt; 5" in page


@pytest.mark.s8
def test_behind_a_trusted_proxy_the_audit_keeps_the_users_address(client_for, case, settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    client_for("konselor").get(reverse("case_detail", args=[case.pk]), REMOTE_ADDR="127.0.0.1",
                               HTTP_X_FORWARDED_FOR="6.6.6.6, 10.20.30.40")
    client_for("konselor").get(reverse("case_detail", args=[case.pk]), REMOTE_ADDR="10.9.9.9",
                               HTTP_X_FORWARDED_FOR="1.2.3.4")
    addresses = list(AuditEvent.objects.filter(action="view").order_by("id").values_list("ip", flat=True))
    assert addresses == ["10.20.30.40", "10.9.9.9"]  # a client's own X-Forwarded-For is not believed


def test_the_counselors_home_counts_every_case_that_must_be_referred(client_for, cast):
    for _ in range(12):
        CaseFactory(counselor=cast["konselor"], category="penyakit_mental")
    response = client_for("konselor").get("/")
    assert response.context["must_refer_count"] == 12 and len(response.context["must_refer"]) == 10


@pytest.mark.r9
def test_who_counsels_a_case_is_asked_afresh_outside_a_request_and_once_within_one(case, cast):
    from bkcase.access import answers_kept, counseled_among

    other = cast["konselor_lain"]
    assert counseled_among(other, [case.pk]) == set()
    case.co_counselors.add(other)
    assert counseled_among(other, [case.pk]) == {case.pk}  # no answer is kept between requests
    with answers_kept():
        assert counseled_among(other, [case.pk]) == {case.pk}
        case.co_counselors.remove(other)
        assert counseled_among(other, [case.pk]) == {case.pk}  # kept for the rest of the request
        assert counseled_among(cast["konselor"], [case.pk]) == {case.pk}  # each member's own answer
    assert counseled_among(other, [case.pk]) == set()
