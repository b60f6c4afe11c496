"""The coordinator's quality signals (issue 15): what is stuck in the school's BK work, each a count
that leads to the list of those records.

Each signal is one queryset of records, built on the access module's visible records, so the count
on the home page and the list behind it are the same rows: the whole school's for the coordinator,
the cases they counsel for a counselor, nothing for anyone else. All the counts are read in one
query (a scalar subquery each), however many records there are. That query is built from the
member's role, ids and the day alone, never from what the database holds: its SQL is made once per
member and day in a worker (about ten milliseconds of Django's query building) and run afresh on every
home page.

Timeframes. The seeds give none in days: ATK asks for a *quick* first contact with the expert, and
a referral cannot leave planning before the expert has answered yes (R3). We count
- an expert's answer as late after EXPERT_ANSWER_DAYS (a school week and a weekend: 7 days) from
  the first contact with the referral's current expert;
- an expert's report (rujukan balik) as outstanding once its due date has passed, as the referral's
  page and the counselor's home page already say (Referral.expert_report_overdue: due 14 days after
  the handover unless the expert promised another date);
- a case as open longer than a semester when it was opened more than SEMESTER_DAYS (six months)
  ago and is still open.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.db.models import Count, Exists, F, IntegerField, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.access import cases_visible_to
from bkcase.models import MUST_REFER_CATEGORIES, School, waits_for_authorities_q
from bkcase.workflow import Stage
from evaluations.access import evaluations_counted_for
from evaluations.models import OPEN_STATUSES
from referrals.access import referrals_visible_to
from referrals.models import ContactResponse

from .access import open_actions_counted_for, reads_own_caseload

EXPERT_ANSWER_DAYS = 7
SEMESTER_DAYS = 183


@dataclass(frozen=True)
class Signal:
    """One quality signal: its key (in the list's URL), its words, and its records."""

    key: str
    title: str
    description: str
    date_label: str  # the heading of the list's date column
    records: callable  # (membership, today) -> the queryset of the records it counts

    def url(self):
        return reverse("reports:signal_list", args=[self.key])

    def explanation(self):
        return self.description % {"days": EXPERT_ANSWER_DAYS}


def referrals_waiting_for_the_expert(membership, today):
    """In planning; the referral's current expert was first contacted more than EXPERT_ANSWER_DAYS ago
    and has answered neither yes nor no (a contact recorded as "no answer" is no answer)."""
    current_expert = Q(contacts__expert_id=F("expert_id"))
    answered = current_expert & Q(contacts__response__in=[ContactResponse.POSITIF, ContactResponse.NEGATIF])
    return (
        referrals_visible_to(membership).filter(stage=Stage.PERENCANAAN)
        .annotate(first_contacted_on=Min("contacts__contacted_on", filter=current_expert),
                  answers=Count("contacts", filter=answered))
        .filter(answers=0, first_contacted_on__lt=today - datetime.timedelta(days=EXPERT_ANSWER_DAYS))
    )


def expert_reports_outstanding(membership, today):
    """In evaluation, the expert's report was due before today and has not come back (the rows of
    Referral.expert_report_overdue)."""
    return referrals_visible_to(membership).filter(
        stage=Stage.EVALUASI, expert_report_due_on__lt=today, expert_report="", expert_report_file="")


def must_refer_cases_not_referred(membership, today):
    """Open cases whose problem is outside the counselor's authority (seed 000) with no referral but
    cancelled ones: "not yet referred" (R16)."""
    made = referrals_visible_to(membership).filter(case_id=OuterRef("pk")).exclude(stage=Stage.DIBATALKAN)
    return cases_visible_to(membership).filter(closed_on__isnull=True, category__in=MUST_REFER_CATEGORIES).filter(
        ~Exists(made)).exclude(waits_for_authorities_q())  # R2: not to be referred before the authorities


def overdue_action_items(membership, today):
    """Open action items of a case conference whose date has passed (who does what, when: seed 004): a
    counselor's of the conferences on the cases they counsel or led, not those they were invited to."""
    return open_actions_counted_for(membership).filter(due_on__lt=today)


def overdue_evaluations(membership, today):
    """Laiseg, Laijapen and Laijapan not done by their date (R13)."""
    return evaluations_counted_for(membership).filter(status__in=OPEN_STATUSES, due_on__lt=today)


def cases_open_longer_than_a_semester(membership, today):
    return cases_visible_to(membership).filter(
        closed_on__isnull=True, opened_on__lt=today - datetime.timedelta(days=SEMESTER_DAYS))


SIGNALS = [
    Signal("expert-answer", _("Referrals waiting for the expert's answer"),
           _("In planning, the expert was contacted more than %(days)s days ago and has not answered yet."),
           _("First contact"), referrals_waiting_for_the_expert),
    Signal("expert-report", _("Experts' reports outstanding"),
           _("In evaluation, the expert's report (rujukan balik) was due and has not come back."),
           _("Due on"), expert_reports_outstanding),
    Signal("must-refer", _("Must-refer cases not yet referred"),
           _("Open cases outside the counselor's authority without a referral."),
           _("Opened on"), must_refer_cases_not_referred),
    Signal("action-items", _("Overdue action items"),
           _("Open action items of case conferences past their date."),
           _("Due on"), overdue_action_items),
    Signal("evaluations", _("Overdue evaluations"),
           _("Laiseg, Laijapen and Laijapan not done by their date."),
           _("Due on"), overdue_evaluations),
    Signal("long-open", _("Cases open longer than a semester"),
           _("Open cases opened more than six months ago."),
           _("Opened on"), cases_open_longer_than_a_semester),
]
BY_KEY = {signal.key: signal for signal in SIGNALS}


class _CountOf(Subquery):
    """The number of rows of a queryset, as a scalar subquery (whatever its joins or grouping)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def signal_counts(membership, today=None):
    """[(signal, count)] of every signal for the user, in one query; [] for whoever reads no
    caseload (the principal, the operator, participants, teachers)."""
    if not reads_own_caseload(membership):
        return []
    sql, params = counting_query(membership, membership.role, membership.school_id, today or timezone.localdate())
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = dict(zip((column[0] for column in cursor.description), cursor.fetchone(), strict=True))
    return [(signal, row[_column(signal)]) for signal in SIGNALS]


def _column(signal):
    return signal.key.replace("-", "_")


@lru_cache(maxsize=512)
def counting_query(membership, role, school_id, today):
    """(sql, params) of the one query counting every signal of `membership` on `today`. Kept per member,
    role, school and day: what the query is built from (the member's role and ids, the day), so that a
    change of role or school builds it again."""
    counts = {_column(signal): _CountOf(signal.records(membership, today).order_by().values("pk"))
              for signal in SIGNALS}
    return School.objects.filter(pk=school_id).annotate(**counts).values(*counts).query.sql_with_params()
