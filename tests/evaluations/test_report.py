"""R13: the report of the evaluations due in a period: done on time, done late, not done, still open,
and how the students answered each item, in counts with no names. The coordinator's covers the
school, a counselor's their own cases; nobody else has it."""

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from bkcase.models import Membership
from evaluations import services
from evaluations.models import Evaluation, Kind, Status

from ..counseling.conftest import record
from ..factories import CaseFactory, StudentFactory
from .conftest import days, fill, of, today

pytestmark = pytest.mark.r13


def laiseg(case, by, due_on):
    evaluation = of(record(case, by), Kind.LAISEG)
    Evaluation.objects.filter(pk=evaluation.pk).update(due_on=due_on)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def period(case, konselor, cast, school):
    """konselor: one done on time, one done late, one not done, one overdue; konselor_lain: one done."""
    on_time = laiseg(case, konselor, today())
    fill(on_time, konselor, answers={"understanding": {"level": "penuh"}, "comfort": {"level": "penuh"},
                                     "action": {"level": "belum"}})
    late = laiseg(case, konselor, days(-5))
    fill(late, konselor, answers={"understanding": {"level": "sebagian"}, "comfort": {"level": "penuh"},
                                  "action": {"level": "belum"}})
    missed = laiseg(case, konselor, days(-4))
    services.evaluation_mark_missed(evaluation=missed, by=konselor, version=missed.version, reason="Klien sakit")
    laiseg(case, konselor, days(-3))  # still open
    other = CaseFactory(counselor=cast["konselor_lain"], student=StudentFactory(school=school, full_name="Dimas"))
    fill(laiseg(other, cast["konselor_lain"], days(-1)), cast["konselor_lain"])
    laiseg(case, konselor, days(-40))  # due before the period
    return {"start": days(-10).isoformat(), "end": today().isoformat()}


def rows_of(response):
    return {row.kind: row for row in response.context["rows"]}


def test_the_coordinator_counts_the_whole_school(period, client_for, case):
    response = client_for("koordinator").get(reverse("evaluations:evaluation_report"), period)
    assert response.status_code == 200
    laiseg_row = rows_of(response)[Kind.LAISEG]
    assert (laiseg_row.due, laiseg_row.on_time, laiseg_row.late, laiseg_row.missed, laiseg_row.open) == (5, 1, 2, 1, 1)
    (uca,) = response.context["distributions"]
    understanding = uca["items"][0]
    assert [count for _label, count in understanding.levels] == [2, 1, 0]
    page = response.content.decode()
    assert case.student.full_name not in page and "Dimas" not in page and case.code not in page


def test_a_counselor_counts_their_own_cases(period, client_for):
    response = client_for("konselor").get(reverse("evaluations:evaluation_report"), period)
    laiseg_row = rows_of(response)[Kind.LAISEG]
    assert (laiseg_row.due, laiseg_row.on_time, laiseg_row.late, laiseg_row.missed, laiseg_row.open) == (4, 1, 1, 1, 1)


@pytest.mark.s2
def test_another_schools_coordinator_counts_none_of_them(period, client_for):
    response = client_for("orang_luar").get(reverse("evaluations:evaluation_report"), period)
    assert response.context["total"].due == 0


@pytest.mark.parametrize("who", ["kepala", "operator", "peserta"])
def test_the_roles_without_casework_have_no_report(period, client_for, who):
    assert client_for(who).get(reverse("evaluations:evaluation_report"), period).status_code == 403


def test_a_period_that_ends_before_it_starts_is_refused_with_the_reason(client_for, db, cast):
    response = client_for("koordinator").get(reverse("evaluations:evaluation_report"),
                                             {"start": today().isoformat(), "end": days(-3).isoformat()})
    assert response.status_code == 400
    assert "is-invalid" in response.content.decode() or "alert-danger" in response.content.decode()


def test_the_load_generator_adds_evaluations_in_every_status(db):
    call_command("generate_load_data", schools=1, students=120, case_share=0.5, stdout=io.StringIO())
    assert set(Evaluation.objects.values_list("status", flat=True)) == {Status.DUE, Status.OVERDUE, Status.DONE,
                                                                         Status.MISSED}
    coordinator = Membership.objects.filter(role="koordinator").first()
    from django.test import Client

    client = Client()
    client.force_login(coordinator.user)
    assert client.get(reverse("evaluations:evaluation_report"),
                      {"start": days(-400).isoformat(), "end": days(100).isoformat()}).status_code == 200
    assert client.get(reverse("home")).status_code == 200
