"""Who sees a referral to BK (R15).

- The teacher who sent it: in their own list, its status and the counselor's name only; its page
  and every case, referral and conference page answer them 404.
- The counselor of the student's class (its inbox) and, once accepted, whoever may see its case.
- The coordinator: every referral to BK of the school.
"""

from django.db.models import Q

from bkcase.access import (
    can_own_cases,
    cases_visible_to,
    has_role,
    is_teacher,
    read_once,
)
from bkcase.models import Role, SchoolYear, Student

from .models import BkReferral

COORDINATORS = {Role.KOORDINATOR}


def can_refer_to_bk(membership):
    return is_teacher(membership)


def can_handle_bk_referrals(membership):
    return can_own_cases(membership)


def students_referable_by(membership):
    """The students a teacher may refer: every active student of the school (a homeroom teacher's
    class comes first in the form; a subject teacher teaches many classes)."""
    if not can_refer_to_bk(membership):
        return Student.objects.none()
    return Student.objects.filter(school_id=membership.school_id, active=True)


def own_class_students(membership):
    """The students of the classes the teacher is homeroom teacher of, this school year."""
    year = SchoolYear.current_of(membership.school_id) if membership else None
    if year is None:
        return Student.objects.none()
    return students_referable_by(membership).filter(
        enrolments__year=year, enrolments__school_class__homeroom_teacher=membership)


def bk_referrals_sent_by(membership):
    if not can_refer_to_bk(membership):
        return BkReferral.objects.none()
    return BkReferral.objects.filter(school_id=membership.school_id, teacher=membership)


def bk_referrals_visible_to(membership):
    """The referrals to BK a counselor or the coordinator may open."""
    if not can_handle_bk_referrals(membership):
        return BkReferral.objects.none()
    referrals = BkReferral.objects.filter(school_id=membership.school_id)
    if has_role(membership, COORDINATORS):
        return referrals
    return referrals.filter(Q(counselor=membership) | Q(case__in=cases_visible_to(membership)))


def bk_referrals_of_cases(membership, case_ids):
    """The referrals to BK of these cases that the user may open (all of them for whoever may see the
    case), newest first, with the teacher who sent each. Read once a request: the chronology and the
    panel of the case's page show the same."""
    case_ids = tuple(sorted(set(case_ids)))
    return read_once(("bk_referrals_of_cases", membership.pk, case_ids), lambda: list(
        bk_referrals_visible_to(membership).filter(case_id__in=case_ids).select_related("teacher__user")
        .order_by("-created_at", "-pk")
    ))


def bk_inbox_of(membership):
    """The referrals waiting for an answer: the counselor's own, all of them for the coordinator."""
    return bk_referrals_visible_to(membership).filter(case__isnull=True, answered_at__isnull=True)


def cases_to_add_to(membership, student):
    """The open cases of the student a referral can be added to."""
    return cases_visible_to(membership).filter(student=student, closed_on__isnull=True)
