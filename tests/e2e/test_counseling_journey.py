"""The counselor's working record in the browser (R12): a session recorded, a home visit planned with
its notice printed, the visit written up with its berita acara printed, both in the case's chronology."""

import datetime

import pytest

from .conftest import assert_accessible, print_pdf
from .test_roles import login

pytestmark = [pytest.mark.e2e, pytest.mark.r12]


def print_button(page, name):
    form = page.get_by_role("button", name=name).locator("xpath=ancestor::form")
    return print_pdf(page, form.get_attribute("action"))


def test_counselor_records_a_session_plans_a_home_visit_prints_its_letters_and_sees_them(page, live_server, demo,
                                                                                      axe):
    from bkcase.models import Case

    case = Case.objects.get(title="Bingung memilih jurusan kuliah")
    login(page, live_server, "konselor")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert_accessible(axe, page)

    page.get_by_role("link", name="Konseling individual", exact=True).click()
    page.get_by_label("Masalah yang dibahas").fill("Ragu antara jurusan seni rupa dan kedokteran.")
    page.get_by_label("Pendekatan atau teknik").fill("Konseling karier: trait and factor")
    page.get_by_label("Catatan", exact=True).fill("Klien menimbang minatnya pada seni; akan berbicara dengan ayah.")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("dicatat.").wait_for()
    assert_accessible(axe, page)

    page.get_by_role("link", name=case.code).first.click()
    page.get_by_role("link", name="Kunjungan rumah", exact=True).click()
    visit_day = datetime.date.today() + datetime.timedelta(days=3)
    page.get_by_label("Tanggal kunjungan").fill(visit_day.isoformat())
    page.get_by_label("Waktu").fill("15:30")
    page.get_by_label("Petugas yang berkunjung").fill("Rina Kartikasari (Guru BK)")
    page.get_by_label("Keperluan kunjungan (dicetak pada surat pemberitahuan)").fill("Silaturahmi dan koordinasi.")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Kunjungan rumah dicatat.").wait_for()
    notice = print_button(page, "Cetak: Surat pemberitahuan kunjungan rumah")
    assert 'filename="pemberitahuan-kunjungan-rumah-' in notice.headers["content-disposition"]

    # after the visit: who was met and what was seen, then the berita acara
    page.get_by_role("link", name="Koreksi").click()
    page.get_by_label("Yang ditemui").fill("Bapak Setiawan (ayah)")
    page.get_by_label("Hasil pengamatan: keadaan rumah dan keluarga").fill("Ayah mendukung pilihan anak.")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_text("Kunjungan rumah disimpan.").wait_for()
    record = print_button(page, "Cetak: Berita acara kunjungan rumah")
    assert 'filename="berita-acara-kunjungan-rumah-' in record.headers["content-disposition"]

    page.goto(f"{live_server.url}/cases/{case.pk}/")
    chronology = page.locator("ol.chronology")
    chronology.get_by_text("Klien menimbang minatnya pada seni").wait_for()
    chronology.get_by_text("Ayah mendukung pilihan anak.").wait_for()
    assert chronology.get_by_text("direncanakan").count() >= 1
