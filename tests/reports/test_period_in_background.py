"""A period report of many cases has its PDF and Excel made by the background worker (reports/jobs.py),
as the ATK recap: the page offers to prepare them, the direct download sends the user back to it, and
the worker's file holds the same figures."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bkcase.models import AuditEvent
from reports import jobs
from reports.models import JobStatus, ReportJob


@pytest.fixture
def small_threshold(settings):
    settings.RECAP_BACKGROUND_FROM = 4  # November counts 5 cases (c1, c2, c3, c5, c6: opened by its end, not closed before it)
    return settings


def test_a_large_period_is_prepared_in_the_background(client_for, cast, november_query, small_threshold):
    client = client_for("koordinator")
    page = client.get(reverse("reports:period"), november_query).content.decode()
    assert reverse("reports:job_create") in page and 'value="period_report"' in page
    assert reverse("reports:period_pdf") not in page
    sent_back = client.get(reverse("reports:period_pdf"), november_query)
    assert sent_back.status_code == 302 and sent_back["Location"].startswith(reverse("reports:period"))

    client.post(reverse("reports:job_create"), {"kind": "period_report", "format": "pdf",
                                                "span": "month", "year": november_query["year"], "month": 11})
    job = ReportJob.objects.get(kind="period_report", requested_by=cast["koordinator"])
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.filename == "laporan-bk-20261101-20261130.pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(job.file.read())).pages)
    assert "LAPORAN PELAKSANAAN LAYANAN BIMBINGAN DAN KONSELING" in text and "November 2026" in text
    # the file holds counts only: its download is audited as one export row naming no student
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    exported = AuditEvent.objects.filter(action="export", object_type="reports.period")
    assert [(row.object_id, row.student_id) for row in exported] == [(job.filename, None)]


def test_the_principal_prepares_the_de_identified_figures(client_for, cast, november_query, small_threshold):
    client = client_for("kepala")
    assert 'value="deidentified_figures"' in client.get(reverse("reports:figures"), november_query).content.decode()
    client.post(reverse("reports:job_create"), {"kind": "deidentified_figures", "format": "xlsx",
                                                "span": "month", "year": november_query["year"], "month": 11})
    job = ReportJob.objects.get(kind="deidentified_figures")
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.READY and job.filename == "data-bk-20261101-20261130.xlsx"


@pytest.mark.s4
def test_a_counselor_cannot_ask_for_the_de_identified_figures(client_for, november_query, small_threshold):
    client_for("konselor").post(reverse("reports:job_create"), {"kind": "deidentified_figures", "format": "pdf",
                                                                "span": "month", "year": november_query["year"],
                                                                "month": 11})
    assert not ReportJob.objects.exists()
