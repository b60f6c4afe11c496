"""What the conference's page and documents say, in the words a counselor uses: the reasons a
conference can be cancelled for, the statements of consent to sign, the participants' groups."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bkcase.workflow import CancelReason
from conferences import services as conference_services

from ..referrals.test_documents import pdf_text
from .conftest import invite


@pytest.mark.r7
def test_a_conference_is_not_cancelled_because_an_expert_declined(conference, konselor):
    with pytest.raises(ValidationError):
        conference_services.conference_transition(conference=conference, by=konselor, action="cancel",
                                                  reason=CancelReason.AHLI_MENOLAK)
    assert ("ahli_menolak", "Ahli menolak") not in conference.cancel_reason_choices()
    moved = conference_services.conference_transition(conference=conference, by=konselor, action="cancel",
                                                      reason=CancelReason.PINDAH_SEKOLAH)
    assert moved.cancel_reason_text() == "Siswa pindah sekolah"


@pytest.mark.r11
def test_the_statements_of_consent_are_filled_from_the_conference(client_for, conference):
    response = client_for("konselor").get(
        reverse("conferences:conference_consent_statement", args=[conference.pk, "orang-tua"]))
    text = " ".join(pdf_text(response.content).split())
    assert "dibahas dalam konferensi kasus yang tertutup dan rahasia" in text and conference.place in text
    assert "Ibu Sari Wulandari, ibu kandung" in text  # the parent who consented, when recorded
    assert client_for("peserta").get(
        reverse("conferences:conference_consent_statement", args=[conference.pk, "siswa"])).status_code == 404


def test_the_participants_group_is_spelled_out(client_for, conference, konselor):
    invite(conference, konselor)
    page = client_for("konselor").get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert "Penentu (a)" in page and "<abbr" not in page
