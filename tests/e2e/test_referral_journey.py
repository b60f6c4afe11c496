"""A referral from planning to closed in the browser, as konselor on a phone (390 px: nothing wider than
the screen, each print button reached from the page's menu); the recap as koordinator."""

import datetime
from urllib.parse import urljoin

import pytest

from .conftest import PHONE, assert_accessible, assert_fits, follow, print_pdf, reach_from_menu, record_consent
from .test_roles import login

pytestmark = pytest.mark.e2e


def assert_pdf(page, button_name, filename_start, **fields):
    """Print the PDF behind a print button, in the browser's session, as the user's click would."""
    form = page.get_by_role("button", name=button_name).locator("xpath=ancestor::form")
    response = print_pdf(page, form.get_attribute("action"), **fields)
    assert f'filename="{filename_start}' in response.headers["content-disposition"]


def save_stage(page):
    page.get_by_role("button", name="Simpan", exact=True).click()
    page.get_by_text("Tersimpan.").wait_for()


def advance(page, next_stage):
    page.get_by_role("button", name="Maju ke tahap berikutnya").click()
    page.get_by_text(f"Tahap sekarang: {next_stage}.").wait_for()
    assert_fits(page)


def test_counselor_walks_a_referral_from_planning_to_closed(page, live_server, demo, axe):
    from bkcase.models import Case

    case = Case.objects.get(title="Bingung memilih jurusan kuliah")
    page.set_viewport_size(PHONE)
    login(page, live_server, "konselor")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    follow(page.get_by_role("link", name="Alihtangankan ke ahli"))
    assert_accessible(axe, page)

    # A forged attempt to refer to the police is refused with the reason.
    page.evaluate(
        "() => { const s = document.querySelector('#id_kind'); const o = new Option('Polisi', 'polisi'); s.add(o); s.value = 'polisi'; }"
    )
    page.get_by_label("Masalah yang dialihtangankan").fill("Bingung memilih jurusan; perlu tes minat bakat.")
    page.get_by_role("button", name="Mulai ATK").click()
    page.get_by_text("Polisi bukan tujuan ATK").first.wait_for()

    page.get_by_label("Jenis ahli").select_option("psikolog")
    page.locator("#id_expert").select_option(label="Nurul Fadhilah, M.Psi., Psikolog — Biro Psikologi Cerdas Mandiri (Psikolog)")
    page.get_by_label("Pengembangan dan pemeliharaan").check()
    page.get_by_role("button", name="Mulai ATK").click()
    page.get_by_text("dimulai: tahap perencanaan").wait_for()
    assert_accessible(axe, page)

    # Planning: consent, and a positive answer from the expert (R3).
    record_consent(page, "2026-11-10")
    page.get_by_label("Alternatif yang ditawarkan kepada klien").fill("Psikolog; tes minat bakat di sekolah")
    page.get_by_label("Pilihan klien").fill("Psikolog")
    save_stage(page)
    page.get_by_text("Catat kontak dengan ahli").click()
    page.get_by_label("Tanggal kontak").fill("2026-11-11")
    page.get_by_label("Saluran").select_option("telepon")
    page.get_by_label("Tanggapan").select_option("positif")
    page.get_by_role("button", name="Catat kontak").click()
    page.get_by_text("Kontak dengan ahli dicatat.").wait_for()
    assert_fits(page)
    reach_from_menu(page, "Surat", "Surat pengantar kepada ahli (PDF)")
    assert_pdf(page, "Cetak: Surat pengantar kepada ahli (PDF)", "surat-pengantar-ATK-")
    advance(page, "Pelaksanaan")

    page.get_by_label("Rencana dikomunikasikan kepada").fill("Orang tua dan wali kelas")
    page.get_by_label("Rencana dikomunikasikan pada").fill("2026-11-12")
    page.get_by_label("Tanggal serah terima").fill("2026-11-13")
    page.get_by_label("Tanggal klien bertemu ahli").fill("2026-11-14")
    save_stage(page)
    advance(page, "Evaluasi")

    page.get_by_label("Keterangan klien").fill("Klien lebih yakin memilih jurusan.")
    page.get_by_label("Laporan ahli (rujukan balik)").fill("Minat dominan: seni rupa dan desain.")
    page.get_by_label("Evaluasi konselor terhadap masalah").fill("Keraguan klien berkurang.")
    save_stage(page)
    advance(page, "Analisis hasil evaluasi")

    page.get_by_label("Keefektifan").select_option("tuntas")
    page.get_by_label("Alasan").fill("Klien menetapkan pilihan jurusan.")
    save_stage(page)
    advance(page, "Tindak lanjut")

    page.get_by_label("Keputusan tindak lanjut").select_option("konselor")
    save_stage(page)
    advance(page, "Pelaporan")

    # the report names its recipient when it is printed (and keeps that content with its number)
    reach_from_menu(page, "Surat", "Laporan ATK (PDF)")
    page.get_by_label("Disampaikan kepada (dicetak pada laporan)").fill("Kepala Sekolah dan orang tua")
    assert_pdf(page, "Cetak: Laporan ATK (PDF)", "laporan-atk-ATK-", recipient="Kepala Sekolah dan orang tua")
    page.reload()
    page.get_by_label("Laporan disampaikan pada").fill("2026-11-20")
    page.get_by_label("Laporan diarsipkan pada").fill("2026-11-21")
    save_stage(page)
    advance(page, "Selesai")
    assert_accessible(axe, page)


def test_coordinator_prints_the_recap(page, live_server, demo, axe):
    login(page, live_server, "koordinator")
    page.get_by_role("link", name="ATK", exact=True).click()
    page.get_by_role("link", name="Rekap per periode").click()
    # the demo's referrals started in the last four weeks; the period stays inside the current school year
    today = datetime.date.today()
    year_start = datetime.date(today.year if today.month >= 7 else today.year - 1, 7, 1)
    page.get_by_label("Dari").fill(max(today - datetime.timedelta(days=40), year_start).isoformat())
    page.get_by_label("Sampai").fill(today.isoformat())
    page.get_by_role("button", name="Tampilkan").click()
    page.get_by_text("ATK-2026-0001").first.wait_for()
    assert_accessible(axe, page)
    recap = page.request.get(urljoin(page.url, page.get_by_role("link", name="Unduh PDF").get_attribute("href")))
    assert recap.ok and recap.headers["content-type"] == "application/pdf" and recap.body().startswith(b"%PDF")
    xlsx = page.request.get(urljoin(page.url, page.get_by_role("link", name="Unduh Excel").get_attribute("href")))
    assert xlsx.ok and "spreadsheetml" in xlsx.headers["content-type"]
    assert xlsx.body()[:2] == b"PK"
