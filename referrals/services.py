"""Use cases of the ATK app: the expert directory and the referral workflow.

Every function checks who acts and the domain rules (R1, R2, R3, R6, R8), validates, saves inside
a transaction under a row lock and writes the audit row. A refusal raises a DomainError or a
ValidationError whose message tells the user what to do.
"""

import logging
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from bkcase import audit, chronology, consent, numbering, workflow
from bkcase.access import can_record_consent_exception, cases_visible_to
from bkcase.exceptions import NotAllowed, refuses_in_the_domain
from bkcase.services import assign, only_fields
from bkcase.uploads import delete_replaced_on_commit, is_new_upload, validate_document_upload
from bkcase.versioning import lock_for_edit
from bkcase.workflow import Stage

from . import documents
from .access import (
    can_manage_experts,
    can_work_on_referrals,
    referrals_visible_to,
)
from .models import (
    LETTER_FIELDS,
    POLICE_REFUSAL,
    Expert,
    ExpertContact,
    ExpertKind,
    LetterKind,
    MissedAction,
    MissedAppointment,
    Referral,
    ReportRequest,
)

logger = logging.getLogger(__name__)

# The expert directory ---------------------------------------------------------------------------

EXPERT_FIELDS = (
    "kind", "is_institution", "name", "title", "field", "institution", "police_name_confirmed", "address", "phone",
    "email", "notes", "active",
)


def _settle_police_name_confirmation(expert):
    """The confirmation that a name mentioning the police is a health facility's (R1) is kept only
    while the name mentions the police."""
    if not expert.needs_police_name_confirmation():
        expert.police_name_confirmed = False


@refuses_in_the_domain
def expert_create(*, by, **fields):
    """Add a destination to the directory (R1): a person or an institution of one of the kinds. The
    police are refused; a health facility whose name mentions them needs the user's confirmation."""
    if not can_manage_experts(by):
        raise NotAllowed(_("Only the BK coordinator maintains the expert directory."))
    expert = Expert(school=by.school, **only_fields(fields, EXPERT_FIELDS))
    _settle_police_name_confirmation(expert)
    with transaction.atomic():
        expert.full_clean()
        expert.save()
        audit.record(by=by, action=audit.Action.CREATE, obj=expert)
    return expert


