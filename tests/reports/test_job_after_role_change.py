"""A report file is made for the role its requester held when they asked: the coordinator's ATK recap
names every student of the school. Once that member's role changes (a coordinator narrowed to
counselor, or made principal) the job page, its status and its file are refused with 404, audited,
as to anyone else (S1, S4, S25); the role change itself deletes the files made for the former role."""

import pytest
from django.urls import reverse

from bkcase import accounts
from bkcase.models import AuditEvent, Membership, Role
from reports import jobs
from reports.models import ReportFormat, ReportJob

from ..factories import bulk_referrals

PERIOD = {"start": "2000-01-01", "end": "2099-12-31"}
PAGES = ("job", "job_status", "job_download")


@pytest.fixture
def coordinators_recap(cast, konselor, expert):
    bulk_referrals(konselor, expert, 3)
    job = jobs.job_request(by=cast["koordinator"], kind="atk_recap", format=ReportFormat.PDF, data=PERIOD)
    jobs.job_build(job.pk)
    job.refresh_from_db()
    assert job.file and len(job.student_ids) == 3
    return job


@pytest.mark.s1
@pytest.mark.s4
@pytest.mark.s25
@pytest.mark.parametrize("now", [Role.KONSELOR, Role.KEPALA])
def test_a_coordinators_file_is_refused_once_the_role_changed(now, coordinators_recap, cast, client_for):
    client = client_for("koordinator")
    assert client.get(reverse("reports:job_download", args=[coordinators_recap.pk])).status_code == 200
    Membership.objects.filter(pk=cast["koordinator"].pk).update(role=now)  # the role changed behind the job's back

    for name in PAGES:
        assert client.get(reverse(f"reports:{name}", args=[coordinators_recap.pk])).status_code == 404, name
    denied = AuditEvent.objects.filter(action="denied", object_type="reports.reportjob", username="koordinator")
    assert denied.count() == len(PAGES) and set(denied.values_list("role", flat=True)) == {now}
    exports = AuditEvent.objects.filter(action="export", username="koordinator")
    assert exports.filter(role=now).count() == 0  # nothing was sent in the new role


@pytest.mark.s4
@pytest.mark.s25
def test_the_download_service_refuses_a_member_whose_role_changed(coordinators_recap, cast):
    coordinator = cast["koordinator"]
    coordinator.role = Role.KONSELOR
    with pytest.raises(jobs.NotAllowed):
        jobs.job_download(job=coordinators_recap, by=coordinator)


@pytest.mark.s25
def test_narrowing_a_coordinator_to_counselor_deletes_the_files_made_as_coordinator(coordinators_recap, cast):
    storage, name = coordinators_recap.file.storage, coordinators_recap.file.name
    own = jobs.job_request(by=cast["konselor"], kind="atk_recap", format=ReportFormat.PDF, data=PERIOD)
    coordinator = Membership.objects.get(pk=cast["koordinator"].pk)
    accounts.staff_update(membership=coordinator, by=cast["operator"], version=coordinator.version, role=Role.KONSELOR)

    assert not ReportJob.objects.filter(pk=coordinators_recap.pk).exists()
    assert not storage.exists(name)
    assert ReportJob.objects.filter(pk=own.pk).exists()  # another member's job is kept


def test_a_job_asked_for_in_the_current_role_is_kept_when_the_account_is_saved(coordinators_recap, cast):
    coordinator = Membership.objects.get(pk=cast["koordinator"].pk)
    coordinator.save()
    assert ReportJob.objects.filter(pk=coordinators_recap.pk).exists()
