"""One rule for the letter number of the three report PDFs (the ATK recap, the conference recap, the
period report): a report is downloaded with a GET, directly or from a file made in the background,
and takes no number from the school's counter; its "Nomor" line is left to be filled in by hand
when the report is sent as a letter. So a download, a failed job or a job asked for again uses up
no number (S13: a GET changes nothing)."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from bkcase.models import Counter
from reports import jobs
from reports.models import ReportFormat

BLANK_NUMBER = "Nomor: ........................................"
PERIOD = {"start": "2026-07-01", "end": "2026-12-31"}


def text_of(content):
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def counters(school):
    return list(Counter.objects.filter(school=school).order_by("key").values_list("key", "value"))


@pytest.mark.s13
@pytest.mark.parametrize("url_name", ["reports:atk_recap_pdf", "reports:conference_recap_pdf", "reports:period_pdf"])
def test_a_report_pdf_is_a_get_that_takes_no_letter_number(url_name, client_for, school, november_query):
    query = november_query if url_name == "reports:period_pdf" else PERIOD
    before = counters(school)
    client = client_for("koordinator")
    for _ in range(2):
        response = client.get(reverse(url_name), query)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert BLANK_NUMBER in text_of(response.content)
    assert counters(school) == before


@pytest.mark.parametrize("kind", ["atk_recap", "conference_recap"])
def test_a_report_made_in_the_background_takes_no_letter_number(kind, cast, school):
    before = counters(school)
    job = jobs.job_request(by=cast["koordinator"], kind=kind, format=ReportFormat.PDF, data=PERIOD)
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert BLANK_NUMBER in text_of(job.file.read())
    assert counters(school) == before
