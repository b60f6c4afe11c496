"""The figures of the BK period report (laporan bulanan / semester) for a period and a school year.

Every figure is a count made in SQL (Count with a filter, grouped with values()), so the number of
queries is the same for ten cases or ten thousand: one grouped query for the cases (category, class
level, sex and source together, rolled up here), two for the month-by-month trend, three for the
services, two for the referrals (ATK), two for the conferences and their action items, and one
for the evaluations (evaluations/report.py period_counts: counts only, no answers loaded).

What the figures count:
- cases: *opened* in the period, *closed* in the period, and *open* at its end (opened by then and
  not closed by then); the class level is the student's class in the chosen school year (their
  enrolment), "no class" when they have none that year;
- services: the counselor's entries held in the period up to today (notes are not services); a
  group session counts once however many members it had; "students" counts each student once;
- ATK: the referrals started in the period, by the expert's kind, their stage now and their result
  (tuntas / sebagian / belum, or not assessed yet); a cancelled referral is not counted as started
  nor as "not assessed yet": it shows only in the table by stage, in its own row "Cancelled"; the
  days from "must be referred" (the opening of a case whose category must be referred) to its
  first referral (one recorded as started before its case's opening date, which was changed
  afterwards, is left out; so is a criminal matter whose student is the alleged offender, R2: it
  may be referred only once the authorities have processed it, a wait that is not the counselor's),
  and from the handover to the
  client meeting the expert, and from the handover to the expert's report (rujukan balik) coming
  back (referrals whose report came back before its date was recorded have no date: left out);
- conferences: proposed (created, not cancelled since) and held in the period, and held successfully by the seed's test:
  meaningful new data and every participant present committed (conferences.models
  Conference.succeeded, here in SQL); the action items due in the period, done on time, done late,
  still open, dropped;
- evaluations: due in the period, done on time, done late, not done, still open (period_counts, the
  evaluations report's counts in SQL).

Each figure is a `Table` (rows and columns of counts, with its total): the page, the PDF, the Excel
workbook, the charts and the de-identified figures all read the same tables.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import (
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import TruncMonth
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from bkcase.models import (
    MUST_REFER_CATEGORIES,
    ROMAN,
    CaseSource,
    Category,
    Enrolment,
    Semester,
    Sex,
    alleged_offender_q,
)
from bkcase.workflow import FLOW, Stage
from conferences.models import ActionStatus, Conference, ConferenceQuerySet
from counseling.models import Kind as ServiceKind
from counseling.models import Service
from evaluations.models import Evaluation
from evaluations.report import period_counts
from referrals.models import Effectiveness, ExpertKind, Referral

from . import access
from .deidentify import check_whole_months

MONTHS = [_("January"), _("February"), _("March"), _("April"), _("May"), _("June"), _("July"), _("August"),
          _("September"), _("October"), _("November"), _("December")]
NOT_RECORDED = _("not recorded")
NO_CLASS = _("no class this school year")
NOT_ASSESSED = _("not assessed yet")


@dataclass
class Period:
    start: datetime.date
    end: datetime.date
    year: object = None  # the SchoolYear whose classes give the class levels
    kind: str = "custom"  # month, semester or custom: how the period is named
    semester: str = ""

    @property
    def label(self):
        """The period's name in the current language: "November 2026", "odd semester (ganjil)
        2026/2027", or its first and last day."""
        if self.kind == "month":
            return f"{MONTHS[self.start.month - 1]} {self.start.year}"
        if self.kind == "semester" and self.year is not None:
            return f"{Semester(self.semester).label} {self.year.name}"
        return f"{formats.date_format(self.start, 'DATE_FORMAT')} – {formats.date_format(self.end, 'DATE_FORMAT')}"

    @property
    def query(self):
        """The period as the query string the page's links carry."""
        return urlencode({"span": self.kind, "year": self.year.pk if self.year is not None else "",
                          "month": self.start.month, "semester": self.semester,
                          "start": f"{self.start:%Y-%m-%d}", "end": f"{self.end:%Y-%m-%d}"})

    @property
    def slug(self):
        return f"{self.start:%Y%m%d}-{self.end:%Y%m%d}"


