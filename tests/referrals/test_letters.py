"""The ATK letters through their URLs (R10), their numbers, and the expert's uploaded report (S22)."""

import datetime
import threading
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from bkcase import numbering
from bkcase.models import AuditEvent
from bkcase.workflow import Stage

from .conftest import agree, walk_to


def pdf_text(response):
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)


@pytest.mark.r10
def test_the_cover_letter_waits_for_the_experts_agreement(client_for, referral):
    response = client_for("konselor").post(reverse("referrals:cover_letter", args=[referral.pk]), follow=True)
    assert "Surat pengantar tersedia setelah ahli bersedia" in response.content.decode()
    referral.refresh_from_db()
    assert referral.cover_letter_number == ""


@pytest.mark.s8
@pytest.mark.r10
@pytest.mark.s19
def test_the_cover_letter_is_a_numbered_confidential_letter(client_for, referral, konselor, school):
    agree(referral, konselor)
    response = client_for("konselor").post(reverse("referrals:cover_letter", args=[referral.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    referral.refresh_from_db()
    text = pdf_text(response)
    assert referral.cover_letter_number.endswith(f"/BK/{school.npsn}/{numbering.ROMAN_MONTHS[referral.cover_letter_on.month - 1]}/{referral.cover_letter_on.year}")
    for expected in ["RAHASIA", referral.cover_letter_number, "Mengetahui", "Kepala Sekolah", school.principal_nip,
                     konselor.nip, referral.expert.name, referral.case.student.full_name]:
        assert expected in text, expected
    assert AuditEvent.objects.filter(action="export", object_id=str(referral.pk)).exists()


@pytest.mark.r10
def test_a_reprint_keeps_the_letter_number_and_a_new_letter_gets_the_next(client_for, referral, konselor, cast, case, expert):
    from referrals import services

    agree(referral, konselor)
    client = client_for("konselor")
    client.post(reverse("referrals:cover_letter", args=[referral.pk]))
    referral.refresh_from_db()
    first = referral.cover_letter_number
    client.post(reverse("referrals:cover_letter", args=[referral.pk]))
    reprint = client.get(reverse("referrals:cover_letter", args=[referral.pk]))
    assert first in pdf_text(reprint)
    referral.refresh_from_db()
    assert referral.cover_letter_number == first
    second = services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x")
    agree(second, konselor)
    client.post(reverse("referrals:cover_letter", args=[second.pk]))
    second.refresh_from_db()
    assert second.cover_letter_number != first
    assert int(second.cover_letter_number.split("/")[0]) == int(first.split("/")[0]) + 1


@pytest.mark.r10
@pytest.mark.django_db(transaction=True)
def test_letter_numbers_stay_unique_under_concurrent_requests(school):
    numbers = []

    def take():
        try:
            for _ in range(5):
                numbers.append(numbering.next_letter_number(school=school, on=datetime.date(2026, 11, 22)))
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(numbers) == 20 and len(set(numbers)) == 20


@pytest.mark.r10
def test_the_atk_report_is_printed_in_the_reporting_stage(client_for, referral, konselor, school):
    client = client_for("konselor")
    early = client.post(reverse("referrals:report", args=[referral.pk]), follow=True)
    assert "Laporan ATK dibuat pada tahap pelaporan" in early.content.decode()
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    response = client.post(reverse("referrals:report", args=[referral.pk]), {"recipient": "Kepala Sekolah"})
    referral.refresh_from_db()
    text = pdf_text(response)
    for expected in ["RAHASIA", referral.report_number, "Mengetahui", school.principal_nip, referral.code,
                     "Kepala Sekolah"]:
        assert expected in text, expected


@pytest.mark.s22
def test_the_experts_report_upload_accepts_a_pdf_and_serves_it_only_as_an_attachment(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    pdf = SimpleUploadedFile("laporan.pdf", b"%PDF-1.4\n% laporan ahli\n", content_type="application/pdf")
    client = client_for("konselor")
    client.post(reverse("referrals:referral_edit", args=[referral.pk]), {"version": referral.version, "expert_report_file": pdf})
    referral.refresh_from_db()
    assert referral.expert_report_file.name.endswith(".pdf")
    response = client.get(reverse("referrals:referral_report_file", args=[referral.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client_for("konselor_lain").get(reverse("referrals:referral_report_file", args=[referral.pk])).status_code == 404


@pytest.mark.s22
def test_an_upload_that_is_not_a_pdf_or_image_is_refused(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    fake = SimpleUploadedFile("laporan.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = client_for("konselor").post(
        reverse("referrals:referral_edit", args=[referral.pk]),
        {"version": referral.version, "expert_report_file": fake, "client_account": "Keterangan saya"},
    )
    page = response.content.decode()
    assert "Unggah berkas PDF, JPEG, atau PNG." in page and "Keterangan saya" in page
    referral.refresh_from_db()
    assert not referral.expert_report_file and referral.client_account == ""


@pytest.mark.s22
def test_an_upload_over_ten_megabytes_is_refused(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    big = SimpleUploadedFile("besar.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), content_type="application/pdf")
    response = client_for("konselor").post(
        reverse("referrals:referral_edit", args=[referral.pk]), {"version": referral.version, "expert_report_file": big}
    )
    assert "lebih besar dari 10 MB" in response.content.decode()
    referral.refresh_from_db()
    assert not referral.expert_report_file


@pytest.mark.r10
@pytest.mark.s13
def test_opening_a_letter_link_never_takes_a_number(client_for, referral, konselor):
    agree(referral, konselor)
    client = client_for("konselor")
    for method in ("get", "head"):
        response = getattr(client, method)(reverse("referrals:cover_letter", args=[referral.pk]))
        assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.cover_letter_number == ""
