"""Use cases that change the core records: students, cases, the school's settings.

Each function checks the actor's permission and the domain rules, validates with full_clean(),
saves inside a transaction and writes the audit row. A refusal raises a DomainError (or Django's
ValidationError for field errors) with a message the user can read.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from . import access, audit, numbering, uploads
from .exceptions import DomainError, NotAllowed, refuses_in_the_domain
from .models import Case, CaseSource, Enrolment, School, SchoolClass, SchoolYear, Semester, Student, parse_class_name
from .versioning import lock_for_edit


def assign(instance, fields):
    for name, value in fields.items():
        setattr(instance, name, value)


# Students --------------------------------------------------------------------------------------

STUDENT_FIELDS = (
    "nis",
    "nisn",
    "full_name",
    "sex",
    "place_of_birth",
    "date_of_birth",
    "class_name",
    "homeroom_teacher",
    "guardian_name",
    "guardian_relation",
    "guardian_phone",
    "address",
    "active",
)


def only_fields(fields, allowed):
    unknown = set(fields) - set(allowed)
    if unknown:
        raise TypeError(f"Unexpected fields: {sorted(unknown)}")
    return fields


@refuses_in_the_domain
def student_create(*, by, **fields):
    if not access.can_edit_students(by):
        raise NotAllowed(_("Your role cannot add students."))
    student = Student(school=by.school, **only_fields(fields, STUDENT_FIELDS))
    with transaction.atomic():
        student.full_clean()
        student.save()
        _enrol_as_typed(student)
        audit.record(by=by, action=audit.Action.CREATE, obj=student)
    return student


def _enrol_as_typed(student):
    """A class typed by hand is the student's class of the current school year too (R14): the
    enrolment follows it, as the roster import and the roll-over keep both, so the text and the year's
    class do not drift apart. Without a current year, or for what is no class name, the enrolment
    stays as it is."""
    year = SchoolYear.current_of(student.school_id)
    try:
        level, major, parallel, name = parse_class_name(student.class_name)
    except ValueError:
        return
    if year is None:
        return
    school_class, _added = SchoolClass.objects.get_or_create(
        school_id=student.school_id, year=year, name=name, defaults={"level": level, "major": major,
                                                                     "parallel": parallel})
    Enrolment.objects.update_or_create(student=student, year=year, defaults={"school_class": school_class})


@refuses_in_the_domain
def student_update(*, student, by, version=None, **fields):
    """Change a student's data. `version` is the one the user saw: a stale edit is refused (S12)."""
    if not access.can_edit_students(by) or student.school_id != by.school_id:
        raise NotAllowed(_("Your role cannot change students."))
    only_fields(fields, STUDENT_FIELDS)
    with transaction.atomic():
        locked = lock_for_edit(Student.objects, student.pk, version)
        typed_before = locked.class_name
        assign(locked, fields)
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=[*fields, "version", "updated_at"])
        if locked.class_name != typed_before:
            _enrol_as_typed(locked)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked


# Cases -----------------------------------------------------------------------------------------

CASE_FIELDS = ("student", "counselor", "category", "title", "description", "opened_on", "student_part", "violence",
               "source")
CASE_AUTHORITY_FIELDS = ("authority_reported_on", "authority_processed_on", "authority_note")
CASE_TPPK_FIELDS = ("tppk_handed_over_on", "tppk_received_by")


def _check_case_people(by, student, counselor, co_counselors):
    if student is not None and (student.school_id != by.school_id or not student.active):
        raise ValidationError({"student": _("Choose an active student of your school.")})
    counselors = access.counselors_of(by.school)
    if counselor is not None and not counselors.filter(pk=counselor.pk).exists():
        raise ValidationError({"counselor": _("Choose an active counselor of your school.")})
    for co in co_counselors or ():
        if not counselors.filter(pk=co.pk).exists():
            raise ValidationError({"co_counselors": _("Choose active counselors of your school.")})
        if counselor is not None and co.pk == counselor.pk:
            raise ValidationError({"co_counselors": _("The responsible counselor cannot also be a co-counselor.")})


