"""Who may see and do what. Every list, search, count, detail and action goes through these.

A record a user may not see answers 404 (not 403: we do not confirm that a student has a case),
and the denial is audited.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db.models import Count, Q
from django.http import Http404

from . import audit
from .models import Case, Enrolment, Membership, Role, SchoolClass, SchoolYear, Student

SESSION_KEY = "bkcase_membership"

STUDENT_READERS = {Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA, Role.OPERATOR}
STUDENT_EDITORS = {Role.KONSELOR, Role.KOORDINATOR, Role.OPERATOR}
CASE_OWNERS = {Role.KONSELOR, Role.KOORDINATOR}
CASELOAD_OVERSEERS = {Role.KOORDINATOR}
CASE_COUNTERS = {Role.KOORDINATOR, Role.KEPALA}
# who keeps the school years, assigns classes to counselors and rolls the year over (R14)
CLASS_MANAGERS = {Role.KOORDINATOR}
# who imports the roster
ROSTER_IMPORTERS = {Role.KOORDINATOR, Role.OPERATOR}
# homeroom and subject teachers: they refer students to BK and see only their referrals' status (R15)
TEACHERS = {Role.GURU}


def current_membership(request):
    """The signed-in user's active role in the school chosen for this session (or their only one)."""
    user = request.user
    if not user.is_authenticated:
        return None
    # all the user's active roles in one read: the chosen one, and the others the menu offers to switch
    # to; the authentication backend (backends.MembershipBackend) read them with the user already
    memberships = getattr(user, "active_memberships", None)
    if memberships is None:
        memberships = active_memberships_of(user.pk)
    chosen = request.session.get(SESSION_KEY)
    membership = next((m for m in memberships if chosen and str(m.pk) == str(chosen)), None) or next(iter(memberships), None)
    request.other_memberships = [m for m in memberships if m is not membership]
    return membership


def active_memberships_of(user_id):
    """The user's active roles with their schools and the user, in one query (an inactive user has none)."""
    return list(own_memberships(user_id).select_related("school", "user").order_by("pk"))


def own_memberships(user):
    """The user's (a user or their id) own active roles: the only ones a session may switch to."""
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


def can_assign_counselor(membership):
    """The BK coordinator gives a case to any counselor of the school, and reassigns it; a counselor
    opens cases for themself and keeps them."""
    return has_role(membership, CASELOAD_OVERSEERS)


def can_filter_by_counselor(membership):
    """The coordinator, who sees every counselor's caseload, may narrow a list to one counselor's."""
    return has_role(membership, CASELOAD_OVERSEERS)


def can_manage_classes(membership):
    return has_role(membership, CLASS_MANAGERS)


def can_import_roster(membership):
    return has_role(membership, ROSTER_IMPORTERS)


def is_teacher(membership):
    """A homeroom or subject teacher: refers students to BK, sees no case content (R15)."""
    return has_role(membership, TEACHERS)


def school_years_of(membership):
    """The school's years, for those who read the roster or keep the classes."""
    if not (can_read_students(membership) or is_teacher(membership)):
        return SchoolYear.objects.none()
    return SchoolYear.objects.filter(school_id=membership.school_id)


def classes_of(membership, year):
    """The classes of a school year of the user's school."""
    if year is None or not (can_read_students(membership) or is_teacher(membership)):
        return SchoolClass.objects.none()
    return SchoolClass.objects.filter(school_id=membership.school_id, year=year)


def class_of(student, year):
    """The student's class in a school year, or None."""
    if year is None:
        return None
    enrolment = Enrolment.objects.filter(student=student, year=year).select_related("school_class").first()
    return enrolment.school_class if enrolment else None


def default_counselor_for(student, year):
    """The counselor a new case of the student defaults to: their class's counselor, when the class
    has one who may hold cases (R14)."""
    school_class = class_of(student, year)
    if school_class is not None and school_class.counselor_id and school_class.counselor.active \
            and can_own_cases(school_class.counselor):
        return school_class.counselor
    return None


