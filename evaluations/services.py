"""Scheduling, filling, rescheduling and missing follow-up evaluations (R13).

- A Laiseg is offered when a counseling session or a home visit is recorded (`offer_laiseg`, called
  by the counseling services).
- A Laijapen and a Laijapan are scheduled, at the school's offsets, when an ATK is handed over (it
  leaves execution), when a conference is held (it leaves planning), and when the counselor says that
  a case's services have ended (`schedule_follow_ups`). Each record kind names the stage and the date
  they count from (`evaluation_anchor`); the workflow calls `after_transition` on every move.
- Every function that a user calls checks who acts, locks the evaluation at the version the user saw
  (S12), validates, saves with update_fields and writes the audit row.
"""

import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from bkcase import audit
from bkcase.exceptions import NotAllowed, refuses_in_the_domain
from bkcase.models import Case
from bkcase.services import assign, only_fields
from bkcase.versioning import lock_for_edit
from bkcase.workflow import Action

from .access import can_configure_evaluations, cases_evaluated_by, evaluations_visible_to
from .items import answer_problems
from .models import FOLLOW_UP_KINDS, Evaluation, EvaluationSettings, Kind, Status

SETTINGS_FIELDS = ("variant", "with_scale", "laijapen_days", "laijapan_days", "email_reminders")


# Scheduling --------------------------------------------------------------------------------------


def _schedule(*, record, case, kind, due_on, by):
    """The evaluation of `kind` of `record`, created if it is not there yet (one of each kind per
    record). Returns (evaluation, created)."""
    record_type = ContentType.objects.get_for_model(record)
    existing = case.evaluations.filter(record_type=record_type, record_id=record.pk, kind=kind).first()
    if existing is not None:
        return existing, False
    school_settings = EvaluationSettings.of(case.school_id)
    evaluation = Evaluation(
        school_id=case.school_id, case=case, record_type=record_type, record_id=record.pk, kind=kind, due_on=due_on,
        variant=school_settings.variant, with_scale=school_settings.with_scale, scheduled_by=by,
    )
    evaluation.full_clean()
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError:  # scheduled meanwhile by a simultaneous request
        return case.evaluations.get(record_type=record_type, record_id=record.pk, kind=kind), False
    # no audit row of its own: the action that scheduled it (a session recorded, a stage change, the end
    # of the services) writes one
    return evaluation, True


@refuses_in_the_domain
def offer_laiseg(*, record, case, by, held_on):
    """The Laiseg of a session or home visit just recorded: due on its day (today, for one recorded
    afterwards). Inside the caller's transaction; the caller has checked that `by` serves the case."""
    today = timezone.localdate()
    return _schedule(record=record, case=case, kind=Kind.LAISEG, due_on=max(held_on, today), by=by)[0]


@refuses_in_the_domain
def schedule_follow_ups(*, record, case, by, base_on):
    """The Laijapen and the Laijapan of `record`, at the school's offsets from `base_on`. Inside the
    caller's transaction; the caller has checked that `by` may act on the record."""
    school_settings = EvaluationSettings.of(case.school_id)
    return [
        _schedule(record=record, case=case, kind=kind, due_on=base_on + school_settings.offset(kind), by=by)[0]
        for kind in FOLLOW_UP_KINDS
    ]


def after_transition(record, *, action, from_stage, by):
    """The workflow's hook: a record kind that names an `evaluation_anchor` (the stage whose end is the
    service, and the date field the offsets count from) gets its Laijapen and Laijapan when it leaves
    that stage."""
    anchor = getattr(type(record), "evaluation_anchor", None)
    if anchor is None or action != Action.ADVANCE or from_stage != anchor[0]:
        return
    base_on = getattr(record, anchor[1], None) or timezone.localdate()
    schedule_follow_ups(record=record, case=record.case, by=by, base_on=base_on)


@refuses_in_the_domain
def services_end(*, case, by, ended_on):
    """The counselor says that the case's services have ended (the last session is over): its
    Laijapen and Laijapan are scheduled from that day."""
    if not cases_evaluated_by(by).filter(pk=case.pk).exists():
        raise NotAllowed(_("Only the case's counselors schedule its evaluations."))
    today = timezone.localdate()
    if ended_on is None or ended_on > today:
        raise ValidationError({"ended_on": _("This date cannot be in the future.")})
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not locked.is_open:
            raise ValidationError(_("A closed case takes no new entries; reopen it first."))
        if ended_on < locked.opened_on:
            raise ValidationError({"ended_on": _("The services cannot end before the case opened.")})
        record_type = ContentType.objects.get_for_model(Case)
        if locked.evaluations.filter(record_type=record_type, record_id=locked.pk).exists():
            raise ValidationError(_("The end of this case's services is already recorded: reschedule its "
                                    "evaluations if needed."))
        scheduled = schedule_follow_ups(record=locked, case=locked, by=by, base_on=ended_on)
        audit.record(by=by, action=audit.Action.CREATE, obj=scheduled[0], detail="services_ended")
    return scheduled


# The counselor's actions on one evaluation ---------------------------------------------------------


def _locked(evaluation, by, version):
    if not evaluations_visible_to(by).filter(pk=evaluation.pk).exists():
        raise NotAllowed(_("Only the case's counselors do its evaluations."))
    return lock_for_edit(evaluations_visible_to(by).select_related("case"), evaluation.pk, version,
                         what=_("evaluation"))


