"""Referrals to BK (R15): a teacher sends one; the counselor accepts it (a new case recording where
it came from, or an open case) or answers it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase import services as case_services
from bkcase.access import can_assign_counselor, class_of, default_counselor_for
from bkcase.exceptions import DomainError, NotAllowed, refuses_in_the_domain
from bkcase.models import CaseSource, SchoolYear
from bkcase.versioning import lock_for_edit

from .access import (
    bk_referrals_visible_to,
    can_handle_bk_referrals,
    can_refer_to_bk,
    cases_to_add_to,
    students_referable_by,
)
from .models import BkReferral

REFERRAL_FIELDS = ("observed", "observed_since", "already_done", "urgency")


@refuses_in_the_domain
def bk_referral_send(*, by, student, observed, observed_since, already_done="", urgency="biasa"):
    """A teacher refers a student to BK. It goes to the counselor of the student's class (the
    coordinator sees every one)."""
    if not can_refer_to_bk(by):
        raise NotAllowed(_("Only teachers refer students to BK here."))
    if not students_referable_by(by).filter(pk=student.pk).exists():
        raise ValidationError({"student": _("Choose an active student of your school.")})
    year = SchoolYear.current_of(by.school_id)
    school_class = class_of(student, year)
    homeroom = school_class is not None and school_class.homeroom_teacher_id == by.pk
    referral = BkReferral(
        school_id=by.school_id, student=student, teacher=by, counselor=default_counselor_for(student, year),
        teacher_kind=CaseSource.WALI_KELAS if homeroom else CaseSource.GURU_MAPEL, observed=observed,
        observed_since=observed_since, already_done=already_done, urgency=urgency,
    )
    with transaction.atomic():
        referral.full_clean()
        referral.save()
        audit.record(by=by, action=audit.Action.CREATE, obj=referral)
    return referral


def _locked(referral, by, version):
    if not can_handle_bk_referrals(by) or not bk_referrals_visible_to(by).filter(pk=referral.pk).exists():
        raise NotAllowed(_("You cannot handle this referral."))
    locked = lock_for_edit(BkReferral.objects.filter(school_id=by.school_id), referral.pk, version)
    if not locked.can_be_handled():
        raise DomainError(_("This referral was already accepted or answered."))
    return locked


@refuses_in_the_domain
def bk_referral_accept(*, by, referral, version, case=None, category="", title="", counselor=None):
    """Accept a referral: into an open case of the student, or by opening a new one whose source is
    the teacher (homeroom or subject teacher). Without a choice, the new case is the counselor's
    whose inbox it is in."""
    with transaction.atomic():
        locked = _locked(referral, by, version)
        if case is not None:
            if not cases_to_add_to(by, locked.student).filter(pk=case.pk).exists():
                raise ValidationError({"case": _("Choose an open case of this student.")})
        else:
            if not (title or "").strip():
                raise ValidationError({"title": _("Write the problem in brief.")})
            if counselor is None and can_assign_counselor(by) and locked.counselor_id:
                counselor = locked.counselor
            case = case_services.case_open(by=by, student=locked.student, category=category, title=title,
                                           counselor=counselor, source=locked.teacher_kind)
        locked.case, locked.accepted_by, locked.accepted_at = case, by, timezone.now()
        locked.version += 1
        locked.save(update_fields=["case", "accepted_by", "accepted_at", "version"])
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked, detail=f"accepted:{case.code}")
    return locked


@refuses_in_the_domain
def bk_referral_answer(*, by, referral, version, answer):
    """Answer a referral without taking it on as a case: it is closed for the teacher."""
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        locked = _locked(referral, by, version)
        locked.answer, locked.answered_by, locked.answered_at = answer.strip(), by, timezone.now()
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["answer", "answered_by", "answered_at", "version"])
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked, detail="answered")
    return locked