@refuses_in_the_domain
def expert_update(*, expert, by, version=None, **fields):
    """Change a directory entry. `version` is the one the user saw: a stale edit is refused (S12)."""
    if not can_manage_experts(by) or expert.school_id != by.school_id:
        raise NotAllowed(_("Only the BK coordinator maintains the expert directory."))
    with transaction.atomic():
        locked = lock_for_edit(Expert.objects, expert.pk, version)
        assign(locked, only_fields(fields, EXPERT_FIELDS))
        _settle_police_name_confirmation(locked)
        locked.version += 1
        locked.full_clean()
        locked.save(update_fields=[*fields, "police_name_confirmed", "version", "updated_at"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked


# Referrals --------------------------------------------------------------------------------------

# The data each stage records (R8). A stage's data is edited only while the referral is in it.
STAGE_FIELDS = {
    Stage.PERENCANAAN: (
        "expert", "problem_summary", "functions", "outside_authority", "close_relationship",
        "considerations_note", "alternatives_offered", "client_choice", "materials",
    ),
    Stage.PELAKSANAAN: ("plan_communicated_to", "plan_communicated_on", "handover_on", "client_met_expert_on",
                        "expert_report_due_on"),
    Stage.EVALUASI: ("client_account", "expert_report", "expert_report_file", "expert_report_received_on",
                     "counselor_evaluation", "expert_report_due_on"),
    Stage.ANALISIS: ("effectiveness", "effectiveness_reason"),
    Stage.TINDAK_LANJUT: ("follow_up", "follow_up_note"),
    # to whom the report goes is printed on it, so it is given when the report is first printed
    Stage.PELAPORAN: ("report_delivered_on", "report_filed_on"),
}
CREATE_FIELDS = ("problem_summary", "functions", "outside_authority", "close_relationship", "considerations_note")


def _require_worker(by, referral=None):
    if not can_work_on_referrals(by):
        raise NotAllowed(_("Only counselors and the BK coordinator work on referrals."))
    if referral is not None and not referrals_visible_to(by).filter(pk=referral.pk).exists():
        raise NotAllowed(_("You cannot work on this referral."))


def _check_destination(by, expert, kind):
    """R1: an ATK goes to an active expert of the school's directory, of one of the kinds, never to
    the police."""
    if kind is not None and kind not in ExpertKind.values:
        raise ValidationError({"kind": POLICE_REFUSAL})
    if expert is None:
        raise ValidationError({"expert": _("Choose the expert from the directory.")})
    if expert.destination_problem():
        raise ValidationError({"expert": POLICE_REFUSAL})
    if expert.school_id != by.school_id or not expert.active:
        raise ValidationError({"expert": _("Choose an active expert of your school's directory.")})
    if kind is not None and expert.kind != kind:
        raise ValidationError({"expert": _("The expert chosen is not of the kind chosen.")})


def _new_referral(*, case, by, expert, kind, previous=None, **fields):
    _check_destination(by, expert, kind)
    blocked = case.referral_blocked_reason()
    if blocked:
        raise ValidationError(blocked)  # R2
    if not case.is_open:
        raise ValidationError(_("The case is closed; reopen it before referring it."))
    referral = Referral(
        school=case.school, case=case, expert=expert, previous=previous, created_by=by,
        **only_fields(fields, CREATE_FIELDS),
    )
    referral.code = "-"
    referral.full_clean(exclude=["code"])
    referral.code = numbering.next_code(school=case.school, prefix="ATK", on=timezone.localdate())
    referral.save()
    audit.record(by=by, action=audit.Action.CREATE, obj=referral)
    return referral


@refuses_in_the_domain
def referral_create(*, case, by, expert, kind=None, **fields):
    """Start an ATK for a case: planning begins. Refused for the police (R1) and for an
    unprocessed criminal matter (R2)."""
    _require_worker(by)
    if not cases_visible_to(by).filter(pk=case.pk).exists():
        raise NotAllowed(_("You cannot refer this case."))
    with transaction.atomic():
        return _new_referral(case=case, by=by, expert=expert, kind=kind, **fields)


@refuses_in_the_domain
def referral_create_follow_up(*, referral, by, expert, kind=None, **fields):
    """R6: from follow-up, a new ATK to another expert, linked to this one."""
    _require_worker(by, referral)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if not locked.may_start_follow_up():
            raise ValidationError(
                _("A new referral is made in the follow-up stage, after deciding on a new referral to another expert.")
            )
        if expert is not None and expert.pk == locked.expert_id:
            raise ValidationError({"expert": _("Choose another expert than the one of this referral.")})
        return _new_referral(case=locked.case, by=by, expert=expert, kind=kind, previous=locked, **fields)


def _locked_for_edit(referral, by, version):
    _require_worker(by, referral)
    locked = lock_for_edit(Referral.objects, referral.pk, version, what=_("referral"))
    if not locked.is_open:
        raise ValidationError(_("A closed or cancelled referral cannot be changed."))
    return locked


@refuses_in_the_domain
def referral_update_stage(*, referral, by, version, **fields):
    """Record the data of the referral's current stage. Data of other stages is refused (R8, S5)."""
    with transaction.atomic():
        locked = _locked_for_edit(referral, by, version)
        allowed = STAGE_FIELDS.get(locked.stage, ())
        outside = set(fields) - set(allowed)
        if outside:
            raise ValidationError(
                _("In the stage “%(stage)s” only its own data can be changed.") % {"stage": locked.get_stage_display()}
            )
        if "expert" in fields:
            _check_destination(by, fields["expert"], None)
            if locked.previous_id and fields["expert"].pk == locked.previous.expert_id:
                raise ValidationError({"expert": _("Choose another expert than the one of this referral.")})
        upload = fields.get("expert_report_file")
        if upload is False or (isinstance(upload, str) and not upload):
            fields["expert_report_file"] = ""  # cleared
        elif is_new_upload(upload):
            try:
                validate_document_upload(upload)
            except ValidationError as error:
                raise ValidationError({"expert_report_file": error.messages}) from error
        else:
            fields.pop("expert_report_file", None)  # nothing new uploaded (the form hands back the file it holds): keep it
        old_file = locked.expert_report_file.name
        old_handover, old_due = locked.handover_on, locked.expert_report_due_on
        assign(locked, fields)
        if old_handover and old_due == old_handover + timedelta(days=Referral.EXPERT_REPORT_DAYS) \
                and locked.expert_report_due_on == old_due and locked.handover_on != old_handover:
            locked.expert_report_due_on = None  # the default follows a corrected handover
        if locked.handover_on and not locked.expert_report_due_on:
            locked.expert_report_due_on = locked.handover_on + timedelta(days=Referral.EXPERT_REPORT_DAYS)
        # the day the expert's report came back: today when it is first recorded, unless given; none without one
        if not locked.has_expert_report():
            locked.expert_report_received_on = None
        elif not locked.expert_report_received_on:
            locked.expert_report_received_on = timezone.localdate()
        locked.version += 1
        locked.full_clean()
        locked.save()
        delete_replaced_on_commit(locked.expert_report_file, old_file)  # a replaced or cleared report leaves the disk (S30)
        _anonymise_contacts_before_consent(locked)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
        if locked.counseling_continues():  # R12: the counselor's next session, planned in the case
            chronology.plan_session(
                case=locked.case, by=by, on=timezone.localdate() + timedelta(days=7),
                origin=f"referrals.referral:{locked.pk}",
                about=_("Follow-up of %(code)s: counseling continues with the counselor.") % {"code": locked.code})
    return locked


def _anonymise_contacts_before_consent(referral):
    """R4: once the consent's date is known, the contacts dated before it are the anonymous ones."""
    since = referral.consent_recorded_on()
    if since is not None:
        referral.contacts.filter(anonymous=False, contacted_on__lt=since).update(anonymous=True)


@refuses_in_the_domain
def referral_add_contact(*, referral, by, contacted_on, channel, response, note="", anonymous=False):
    """Record a contact with the expert during planning (R3 needs a positive one). A contact before
    the client's consent is recorded is stored as anonymous: it named no client (R4)."""
    with transaction.atomic():
        locked = _locked_for_edit(referral, by, None)
        if not locked.can_record_contacts():
            raise ValidationError(_("Contacts with the expert are recorded during planning."))
        contact = ExpertContact(
            referral=locked, expert=locked.expert, contacted_on=contacted_on, channel=channel, response=response,
            note=note, by=by, anonymous=bool(anonymous) or locked.contact_must_be_anonymous(contacted_on),
        )
        contact.full_clean()
        contact.save()
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return contact


def _add_to_record(*, referral, by, allowed, refusal, row_class, **fields):
    """Add a row to a referral's record (a missed appointment, a request for the expert's report) in
    the stage that allows it: the referral is locked, its version moves on, the change is audited."""
    locked = _locked_for_edit(referral, by, None)
    if not allowed(locked):
        raise ValidationError(refusal)
    row = row_class(referral=locked, by=by, **fields)
    row.full_clean()
    row.save()
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked, row


@refuses_in_the_domain
def referral_record_missed_appointment(*, referral, by, missed_on, action, note=""):
    """R16: the client did not attend the expert. Recorded in execution with what was done: a new
    appointment (the referral goes on), or the referral cancelled, with this as its reason."""
    with transaction.atomic():
        locked, missed = _add_to_record(
            referral=referral, by=by, allowed=lambda r: r.can_record_missed_appointment(),
            refusal=_("A missed appointment with the expert is recorded during execution."),
            row_class=MissedAppointment, missed_on=missed_on, action=action, note=note,
        )
        if action == MissedAction.BATAL:
            reason = _("The client did not attend the expert on %(date)s.") % {"date": date_format(missed_on)}
            workflow.perform(locked, workflow.Action.CANCEL, by=by, note=f"{reason} {note}".strip())
    return missed


@refuses_in_the_domain
def referral_request_report(*, referral, by, requested_on, channel, note=""):
    """R16: a documented request to the expert for their report (rujukan balik). Once one is
    recorded, the evaluation may go on without the report, on the client's account and the
    counselor's observation."""
    with transaction.atomic():
        _locked, request = _add_to_record(
            referral=referral, by=by, allowed=lambda r: r.can_request_expert_report(),
            refusal=_("Requests for the expert's report are recorded during evaluation."),
            row_class=ReportRequest, requested_on=requested_on, channel=channel, note=note,
        )
    return request


@refuses_in_the_domain
def referral_transition(*, referral, by, action, note="", expected_stage=None, reason=""):
    """Advance, go back or cancel (with the reason chosen): through the one workflow mechanism (R3, R7,
    R8, S6)."""
    _require_worker(by, referral)
    return workflow.perform(referral, action, by=by, note=note, expected_stage=expected_stage, reason=reason)


LETTER_RENDERERS = {
    LetterKind.SURAT_PENGANTAR: documents.cover_letter_pdf,
    LetterKind.LAPORAN: documents.report_pdf,
}


def _issue(referral, by, kind, recipient=""):
    """Print the letter `kind`: the first print takes its number and keeps the PDF made with it; every
    reprint gives back that very PDF, so a number always stands for one content. Returns the
    referral and the PDF bytes."""
    number_field, date_field = LETTER_FIELDS[kind]
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        refusal = locked.letter_refusal(kind)
        if refusal:
            raise ValidationError(refusal)
        printed = locked.documents.filter(kind=kind).first()
        if printed is None:
            changed = []
            if kind == LetterKind.LAPORAN and not locked.report_delivered_to.strip():
                recipient = (recipient or "").strip()
                ProhibitNullCharactersValidator()(recipient)  # PostgreSQL keeps no NUL in text
                if not recipient:
                    raise ValidationError({"recipient": _(
                        "Write to whom the report is delivered: it is printed on the report.")})
                if len(recipient) > Referral._meta.get_field("report_delivered_to").max_length:
                    raise ValidationError({"recipient": _("Write the recipient more briefly.")})
                locked.report_delivered_to = recipient
                changed.append("report_delivered_to")
            if not getattr(locked, number_field):
                today = timezone.localdate()
                setattr(locked, number_field, numbering.next_letter_number(school=locked.school, on=today))
                setattr(locked, date_field, today)
                changed += [number_field, date_field]
            if changed:
                locked.save(update_fields=changed)
            # (a letter numbered before printed copies were kept is kept from its next print on)
            printed = locked.documents.create(
                kind=kind, number=getattr(locked, number_field), issued_on=getattr(locked, date_field),
                recipient=locked.report_delivered_to if kind == LetterKind.LAPORAN else "",
                content=LETTER_RENDERERS[kind](locked), issued_by=by,
            )
        audit.record(by=by, action=audit.Action.EXPORT, obj=locked)
    return locked, bytes(printed.content)


@refuses_in_the_domain
def referral_issue_cover_letter(*, referral, by):
    """The surat pengantar, once the expert agreed. Its number and content are given once and kept for
    reprints."""
    _require_worker(by, referral)
    return _issue(referral, by, LetterKind.SURAT_PENGANTAR)


@refuses_in_the_domain
def referral_issue_report(*, referral, by, recipient=""):
    """The Laporan ATK, in the reporting stage and after. The first print asks to whom it is
    delivered (printed on it), takes its number and keeps the PDF; a reprint gives back that PDF."""
    _require_worker(by, referral)
    return _issue(referral, by, LetterKind.LAPORAN, recipient)


@refuses_in_the_domain
def referral_record_consent(*, referral, by, version, **fields):
    """R11: the student's assent and the parent's or guardian's consent (and a signed form), during
    planning. The contacts dated before the consent named no client (R4)."""
    with transaction.atomic():
        locked = _locked_for_edit(referral, by, version)
        if not locked.consent_may_be_recorded():
            raise ValidationError(_("Consent is settled during planning."))
        consent.apply_consent(locked, fields)
        _anonymise_contacts_before_consent(locked)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail="consent")
    return locked


@refuses_in_the_domain
def referral_consent_exception(*, referral, by, ground, reason):
    """R11, S7: the coordinator lets a referral proceed without the full consent on one of the
    grounds, with a written reason; audited, kept in the stage history, and told to the principal."""
    if not can_record_consent_exception(by):
        raise NotAllowed(_("Only the BK coordinator records an exception to the consent."))
    with transaction.atomic():
        locked = _locked_for_edit(referral, by, None)
        if not locked.consent_exception_may_be_recorded():
            raise ValidationError(_("An exception is recorded during planning, once, while the consent is incomplete."))
        consent.apply_exception(locked, by=by, ground=ground, reason=reason)
        workflow.record_event(locked, workflow.Action.OVERRIDE, by=by,
                              note=f"{locked.get_consent_exception_ground_display()}: {locked.consent_exception_reason}")
        _anonymise_contacts_before_consent(locked)
    return locked


@refuses_in_the_domain
def referral_print_consent_statement(*, referral, by, who):
    """The statement of consent to sign (R11): printed by those who work on the referral, audited as
    an export (it names the student)."""
    _require_worker(by, referral)
    pdf = documents.consent_statement_pdf(referral, who)
    audit.record(by=by, action=audit.Action.EXPORT, obj=referral, detail=f"consent_statement:{who}")
    return pdf
