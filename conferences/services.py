"""Use cases of the case conference: planning with the principal's approval (R4), confidential
participation (R5, S3), minutes, evaluation, action items and documents, through the shared
workflow (R7, R8).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bkcase import audit, numbering, workflow
from bkcase.access import cases_visible_to
from bkcase.exceptions import NotAllowed
from bkcase.services import assign, only_fields
from bkcase.versioning import lock_for_edit
from bkcase.workflow import OPEN_STAGES, Stage

from .access import (
    can_be_invited,
    can_decide_approval,
    can_organise,
    can_print_documents,
    conferences_managed_by,
    principals_of,
)
from .models import (
    AckMethod,
    ActionItem,
    Approval,
    Conference,
    ConferenceDocument,
    DocumentKind,
    Participant,
    ParticipantInformation,
)

PLAN_FIELDS = (
    "topic", "initiative", "convener", "leader", "held_on", "starts_at", "place", "show_student_name",
    "consent_on", "consent_method",
)
# The conference's own data each stage records (R8); participants' data is in PARTICIPANT_FIELDS.
STAGE_FIELDS = {
    Stage.PERENCANAAN: PLAN_FIELDS,
    Stage.PELAKSANAAN: (
        "minutes_opening", "minutes_counselor_data", "minutes_positive_sides", "minutes_background",
        "minutes_leader_conclusion",
    ),
    Stage.EVALUASI: ("meaningful_data", "evaluation_note"),
    Stage.ANALISIS: ("analysis_note",),
    Stage.TINDAK_LANJUT: (),
    Stage.PELAPORAN: ("report_filed_on",),
}
PARTICIPANT_FIELDS = {
    Stage.PERENCANAAN: ("group", "role", "name", "institution", "contact", "account", "invited_on"),
    Stage.PELAKSANAAN: ("attended", "views", "commitment"),
    Stage.EVALUASI: ("committed",),
}
# Which document can be printed from which moment.
DOCUMENT_READY = {
    DocumentKind.UNDANGAN: lambda c: c.is_approved and c.stage != Stage.DIBATALKAN,
    DocumentKind.DAFTAR_HADIR: lambda c: c.is_approved and c.stage != Stage.DIBATALKAN,
    DocumentKind.NOTULEN: lambda c: c.stage_index() >= 1,
    DocumentKind.LAPORAN: lambda c: c.stage in (Stage.PELAPORAN, Stage.SELESAI),
}
DOCUMENT_NOT_READY = {
    DocumentKind.UNDANGAN: gettext_lazy("The invitation is printed once the principal has approved the conference."),
    DocumentKind.DAFTAR_HADIR: gettext_lazy("The attendance list is printed once the principal has approved the conference."),
    DocumentKind.NOTULEN: gettext_lazy("The minutes are printed once the conference is held."),
    DocumentKind.LAPORAN: gettext_lazy("The conference report is made in the reporting stage."),
}


def _require_organiser(by, conference=None):
    if not can_organise(by):
        raise NotAllowed(_("Only counselors and the BK coordinator organise case conferences."))
    if conference is not None and not conferences_managed_by(by).filter(pk=conference.pk).exists():
        raise NotAllowed(_("You cannot change this conference."))


def _locked(conference, by, version=None, stages=None):
    _require_organiser(by, conference)
    locked = lock_for_edit(Conference.objects, conference.pk, version, what=_("conference"))
    if stages is not None and locked.stage not in stages:
        raise ValidationError(
            _("This cannot be changed in the stage “%(stage)s”.") % {"stage": locked.get_stage_display()}
        )
    return locked


def _plan_changed(conference, by):
    """A changed plan is not the plan the principal saw: a pending or given approval lapses (R4)."""
    if conference.approval in (Approval.REQUESTED, Approval.APPROVED):
        conference.approval = Approval.NOT_REQUESTED
        conference.approval_decided_at = None
        conference.approval_decided_by = None
        conference.approval_comment = ""
        conference.save(update_fields=["approval", "approval_decided_at", "approval_decided_by", "approval_comment"])
        workflow.record_event(conference, workflow.Action.RESET, by=by)


def _touch(conference, by):
    conference.version += 1
    conference.save(update_fields=["version", "updated_at"])
    audit.record(by=by, action=audit.Action.CHANGE, obj=conference)


# Planning ---------------------------------------------------------------------------------------

def conference_create(*, case, by, **fields):
    _require_organiser(by)
    if not cases_visible_to(by).filter(pk=case.pk).exists():
        raise NotAllowed(_("You cannot plan a conference for this case."))
    if not case.is_open:
        raise ValidationError(_("The case is closed; reopen it before planning a conference."))
    fields = only_fields(fields, PLAN_FIELDS)
    fields.setdefault("leader", by)
    conference = Conference(school=case.school, case=case, created_by=by, **fields)
    with transaction.atomic():
        conference.code = "-"
        conference.full_clean(exclude=["code"])
        conference.code = numbering.next_code(school=case.school, prefix="KK", on=timezone.localdate())
        conference.save()
        audit.record(by=by, action=audit.Action.CREATE, obj=conference)
    return conference


def conference_update(*, conference, by, version, **fields):
    """Record the conference's data of its current stage (R8)."""
    with transaction.atomic():
        locked = _locked(conference, by, version)
        allowed = STAGE_FIELDS.get(locked.stage)
        if allowed is None or set(fields) - set(allowed):
            raise ValidationError(
                _("In the stage “%(stage)s” only its own data can be changed.") % {"stage": locked.get_stage_display()}
            )
        changed = any(getattr(locked, name) != value for name, value in fields.items())
        assign(locked, fields)
        locked.version += 1
        locked.full_clean()
        locked.save()
        if locked.stage == Stage.PERENCANAAN and changed:
            _plan_changed(locked, by)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked


