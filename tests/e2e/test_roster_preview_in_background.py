"""A large roster's preview is read by the background worker while the page shows the import's
progress bar, then the page shows the preview by itself (R14)."""

import time

import pytest

from bkcase.models import Student

from .conftest import assert_accessible
from .test_recap_progress import start_worker  # noqa: F401 - the fixture
from .test_roles import login
from .test_roster_and_referral_to_bk import roster

pytestmark = [pytest.mark.e2e, pytest.mark.r14]


def test_the_coordinator_follows_a_large_files_preview_and_then_sees_it(
    page, live_server, demo, axe, start_worker, tmp_path, settings  # noqa: F811
):
    settings.ROSTER_PREVIEW_BACKGROUND_FROM = 100
    before = Student.objects.count()
    path = tmp_path / "siswa-banyak.csv"
    path.write_bytes(roster(300))

    login(page, live_server, "koordinator")
    page.goto(f"{live_server.url}/rosters/")
    page.get_by_label("Berkas data siswa (.xlsx atau .csv)").set_input_files(str(path))
    page.get_by_role("button", name="Unggah dan lihat pratinjau").click()
    page.wait_for_url("**/rosters/*/")
    assert page.locator("[data-job-label]").text_content() == "Menunggu giliran untuk dibaca"
    assert page.locator("[data-job-progress]").get_attribute("value") == "0"
    assert page.locator('[data-count="create"]').count() == 0
    assert_accessible(axe, page)

    start_worker()
    created = page.locator('[data-count="create"]')
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not created.count():
        page.wait_for_timeout(200)
    assert created.text_content() == "300"
    assert page.locator('[data-count="problems"]').text_content() == "0"
    assert page.get_by_role("button", name="Impor").is_visible()
    assert_accessible(axe, page)
    assert Student.objects.count() == before  # nothing written by the preview
