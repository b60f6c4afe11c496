"""The monthly and semester BK report (laporan bulanan / semester): each figure against the month
counted by hand in conftest.py, the counselor's covering only their caseload, the page, its PDF and
its Excel workbook, and who may open it."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from bkcase.models import AuditEvent
from reports.figures import period_figures
from reports.period_form import ReportPeriodForm

pytestmark = [pytest.mark.r12, pytest.mark.r13, pytest.mark.r14, pytest.mark.s2]


def filename_of(response):
    return response["Content-Disposition"].split('filename="')[1].rstrip('"')


def tables_of(membership, query):
    form = ReportPeriodForm(query, years=membership.school.school_years.all())
    assert form.is_valid(), form.errors
    sections = period_figures(membership, form.cleaned_data["period"])
    return {table.key: table for tables in sections.values() for table in tables}


def column(table, name):
    return dict(zip([row.key for row in table.rows], table.column(name), strict=True))


def test_the_coordinators_cases_by_category_class_level_sex_and_source(cast, november_query):
    t = tables_of(cast["koordinator"], november_query)
    category = t["cases_by_category"]
    assert (category.value("belajar", "opened"), category.value("belajar", "closed"),
            category.value("belajar", "open")) == (3, 1, 2)
    assert (category.value("sosial", "closed"), category.value("psikotropika", "open")) == (1, 1)
    assert category.value("pribadi", "opened") + category.value("pribadi", "closed") == 0  # c4 ended in October
    assert category.total.cells == [3, 2, 3]
    level = t["cases_by_level"]
    assert [row.key for row in level.rows] == [10, 11]
    assert level.rows[0].cells == [2, 2, 1] and level.rows[1].cells == [1, 0, 2]
    sex = t["cases_by_sex"]
    assert sex.value("P", "opened") == 2 and sex.value("P", "closed") == 1 and sex.value("P", "open") == 3
    assert sex.value("L", "opened") == 1 and sex.value("L", "closed") == 1 and sex.value("L", "open") == 0
    source = column(t["cases_by_source"], "opened")
    assert (source["wali_kelas"], source["sendiri"], source["konselor"], source["orang_tua"]) == (1, 1, 1, 0)
    assert t["cases_by_source"].value("", "closed") == 1  # c5: where it came from was not recorded


def test_the_months_of_the_school_year_so_far(cast, november_query):
    trend = tables_of(cast["koordinator"], november_query)["cases_per_month"]
    assert [row.label for row in trend.rows][0].startswith(("July", "Juli"))
    assert len(trend.rows) == 5  # July to November
    assert column(trend, "opened")[trend.rows[-1].key] == 3
    assert [row.cells for row in trend.rows[2:]] == [[1, 0], [2, 1], [3, 2]]  # Sep (c4), Oct (c3 and c5 opened, c4 closed), Nov


def test_the_services_given_by_kind_and_per_counselor(cast, november_query):
    t = tables_of(cast["koordinator"], november_query)
    kinds = t["services_by_kind"]
    assert column(kinds, "given") == {"konseling_individual": 3, "konseling_kelompok": 1, "konsultasi": 1,
                                      "kunjungan_rumah": 1, "panggilan_orang_tua": 0}
    assert kinds.value("konseling_kelompok", "students") == 2  # one group session, two members
    assert kinds.total.cells == [6, 4]  # Ani, Bayu, Citra, Eka
    counselors = t["services_per_counselor"]
    assert [row.label for row in counselors.rows] == ["Budi Uji", "Rina Uji"]
    assert counselors.rows[0].cells == [1, 0, 0, 0, 0]
    assert counselors.rows[1].cells == [2, 1, 1, 1, 0]


def test_the_referrals_by_expert_kind_stage_result_and_their_days(cast, november_query):
    t = tables_of(cast["koordinator"], november_query)
    kinds = t["referrals_by_expert_kind"]
    assert kinds.value("psikolog", "referrals") == 1 and kinds.value("psikolog", "tuntas") == 1  # r4 is October's
    assert kinds.value("dokter", "none") == 1 and kinds.value("guru", "sebagian") == 1
    assert column(t["referrals_by_stage"], "referrals") == {
        "perencanaan": 1, "pelaksanaan": 0, "evaluasi": 0, "analisis": 1, "tindak_lanjut": 0, "pelaporan": 0,
        "selesai": 1, "dibatalkan": 0}
    assert column(t["referrals_by_result"], "referrals") == {"tuntas": 1, "sebagian": 1, "belum": 0, "": 1}
    days = t["referral_days"]
    assert days.rows[0].cells == [1, 13.0, 13.0, 13.0]  # c3 opened 20 Oct, r1 on 2 Nov; r2 follows r1
    assert days.rows[1].cells == [2, 3.0, 2.0, 4.0]  # 4 days (r1) and 2 days (r3)
    assert days.rows[2].cells == [1, 12.0, 12.0, 12.0]  # r1's report came back on 17 Nov, 12 days after the handover
    assert days.extra == {"handed_over": 2, "with_report": 1}


def test_a_referral_recorded_before_its_case_opened_has_no_wait_to_count(cast, november_query):
    from bkcase.models import Case

    Case.objects.filter(category="psikotropika").update(opened_on="2026-11-05")  # after r1 started, on 2 Nov
    days = tables_of(cast["koordinator"], november_query)["referral_days"]
    assert days.rows[0].cells == [0, None, None, None]


def test_the_conferences_held_successful_and_their_action_items(cast, november_query):
    t = tables_of(cast["koordinator"], november_query)
    assert column(t["conferences"], "n") == {"proposed": 3, "held": 2, "succeeded": 1}
    assert column(t["action_items"], "n") == {"due": 4, "on_time": 1, "late": 1, "open": 1, "dropped": 1}


def test_the_evaluations_due_done_and_missed(cast, november_query):
    evaluations = tables_of(cast["koordinator"], november_query)["evaluations"]
    assert evaluations.total.cells == [5, 2, 1, 1, 1]
    assert evaluations.value("laiseg", "due") == 3


def test_a_counselors_report_counts_only_their_caseload(cast, november_query):
    t = tables_of(cast["konselor"], november_query)
    assert t["cases_by_category"].total.cells == [2, 2, 2]  # without Budi's c6
    assert t["services_by_kind"].value("konseling_individual", "given") == 2
    assert [row.label for row in t["services_per_counselor"].rows] == ["Rina Uji"]
    assert t["evaluations"].total.cells == [4, 1, 1, 1, 1]
    budi = tables_of(cast["konselor_lain"], november_query)
    assert budi["cases_by_category"].total.cells == [1, 0, 1]
    assert budi["referrals_by_stage"].total.cells == [0]  # r4 started in October
    assert budi["conferences"].value("held", "n") == 0


def test_a_semester_runs_from_july_to_december(cast, november):
    form = ReportPeriodForm({"span": "semester", "year": november["year"].pk, "semester": "ganjil"},
                            years=november["year"].school.school_years.all())
    assert form.is_valid()
    period = form.cleaned_data["period"]
    assert (period.start.isoformat(), period.end.isoformat()) == ("2026-07-01", "2026-12-31")
    t = {table.key: table for tables in period_figures(cast["koordinator"], period).values() for table in tables}
    assert t["cases_by_category"].total.cells == [6, 3, 3]  # every case opened from July; c2, c4, c5 closed


def test_the_page_shows_the_tables_and_their_charts_and_is_audited(client_for, cast, november_query):
    page = client_for("koordinator").get(reverse("reports:period"), november_query)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="cases_by_category"' in html and 'id="services_per_counselor"' in html
    assert html.count('src="data:image/svg+xml;base64,') == 5
    for name in ("Ani Lestari", "5001", "KS-"):
        assert name not in html
    assert AuditEvent.objects.filter(object_type="reports.period", action="view",
                                     object_id="2026-11-01..2026-11-30").count() == 1


def test_an_invalid_period_is_shown_back_with_a_message(client_for, november):
    page = client_for("koordinator").get(reverse("reports:period"),
                                         {"span": "custom", "start": "2026-11-30", "end": "2026-11-01"})
    assert page.status_code == 400
    assert "alert-danger" in page.content.decode()


def test_the_pdf_is_a_letter_with_the_figures(client_for, cast, november_query):
    response = client_for("koordinator").get(reverse("reports:period_pdf"), november_query)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for expected in ("SMA NEGERI 1 UJI", "LAPORAN PELAKSANAAN LAYANAN BIMBINGAN DAN KONSELING", "Nomor",
                     "November 2026", "Kasus menurut kategori", "Mengetahui", "Kepala Sekolah", "Koordinator BK",
                     "Dewi Uji"):
        assert expected in text, expected
    assert "Ani Lestari" not in text
    exported = AuditEvent.objects.filter(object_type="reports.period", action="export")
    assert [(row.object_id, row.student_id) for row in exported] == [(filename_of(response), None)]


def test_the_excel_has_a_sheet_per_table_with_numbers(client_for, november_query):
    response = client_for("koordinator").get(reverse("reports:period_xlsx"), november_query)
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[0] == "Ringkasan"
    assert len(workbook.sheetnames) == 1 + 14
    sheet = workbook["Kasus menurut kategori"]
    rows = {row[0]: row[1:] for row in sheet.iter_rows(min_row=4, values_only=True)}
    assert rows["Jumlah"] == (3, 2, 3)
    assert all(isinstance(value, int) for value in rows["Jumlah"])


@pytest.mark.r10
def test_a_counselors_pdf_is_signed_by_the_counselor(client_for, november_query):
    response = client_for("konselor").get(reverse("reports:period_pdf"), november_query)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Guru BK / Konselor" in text and "Rina Uji" in text and "Kasus binaan Rina Uji" in text


@pytest.mark.s1
@pytest.mark.s4
@pytest.mark.parametrize("who", ["operator", "peserta", "walikelas", "kepala"])
def test_roles_without_the_named_report_are_refused(client_for, who, november_query):
    for name in ("reports:period", "reports:period_pdf", "reports:period_xlsx"):
        assert client_for(who).get(reverse(name), november_query).status_code == 403


def test_another_schools_coordinator_counts_nothing_of_this_school(client_for, november_query):
    page = client_for("orang_luar").get(reverse("reports:period"), {**november_query, "year": ""})
    # the other school's years are not offered: this school's year is not a valid choice
    assert page.status_code == 400
    page = client_for("orang_luar").get(reverse("reports:period"),
                                        {"span": "custom", "start": "2026-11-01", "end": "2026-11-30"})
    assert page.status_code == 200
    assert '<td class="text-end fw-semibold">3</td>' not in page.content.decode()


# Periods that used to give a 500, and a custom span outside its school year --------------------------

@pytest.mark.s21
@pytest.mark.parametrize("who, name", [("koordinator", "reports:period"), ("koordinator", "reports:period_xlsx"),
                                       ("kepala", "reports:figures"), ("kepala", "reports:figures_xlsx")])
def test_a_semester_without_its_semester_is_the_school_years_current_one(client_for, november, who, name):
    year = november["year"]
    year.semester = "ganjil"
    year.save()
    response = client_for(who).get(reverse(name), {"span": "semester", "year": year.pk})
    assert response.status_code == 200
    if name.endswith("xlsx"):
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    else:
        assert response.context["period"].start.isoformat() == "2026-07-01"
        assert response.context["period"].label == "semester ganjil 2026/2027"


@pytest.mark.s21
def test_a_semester_job_without_its_semester_is_described_by_the_current_one(client_for, november):
    from reports.jobs import job_description
    from reports.models import ReportJob

    response = client_for("koordinator").post(reverse("reports:job_create"),
                                              {"span": "semester", "year": november["year"].pk,
                                               "kind": "period_report", "format": "pdf"})
    job = ReportJob.objects.get()
    assert response.status_code == 302 and job_description(job) == "semester ganjil 2026/2027"
    assert client_for("koordinator").get(reverse("reports:job", args=[job.pk])).status_code == 200


@pytest.mark.s21
@pytest.mark.parametrize("start, end", [("9999-01-01", "9999-12-31"), ("1900-01-01", "1900-01-31"),
                                        ("2100-12-31", "2101-01-02")])
@pytest.mark.parametrize("who, name", [("koordinator", "reports:period"), ("koordinator", "reports:period_pdf"),
                                       ("kepala", "reports:figures")])
def test_dates_outside_2000_to_2100_are_refused_with_a_message(client_for, november, who, name, start, end):
    response = client_for(who).get(reverse(name), {"span": "custom", "start": start, "end": end})
    assert response.status_code == 400
    message = "Pilih tanggal antara tahun 2000 dan 2100." if who == "koordinator" else "satu semester penuh"
    assert message in response.content.decode()


def test_a_period_from_a_date_to_a_date_lies_inside_its_school_year(cast, november):
    years = november["year"].school.school_years.all()
    outside = ReportPeriodForm({"span": "custom", "year": november["year"].pk, "start": "2026-06-15",
                                "end": "2026-07-15"}, years=years)
    assert not outside.is_valid()
    assert "di luar tahun ajaran 2026/2027" in str(outside.errors)
    inside = ReportPeriodForm({"span": "custom", "year": november["year"].pk, "start": "2026-07-01",
                               "end": "2027-06-30"}, years=years)
    assert inside.is_valid(), inside.errors
    without_year = ReportPeriodForm({"span": "custom", "start": "2026-06-15", "end": "2026-07-15"}, years=years)
    assert without_year.is_valid(), without_year.errors


def test_the_trend_runs_from_the_school_years_first_day(cast, november_query):
    trend = tables_of(cast["koordinator"], november_query)["cases_per_month"]
    assert [row.key.isoformat() for row in trend.rows] == ["2026-07-01", "2026-08-01", "2026-09-01",
                                                          "2026-10-01", "2026-11-01"]
    assert trend.column("opened") == [0, 0, 1, 2, 3] and trend.column("closed") == [0, 0, 0, 1, 2]


@pytest.mark.r2
@pytest.mark.r16
def test_cancelled_records_are_not_started_nor_proposed_and_an_alleged_offenders_wait_is_not_counted(
        cast, november_cancelled_and_criminal, november_query):
    """conftest.py november_cancelled_and_criminal: r5 and k4 cancelled, r6 on c7 (alleged offender)."""
    t = tables_of(cast["koordinator"], november_query)
    assert column(t["referrals_by_stage"], "referrals") == {
        "perencanaan": 1, "pelaksanaan": 1, "evaluasi": 0, "analisis": 1, "tindak_lanjut": 0, "pelaporan": 0,
        "selesai": 1, "dibatalkan": 1}  # r5 only here, in its own row
    assert column(t["referrals_by_result"], "referrals") == {"tuntas": 1, "sebagian": 1, "belum": 0, "": 2}  # r2, r6
    kinds = t["referrals_by_expert_kind"]
    assert kinds.value("guru", "referrals") == 1 and kinds.total.cells[0] == 4  # r1, r2, r3, r6: not r5
    assert t["referral_days"].rows[0].cells == [1, 13.0, 13.0, 13.0]  # r1 only: r6's 16 days waited for R2
    assert column(t["conferences"], "n") == {"proposed": 3, "held": 2, "succeeded": 1}  # k4 cancelled


@pytest.mark.r2
def test_the_must_refer_signal_leaves_out_an_alleged_offender_not_yet_processed(cast, november_cancelled_and_criminal):
    import datetime

    from reports.signals import must_refer_cases_not_referred

    cases = set(must_refer_cases_not_referred(cast["koordinator"], datetime.date(2026, 11, 30)))
    data = november_cancelled_and_criminal
    assert data["c9"] in cases and data["c8"] not in cases and data["c7"] not in cases


@pytest.mark.parametrize("month, held, succeeded", [(11, 2, 1), (12, 0, 0)])
def test_the_conference_recap_and_the_period_report_count_the_same_held_and_successful_conferences(
        cast, november, month, held, succeeded):
    """One rule (conferences/models.py ConferenceQuerySet): k3, proposed 25 November for 10 December
    and still in planning, is proposed in November's report, listed (scheduled, not held) in
    December's recap, and held in neither month."""
    import datetime

    from reports.conference_recap import recap_conferences, recap_rows, recap_summary

    t = tables_of(cast["koordinator"], {"span": "month", "year": november["year"].pk, "month": month})
    assert column(t["conferences"], "n") == {"proposed": 3 if month == 11 else 0, "held": held,
                                             "succeeded": succeeded}
    start = datetime.date(2026, month, 1)
    end = datetime.date(2026, 11, 30) if month == 11 else datetime.date(2026, 12, 31)
    rows = recap_rows(recap_conferences(cast["koordinator"], start, end))
    assert sorted(row.code for row in rows) == (["KK-1", "KK-2"] if month == 11 else ["KK-3"])
    (_held, held_n), _evaluated, (_successful, successful_n) = recap_summary(rows)["outcome"]
    assert (held_n, successful_n) == (held, succeeded)


