"""A signature never stands alone on a page (issue 11).

Each letter is rendered again and again with one more line or row of content before its end, until
the growing content has pushed the signatures over a page boundary and a few steps beyond. At every
step the closing sentence, the place and date and the signers' names are on one page, and that page
also carries the end of what precedes the closing (the last lines of the letter's text, the last row
of a table), never the signature block alone. The text is read back from the PDF with pypdf."""

import datetime
from io import BytesIO

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from bkcase.documents import DOCUMENT_LANGUAGE, render_pdf
from conferences import documents as conference_documents
from conferences.models import DocumentKind
from referrals import documents as referral_documents

from .conferences.test_documents import build_conference, issue
from .referrals.test_documents import build_referral

# Steps taken past the one that first moved the signatures to a new page, and the most tried.
STEPS_BEYOND_THE_BREAK = 6
MOST_STEPS = 60


def pdf_pages(pdf):
    assert pdf.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def page_of(pages, text):
    found = [number for number, page in enumerate(pages) if text in page]
    assert len(found) == 1, f"{text!r} is on pages {found}"
    return found[0]


def assert_signatures_never_stand_alone(render, *, closing, signature_lines, tail, stride=1):
    """render(n) renders the document with n more lines or rows of content; tail(n) is the text
    that ends what precedes the closing. With a `stride`, the steps before the break are taken
    `stride` at a time, and every step from the last of them to past the break one by one."""

    def closing_page_with(n):
        pages = pdf_pages(render(n))
        closing_page = page_of(pages, closing)
        for line in signature_lines:
            assert line in pages[closing_page], f"with {n} more: {line!r} is not on the closing's page"
        before_closing = pages[closing_page].split(closing)[0]
        assert tail(n) in before_closing, f"with {n} more: the closing's page starts with the closing"
        return closing_page

    first_signature_page = closing_page_with(0)
    n = 0
    while closing_page_with(n) == first_signature_page:
        n += stride
        if n >= MOST_STEPS:
            pytest.fail(f"{MOST_STEPS} steps of content never pushed the signatures over a page boundary")
    for step in range(max(n - stride + 1, 1), n + STEPS_BEYOND_THE_BREAK + 1):
        closing_page_with(step)


@pytest.fixture
def signers(school, konselor):
    return ["Mengetahui,", "Kepala Sekolah", school.principal_name, f"NIP. {school.principal_nip}",
            konselor.display_name, f"NIP. {konselor.nip}"]


def test_the_cover_letters_closing_and_signatures_stay_with_its_last_paragraph(case, expert, konselor, signers):
    referral = build_referral(case, expert, konselor)
    with translation.override(DOCUMENT_LANGUAGE):
        context = referral_documents.cover_letter_context(referral)
        context["contact_ways"] = "telepon/WhatsApp 0812-3456-7890"
        summary = context["referral"].problem_summary

        def render(n):
            context["referral"].problem_summary = "\n".join([summary] + [f"Catatan tambahan {i + 1}." for i in range(n)])
            return render_pdf("documents/referral_cover_letter.html", context)

        assert_signatures_never_stand_alone(
            render,
            closing="Demikian surat pengantar ini kami sampaikan.",
            signature_lines=signers + ["Hormat kami,", "Guru BK / Konselor"],
            tail=lambda n: "telepon/WhatsApp 0812-3456-7890.",
        )


def test_the_atk_reports_closing_and_signatures_stay_with_the_last_rows_of_its_history(
    case, expert, konselor, signers
):
    referral = build_referral(case, expert, konselor)
    with translation.override(DOCUMENT_LANGUAGE):
        context = referral_documents.report_context(referral)
        at = timezone.make_aware(datetime.datetime(2026, 11, 20, 9, 0))

        def render(n):
            context["history"] = [
                {"at": at, "from": "Perencanaan", "to": "Pelaksanaan", "by": konselor.display_name,
                 "note": f"Perubahan nomor {i + 1}."}
                for i in range(n + 1)
            ]
            return render_pdf("documents/referral_report.html", context)

        assert_signatures_never_stand_alone(
            render,
            closing="Demikian laporan alih tangan kasus ini dibuat dengan sebenarnya",
            signature_lines=signers + ["Semarang, 22 November 2026", "Guru BK / Konselor"],
            tail=lambda n: f"Perubahan nomor {n + 1}.",
            stride=4,
        )


def test_the_attendance_lists_closing_and_signatures_stay_with_its_last_rows(case, cast, signers):
    conference = build_conference(case, cast)
    with translation.override(DOCUMENT_LANGUAGE):
        context = conference_documents.attendance_context(conference, issue(conference, DocumentKind.DAFTAR_HADIR))
        blank_rows = len(context["blank_rows"])

        def render(n):
            context["participants"] = [
                {"name": f"Peserta {i + 1}", "role": "Guru mata pelajaran", "institution": "SMA Negeri 1 Uji"}
                for i in range(n + 1)
            ]
            context["blank_rows"] = range(n + 2, n + 2 + blank_rows)
            return render_pdf("documents/conference_attendance.html", context)

        last_row = lambda n: n + 1 + blank_rows  # noqa: E731
        assert_signatures_never_stand_alone(
            render,
            closing="Demikian daftar hadir ini dibuat dengan sebenarnya.",
            signature_lines=signers + ["Semarang, 23 November 2026", "Pemimpin Konferensi"],
            tail=lambda n: f"{last_row(n)} {last_row(n)}.",
        )