def students_per_counselor(school, year):
    """{counselor id: number of students in the classes assigned to them} for a school year."""
    if year is None:
        return {}
    rows = (
        Enrolment.objects.filter(year=year, school_class__school=school, school_class__counselor__isnull=False,
                                 student__active=True)
        .values("school_class__counselor").annotate(n=Count("id"))
    )
    return {row["school_class__counselor"]: row["n"] for row in rows}


def students_visible_to(membership):
    if not can_read_students(membership):
        return Student.objects.none()
    return Student.objects.filter(school_id=membership.school_id)


def cases_visible_to(membership):
    """A counselor sees their own caseload (responsible or co-counselor); the coordinator all of
    the school's; nobody else sees case content."""
    if membership is None:
        return Case.objects.none()
    if membership.role == Role.KOORDINATOR:
        return Case.objects.filter(school_id=membership.school_id)
    if membership.role == Role.KONSELOR:
        return cases_counseled_by(membership)
    return Case.objects.none()


def _co_cases(membership):
    return Case.co_counselors.through.objects.filter(membership_id=membership.pk).values("case_id")


def cases_counseled_by(membership):
    """The cases the member counsels: as the responsible counselor or a co-counselor (whatever their
    role; callers gate the role)."""
    return Case.objects.filter(school_id=membership.school_id).filter(
        Q(counselor_id=membership.pk) | Q(pk__in=_co_cases(membership)))


# What the request being served has learnt of who counsels which case: {(membership id, case id): bool},
# and the records its page has read (read_once). Set for each request by MembershipMiddleware; None
# outside a request, where every question is asked.
_counseled = ContextVar("bkcase_counseled", default=None)
_read = ContextVar("bkcase_read", default=None)


@contextmanager
def answers_kept():
    """Within the block, counseled_among() asks the database once per member and case, and read_once()
    reads each of its questions once."""
    counseled, read = _counseled.set({}), _read.set({})
    try:
        yield
    finally:
        _read.reset(read)
        _counseled.reset(counseled)


def read_once(key, read):
    """What `read()` returns, read once in the request being served and shared by whatever of the page
    asks the same (`key`: the question and whose it is; the case page's chronology and its panels ask
    for the same records). Outside a request, read each time. For what a page shows, not for services
    that change data."""
    kept = _read.get()
    if kept is None:
        return read()
    if key not in kept:
        kept[key] = read()
    return kept[key]


def counseled_among(membership, case_ids):
    """Which of `case_ids` the member counsels (cases_counseled_by), as a set, for what a page shows:
    in a request each case is asked once (the case page's chronology and its panels ask it of the
    same case). A change of the case's counselors answers with a redirect, so a page never shows an
    answer older than its request; services that change data ask the database themselves."""
    known = _counseled.get()
    if known is None:
        return set(cases_counseled_by(membership).filter(pk__in=case_ids).values_list("pk", flat=True))
    unknown = [pk for pk in case_ids if (membership.pk, pk) not in known]
    if unknown:
        found = set(cases_counseled_by(membership).filter(pk__in=unknown).values_list("pk", flat=True))
        known.update({(membership.pk, pk): pk in found for pk in unknown})
    return {pk for pk in case_ids if known[(membership.pk, pk)]}


def note_visible_case(membership, case):
    """`case` was just read through cases_visible_to(membership): for a counselor that is
    cases_counseled_by, so the request keeps the answer "counsels it" for counseled_among instead of
    asking again (the case page's chronology and panels ask it). Others' answers are asked as usual."""
    known = _counseled.get()
    if known is not None and has_role(membership, {Role.KONSELOR}):
        known[(membership.pk, case.pk)] = True


