from django import template
from django.utils import timezone

from ..access import conferences_visible_to, invitations_of
from ..models import ActionItem, ActionStatus, Approval, Conference

register = template.Library()


@register.simple_tag
def case_conferences(case):
    """The conferences of a case, for its page (whoever sees the case sees its conferences)."""
    return Conference.objects.filter(case=case).order_by("created_at", "pk")


@register.simple_tag
def awaiting_approval(membership):
    """The principal's queue."""
    return (
        conferences_visible_to(membership).filter(approval=Approval.REQUESTED, stage="perencanaan")
        .select_related("leader__user").order_by("approval_requested_at")
    )


@register.simple_tag
def my_invitations(membership):
    return invitations_of(membership).select_related("conference").order_by("-conference__held_on")


@register.simple_tag
def my_open_actions(membership):
    """Open action items the user answers for, or of the conferences they organise; overdue first."""
    visible = conferences_visible_to(membership).values("pk")
    items = ActionItem.objects.filter(status=ActionStatus.OPEN, conference__in=visible)
    if membership.is_participant:
        items = items.filter(responsible__account=membership)
    return items.select_related("conference", "responsible").order_by("due_on")[:20]


@register.filter
def overdue(item):
    return item.status == ActionStatus.OPEN and item.due_on < timezone.localdate()
