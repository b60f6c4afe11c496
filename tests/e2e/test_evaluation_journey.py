"""R13 in the browser: the counselor records a session with its Laiseg, says the case's services have
ended, and two weeks later (the clock moved on) finds the Laijapen due on the home page, fills it, and
finds it in the case's chronology."""

import datetime

import pytest
from django.utils import timezone

from .conftest import assert_accessible, follow
from .test_roles import login

pytestmark = [pytest.mark.e2e, pytest.mark.r13]


def answer(page, levels):
    for key, level in levels.items():
        page.locator(f"input[name={key}_level][value={level}]").check()


def test_counselor_evaluates_a_session_now_and_two_weeks_later(page, live_server, demo, axe, monkeypatch):
    from bkcase.models import Case

    case = (Case.objects.filter(counselor__user__username="konselor", closed_on__isnull=True)
            .exclude(evaluations__isnull=False).order_by("pk").first())
    login(page, live_server, "konselor")

    # A session, and its Laiseg offered on the session's page
    page.goto(f"{live_server.url}/cases/{case.pk}/services/new/konseling_individual/")
    page.locator("#id_problem").fill("Sering terlambat masuk kelas.")
    page.locator("#id_notes").fill("Klien bercerita tentang kebiasaan tidurnya.")
    page.get_by_role("button", name="Simpan", exact=True).click()
    follow(page.get_by_role("link", name="Isi sekarang"))
    assert_accessible(axe, page)
    answer(page, {"understanding": "penuh", "comfort": "sebagian", "action": "sebagian"})
    page.locator("#id_action_note").fill("Tidur sebelum pukul sepuluh.")
    page.get_by_role("button", name="Simpan penilaian").click()
    page.get_by_text("Laiseg (penilaian segera) dicatat.").wait_for()

    # The services end today: the Laijapen and the Laijapan are scheduled
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.get_by_text("Layanan kasus ini sudah berakhir").click()
    page.get_by_role("button", name="Jadwalkan Laijapen dan Laijapan").click()
    page.get_by_text("Dijadwalkan:").wait_for()

    # Two weeks later the Laijapen is due today on the home page
    real_now = timezone.now
    later = datetime.timedelta(days=14)
    monkeypatch.setattr(timezone, "now", lambda: real_now() + later)
    page.context.clear_cookies()
    login(page, live_server, "konselor")
    due = page.locator("#evaluations-due-heading").locator("xpath=ancestor::section")
    item = due.locator("li", has_text=case.code).filter(has_text="Laijapen")
    item.get_by_text("hari ini").wait_for()
    assert_accessible(axe, page)
    item.get_by_role("link", name="Laijapen (penilaian jangka pendek)").click()
    answer(page, {"understanding": "penuh", "comfort": "penuh", "action": "penuh"})
    page.locator("#id_action_note").fill("Sudah dua minggu tidak terlambat.")
    page.get_by_role("button", name="Simpan penilaian").click()
    page.get_by_text("Laijapen (penilaian jangka pendek) dicatat.").wait_for()

    # ... and it stands in the case's chronology with its answers
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    chronology = page.locator("#chronology-heading").locator("xpath=ancestor::section")
    chronology.get_by_text("Laijapen (penilaian jangka pendek) selesai").first.wait_for()
    assert "Sudah dua minggu tidak terlambat." in chronology.inner_text()
    page.goto(f"{live_server.url}/")
    assert case.code not in page.locator("#evaluations-due-heading").locator("xpath=ancestor::section").inner_text()
