"""The period report of the evaluations (R13): for the evaluations due in a period, how many were done on
time, done late, not done, and are still open, per kind; and how the students answered each item
(counts, no names). The coordinator's covers the school, a counselor's their own cases."""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, F, Q

from .items import LEVELS, SCALE, Variant, items_of
from .models import OPEN_STATUSES, Kind, Status


@dataclass
class KindRow:
    kind: str
    label: object
    due: int = 0
    on_time: int = 0
    late: int = 0
    missed: int = 0
    open: int = 0


@dataclass
class ItemRow:
    label: object
    levels: list  # [(answer label, count)] in the order of LEVELS
    scores: list = field(default_factory=list)  # [(score, count)] for 1..5, when scores were given
    answered: int = 0


def period_counts(evaluations, start, end):
    """The counts alone of period_report's rows (one KindRow per kind), in one grouped SQL query: no
    answers loaded, for the period report and the de-identified figures (reports/figures.py)."""
    done = Q(status=Status.DONE)
    on_time = done & Q(done_on__isnull=False, done_on__lte=F("due_on"))
    counts = {
        row["kind"]: row for row in evaluations.filter(due_on__gte=start, due_on__lte=end).order_by()
        .values("kind").annotate(due=Count("id"), on_time=Count("id", filter=on_time),
                                 late=Count("id", filter=done & ~on_time),
                                 missed=Count("id", filter=Q(status=Status.MISSED)),
                                 open=Count("id", filter=Q(status__in=OPEN_STATUSES)))
    }
    return [KindRow(kind, label, *(counts.get(kind, {}).get(name, 0)
                                   for name in ("due", "on_time", "late", "missed", "open")))
            for kind, label in Kind.choices]


def period_report(evaluations, start, end):
    """The counts of `evaluations` (a queryset the caller scoped) due from `start` to `end`."""
    rows = {kind: KindRow(kind, label) for kind, label in Kind.choices}
    answers = {variant: [] for variant in Variant.values}
    in_period = evaluations.filter(due_on__gte=start, due_on__lte=end)
    for kind, status, due_on, done_on, variant, given in in_period.values_list(
            "kind", "status", "due_on", "done_on", "variant", "answers").iterator(chunk_size=2000):
        row = rows[kind]
        row.due += 1
        if status == Status.DONE:
            if done_on is not None and done_on <= due_on:
                row.on_time += 1
            else:
                row.late += 1
            answers.setdefault(variant, []).append(given or {})
        elif status == Status.MISSED:
            row.missed += 1
        elif status in OPEN_STATUSES:
            row.open += 1
    total = KindRow("", "", *(sum(getattr(r, name) for r in rows.values())
                              for name in ("due", "on_time", "late", "missed", "open")))
    distributions = []
    for variant, given in answers.items():
        if not given:
            continue
        items = []
        for item in items_of(variant):
            levels = Counter(a.get(item.key, {}).get("level") for a in given)
            scores = Counter(a.get(item.key, {}).get("scale") for a in given)
            items.append(ItemRow(
                label=item.label, levels=[(item.answer_label(level), levels[level]) for level in LEVELS],
                scores=[(n, scores[n]) for n in SCALE] if any(scores[n] for n in SCALE) else [],
                answered=sum(levels[level] for level in LEVELS),
            ))
        distributions.append({"variant": Variant(variant).label, "count": len(given), "items": items})
    return {"rows": list(rows.values()), "total": total, "distributions": distributions}
