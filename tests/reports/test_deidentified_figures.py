"""The de-identified figures for the principal and the education office (dinas): counts only, no
student name, NIS or case code; a count from 1 to 4 shows as "< 5" and every other count, totals
included, is rounded to the nearest 5, so a small cell cannot be derived by subtraction."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from bkcase.models import AuditEvent, Category
from counseling.models import Kind, Service
from reports.deidentify import SMALL, deidentify, last_full_month_end, shown_count
from reports.figures import CASE_COLUMNS, _table
from reports.templatetags.figure_tags import semester_so_far
from tests.factories import CaseFactory, StudentFactory, enrol, school_class, school_year

pytestmark = [pytest.mark.s2, pytest.mark.s4, pytest.mark.r9]

NAMES = ("Ani Lestari", "Bayu Saputra", "Citra Dewi", "Eka Putri", "5001", "5002", "5003", "5005", "KS-", "ATK-",
         "KK-", "Rina", "Budi")


@pytest.mark.parametrize("n, shown", [(0, SMALL), (1, SMALL), (4, SMALL), (5, 5), (7, 5), (8, 10), (12, 10), (13, 15)])
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
    # every count of this small school is under 5: no chart is drawn (an empty one said "No data")
    assert 'src="data:image/svg+xml;base64,' not in html and "No data" not in html
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
    assert rows["Belajar"] == ("< 5", "< 5", "< 5") and rows["Karier"] == ("< 5", "< 5", "< 5")  # a zero shows as "< 5" too
    every_cell = " ".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True)
                          for value in row if value is not None)
    for name in NAMES:
        assert name not in every_cell, name


def test_the_principals_home_shows_the_figures_instead_of_exact_counts(client_for, cast, school):
    last_month = last_full_month_end()  # the panel counts whole months that have ended, never today
    for _ in range(7):
        CaseFactory(counselor=cast["konselor"], student=StudentFactory(school=school), category=Category.SOSIAL,
                    opened_on=last_month)
    CaseFactory(counselor=cast["konselor"], student=StudentFactory(school=school, full_name="Fajar Nugroho"),
                category=Category.KARIER, opened_on=last_month)
    CaseFactory(counselor=cast["konselor"], student=StudentFactory(school=school), category=Category.KARIER,
                opened_on=timezone.localdate())  # opened in this month: not counted before the month ends
    html = client_for("kepala").get(reverse("home")).content.decode()
    assert 'id="home-figures-table"' in html and reverse("reports:figures") in html
    assert "Fajar Nugroho" not in html
    rows = html.split('id="home-figures-table"')[1]
    assert "<td class=\"text-end\">5</td>" in rows.split("Sosial")[1].split("</tr>")[0]  # 7 shows as 5
    assert "&lt; 5" in rows.split("Karier")[1].split("</tr>")[0]
    assert "<td class=\"text-end\">0</td>" not in rows  # a zero shows as "< 5" too


def test_the_home_panel_counts_the_current_semester_up_to_the_end_of_the_last_full_month(cast, school):
    year = school_year(school, 2026)
    year.semester = "ganjil"
    year.save()
    panel = semester_so_far(cast["kepala"], today=datetime.date(2026, 11, 14))
    assert (panel.start, panel.end) == (datetime.date(2026, 7, 1), datetime.date(2026, 10, 31))
    early = semester_so_far(cast["kepala"], today=datetime.date(2026, 7, 10))  # no month of it has ended yet
    assert (early.start, early.end) == (datetime.date(2026, 6, 1), datetime.date(2026, 6, 30))


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


# Whole months only: one case opened on one day cannot be singled out (the reviewer's repro) ----------

ONE_DAY = {"span": "custom", "start": "2026-10-20", "end": "2026-10-20"}


@pytest.mark.parametrize("name", ["reports:figures", "reports:figures_pdf", "reports:figures_xlsx"])
def test_a_period_from_a_date_to_a_date_is_refused_for_the_de_identified_figures(client_for, november, name):
    response = client_for("kepala").get(reverse(name), {**ONE_DAY, "year": november["year"].pk})
    assert response.status_code == 400
    html = response.content.decode()
    assert "hanya untuk satu bulan atau satu semester penuh" in html
    assert 'id="cases_by_category"' not in html and response["Content-Type"].startswith("text/html")



def test_the_de_identified_figures_themselves_refuse_anything_but_whole_months_that_have_ended(cast, november):
    """The rule holds below the forms: whoever builds the figures (a page, a file, the worker, a panel)."""
    from bkcase.exceptions import DomainError
    from reports.figures import Period, school_figures

    kepala, year = cast["kepala"], november["year"]
    last = last_full_month_end()
    this_month = last + datetime.timedelta(days=1)
    for start, end in [(datetime.date(2026, 10, 20), datetime.date(2026, 10, 20)),  # one day
                       (datetime.date(2026, 10, 1), datetime.date(2026, 10, 20)),  # part of a month
                       (this_month, this_month.replace(day=28))]:  # a month not ended yet
        with pytest.raises(DomainError):
            school_figures(kepala, Period(start=start, end=end, year=year, kind="custom"))
    whole = school_figures(kepala, Period(start=last.replace(day=1), end=last, year=year, kind="month"))
    assert whole["cases"]

def test_the_background_job_refuses_a_period_from_a_date_to_a_date_too(client_for, november):
    from reports.models import ReportJob

    response = client_for("kepala").post(reverse("reports:job_create"),
                                         {**ONE_DAY, "year": november["year"].pk, "kind": "deidentified_figures",
                                          "format": "pdf"})
    assert response.status_code in (302, 400) and not ReportJob.objects.exists()


def test_the_coordinators_named_report_keeps_its_period_from_a_date_to_a_date(client_for, november):
    response = client_for("koordinator").get(reverse("reports:period"), {**ONE_DAY, "year": november["year"].pk})
    assert response.status_code == 200


def test_a_month_or_a_semester_not_ended_is_cut_at_the_end_of_the_last_full_month(client_for, cast, school):
    today = timezone.localdate()
    year = school_year(school, today.year if today.month >= 7 else today.year - 1)
    this_month = client_for("kepala").get(reverse("reports:figures"),
                                          {"span": "month", "year": year.pk, "month": today.month})
    assert this_month.status_code == 400
    assert "hanya untuk bulan yang sudah berakhir" in this_month.content.decode()
    semester = "ganjil" if today.month >= 7 else "genap"
    response = client_for("kepala").get(reverse("reports:figures"),
                                        {"span": "semester", "year": year.pk, "semester": semester})
    last = last_full_month_end()
    if year.semester_dates(semester)[0] <= last:
        assert response.status_code == 200 and response.context["period"].end == last
    else:
        assert response.status_code == 400


def test_no_table_singles_out_the_one_case_of_a_month(client_for, cast, school):
    """One girl of class XI with a psychotropics case, opened 20 October 2026, is the only case of
    October: every cell of every case table shows "< 5", so no row tells her category, class, sex or
    source."""
    year = school_year(school, 2026)
    girl = StudentFactory(school=school, full_name="Citra Dewi", sex="P")
    enrol(girl, school_class(year, "XI IPA 1"))
    CaseFactory(counselor=cast["konselor"], student=girl, category=Category.PSIKOTROPIKA,
                opened_on=datetime.date(2026, 10, 20), source="orang_tua")
    response = client_for("kepala").get(reverse("reports:figures"), {"span": "month", "year": year.pk, "month": 10})
    assert response.status_code == 200
    tables = {table.key: table for section in response.context["sections"] for table in section["tables"]}
    for key in ("cases_by_category", "cases_by_level", "cases_by_sex", "cases_by_source", "cases_per_month"):
        cells = {cell for row in [*tables[key].rows, tables[key].total] for cell in row.cells}
        assert cells == {SMALL}, (key, cells)
        assert tables[key].chart == "", key  # nothing to draw: no picture of an empty chart
    assert "Citra Dewi" not in response.content.decode()
