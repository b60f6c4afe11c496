"""Who may see and change the expert directory and referrals.

A referral is visible to whoever may see its case (its counselor and co-counselors) and to the
coordinator, who oversees all of the school's referrals. Nobody else sees referrals.
"""

from bkcase.access import has_role, on_visible_case
from bkcase.models import Role

from .models import Expert, Referral

EXPERT_READERS = {Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA}
EXPERT_EDITORS = {Role.KOORDINATOR}
REFERRAL_WORKERS = {Role.KONSELOR, Role.KOORDINATOR}
REFERRAL_OVERSEERS = {Role.KOORDINATOR}


def can_read_experts(membership):
    return has_role(membership, EXPERT_READERS)


def can_manage_experts(membership):
    return has_role(membership, EXPERT_EDITORS)


def can_work_on_referrals(membership):
    return has_role(membership, REFERRAL_WORKERS)


def experts_visible_to(membership):
    if not can_read_experts(membership):
        return Expert.objects.none()
    return Expert.objects.filter(school_id=membership.school_id)


def referrable_experts(school):
    """The destinations a referral of the school may choose: the active entries of its directory."""
    return Expert.objects.filter(school=school, active=True)


def referrals_visible_to(membership):
    if not can_work_on_referrals(membership):
        return Referral.objects.none()
    referrals = Referral.objects.filter(school_id=membership.school_id)
    if membership.role == Role.KOORDINATOR:
        return referrals
    return referrals.filter(on_visible_case(membership))


def referrals_of_case(membership, case):
    """The referrals of a case that the user sees, for the case's page: all of them for whoever may
    see the case."""
    return referrals_visible_to(membership).filter(case=case)