def cases_counted_for(membership):
    """The cases whose numbers (never their content) the user's summaries count: all of the
    school's, for the coordinator and the principal."""
    if not has_role(membership, CASE_COUNTERS):
        return Case.objects.none()
    return Case.objects.filter(school_id=membership.school_id)


def on_visible_case(membership):
    """The condition "hangs on a case the counselor works on", for records with a `case` (referrals,
    conferences), written on the record's own join to its case: the same rows as
    `case__in=cases_visible_to(membership)` for a counselor, at a fraction of the query planning
    (one join fewer on every list and detail page). Callers filter the school themselves."""
    return Q(case__counselor_id=membership.pk) | Q(case_id__in=_co_cases(membership))


def principals_of(school):
    """The school's active principals: those told of a request for approval or a consent exception."""
    return Membership.objects.filter(school=school, role=Role.KEPALA, active=True)


# The consent of a minor (R11) ------------------------------------------------------------------

CONSENT_EXCEPTION_RECORDERS = {Role.KOORDINATOR}
CONSENT_EXCEPTION_READERS = {Role.KEPALA}


def can_record_consent_exception(membership):
    """S7: only the BK coordinator lets a record proceed without the full consent."""
    return has_role(membership, CONSENT_EXCEPTION_RECORDERS)


def can_note_consent_exception(membership, record):
    """The principal of the record's school notes an exception recorded on it."""
    return (has_role(membership, CONSENT_EXCEPTION_READERS) and record.school_id == membership.school_id
            and record.has_consent_exception)


def consent_exceptions_awaiting(membership):
    """The consent exceptions of the principal's school she has not noted yet, newest first, from
    every record kind that carries a consent. Empty for everyone else."""
    from .consent import consent_models

    if not has_role(membership, CONSENT_EXCEPTION_READERS):
        return []
    found = []
    for model in consent_models():
        rows = (model.objects.filter(school_id=membership.school_id, consent_exception_at__isnull=False,
                                    consent_exception_noted_at__isnull=True)
                .select_related("case", "consent_exception_by__user", "consent_exception_noted_by__user"))
        found.extend(rows)
    return sorted(found, key=lambda record: record.consent_exception_at, reverse=True)


def consent_exception_for_principal_or_404(request, model, pk):
    """One consent exception the principal may note; 404 (audited) for anyone else or anything else."""
    if not has_role(request.membership, CONSENT_EXCEPTION_READERS):
        queryset = model.objects.none()
    else:
        queryset = model.objects.filter(school_id=request.membership.school_id, consent_exception_at__isnull=False)
    return get_visible_or_404(request, queryset, object_type=model._meta.label_lower, pk=pk)


