"""R13: due and overdue evaluations on the counselor's home page; the coordinator sees overdue counts
per counselor, never the answers; the background worker's daily round marks the overdue ones and
emails the counselor a reminder that names only the case code."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evaluations import services
from evaluations.models import Evaluation, Kind, Status
from evaluations.scheduling import queue_daily_round

from ..counseling.conftest import record
from ..factories import CaseFactory, StudentFactory
from .conftest import days, fill, of, today

pytestmark = pytest.mark.r13


def laiseg_on(case, by, due_on):
    evaluation = of(record(case, by), Kind.LAISEG)
    Evaluation.objects.filter(pk=evaluation.pk).update(due_on=due_on)
    evaluation.refresh_from_db()
    return evaluation


def week_end():
    return today() + datetime.timedelta(days=6 - today().weekday())


def test_the_counselors_home_lists_overdue_and_due_this_week(case, konselor, client_for):
    overdue = laiseg_on(case, konselor, days(-3))
    laijapen, laijapan = services.services_end(case=case, by=konselor, ended_on=today())
    Evaluation.objects.filter(pk=laijapen.pk).update(due_on=week_end())
    page = client_for("konselor").get(reverse("home")).content.decode()
    section = page[page.index('id="evaluations-due-heading"'):]
    assert reverse("evaluations:evaluation_detail", args=[overdue.pk]) in section
    assert reverse("evaluations:evaluation_detail", args=[laijapen.pk]) in section
    assert reverse("evaluations:evaluation_detail", args=[laijapan.pk]) not in section  # two months away
    assert case.code in section


def test_another_counselors_home_lists_none_of_them(case, konselor, client_for):
    overdue = laiseg_on(case, konselor, days(-3))
    page = client_for("konselor_lain").get(reverse("home")).content.decode()
    assert reverse("evaluations:evaluation_detail", args=[overdue.pk]) not in page
    assert case.code not in page


def test_done_and_missed_ones_leave_the_home_page(case, konselor, client_for):
    done = laiseg_on(case, konselor, days(-3))
    fill(done, konselor)
    page = client_for("konselor").get(reverse("home")).content.decode()
    assert reverse("evaluations:evaluation_detail", args=[done.pk]) not in page


@pytest.mark.r9
def test_the_coordinator_sees_overdue_counts_per_counselor_not_the_answers(case, konselor, cast, client_for, school):
    laiseg_on(case, konselor, days(-3))
    laiseg_on(CaseFactory(counselor=konselor, student=StudentFactory(school=school)), konselor, days(-1))
    answered = laiseg_on(CaseFactory(counselor=konselor, student=StudentFactory(school=school)), konselor, days(-2))
    fill(answered, konselor, answers={"understanding": {"level": "penuh", "note": "RAHASIA-JAWABAN"},
                                      "comfort": {"level": "penuh"}, "action": {"level": "penuh"}})
    page = client_for("koordinator").get(reverse("home")).content.decode()
    section = page[page.index('id="evaluations-overdue-heading"'):]
    rows = section[:section.index("</table>")]
    konselor_row = rows[rows.index(konselor.display_name):]
    assert ">2<" in konselor_row[:200]
    assert "RAHASIA-JAWABAN" not in page
    assert case.student.full_name not in page
    assert client_for("koordinator").get(reverse("evaluations:evaluation_detail", args=[answered.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_the_workers_daily_round_marks_the_overdue_ones_and_reminds_by_case_code_only(case, konselor):
    konselor.user.email = "rina.bk@sekolah.sch.id"
    konselor.user.save()
    late = laiseg_on(case, konselor, days(-1))
    on_time = laiseg_on(case, konselor, today())
    queue_daily_round(run_after=timezone.now())
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    late.refresh_from_db()
    on_time.refresh_from_db()
    assert (late.status, late.overdue_since) == (Status.OVERDUE, today())
    assert on_time.status == Status.DUE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rina.bk@sekolah.sch.id"]
    assert case.code in message.body
    assert case.student.full_name not in message.body + message.subject
    assert "Sering membolos" not in message.body  # nothing of the case's content
    # the next round waits for tomorrow morning
    waiting = DBTaskResult.objects.filter(status="READY").get()
    assert timezone.localtime(waiting.run_after).date() == days(1)
    assert DBTaskResult.objects.filter(status="SUCCESSFUL").count() == 1


def test_a_second_round_reminds_no_more(case, konselor, django_capture_on_commit_callbacks):
    konselor.user.email = "rina.bk@sekolah.sch.id"
    konselor.user.save()
    laiseg_on(case, konselor, days(-1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_overdue() == 1
        assert services.mark_overdue() == 0
    assert len(mail.outbox) == 1


def test_a_school_may_send_no_reminder_email(case, konselor, koordinator, django_capture_on_commit_callbacks):
    konselor.user.email = "rina.bk@sekolah.sch.id"
    konselor.user.save()
    services.evaluation_settings_update(by=koordinator, email_reminders=False)
    laiseg_on(case, konselor, days(-1))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.mark_overdue() == 1
    assert mail.outbox == []


def test_the_command_queues_one_round_only(db):
    call_command("evaluations_daily", "--queue", verbosity=0)
    call_command("evaluations_daily", "--queue", verbosity=0)
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_the_home_page_runs_a_fixed_number_of_queries_however_many_evaluations_are_due(konselor, client_for, school):
    """Few: every list whole, nothing counted apart. Many: each list cut short counts its rows, one query
    each (three lists on the page are cut short), and no query a row."""
    def grow(n):
        for i in range(n):
            case = CaseFactory(counselor=konselor, student=StudentFactory(school=school))
            laiseg_on(case, konselor, days(-(i % 3)))
            services.services_end(case=case, by=konselor, ended_on=days(-14))

    def queries():
        client = client_for("konselor")
        client.get(reverse("home"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home")).status_code == 200
        return len(captured.captured_queries)

    grow(3)
    few = queries()
    grow(30)
    assert few < queries() <= few + 3
    assert Evaluation.objects.filter(due_on__lte=week_end(), status__in=["due", "overdue"]).count() > 60
