"""The ATK workflow through the real stack: R1, R2, R3, R6, R7, R8 and S6."""

import datetime
import threading

import pytest
from django.db import connection
from django.urls import reverse

from bkcase.models import AuditEvent, Category
from bkcase.workflow import Stage
from referrals import services
from referrals.models import ContactResponse, ExpertKind, Referral, ReferralStageChange

from ..factories import CaseFactory, ExpertFactory
from .conftest import CHOICE, STAGE_DATA, agree, plan_with_consent, walk_to


def start(client, case, **overrides):
    data = {"kind": "psikolog", "problem_summary": "Cemas berlebihan", "functions": ["pengentasan"], **overrides}
    return client.post(reverse("referrals:referral_create", args=[case.pk]), data)


def advance(client, referral, stage=None):
    return client.post(
        reverse("referrals:referral_transition", args=[referral.pk, "advance"]), {"stage": stage or referral.stage},
        follow=True,
    )


# R1 ---------------------------------------------------------------------------------------------

@pytest.mark.r1
def test_counselor_cannot_refer_to_police(client_for, case, expert):
    response = start(client_for("konselor"), case, kind="polisi", expert=expert.pk)
    assert "Polisi bukan tujuan ATK" in response.content.decode()
    assert not Referral.objects.exists()


@pytest.mark.r1
def test_counselor_refers_a_case_to_a_psychologist(client_for, case, expert):
    response = start(client_for("konselor"), case, expert=expert.pk)
    referral = Referral.objects.get()
    assert response.status_code == 302 and response.url == reverse("referrals:referral_detail", args=[referral.pk])
    assert (referral.stage, referral.expert, referral.case) == (Stage.PERENCANAAN, expert, case)
    assert referral.code.startswith("ATK-")


@pytest.mark.r1
def test_an_inactive_expert_cannot_be_chosen(client_for, case, expert):
    expert.active = False
    expert.save()
    response = start(client_for("konselor"), case, expert=expert.pk)
    assert response.status_code == 200 and not Referral.objects.exists()


@pytest.mark.r1
def test_an_expert_of_another_school_is_refused_by_the_service(konselor, case, other_school):
    from django.core.exceptions import ValidationError

    foreign = ExpertFactory(school=other_school)
    with pytest.raises(ValidationError) as error:
        services.referral_create(case=case, by=konselor, expert=foreign, problem_summary="x")
    assert "expert" in error.value.message_dict
    assert not Referral.objects.exists()


@pytest.mark.r1
def test_the_expert_must_be_of_the_kind_chosen(client_for, case, school):
    doctor = ExpertFactory(school=school, kind=ExpertKind.DOKTER)
    response = start(client_for("konselor"), case, kind="psikolog", expert=doctor.pk)
    assert "bukan dari jenis yang dipilih" in response.content.decode()
    assert not Referral.objects.exists()


# R2 ---------------------------------------------------------------------------------------------

@pytest.mark.r2
def test_a_criminal_case_cannot_be_referred_until_processed_by_the_authorities(client_for, cast, expert):
    crime = CaseFactory(counselor=cast["konselor"], category=Category.KRIMINALITAS)
    client = client_for("konselor")
    page = client.get(reverse("referrals:referral_create", args=[crime.pk])).content.decode()
    assert "wajib dilaporkan kepada pihak berwajib" in page
    response = start(client, crime, expert=expert.pk)
    assert "wajib dilaporkan kepada pihak berwajib" in response.content.decode()
    assert not Referral.objects.exists()

    crime.authority_reported_on = datetime.date(2026, 11, 3)
    crime.authority_processed_on = datetime.date(2026, 11, 5)
    crime.save()
    start(client, crime, expert=expert.pk)
    assert Referral.objects.filter(case=crime).exists()


# R3 ---------------------------------------------------------------------------------------------

