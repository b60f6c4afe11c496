"""What is said in a conference is for its participants (R9, seed 004). The principal and the
coordinator who did not take part see the plan, the approval, the attendance, the report's summary
and the action items, never the participants' statements; invited, they read them. The leader and
the minute-taker take part by their task: they are on the attendance list and may answer for action
items. The principal's remarks on her decision are not for the invited guests."""

import datetime

import pytest
from django.urls import reverse

from bkcase.exceptions import NotAllowed
from bkcase.workflow import Stage
from conferences import documents, services
from conferences.models import AckMethod, Conference, DocumentKind, ParticipantGroup

from .conftest import approve, hold, invite
from .test_documents import pdf_text

pytestmark = pytest.mark.r9

STATEMENTS = [
    "Data absensi dua belas hari dari konselor.",  # (b) the counselor's data
    "Tinggal dengan nenek sejak kelas sepuluh.",  # (c) a participant's information
    "Pandangan ayah: tekanan di rumah.",  # (e) a participant's view
    "Ayah akan menjemput setiap hari.",  # (g) a participant's commitment
]
SUMMARY = ["Klien rajin dan ramah.", "Kurang pendampingan di rumah.", "Perlu pendampingan keluarga."]


def detail(client, conference):
    return client.get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()


def held_with_minutes(conference, by, parent):
    """`conference` held, its minutes written by `by`, followed up with an action item."""
    held = hold(conference, by)
    services.participant_update(participant=parent, by=by, attended=True, views=STATEMENTS[2], commitment=STATEMENTS[3])
    leader = held.participants.get(account=by)
    services.participant_update(participant=leader, by=by, attended=True)
    services.information_add(conference=held, by=by, participant=parent, topic="keluarga", text=STATEMENTS[1])
    services.conference_update(
        conference=held, by=by, version=None, minutes_opening="Dibuka.", minutes_counselor_data=STATEMENTS[0],
        minutes_positive_sides=SUMMARY[0], minutes_background=SUMMARY[1], minutes_leader_conclusion=SUMMARY[2],
    )
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.TINDAK_LANJUT)
    services.action_item_add(conference=held, by=by, responsible=parent, what="Menjemput klien sepulang sekolah",
                             due_on=datetime.date(2027, 1, 15))
    return held


@pytest.fixture
def parent(conference, konselor):
    return invite(conference, konselor, name="Agus Prasetyo")


def test_the_principal_and_the_coordinator_who_did_not_take_part_see_no_statement(
    client_for, conference, konselor, cast, parent
):
    approve(conference, konselor, cast["kepala"])
    held_with_minutes(conference, konselor, parent)
    for who in ("kepala", "koordinator"):
        page = detail(client_for(who), conference)
        for text in STATEMENTS:
            assert text not in page, (who, text)
        # the plan, the approval, the attendance, the summary and the action items
        for text in ["Sering membolos", "Tiga kali konseling individual", "Disetujui kepala sekolah", "Agus Prasetyo",
                     *SUMMARY, "Menjemput klien sepulang sekolah"]:
            assert text in page, (who, text)
        assert "hanya diketahui oleh para pesertanya" in page
    page = detail(client_for("konselor"), conference)
    for text in STATEMENTS + SUMMARY:
        assert text in page, text


def test_invited_the_principal_and_the_coordinator_read_what_was_said(client_for, conference, konselor, cast, parent):
    for who in ("kepala", "koordinator"):
        participant = invite(conference, konselor, account=cast[who], name=cast[who].display_name, acknowledged=False)
        invitation = reverse("conferences:invitation", args=[participant.pk])
        assert invitation in client_for(who).get("/").content.decode(), who  # on their home page
        client_for(who).post(invitation)
    approve(conference, konselor, cast["kepala"])
    held_with_minutes(conference, konselor, parent)
    for who in ("kepala", "koordinator"):
        page = detail(client_for(who), conference)
        for text in STATEMENTS:
            assert text in page, (who, text)