def counselors_of(school):
    return (
        Membership.objects.filter(school=school, active=True, role__in=CASE_OWNERS)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def teachers_of(school):
    """The school's active teachers: those a class may have as its homeroom teacher."""
    return (
        Membership.objects.filter(school=school, active=True, role__in=TEACHERS)
        .select_related("user")
        .order_by("user__first_name", "user__last_name")
    )


def _plain_lookup(lookup):
    """Only a lookup by the record's own key names a record (never a free-text search)."""
    return set(lookup) <= {"pk", "id"} and all(str(value).isdigit() for value in lookup.values())


def get_visible_or_404(request, queryset, *, object_type, audit_view=False, **lookup):
    """The one record of `queryset` matching `lookup`, or 404 with the denial audited."""
    # the lookup names one record: no ORDER BY to plan (first() would add one)
    obj = next(iter(queryset.filter(**lookup).order_by()[:1]), None)
    membership = getattr(request, "membership", None)
    if obj is None:
        # a record that exists but is not this user's: the denial names its student, so the
        # student's access log shows the attempt too (S28)
        known = queryset.model._base_manager.filter(**lookup).first() if _plain_lookup(lookup) else None
        audit.record(
            by=membership,
            user=request.user,
            action=audit.Action.DENIED,
            object_type=object_type,
            object_id=next(iter(lookup.values()), ""),
            student_id=audit.student_id_of(known),
        )
        raise Http404
    if audit_view:
        audit.record(by=membership, action=audit.Action.VIEW, obj=obj)
    return obj


# Accounts (S25): separation of duties between the operator and the people who read case content.

# roles whose holder reads confidential content (cases, conferences): the operator may not change
# these accounts' email address or password
# roles that take effect only when confirmed: by the school's principal, or (a principal's role) by
# the platform administrator
# (a teacher too: invited to a conference, they read it like any participant)
CONFIRMED_BY_PRINCIPAL = {Role.KONSELOR, Role.KOORDINATOR, Role.PESERTA, Role.GURU}
CONFIRMED_BY_PLATFORM = {Role.KEPALA}
CONFIDENTIAL_READERS = CONFIRMED_BY_PRINCIPAL | CONFIRMED_BY_PLATFORM
# changes that take reading away rather than add it: they apply at once
NARROWING = {
    (Role.KOORDINATOR, Role.KONSELOR), (Role.KOORDINATOR, Role.PESERTA), (Role.KONSELOR, Role.PESERTA),
    (Role.KEPALA, Role.PESERTA),
    (Role.KOORDINATOR, Role.GURU), (Role.KONSELOR, Role.GURU), (Role.KEPALA, Role.GURU),
    (Role.PESERTA, Role.GURU), (Role.GURU, Role.PESERTA),
}


def needs_confirmation(role):
    return role in CONFIDENTIAL_READERS


def grants_reading(*, old_role, old_active, role, active):
    """Whether a change gives an account reading it did not have: a new reading role (other than a
    narrower one of an active account), or re-activating one."""
    if not needs_confirmation(role) or not active:
        return False
    if not old_active:
        return True
    return role != old_role and (old_role, role) not in NARROWING


def already_reads(user):
    """Whether the account holds, active, a role that reads case content (the person has it in hand)."""
    return Membership.objects.filter(user=user, active=True, role__in=CONFIDENTIAL_READERS).exists()


def awaits_platform_confirmation(membership):
    """Whether the role the account awaits is confirmed by the platform administrator (a principal's),
    rather than by the school's principal."""
    return membership.pending_role in CONFIRMED_BY_PLATFORM


def reads_confidential(user):
    """Whether an account reads case content anywhere (any school, held or awaiting confirmation)."""
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user).filter(
        Q(role__in=CONFIDENTIAL_READERS) | Q(pending_role__in=CONFIDENTIAL_READERS)
    ).exists()


def can_change_credentials_of(by, user):
    """The operator changes the email address of an account only when it reads no case content; the
    person changes their own (and confirms it)."""
    if by is not None and by.user_id == user.pk:
        return True
    return can_manage_school(by) and not reads_confidential(user)



def can_confirm_role(by, membership):
    """The principal confirms a counselor's, coordinator's or participant's role in their own school
    (never their own)."""
    return (
        has_role(by, {Role.KEPALA})
        and membership.school_id == by.school_id
        and membership.pk != by.pk
        and membership.pending_role in CONFIRMED_BY_PRINCIPAL
    )


def can_confirm_role_as_platform(user, membership):
    """The platform administrator confirms any pending role, a principal's included."""
    return user.is_superuser and needs_confirmation(membership.pending_role)


def roles_awaiting(by):
    """The roles of the principal's school awaiting their confirmation."""
    if not has_role(by, {Role.KEPALA}):
        return Membership.objects.none()
    return (
        Membership.objects.filter(school_id=by.school_id, pending_role__in=CONFIRMED_BY_PRINCIPAL)
        .exclude(pk=by.pk)
        .select_related("user", "pending_by__user")
        .order_by("pending_since")
    )


def staff_of(by):
    """The accounts of the operator's school."""
    if not can_manage_school(by):
        return Membership.objects.none()
    return Membership.objects.filter(school_id=by.school_id)
