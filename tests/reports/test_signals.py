"""The coordinator's quality signals (issue 15): what is stuck, counted on the home page, each count
leading to the list of exactly those records. The coordinator sees the school's, a counselor their
own caseload's, nobody else any."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from bkcase.models import Case, Category, Role
from bkcase.workflow import Stage
from conferences import services as conference_services
from conferences.models import ActionItem, ActionStatus, Conference
from evaluations.models import Evaluation, Kind, Status
from referrals import services as referral_services
from referrals.models import ContactResponse, ExpertContact, Referral
from reports.signals import SIGNALS, signal_counts

from ..factories import CaseFactory, ExpertFactory, StudentFactory

pytestmark = [pytest.mark.s2, pytest.mark.r16]

KINDS = ["expert-answer", "expert-report", "must-refer", "action-items", "evaluations", "long-open"]


def today():
    return timezone.localdate()


def ago(days):
    return today() - datetime.timedelta(days=days)


class World:
    """A school built by hand: for each signal, records that count and records just outside it, in
    the caseloads of `konselor` and `konselor_lain`. `expected[who][kind]` holds the codes counted."""

    def __init__(self, cast, school):
        self.cast, self.school = cast, school
        self.expert = ExpertFactory(school=school, name="Psikolog Mitra")
        self.expected = {"koordinator": {k: set() for k in KINDS}, "konselor": {k: set() for k in KINDS},
                         "konselor_lain": {k: set() for k in KINDS}}

    def counts(self, kind, who, code):
        """`code` is counted by the signal `kind` for its counselor `who` and for the coordinator."""
        self.expected[who][kind].add(code)
        self.expected["koordinator"][kind].add(code)
        return code

    def case(self, who="konselor", *, category=Category.BELAJAR, opened=30, closed=None):
        case = CaseFactory(counselor=self.cast[who], student=StudentFactory(school=self.school), category=category,
                           opened_on=ago(opened))
        if closed is not None:
            Case.objects.filter(pk=case.pk).update(closed_on=ago(closed))
        return case

    def referral(self, who="konselor", *, case=None, contacts=(), stage=None, **fields):
        referral = referral_services.referral_create(case=case or self.case(who), by=self.cast[who],
                                                     expert=self.expert, problem_summary="Perlu ahli.")
        for days, response in contacts:
            ExpertContact.objects.create(referral=referral, expert=self.expert, contacted_on=ago(days),
                                         channel="telepon", response=response, by=self.cast[who])
        if stage or fields:
            Referral.objects.filter(pk=referral.pk).update(stage=stage or referral.stage, **fields)
        return referral.code

    def action_item(self, who="konselor", *, due, status=ActionStatus.OPEN):
        case = self.case(who)
        conference = conference_services.conference_create(case=case, by=self.cast[who], topic="Kehadiran",
                                                           initiative="guru", convener="kepala")
        parent = conference_services.participant_add(conference=conference, by=self.cast[who], group="a",
                                                     role="orang_tua", name="Ibu Konseli")
        ActionItem.objects.create(conference=conference, responsible=parent, what="Mendampingi belajar",
                                  due_on=ago(due), status=status)
        return conference.code

    def evaluation(self, who="konselor", *, due, status=Status.DUE):
        case = self.case(who)
        Evaluation.objects.create(school=self.school, case=case, record_type=ContentType.objects.get_for_model(Case),
                                  record_id=case.pk, kind=Kind.LAIJAPAN, due_on=ago(due), status=status,
                                  scheduled_by=self.cast[who])
        return case.code


@pytest.fixture
def world(cast, school):
    w = World(cast, school)
    no_answer, yes, no = ContactResponse.TIDAK_ADA, ContactResponse.POSITIF, ContactResponse.NEGATIF
    # referrals waiting for the expert's answer: first contacted more than 7 days ago, no yes or no since
    w.counts("expert-answer", "konselor", w.referral(contacts=[(10, no_answer)]))
    w.counts("expert-answer", "konselor", w.referral(contacts=[(8, no_answer), (2, no_answer)]))
    w.counts("expert-answer", "konselor_lain", w.referral("konselor_lain", contacts=[(30, no_answer)]))
    w.referral(contacts=[(7, no_answer)])  # a week exactly: not late yet
    w.referral(contacts=[(10, no_answer), (9, yes)])  # the expert said yes
    w.referral(contacts=[(10, no)])  # the expert said no: the counselor chooses another, nobody waits
    w.referral()  # not contacted yet: waits for the counselor, not for the expert
    w.referral(contacts=[(20, no_answer)], stage=Stage.DIBATALKAN)
    # the experts' reports outstanding: in evaluation, due before today, not back
    w.counts("expert-report", "konselor", w.referral(stage=Stage.EVALUASI, expert_report_due_on=ago(1)))
    w.counts("expert-report", "konselor_lain", w.referral("konselor_lain", stage=Stage.EVALUASI,
                                                          expert_report_due_on=ago(20)))
    w.referral(stage=Stage.EVALUASI, expert_report_due_on=ago(0))  # due today: not late yet
    w.referral(stage=Stage.EVALUASI, expert_report_due_on=ago(5), expert_report="Rujukan balik diterima.")
    w.referral(stage=Stage.ANALISIS, expert_report_due_on=ago(5))  # evaluated on the client's account
    # must-refer cases without a referral (a cancelled one does not count as a referral)
    w.counts("must-refer", "konselor", w.case(category=Category.PENYAKIT_MENTAL).code)
    w.counts("must-refer", "konselor_lain", w.case("konselor_lain", category=Category.PSIKOTROPIKA).code)
    cancelled_only = w.case(category=Category.GUNA_GUNA)
    w.referral(case=cancelled_only, stage=Stage.DIBATALKAN)
    w.counts("must-refer", "konselor", cancelled_only.code)
    w.referral(case=w.case(category=Category.PENYAKIT_FISIK))  # being referred
    w.referral(case=w.case(category=Category.KEABNORMALAN_AKUT), stage=Stage.SELESAI)  # referred
    w.case(category=Category.PENYAKIT_MENTAL, closed=1)
    # overdue action items of conferences
    w.counts("action-items", "konselor", w.action_item(due=1))
    w.counts("action-items", "konselor_lain", w.action_item("konselor_lain", due=40))
    w.action_item(due=0)
    w.action_item(due=-3)
    w.action_item(due=5, status=ActionStatus.DONE)
    # overdue evaluations (still "due" until the daily job marks them, or already "overdue")
    w.counts("evaluations", "konselor", w.evaluation(due=2))
    w.counts("evaluations", "konselor_lain", w.evaluation("konselor_lain", due=10, status=Status.OVERDUE))
    w.evaluation(due=0)
    w.evaluation(due=5, status=Status.DONE)
    w.evaluation(due=5, status=Status.MISSED)
    # cases open longer than a semester
    w.counts("long-open", "konselor", w.case(opened=200).code)
    w.counts("long-open", "konselor_lain", w.case("konselor_lain", opened=400).code)
    w.case(opened=150)
    w.case(opened=300, closed=10)
    return w


def panel_counts(client):
    page = client.get(reverse("home")).content.decode()
    return {kind: int(n) for kind, n in re.findall(r'data-signal="([a-z-]+)">(\d+)<', page)}


def listed_codes(client, kind):
    response = client.get(reverse("reports:signal_list", args=[kind]))
    assert response.status_code == 200
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return set(re.findall(r'<td><a href="[^"]+">([^<]+)</a></td>', body))


def test_the_coordinators_home_counts_each_signal_of_the_whole_school(client_for, world):
    expected = {kind: len(codes) for kind, codes in world.expected["koordinator"].items()}
    assert expected == {"expert-answer": 3, "expert-report": 2, "must-refer": 3, "action-items": 2,
                        "evaluations": 2, "long-open": 2}
    assert panel_counts(client_for("koordinator")) == expected


@pytest.mark.parametrize("kind", KINDS)
def test_each_count_leads_to_a_list_of_exactly_the_records_it_counts(client_for, world, kind):
    client = client_for("koordinator")
    home = client.get(reverse("home")).content.decode()
    assert reverse("reports:signal_list", args=[kind]) in home
    assert listed_codes(client, kind) == world.expected["koordinator"][kind]


def test_a_counselor_sees_the_signals_of_their_own_caseload_only(client_for, world):
    for who in ("konselor", "konselor_lain"):
        client = client_for(who)
        assert panel_counts(client) == {kind: len(codes) for kind, codes in world.expected[who].items()}
        for kind in KINDS:
            assert listed_codes(client, kind) == world.expected[who][kind], (who, kind)


@pytest.mark.s4
@pytest.mark.parametrize("who", ["kepala", "operator", "peserta", "walikelas"])
def test_other_roles_see_no_signal_and_are_refused_the_lists(client_for, world, who):
    client = client_for(who)
    assert panel_counts(client) == {}
    for kind in KINDS:
        assert client.get(reverse("reports:signal_list", args=[kind])).status_code == 403


@pytest.mark.s1
def test_another_schools_coordinator_counts_none_of_this_schools_records(client_for, world):
    client = client_for("orang_luar")
    assert panel_counts(client) == dict.fromkeys(KINDS, 0)
    for kind in KINDS:
        assert listed_codes(client, kind) == set()


def test_an_unknown_signal_is_not_found(client_for):
    assert client_for("koordinator").get(reverse("reports:signal_list", args=["everything"])).status_code == 404


def test_the_list_writes_a_view_row_for_each_student_it_names(client_for, world, cast):
    from bkcase.models import AuditEvent

    client_for("koordinator").get(reverse("reports:signal_list", args=["long-open"]))
    shown = AuditEvent.objects.filter(object_type="reports.signal:long-open", user=cast["koordinator"].user)
    assert shown.count() == 2


def test_all_the_counts_are_one_query_however_many_records(cast, world):
    koordinator = cast["koordinator"]
    with CaptureQueriesContext(connection) as captured:
        before = signal_counts(koordinator)
    assert len(captured.captured_queries) == 1
    world.referral(contacts=[(12, ContactResponse.TIDAK_ADA)])
    world.case(category=Category.PENYAKIT_FISIK, opened=190)
    world.evaluation(due=3)
    with CaptureQueriesContext(connection) as captured:
        after = signal_counts(koordinator)
    assert len(captured.captured_queries) == 1
    grew = {signal.key: a - b for (signal, b), (_s, a) in zip(before, after, strict=True)}
    assert grew == {"expert-answer": 1, "expert-report": 0, "must-refer": 1, "action-items": 0, "evaluations": 1,
                    "long-open": 1}
    assert [signal.key for signal in SIGNALS] == KINDS


@pytest.mark.s8
@pytest.mark.s28
@pytest.mark.parametrize("kind", KINDS)
def test_each_list_writes_one_view_row_per_student_it_shows(client_for, world, cast, kind):
    from bkcase.models import AuditEvent

    client_for("koordinator").get(reverse("reports:signal_list", args=[kind]))
    shown = AuditEvent.objects.filter(object_type=f"reports.signal:{kind}", action="view",
                                      user=cast["koordinator"].user)
    # every record of the world's lists is on a case of its own, so one student each
    assert shown.count() == len(world.expected["koordinator"][kind]) > 0
    assert shown.values("student_id").distinct().count() == shown.count()


@pytest.mark.s2
def test_a_counselors_overdue_action_items_leave_out_conferences_they_were_only_invited_to(client_for, world, cast):
    from conferences.models import Participant

    code = world.counts("action-items", "konselor_lain", world.action_item("konselor_lain", due=3))
    conference = Conference.objects.get(code=code)
    guest = Participant.objects.create(conference=conference, group="a", role="wali_kelas", name="Rina",
                                       account=cast["konselor"], acknowledged_at=timezone.now(),
                                       acknowledged_how="app")
    ActionItem.objects.create(conference=conference, responsible=guest, what="Memantau kehadiran",
                              due_on=ago(2), status=ActionStatus.OPEN)

    counselor = client_for("konselor")
    assert code not in listed_codes(counselor, "action-items")
    assert panel_counts(counselor)["action-items"] == len(world.expected["konselor"]["action-items"]) == 1
    assert code in listed_codes(client_for("konselor_lain"), "action-items")
    assert code in listed_codes(client_for("koordinator"), "action-items")


def test_the_counting_query_is_built_once_per_member_and_day_and_run_every_time(cast, world):
    from reports.signals import counting_query

    counselor, coordinator = cast["konselor"], cast["koordinator"]
    counting_query.cache_clear()
    first = signal_counts(counselor)
    world.evaluation(due=3)
    again = signal_counts(counselor)
    assert counting_query.cache_info().misses == 1 and counting_query.cache_info().hits == 1
    assert dict((s.key, n) for s, n in again)["evaluations"] == dict((s.key, n) for s, n in first)["evaluations"] + 1
    signal_counts(coordinator)  # another member: a query of their own
    signal_counts(counselor, today=datetime.date(2027, 1, 4))  # another day
    counselor.role = Role.KOORDINATOR  # a change of role builds the coordinator's query for them
    signal_counts(counselor)
    assert counting_query.cache_info().misses == 4