def test_who_did_not_take_part_writes_no_minutes(conference, konselor, cast, parent):
    approve(conference, konselor, cast["kepala"])
    held = hold(conference, konselor)
    koordinator = cast["koordinator"]
    with pytest.raises(NotAllowed):
        services.conference_update(conference=held, by=koordinator, version=None, minutes_counselor_data="x")
    with pytest.raises(NotAllowed):
        services.information_add(conference=held, by=koordinator, participant=parent, topic="keluarga", text="x")
    with pytest.raises(NotAllowed):
        services.participant_update(participant=parent, by=koordinator, views="x")
    parent.refresh_from_db()
    assert parent.views == "" and not held.information.exists()


def test_the_leader_and_the_minute_taker_take_part_by_their_task(conference, konselor, cast):
    rows = {p.account_id: p for p in conference.participants.all()}
    assert set(rows) == {konselor.pk}
    assert rows[konselor.pk].group == ParticipantGroup.FACILITATOR
    assert rows[konselor.pk].acknowledged_how == AckMethod.BY_TASK
    services.conference_update(conference=conference, by=konselor, version=None, minute_taker=cast["konselor_lain"])
    assert set(conference.participants.values_list("account", flat=True)) == {konselor.pk, cast["konselor_lain"].pk}
    # a new leader takes part; the former one, who had no other task and took no part yet, leaves
    services.conference_update(conference=conference, by=konselor, version=None, leader=cast["koordinator"])
    assert set(conference.participants.values_list("account", flat=True)) == {
        cast["koordinator"].pk, cast["konselor_lain"].pk
    }


def test_leading_a_conference_is_not_an_invitation_on_the_home_page(client_for, conference, cast):
    services.conference_update(conference=conference, by=cast["konselor"], version=None, leader=cast["konselor_lain"])
    leader = conference.participants.get(account=cast["konselor_lain"])
    assert leader.takes_part_by_task
    home = client_for("konselor_lain").get("/").content.decode()
    assert 'id="invitations"' not in home and reverse("conferences:invitation", args=[leader.pk]) not in home


def test_the_counselor_answers_for_an_action_item_and_is_on_the_attendance_list(conference, konselor, cast):
    invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.TINDAK_LANJUT)
    leader = conference.participants.get(account=konselor)
    item = services.action_item_add(conference=conference, by=konselor, responsible=leader,
                                    what="Konseling individual lanjutan", due_on=datetime.date(2027, 1, 8))
    assert item.responsible.account == konselor
    document = services.conference_issue_document(conference=conference, by=konselor, kind=DocumentKind.DAFTAR_HADIR)
    text = pdf_text(documents.attendance_pdf(conference, document))
    assert "1 Agus Prasetyo" in text and f"2 {konselor.display_name} Konselor" in text


def test_the_minute_taker_signs_the_minutes_with_the_leader(conference, konselor, cast, parent):
    services.conference_update(conference=conference, by=konselor, version=None, minute_taker=cast["konselor_lain"])
    approve(conference, konselor, cast["kepala"])
    hold(conference, konselor)
    document = services.conference_issue_document(conference=conference, by=konselor, kind=DocumentKind.NOTULEN)
    text = pdf_text(documents.minutes_pdf(conference, document))
    minute_taker = cast["konselor_lain"].display_name
    assert f"Notulis : {minute_taker}" in text
    closing = text[text.index("Demikian notulen"):]
    assert "Pemimpin Konferensi" in closing and konselor.display_name in closing
    assert "Notulis" in closing and minute_taker in closing
    assert "Mengetahui" not in closing and conference.school.principal_name not in closing


def test_the_parent_does_not_read_the_principals_remarks(client_for, conference, konselor, cast):
    invite(conference, konselor, account=cast["peserta"])
    services.conference_request_approval(conference=conference, by=konselor)
    services.conference_decide(conference=conference, by=cast["kepala"], approve=False,
                               comment="Wali kelas belum diundang; catatan internal.")
    services.conference_request_approval(conference=conference, by=konselor)
    services.conference_decide(conference=conference, by=cast["kepala"], approve=True,
                               comment="Disetujui, pastikan guru BK kedua hadir.")
    page = detail(client_for("peserta"), conference)
    assert conference.code in page and "Disetujui kepala sekolah" in page
    assert "catatan internal" not in page and "guru BK kedua" not in page
    for who in ("konselor", "kepala"):
        page = detail(client_for(who), conference)
        assert "catatan internal" in page and "guru BK kedua" in page, who
