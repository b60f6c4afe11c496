"""The roster import (R14): a preview of what will be created, updated and left alone, every row's
problem in plain Indonesian before anything is written, one transaction, idempotent, matched by
NISN else NIS, and never a deleted student."""

import datetime
import os

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bkcase import services as core_services
from bkcase.models import AuditEvent, Enrolment, SchoolClass, Student
from rosters import services
from rosters.models import ImportStatus, RosterImport

from ..endpoints import changed_tables, snapshot
from ..factories import StudentFactory, enrol, school_class
from .conftest import HEADERS, csv_bytes, student_row, upload, xlsx_bytes

pytestmark = pytest.mark.r14


def preview(client, content, name="siswa.csv"):
    response = client.post(reverse("rosters:upload"), {"file": upload(content, name)})
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client.get(response.url)
    return RosterImport.objects.order_by("-pk").first(), page.content.decode()


def apply(client, roster_import, deactivate_missing=False):
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    digest = page.split('name="digest" value="')[1].split('"')[0]
    data = {"digest": digest, **({"deactivate_missing": "on"} if deactivate_missing else {})}
    return client.post(reverse("rosters:apply", args=[roster_import.pk]), data, follow=True)


def count(page, kind):
    return int(page.split(f'data-count="{kind}">')[1].split("<")[0])


def test_the_preview_shows_what_will_be_added_and_nothing_is_written_before_the_import(client_for, year):
    client = client_for("koordinator")
    before = snapshot()
    roster_import, page = preview(client, csv_bytes([student_row(n) for n in range(5)]))
    assert (count(page, "create"), count(page, "update"), count(page, "unchanged"), count(page, "problems")) == (
        5, 0, 0, 0)
    assert "Siswa Nomor 3" in page
    assert changed_tables(before, snapshot()) == ["rosters.RosterImport"]

    done = apply(client, roster_import)
    assert "5 ditambahkan" in done.content.decode()
    student = Student.objects.get(nisn="0090000003")
    assert (student.full_name, student.sex, student.date_of_birth, student.guardian_name, student.guardian_relation) \
        == ("Siswa Nomor 3", "P", datetime.date(2010, 5, 17), "Ayah 3", "Ayah")
    assert Enrolment.objects.get(student=student).school_class.name == "X 1"
    assert set(SchoolClass.objects.filter(year=year).values_list("name", flat=True)) == {"X 1", "X 2", "XI IPA 1"}
    assert AuditEvent.objects.filter(object_type="rosters.rosterimport", action="create",
                                     student_id__isnull=False).count() == 5


def test_importing_the_same_file_again_changes_nothing(client_for, year):
    client = client_for("operator")
    content = xlsx_bytes([student_row(n) for n in range(6)])
    first, _ = preview(client, content, "siswa.xlsx")
    apply(client, first)
    before = snapshot()
    second, page = preview(client, content, "siswa.xlsx")
    assert (count(page, "create"), count(page, "update"), count(page, "unchanged")) == (0, 0, 6)
    assert "tidak mengubah apa pun" in page
    apply(client, second)
    assert changed_tables(before, snapshot()) == ["rosters.RosterImport"]


def test_students_are_matched_by_nisn_else_by_nis(client_for, school, year):
    by_nisn = StudentFactory(school=school, nis="111", nisn="0090000001", full_name="Nama Lama")
    by_nis = StudentFactory(school=school, nis="26002", nisn="", full_name="Tanpa NISN")
    client = client_for("koordinator")
    rows = [student_row(1, NIS="26001"), student_row(2)]  # the first one's NIS changed in Dapodik
    roster_import, page = preview(client, csv_bytes(rows))
    assert (count(page, "create"), count(page, "update")) == (0, 2)
    apply(client, roster_import)
    by_nisn.refresh_from_db()
    by_nis.refresh_from_db()
    assert (by_nisn.nis, by_nisn.full_name) == ("26001", "Siswa Nomor 1")
    assert by_nis.nisn == "0090000002"
    assert Student.objects.count() == 2


