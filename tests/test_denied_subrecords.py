"""A record that hangs off another (a conference's participant, a recap job, a school's account):
asking for one that is not there, or not one's own, answers 404 and is audited as a denial (S9)."""


import pytest
from django.urls import reverse

from bkcase.models import AuditEvent
from conferences import services as conference_services
from reports import jobs as report_jobs

from .conferences.conftest import invite

pytestmark = [pytest.mark.s8, pytest.mark.s9]


def denials(object_type):
    return AuditEvent.objects.filter(action=AuditEvent.Action.DENIED, object_type=object_type)


@pytest.fixture
def conference(case, konselor):
    return new_conference(case, konselor)


def new_conference(case, by, topic="Sering membolos"):
    return conference_services.conference_create(
        case=case, by=by, topic=topic, initiative="konselor", convener="kepala",
    )


def test_an_organiser_asking_for_a_participant_of_another_conference_is_refused_and_audited(
    conference, client_for, cast, case
):
    other = new_conference(case, cast["konselor"], topic="Lain")
    stranger = invite(other, cast["konselor"], name="Orang Lain")
    response = client_for("konselor").post(reverse("conferences:participant_remove", args=[conference.pk, stranger.pk]))
    assert response.status_code == 404
    assert other.participants.filter(pk=stranger.pk).exists()
    assert denials("conferences.participant").get().object_id == str(stranger.pk)


def test_an_unknown_action_item_is_refused_and_audited(conference, client_for):
    response = client_for("konselor").post(reverse("conferences:action_update", args=[conference.pk, 987654]))
    assert response.status_code == 404
    assert denials("conferences.actionitem").get().object_id == "987654"


def test_someone_elses_report_job_is_refused_and_audited(konselor, client_for, cast):
    job = report_jobs.job_request(by=konselor, kind="atk_recap", format="pdf",
                                  data={"start": "2026-01-01", "end": "2026-12-31"})
    assert client_for("koordinator").get(reverse("reports:job", args=[job.pk])).status_code == 404
    event = denials("reports.reportjob").get()
    assert (event.object_id, event.user) == (str(job.pk), cast["koordinator"].user)


def test_an_operator_opening_an_account_of_another_school_is_refused_and_audited(client_for, cast):
    response = client_for("operator").get(reverse("staff_edit", args=[cast["orang_luar"].pk]))
    assert response.status_code == 404
    assert denials("bkcase.membership").get().object_id == str(cast["orang_luar"].pk)
