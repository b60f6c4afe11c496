"""Who commits a participant to confidentiality (R5, R11), and the printed confidentiality statement
(pernyataan menjaga kerahasiaan) a participant signs on paper. Through the real URLs."""

import pytest
from django.urls import reverse

from bkcase.workflow import Stage
from conferences.models import Conference, ConferenceDocument

from .conftest import invite
from .test_documents import pdf_text

COMMITMENT = "Merahasiakan seluruh data, keterangan, dan pembicaraan dalam konferensi kasus"


def detail(conference):
    return reverse("conferences:conference_detail", args=[conference.pk])


def signed_url(conference, participant):
    return reverse("conferences:participant_signed", args=[conference.pk, participant.pk])


def statement_url(conference, participant):
    return reverse("conferences:confidentiality_statement", args=[conference.pk, participant.pk])


# A participant with an account commits only themselves ------------------------------------------


@pytest.mark.r5
@pytest.mark.r11
def test_the_counselor_cannot_commit_a_participant_with_an_account_on_paper(client_for, conference, konselor, cast):
    participant = invite(conference, konselor, account=cast["peserta"], acknowledged=False)
    counselor = client_for("konselor")
    assert signed_url(conference, participant) not in counselor.get(detail(conference)).content.decode()

    page = counselor.post(signed_url(conference, participant), follow=True).content.decode()

    assert "memiliki akun" in page and "hanya oleh dirinya sendiri" in page
    participant.refresh_from_db()
    assert participant.acknowledged_at is None and participant.acknowledged_how == ""
    guest = client_for("peserta")
    assert guest.get(detail(conference)).status_code == 404
    assert conference.topic not in guest.get("/").content.decode()


@pytest.mark.r5
@pytest.mark.r11
def test_the_counselor_records_the_paper_statement_of_a_participant_without_an_account(
    client_for, conference, konselor
):
    participant = invite(conference, konselor, name="Suparmi, S.Pd.", acknowledged=False)
    counselor = client_for("konselor")
    assert signed_url(conference, participant) in counselor.get(detail(conference)).content.decode()

    page = counselor.post(signed_url(conference, participant), follow=True).content.decode()

    assert "Pernyataan kerahasiaan yang ditandatangani sudah dicatat." in page
    participant.refresh_from_db()
    assert participant.acknowledged_at is not None and participant.acknowledged_how == "signed"
    assert signed_url(conference, participant) not in counselor.get(detail(conference)).content.decode()


# The printed statement --------------------------------------------------------------------------


@pytest.mark.r5
@pytest.mark.r10
def test_the_statement_names_the_conference_by_its_code_the_participant_and_the_commitment(
    client_for, conference, konselor
):
    participant = invite(conference, konselor, name="Suparmi, S.Pd.", acknowledged=False)
    Conference.objects.filter(pk=conference.pk).update(show_student_name=True)  # a statement never names the student
    counselor = client_for("konselor")
    assert statement_url(conference, participant) in counselor.get(detail(conference)).content.decode()

    response = counselor.get(statement_url(conference, participant))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "PERNYATAAN MENJAGA KERAHASIAAN" in text
    assert conference.code in text and "Suparmi, S.Pd." in text and "Orang tua atau wali" in text
    assert COMMITMENT in text and "Tidak menyampaikan, menggandakan, memotret, atau menyebarkan dokumen" in text
    assert "Mengetahui," in text and "Pemimpin Konferensi" in text and konselor.display_name in text
    assert "Yang menyatakan," in text and conference.school.city in text
    assert conference.case.student.full_name not in text
    # no letter of the school: it takes no number from the school's sequence
    assert not ConferenceDocument.objects.filter(conference=conference).exists()
    assert "Nomor" not in text


@pytest.mark.r5
@pytest.mark.r9
def test_participants_and_outsiders_do_not_print_the_statement(client_for, conference, konselor, cast):
    participant = invite(conference, konselor, account=cast["peserta"])
    url = statement_url(conference, participant)
    assert client_for("peserta").get(url).status_code == 403
    for who in ("konselor_lain", "operator", "orang_luar"):
        assert client_for(who).get(url).status_code == 404, who
    for who in ("koordinator", "kepala"):
        assert client_for(who).get(url).status_code == 200, who


@pytest.mark.r5
def test_the_leader_signs_no_statement_and_a_cancelled_conference_prints_none(client_for, conference, konselor):
    leader_row = conference.participants.get(account=konselor)  # takes part by their task
    guest = invite(conference, konselor, name="Suparmi, S.Pd.")
    counselor = client_for("konselor")
    page = counselor.get(detail(conference)).content.decode()
    assert statement_url(conference, guest) in page and statement_url(conference, leader_row) not in page
    assert counselor.get(statement_url(conference, leader_row), follow=True).redirect_chain

    Conference.objects.filter(pk=conference.pk).update(stage=Stage.DIBATALKAN)
    refused = counselor.get(statement_url(conference, guest), follow=True)
    assert refused.redirect_chain and "tidak dicetak lagi" in refused.content.decode()
