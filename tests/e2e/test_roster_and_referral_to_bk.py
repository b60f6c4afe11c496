"""The coordinator imports a roster of 1,000 students, written by the background worker while the
page shows its progress (R14); then the homeroom teacher refers a student to BK and the counselor
accepts it into a case (R15)."""

import csv
import io
import time

import pytest

from bkcase.models import Case, Student
from intake.models import BkReferral
from rosters.models import RosterImport

from .conftest import assert_accessible, follow
from .test_recap_progress import start_worker  # noqa: F401 - the fixture
from .test_roles import login

pytestmark = [pytest.mark.e2e, pytest.mark.r14, pytest.mark.r15]


def roster(rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Nama", "NIS", "NISN", "JK", "Tanggal Lahir", "Rombel"])
    for n in range(rows):
        writer.writerow([f"Siswa Baru {n:04d}", f"7{n:05d}", f"{3_000_000_000 + n}", "LP"[n % 2], "17-05-2010",
                         f"X {1 + n % 8}"])
    return buffer.getvalue().encode()


def test_the_coordinator_imports_a_thousand_students_then_a_teacher_refers_one_and_the_counselor_accepts(
    page, live_server, demo, axe, start_worker, tmp_path  # noqa: F811
):
    before = Student.objects.count()
    path = tmp_path / "siswa-baru.csv"
    path.write_bytes(roster(1000))

    login(page, live_server, "koordinator")
    page.goto(f"{live_server.url}/rosters/")
    page.get_by_label("Berkas data siswa (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    page.wait_for_url("**/rosters/*/")
    assert page.locator('[data-count="create"]').text_content() == "1000"
    assert page.locator('[data-count="problems"]').text_content() == "0"
    assert_accessible(axe, page)
    assert Student.objects.count() == before  # nothing written by the preview

    page.get_by_role("button", name="Impor").click()
    label = page.locator("[data-job-label]")
    assert label.text_content() == "Menunggu giliran"
    assert page.locator("[data-job-progress]").get_attribute("value") == "0"
    assert_accessible(axe, page)

    start_worker()
    result = page.locator("[data-job-result]")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not result.count():
        page.wait_for_timeout(200)
    assert "1000 siswa ditambahkan" in result.text_content()
    assert page.locator("[data-job-progress]").get_attribute("value") == "100"
    assert Student.objects.count() == before + 1000
    assert RosterImport.objects.get().created == 1000

    # the homeroom teacher refers a student of her class
    page.context.clear_cookies()
    login(page, live_server, "walikelas")
    page.get_by_role("link", name="Rujuk siswa ke BK").click()
    page.get_by_label("Siswa").select_option(label="Siswa Baru 0000 (X 1)")
    page.get_by_label("Apa yang Anda amati").fill("Sering tertidur di kelas pada jam pertama.")
    page.get_by_label("Sejak kapan").fill("2026-11-02")
    page.get_by_label("Apa yang sudah Anda lakukan").fill("Sudah ditegur dan diajak bicara.")
    page.get_by_label("Seberapa mendesak").select_option(label="Segera: minggu ini")
    follow(page.get_by_role("button", name="Kirim ke BK"))
    assert page.get_by_text("sudah dikirim ke BK").is_visible()
    assert_accessible(axe, page)
    referral = BkReferral.objects.get(student__nis="700000")
    row = page.locator(f'[data-referral="{referral.pk}"]')
    assert "diterima" in row.text_content() and "Rina" in row.text_content()

    # X 1 is konselor's class: the referral waits on her home page; she accepts it into a new case
    page.context.clear_cookies()
    login(page, live_server, "konselor")
    inbox = page.locator("section", has=page.locator("#bk-inbox-heading"))
    assert "Siswa Baru 0000" in inbox.text_content()
    follow(inbox.locator("tr", has_text="Siswa Baru 0000").get_by_role("link"))
    assert page.get_by_text("Sering tertidur di kelas pada jam pertama.").is_visible()
    assert_accessible(axe, page)
    page.get_by_label("Kategori masalah").select_option(value="belajar")
    page.get_by_label("Masalah singkat").fill("Sering tertidur di kelas")
    page.get_by_role("button", name="Terima rujukan").click()
    page.wait_for_url("**/cases/*/")
    case = Case.objects.get(student__nis="700000")
    assert case.source == "wali_kelas" and case.counselor.user.username == "konselor"
    assert page.get_by_role("heading", name="Dirujuk ke BK oleh").is_visible()
    assert page.get_by_role("link", name="dirujuk ke BK oleh Suparmi S.Pd. (wali kelas)").is_visible()
