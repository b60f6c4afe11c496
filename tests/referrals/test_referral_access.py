"""Who sees a referral (S1, S2, S4, R9): its case's counselors and the coordinator; nobody else."""

import pytest
from django.urls import reverse

from bkcase.models import AuditEvent
from bkcase.workflow import Stage
from referrals import services

from ..factories import CaseFactory, ExpertFactory
from .conftest import agree, walk_to


def every_url(referral):
    pk = referral.pk
    return [
        ("get", reverse("referrals:referral_detail", args=[pk])),
        ("post", reverse("referrals:referral_edit", args=[pk])),
        ("post", reverse("referrals:referral_add_contact", args=[pk])),
        ("get", reverse("referrals:referral_follow_up", args=[pk])),
        ("post", reverse("referrals:referral_follow_up", args=[pk])),
        ("post", reverse("referrals:referral_transition", args=[pk, "advance"])),
        ("post", reverse("referrals:referral_transition", args=[pk, "back"])),
        ("post", reverse("referrals:referral_transition", args=[pk, "cancel"])),
        ("post", reverse("referrals:referral_consent", args=[pk])),
        ("post", reverse("referrals:referral_consent_exception", args=[pk])),
        ("get", reverse("referrals:referral_consent_file", args=[pk])),
        ("get", reverse("referrals:referral_consent_statement", args=[pk, "siswa"])),
        ("get", reverse("referrals:referral_report_file", args=[pk])),
        ("get", reverse("referrals:cover_letter", args=[pk])),
        ("post", reverse("referrals:cover_letter", args=[pk])),
        ("get", reverse("referrals:report", args=[pk])),
        ("post", reverse("referrals:report", args=[pk])),
        ("get", reverse("referrals:referral_create", args=[referral.case.pk])),
    ]


@pytest.mark.s1
@pytest.mark.r9
@pytest.mark.parametrize("who", ["konselor_lain", "kepala", "peserta", "operator", "orang_luar"])
def test_every_url_of_a_referral_answers_404_without_a_relationship(client_for, referral, konselor, who):
    agree(referral, konselor)
    client = client_for(who)
    for method, url in every_url(referral):
        response = getattr(client, method)(url, {"stage": "perencanaan", "note": "x"} if method == "post" else None)
        assert response.status_code == 404, (who, url)
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN and referral.cover_letter_number == ""


@pytest.mark.s8
@pytest.mark.s9
def test_denied_referral_access_is_audited(client_for, referral, cast):
    client_for("konselor_lain").get(reverse("referrals:referral_detail", args=[referral.pk]))
    assert AuditEvent.objects.filter(
        action="denied", object_type="referrals.referral", object_id=str(referral.pk), user=cast["konselor_lain"].user
    ).exists()


@pytest.mark.s1
@pytest.mark.r9
def test_the_coordinator_sees_every_referral_of_the_school(client_for, referral):
    assert client_for("koordinator").get(reverse("referrals:referral_detail", args=[referral.pk])).status_code == 200


@pytest.mark.s2
def test_the_referral_list_holds_only_the_counselors_own(client_for, referral, cast, school):
    other_case = CaseFactory(counselor=cast["konselor_lain"])
    other = services.referral_create(
        case=other_case, by=cast["konselor_lain"], expert=ExpertFactory(school=school), problem_summary="x"
    )
    mine = client_for("konselor").get(reverse("referrals:referral_list")).content.decode()
    assert referral.code in mine and other.code not in mine
    everything = client_for("koordinator").get(reverse("referrals:referral_list")).content.decode()
    assert referral.code in everything and other.code in everything


@pytest.mark.s2
def test_referral_list_filters_by_stage_and_expert_kind(client_for, referral, konselor, school):
    walk_to(referral, konselor, Stage.PELAKSANAAN)
    client = client_for("konselor")
    assert referral.code in client.get(reverse("referrals:referral_list"), {"stage": "pelaksanaan"}).content.decode()
    assert referral.code not in client.get(reverse("referrals:referral_list"), {"stage": "evaluasi"}).content.decode()
    assert referral.code not in client.get(reverse("referrals:referral_list"), {"kind": "dokter"}).content.decode()


def test_the_case_page_lists_its_referrals(client_for, referral):
    page = client_for("konselor").get(reverse("case_detail", args=[referral.case.pk])).content.decode()
    assert referral.code in page and referral.expert.name in page