@refuses_in_the_domain
def case_open(*, by, student, category, title, description="", opened_on=None, counselor=None, co_counselors=(),
              student_part="", violence=False, source=""):
    """Open a case. A counselor opens cases for themself; the coordinator may assign any counselor,
    and without a choice the case goes to the counselor of the student's class (R14). The case
    keeps the school year and the student's class of its opening."""
    if not access.can_own_cases(by):
        raise NotAllowed(_("Only counselors and the BK coordinator open cases."))
    if source and source not in CaseSource.values:
        raise ValidationError({"source": _("Choose where the case came from.")})
    year = SchoolYear.current_of(by.school_id)
    if not access.can_assign_counselor(by):
        counselor = by
    elif counselor is None:
        counselor = access.default_counselor_for(student, year) or by
    _check_case_people(by, student, counselor, co_counselors)
    opened_on = opened_on or timezone.localdate()
    case = Case(
        school=by.school,
        student=student,
        counselor=counselor,
        category=category,
        title=title,
        description=description,
        opened_on=opened_on,
        student_part=student_part,
        violence=violence,
        source=source,
        school_year=year,
        school_class=access.class_of(student, year),
        created_by=by,
    )
    with transaction.atomic():
        case.code = "-"
        case.full_clean(exclude=["code"])
        case.code = numbering.next_code(school=by.school, prefix="KS", on=opened_on)
        case.save()
        case.co_counselors.set(co_counselors)
        audit.record(by=by, action=audit.Action.CREATE, obj=case)
    return case


def _locked_case(case, by, version):
    if not access.can_own_cases(by) or not access.cases_visible_to(by).filter(pk=case.pk).exists():
        raise NotAllowed(_("You cannot change this case."))
    return lock_for_edit(Case.objects, case.pk, version)


@refuses_in_the_domain
def case_update(*, case, by, version, co_counselors=None, **fields):
    """Change a case's data. `version` is the one the user saw: a stale edit is refused (S12)."""
    allowed = CASE_FIELDS + CASE_AUTHORITY_FIELDS + CASE_TPPK_FIELDS
    only_fields(fields, allowed)
    if not access.can_assign_counselor(by):
        fields.pop("counselor", None)  # reassigning a case is the coordinator's decision
    with transaction.atomic():
        locked = _locked_case(case, by, version)
        if not locked.is_open:
            raise ValidationError(_("A closed case cannot be changed; reopen it first."))
        _check_case_people(by, fields.get("student"), fields.get("counselor"), co_counselors)
        assign(locked, fields)
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=[*fields, "version", "updated_at"])
        if co_counselors is not None:
            if locked.counselor in co_counselors:
                raise ValidationError({"co_counselors": _("The responsible counselor cannot also be a co-counselor.")})
            locked.co_counselors.set(co_counselors)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked


@cache
def close_checks():
    """What other mechanisms require before a case closes (the Laijapan of R13): the setting
    CASE_CLOSE_CHECKS names them, so that the core names no app. Each check has `field` (the reason's
    name on the close form), `label`, `help_text`, `needs_reason(case)`, `refusal(case)` and
    `apply(case, by=, reason=)`, called inside the closing transaction when a reason was needed."""
    return [import_string(path) for path in getattr(settings, "CASE_CLOSE_CHECKS", [])]


