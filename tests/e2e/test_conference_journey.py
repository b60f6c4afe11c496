"""The whole case-conference journey in the browser, one context per person (R4, R5, S3); the
counselor works on a phone (390 px: nothing wider than the screen, each print button reached from the
page's menu)."""

from urllib.parse import urljoin

import pytest

from .conftest import PHONE, assert_accessible, assert_fits, follow, print_pdf, reach_from_menu, record_consent
from .test_roles import login

pytestmark = pytest.mark.e2e


def as_user(browser, live_server, username, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, live_server, username)
    return page


def save(page, button="Simpan"):
    page.get_by_role("button", name=button, exact=True).first.click()


def advance(page, stage):
    page.get_by_role("button", name="Maju ke tahap berikutnya").click()
    page.get_by_text(f"Tahap sekarang: {stage}.").wait_for()
    assert_fits(page)


def test_a_conference_from_planning_to_closed(browser, live_server, demo, axe):
    from django.utils import timezone

    from bkcase.models import Case

    today = timezone.localdate().isoformat()  # approved before its date, held on it (R4)
    case = Case.objects.get(title="Gejala depresi berkepanjangan")
    counselor = as_user(browser, live_server, "konselor", viewport=PHONE)
    counselor.goto(f"{live_server.url}/cases/{case.pk}/")
    counselor.get_by_role("link", name="Rencanakan konferensi kasus").first.click()
    counselor.get_by_label("Pokok bahasan").fill("Menarik diri dan sering menangis")
    counselor.get_by_label("Atas prakarsa").select_option("wali_kelas")
    counselor.get_by_label("Mengapa konferensi kasus").fill("Konseling individual belum cukup; perlu keterangan orang tua.")
    counselor.get_by_label("Menambah informasi tentang klien").check()
    counselor.get_by_label("Pengentasan").check()
    counselor.locator("#id_held_on").fill(today)
    counselor.locator("#id_starts_at").fill("09:00")
    counselor.get_by_label("Tempat").fill("Ruang BK")
    assert_accessible(axe, counselor)
    save(counselor, "Simpan rencana")
    counselor.get_by_text("direncanakan").wait_for()
    record_consent(counselor, "2026-11-16")
    code = counselor.locator("h1").inner_text().split(":")[0]
    assert case.student.full_name not in counselor.content()  # R5: the code, not the name

    # Invite the parent (with an account) and the homeroom teacher (signs on paper).
    for name, role, account in [("Agus Prasetyo", "orang_tua", "Agus Prasetyo"), ("Suparmi, S.Pd.", "wali_kelas", None)]:
        counselor.get_by_text("Undang peserta").click()
        counselor.locator("#id_participant-group").select_option("a")
        counselor.locator("#id_participant-role").select_option(role)
        counselor.locator("#id_participant-name").fill(name)
        if account:
            counselor.locator("#id_participant-account").select_option(label=account)
        counselor.get_by_role("button", name="Undang", exact=True).click()
        counselor.get_by_text("Peserta ditambahkan.").wait_for()
    counselor.locator("tr", has_text="Suparmi").get_by_role("button", name="Pernyataan kerahasiaan ditandatangani (kertas)").click()
    counselor.get_by_role("button", name="Ajukan persetujuan kepala sekolah").click()
    counselor.get_by_text("Persetujuan kepala sekolah telah diminta.").wait_for()
    assert_accessible(axe, counselor)

    # The principal declines with a reason.
    principal = as_user(browser, live_server, "kepala")
    follow(principal.get_by_role("link", name=code).first)
    assert_accessible(axe, principal)
    principal.locator("#id_decision-comment").fill("Jadwalkan setelah ujian semester.")
    principal.get_by_role("button", name="Tolak").click()
    principal.get_by_text("Konferensi ditolak.").wait_for()

    # The counselor sees why, changes the time, asks again; the principal approves.
    counselor.reload()
    assert "Jadwalkan setelah ujian semester." in counselor.content()
    counselor.locator("#id_starts_at").fill("13:00")
    save(counselor)
    counselor.get_by_text("Tersimpan.").wait_for()
    counselor.get_by_role("button", name="Ajukan persetujuan kepala sekolah").click()
    principal.goto(f"{live_server.url}/")
    principal.get_by_role("link", name=code).first.click()
    principal.get_by_role("button", name="Setujui").click()
    principal.get_by_text("Konferensi disetujui.").wait_for()

    # The parent acknowledges confidentiality, then reads the conference.
    parent = as_user(browser, live_server, "peserta")
    follow(parent.get_by_role("link", name="Baca dan setujui kerahasiaan").first)
    assert_accessible(axe, parent)
    parent.get_by_role("button", name="Saya berkomitmen menjaga kerahasiaannya").click()
    parent.get_by_text("Menarik diri dan sering menangis").first.wait_for()
    assert case.student.full_name not in parent.content()

    # The counselor holds it: attendance, minutes; evaluation; analysis; actions; report; closed.
    counselor.reload()
    advance(counselor, "Pelaksanaan")
    for select in counselor.locator("select[name$='-attended']").all():
        form = select.locator("xpath=ancestor::form")
        select.select_option("true")
        form.locator("textarea[name$='-commitment']").fill("Mendampingi klien")
        form.get_by_role("button", name="Simpan").click()
        counselor.get_by_text("Tersimpan.").wait_for()
    counselor.locator("#id_minutes_opening").fill("Dibuka oleh pemimpin; asas kerahasiaan diingatkan.")
    counselor.locator("#id_minutes_counselor_data").fill("Data absensi dan AUM.")
    counselor.locator("#id_minutes_positive_sides").fill("Ramah dan rajin.")
    counselor.locator("#id_minutes_background").fill("Kurang pendampingan di rumah.")
    counselor.locator("#id_minutes_leader_conclusion").fill("Perlu pendampingan keluarga.")
    save(counselor)
    counselor.get_by_text("Tersimpan.").wait_for()
    advance(counselor, "Evaluasi")
    for select in counselor.locator("select[name$='-committed']").all():
        select.select_option("true")
        select.locator("xpath=ancestor::form").get_by_role("button", name="Simpan").click()
        counselor.get_by_text("Tersimpan.").wait_for()
    counselor.locator("#id_meaningful_data").select_option("true")
    counselor.locator("#id_evaluation_note").fill("Data keluarga baru.")
    save(counselor)
    advance(counselor, "Analisis hasil evaluasi")
    counselor.locator("#id_analysis_note").fill("Penanganan terkoordinasi.")
    save(counselor)
    advance(counselor, "Tindak lanjut")
    counselor.get_by_text("Tambah tindak lanjut").click()
    counselor.locator("#id_action-responsible").select_option(label="Agus Prasetyo (Orang tua atau wali)")
    counselor.locator("#id_action-what").fill("Mendampingi belajar setiap sore")
    counselor.locator("#id_action-due_on").fill("2026-12-15")
    counselor.get_by_role("button", name="Tambah", exact=True).click()
    counselor.get_by_text("Tindak lanjut ditambahkan.").wait_for()
    advance(counselor, "Pelaporan")
    for label in ("Undangan dengan daftar peserta (PDF)", "Daftar hadir (PDF)", "Notulen (PDF)",
                  "Laporan konferensi (PDF)"):
        reach_from_menu(counselor, "Dokumen", label)
    for name in ("undangan", "daftar-hadir", "notulen", "laporan"):
        print_pdf(counselor, urljoin(counselor.url, f"{name}.pdf"))
    counselor.reload()
    counselor.locator("#id_report_filed_on").fill(today)
    save(counselor)
    advance(counselor, "Selesai")
    assert_accessible(axe, counselor)
