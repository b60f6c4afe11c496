"""Use cases of the case conference: planning with the principal's approval (R4), confidential
participation (R5, S3), minutes, evaluation, action items and documents, through the shared
workflow (R7, R8).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed

from bkcase import audit, chronology, consent, numbering, workflow
from bkcase.access import can_record_consent_exception, cases_visible_to
from bkcase.exceptions import DomainError, NotAllowed, refuses_in_the_domain
from bkcase.services import assign, mail_principals_on_commit, only_fields
from bkcase.versioning import lock_for_edit
from bkcase.workflow import Stage, TransitionRefused

from . import documents
from .access import (
    answers_as_case_counselor,
    can_be_invited,
    can_decide_approval,
    can_organise,
    can_print_document,
    can_print_documents,
    can_read_minutes,
    conferences_managed_by,
)
from .models import (
    AckMethod,
    ActionItem,
    Conference,
    ConferenceDocument,
    DocumentKind,
    Participant,
    ParticipantGroup,
    ParticipantInformation,
    ParticipantRole,
)

PLAN_FIELDS = (
    "topic", "initiative", "convener", "reason", "functions", "leader", "minute_taker", "held_on", "starts_at",
    "place", "show_student_name",
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
# What is said in the conference (R9): written only by those who may read it.
MINUTES_FIELDS = STAGE_FIELDS[Stage.PELAKSANAAN]
PARTICIPANT_STATEMENTS = ("views", "commitment")
MINUTES_REFUSAL = gettext_lazy(
    "What is said in a conference is for its participants: only its leader, its minute-taker and its "
    "participants write the minutes."
)


def _require_organiser(by, conference=None):
    if not can_organise(by):
        raise NotAllowed(_("Only counselors and the BK coordinator organise case conferences."))
    if conference is not None and not conferences_managed_by(by).filter(pk=conference.pk).exists():
        raise NotAllowed(_("You cannot change this conference."))


def _locked(conference, by, version=None, allowed=None):
    """The conference locked for a change by an organiser; `allowed` is the conference's question
    whether this change may happen now (e.g. `Conference.may_record_minutes`)."""
    _require_organiser(by, conference)
    locked = lock_for_edit(Conference.objects, conference.pk, version, what=_("conference"))
    if allowed is not None and not allowed(locked):
        raise ValidationError(
            _("This cannot be changed in the stage “%(stage)s”.") % {"stage": locked.get_stage_display()}
        )
    return locked


def _require_minutes_reader(conference, by):
    if not can_read_minutes(by, conference):
        raise NotAllowed(MINUTES_REFUSAL)


def _plan_changed(conference, by):
    """A changed plan is not the plan the principal saw: a pending or given approval lapses (R4)."""
    if can_proceed(conference.withdraw_approval):
        conference.withdraw_approval()
        conference.approval_decided_at = None
        conference.approval_decided_by = None
        conference.approval_comment = ""
        conference.save(update_fields=["approval", "approval_decided_at", "approval_decided_by", "approval_comment"])
        workflow.record_event(conference, workflow.Action.RESET, by=by)


def _staff_take_part(conference):
    """The leader and the minute-taker are participants (group c): they appear on the attendance list
    and may answer for action items. Whoever took part only by a task they no longer have, and took
    no part yet, leaves the list."""
    staff = conference.staff_participant_ids()
    rows = {p.account_id: p for p in conference.participants.filter(account__isnull=False)}
    for membership in (conference.leader, conference.takes_minutes):
        if membership.pk in rows:
            continue
        rows[membership.pk] = Participant.objects.create(
            conference=conference, group=ParticipantGroup.FACILITATOR, role=ParticipantRole.KONSELOR,
            name=membership.display_name, institution=conference.school.name, account=membership,
            invited_on=timezone.localdate(), acknowledged_at=timezone.now(), acknowledged_how=AckMethod.BY_TASK,
        )
    for account_id, row in rows.items():
        if account_id not in staff and row.takes_part_by_task and not _took_part(row):
            row.delete()


def _took_part(participant):
    return participant.attended or participant.information.exists() or participant.action_items.exists()


def _touch(conference, by):
    conference.version += 1
    conference.save(update_fields=["version", "updated_at"])
    audit.record(by=by, action=audit.Action.CHANGE, obj=conference)


# Planning ---------------------------------------------------------------------------------------

@refuses_in_the_domain
def conference_create(*, case, by, **fields):
    _require_organiser(by)
    if not cases_visible_to(by).filter(pk=case.pk).exists():
        raise NotAllowed(_("You cannot plan a conference for this case."))
    if not case.is_open:
        raise ValidationError(_("The case is closed; reopen it before planning a conference."))
    fields = only_fields(fields, PLAN_FIELDS)
    if not fields.get("leader"):
        fields["leader"] = by
    conference = Conference(school=case.school, case=case, created_by=by, **fields)
    with transaction.atomic():
        conference.code = "-"
        conference.full_clean(exclude=["code"])
        conference.code = numbering.next_code(school=case.school, prefix="KK", on=timezone.localdate())
        conference.save()
        _staff_take_part(conference)
        audit.record(by=by, action=audit.Action.CREATE, obj=conference)
    return conference


@refuses_in_the_domain
def conference_update(*, conference, by, version, **fields):
    """Record the conference's data of its current stage (R8)."""
    with transaction.atomic():
        locked = _locked(conference, by, version)
        allowed = STAGE_FIELDS.get(locked.stage)
        if allowed is None or set(fields) - set(allowed):
            raise ValidationError(
                _("In the stage “%(stage)s” only its own data can be changed.") % {"stage": locked.get_stage_display()}
            )
        if set(fields) & set(MINUTES_FIELDS):
            _require_minutes_reader(locked, by)
        changed = any(getattr(locked, name) != value for name, value in fields.items())
        assign(locked, fields)
        locked.version += 1
        locked.full_clean()
        locked.save()
        if locked.is_planning() and changed:
            _staff_take_part(locked)
            _plan_changed(locked, by)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked


