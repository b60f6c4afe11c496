from django import template

from ..models import Referral

register = template.Library()


@register.simple_tag
def case_referrals(case):
    """The referrals of a case, for its page (whoever sees the case sees its referrals)."""
    return Referral.objects.filter(case=case).select_related("expert").order_by("created_at", "pk")