BAD_ROWS = [
    ({"NISN": "009000001"}, "NISN", "NISN harus 10 angka; yang ini 9 angka."),
    ({"Tanggal Lahir": "2010/17/05"}, "Tanggal Lahir", "Format tanggal tidak dikenal"),
    ({"Tanggal Lahir": "31-02-2010"}, "Tanggal Lahir", "Format tanggal tidak dikenal"),
    ({"JK": "X"}, "JK", "bukan jenis kelamin"),
    ({"Rombel": "Kelas Unggulan"}, "Rombel", "bukan rombel yang dikenali"),
    ({"Nama": ""}, "Nama", "Kosong"),
    ({"NIS": "26A01"}, "NIS", "hanya boleh berisi angka"),
    ({"Nama": "=HYPERLINK(\"http://x\")"}, "Nama", "berisi rumus"),
    ({"Tanggal Lahir": "17-05-2999"}, "Tanggal Lahir", "di masa depan"),
]


@pytest.mark.parametrize("change, column, message", BAD_ROWS, ids=[c for c, *_ in map(lambda b: (b[1],), BAD_ROWS)])
def test_a_bad_row_is_named_with_its_row_column_and_what_is_wrong_and_nothing_is_imported(
        client_for, year, change, column, message):
    client = client_for("koordinator")
    rows = [student_row(0), student_row(1, **change), student_row(2)]
    roster_import, page = preview(client, csv_bytes(rows))
    problems = page[page.index('id="problems"'):]
    row = problems[problems.index("<tr><td>3</td>"):]
    row = row[:row.index("</tr>")]
    assert f"<td>{column}</td>" in row and message in row, row
    assert 'name="digest"' not in page  # no import button
    response = client.post(reverse("rosters:apply", args=[roster_import.pk]), {"digest": "x" * 32}, follow=True)
    assert "tidak ada yang diimpor" in response.content.decode().lower() or "berubah" in response.content.decode()
    assert Student.objects.count() == 0


def test_a_duplicate_nis_in_the_file_is_named_on_its_second_row(client_for, year):
    client = client_for("koordinator")
    rows = [student_row(0), student_row(1), student_row(2, NIS="26000")]
    _, page = preview(client, csv_bytes(rows))
    assert "<tr><td>4</td><td>NIS</td><td>NIS 26000 juga ada di baris 2.</td></tr>" in page


def test_a_row_whose_nisn_and_nis_name_two_students_is_a_problem(client_for, school, year):
    StudentFactory(school=school, nis="500", nisn="0090000001", full_name="Ani")
    StudentFactory(school=school, nis="26001", nisn="", full_name="Budi")
    _, page = preview(client_for("koordinator"), csv_bytes([student_row(1)]))
    assert "NISN 0090000001 milik Ani, tetapi NIS 26001 milik siswa lain, Budi." in page


def test_an_nisn_excel_stored_as_a_number_gets_its_leading_zeros_back(client_for, year):
    client = client_for("koordinator")
    content = xlsx_bytes([student_row(1, NISN=90000001, NIS=26001)])
    roster_import, page = preview(client, content, "siswa.xlsx")
    assert count(page, "problems") == 0
    apply(client, roster_import)
    assert Student.objects.get().nisn == "0090000001"


def test_dapodiks_title_lines_above_the_header_are_skipped(client_for, year):
    client = client_for("koordinator")
    headers = ["No", "Nama", "NIPD", "JK", "NISN", "Tempat Lahir", "Tanggal Lahir", "Rombel Saat Ini"]
    rows = [{"No": n, "Nama": f"Siswa {n}", "NIPD": f"77{n}", "JK": "L", "NISN": f"{n:010d}", "Tempat Lahir": "Kudus",
             "Tanggal Lahir": datetime.date(2010, 1, n + 1), "Rombel Saat Ini": "Kelas 10 MIPA 1"} for n in range(1, 4)]
    content = xlsx_bytes(rows, headers, above=[["Daftar Peserta Didik"], ["SMA Negeri 1 Uji"], []])
    roster_import, page = preview(client, content, "dapodik.xlsx")
    assert count(page, "create") == 3 and count(page, "problems") == 0
    apply(client, roster_import)
    assert Enrolment.objects.filter(school_class__name="X MIPA 1").count() == 3


