"""Case conferences through the real stack: R4, R5, R7, R8, R9, S1, S3, S4, S6."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from bkcase.workflow import Stage, TransitionRefused
from conferences import services
from conferences.models import Approval, Conference, ConferenceStageChange

from ..consent import consented
from .conftest import FUNCTIONS, REASON, approve, days, hold, invite


def conference_urls(conference, participant=None):
    pk = conference.pk
    urls = [
        ("get", reverse("conferences:conference_detail", args=[pk])),
        ("post", reverse("conferences:conference_edit", args=[pk])),
        ("post", reverse("conferences:participant_add", args=[pk])),
        ("post", reverse("conferences:approval_request", args=[pk])),
        ("post", reverse("conferences:approval_decide", args=[pk, "approve"])),
        ("post", reverse("conferences:information_add", args=[pk])),
        ("post", reverse("conferences:action_add", args=[pk])),
        ("post", reverse("conferences:conference_transition", args=[pk, "advance"])),
        ("post", reverse("conferences:conference_transition", args=[pk, "cancel"])),
    ] + [
        ("get", reverse("conferences:document", args=[pk, name]))
        for name in ("undangan", "daftar-hadir", "notulen", "laporan")
    ]
    if participant:
        urls += [
            ("post", reverse("conferences:participant_remove", args=[pk, participant.pk])),
            ("post", reverse("conferences:participant_signed", args=[pk, participant.pk])),
            ("get", reverse("conferences:invitation_letter", args=[pk, participant.pk])),
            ("post", reverse("conferences:invitation_letter", args=[pk, participant.pk])),
            ("post", reverse("conferences:participant_update", args=[pk, participant.pk])),
        ]
    return urls


# R4 ---------------------------------------------------------------------------------------------


@pytest.mark.r4
@pytest.mark.r11
def test_requesting_approval_without_the_parents_consent_is_refused(client_for, conference):
    Conference.objects.filter(pk=conference.pk).update(guardian_consent_on=None, guardian_consent_method="")
    page = client_for("konselor").post(reverse("conferences:approval_request", args=[conference.pk]), follow=True)
    assert "Catat persetujuan siswa dan persetujuan orang tua atau wali" in page.content.decode()
    conference.refresh_from_db()
    assert conference.approval == Approval.NOT_REQUESTED


@pytest.mark.r4
@pytest.mark.s4
def test_only_the_principal_approves(client_for, conference, konselor):
    invite(conference, konselor)
    services.conference_request_approval(conference=conference, by=konselor)
    for who in ("konselor", "koordinator"):
        client_for(who).post(reverse("conferences:approval_decide", args=[conference.pk, "approve"]))
    conference.refresh_from_db()
    assert conference.approval == Approval.REQUESTED
    client_for("kepala").post(reverse("conferences:approval_decide", args=[conference.pk, "approve"]))
    conference.refresh_from_db()
    assert conference.approval == Approval.APPROVED and conference.approval_decided_by.role == "kepala"


@pytest.mark.r4
def test_principal_decline_returns_conference_to_planning_with_the_reason(client_for, conference, konselor):
    invite(conference, konselor)
    services.conference_request_approval(conference=conference, by=konselor)
    client = client_for("kepala")
    no_reason = client.post(
        reverse("conferences:approval_decide", args=[conference.pk, "decline"]), {"decision-comment": ""}
    )
    assert "Tuliskan alasan konferensi ditolak" in no_reason.content.decode()
    client.post(
        reverse("conferences:approval_decide", args=[conference.pk, "decline"]),
        {"decision-comment": "Undang guru agama"},
    )
    conference.refresh_from_db()
    assert (conference.stage, conference.approval) == (Stage.PERENCANAAN, Approval.DECLINED)
    page = client_for("konselor").get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert "Undang guru agama" in page and "Ajukan persetujuan kepala sekolah" in page


@pytest.mark.r4
def test_a_conference_is_held_only_with_consent_and_approval(client_for, conference, konselor, cast):
    invite(conference, konselor)
    client = client_for("konselor")
    advance = reverse("conferences:conference_transition", args=[conference.pk, "advance"])
    page = client.post(advance, {"stage": "perencanaan"}, follow=True).content.decode()
    assert "persetujuan kepala sekolah" in page
    conference.refresh_from_db()
    assert conference.stage == Stage.PERENCANAAN
    approve(conference, konselor, cast["kepala"])
    client.post(advance, {"stage": "perencanaan"})
    conference.refresh_from_db()
    assert conference.stage == Stage.PELAKSANAAN


@pytest.mark.r4
def test_the_principal_is_told_of_a_new_request_in_the_app_and_by_email(
    client_for, conference, konselor, cast, django_capture_on_commit_callbacks
):
    invite(conference, konselor)
    cast["kepala"].user.email = "kepala@sekolah.sch.id"
    cast["kepala"].user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client_for("konselor").post(reverse("conferences:approval_request", args=[conference.pk]))
    assert conference.code in client_for("kepala").get("/").content.decode()
    assert len(mail.outbox) == 1 and conference.code in mail.outbox[0].subject
    assert conference.case.student.full_name not in mail.outbox[0].body


@pytest.mark.r4
@pytest.mark.s6
@pytest.mark.django_db(transaction=True)
def test_two_principals_approving_at_once_make_one_decision(cast, case, konselor, school):
    from ..factories import MembershipFactory

    second = MembershipFactory(school=school, role="kepala")
    conference = services.conference_create(
        case=case,
        by=konselor,
        topic="x",
        initiative="konselor",
        convener="kepala",
        reason=REASON,
        functions=FUNCTIONS,
        held_on=days(1),
        starts_at=datetime.time(9),
        place="Ruang BK",
    )
    conference = consented(conference, konselor, consent_on=days(-14), guardian_consent_on=days(-14))
    invite(conference, konselor)
    services.conference_request_approval(conference=conference, by=konselor)
    barrier, outcomes = threading.Barrier(2), []

    def decide(principal):
        try:
            barrier.wait()
            services.conference_decide(conference=conference, by=principal, approve=True)
            outcomes.append("decided")
        except Exception as error:  # noqa: BLE001 - one of the two must be refused
            outcomes.append(type(error).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(p,)) for p in (cast["kepala"], second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["TransitionRefused", "decided"]
    assert ConferenceStageChange.objects.filter(record=conference, action="approve").count() == 1


# R5, S3: participants ---------------------------------------------------------------------------


@pytest.mark.r5
@pytest.mark.s3
def test_a_participant_sees_the_conference_only_after_acknowledging_confidentiality(
    client_for, conference, konselor, cast
):
    participant = invite(conference, konselor, account=cast["peserta"], acknowledged=False)
    client = client_for("peserta")
    detail = reverse("conferences:conference_detail", args=[conference.pk])
    assert client.get(detail).status_code == 404
    home = client.get("/").content.decode()
    assert conference.code in home and conference.topic not in home
    invitation = client.get(reverse("conferences:invitation", args=[participant.pk])).content.decode()
    assert "tertutup dan rahasia" in invitation and conference.topic not in invitation
    client.post(reverse("conferences:invitation", args=[participant.pk]))
    participant.refresh_from_db()
    assert participant.acknowledged_at is not None and participant.acknowledged_how == "app"
    page = client.get(detail).content.decode()
    assert conference.topic in page


@pytest.mark.r5
def test_conference_pages_show_the_code_not_the_students_name(client_for, conference, konselor, cast):
    invite(conference, konselor, account=cast["peserta"])
    name = conference.case.student.full_name
    for who in ("konselor", "kepala", "peserta"):
        page = client_for(who).get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
        assert conference.code in page and name not in page, who
    Conference.objects.filter(pk=conference.pk).update(show_student_name=True)
    page = client_for("konselor").get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert name in page


@pytest.mark.s3
def test_removing_an_invitation_removes_access_on_the_next_request(client_for, conference, konselor, cast):
    participant = invite(conference, konselor, account=cast["peserta"])
    client = client_for("peserta")
    detail = reverse("conferences:conference_detail", args=[conference.pk])
    assert client.get(detail).status_code == 200
    client_for("konselor").post(reverse("conferences:participant_remove", args=[conference.pk, participant.pk]))
    assert client.get(detail).status_code == 404


@pytest.mark.s3
@pytest.mark.r9
def test_a_participant_never_sees_the_students_other_records(client_for, conference, konselor, cast):
    invite(conference, konselor, account=cast["peserta"])
    client = client_for("peserta")
    assert client.get(reverse("case_detail", args=[conference.case.pk])).status_code == 404
    assert client.get(reverse("student_detail", args=[conference.case.student.pk])).status_code == 404
    other = services.conference_create(
        case=conference.case, by=konselor, topic="Lain", initiative="guru", convener="kepala"
    )
    assert client.get(reverse("conferences:conference_detail", args=[other.pk])).status_code == 404
    assert other.code not in client.get(reverse("conferences:conference_list")).content.decode()


# S1 / R9 ----------------------------------------------------------------------------------------


@pytest.mark.s1
@pytest.mark.r9
@pytest.mark.parametrize("who", ["konselor_lain", "operator", "orang_luar", "peserta"])
def test_every_url_of_a_conference_answers_404_without_a_relationship(client_for, conference, konselor, cast, who):
    participant = invite(conference, konselor, name="Wali kelas")
    approve(conference, konselor, cast["kepala"])
    client = client_for(who)
    for method, url in conference_urls(conference, participant):
        response = getattr(client, method)(
            url, {"stage": "perencanaan", "note": "x", "comment": "x"} if method == "post" else None
        )
        assert response.status_code == 404, (who, url)
    conference.refresh_from_db()
    assert conference.stage == Stage.PERENCANAAN and not conference.documents.exists()


@pytest.mark.s1
@pytest.mark.r9
@pytest.mark.parametrize("who", ["konselor", "koordinator", "kepala"])
def test_the_counselor_the_coordinator_and_the_principal_see_the_conference(client_for, conference, who):
    assert client_for(who).get(reverse("conferences:conference_detail", args=[conference.pk])).status_code == 200


# R7, R8 -----------------------------------------------------------------------------------------


@pytest.mark.r7
@pytest.mark.r8
def test_minutes_cannot_be_written_before_approval(client_for, conference, konselor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.conference_update(conference=conference, by=konselor, version=None, minutes_opening="Dibuka")
    plan = {"version": conference.version, "topic": conference.topic, "initiative": conference.initiative,
            "convener": conference.convener, "leader": konselor.pk, "held_on": "2026-11-20", "starts_at": "09:00",
            "place": "Ruang BK"}
    response = client_for("konselor").post(reverse("conferences:conference_edit", args=[conference.pk]),
                                           {**plan, "minutes_opening": "Dibuka"})
    assert response.status_code == 302  # the valid planning form saved; the forged minutes were not taken
    conference.refresh_from_db()
    assert conference.minutes_opening == ""


@pytest.mark.r7
def test_approval_events_and_stage_changes_are_in_the_history(conference, konselor, cast):
    invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    hold(conference, konselor)
    rows = list(ConferenceStageChange.objects.filter(record=conference).values_list("action", "from_stage", "to_stage"))
    assert rows == [
        ("request", "perencanaan", "perencanaan"),
        ("approve", "perencanaan", "perencanaan"),
        ("advance", "perencanaan", "pelaksanaan"),
    ]


@pytest.mark.r8
def test_an_action_item_needs_a_responsible_person_and_a_date(client_for, conference, konselor, cast):
    participant = invite(conference, konselor)
    conference = approve(conference, konselor, cast["kepala"])
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.TINDAK_LANJUT)
    response = client_for("konselor").post(
        reverse("conferences:action_add", args=[conference.pk]),
        {"action-what": "Mendampingi belajar", "action-responsible": "", "action-due_on": ""},
    )
    page = response.content.decode()
    assert response.status_code == 400 and "Mendampingi belajar" in page and "Bidang ini tidak boleh kosong." in page
    assert not conference.action_items.exists()
    client_for("konselor").post(
        reverse("conferences:action_add", args=[conference.pk]),
        {"action-what": "Mendampingi belajar", "action-responsible": participant.pk, "action-due_on": "2026-12-01"},
    )
    assert conference.action_items.get().responsible == participant


def test_an_overdue_action_item_stands_out_on_the_responsible_persons_home(client_for, conference, konselor, cast):
    participant = invite(conference, konselor, account=cast["peserta"])
    approve(conference, konselor, cast["kepala"])
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.TINDAK_LANJUT)
    services.action_item_add(
        conference=conference,
        by=konselor,
        responsible=participant,
        what="Mengantar ke psikolog",
        due_on=datetime.date(2026, 1, 5),
    )
    page = client_for("peserta").get("/").content.decode()
    assert "Lewat tenggat" in page and "Mengantar ke psikolog" in page
    assert "Lewat tenggat" in client_for("konselor").get("/").content.decode()


@pytest.mark.r4
@pytest.mark.s7
def test_changing_the_plan_after_approval_withdraws_the_approval(client_for, conference, konselor, cast):
    invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    services.conference_update(conference=conference, by=konselor, version=None, place="Aula")
    conference.refresh_from_db()
    assert conference.approval == Approval.NOT_REQUESTED
    assert conference.stage_changes.filter(action="reset").exists()
    approve(conference, konselor, cast["kepala"])
    invite(conference, konselor, name="Polisi lalu lintas")
    conference.refresh_from_db()
    assert conference.approval == Approval.NOT_REQUESTED


@pytest.mark.r4
def test_going_back_to_planning_needs_a_new_approval(conference, konselor, cast):
    invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    held = hold(conference, konselor)
    services.conference_transition(conference=held, by=konselor, action="back", note="Jadwal diubah",
                                   expected_stage="pelaksanaan")
    conference.refresh_from_db()
    assert (conference.stage, conference.approval) == (Stage.PERENCANAAN, Approval.NOT_REQUESTED)


@pytest.mark.r4
def test_approval_is_asked_only_for_a_complete_plan(conference, konselor):
    with pytest.raises(TransitionRefused, match="Undang para peserta"):
        services.conference_request_approval(conference=conference, by=konselor)  # nobody invited but its leader


@pytest.mark.s4
def test_an_operator_account_cannot_be_invited(conference, konselor, cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        invite(conference, konselor, account=cast["operator"])


@pytest.mark.s3
def test_a_counselor_invited_to_a_colleagues_conference_reads_it_after_acknowledging(client_for, conference, konselor, cast):
    participant = invite(conference, konselor, account=cast["konselor_lain"], acknowledged=False)
    client = client_for("konselor_lain")
    assert client.get(reverse("conferences:conference_detail", args=[conference.pk])).status_code == 404
    assert conference.code in client.get("/").content.decode()
    client.post(reverse("conferences:invitation", args=[participant.pk]))
    page = client.get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert conference.topic in page and "Ajukan persetujuan" not in page  # taking part is not organising


@pytest.mark.s3
def test_a_participant_who_took_part_stays_on_the_record(client_for, conference, konselor, cast):
    participant = invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    held = hold(conference, konselor)
    services.information_add(conference=held, by=konselor, participant=participant, topic="keluarga", text="x")
    response = client_for("konselor").post(
        reverse("conferences:participant_remove", args=[conference.pk, participant.pk]), follow=True
    )
    assert response.status_code == 200 and "tetap tercatat" in response.content.decode()
    assert conference.participants.filter(pk=participant.pk).exists()


@pytest.mark.s3
def test_a_cancelled_conference_closes_to_its_guests(client_for, conference, konselor, cast):
    invite(conference, konselor, account=cast["peserta"])
    services.conference_transition(conference=conference, by=konselor, action="cancel", note="Klien menolak")
    assert client_for("peserta").get(reverse("conferences:conference_detail", args=[conference.pk])).status_code == 404