@pytest.mark.r3
def test_planning_is_left_only_with_consent_and_a_positive_expert_response(client_for, referral, konselor):
    client = client_for("konselor")
    page = advance(client, referral).content.decode()
    assert "persetujuan klien" in page and "tanggapan positif dari ahli" in page
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN

    plan_with_consent(referral, konselor)
    agree(referral, konselor, response=ContactResponse.NEGATIF)
    agree(referral, konselor, response=ContactResponse.TIDAK_ADA)
    advance(client, referral)
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN  # a "no" and a silence are not an agreement

    agree(referral, konselor)
    advance(client, referral)
    referral.refresh_from_db()
    assert referral.stage == Stage.PELAKSANAAN


@pytest.mark.r3
@pytest.mark.s7
def test_a_forged_post_cannot_skip_the_consent_gate(client_for, referral):
    client = client_for("konselor")
    valid = {"version": referral.version, "expert": referral.expert.pk, "problem_summary": "x",
             "functions": ["pemahaman"]}
    response = client.post(reverse("referrals:referral_edit", args=[referral.pk]), {**valid, "stage": "pelaksanaan"})
    assert response.status_code == 302  # the form was saved: the forged field was simply not taken
    client.post(reverse("referrals:referral_transition", args=[referral.pk, "advance"]), {"stage": "perencanaan"})
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN


@pytest.mark.r3
def test_the_contacts_with_the_expert_are_recorded_from_the_page(client_for, referral):
    client_for("konselor").post(
        reverse("referrals:referral_add_contact", args=[referral.pk]),
        {"contacted_on": "2026-11-04", "channel": "whatsapp", "response": "positif", "note": "Bersedia"},
    )
    assert referral.expert_agreed()


# R6 ---------------------------------------------------------------------------------------------

@pytest.mark.r6
def test_follow_up_starts_a_new_referral_to_another_expert_linked_to_the_first(client_for, referral, konselor, school):
    referral = walk_to(referral, konselor, Stage.TINDAK_LANJUT)
    services.referral_update_stage(referral=referral, by=konselor, version=None, follow_up="atk_baru")
    doctor = ExpertFactory(school=school, kind=ExpertKind.PSIKIATER, name="dr. Hendra")
    client = client_for("konselor")
    same = client.post(
        reverse("referrals:referral_follow_up", args=[referral.pk]),
        {"kind": referral.expert.kind, "expert": referral.expert.pk, "problem_summary": "x", "functions": ["pemahaman"]},
    )
    assert same.status_code == 200 and referral.follow_ups.count() == 0
    client.post(
        reverse("referrals:referral_follow_up", args=[referral.pk]),
        {"kind": "psikiater", "expert": doctor.pk, "problem_summary": "Asesmen psikiatri", "functions": ["pemahaman"]},
    )
    follow = referral.follow_ups.get()
    assert (follow.expert, follow.case, follow.stage, follow.previous) == (doctor, referral.case, Stage.PERENCANAAN, referral)
    page = client.get(reverse("referrals:referral_detail", args=[follow.pk])).content.decode()
    assert referral.code in page


@pytest.mark.r6
def test_a_follow_up_referral_needs_the_new_referral_decision(referral, konselor, school):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.referral_create_follow_up(referral=referral, by=konselor, expert=ExpertFactory(school=school))


@pytest.mark.r6
@pytest.mark.r8
def test_deciding_on_a_new_referral_holds_the_record_until_it_exists(referral, konselor):
    referral = walk_to(referral, konselor, Stage.TINDAK_LANJUT)
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None, follow_up="atk_baru")
    assert referral.missing_to_leave() == ["ATK baru kepada ahli lain (buat dari halaman ini)"]


# R7 and R8 --------------------------------------------------------------------------------------