@dataclass
class Column:
    key: str
    label: object
    count: bool = True  # a count (suppressed and rounded in the de-identified figures), or a number of days


@dataclass
class Row:
    key: object
    label: object
    cells: list


@dataclass
class Table:
    key: str
    title: object
    heading: object  # the header of the rows' label column
    columns: list
    rows: list
    total: Row | None = None
    note: object = ""
    chart: str = ""  # a data: URL of the chart's SVG, when the table has one
    chart_alt: object = ""
    extra: dict = field(default_factory=dict)

    def value(self, row_key, column_key):
        """The cell of a row and a column (for tests and the charts)."""
        index = [column.key for column in self.columns].index(column_key)
        row = self.total if row_key is None else next(row for row in self.rows if row.key == row_key)
        return row.cells[index]

    def column(self, column_key):
        index = [column.key for column in self.columns].index(column_key)
        return [row.cells[index] for row in self.rows]


def _table(key, title, heading, columns, rows, counts, *, total=True, note=""):
    """A table of `rows` [(key, label)] and `columns`, filled from counts {row key: {column key: n}}
    (missing cells are 0), with a total row of the count columns."""
    built = [Row(row_key, label, [counts.get(row_key, {}).get(column.key, 0) for column in columns])
             for row_key, label in rows]
    total_row = None
    if total:
        total_row = Row(None, _("Total"), [sum(row.cells[i] for row in built) if column.count else None
                                          for i, column in enumerate(columns)])
    return Table(key, title, heading, columns, built, total_row, note=note)


def _add(counts, row_key, values):
    target = counts.setdefault(row_key, {})
    for name, n in values.items():
        target[name] = target.get(name, 0) + n


# Cases ----------------------------------------------------------------------------------------

CASE_COLUMNS = [Column("opened", _("Opened")), Column("closed", _("Closed")), Column("open", _("Open at the end"))]


def _level_label(level):
    return _("Class %(level)s") % {"level": ROMAN.get(level, level)}


def case_tables(cases, period):
    """Cases opened, closed and open by category, class level, sex and source: one grouped query."""
    start, end = period.start, period.end
    in_play = cases.filter(opened_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    if period.year is not None:
        level = Subquery(Enrolment.objects.filter(student=OuterRef("student_id"), year=period.year)
                         .values("school_class__level")[:1])
    else:
        level = Value(None, output_field=IntegerField())
    grouped = (
        in_play.annotate(level=level).order_by()
        .values("category", "student__sex", "source", "level")
        .annotate(in_play=Count("id"), opened=Count("id", filter=Q(opened_on__gte=start)),
                  closed=Count("id", filter=Q(closed_on__lte=end)),
                  open=Count("id", filter=Q(closed_on__isnull=True) | Q(closed_on__gt=end)))
    )
    by = {"category": {}, "level": {}, "sex": {}, "source": {}}
    in_play_count = 0
    for row in grouped:
        in_play_count += row["in_play"]
        values = {name: row[name] for name in ("opened", "closed", "open")}
        _add(by["category"], row["category"], values)
        _add(by["level"], row["level"], values)
        _add(by["sex"], row["student__sex"], values)
        _add(by["source"], row["source"], values)
    levels = sorted(level for level in by["level"] if level is not None)
    level_rows = [(level, _level_label(level)) for level in levels]
    if None in by["level"] or not level_rows:
        level_rows.append((None, NO_CLASS))
    by_category = _table("cases_by_category", _("Cases by category"), _("Category"), CASE_COLUMNS, Category.choices,
                         by["category"])
    by_category.extra = {"in_play": in_play_count}  # the cases the period counts: how large a report it is
    return [
        by_category,
        _table("cases_by_level", _("Cases by class level"), _("Class level"), CASE_COLUMNS, level_rows, by["level"]),
        _table("cases_by_sex", _("Cases by sex"), _("Sex"), CASE_COLUMNS, Sex.choices, by["sex"]),
        _table("cases_by_source", _("Cases by where they came from"), _("Source"), CASE_COLUMNS,
               [*CaseSource.choices, ("", NOT_RECORDED)], by["source"]),
    ]


def _months(start, end):
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + datetime.timedelta(days=32)).replace(day=1)
    return months