def test_headers_that_differ_are_mapped_by_the_user_before_the_preview(client_for, year):
    client = client_for("koordinator")
    headers = ["Siswa", "Nomor", "Kelamin", "Kls"]
    content = csv_bytes([{"Siswa": "Dina", "Nomor": "3001", "Kelamin": "P", "Kls": "XI IPS 2"}], headers)
    roster_import, page = preview(client, content)
    assert "Kolom berkas" in page and 'data-count="create"' not in page
    response = client.post(reverse("rosters:mapping", args=[roster_import.pk]), {
        "full_name": "0", "nis": "1", "sex": "2", "class_name": "3", "version": roster_import.version})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert count(page, "create") == 1
    # a required field left out, or one column for two fields, is refused on the form
    response = client.post(reverse("rosters:mapping", args=[roster_import.pk]), {
        "full_name": "0", "nis": "0", "sex": "2", "class_name": "3", "version": roster_import.version + 1})
    assert response.status_code == 400 and "Satu kolom berkas hanya dapat berisi satu isian." in response.content.decode()


def test_students_missing_from_the_file_are_marked_inactive_only_when_asked_and_never_deleted(
        client_for, cast, school, year):
    gone = StudentFactory(school=school, nis="999", full_name="Sudah Pindah")
    case = core_services.case_open(by=cast["konselor"], student=gone, category="belajar", title="x")
    client = client_for("koordinator")
    roster_import, page = preview(client, csv_bytes([student_row(1)]))
    assert "Tandai 1 siswa aktif yang tidak ada dalam berkas ini tidak aktif" in page
    apply(client, roster_import)  # not asked: stays active
    gone.refresh_from_db()
    assert gone.active
    roster_import, _ = preview(client, csv_bytes([student_row(1)]))
    apply(client, roster_import, deactivate_missing=True)
    gone.refresh_from_db()
    assert not gone.active and Student.objects.filter(pk=gone.pk).exists()
    case.refresh_from_db()
    assert case.student_id == gone.pk


def test_an_import_is_refused_when_the_data_changed_since_its_preview(client_for, school, year):
    client = client_for("koordinator")
    roster_import, page = preview(client, csv_bytes([student_row(1), student_row(2)]))
    digest = page.split('name="digest" value="')[1].split('"')[0]
    StudentFactory(school=school, nis="26001", nisn="", full_name="Baru Ditambah")
    response = client.post(reverse("rosters:apply", args=[roster_import.pk]), {"digest": digest}, follow=True)
    assert "Data sekolah berubah sejak pratinjau" in response.content.decode()
    assert Student.objects.count() == 1


def test_a_class_moved_in_the_file_moves_the_students_enrolment(client_for, school, year):
    student = StudentFactory(school=school, nis="26001", nisn="0090000001")
    enrol(student, school_class(year, "X 1"))
    client = client_for("koordinator")
    roster_import, page = preview(client, csv_bytes([student_row(1, Rombel="X 2", **{
        "Nama": student.full_name, "JK": student.sex, "Tanggal Lahir": "17-05-2009"})]))
    assert count(page, "update") == 1
    apply(client, roster_import)
    assert Enrolment.objects.get(student=student).school_class.name == "X 2"


def zipped(name):
    """A zip archive that is no workbook."""
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "halo")
    return buffer.getvalue()


@pytest.mark.s21
@pytest.mark.parametrize("name, content, message", [
    ("siswa.pdf", b"%PDF-1.4 not a roster", "Unggah buku kerja Excel (.xlsx) atau berkas CSV (.csv)."),
    ("siswa.xlsx", b"%PDF-1.4 a pdf renamed", "Berkas ini bukan buku kerja Excel (.xlsx)."),
    ("siswa.xlsx", zipped("bukan-excel.txt"), "Berkas Excel ini tidak dapat dibaca"),
    ("siswa.csv", b"", "Berkas yang dikirimkan kosong."),
    ("siswa.csv", os.urandom(5 * 1024 * 1024 + 1024), "lebih besar dari 5 MB"),
    ("siswa.csv", os.urandom(4096), "Berkas ini bukan berkas teks CSV."),
    ("siswa.xlsx", os.urandom(4096), "Berkas ini bukan buku kerja Excel (.xlsx)."),
    ("siswa.csv", b"Nama,NIS,JK,Rombel\n", "tidak ada siswa di bawahnya"),
])
def test_a_broken_file_is_refused_with_a_clear_message_and_nothing_is_imported(client_for, year, name, content,
                                                                                message):
    client = client_for("koordinator")
    before = snapshot()
    response = client.post(reverse("rosters:upload"), {"file": upload(content, name)})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page, page[page.find("invalid-feedback") - 200:page.find("invalid-feedback") + 400]
    assert changed_tables(before, snapshot()) == []


