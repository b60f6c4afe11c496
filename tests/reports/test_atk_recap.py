"""The ATK recap (a report, R10): the referrals of a period counted and listed, on the page, as PDF in the
letter format and as Excel. Text is read back from the PDF with pypdf."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from bkcase.models import AuditEvent
from bkcase.workflow import Stage
from referrals.models import Effectiveness, ExpertKind, Referral
from reports import atk_recap

from ..factories import CaseFactory, ExpertFactory, StudentFactory, bulk_referrals, school_year
from ..referrals.test_documents import build_referral, pdf_pages, pdf_text

# The period recap ------------------------------------------------------------------------------


@pytest.fixture
def thirty(school, cast, konselor):
    """30 referrals of two counselors, to four kinds of expert, in every stage."""
    experts = [
        ExpertFactory(school=school, kind=kind, name=f"Ahli {kind}")
        for kind in [ExpertKind.PSIKOLOG, ExpertKind.DOKTER, ExpertKind.GURU, ExpertKind.AHLI_BIDANG]
    ]
    counselors = [konselor, cast["konselor_lain"]]
    stages = [*Stage.values]
    referrals = []
    for i in range(30):
        counselor = counselors[i % 3 == 0]  # 10 for konselor_lain, 20 for konselor
        case = CaseFactory(
            counselor=counselor, student=StudentFactory(school=school, full_name=f"Siswa Nomor {i + 1:02d}")
        )
        referrals.append(
            build_referral(
                case,
                experts[i % 4],
                counselor,
                code=f"ATK-2026-{i + 1:04d}",
                stage=stages[i % len(stages)],
                effectiveness=[Effectiveness.TUNTAS, Effectiveness.SEBAGIAN, ""][i % 3],
            )
        )
    return Referral.objects.filter(school=school)


def counts(pairs):
    return {str(label): count for label, count in pairs}


@pytest.mark.r10
def test_recap_counts_by_stage_expert_kind_counselor_and_effectiveness(thirty):
    with translation.override("id"):
        summary = atk_recap.recap_summary(thirty)
        assert summary["total"] == 30
        assert counts(summary["by_stage"]) == {
            "Perencanaan": 4,
            "Pelaksanaan": 4,
            "Evaluasi": 4,
            "Analisis hasil evaluasi": 4,
            "Tindak lanjut": 4,
            "Pelaporan": 4,
            "Selesai": 3,
            "Dibatalkan": 3,
        }
        assert counts(summary["by_expert_kind"]) == {
            "Dokter": 8,
            "Psikiater": 0,
            "Psikolog": 8,
            "Guru / dosen": 7,
            "Konselor lain": 0,
            "Ahli bidang tertentu": 7,
        }
        assert counts(summary["by_counselor"]) == {"Budi Uji": 10, "Rina Uji": 20}
        by_effectiveness = counts(summary["by_effectiveness"])
        assert (by_effectiveness["Tuntas"], by_effectiveness["Tuntas sebagian"], by_effectiveness["Belum tuntas"]) == (
            10,
            10,
            0,
        )
        assert sum(by_effectiveness.values()) == 30
        assert [str(title) for title, _counts in summary["tables"]] == [
            "Menurut tahap",
            "Menurut jenis ahli",
            "Menurut konselor",
            "Menurut keefektifan",
        ]


@pytest.mark.r10
def test_recap_queries_do_not_grow_with_the_number_of_referrals(thirty):
    with CaptureQueriesContext(connection) as queries:
        rows = atk_recap.recap_rows(thirty)
        atk_recap.recap_summary(thirty)
    assert len(rows) == 30
    assert len(queries) <= 5
    assert [row.code for row in rows] == [f"ATK-2026-{i:04d}" for i in range(1, 31)]
    assert rows[0].student_name == "Siswa Nomor 01" and rows[0].counselor_name == "Budi Uji"


@pytest.mark.r10
def test_recap_pdf_lists_every_referral_with_the_counts(thirty, school, cast):
    pdf = atk_recap.recap_pdf(
        thirty,
        school=school,
        start=datetime.date(2026, 7, 1),
        end=datetime.date(2026, 11, 30),
        scope="Semua konselor",
        signed_by=cast["koordinator"],
    )
    pages = pdf_pages(pdf)
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert "RAHASIA" in text
        assert f"Halaman {number} dari {len(pages)}" in text
    text = "\n".join(pages)
    for expected in [
        "REKAPITULASI ALIH TANGAN KASUS",
        "1 Juli 2026 s.d. 30 November 2026",
        "Semua konselor",
        "Menurut tahap",
        "Menurut jenis ahli",
        "Menurut konselor",
        "Menurut keefektifan",
        "Mengetahui,",
        "Kepala Sekolah",
        f"NIP. {school.principal_nip}",
        "Koordinator BK",
        "Dewi Uji",
    ]:
        assert expected in text, expected
    for i in range(1, 31):
        assert f"ATK-2026-{i:04d}" in text
        assert f"Siswa Nomor {i:02d}" in text


@pytest.mark.r10
def test_recap_xlsx_has_the_counts_and_a_row_per_referral(thirty, school):
    content = atk_recap.recap_xlsx(
        thirty, school=school, start=datetime.date(2026, 7, 1), end=datetime.date(2026, 11, 30), scope="Rina Uji"
    )
    workbook = load_workbook(BytesIO(content))
    assert workbook.sheetnames == ["Rekap", "Daftar ATK"]
    recap = workbook["Rekap"]
    assert recap["A1"].value == "REKAPITULASI ALIH TANGAN KASUS"
    labels = {row[0]: row[1] for row in recap.iter_rows(values_only=True) if row[0]}
    assert labels["Periode"] == "1 Juli 2026 s.d. 30 November 2026"
    assert labels["Lingkup"] == "Rina Uji"
    assert labels["Jumlah ATK"] == 30
    assert labels["Psikolog"] == 8 and labels["Budi Uji"] == 10 and labels["Perencanaan"] == 4
    rows = workbook["Daftar ATK"]
    assert rows.freeze_panes == "A2"
    assert rows["A1"].font.b and rows["B1"].value == "Kode ATK"
    assert rows.max_row == 31
    assert rows.column_dimensions["D"].width == 30
    assert rows["B2"].value == "ATK-2026-0001" and rows["D2"].value == "Siswa Nomor 01"
    assert isinstance(rows["C2"].value, datetime.datetime)
    assert rows["I2"].value == "Perencanaan"


@pytest.mark.r10
@pytest.mark.s20
def test_a_formula_typed_as_a_name_stays_text_in_the_workbook(school, konselor, expert):
    student = StudentFactory(school=school, full_name='=HYPERLINK("http://contoh.invalid","klik")')
    build_referral(CaseFactory(counselor=konselor, student=student), expert, konselor)
    content = atk_recap.recap_xlsx(
        Referral.objects.filter(school=school),
        school=school,
        start=datetime.date(2026, 11, 1),
        end=datetime.date(2026, 11, 30),
        scope="Semua konselor",
    )
    cell = load_workbook(BytesIO(content))["Daftar ATK"]["D2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://contoh.invalid","klik")'


@pytest.mark.r10
def test_a_counselors_own_recap_of_an_empty_period_says_so_and_is_signed_by_the_counselor(school, konselor):
    text = pdf_text(
        atk_recap.recap_pdf(
            Referral.objects.none(),
            school=school,
            start=datetime.date(2026, 1, 1),
            end=datetime.date(2026, 6, 30),
            scope="Semua konselor",
            signed_by=konselor,
        )
    )
    assert "Tidak ada alih tangan kasus pada periode ini." in text
    assert "RAHASIA" in text
    assert "Guru BK / Konselor" in text and f"NIP. {konselor.nip}" in text
    assert "Koordinator BK" not in text


# The page ---------------------------------------------------------------------------------------

QUERY = "start=2000-01-01&end=2099-12-31"


@pytest.fixture
def forty(konselor, expert):
    return bulk_referrals(konselor, expert, 40)


def test_the_recap_page_lists_its_referrals_page_by_page(forty, client_for):
    page = client_for("konselor").get(f"{reverse('reports:atk_recap')}?{QUERY}").content.decode()
    assert "ATK-MASSAL-00000" in page and "ATK-MASSAL-00039" not in page
    second = client_for("konselor").get(f"{reverse('reports:atk_recap')}?{QUERY}&page=2").content.decode()
    assert "ATK-MASSAL-00039" in second


def test_a_small_period_is_still_downloaded_at_once(forty, client_for):
    response = client_for("konselor").get(f"{reverse('reports:atk_recap_pdf')}?{QUERY}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="rekap-atk-20000101-20991231.pdf"' in response["Content-Disposition"]


def test_the_list_of_referrals_links_to_the_recap(client_for):
    page = client_for("konselor").get(reverse("referrals:referral_list")).content.decode()
    assert reverse("reports:atk_recap") in page


@pytest.mark.s8
def test_the_recap_page_records_a_view_of_each_student_it_names(forty, client_for):
    client_for("konselor").get(f"{reverse('reports:atk_recap')}?{QUERY}")
    viewed = AuditEvent.objects.filter(action="view", object_type="referrals.recap", student_id__isnull=False)
    shown = {referral.case.student_id for referral in forty[:25]}  # the first page, oldest first
    assert set(viewed.values_list("student_id", flat=True)) == shown


@pytest.mark.s8
@pytest.mark.s11
def test_a_downloaded_recap_appears_in_the_access_log_of_every_student_in_it(forty, client_for):
    client = client_for("konselor")
    client.get(f"{reverse('reports:atk_recap_xlsx')}?{QUERY}")
    students = {referral.case.student_id for referral in forty}
    exported = AuditEvent.objects.filter(action="export", object_type="referrals.recap", username="konselor")
    assert set(exported.values_list("student_id", flat=True)) == students
    student = forty[7].case.student
    coordinator = client_for("koordinator")
    searched = coordinator.post(reverse("access_log"), {"nis": student.nis, "start": "2026-01-01", "end": "2099-12-31"})
    assert "referrals.recap" in coordinator.get(searched["Location"]).content.decode()


@pytest.mark.s2
def test_a_counselors_recap_holds_only_their_own_referrals(forty, cast, expert, client_for):
    bulk_referrals(cast["konselor_lain"], expert, 3, prefix="LAIN")
    content = client_for("konselor").get(f"{reverse('reports:atk_recap_xlsx')}?{QUERY}").content
    codes = [row[1] for row in load_workbook(BytesIO(content))["Daftar ATK"].iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 40 and not any(code.startswith("ATK-LAIN") for code in codes)
    content = client_for("koordinator").get(f"{reverse('reports:atk_recap_xlsx')}?{QUERY}").content
    assert load_workbook(BytesIO(content))["Daftar ATK"].max_row == 44


@pytest.mark.s4
def test_the_principal_cannot_open_the_atk_recap(client_for):
    assert client_for("kepala").get(reverse("reports:atk_recap")).status_code == 403


# By school year (R14) -----------------------------------------------------------------------------


@pytest.fixture
def two_years(school, forty):
    """Last year (2025/2026) and this one (2026/2027, current, odd semester); one referral made in
    last year's even semester, the forty others now (December 2026)."""
    from bkcase.models import SchoolYear

    last = school_year(school, 2025, current=False)
    this = school_year(school, 2026, current=True)
    assert this.semester == SchoolYear._meta.get_field("semester").default == "ganjil"
    Referral.objects.filter(pk=forty[0].pk).update(created_at=timezone.make_aware(datetime.datetime(2026, 3, 10, 9)))
    return last, this