def trend_start(period):
    """The month-by-month trend runs from the start of the school year (or of the period, when it
    starts earlier or there is no school year) to the end of the period."""
    if period.year is not None:
        year_start = period.year.starts_on
        if year_start <= period.end:
            return min(year_start, period.start)
    return period.start


def trend_table(cases, period):
    """Cases opened and closed per month: two grouped queries."""
    start, end = trend_start(period), period.end
    opened = (cases.filter(opened_on__gte=start, opened_on__lte=end).annotate(month=TruncMonth("opened_on"))
              .order_by().values("month").annotate(n=Count("id")))
    closed = (cases.filter(closed_on__gte=start, closed_on__lte=end).annotate(month=TruncMonth("closed_on"))
              .order_by().values("month").annotate(n=Count("id")))
    counts = {}
    for name, rows in (("opened", opened), ("closed", closed)):
        for row in rows:
            month = row["month"]
            month = month.date() if isinstance(month, datetime.datetime) else month
            _add(counts, month, {name: row["n"]})
    rows = [(month, f"{MONTHS[month.month - 1]} {month.year}") for month in _months(start, end)]
    return _table("cases_per_month", _("Cases opened and closed per month"), _("Month"),
                  [Column("opened", _("Opened")), Column("closed", _("Closed"))], rows, counts)


# Services -------------------------------------------------------------------------------------

SERVICE_KINDS = [(kind, label) for kind, label in ServiceKind.choices if kind != ServiceKind.CATATAN]


def _given(row):
    """A group session counts once, however many members' cases it was recorded in."""
    return row["groups"] if row["kind"] == ServiceKind.KELOMPOK else row["entries"]


def _counselor_name(row):
    first, last = row["created_by__user__first_name"], row["created_by__user__last_name"]
    return f"{first or ''} {last or ''}".strip() or row["created_by__user__username"]


def service_tables(services, period, *, per_counselor=True):
    """Services given by kind (and students reached), and per counselor: three grouped queries."""
    today = timezone.localdate()
    held = (services.filter(held_on__gte=period.start, held_on__lte=min(period.end, today))
            .exclude(kind=ServiceKind.CATATAN).order_by())
    by_kind = {}
    for row in held.values("kind").annotate(entries=Count("id"), groups=Count("group", distinct=True),
                                            students=Count("case__student", distinct=True)):
        by_kind[row["kind"]] = {"given": _given(row), "students": row["students"]}
    columns = [Column("given", _("Given")), Column("students", _("Students"))]
    kinds = _table("services_by_kind", _("Services by kind"), _("Service"), columns, SERVICE_KINDS, by_kind)
    # a student served in two kinds is one student in the total
    kinds.total.cells[1] = held.aggregate(n=Count("case__student", distinct=True))["n"]
    tables = [kinds]
    if per_counselor:
        counselors, names = {}, {}
        for row in held.values("created_by", "created_by__user__first_name", "created_by__user__last_name",
                               "created_by__user__username", "kind").annotate(
                entries=Count("id"), groups=Count("group", distinct=True)):
            names[row["created_by"]] = _counselor_name(row)
            _add(counselors, row["created_by"], {row["kind"]: _given(row)})
        rows = sorted(names.items(), key=lambda item: item[1].lower())
        tables.append(_table("services_per_counselor", _("Services per counselor"), _("Counselor"),
                             [Column(kind, label) for kind, label in SERVICE_KINDS], rows, counselors))
    return tables


# Referrals (ATK) ------------------------------------------------------------------------------

RESULTS = [*Effectiveness.choices, ("", NOT_ASSESSED)]
STAGES = [(stage.value, stage.label) for stage in [*FLOW, Stage.DIBATALKAN]]


def _days(value):
    if value is None:
        return None
    return round(value.total_seconds() / 86400, 1) if isinstance(value, datetime.timedelta) else round(value, 1)