@refuses_in_the_domain
def conference_record_consent(*, conference, by, version, **fields):
    """R11: the student's assent and the parent's or guardian's consent (and a signed form), during
    planning."""
    with transaction.atomic():
        locked = _locked(conference, by, version, allowed=Conference.consent_may_be_recorded)
        consent.apply_consent(locked, fields)
        if not locked.has_consent:
            _plan_changed(locked, by)  # the principal approved the plan with the consent she saw
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail="consent")
    return locked


@refuses_in_the_domain
def conference_consent_exception(*, conference, by, ground, reason):
    """R11, S7: the coordinator lets a conference proceed without the full consent on one of the
    grounds, with a written reason; audited, kept in the history, and told to the principal."""
    if not can_record_consent_exception(by):
        raise NotAllowed(_("Only the BK coordinator records an exception to the consent."))
    with transaction.atomic():
        locked = _locked(conference, by)
        if not locked.consent_exception_may_be_recorded():
            raise ValidationError(_("An exception is recorded during planning, once, while the consent is incomplete."))
        consent.apply_exception(locked, by=by, ground=ground, reason=reason)
        # the history is read by every participant: it names the ground; the reason stays on the record
        workflow.record_event(locked, workflow.Action.OVERRIDE, by=by, note=locked.get_consent_exception_ground_display())
    return locked


@refuses_in_the_domain
def conference_print_consent_statement(*, conference, by, who):
    """The statement of consent to sign (R11): printed by the organisers, audited as an export."""
    _require_organiser(by, conference)
    pdf = documents.consent_statement_pdf(conference, who)
    audit.record(by=by, action=audit.Action.EXPORT, obj=conference, detail=f"consent_statement:{who}")
    return pdf


@refuses_in_the_domain
def participant_add(*, conference, by, **fields):
    with transaction.atomic():
        locked = _locked(conference, by, allowed=Conference.may_change_invitations)
        participant = Participant(conference=locked, **only_fields(fields, PARTICIPANT_FIELDS[Stage.PERENCANAAN]))
        if participant.account_id and locked.participants.filter(account=participant.account).exists():
            raise ValidationError({"account": _("This account is already invited.")})
        if participant.account_id and not can_be_invited(participant.account):
            raise ValidationError({"account": _("Only participant, counselor, coordinator and principal accounts can be invited.")})
        participant.full_clean()
        participant.save()
        _plan_changed(locked, by)
        _touch(locked, by)
    return participant


