"""Who may see and change the expert directory and referrals.

A referral is visible to whoever may see its case (its counselor and co-counselors) and to the
coordinator, who oversees all of the school's referrals. Nobody else sees referrals.
"""

from django.db.models import Prefetch

from bkcase.access import has_role, on_visible_case, read_once
from bkcase.models import Role

from .models import ContactResponse, Expert, ExpertContact, Referral

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
    """The destinations a referral of the school (or of the school's id) may choose: the active
    entries of its directory."""
    return Expert.objects.filter(school=school, active=True)


def referrals_visible_to(membership):
    if not can_work_on_referrals(membership):
        return Referral.objects.none()
    referrals = Referral.objects.filter(school_id=membership.school_id)
    if membership.role == Role.KOORDINATOR:
        return referrals
    return referrals.filter(on_visible_case(membership))


def referrals_of_cases(membership, case_ids):
    """The referrals of these cases that the user sees (all of them for whoever may see the case), oldest
    first, with what the case's page shows of them: their expert, who started them, the contacts in which
    the expert agreed (`agreed_contacts`), their stage changes. Read once a request: the chronology and
    the referrals panel show the same."""
    case_ids = tuple(sorted(set(case_ids)))
    return read_once(("referrals_of_cases", membership.pk, case_ids), lambda: list(
        referrals_visible_to(membership).filter(case_id__in=case_ids)
        .select_related("expert", "created_by__user")
        .prefetch_related(
            Prefetch("contacts", queryset=ExpertContact.objects.filter(response=ContactResponse.POSITIF),
                     to_attr="agreed_contacts"),
            "stage_changes",
        )
        .order_by("created_at", "pk")
    ))