def referral_tables(referrals, period):
    """ATK started in the period by expert kind and result, by stage, by result; and the days between
    its milestones: two queries."""
    in_period = referrals.filter(created_at__date__gte=period.start, created_at__date__lte=period.end).order_by()
    started = in_period.exclude(stage=Stage.DIBATALKAN)  # a cancelled referral shows only by its stage
    by_kind, by_stage, by_result = {}, {}, {}
    for row in in_period.values("expert__kind", "stage", "effectiveness").annotate(n=Count("id")):
        _add(by_stage, row["stage"], {"referrals": row["n"]})
        if row["stage"] == Stage.DIBATALKAN:
            continue
        _add(by_kind, row["expert__kind"], {"referrals": row["n"], row["effectiveness"] or "none": row["n"]})
        _add(by_result, row["effectiveness"], {"referrals": row["n"]})
    result_columns = [Column(value or "none", label) for value, label in RESULTS]
    count = [Column("referrals", _("Referrals"))]
    # the days between milestones, in one aggregate query
    # a referral recorded as started before its case's opening date (the date was changed afterwards)
    # has no meaningful wait: it is left out
    # an alleged offender's criminal matter waits for the authorities before it may be referred (R2)
    first_of_must_refer = Q(case__category__in=MUST_REFER_CATEGORIES, previous__isnull=True,
                            created_at__date__gte=F("case__opened_on")) & ~alleged_offender_q("case__")
    to_referral = ExpressionWrapper(F("created_at__date") - F("case__opened_on"), output_field=DurationField())
    to_meeting = ExpressionWrapper(F("client_met_expert_on") - F("handover_on"), output_field=DurationField())
    met = Q(handover_on__isnull=False, client_met_expert_on__isnull=False)
    to_report = ExpressionWrapper(F("expert_report_received_on") - F("handover_on"), output_field=DurationField())
    reported = Q(handover_on__isnull=False, expert_report_received_on__isnull=False)
    stats = started.aggregate(
        referral_n=Count("id", filter=first_of_must_refer), referral_avg=Avg(to_referral, filter=first_of_must_refer),
        referral_min=Min(to_referral, filter=first_of_must_refer),
        referral_max=Max(to_referral, filter=first_of_must_refer),
        meeting_n=Count("id", filter=met), meeting_avg=Avg(to_meeting, filter=met),
        meeting_min=Min(to_meeting, filter=met), meeting_max=Max(to_meeting, filter=met),
        report_n=Count("id", filter=reported), report_avg=Avg(to_report, filter=reported),
        report_min=Min(to_report, filter=reported), report_max=Max(to_report, filter=reported),
        handed_over=Count("id", filter=Q(handover_on__isnull=False)),
        with_report=Count("id", filter=Q(handover_on__isnull=False) & (~Q(expert_report="") | ~Q(expert_report_file=""))),
    )
    day_columns = [Column("n", _("Referrals")), Column("average", _("Average days"), count=False),
                   Column("shortest", _("Shortest"), count=False), Column("longest", _("Longest"), count=False)]
    days = {
        key: {"n": stats[f"{key}_n"], "average": _days(stats[f"{key}_avg"]),
              "shortest": _days(stats[f"{key}_min"]), "longest": _days(stats[f"{key}_max"])}
        for key in ("referral", "meeting", "report")
    }
    timing = _table("referral_days", _("Days between the referral's milestones"), _("From … to …"), day_columns,
                    [("referral", _("From \"must be referred\" (case opened) to the first referral")),
                     ("meeting", _("From the handover to the client meeting the expert")),
                     ("report", _("From the handover to the expert's report coming back"))], days, total=False)
    timing.extra = {"handed_over": stats["handed_over"], "with_report": stats["with_report"]}
    return [
        _table("referrals_by_expert_kind", _("ATK by kind of expert and result"), _("Kind of expert"),
               count + result_columns, ExpertKind.choices, by_kind),
        _table("referrals_by_stage", _("ATK by stage"), _("Stage"), count, STAGES, by_stage),
        _table("referrals_by_result", _("ATK results"), _("Result"), count, RESULTS, by_result),
        timing,
    ]


# Conferences ----------------------------------------------------------------------------------

