"""Report files made in the background (`manage.py db_worker`): the request queues a job, the worker
makes the file while the job records how far it has got, and only the member who asked sees the
job and downloads the file (S2, S4, S8). The ATK recap is the report these tests ask for."""

import datetime
import io
import os
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook
from pypdf import PdfReader

from bkcase.exceptions import NotAllowed
from bkcase.models import AuditEvent
from reports import atk_recap, jobs
from reports.models import JobStatus, ReportFormat, ReportJob

from ..factories import bulk_referrals

PERIOD = {"start": "2000-01-01", "end": "2099-12-31"}
QUERY = "start=2000-01-01&end=2099-12-31"


def ask(by, format, kind="atk_recap", **data):
    return jobs.job_request(by=by, kind=kind, format=format, data={**PERIOD, **data})


@pytest.fixture
def forty(konselor, expert):
    return bulk_referrals(konselor, expert, 40)


@pytest.fixture
def small_threshold(settings):
    settings.RECAP_BACKGROUND_FROM = 10
    return settings


def pdf_text(content):
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_asking_for_a_report_queues_one_task_once_the_job_is_saved(konselor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = ask(konselor, ReportFormat.PDF)
        assert not DBTaskResult.objects.exists()  # not before the job row is committed
    assert len(callbacks) == 1
    task = DBTaskResult.objects.get()
    assert task.task_path == "reports.tasks.build_report"
    assert task.args_kwargs == {"args": [job.pk], "kwargs": {}}
    assert job.status == JobStatus.QUEUED and job.percent == 0
    assert (job.kind, job.params) == ("atk_recap", {"school_year": "", **PERIOD})


def test_a_period_that_ends_before_it_starts_is_refused(konselor):
    with pytest.raises(ValidationError, match="Akhir periode mendahului awalnya"):
        ask(konselor, "pdf", start="2026-02-01", end="2026-01-01")
    assert not ReportJob.objects.exists()


def test_an_unknown_report_is_refused(konselor):
    with pytest.raises(NotAllowed):
        ask(konselor, "pdf", kind="nothing")
    assert not ReportJob.objects.exists()


@pytest.mark.s4
def test_the_principal_cannot_ask_for_an_atk_recap(cast):
    with pytest.raises(NotAllowed, match="Laporan ini tidak tersedia untuk peran Anda"):
        ask(cast["kepala"], "pdf")


@pytest.mark.r10
def test_the_worker_makes_the_pdf_of_every_referral_and_counts_its_progress(forty, konselor):
    job = ask(konselor, ReportFormat.PDF)
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.percent == 100
    assert (job.total, job.done) == (40, 40)
    assert job.finished_at is not None and job.filename == "rekap-atk-20000101-20991231.pdf"
    text = pdf_text(job.file.read())
    assert "REKAPITULASI ALIH TANGAN KASUS" in text
    assert "ATK-MASSAL-00000" in text and "ATK-MASSAL-00039" in text


def test_the_worker_makes_the_excel_file_with_a_row_per_referral(forty, konselor):
    job = ask(konselor, ReportFormat.XLSX)
    jobs.job_build(job.pk)
    job.refresh_from_db()
    rows = list(load_workbook(io.BytesIO(job.file.read()))["Daftar ATK"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 40 and rows[-1][1] == "ATK-MASSAL-00039"
    assert (job.status, job.done, job.total) == (JobStatus.READY, 40, 40)


class Recorder:
    def __init__(self):
        self.calls = []

    def collecting(self, done, total):
        self.calls.append(("collecting", done, total))

    def rendering(self, done=None, total=None):
        self.calls.append(("rendering", done, total))


def test_reading_the_referrals_reports_every_row_and_the_pdf_then_reports_its_layout(forty, konselor):
    recorder = Recorder()
    period = {"start": datetime.date(2000, 1, 1), "end": datetime.date(2099, 12, 31)}
    atk_recap.recap_pdf(atk_recap.recap_referrals(konselor, **period), school=konselor.school, scope="x",
                        progress=recorder, **period)
    collecting = [call for call in recorder.calls if call[0] == "collecting"]
    assert collecting[0] == ("collecting", 0, 40) and collecting[-1] == ("collecting", 40, 40)
    assert [done for _kind, done, _total in collecting] == list(range(41))
    assert recorder.calls[-1] == ("rendering", None, None)


def test_progress_is_the_share_read_then_the_share_written():
    job = ReportJob(format=ReportFormat.XLSX, status=JobStatus.COLLECTING, done=250, total=1000)
    assert job.percent == 12 and not job.indeterminate
    job.status, job.done = JobStatus.RENDERING, 500
    assert job.percent == 75
    job.format = ReportFormat.PDF
    assert job.indeterminate and job.percent == 50  # a PDF is laid out in one go: no count to show
    job.status = JobStatus.READY
    assert job.percent == 100 and not job.indeterminate


@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_queued_job(forty, konselor):
    job = ask(konselor, ReportFormat.XLSX)
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.file
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_a_job_whose_member_may_no_longer_ask_fails_without_a_file(forty, konselor):
    job = ask(konselor, ReportFormat.XLSX)
    ReportJob.objects.filter(pk=job.pk).update(params={"start": "2026-02-01", "end": "2026-01-01"})
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and not job.file


# The pages ----------------------------------------------------------------------------------------


def test_a_large_period_offers_the_background_recap_instead_of_a_direct_download(
    forty, small_threshold, client_for
):
    client = client_for("konselor")
    page = client.get(f"{reverse('reports:atk_recap')}?{QUERY}").content.decode()
    assert "Siapkan PDF" in page and "Siapkan Excel" in page and "Unduh PDF" not in page
    assert 'name="kind" value="atk_recap"' in page
    response = client.get(f"{reverse('reports:atk_recap_pdf')}?{QUERY}", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("reports:atk_recap"))
    assert "dibuat di latar belakang" in response.content.decode()


@pytest.mark.s8
def test_the_requester_follows_the_job_and_downloads_the_file_once_ready(forty, konselor, small_threshold, client_for):
    client = client_for("konselor")
    response = client.post(reverse("reports:job_create"), {**PERIOD, "kind": "atk_recap", "format": "pdf"})
    job = ReportJob.objects.get()
    assert response["Location"] == reverse("reports:job", args=[job.pk])
    assert job.requested_by == konselor and job.school == konselor.school

    page = client.get(response["Location"]).content.decode()
    assert "Menunggu giliran" in page and 'data-status-url="' in page and "Rekap ATK" in page
    assert f"{reverse('reports:atk_recap')}?start=2000-01-01&amp;end=2099-12-31" in page  # back to its page
    assert client.get(reverse("reports:job_status", args=[job.pk])).json()["status"] == "queued"
    early = client.get(reverse("reports:job_download", args=[job.pk]), follow=True)
    assert "belum siap" in early.content.decode()

    jobs.job_build(job.pk)
    state = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert state["status"] == "ready" and state["percent"] == 100 and state["label"] == "Siap diunduh"
    download = client.get(state["download_url"])
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "no-store" in download["Cache-Control"]
    assert 'filename="rekap-atk-20000101-20991231.pdf"' in download["Content-Disposition"]
    assert "ATK-MASSAL-00039" in pdf_text(b"".join(download.streaming_content))
    exported = AuditEvent.objects.filter(action="export", object_type="referrals.recap", username="konselor")
    assert set(exported.values_list("student_id", flat=True)) == {referral.case.student_id for referral in forty}


@pytest.mark.s1
@pytest.mark.s2
@pytest.mark.parametrize("who", ["konselor_lain", "koordinator", "orang_luar", "kepala"])
def test_nobody_but_the_requester_sees_a_report_job(who, forty, konselor, client_for):
    job = ask(konselor, ReportFormat.PDF)
    jobs.job_build(job.pk)
    client = client_for(who)
    for name in ("job", "job_status", "job_download"):
        assert client.get(reverse(f"reports:{name}", args=[job.pk])).status_code == 404, name
    if who != "kepala":
        assert reverse("reports:job", args=[job.pk]) not in client.get(reverse("reports:atk_recap")).content.decode()


def test_the_recap_page_lists_the_members_jobs_of_the_day(forty, konselor, client_for):
    job = ask(konselor, ReportFormat.PDF)
    assert reverse("reports:job", args=[job.pk]) in client_for("konselor").get(reverse("reports:atk_recap")).content.decode()


def test_an_unknown_format_is_refused_with_a_message(konselor, client_for):
    response = client_for("konselor").post(reverse("reports:job_create"),
                                           {**PERIOD, "kind": "atk_recap", "format": "docx"}, follow=True)
    assert "periode dan format" in response.content.decode()
    assert not ReportJob.objects.exists()


def test_report_files_are_deleted_after_a_day(konselor):
    old = ask(konselor, ReportFormat.XLSX)
    old.file.save("old.xlsx", ContentFile(b"x"))
    path = old.file.path
    ReportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(hours=25))
    ask(konselor, ReportFormat.XLSX)  # a new request tidies up
    assert not ReportJob.objects.filter(pk=old.pk).exists()
    assert not os.path.exists(path)


def test_a_job_nobody_started_for_a_minute_tells_the_user_the_worker_may_be_stopped(konselor, client_for):
    job = ask(konselor, ReportFormat.PDF)
    client = client_for("konselor")
    assert client.get(reverse("reports:job_status", args=[job.pk])).json()["waiting_long"] is False
    ReportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert client.get(reverse("reports:job_status", args=[job.pk])).json()["waiting_long"] is True
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "pekerja latar belakang mungkin berhenti" in page


def test_a_job_the_worker_stopped_making_is_offered_again(forty, konselor, client_for):
    job = ask(konselor, ReportFormat.PDF)
    jobs.Progress(job).collecting(0, 40)  # the worker started it, then was restarted
    client = client_for("konselor")
    assert client.get(reverse("reports:job_status", args=[job.pk])).json()["stalled"] is False
    ReportJob.objects.filter(pk=job.pk).update(progressed_at=timezone.now() - timedelta(minutes=11))
    assert client.get(reverse("reports:job_status", args=[job.pk])).json()["stalled"] is True
    page = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "berhenti membuat kemajuan" in page and "Minta lagi" in page
    assert 'name="start" value="2000-01-01"' in page and 'name="kind" value="atk_recap"' in page
    again = client.post(reverse("reports:job_create"), {**PERIOD, "kind": "atk_recap", "format": "pdf"})
    assert again.status_code == 302 and ReportJob.objects.count() == 2


def test_the_worker_deletes_expired_report_files_of_every_school(konselor, cast):
    elsewhere = ask(cast["orang_luar"], ReportFormat.XLSX)
    elsewhere.file.save("old.xlsx", ContentFile(b"x"))
    path = elsewhere.file.path
    ReportJob.objects.filter(pk=elsewhere.pk).update(created_at=timezone.now() - timedelta(hours=25))
    job = ask(konselor, ReportFormat.XLSX)
    jobs.job_build(job.pk)
    assert not ReportJob.objects.filter(pk=elsewhere.pk).exists() and not os.path.exists(path)


@pytest.mark.s2
def test_a_counselors_background_recap_holds_only_their_own_referrals(forty, konselor, cast, expert):
    bulk_referrals(cast["konselor_lain"], expert, 3, prefix="LAIN")
    job = ask(konselor, ReportFormat.XLSX)
    jobs.job_build(job.pk)
    job.refresh_from_db()
    codes = [row[1] for row in load_workbook(io.BytesIO(job.file.read()))["Daftar ATK"].iter_rows(min_row=2, values_only=True)]
    assert len(codes) == 40 and not any(code.startswith("ATK-LAIN") for code in codes)
    coordinator_job = ask(cast["koordinator"], ReportFormat.XLSX)
    jobs.job_build(coordinator_job.pk)
    coordinator_job.refresh_from_db()
    assert coordinator_job.total == 43
