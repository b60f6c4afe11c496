from django import template
from django.utils import timezone

from bkcase.workflow import Stage

from ..access import referrals_of_cases, referrals_visible_to

register = template.Library()


@register.simple_tag
def case_referrals(membership, case):
    """The referrals of a case, for its page (whoever sees the case sees its referrals)."""
    return referrals_of_cases(membership, [case.pk])


@register.simple_tag
def overdue_expert_reports(membership):
    """The referrals whose expert's report was due and has not come back, for the home page."""
    return list(
        referrals_visible_to(membership)
        .filter(stage=Stage.EVALUASI, expert_report_due_on__lt=timezone.localdate(),
                expert_report="", expert_report_file="")
        .select_related("expert").order_by("expert_report_due_on", "pk")[:20]
    )


@register.filter
def letter_ready(referral, kind):
    """Whether the letter `kind` (a LetterKind) of the referral can be printed now: the model's
    answer, which the print service asks too."""
    return referral.letter_ready(kind)
