"""The de-identified figures for the principal and the education office (dinas): counts only, no
student name, NIS or case code; a count from 1 to 4 shows as "< 5" and every other count, totals
included, is rounded to the nearest 5, so a small cell cannot be derived by subtraction."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from bkcase.models import AuditEvent, Category
from counseling.models import Kind, Service
from reports.deidentify import SMALL, deidentify, shown_count
from reports.figures import CASE_COLUMNS, _table
from tests.factories import CaseFactory, StudentFactory

pytestmark = [pytest.mark.s2, pytest.mark.s4, pytest.mark.r9]

NAMES = ("Ani Lestari", "Bayu Saputra", "Citra Dewi", "Eka Putri", "5001", "5002", "5003", "5005", "KS-", "ATK-",
         "KK-", "Rina", "Budi")


@pytest.mark.parametrize("n, shown", [(0, 0), (1, SMALL), (4, SMALL), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15)])
def test_small_counts_are_suppressed_and_the_others_rounded_to_five(n, shown):
    assert shown_count(n) == shown


def test_a_total_is_rounded_from_the_true_total_so_a_suppressed_cell_cannot_be_subtracted():
    table = _table("t", "T", "Category", CASE_COLUMNS, [("a", "A"), ("b", "B"), ("c", "C")],
                   {"a": {"opened": 23}, "b": {"opened": 3}, "c": {"opened": 31}})
    shown = deidentify(table)
    assert shown.column("opened") == [25, SMALL, 30]
    assert shown.total.cells[0] == 55  # 57 rounded: 55 - 25 - 30 says nothing of b's 3


def test_the_principal_sees_the_schools_figures_without_names_and_with_small_cells_suppressed(client_for,
                                                                                             november_query):
    page = client_for("kepala").get(reverse("reports:figures"), november_query)
    assert page.status_code == 200
    html = page.content.decode()
    for name in NAMES:
        assert name not in html, name
    assert 'id="cases_by_category"' in html and "services_per_counselor" not in html and "referral_days" not in html
    assert f"<td class=\"text-end\">{SMALL.replace('<', '&lt;')}</td>" in html  # belajar: 3 opened
    assert html.count('src="data:image/svg+xml;base64,') == 4
    assert AuditEvent.objects.filter(object_type="reports.figures", action="view").count() == 1


def test_the_download_for_the_education_office_holds_counts_only(client_for, november_query):
    pdf = client_for("kepala").get(reverse("reports:figures_pdf"), november_query)
    assert pdf["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "DATA LAYANAN BIMBINGAN DAN KONSELING" in text and "Mengetahui" in text and "< 5" in text
    for name in NAMES:
        assert name not in text, name
    workbook = load_workbook(io.BytesIO(client_for("kepala").get(reverse("reports:figures_xlsx"),
                                                                   november_query).content))
    rows = {row[0]: row[1:] for row in workbook["Kasus menurut kategori"].iter_rows(min_row=4, values_only=True)}
    assert rows["Belajar"] == ("< 5", "< 5", "< 5") and rows["Karier"] == (0, 0, 0)
    every_cell = " ".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                          for value in row if value is not None)
    for name in NAMES:
        assert name not in every_cell, name


def test_the_principals_home_shows_the_figures_instead_of_exact_counts(client_for, cast, school):
    for _ in range(7):
        CaseFactory(counselor=cast["konselor"], student=StudentFactory(school=school), category=Category.SOSIAL)
    CaseFactory(counselor=cast["konselor"], student=StudentFactory(school=school, full_name="Fajar Nugroho"),
                category=Category.KARIER)
    html = client_for("kepala").get(reverse("home")).content.decode()
    assert 'id="home-figures-table"' in html and reverse("reports:figures") in html
    assert "Fajar Nugroho" not in html
    rows = html.split('id="home-figures-table"')[1]
    assert "<td class=\"text-end\">5</td>" in rows.split("Sosial")[1].split("</tr>")[0]  # 7 shows as 5
    assert "&lt; 5" in rows.split("Karier")[1].split("</tr>")[0]


@pytest.mark.parametrize("who", ["konselor", "operator", "peserta", "walikelas"])
def test_others_are_refused_the_figures(client_for, who):
    for name in ("reports:figures", "reports:figures_pdf", "reports:figures_xlsx"):
        assert client_for(who).get(reverse(name)).status_code == 403


def test_the_report_runs_the_same_queries_for_few_and_many_cases(client_for, cast, school, november_query):
    client = client_for("koordinator")

    def count(url):
        client.get(url, november_query)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, november_query).status_code == 200
        return len(captured.captured_queries)

    few = {url: count(url) for url in (reverse("reports:period"), reverse("reports:figures"))}
    for n in range(12):
        counselor = cast["konselor_lain" if n % 2 else "konselor"]
        case = CaseFactory(counselor=counselor, student=StudentFactory(school=school),
                           category=Category.SOSIAL if n % 3 else Category.KARIER)
        Service.objects.create(school=school, case=case, kind=Kind.INDIVIDUAL, held_on=datetime.date(2026, 11, 20),
                               created_by=counselor)
    assert {url: count(url) for url in few} == few
