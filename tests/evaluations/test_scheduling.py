"""R13: when the evaluations fall due. A Laiseg is offered as a session or home visit is recorded; a
Laijapen and a Laijapan are scheduled at the school's offsets when an ATK is handed over, when a
conference is held, and when the counselor says a case's services have ended."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from bkcase.workflow import Stage
from conferences import services as conference_services
from counseling.models import Kind as ServiceKind
from evaluations import services
from evaluations.models import Evaluation, EvaluationSettings, Kind, Status
from referrals import services as referral_services

from ..conferences.conftest import FUNCTIONS, REASON, approve, hold, invite
from ..consent import consented
from ..counseling.conftest import record
from ..referrals.conftest import STAGE_DATA, walk_to
from .conftest import days, of, today

pytestmark = pytest.mark.r13


def test_a_session_recorded_offers_its_laiseg_due_the_same_day(case, konselor):
    session = record(case, konselor)
    laiseg = of(session, Kind.LAISEG)
    assert (laiseg.status, laiseg.due_on, laiseg.case, laiseg.scheduled_by) == (Status.DUE, today(), case, konselor)
    assert laiseg.variant == "uca"


def test_a_session_recorded_afterwards_offers_its_laiseg_for_today(case, konselor):
    session = record(case, konselor, held_on=days(-3))
    assert of(session, Kind.LAISEG).due_on == today()


def test_a_home_visit_offers_a_laiseg_but_a_consultation_or_a_note_does_not(case, konselor):
    visit = record(case, konselor, kind=ServiceKind.KUNJUNGAN, notes="Rumah sederhana.", met_with="Ibu Wartini")
    record(case, konselor, kind=ServiceKind.KONSULTASI)
    record(case, konselor, kind=ServiceKind.CATATAN)
    assert list(Evaluation.objects.values_list("record_id", "kind")) == [(visit.pk, Kind.LAISEG)]


def test_a_planned_session_gets_its_laiseg_when_it_is_written_up(case, konselor):
    from counseling import services as counseling_services

    planned = record(case, konselor, held_on=days(2), notes="", agreements="")
    assert not Evaluation.objects.exists()
    counseling_services.service_correct(service=planned, by=konselor, version=planned.version, held_on=today(),
                                        notes="Klien datang dan bercerita.")
    assert of(planned, Kind.LAISEG).due_on == today()


def test_an_atk_handed_over_gets_its_laijapen_and_laijapan_at_the_default_offsets(case, konselor, expert):
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    assert not Evaluation.objects.exists()
    walk_to(referral, konselor, Stage.EVALUASI)
    handover = STAGE_DATA[Stage.PELAKSANAAN]["handover_on"]
    assert of(referral, Kind.LAIJAPEN).due_on == handover + datetime.timedelta(days=14)
    assert of(referral, Kind.LAIJAPAN).due_on == handover + datetime.timedelta(days=60)
    assert not Evaluation.objects.filter(kind=Kind.LAISEG).exists()


def test_the_school_changes_the_offsets(case, konselor, koordinator, expert):
    services.evaluation_settings_update(by=koordinator, laijapen_days=21, laijapan_days=90)
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    handover = STAGE_DATA[Stage.PELAKSANAAN]["handover_on"]
    assert of(referral, Kind.LAIJAPEN).due_on == handover + datetime.timedelta(days=21)
    assert of(referral, Kind.LAIJAPAN).due_on == handover + datetime.timedelta(days=90)


@pytest.mark.parametrize("field, value", [("laijapen_days", 6), ("laijapen_days", 29), ("laijapan_days", 29),
                                          ("laijapan_days", 91)])
def test_the_offsets_stay_within_what_r13_says(koordinator, field, value):
    with pytest.raises(ValidationError) as refused:
        services.evaluation_settings_update(by=koordinator, **{field: value})
    assert field in refused.value.error_dict


def test_only_the_coordinator_changes_the_settings(konselor):
    from bkcase.exceptions import NotAllowed

    with pytest.raises(NotAllowed):
        services.evaluation_settings_update(by=konselor, laijapen_days=21)
    assert not EvaluationSettings.objects.exists()


def test_going_back_and_on_again_does_not_schedule_twice(case, konselor, expert):
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    referral = referral_services.referral_transition(referral=referral, by=konselor, action="back", note="Salah tanggal")
    referral_services.referral_transition(referral=referral, by=konselor, action="advance")
    assert Evaluation.objects.filter(record_id=referral.pk).count() == 2


def test_a_conference_held_gets_its_laijapen_and_laijapan_from_its_date(case, konselor, cast):
    conference = conference_services.conference_create(
        case=case, by=konselor, topic="Sering membolos", initiative="wali_kelas", convener="kepala", reason=REASON,
        functions=FUNCTIONS, held_on=today(), starts_at=datetime.time(9), place="Ruang BK")
    conference = consented(conference, konselor, consent_on=days(-14), guardian_consent_on=days(-14))
    invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    hold(conference, konselor)
    assert of(conference, Kind.LAIJAPEN).due_on == days(14)
    assert of(conference, Kind.LAIJAPAN).due_on == days(60)


def test_the_end_of_a_cases_services_schedules_its_laijapen_and_laijapan_once(case, konselor):
    laijapen, laijapan = services.services_end(case=case, by=konselor, ended_on=days(-1))
    assert (laijapen.kind, laijapen.due_on, laijapan.kind, laijapan.due_on) == (
        Kind.LAIJAPEN, days(13), Kind.LAIJAPAN, days(59))
    assert laijapen.record == case
    with pytest.raises(ValidationError):
        services.services_end(case=case, by=konselor, ended_on=today())
    assert Evaluation.objects.count() == 2


def test_only_the_cases_counselors_record_the_end_of_its_services(case, cast):
    from bkcase.exceptions import NotAllowed

    for who in ("konselor_lain", "koordinator", "kepala", "operator"):
        with pytest.raises(NotAllowed):
            services.services_end(case=case, by=cast[who], ended_on=today())
    assert not Evaluation.objects.exists()


def test_the_end_of_services_cannot_lie_in_the_future(case, konselor):
    with pytest.raises(ValidationError):
        services.services_end(case=case, by=konselor, ended_on=days(1))
