"""A letter's number belongs to one content (R10): the first print of an ATK letter takes its number
and keeps the PDF made with it; every reprint gives back that very PDF, whatever changed since.
The ATK report asks for its recipient when it is printed, so the delivered copy names them."""

import datetime

import pytest
from django.urls import reverse

from bkcase.workflow import Stage
from referrals import services
from referrals.models import ReferralDocument

from .conftest import STAGE_DATA, agree, walk_to
from .test_documents import pdf_text

pytestmark = pytest.mark.r10


def at_reporting(referral, by):
    """The referral in its reporting stage, the report not yet printed."""
    return walk_to(referral, by, Stage.PELAPORAN)


def test_the_report_asks_for_its_recipient_and_prints_it(client_for, referral, konselor):
    referral = at_reporting(referral, konselor)
    client = client_for("konselor")
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert 'name="recipient"' in page
    refused = client.post(reverse("referrals:report", args=[referral.pk]), {"recipient": "  "}, follow=True)
    assert "Tuliskan kepada siapa laporan disampaikan" in refused.content.decode()
    referral.refresh_from_db()
    assert referral.report_number == "" and not ReferralDocument.objects.exists()

    response = client.post(reverse("referrals:report", args=[referral.pk]),
                           {"recipient": "Kepala Sekolah dan orang tua klien"})
    text = " ".join(pdf_text(response.content).split())
    assert "Laporan disampaikan kepada : Kepala Sekolah dan orang tua klien" in text
    assert "disampaikan kepada : -" not in text and "disampaikan kepada: –" not in text
    referral.refresh_from_db()
    assert referral.report_delivered_to == "Kepala Sekolah dan orang tua klien"


def test_a_reprint_after_closing_is_the_very_report_printed_with_the_number(client_for, referral, konselor):
    referral = at_reporting(referral, konselor)
    client = client_for("konselor")
    first = client.post(reverse("referrals:report", args=[referral.pk]), {"recipient": "Kepala Sekolah"}).content
    referral.refresh_from_db()
    number = referral.report_number
    # the record moves on: delivered, filed, closed, and the case's student renamed
    services.referral_update_stage(referral=referral, by=konselor, version=None, **STAGE_DATA[Stage.PELAPORAN])
    services.referral_transition(referral=referral, by=konselor, action="advance")
    student = referral.case.student
    student.full_name = "Nama Baru Sesudah Cetak"
    student.save()
    for reprint in (client.get(reverse("referrals:report", args=[referral.pk])),
                    client.post(reverse("referrals:report", args=[referral.pk]), {"recipient": "Orang lain"})):
        assert reprint["Content-Type"] == "application/pdf"
        assert reprint.content == first
        text = pdf_text(reprint.content)
        assert number in text and "Nama Baru Sesudah Cetak" not in text and "Orang lain" not in text
    referral.refresh_from_db()
    assert referral.stage == Stage.SELESAI and referral.report_number == number
    assert ReferralDocument.objects.filter(referral=referral).count() == 1


def test_a_reprinted_cover_letter_is_the_one_printed_with_its_number(client_for, referral, konselor):
    agree(referral, konselor)
    client = client_for("konselor")
    first = client.post(reverse("referrals:cover_letter", args=[referral.pk])).content
    services.referral_update_stage(referral=referral, by=konselor, version=None,
                                   problem_summary="Ringkasan yang diubah sesudah surat dicetak")
    reprint = client.get(reverse("referrals:cover_letter", args=[referral.pk]))
    assert reprint.content == first
    assert "Ringkasan yang diubah" not in pdf_text(reprint.content)


def test_a_letter_numbered_before_copies_were_kept_is_kept_from_its_next_print(client_for, referral, konselor):
    referral = at_reporting(referral, konselor)
    type(referral).objects.filter(pk=referral.pk).update(
        report_number="099/BK/30100999/XI/2026", report_on=datetime.date(2026, 11, 20),
        report_delivered_to="Kepala Sekolah")
    client = client_for("konselor")
    first = client.get(reverse("referrals:report", args=[referral.pk])).content
    assert "099/BK/30100999/XI/2026" in pdf_text(first)
    assert client.get(reverse("referrals:report", args=[referral.pk])).content == first
