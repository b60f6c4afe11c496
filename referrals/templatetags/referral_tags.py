from django import template

from ..access import referrals_of_case

register = template.Library()


@register.simple_tag
def case_referrals(membership, case):
    """The referrals of a case, for its page (whoever sees the case sees its referrals)."""
    return referrals_of_case(membership, case).select_related("expert").order_by("created_at", "pk")


@register.filter
def letter_ready(referral, kind):
    """Whether the letter `kind` (a LetterKind) of the referral can be printed now: the model's
    answer, which the print service asks too."""
    return referral.letter_ready(kind)
