"""Work that a referral or a conference leaves to the counselor becomes a planned session in the case
(R12): the referral's follow-up "counseling continues with the counselor", and a conference's action
item the case's counselor answers for. It shows in the chronology and on the counselor's home page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bkcase.workflow import Stage
from conferences import services as conference_services
from conferences.models import Conference
from counseling.models import Kind, Service
from referrals import services as referral_services

from ..referrals.conftest import walk_to

pytestmark = pytest.mark.r12


def test_a_referral_followed_up_by_the_counselor_plans_a_session_once(client_for, case, konselor, expert):
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    referral = walk_to(referral, konselor, Stage.TINDAK_LANJUT)
    assert not Service.objects.exists()
    for note in ("Konseling lanjutan tiap pekan.", "Konseling lanjutan tiap dua pekan."):
        referral = referral_services.referral_update_stage(referral=referral, by=konselor, version=None,
                                                           follow_up="konselor", follow_up_note=note)
    planned = Service.objects.get()
    assert planned.case == case and planned.kind == Kind.INDIVIDUAL and planned.is_planned
    assert planned.held_on == timezone.localdate() + datetime.timedelta(days=7) and referral.code in planned.problem
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f"Tindak lanjut {referral.code}: konseling dilanjutkan oleh konselor." in page


def test_a_conference_action_item_of_the_counselor_plans_a_session_and_others_do_not(client_for, case, konselor,
                                                                                     cast):
    conference = conference_services.conference_create(case=case, by=konselor, topic="Sering membolos",
                                                       initiative="konselor", convener="kepala")
    counselor = conference.participants.get(account=konselor)  # the leader takes part
    parent = conference_services.participant_add(conference=conference, by=konselor, group="a", role="orang_tua",
                                                 name="Agus", account=cast["peserta"])
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.TINDAK_LANJUT)
    due = timezone.localdate() + datetime.timedelta(days=2)
    conference_services.action_item_add(conference=conference, by=konselor, responsible=parent,
                                        what="Mendampingi belajar di rumah", due_on=due)
    assert not Service.objects.exists()
    conference_services.action_item_add(conference=conference, by=konselor, responsible=counselor,
                                        what="Konseling individual lanjutan", due_on=due)
    planned = Service.objects.get()
    assert planned.held_on == due and "Konseling individual lanjutan" in planned.problem
    home = client_for("konselor").get(reverse("home")).content.decode()
    agenda = home[home.index('id="agenda-heading"'):]
    assert case.student.full_name in agenda[:agenda.index("</section>")]
