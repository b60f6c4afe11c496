"""The principal's approval and the conference's date (R4): a state machine of its own beside the
stages, an approval only before the conference's date, the conference held only on its date or
later, a plan that says why, and a demo whose story keeps that order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from bkcase.workflow import Stage, TransitionRefused
from conferences import services
from conferences.models import Approval, Conference

from .conftest import approve, days, hold, invite

pytestmark = pytest.mark.r4


def on_day(monkeypatch, n):
    """The clock moves to day n (from today) at noon, as if the days went by."""
    moment = timezone.make_aware(datetime.datetime.combine(days(n), datetime.time(12)))
    monkeypatch.setattr(timezone, "now", lambda: moment)


def detail(client, conference):
    return client.get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()


# Time kept honestly ------------------------------------------------------------------------------


def test_the_principal_approves_only_before_the_conference_date(client_for, conference, konselor, cast):
    Conference.objects.filter(pk=conference.pk).update(held_on=days(2))
    invite(conference, konselor)
    services.conference_request_approval(conference=conference, by=konselor)
    Conference.objects.filter(pk=conference.pk).update(held_on=days(-1))  # the date went by unanswered
    client = client_for("kepala")
    page = detail(client, conference)
    assert "Tanggal konferensi sudah lewat" in page and ">Setujui</button>" not in page
    refused = client.post(reverse("conferences:approval_decide", args=[conference.pk, "approve"]), follow=True)
    assert "Tanggal konferensi sudah lewat" in refused.content.decode()
    conference.refresh_from_db()
    assert conference.approval == Approval.REQUESTED and conference.approval_decided_at is None
    assert not conference.stage_changes.filter(action="approve").exists()
    # declining stays possible: it sends the plan back to the counselor for a new date
    services.conference_decide(conference=conference, by=cast["kepala"], approve=False, comment="Tentukan tanggal baru.")
    conference.refresh_from_db()
    assert conference.approval == Approval.DECLINED


def test_approval_is_not_asked_for_a_date_that_has_passed(conference, konselor):
    invite(conference, konselor)
    Conference.objects.filter(pk=conference.pk).update(held_on=days(-1))
    with pytest.raises(TransitionRefused, match="sudah lewat"):
        services.conference_request_approval(conference=conference, by=konselor)
    conference.refresh_from_db()
    assert conference.approval == Approval.NOT_REQUESTED


def test_the_principal_may_approve_on_the_morning_of_the_conference(conference, konselor, cast):
    invite(conference, konselor)
    assert conference.held_on == timezone.localdate()
    approved = approve(conference, konselor, cast["kepala"])
    assert approved.approval == Approval.APPROVED


def test_a_conference_leaves_planning_only_on_or_after_its_date(client_for, conference, konselor, cast, monkeypatch):
    Conference.objects.filter(pk=conference.pk).update(held_on=days(3))
    invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    advance = reverse("conferences:conference_transition", args=[conference.pk, "advance"])
    page = client_for("konselor").post(advance, {"stage": "perencanaan"}, follow=True).content.decode()
    assert "tanggal konferensi: dilaksanakan pada hari itu atau sesudahnya" in page
    conference.refresh_from_db()
    assert conference.stage == Stage.PERENCANAAN
    on_day(monkeypatch, 3)
    assert hold(conference, konselor).stage == Stage.PELAKSANAAN


# The approval as a state machine -----------------------------------------------------------------


def test_a_decision_needs_a_request_and_is_made_once(conference, konselor, cast):
    invite(conference, konselor)
    with pytest.raises(TransitionRefused, match="tidak sedang menunggu keputusan"):
        services.conference_decide(conference=conference, by=cast["kepala"], approve=True)
    approve(conference, konselor, cast["kepala"])
    for decision in (True, False):
        with pytest.raises(TransitionRefused, match="tidak sedang menunggu keputusan"):
            services.conference_decide(conference=conference, by=cast["kepala"], approve=decision, comment="x")
    with pytest.raises(TransitionRefused, match="sudah menyetujui"):
        services.conference_request_approval(conference=conference, by=konselor)
    assert list(conference.stage_changes.values_list("action", flat=True)) == ["request", "approve"]


def test_an_approved_conference_that_is_cancelled_prints_no_invitation(client_for, conference, konselor, cast):
    participant = invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    services.conference_transition(conference=conference, by=konselor, action="cancel", note="Klien menolak")
    client = client_for("konselor")
    page = detail(client, conference)
    invitation = reverse("conferences:document", args=[conference.pk, "undangan"])
    letter = reverse("conferences:invitation_letter", args=[conference.pk, participant.pk])
    assert invitation not in page and letter not in page
    assert "Konferensi dibatalkan: undangan dan daftar hadirnya tidak dicetak lagi." in page
    for url in (invitation, letter):
        response = client.post(url, follow=True)
        assert not response["Content-Type"].startswith("application/pdf")
        assert "Konferensi dibatalkan" in response.content.decode()
        assert "setelah kepala sekolah menyetujui" not in response.content.decode()
    assert not conference.documents.exists()


# The plan says why --------------------------------------------------------------------------------


def test_the_plan_says_why_before_the_principal_is_asked(client_for, conference, konselor):
    invite(conference, konselor)
    Conference.objects.filter(pk=conference.pk).update(reason="", functions=[])
    page = detail(client_for("konselor"), conference)
    assert "Tuliskan mengapa konferensi kasus diperlukan" in page and "Ajukan persetujuan kepala sekolah" not in page
    with pytest.raises(TransitionRefused, match="Tuliskan mengapa konferensi kasus diperlukan"):
        services.conference_request_approval(conference=conference, by=konselor)


def test_the_principal_reads_why_and_what_for_when_approving(client_for, conference, konselor):
    invite(conference, konselor)
    services.conference_request_approval(conference=conference, by=konselor)
    client = client_for("kepala")
    for page in (client.get("/").content.decode(), detail(client, conference)):
        assert "Tiga kali konseling individual belum mengubah keadaan" in page
        assert "Menambah informasi tentang klien" in page and "Pengentasan" in page


# The demo tells its story in order -----------------------------------------------------------------


