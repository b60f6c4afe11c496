from django import template
from django.contrib.contenttypes.models import ContentType

from ..access import evaluations_visible_to

register = template.Library()


@register.simple_tag(takes_context=True)
def evaluations_of(context, record, kind=None):
    """The evaluations of `record` that the signed-in user may read (none for whoever does not counsel
    its case), in date order; one query."""
    request = context.get("request")
    membership = getattr(request, "membership", None)
    if record is None or membership is None:
        return []
    found = evaluations_visible_to(membership).filter(
        record_type=ContentType.objects.get_for_model(record), record_id=record.pk).select_related("done_by__user")
    if kind:
        found = found.filter(kind=kind)
    return list(found.order_by("due_on", "pk"))


@register.simple_tag(takes_context=True)
def case_evaluations(context, case):
    """The case page's panel: the evaluations of every record of the case the user may read, and
    whether they may record that the case's services have ended (once)."""
    from bkcase.models import Case

    from ..access import evaluates, evaluations_of_cases
    from ..records import record_kind

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"found": [], "may_end_services": False}
    found = evaluations_of_cases(membership, [case.pk])
    for evaluation in found:
        evaluation.record_kind = record_kind(evaluation)
    case_type = ContentType.objects.get_for_model(Case)
    ended = any(e.record_type_id == case_type.pk for e in found)
    serves = case.is_open and evaluates(membership, case)
    return {"found": found, "may_end_services": serves and not ended, "shown": bool(found) or serves}


@register.simple_tag
def my_evaluations(membership):
    """The counselor's evaluations due this week and overdue (R13), of the open cases they counsel, in
    a fixed number of queries however many there are. Names students: a view row for each (S28)."""
    import datetime

    from django.utils import timezone

    from bkcase import audit
    from bkcase.viewhelpers import first_rows

    from ..models import OPEN_STATUSES
    from ..records import record_kind

    today = timezone.localdate()
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    open_ones = evaluations_visible_to(membership).filter(status__in=OPEN_STATUSES, case__closed_on__isnull=True)
    listed = open_ones.select_related("case__student").only(
        "kind", "due_on", "status", "record_type_id", "record_id", "case__code", "case__student",
        "case__student__full_name")
    overdue, overdue_count = first_rows(listed.filter(due_on__lt=today).order_by("due_on", "pk"), 20)
    due = list(listed.filter(due_on__gte=today, due_on__lte=week_end).order_by("due_on", "pk")[:30])
    for evaluation in overdue + due:
        evaluation.record_kind = record_kind(evaluation)
    audit.record_shown(by=membership, object_type="evaluations.home", records=[e.case for e in overdue + due])
    return {"overdue": overdue, "overdue_count": overdue_count, "due": due, "today": today}


@register.simple_tag
def overdue_counts(membership):
    """For the coordinator: overdue evaluations per counselor, counts only (R13)."""
    from django.utils import timezone

    from ..access import overdue_per_counselor

    return overdue_per_counselor(membership, timezone.localdate())


@register.simple_tag
def done_evaluations(record):
    """The evaluations done of `record`, for its printed report (the Laporan ATK, the conference's
    report), whose view has checked who prints it. One query."""
    from ..models import Status

    if record is None or record.pk is None:
        return []
    return list(record.case.evaluations.filter(record_type=ContentType.objects.get_for_model(record),
                                                record_id=record.pk, status=Status.DONE)
                .select_related("done_by__user").order_by("done_on", "pk"))