@refuses_in_the_domain
def case_close(*, case, by, version, closed_on, closing_note, no_referral_reason="", confirm_open_records=False,
               **reasons):
    """Close a case (R16). A problem outside the counselor's authority that was never referred needs
    a written reason; referrals and conferences still under way are named, and the case closes over
    them only when the user confirms (they stay open). Each close check that is not met needs its
    written reason too (`reasons`, by the check's field: a Laijapan not done, R13)."""
    only_fields(reasons, [check.field for check in close_checks()])
    with transaction.atomic():
        locked = _locked_case(case, by, version)
        if not locked.is_open:
            raise ValidationError(_("This case is already closed."))
        # every field's refusal at once, not one a submission
        errors = {}
        if closed_on and closed_on > timezone.localdate():
            errors["closed_on"] = _("A case cannot be closed on a day still to come.")
        if not (closing_note or "").strip():
            errors["closing_note"] = _("Write why the case is closed.")
        no_referral_reason = (no_referral_reason or "").strip()
        never_referred = locked.closes_without_referral()
        if never_referred and not no_referral_reason:
            errors["no_referral_reason"] = _(
                "This problem is outside the counselor's authority and was never referred: write why the "
                "case is closed without a referral.")
        needed = []
        for check in close_checks():
            reason = (reasons.get(check.field) or "").strip()
            if check.needs_reason(locked):
                if not reason:
                    errors[check.field] = check.refusal(locked)
                needed.append((check, reason))
        open_records = locked.open_service_records()
        if open_records and not confirm_open_records:
            unconfirmed = _(
                "Still under way on this case: %(records)s. Finish or cancel them first, or confirm that the "
                "case closes while they stay open.") % {
                "records": ", ".join(f"{record.code} ({record.get_stage_display()})" for record in open_records)}
            if not errors:
                raise DomainError(unconfirmed)
            errors["confirm_open_records"] = unconfirmed
        if errors:
            raise ValidationError(errors)
        locked.closed_on = closed_on or timezone.localdate()
        locked.closing_note = closing_note
        locked.no_referral_reason = no_referral_reason if never_referred else ""
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["closed_on", "closing_note", "no_referral_reason", "version", "updated_at"])
        for check, reason in needed:
            check.apply(locked, by=by, reason=reason)
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked)
    return locked


@refuses_in_the_domain
def case_reopen(*, case, by, version):
    with transaction.atomic():
        locked = _locked_case(case, by, version)
        if locked.is_open:
            raise ValidationError(_("This case is already open."))
        locked.closed_on = None
        locked.version += 1
        locked.save(update_fields=["closed_on", "version", "updated_at"])
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked)
    return locked


# The school ------------------------------------------------------------------------------------

SCHOOL_FIELDS = (
    "name",
    "npsn",
    "address",
    "city",
    "province",
    "postal_code",
    "phone",
    "email",
    "website",
    "authority",
    "logo",
    "principal_name",
    "principal_nip",
    "letter_code",
    "letter_number_format",
)


@refuses_in_the_domain
def school_update(*, by, version=None, **fields):
    """Change the school's settings. `version` is the one the user saw: a stale edit is refused (S12)."""
    if not access.can_manage_school(by):
        raise NotAllowed(_("Only the operator changes the school's settings."))
    only_fields(fields, SCHOOL_FIELDS)
    if uploads.is_new_upload(fields.get("logo")):  # checked and re-encoded within 1,000 px (S30)
        try:
            fields["logo"] = uploads.bounded_image(fields["logo"])
        except ValidationError as error:
            raise ValidationError({"logo": error.messages}) from error
    with transaction.atomic():
        school = lock_for_edit(School.objects, by.school_id, version)
        old_logo = school.logo.name
        assign(school, fields)
        school.version += 1
        school.full_clean()
        school.save()
        uploads.delete_replaced_on_commit(school.logo, old_logo)
        audit.record(by=by, action=audit.Action.CHANGE, obj=school)
    return school


# School years and the counselors' classes (R14) ---------------------------------------------------


