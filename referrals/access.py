"""Who may see and change the expert directory (and, with the ATK workflow, referrals)."""

from bkcase.access import has_role
from bkcase.models import Role

from .models import Expert

EXPERT_READERS = {Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA}
EXPERT_EDITORS = {Role.KOORDINATOR}


def can_read_experts(membership):
    return has_role(membership, EXPERT_READERS)


def can_manage_experts(membership):
    return has_role(membership, EXPERT_EDITORS)


def experts_visible_to(membership):
    if not can_read_experts(membership):
        return Expert.objects.none()
    return Expert.objects.filter(school_id=membership.school_id)
