"""The counselor's letters and the Catatan kasus (R12, R10), read back from the PDF."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bkcase.models import AuditEvent
from counseling.models import DocumentKind, Kind, ServiceDocument

from .conftest import days, record

pytestmark = [pytest.mark.r12, pytest.mark.r10]


def pdf_pages(content):
    assert content.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(content)).pages]


def print_letter(client, service, kind, *, raw=False):
    response = client.post(reverse("counseling:service_document", args=[service.pk, kind]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return response.content if raw else " ".join(pdf_pages(response.content))


def where_on_the_last_page(content, text):
    """(x, y) in points of the first run of text starting with `text` on the PDF's last page, and
    the page's width: where a signer's name is printed."""
    page = PdfReader(BytesIO(content)).pages[-1]
    found = []

    def visit(run, cm, tm, _font, _size):
        if run.strip().startswith(text):
            found.append((cm[0] * tm[4] + cm[2] * tm[5] + cm[4], cm[1] * tm[4] + cm[3] * tm[5] + cm[5]))

    page.extract_text(visitor_text=visit)
    assert found, f"{text!r} is not on the last page"
    return found[0], float(page.mediabox.width)


def test_the_home_visit_notice_tells_the_parents_when_the_counselor_comes(client_for, case, konselor):
    case.student.guardian_name = "Wartini"
    case.student.save(update_fields=["guardian_name"])
    visit = record(case, konselor, Kind.KUNJUNGAN, held_on=datetime.date(2026, 12, 3), starts_at=datetime.time(15))
    text = print_letter(client_for("konselor"), visit, DocumentKind.PEMBERITAHUAN)
    assert "Pemberitahuan Kunjungan Rumah" in text and "Bapak/Ibu Wartini" in text
    assert "Kamis, 3 Desember 2026" in text and "15.00 WIB" in text
    assert "Mengetahui, Kepala Sekolah" in text and "RAHASIA" in text and "Nomor" in text


def test_the_berita_acara_waits_for_the_visit_and_carries_both_signatures(client_for, case, konselor):
    client = client_for("konselor")
    visit = record(case, konselor, Kind.KUNJUNGAN, held_on=days(-1))
    response = client.post(reverse("counseling:service_document", args=[visit.pk, DocumentKind.BERITA_ACARA]))
    assert response.status_code == 302 and not ServiceDocument.objects.exists()
    visit.notes, visit.met_with, visit.agreements = "Rumah kontrakan dua kamar.", "Ibu Wartini (ibu)", "Ibu hadir."
    visit.save()
    text = print_letter(client, visit, DocumentKind.BERITA_ACARA)
    assert "BERITA ACARA KUNJUNGAN RUMAH" in text and "Rumah kontrakan dua kamar." in text
    assert "Pihak keluarga yang ditemui" in text and "Ibu Wartini (ibu)" in text and "Guru BK / Konselor" in text


def test_the_berita_acara_signs_the_family_left_the_counselor_right_and_the_principal_below_right(
        client_for, case, konselor):
    visit = record(case, konselor, Kind.KUNJUNGAN, held_on=days(-1), notes="Rumah kontrakan.",
                   met_with="Ibu Wartini (ibu)")
    pdf = print_letter(client_for("konselor"), visit, DocumentKind.BERITA_ACARA, raw=True)
    (family_x, family_y), width = where_on_the_last_page(pdf, "Ibu Wartini")
    (counselor_x, counselor_y), _ = where_on_the_last_page(pdf, konselor.display_name)
    (principal_x, principal_y), _ = where_on_the_last_page(pdf, case.school.principal_name)
    assert family_x < width / 2 < counselor_x and abs(family_y - counselor_y) < 1  # side by side, names level
    assert principal_x > width / 2 and principal_y < counselor_y  # "Mengetahui", in the right half below


def test_the_summons_is_neutral_signed_by_the_counselor_with_the_principal_or_by_the_principal(client_for, case,
                                                                                                konselor):
    client = client_for("konselor")
    summons = record(case, konselor, Kind.PANGGILAN, held_on=datetime.date(2026, 12, 7))
    text = print_letter(client, summons, DocumentKind.PANGGILAN)
    assert "Panggilan Orang Tua/Wali Peserta Didik" in text and "Senin, 7 Desember 2026" in text
    assert "Membicarakan perkembangan belajar" in text and "Mengetahui, Kepala Sekolah" in text
    assert case.title not in text  # the case's problem is not in a letter to the parents
    by_principal = record(case, konselor, Kind.PANGGILAN, signer="kepala")
    text = print_letter(client, by_principal, DocumentKind.PANGGILAN)
    assert "Mengetahui" not in text and "Kepala Sekolah" in text and case.school.principal_name in text


def test_a_reprint_gives_back_the_same_letter_with_its_number(client_for, case, konselor):
    client = client_for("konselor")
    summons = record(case, konselor, Kind.PANGGILAN)
    first = client.post(reverse("counseling:service_document", args=[summons.pk, DocumentKind.PANGGILAN])).content
    again = client.get(reverse("counseling:service_document", args=[summons.pk, DocumentKind.PANGGILAN])).content
    assert first == again and ServiceDocument.objects.count() == 1
    assert AuditEvent.objects.filter(action="export", object_type="counseling.service").count() == 2


def test_the_catatan_kasus_prints_the_period_and_kinds_chosen_rahasia_on_every_page(client_for, case, konselor):
    record(case, konselor, Kind.CATATAN, held_on=datetime.date(2026, 10, 5), notes="Di luar periode.")
    for n in range(30):
        record(case, konselor, held_on=datetime.date(2026, 11, 1) + datetime.timedelta(days=n % 28),
               notes=f"Sesi nomor {n}. " + "Klien bercerita panjang tentang minggunya. " * 6)
    record(case, konselor, Kind.CATATAN, held_on=datetime.date(2026, 11, 10), notes="Catatan bebas di periode.")
    url = reverse("case_chronology_pdf", args=[case.pk])
    response = client_for("konselor").get(url, {"start": "2026-11-01", "end": "2026-11-30",
                                                 "kinds": [Kind.INDIVIDUAL]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = pdf_pages(response.content)
    assert len(pages) > 1 and all("RAHASIA" in page for page in pages)
    text = " ".join(pages)
    assert "CATATAN KASUS" in text and "1 November 2026 – 30 November 2026" in text and "Konseling individual" in text
    assert "Sesi nomor 29." in text and "Di luar periode." not in text and "Catatan bebas di periode." not in text
    assert AuditEvent.objects.filter(action="export", object_type="bkcase.case", object_id=str(case.pk)).exists()
    assert client_for("kepala").get(url).status_code == 404
    (name_x, _y), width = where_on_the_last_page(response.content, konselor.display_name)
    assert name_x > width / 2  # the counselor signs in the right half


def test_a_catatan_kasus_whose_period_ends_before_it_starts_is_refused_with_the_form_as_sent(client_for, case):
    client = client_for("konselor")
    asked = {"start": "2026-11-30", "end": "2026-11-01", "kinds": [Kind.INDIVIDUAL]}
    response = client.get(reverse("case_chronology_pdf", args=[case.pk]), asked)
    assert response.status_code == 302 and response["Content-Type"] != "application/pdf"
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200 and "Akhir periode mendahului awalnya." in html
    assert 'name="start" value="2026-11-30"' in html and 'name="end" value="2026-11-01"' in html
    assert f'value="{Kind.INDIVIDUAL}" id="print-kind-{Kind.INDIVIDUAL}" checked' in html
    assert not AuditEvent.objects.filter(action="export", object_type="bkcase.case").exists()
