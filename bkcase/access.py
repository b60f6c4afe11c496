"""Who may see and do what. Every list, search, count, detail and action goes through these.

A record a user may not see answers 404 (not 403: we do not confirm that a student has a case),
and the denial is audited.
"""

from django.db.models import Q
from django.http import Http404

from . import audit
from .models import Case, Membership, Role, Student

SESSION_KEY = "bkcase_membership"

STUDENT_READERS = {Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA, Role.OPERATOR}
STUDENT_EDITORS = {Role.KONSELOR, Role.KOORDINATOR, Role.OPERATOR}
CASE_OWNERS = {Role.KONSELOR, Role.KOORDINATOR}


def current_membership(request):
    """The signed-in user's active role in the school chosen for this session (or their only one)."""
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("school", "user").filter(
        user=user, active=True, user__is_active=True
    )
    chosen = request.session.get(SESSION_KEY)
    if chosen:
        membership = memberships.filter(pk=chosen).first()
        if membership:
            return membership
    return memberships.order_by("pk").first()


def own_memberships(user):
    """The user's own active roles: the only ones a session may switch to."""
    return Membership.objects.filter(user=user, active=True, user__is_active=True)


def has_role(membership, roles):
    return membership is not None and membership.role in roles


def can_read_students(membership):
    return has_role(membership, STUDENT_READERS)


def can_edit_students(membership):
    return has_role(membership, STUDENT_EDITORS)


def can_own_cases(membership):
    return has_role(membership, CASE_OWNERS)


def can_read_access_log(membership):
    """The coordinator and the principal answer "who accessed this student's records" (S11)."""
    return has_role(membership, {Role.KOORDINATOR, Role.KEPALA})


def can_manage_school(membership):
    return has_role(membership, {Role.OPERATOR})


def students_visible_to(membership):
    if not can_read_students(membership):
        return Student.objects.none()
    return Student.objects.filter(school_id=membership.school_id)


def cases_visible_to(membership):
    """A counselor sees their own caseload (responsible or co-counselor); the coordinator all of
    the school's; nobody else sees case content."""
    if membership is None:
        return Case.objects.none()
    cases = Case.objects.filter(school_id=membership.school_id)
    if membership.role == Role.KOORDINATOR:
        return cases
    if membership.role == Role.KONSELOR:
        co_cases = Case.co_counselors.through.objects.filter(membership_id=membership.pk).values("case_id")
        return cases.filter(Q(counselor_id=membership.pk) | Q(pk__in=co_cases))
    return cases.none()


def on_visible_case(membership):
    """The condition "hangs on a case the counselor works on", for records with a `case` (referrals,
    conferences), written on the record's own join to its case: the same rows as
    `case__in=cases_visible_to(membership)` for a counselor, at a fraction of the query planning
    (one join fewer on every list and detail page). Callers filter the school themselves."""
    co_cases = Case.co_counselors.through.objects.filter(membership_id=membership.pk).values("case_id")
    return Q(case__counselor_id=membership.pk) | Q(case_id__in=co_cases)


def counselors_of(school):
    return (
        Membership.objects.filter(school=school, active=True, role__in=CASE_OWNERS)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def get_visible_or_404(request, queryset, *, object_type, audit_view=False, **lookup):
    """The one record of `queryset` matching `lookup`, or 404 with the denial audited."""
    obj = queryset.filter(**lookup).first()
    membership = getattr(request, "membership", None)
    if obj is None:
        audit.record(
            by=membership,
            user=request.user,
            action=audit.Action.DENIED,
            object_type=object_type,
            object_id=next(iter(lookup.values()), ""),
        )
        raise Http404
    if audit_view:
        audit.record(by=membership, action=audit.Action.VIEW, obj=obj)
    return obj