@pytest.mark.s21
def test_formulas_in_cells_are_refused_row_by_row_and_nothing_is_imported(client_for, year):
    client = client_for("koordinator")
    rows = [student_row(0, Nama="=1+1"), student_row(1, NIS="=A1*2"), student_row(2)]
    roster_import, page = preview(client, xlsx_bytes(rows), "siswa.xlsx")
    assert count(page, "problems") == 2 and "berisi rumus" in page
    assert Student.objects.count() == 0


def test_without_a_current_school_year_the_import_says_what_to_do_first(client_for, school):
    response = client_for("koordinator").post(reverse("rosters:upload"),
                                              {"file": upload(csv_bytes([student_row(1)]))})
    assert response.status_code == 400 and "Belum ada tahun ajaran berjalan" in response.content.decode()


@pytest.mark.s2
def test_the_preview_runs_the_same_queries_for_5_and_50_rows(client_for, school, year):
    for n in range(60):
        StudentFactory(school=school, nis=f"{26000 + n}", nisn=f"{90000000 + n:010d}", full_name=f"Lama {n}")
    client = client_for("koordinator")
    counts = []
    for size in (5, 50):
        roster_import, _ = preview(client, csv_bytes([student_row(n) for n in range(size)]))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(reverse("rosters:detail", args=[roster_import.pk]))
        assert page.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


@pytest.mark.s1
def test_an_import_is_seen_only_by_the_one_who_uploaded_it(client_for, year):
    roster_import, _ = preview(client_for("koordinator"), csv_bytes([student_row(1)]))
    assert client_for("operator").get(reverse("rosters:detail", args=[roster_import.pk])).status_code == 404
    assert client_for("konselor").get(reverse("rosters:upload")).status_code == 403
    response = client_for("orang_luar").post(reverse("rosters:apply", args=[roster_import.pk]), {"digest": "x"})
    assert response.status_code == 404
    assert Student.objects.count() == 0


def test_a_large_import_is_written_by_the_background_worker_with_its_progress(client_for, year, settings):
    settings.ROSTER_BACKGROUND_FROM = 10
    client = client_for("koordinator")
    roster_import, _ = preview(client, csv_bytes([student_row(n) for n in range(30)]))
    response = apply(client, roster_import)
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.QUEUED and Student.objects.count() == 0
    assert 'id="roster-job"' in response.content.decode() and "js/job-progress.js" in response.content.decode()
    state = client.get(reverse("rosters:status", args=[roster_import.pk])).json()
    assert (state["status"], state["finished"]) == ("queued", False)
    services.roster_run(roster_import.pk)
    state = client.get(reverse("rosters:status", args=[roster_import.pk])).json()
    assert (state["status"], state["percent"], state["finished"]) == ("done", 100, True)
    assert Student.objects.count() == 30
    roster_import.refresh_from_db()
    assert not roster_import.file  # the uploaded file is not kept once imported


def test_the_template_has_the_headers_the_import_recognises(client_for):
    from io import BytesIO

    from openpyxl import load_workbook

    response = client_for("operator").get(reverse("rosters:template"))
    sheet = load_workbook(BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_an_uploaded_roster_never_imported_is_deleted_after_a_day(client_for, year):
    from datetime import timedelta

    from django.utils import timezone

    client = client_for("koordinator")
    old, _ = preview(client, csv_bytes([student_row(1)]))
    path = old.file.path
    RosterImport.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    preview(client, csv_bytes([student_row(2)]))
    old.refresh_from_db()
    assert not old.file and not os.path.exists(path)
    response = client.get(reverse("rosters:detail", args=[old.pk]), follow=True)
    assert "Berkas yang diunggah sudah tidak disimpan" in response.content.decode()