@refuses_in_the_domain
def participant_remove(*, participant, by):
    """Withdraw an invitation: the participant loses access on their next request (S3). Someone
    whose words are in the minutes or who answers for an action item stays on the record."""
    with transaction.atomic():
        locked = _locked(participant.conference, by, allowed=Conference.may_withdraw_invitations)
        if _took_part(participant):
            raise ValidationError(
                _("This participant took part: their contributions are part of the minutes, so they stay on the record.")
            )
        if participant.account_id in locked.staff_participant_ids():
            raise ValidationError(
                _("The leader and the minute-taker take part in the conference: name another one first.")
            )
        participant.delete()
        if locked.is_planning():
            _plan_changed(locked, by)
        _touch(locked, by)


@refuses_in_the_domain
def participant_update(*, participant, by, version=None, **fields):
    """A participant's data of the current stage: attendance, views, commitment, committed.
    `version` is the one the user saw: a stale edit is refused (S12)."""
    with transaction.atomic():
        locked = _locked(participant.conference, by)
        allowed = PARTICIPANT_FIELDS.get(locked.stage, ())
        if locked.is_planning() or set(fields) - set(allowed):
            raise ValidationError(
                _("In the stage “%(stage)s” only its own data can be changed.") % {"stage": locked.get_stage_display()}
            )
        if set(fields) & set(PARTICIPANT_STATEMENTS):
            _require_minutes_reader(locked, by)
        row = lock_for_edit(Participant.objects.filter(conference=locked), participant.pk, version)
        assign(row, fields)
        row.version += 1
        row.full_clean()
        row.save(update_fields=[*fields, "version"])
        _touch(locked, by)
    return row


@refuses_in_the_domain
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


@refuses_in_the_domain
def participant_record_signed_acknowledgment(*, participant, by):
    """The counselor records a participant's signed confidentiality statement. Only for a participant
    without an account: one with an account commits only themselves, in the app (R5)."""
    with transaction.atomic():
        locked = _locked(participant.conference, by, allowed=Conference.may_record_signed_acknowledgment)
        row = Participant.objects.select_for_update().get(pk=participant.pk, conference=locked)
        refusal = row.paper_acknowledgment_refusal()
        if refusal:
            raise DomainError(refusal)
        if not row.acknowledged_at:
            row.acknowledged_at = timezone.now()
            row.acknowledged_how = AckMethod.SIGNED
            row.save(update_fields=["acknowledged_at", "acknowledged_how"])
        _touch(locked, by)
    return row


@refuses_in_the_domain
def participant_print_confidentiality_statement(*, participant, by):
    """Whoever prints the conference's documents prints a participant's confidentiality statement
    (pernyataan menjaga kerahasiaan), to sign on paper. It is no letter of the school: it takes no
    number from the school's sequence, and printing it changes no record; the print is audited."""
    conference = participant.conference
    if not can_print_documents(by, conference):
        raise NotAllowed(
            _("Only the counselors of the case, the BK coordinator and the principal print the conference's documents.")
        )
    refusal = participant.confidentiality_statement_refusal()
    if refusal:
        raise DomainError(refusal)
    audit.record(by=by, action=audit.Action.EXPORT, obj=conference)


# The principal's approval (R4) ------------------------------------------------------------------

@refuses_in_the_domain
def conference_request_approval(*, conference, by):
    """The organisers ask the principal to approve the plan (R4): a complete plan, whose date has not
    passed, with the client's agreement and the participants invited."""
    with transaction.atomic():
        locked = _locked(conference, by)
        refusal = locked.approval_request_refusal()
        if refusal:
            raise TransitionRefused(refusal)
        locked.request_approval()
        locked.approval_requested_at = timezone.now()
        locked.approval_requested_by = by
        locked.version += 1
        locked.save(update_fields=["approval", "approval_requested_at", "approval_requested_by", "version", "updated_at"])
        workflow.record_event(locked, workflow.Action.REQUEST, by=by)
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked)
        mail_principals_on_commit(
            locked.school, _("Case conference %(code)s awaits your approval") % {"code": locked.code},
            _("A case conference (%(code)s) awaits your approval in bkcase. Open bkcase to review it.")
            % {"code": locked.code},
        )
    return locked


