"""Who may see and do what with follow-up evaluations (R13, R9).

- The case's counselors (responsible and co-counselors) see their cases' evaluations with the
  answers, fill them, reschedule them, and mark them missed.
- The BK coordinator keeps the school's evaluation settings and sees, per counselor, how many
  evaluations are overdue, and the period report's counts: never the answers (unless they counsel the
  case themselves).
- Nobody else sees any evaluation: its URLs answer 404, and the denial is audited.
"""

from django.db.models import Count, Q

from bkcase.access import (
    CASE_OWNERS,
    CASELOAD_OVERSEERS,
    cases_counseled_by,
    counseled_among,
    counselors_of,
    has_role,
    on_visible_case,
    read_once,
)
from bkcase.models import Case

from .models import OPEN_STATUSES, Evaluation, EvaluationSettings


def can_evaluate(membership):
    return has_role(membership, CASE_OWNERS)


def can_configure_evaluations(membership):
    """The BK coordinator chooses the items (UCA or AKURS), the score and the default offsets."""
    return has_role(membership, CASELOAD_OVERSEERS)


def can_read_evaluation_report(membership):
    return has_role(membership, CASE_OWNERS)


def cases_evaluated_by(membership):
    """The cases whose evaluations the user does: those they counsel (responsible or co-counselor)."""
    if not can_evaluate(membership):
        return Case.objects.none()
    return cases_counseled_by(membership)


def evaluates(membership, case):
    """Whether the user does the evaluations of `case` (asked once a request)."""
    return can_evaluate(membership) and case.pk in counseled_among(membership, [case.pk])


def evaluations_visible_to(membership):
    """The evaluations (with their answers) the user may read and act on: those of the cases they counsel."""
    if not can_evaluate(membership):
        return Evaluation.objects.none()
    return Evaluation.objects.filter(school_id=membership.school_id).filter(on_visible_case(membership))


def evaluations_of_cases(membership, case_ids):
    """The evaluations of these cases the user may read, by due date, with who did or missed them. Read
    once a request: the chronology and the evaluations panel of the case's page show the same."""
    case_ids = tuple(sorted(set(case_ids)))
    return read_once(("evaluations_of_cases", membership.pk, case_ids), lambda: list(
        evaluations_visible_to(membership).filter(case_id__in=case_ids)
        .select_related("done_by__user", "missed_by__user").order_by("due_on", "pk")
    ))


def evaluations_counted_for(membership):
    """The evaluations the period report counts (counts only, never answers or names): the whole
    school's for the coordinator, the user's own cases' for a counselor."""
    if has_role(membership, CASELOAD_OVERSEERS):
        return Evaluation.objects.filter(school_id=membership.school_id)
    return evaluations_visible_to(membership)


def overdue_per_counselor(membership, today):
    """For the coordinator: each counselor of the school with the number of their cases' evaluations
    that are overdue (counts, not answers). Empty for everyone else."""
    if not has_role(membership, CASELOAD_OVERSEERS):
        return []
    overdue = Q(cases__evaluations__status__in=OPEN_STATUSES, cases__evaluations__due_on__lt=today)
    return list(counselors_of(membership.school).annotate(overdue_evaluations=Count("cases__evaluations",
                                                                                     filter=overdue)))


def settings_of(membership):
    return EvaluationSettings.of(membership.school_id)
