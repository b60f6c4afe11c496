"""A report file leaving the system is audited the same way whether it is downloaded at once or made
in the background: one export row for every student of the rows the file holds, named by the
file's name (S8, S11)."""

import pytest
from django.urls import reverse

from bkcase.models import AuditEvent
from reports import jobs
from reports.models import ReportFormat

from ..factories import bulk_referrals

PERIOD = {"start": "2000-01-01", "end": "2099-12-31"}


def exported(username, object_type):
    rows = AuditEvent.objects.filter(action="export", username=username, object_type=object_type)
    return {(row.object_id, row.student_id) for row in rows}


@pytest.mark.s8
@pytest.mark.s11
@pytest.mark.parametrize("kind,url_name,object_type", [
    ("atk_recap", "reports:atk_recap_xlsx", "referrals.recap"),
    ("conference_recap", "reports:conference_recap_xlsx", "conferences.recap"),
])
def test_a_direct_download_and_a_background_file_write_the_same_export_rows(
        kind, url_name, object_type, konselor, expert, client_for):
    referrals = bulk_referrals(konselor, expert, 3)
    if kind == "conference_recap":
        from conferences import services as conference_services

        for referral in referrals:
            conference_services.conference_create(case=referral.case, by=konselor, topic="Kehadiran",
                                                  initiative="guru", convener="kepala")
    client = client_for("konselor")
    assert client.get(reverse(url_name), PERIOD).status_code == 200
    direct = exported("konselor", object_type)

    job = jobs.job_request(by=konselor, kind=kind, format=ReportFormat.XLSX, data=PERIOD)
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 200
    both = exported("konselor", object_type)

    students = {referral.case.student_id for referral in referrals}
    assert {student for _name, student in direct} == students
    assert {name for name, _student in direct} == {job.filename}  # the file's name, as the job's rows
    assert both == direct  # the job's download wrote the same rows again: nothing new, nothing missing