@refuses_in_the_domain
def conference_decide(*, conference, by, approve, comment=""):
    """The principal approves or declines (S4), an approval only before the conference's date (R4).
    A decline keeps the conference in planning with the reason shown; two decisions at once make
    one (S6)."""
    if not can_decide_approval(by, conference):
        raise NotAllowed(_("Only the principal approves or declines a case conference."))
    comment = (comment or "").strip()
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        refusal = locked.decision_refusal(approve=approve)
        if refusal:
            raise TransitionRefused(refusal)
        if not approve and not comment:
            raise ValidationError({"comment": _("Write why the conference is declined.")})
        if approve:
            locked.approve()
        else:
            locked.decline()
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

@refuses_in_the_domain
def information_add(*, conference, by, participant, topic, text):
    """(c) Information a participant gave, by topic."""
    with transaction.atomic():
        locked = _locked(conference, by, allowed=Conference.may_record_minutes)
        _require_minutes_reader(locked, by)
        if participant.conference_id != locked.pk:
            raise ValidationError({"participant": _("Choose a participant of this conference.")})
        item = ParticipantInformation(conference=locked, participant=participant, topic=topic, text=text)
        item.full_clean()
        item.save()
        _touch(locked, by)
    return item


@refuses_in_the_domain
def action_item_add(*, conference, by, responsible, what, due_on, where="", technique=""):
    with transaction.atomic():
        locked = _locked(conference, by, allowed=Conference.may_add_action_items)
        item = ActionItem(conference=locked, responsible=responsible, what=what, due_on=due_on, where=where,
                          technique=technique)
        item.full_clean()
        item.save()
        _touch(locked, by)
        if answers_as_case_counselor(responsible, locked.case):  # R12: the counselor's session, in the case
            chronology.plan_session(case=locked.case, by=by, on=due_on, origin=f"conferences.actionitem:{item.pk}",
                                    about=_("Action item of %(code)s: %(what)s") % {"code": locked.code, "what": what})
    return item


@refuses_in_the_domain
def action_item_update(*, item, by, status, completion_note="", completed_on=None, version=None):
    """Complete (or drop, or reopen) an action item. `version` is the one the user saw: if someone
    else completed or changed the item since, the save is refused and theirs stays (S12)."""
    with transaction.atomic():
        locked = _locked(item.conference, by, allowed=Conference.may_complete_action_items)
        row = lock_for_edit(ActionItem.objects.filter(conference=locked), item.pk, version)
        row.status, row.completion_note = status, completion_note
        row.completed_on = completed_on or (timezone.localdate() if status != "open" else None)
        row.version += 1
        row.full_clean()
        row.save(update_fields=["status", "completion_note", "completed_on", "version"])
        _touch(locked, by)
    return row


@refuses_in_the_domain
def conference_transition(*, conference, by, action, note="", expected_stage=None, reason=""):
    _require_organiser(by, conference)
    with transaction.atomic():
        moved = workflow.perform(conference, action, by=by, note=note, expected_stage=expected_stage, reason=reason)
        if moved.is_planning():
            _plan_changed(moved, by)  # back in planning: it is held again only with a new approval
    return moved


@refuses_in_the_domain
def conference_issue_document(*, conference, by, kind):
    """The number of a conference document, given at its first print and kept (R10)."""
    if not can_print_documents(by, conference):
        raise NotAllowed(
            _("Only the counselors of the case, the BK coordinator and the principal print the conference's documents.")
        )
    if kind not in DocumentKind.values:
        raise ValidationError(_("Unknown document."))
    if not can_print_document(by, conference, kind):
        raise NotAllowed(
            _("The minutes hold what the participants said: only the conference's participants print them.")
        )
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        refusal = locked.print_refusal(kind)
        if refusal:
            raise TransitionRefused(refusal)
        document = locked.documents.filter(kind=kind).first()
        if document is None:
            today = timezone.localdate()
            document = ConferenceDocument.objects.create(
                conference=locked, kind=kind, number=numbering.next_letter_number(school=locked.school, on=today),
                issued_on=today,
            )
        audit.record(by=by, action=audit.Action.EXPORT, obj=locked)
    return document
