from django import template

from ..access import bk_inbox_of, bk_referrals_of_cases, bk_referrals_sent_by

register = template.Library()


@register.simple_tag
def bk_inbox(membership, limit=10):
    """The referrals to BK waiting in the counselor's (or the coordinator's) inbox."""
    return list(bk_inbox_of(membership).select_related("student", "teacher__user").order_by("-created_at")[:limit])


@register.simple_tag
def my_bk_referrals(membership, limit=10):
    return list(bk_referrals_sent_by(membership).select_related(
        "student", "counselor__user", "answered_by__user", "case__counselor__user")[:limit])


@register.simple_tag
def case_bk_referrals(membership, case):
    """The referrals to BK of a case, for its page."""
    return bk_referrals_of_cases(membership, [case.pk])
