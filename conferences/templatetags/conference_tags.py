from django import template

from bkcase.workflow import Stage

from ..access import conferences_of_cases, conferences_visible_to, invitations_of, is_invited_guest, open_actions_for
from ..models import AckMethod, Approval

register = template.Library()


@register.simple_tag
def case_conferences(membership, case):
    """The conferences of a case, for its page (whoever sees the case sees its conferences)."""
    return conferences_of_cases(membership, [case.pk])


@register.simple_tag
def awaiting_approval(membership):
    """The principal's queue."""
    return (
        conferences_visible_to(membership).filter(approval=Approval.REQUESTED, stage=Stage.PERENCANAAN)
        .select_related("leader__user").order_by("approval_requested_at")
    )


@register.simple_tag
def my_invitations(membership):
    """The user's invitations; not the conferences they take part in by their task (the ones they
    lead or take the minutes of), which are their own work, not an invitation."""
    return (
        invitations_of(membership).exclude(acknowledged_how=AckMethod.BY_TASK)
        .select_related("conference").order_by("-conference__held_on")
    )


@register.simple_tag
def invited_guest(membership):
    """Whether the user takes part in conferences only by invitation (their home shows the section
    even while empty)."""
    return is_invited_guest(membership)


@register.simple_tag
def my_open_actions(membership):
    """Open action items the user answers for, or of the conferences they organise; overdue first."""
    return open_actions_for(membership).select_related("conference", "responsible").order_by("due_on")[:20]


@register.filter
def can_print(conference, kind):
    """{% if conference|can_print:"undangan" %}: the conference's own answer, which the print service
    asks too."""
    return conference.can_print(kind)


@register.filter
def print_refusal(conference, kind):
    return conference.print_refusal(kind) or ""


@register.filter
def decision_refusal(conference):
    """Why the principal cannot approve now (e.g. the date has passed)."""
    return conference.decision_refusal(approve=True) or ""