@pytest.mark.r14
def test_the_recap_opens_on_the_current_school_years_semester(two_years, client_for):
    _last, this = two_years
    page = client_for("konselor").get(reverse("reports:atk_recap")).content.decode()
    assert f'<option value="{this.pk}" selected>2026/2027</option>' in page
    assert 'value="2026-07-01"' in page and 'value="2026-12-31"' in page
    assert "ATK-MASSAL-00001" in page and "ATK-MASSAL-00000" not in page  # March belongs to last year


@pytest.mark.r14
def test_a_school_year_without_dates_covers_the_whole_year(two_years, client_for):
    last, _this = two_years
    response = client_for("konselor").get(reverse("reports:atk_recap"), {"school_year": last.pk})
    page = response.content.decode()
    assert "1 Juli 2025" in page or "1 Jul 2025" in page
    assert "ATK-MASSAL-00000" in page and "ATK-MASSAL-00001" not in page
    content = client_for("konselor").get(reverse("reports:atk_recap_xlsx"), {"school_year": last.pk}).content
    codes = [row[1] for row in load_workbook(BytesIO(content))["Daftar ATK"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["ATK-MASSAL-00000"]


@pytest.mark.r14
def test_a_period_outside_the_chosen_school_year_is_refused_with_a_message(two_years, client_for):
    last, _this = two_years
    response = client_for("konselor").get(reverse("reports:atk_recap"),
                                          {"school_year": last.pk, "start": "2026-07-01", "end": "2026-12-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "di luar tahun ajaran 2025/2026" in page and "ATK-MASSAL-00001" not in page


@pytest.mark.r14
def test_another_schools_year_is_not_a_choice(two_years, cast, client_for):
    elsewhere = school_year(cast["orang_luar"].school, 2025)
    page = client_for("konselor").get(reverse("reports:atk_recap"), {"school_year": elsewhere.pk}).content.decode()
    assert "ATK-MASSAL-00001" not in page and "ATK-MASSAL-00000" not in page


@pytest.mark.r14
def test_a_background_recap_keeps_the_school_year_it_was_asked_for(two_years, konselor, client_for):
    from reports import jobs
    from reports.models import ReportJob

    last, _this = two_years
    client_for("konselor").post(reverse("reports:job_create"),
                                {"kind": "atk_recap", "format": "xlsx", "school_year": last.pk, "start": "", "end": ""})
    job = ReportJob.objects.get()
    assert job.params == {"school_year": str(last.pk), "start": "2025-07-01", "end": "2026-06-30"}
    jobs.job_build(job.pk)
    job.refresh_from_db()
    codes = [row[1] for row in load_workbook(BytesIO(job.file.read()))["Daftar ATK"].iter_rows(min_row=2, values_only=True)]
    assert codes == ["ATK-MASSAL-00000"] and job.filename == "rekap-atk-20250701-20260630.xlsx"