@refuses_in_the_domain
def evaluation_fill(*, evaluation, by, version, answers, general_note="", done_on=None):
    """Record the answers: the evaluation is done (on time when on or before its date)."""
    with transaction.atomic():
        locked = _locked(evaluation, by, version)
        refusal = locked.fill_refusal()
        if refusal:
            raise ValidationError(refusal)
        school_settings = EvaluationSettings.of(locked.school_id)
        # the school's current items and score, unless it is filled with those it was begun with
        locked.variant, locked.with_scale = school_settings.variant, school_settings.with_scale
        problems = answer_problems(locked.variant, answers, with_scale=locked.with_scale)
        if problems:
            raise ValidationError(problems)
        locked.answers = {key: {name: value for name, value in answer.items() if value not in (None, "")}
                          for key, answer in answers.items()}
        locked.general_note = (general_note or "").strip()
        locked.done_on = done_on or timezone.localdate()
        locked.done_by = by
        locked.status = Status.DONE
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["variant", "with_scale", "answers", "general_note", "done_on", "done_by", "status",
                                   "version", "updated_at"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail=f"done:{locked.kind}")
    return locked


@refuses_in_the_domain
def evaluation_reschedule(*, evaluation, by, version, due_on, reason):
    """Move an open evaluation to another date, with the reason (kept with who and when)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why the date changes.")})
    today = timezone.localdate()
    with transaction.atomic():
        locked = _locked(evaluation, by, version)
        if not locked.can_reschedule():
            raise ValidationError(_("This evaluation is already closed (%(status)s).") % {
                "status": locked.get_status_display()})
        if due_on is None or due_on < today:
            raise ValidationError({"due_on": _("Choose today or a later date.")})
        if due_on == locked.due_on:
            raise ValidationError({"due_on": _("This is already its date.")})
        locked.reschedules.create(from_on=locked.due_on, to_on=due_on, reason=reason, by=by)
        locked.due_on = due_on
        locked.status = Status.DUE
        locked.overdue_since = None
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["due_on", "status", "overdue_since", "version", "updated_at"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail="rescheduled")
    return locked


@refuses_in_the_domain
def evaluation_mark_missed(*, evaluation, by, version, reason):
    """An evaluation that will not be done (the student moved school, refused, ...), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Write why it was not done.")})
    with transaction.atomic():
        locked = _locked(evaluation, by, version)
        if not locked.can_mark_missed():
            raise ValidationError(_("This evaluation is already closed (%(status)s).") % {
                "status": locked.get_status_display()})
        locked.status = Status.MISSED
        locked.missed_reason = reason
        locked.missed_by = by
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=["status", "missed_reason", "missed_by", "version", "updated_at"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail="missed")
    return locked


@refuses_in_the_domain
def evaluation_settings_update(*, by, version=None, **fields):
    """The coordinator's choices: items (UCA or AKURS), the score, the offsets, the reminder emails."""
    if not can_configure_evaluations(by):
        raise NotAllowed(_("Only the BK coordinator changes the evaluation settings."))
    only_fields(fields, SETTINGS_FIELDS)
    with transaction.atomic():
        current, _created = EvaluationSettings.objects.get_or_create(school_id=by.school_id)
        locked = lock_for_edit(EvaluationSettings.objects, current.pk, version, what=_("evaluation settings"))
        assign(locked, fields)
        locked.version += 1
        locked.full_clean()
        locked.save()
        # open evaluations not begun take the new items and score
        Evaluation.objects.filter(school_id=by.school_id, status__in=[Status.DUE, Status.OVERDUE]).update(
            variant=locked.variant, with_scale=locked.with_scale)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail=",".join(sorted(fields))[:120])
    return locked


# The daily job of the background worker ------------------------------------------------------------


def mark_overdue(today=None, *, remind=True):
    """Mark the evaluations whose date has passed as overdue, and email each counselor (when the school
    wants it, and `remind`) one reminder naming only the case codes. Returns the number marked."""
    today = today or timezone.localdate()
    with transaction.atomic():
        newly = list(Evaluation.objects.select_for_update(of=("self",)).filter(status=Status.DUE, due_on__lt=today)
                     .select_related("case__counselor__user", "case"))
        if not newly:
            return 0
        Evaluation.objects.filter(pk__in=[e.pk for e in newly]).update(status=Status.OVERDUE, overdue_since=today)
        silent = {s.school_id for s in EvaluationSettings.objects.filter(school_id__in={e.school_id for e in newly},
                                                                          email_reminders=False)}
        reminders = {}
        for evaluation in newly:
            counselor = evaluation.case.counselor
            if not remind or evaluation.school_id in silent or not counselor.user.email or not counselor.active:
                continue
            reminders.setdefault(counselor.user.email, []).append(evaluation)
        reminded = [e.pk for found in reminders.values() for e in found]
        if reminded:
            Evaluation.objects.filter(pk__in=reminded).update(reminded_at=timezone.now())
        letters = [(email, sorted({(e.case.code, e.kind) for e in found})) for email, found in reminders.items()]
        transaction.on_commit(lambda: _send_reminders(letters))
    return len(newly)


def _send_reminders(letters):
    """Reminder mails that name only the case codes and the kind of evaluation: no student, no content."""
    for email, items in letters:
        with override(settings.LANGUAGE_CODE):
            lines = "\n".join(f"- {code}: {Kind(kind).label}" for code, kind in items)
            send_mail(
                _("Overdue evaluations: %(count)s") % {"count": len(items)},
                _("These evaluations are past their date:\n%(lines)s\n\nOpen bkcase to fill them, reschedule them "
                  "or say why they were not done.") % {"lines": lines},
                settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True,
            )


def next_run(now=None):
    """When the daily job runs next: tomorrow at 06:00, school time."""
    now = timezone.localtime(now)
    tomorrow = (now + datetime.timedelta(days=1)).date()
    return timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time(6)))