def participant_add(*, conference, by, **fields):
    with transaction.atomic():
        locked = _locked(conference, by, stages=[Stage.PERENCANAAN])
        participant = Participant(conference=locked, **only_fields(fields, PARTICIPANT_FIELDS[Stage.PERENCANAAN]))
        if participant.account_id and locked.participants.filter(account=participant.account).exists():
            raise ValidationError({"account": _("This account is already invited.")})
        if participant.account_id and not can_be_invited(participant.account):
            raise ValidationError({"account": _("Only participant, counselor and coordinator accounts can be invited.")})
        participant.full_clean()
        participant.save()
        _plan_changed(locked, by)
        _touch(locked, by)
    return participant


def participant_remove(*, participant, by):
    """Withdraw an invitation: the participant loses access on their next request (S3). Someone
    whose words are in the minutes or who answers for an action item stays on the record."""
    with transaction.atomic():
        locked = _locked(participant.conference, by, stages=OPEN_STAGES)
        if participant.information.exists() or participant.action_items.exists() or participant.attended:
            raise ValidationError(
                _("This participant took part: their contributions are part of the minutes, so they stay on the record.")
            )
        participant.delete()
        if locked.stage == Stage.PERENCANAAN:
            _plan_changed(locked, by)
        _touch(locked, by)


def participant_update(*, participant, by, version=None, **fields):
    """A participant's data of the current stage: attendance, views, commitment, committed.
    `version` is the one the user saw: a stale edit is refused (S12)."""
    with transaction.atomic():
        locked = _locked(participant.conference, by)
        allowed = PARTICIPANT_FIELDS.get(locked.stage, ())
        if locked.stage == Stage.PERENCANAAN or set(fields) - set(allowed):
            raise ValidationError(
                _("In the stage “%(stage)s” only its own data can be changed.") % {"stage": locked.get_stage_display()}
            )
        row = lock_for_edit(Participant.objects.filter(conference=locked), participant.pk, version)
        assign(row, fields)
        row.version += 1
        row.full_clean()
        row.save(update_fields=[*fields, "version"])
        _touch(locked, by)
    return row


def participant_acknowledge(*, participant, by):
    """The invited participant commits to confidentiality in the app (R5): only then they see it."""
    with transaction.atomic():
        row = Participant.objects.select_for_update().get(pk=participant.pk)
        if row.account_id != by.pk:
            raise NotAllowed(_("Only the invited person can acknowledge this invitation."))
        if row.conference.stage == Stage.DIBATALKAN:
            raise ValidationError(_("The conference was cancelled."))
        if not row.acknowledged_at:
            row.acknowledged_at = timezone.now()
            row.acknowledged_how = AckMethod.IN_APP
            row.save(update_fields=["acknowledged_at", "acknowledged_how"])
            audit.record(by=by, action=audit.Action.CHANGE, obj=row.conference)
    return row


def participant_record_signed_acknowledgment(*, participant, by):
    """The counselor records a participant's signed confidentiality statement (no account)."""
    with transaction.atomic():
        locked = _locked(participant.conference, by, stages=[Stage.PERENCANAAN, Stage.PELAKSANAAN])
        row = Participant.objects.select_for_update().get(pk=participant.pk, conference=locked)
        if not row.acknowledged_at:
            row.acknowledged_at = timezone.now()
            row.acknowledged_how = AckMethod.SIGNED
            row.save(update_fields=["acknowledged_at", "acknowledged_how"])
        _touch(locked, by)
    return row


# The principal's approval (R4) ------------------------------------------------------------------

def conference_request_approval(*, conference, by):
    with transaction.atomic():
        locked = _locked(conference, by, stages=[Stage.PERENCANAAN])
        if not locked.has_consent:
            raise ValidationError(_("Record the client's agreement before asking the principal for approval."))
        if locked.approval == Approval.REQUESTED:
            raise ValidationError(_("The approval was already requested."))
        if locked.approval == Approval.APPROVED:
            raise ValidationError(_("The principal already approved this conference."))
        if locked.held_on is None or locked.starts_at is None or not locked.place.strip():
            raise ValidationError(_("Set the date, time and place before asking the principal for approval."))
        if not locked.participants.exists():
            raise ValidationError(_("Invite the participants before asking the principal for approval."))
        locked.approval = Approval.REQUESTED
        locked.approval_requested_at = timezone.now()
        locked.approval_requested_by = by
        locked.version += 1
        locked.save(update_fields=["approval", "approval_requested_at", "approval_requested_by", "version", "updated_at"])
        workflow.record_event(locked, workflow.Action.REQUEST, by=by)
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked)
        recipients = [p.user.email for p in principals_of(locked.school).select_related("user") if p.user.email]
        code = locked.code
        transaction.on_commit(lambda: _notify_principal(recipients, code))
    return locked