@pytest.mark.s8
@pytest.mark.r7
def test_every_stage_change_records_who_when_from_to_and_why(client_for, referral, konselor, cast):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    client_for("koordinator").post(
        reverse("referrals:referral_transition", args=[referral.pk, "back"]),
        {"stage": "evaluasi", "note": "Laporan ahli belum lengkap"},
    )
    rows = list(ReferralStageChange.objects.filter(record=referral).values_list("from_stage", "to_stage", "by", "note"))
    assert rows == [
        ("perencanaan", "pelaksanaan", konselor.pk, ""),
        ("pelaksanaan", "evaluasi", konselor.pk, ""),
        ("evaluasi", "pelaksanaan", cast["koordinator"].pk, "Laporan ahli belum lengkap"),
    ]
    assert AuditEvent.objects.filter(action="transition", object_id=str(referral.pk)).count() == 3
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Laporan ahli belum lengkap" in page


@pytest.mark.r8
def test_going_back_needs_a_reason(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    page = client_for("konselor").post(
        reverse("referrals:referral_transition", args=[referral.pk, "back"]), {"stage": "pelaksanaan", "note": " "},
        follow=True,
    ).content.decode()
    assert "Tuliskan alasan" in page
    referral.refresh_from_db()
    assert referral.stage == Stage.PELAKSANAAN


@pytest.mark.r8
def test_a_stage_cannot_be_skipped(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    # the execution data is missing: advancing is refused, whatever the POST claims
    page = advance(client_for("konselor"), referral).content.decode()
    assert "tanggal serah terima" in page
    referral.refresh_from_db()
    assert referral.stage == Stage.PELAKSANAAN


@pytest.mark.r8
@pytest.mark.s5
def test_data_of_another_stage_cannot_be_set_in_this_one(client_for, referral, konselor):
    from django.core.exceptions import ValidationError

    response = client_for("konselor").post(
        reverse("referrals:referral_edit", args=[referral.pk]),
        {"version": referral.version, "expert": referral.expert.pk, "problem_summary": "Diubah",
         "functions": ["pemahaman"], "effectiveness": "tuntas", "report_number": "999"},
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.problem_summary == "Diubah"
    assert referral.effectiveness == "" and referral.report_number == ""
    with pytest.raises(ValidationError):
        services.referral_update_stage(referral=referral, by=konselor, version=None, effectiveness="tuntas")


@pytest.mark.r8
def test_a_referral_walks_every_stage_to_closed(referral, konselor):
    referral = walk_to(referral, konselor, Stage.SELESAI)
    assert referral.stage == Stage.SELESAI and not referral.is_open
    assert [c.to_stage for c in referral.stage_changes.all()] == [
        "pelaksanaan", "evaluasi", "analisis", "tindak_lanjut", "pelaporan", "selesai"
    ]


def test_cancelling_needs_a_reason_and_ends_the_workflow(client_for, referral):
    client = client_for("konselor")
    url = reverse("referrals:referral_transition", args=[referral.pk, "cancel"])
    client.post(url, {"stage": "perencanaan", "note": ""})
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN
    client.post(url, {"stage": "perencanaan", "note": "Klien menarik persetujuan"})
    referral.refresh_from_db()
    assert referral.stage == Stage.DIBATALKAN and referral.cancel_reason == "Klien menarik persetujuan"
    advance(client, referral, stage="dibatalkan")
    referral.refresh_from_db()
    assert referral.stage == Stage.DIBATALKAN


@pytest.mark.s12
def test_a_stale_stage_edit_is_refused_with_the_input_kept(client_for, referral, konselor):
    seen = referral.version
    services.referral_update_stage(referral=referral, by=konselor, version=seen, materials="Versi orang lain")
    response = client_for("konselor").post(
        reverse("referrals:referral_edit", args=[referral.pk]),
        {"version": seen, "expert": referral.expert.pk, "problem_summary": "Ringkasan saya yang baru",
         "functions": ["pemahaman"]},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Orang lain menyimpan perubahan pada rujukan ini" in page and "Ringkasan saya yang baru" in page
    referral.refresh_from_db()
    assert referral.materials == "Versi orang lain" and referral.problem_summary != "Ringkasan saya yang baru"


# S6 ---------------------------------------------------------------------------------------------

@pytest.mark.s6
def test_a_double_click_advances_once(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    services.referral_update_stage(referral=referral, by=konselor, version=None, **STAGE_DATA[Stage.PELAKSANAAN])
    # the evaluation data is present too, so a second "advance" would go through if it were not refused
    Referral.objects.filter(pk=referral.pk).update(**STAGE_DATA[Stage.EVALUASI])
    client = client_for("konselor")
    advance(client, referral, stage="pelaksanaan")
    page = advance(client, referral, stage="pelaksanaan").content.decode()
    referral.refresh_from_db()
    assert referral.stage == Stage.EVALUASI
    assert "sudah dilakukan" in page
    assert referral.stage_changes.filter(from_stage="pelaksanaan").count() == 1


@pytest.mark.s6
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_advances_make_exactly_one_transition(school, cast, student, expert):
    konselor = cast["konselor"]
    case = CaseFactory(counselor=konselor, student=student)
    referral = services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x", functions=["pemahaman"])
    plan_with_consent(referral, konselor)
    agree(referral, konselor)
    barrier = threading.Barrier(2)
    outcomes = []

    def worker():
        try:
            barrier.wait()
            services.referral_transition(referral=referral, by=konselor, action="advance", expected_stage="perencanaan")
            outcomes.append("moved")
        except Exception as error:  # noqa: BLE001 - the refusal is the expected outcome for one thread
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["TransitionRefused", "moved"]
    assert ReferralStageChange.objects.filter(record=referral).count() == 1


# S7 ---------------------------------------------------------------------------------------------

@pytest.mark.s8
@pytest.mark.s7
@pytest.mark.r3
@pytest.mark.r11
def test_only_the_coordinator_records_a_consent_exception_with_a_ground_and_a_written_reason(client_for, referral,
                                                                                               konselor):
    services.referral_update_stage(referral=referral, by=konselor, version=None, **CHOICE)
    agree(referral, konselor)
    url = reverse("referrals:referral_consent_exception", args=[referral.pk])
    client_for("konselor").post(url, {"exception-ground": "bahaya", "exception-reason": "Darurat"})
    page = client_for("koordinator").post(url, {"exception-ground": "bahaya", "exception-reason": "  "})
    assert page.status_code == 400 and "Bidang ini tidak boleh kosong." in page.content.decode()
    referral.refresh_from_db()
    assert referral.consent_exception_at is None and referral.stage == Stage.PERENCANAAN

    client_for("koordinator").post(url, {"exception-ground": "bahaya",
                                         "exception-reason": "Kondisi darurat medis; orang tua tidak dapat dihubungi."})
    referral.refresh_from_db()
    assert referral.consent_exception_by.role == "koordinator"
    assert AuditEvent.objects.filter(action="transition", object_id=str(referral.pk), role="koordinator",
                                     detail="consent_exception:bahaya").exists()
    event = referral.stage_changes.get(action="override")
    assert "Kondisi darurat" in event.note
    advance(client_for("koordinator"), referral)
    referral.refresh_from_db()
    assert referral.stage == Stage.PELAKSANAAN


@pytest.mark.r3
@pytest.mark.s7
def test_an_agreement_holds_only_for_the_expert_who_gave_it(client_for, referral, konselor, school):
    plan_with_consent(referral, konselor)
    agree(referral, konselor)
    other = ExpertFactory(school=school, kind=ExpertKind.PSIKIATER)
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None, expert=other)
    assert not referral.expert_agreed()
    advance(client_for("konselor"), referral)
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN


@pytest.mark.r1
def test_a_police_officer_named_in_any_field_is_refused(koordinator):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.expert_create(by=koordinator, kind="ahli_bidang", name="Bripka Andi, Polsek Ungaran")