def test_a_conferences_outcome_is_counted_in_sql_as_conference_succeeded_says_it(november):
    from conferences.models import Conference

    counted = {c.code: c for c in Conference.objects.filter(code__in=["KK-1", "KK-2", "KK-3"]).with_outcome()}
    assert {code: (c.present, c.present_uncommitted, c.successful) for code, c in counted.items()} == {
        "KK-1": (2, 0, True), "KK-2": (1, 1, False), "KK-3": (0, 0, None)}
    for conference in Conference.objects.filter(code__in=["KK-1", "KK-2"]):
        assert conference.succeeded() == counted[conference.code].successful


def test_the_evaluations_are_counted_in_one_query_without_loading_the_answers(cast, november):
    import datetime

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from evaluations.models import Evaluation
    from evaluations.report import period_counts, period_report

    evaluations = Evaluation.objects.all()
    start, end = datetime.date(2026, 11, 1), datetime.date(2026, 11, 30)
    with CaptureQueriesContext(connection) as captured:
        rows = period_counts(evaluations, start, end)
    assert len(captured.captured_queries) == 1 and "answers" not in captured.captured_queries[0]["sql"]
    assert {row.kind: (row.due, row.on_time, row.late, row.missed, row.open) for row in rows} == {
        "laiseg": (3, 2, 0, 0, 1), "laijapen": (1, 0, 1, 0, 0), "laijapan": (1, 0, 0, 1, 0)}
    assert rows == period_report(evaluations, start, end)["rows"]  # the evaluations report's own counts


def test_a_cancelled_conference_is_never_successful_in_the_recap_nor_in_the_report(
        cast, november_cancelled_and_criminal):
    import datetime

    from conferences.models import Conference, Participant
    from reports.conference_recap import recap_conferences, recap_rows, recap_summary

    k4 = Conference.objects.get(code="KK-4")  # cancelled, dated 3 December
    Conference.objects.filter(pk=k4.pk).update(meaningful_data=True)
    Participant.objects.create(conference=k4, group="a", role="orang_tua", name="Peserta", attended=True,
                               committed=True)
    rows = recap_rows(recap_conferences(cast["koordinator"], datetime.date(2026, 12, 1), datetime.date(2026, 12, 31)))
    assert sorted(row.code for row in rows) == ["KK-3", "KK-4"]
    (_held, held_n), _evaluated, (_successful, successful_n) = recap_summary(rows)["outcome"]
    assert (held_n, successful_n) == (0, 0)
    t = tables_of(cast["koordinator"], {"span": "month", "year": november_cancelled_and_criminal["year"].pk,
                                        "month": 12})
    assert column(t["conferences"], "n") == {"proposed": 0, "held": 0, "succeeded": 0}
