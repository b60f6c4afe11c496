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

    from ..access import cases_evaluated_by
    from ..records import record_kind

    request = context.get("request")
    membership = getattr(request, "membership", None)
    if membership is None:
        return {"found": [], "may_end_services": False}
    found = list(evaluations_visible_to(membership).filter(case_id=case.pk).order_by("due_on", "pk"))
    for evaluation in found:
        evaluation.record_kind = record_kind(evaluation)
    case_type = ContentType.objects.get_for_model(Case)
    ended = any(e.record_type_id == case_type.pk for e in found)
    serves = case.is_open and cases_evaluated_by(membership).filter(pk=case.pk).exists()
    return {"found": found, "may_end_services": serves and not ended, "shown": bool(found) or serves}