def conference_tables(conferences, period):
    """Conferences proposed, held and successful; action items due and how they ended: two queries."""
    start, end = period.start, period.end
    # the one rule and measure of conferences/models.py ConferenceQuerySet (the conference recap's)
    proposed = ConferenceQuerySet.proposed_q(start, end)
    held = ConferenceQuerySet.held_q(start, end)
    counted = (conferences.filter(proposed | held).order_by().with_outcome()
               .aggregate(proposed=Count("id", filter=proposed), held=Count("id", filter=held),
                          succeeded=Count("id", filter=held & Q(successful=True))))
    due = Q(action_items__due_on__gte=start, action_items__due_on__lte=end)
    done = due & Q(action_items__status=ActionStatus.DONE)
    items = conferences.order_by().aggregate(
        due=Count("action_items", filter=due),
        on_time=Count("action_items", filter=done & Q(action_items__completed_on__lte=F("action_items__due_on"))),
        late=Count("action_items", filter=done & (Q(action_items__completed_on__gt=F("action_items__due_on"))
                                                   | Q(action_items__completed_on__isnull=True))),
        open=Count("action_items", filter=due & Q(action_items__status=ActionStatus.OPEN)),
        dropped=Count("action_items", filter=due & Q(action_items__status=ActionStatus.DROPPED)),
    )
    return [
        _table("conferences", _("Case conferences"), _("Conferences"), [Column("n", _("Number"))],
               [("proposed", _("Proposed")), ("held", _("Held")),
                ("succeeded", _("Held successfully (new data, every participant present committed)"))],
               {name: {"n": counted[name]} for name in ("proposed", "held", "succeeded")}, total=False),
        _table("action_items", _("Action items due in the period"), _("Action items"), [Column("n", _("Number"))],
               [("due", _("Due")), ("on_time", _("Done on time")), ("late", _("Done late")),
                ("open", _("Still open")), ("dropped", _("Dropped"))],
               {name: {"n": items[name]} for name in ("due", "on_time", "late", "open", "dropped")}, total=False),
    ]


# Evaluations ----------------------------------------------------------------------------------

EVALUATION_COLUMNS = [Column("due", _("Due")), Column("on_time", _("Done on time")), Column("late", _("Done late")),
                      Column("missed", _("Not done")), Column("open", _("Still open"))]


def evaluation_table(evaluations, period):
    rows = period_counts(evaluations, period.start, period.end)  # one grouped query, no answers loaded
    counts = {row.kind: {column.key: getattr(row, column.key) for column in EVALUATION_COLUMNS} for row in rows}
    return _table("evaluations", _("Evaluations (Laiseg, Laijapen, Laijapan)"), _("Evaluation"), EVALUATION_COLUMNS,
                  [(row.kind, row.label) for row in rows], counts)


# The whole report -----------------------------------------------------------------------------

SECTIONS = [
    ("cases", _("Cases")),
    ("services", _("Services given")),
    ("referrals", _("Referrals (ATK)")),
    ("conferences", _("Case conferences")),
    ("evaluations", _("Evaluations")),
]


def _sections(cases, membership, period, *, per_counselor, timing):
    referrals = referral_tables(access.records_on(cases, Referral, membership), period)
    return {
        "cases": [*case_tables(cases, period), trend_table(cases, period)],
        "services": service_tables(access.records_on(cases, Service, membership), period,
                                   per_counselor=per_counselor),
        "referrals": referrals if timing else referrals[:-1],
        "conferences": conference_tables(access.records_on(cases, Conference, membership), period),
        "evaluations": [evaluation_table(access.records_on(cases, Evaluation, membership), period)],
    }


def period_figures(membership, period):
    """The named period report's tables, by section: the coordinator's count the whole school, a
    counselor's their own caseload."""
    return _sections(access.cases_reported_for(membership), membership, period, per_counselor=True, timing=True)


def school_figures(membership, period):
    """The whole school's tables for the de-identified figures (before suppression): no per-counselor
    table, no days (an average of few referrals says too much); whole months that have ended only."""
    check_whole_months(period)
    return _sections(access.deidentified_cases_for(membership), membership, period, per_counselor=False,
                     timing=False)


def cases_counted(sections):
    """How many cases the report counts (opened before its end, not closed before its start)."""
    return sections["cases"][0].extra.get("in_play", 0)


def all_tables(sections):
    return [table for key, _label in SECTIONS for table in sections.get(key, [])]
