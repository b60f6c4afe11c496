"""The coordinator's recap of a period of many referrals, made by the background worker (a real
`manage.py db_worker` process, as `make run` starts it) while the page shows its progress. The
threshold is lowered so that 150 referrals are "many" here; the 1,000-row PDF is timed by `make bench`."""

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from pypdf import PdfReader

from bkcase.models import Membership
from referrals.models import Expert, Referral
from reports.models import JobStatus, ReportJob

from ..factories import bulk_referrals
from .conftest import assert_accessible
from .test_roles import login

pytestmark = pytest.mark.e2e

ROOT = Path(settings.BASE_DIR)


@pytest.fixture
def start_worker():
    """Starts `manage.py db_worker` on the test database, like `make run` does; stops it after."""
    processes = []

    def start():
        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bkcase.settings.test"}
        processes.append(subprocess.Popen(  # noqa: S603 - our own manage.py
            [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay", "-v0"],
            cwd=ROOT, env=env,
        ))

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=20)


# enough rows that laying out the PDF takes a few of the page's one-second polls, so that the
# "making the document" step is seen on any machine
MANY = 150


def test_the_coordinator_follows_a_recap_of_many_referrals_and_downloads_it(
    page, live_server, demo, axe, start_worker, settings
):
    settings.RECAP_BACKGROUND_FROM = 100
    counselor = Membership.objects.get(user__username="konselor")
    bulk_referrals(counselor, Expert.objects.filter(school=counselor.school).first(), MANY)
    total = Referral.objects.filter(school=counselor.school).count()  # the demo's own and the many
    assert total > settings.RECAP_BACKGROUND_FROM

    login(page, live_server, "koordinator")
    page.goto(f"{live_server.url}/reports/atk/?start=2000-01-01&end=2099-12-31")
    assert page.get_by_text("dibuat di latar belakang").is_visible()
    assert page.get_by_role("link", name="Unduh PDF").count() == 0  # too large to make while the browser waits
    page.get_by_role("button", name="Siapkan PDF").click()

    # queued: nothing works on it until the worker is up
    page.wait_for_url("**/reports/jobs/*/")
    label = page.locator("[data-job-label]")
    assert label.text_content() == "Menunggu giliran"
    assert page.locator("[data-job-progress]").get_attribute("value") == "0"
    assert_accessible(axe, page)

    start_worker()
    seen, deadline = [], time.monotonic() + 180
    while time.monotonic() < deadline:
        text = label.text_content()
        if not seen or seen[-1] != text:
            seen.append(text)
        if text == "Siap diunduh":
            break
        page.wait_for_timeout(100)
    assert seen[-1] == "Siap diunduh", seen
    # the page moved on by itself, through the work, without a reload
    assert "Menyusun dokumen" in seen, seen
    assert page.locator("[data-job-progress]").get_attribute("value") == "100"
    assert page.locator("[data-job-count]").text_content().strip() == f"· {total} / {total}"

    download_link = page.get_by_role("link", name="Unduh PDF")
    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename == "rekap-atk-20000101-20991231.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(Path(download.path()).read_bytes())).pages)
    assert "REKAPITULASI ALIH TANGAN KASUS" in text
    assert "ATK-MASSAL-00000" in text and f"ATK-MASSAL-{MANY - 1:05d}" in text
    job = ReportJob.objects.get()
    assert job.status == JobStatus.READY and job.total == total

    # the recap page keeps it for the day
    page.goto(f"{live_server.url}/reports/atk/")
    assert page.get_by_role("link", name="PDF").first.is_visible()