@refuses_in_the_domain
def school_year_create(*, by, start_year, semester=Semester.GANJIL, make_current=False):
    """Add a school year. Made current, it takes the place of the current one."""
    if not access.can_manage_classes(by):
        raise NotAllowed(_("Only the BK coordinator keeps the school years."))
    with transaction.atomic():
        if SchoolYear.objects.filter(school_id=by.school_id, start_year=start_year).exists():
            raise ValidationError({"start_year": _("This school year already exists.")})
        year = SchoolYear(school_id=by.school_id, start_year=start_year, semester=semester)
        year.full_clean()
        year.save()
        if make_current:
            _make_current(year, semester)
        audit.record(by=by, action=audit.Action.CREATE, obj=year)
    return year


def _make_current(year, semester):
    SchoolYear.objects.filter(school_id=year.school_id, is_current=True).exclude(pk=year.pk).update(
        is_current=False, version=models.F("version") + 1)
    year.is_current, year.semester = True, semester
    year.version += 1
    year.full_clean()
    year.save(update_fields=["is_current", "semester", "version"])


@refuses_in_the_domain
def school_year_make_current(*, by, year, semester, version=None):
    """Make a school year (and one of its semesters) the current one: new cases, the counselors'
    classes and the home pages follow it."""
    if not access.can_manage_classes(by) or year.school_id != by.school_id:
        raise NotAllowed(_("Only the BK coordinator keeps the school years."))
    if semester not in Semester.values:
        raise ValidationError({"semester": _("Choose the odd or the even semester.")})
    with transaction.atomic():
        locked = lock_for_edit(SchoolYear.objects.filter(school_id=by.school_id), year.pk, version)
        _make_current(locked, semester)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail=f"current:{semester}")
    return locked


@refuses_in_the_domain
def class_counselors_assign(*, by, year, assignments, homerooms=None):
    """Assign the classes of a school year to counselors (siswa binaan): `assignments` maps each
    class to a counselor, or to None to leave it unassigned; `homerooms` maps classes to their
    homeroom teacher (or None). Returns the number of classes changed."""
    if not access.can_manage_classes(by) or year.school_id != by.school_id:
        raise NotAllowed(_("Only the BK coordinator assigns classes to counselors."))
    counselors = {c.pk for c in access.counselors_of(by.school)}
    teachers = {t.pk for t in access.teachers_of(by.school)}
    homerooms = homerooms or {}
    changed = 0
    with transaction.atomic():
        classes = {c.pk: c for c in SchoolClass.objects.select_for_update().filter(school_id=by.school_id, year=year)}
        for school_class in set(assignments) | set(homerooms):
            locked = classes.get(school_class.pk)
            if locked is None:
                raise ValidationError(_("Choose classes of this school year."))
            fields = []
            if school_class in assignments:
                counselor = assignments[school_class]
                if counselor is not None and counselor.pk not in counselors:
                    raise ValidationError(_("Choose active counselors of your school."))
                new_id = counselor.pk if counselor else None
                if locked.counselor_id != new_id or locked.counselor_to_review:
                    locked.counselor_id, locked.counselor_to_review = new_id, False
                    fields += ["counselor", "counselor_to_review"]
            if school_class in homerooms:
                teacher = homerooms[school_class]
                if teacher is not None and teacher.pk not in teachers:
                    raise ValidationError(_("Choose an active teacher of your school as the homeroom teacher."))
                if locked.homeroom_teacher_id != (teacher.pk if teacher else None) or locked.homeroom_teacher_to_review:
                    locked.homeroom_teacher, locked.homeroom_teacher_to_review = teacher, False
                    fields += ["homeroom_teacher", "homeroom_teacher_to_review"]
            if fields:
                locked.save(update_fields=fields)
                audit.record(by=by, action=audit.Action.CHANGE, obj=locked,
                             detail=f"counselor:{locked.counselor_id or '-'} homeroom:{locked.homeroom_teacher_id or '-'}")
                changed += 1
    return changed


def mail_principals_on_commit(school, subject, body):
    """Mail the school's active principals once the change is committed. Callers name only a record's
    code: no case content leaves the application."""
    recipients = [p.user.email for p in access.principals_of(school).select_related("user") if p.user.email]
    if recipients:
        transaction.on_commit(
            lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
        )