def _notify_principal(recipients, code):
    """An email that names only the conference code: no case content leaves the application."""
    if recipients:
        send_mail(
            _("Case conference %(code)s awaits your approval") % {"code": code},
            _("A case conference (%(code)s) awaits your approval in bkcase. Open bkcase to review it.")
            % {"code": code},
            settings.DEFAULT_FROM_EMAIL,
            recipients,
            fail_silently=True,
        )


def conference_decide(*, conference, by, approve, comment=""):
    """The principal approves or declines (S4). A decline keeps the conference in planning with
    the reason shown; two decisions at once make one (S6)."""
    if not can_decide_approval(by, conference):
        raise NotAllowed(_("Only the principal approves or declines a case conference."))
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.approval != Approval.REQUESTED or locked.stage != Stage.PERENCANAAN:
            raise ValidationError(_("This conference is not awaiting a decision (it may have been decided already)."))
        if not approve and not comment:
            raise ValidationError({"comment": _("Write why the conference is declined.")})
        locked.approval = Approval.APPROVED if approve else Approval.DECLINED
        locked.approval_decided_at = timezone.now()
        locked.approval_decided_by = by
        locked.approval_comment = comment
        locked.version += 1
        locked.save(
            update_fields=["approval", "approval_decided_at", "approval_decided_by", "approval_comment", "version",
                           "updated_at"]
        )
        workflow.record_event(locked, workflow.Action.APPROVE if approve else workflow.Action.DECLINE, by=by, note=comment)
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked)
    return locked


# Execution, follow-up ---------------------------------------------------------------------------

def information_add(*, conference, by, participant, topic, text):
    """(c) Information a participant gave, by topic."""
    with transaction.atomic():
        locked = _locked(conference, by, stages=[Stage.PELAKSANAAN])
        if participant.conference_id != locked.pk:
            raise ValidationError({"participant": _("Choose a participant of this conference.")})
        item = ParticipantInformation(conference=locked, participant=participant, topic=topic, text=text)
        item.full_clean()
        item.save()
        _touch(locked, by)
    return item


def action_item_add(*, conference, by, responsible, what, due_on, where="", technique=""):
    with transaction.atomic():
        locked = _locked(conference, by, stages=[Stage.TINDAK_LANJUT])
        item = ActionItem(conference=locked, responsible=responsible, what=what, due_on=due_on, where=where,
                          technique=technique)
        item.full_clean()
        item.save()
        _touch(locked, by)
    return item


def action_item_update(*, item, by, status, completion_note="", completed_on=None, version=None):
    """Complete (or drop, or reopen) an action item. `version` is the one the user saw: if someone
    else completed or changed the item since, the save is refused and theirs stays (S12)."""
    with transaction.atomic():
        locked = _locked(item.conference, by, stages=[Stage.TINDAK_LANJUT, Stage.PELAPORAN, Stage.SELESAI])
        row = lock_for_edit(ActionItem.objects.filter(conference=locked), item.pk, version)
        row.status, row.completion_note = status, completion_note
        row.completed_on = completed_on or (timezone.localdate() if status != "open" else None)
        row.version += 1
        row.full_clean()
        row.save(update_fields=["status", "completion_note", "completed_on", "version"])
        _touch(locked, by)
    return row


def conference_transition(*, conference, by, action, note="", expected_stage=None):
    _require_organiser(by, conference)
    with transaction.atomic():
        moved = workflow.perform(conference, action, by=by, note=note, expected_stage=expected_stage)
        if moved.stage == Stage.PERENCANAAN:
            _plan_changed(moved, by)  # back in planning: it is held again only with a new approval
    return moved


def conference_issue_document(*, conference, by, kind):
    """The number of a conference document, given at its first print and kept (R10)."""
    if not can_print_documents(by, conference):
        raise NotAllowed(
            _("Only the counselors of the case, the BK coordinator and the principal print the conference's documents.")
        )
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document."))
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if not DOCUMENT_READY[kind](locked):
            raise ValidationError(DOCUMENT_NOT_READY[kind])
        document = locked.documents.filter(kind=kind).first()
        if document is None:
            today = timezone.localdate()
            document = ConferenceDocument.objects.create(
                conference=locked, kind=kind, number=numbering.next_letter_number(school=locked.school, on=today),
                issued_on=today,
            )
        audit.record(by=by, action=audit.Action.EXPORT, obj=locked)
    return document
