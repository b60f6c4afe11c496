"""Recording and correcting the counselor's services on a case (R12).

Every function checks who acts, validates, saves inside a transaction with the rows it depends on
locked, and writes the audit row. An entry is never deleted: a correction keeps what the changed
fields held before (ServiceCorrection), and the edit form refuses a stale save (S12).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bkcase import audit, numbering
from bkcase.exceptions import NotAllowed, refuses_in_the_domain
from bkcase.models import Case
from bkcase.services import assign, only_fields
from bkcase.uploads import delete_replaced_on_commit, is_new_upload, validate_document_upload
from bkcase.versioning import lock_for_edit
from evaluations.services import offer_laiseg

from . import documents
from .access import cases_served_by, services_editable_by
from .models import SESSION_KINDS, GroupSession, Kind, Service, ServiceCorrection

COMMON_FIELDS = ("held_on", "starts_at", "sharing", "attachment")
SESSION_FIELDS = ("problem", "technique", "notes", "agreements", "next_on")
FIELDS_OF_KIND = {
    Kind.INDIVIDUAL: COMMON_FIELDS + SESSION_FIELDS,
    Kind.KELOMPOK: COMMON_FIELDS + SESSION_FIELDS,
    Kind.KONSULTASI: COMMON_FIELDS + ("party", "participants", "problem", "notes", "agreements", "next_on"),
    Kind.KUNJUNGAN: COMMON_FIELDS + ("participants", "met_with", "purpose", "notes", "agreements", "next_on"),
    Kind.PANGGILAN: COMMON_FIELDS + ("place", "purpose", "signer", "attended", "notes", "agreements"),
    Kind.CATATAN: COMMON_FIELDS + ("notes",),
}
GROUP_FIELDS = ("topic", "group_note", "other_members")
# the services whose Laiseg (immediate evaluation) is offered when they are recorded (R13)
LAISEG_KINDS = (*SESSION_KINDS, Kind.KUNJUNGAN)
FOLLOW_UP_DAYS = 7


def _served_case(by, case):
    """The case, locked, if `by` counsels it; refused otherwise."""
    if not cases_served_by(by).filter(pk=case.pk).exists():
        raise NotAllowed(_("Only the case's counselors record its services."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not locked.is_open:
        raise ValidationError(_("A closed case takes no new entries; reopen it first."))
    return locked


def _checked_upload(fields):
    """S22: an attachment is a PDF, JPEG or PNG of at most 10 MB, stored under a name of our making."""
    upload = fields.get("attachment")
    if is_new_upload(upload):
        try:
            validate_document_upload(upload)
        except ValidationError as error:
            raise ValidationError({"attachment": error.messages}) from error
    elif "attachment" in fields:
        fields.pop("attachment")


def _new_service(case, by, kind, fields, group=None, follows=None):
    service = Service(school_id=case.school_id, case=case, kind=kind, created_by=by, group=group, follows=follows,
                      **fields)
    if kind in SESSION_KINDS:
        service.meeting_number = service.next_meeting_number()
    service.full_clean()
    service.save()
    audit.record(by=by, action=audit.Action.CREATE, obj=service)
    return service


@refuses_in_the_domain
def service_record(*, case, by, kind, member_cases=(), **fields):
    """Record a service on `case`. A group session (kind KELOMPOK) takes its group's fields (topic,
    group note, other members) and `member_cases`, the other members' cases the counselor works on:
    each of those cases gets its own entry of the same group, with its own meeting number."""
    if kind not in FIELDS_OF_KIND:
        raise ValidationError({"kind": _("Unknown kind of entry.")})
    group_fields = {name: fields.pop(name) for name in GROUP_FIELDS if name in fields}
    only_fields(fields, FIELDS_OF_KIND[kind])
    _checked_upload(fields)
    with transaction.atomic():
        locked = _served_case(by, case)
        group = None
        if kind == Kind.KELOMPOK:
            group = GroupSession(school_id=locked.school_id, created_by=by, **group_fields)
            group.full_clean()
            group.save()
        elif group_fields or member_cases:
            raise ValidationError(_("Only a group session has members."))
        service = _new_service(locked, by, kind, fields, group=group)
        shared = {name: fields[name] for name in ("held_on", "starts_at", "sharing", "technique", "next_on")
                  if name in fields}
        recorded = [service]
        for member_case in member_cases:
            if member_case.pk == locked.pk or member_case.student_id == locked.student_id:
                continue
            recorded.append(_new_service(_served_case(by, member_case), by, kind, shared, group=group))
        _offer_laiseg(recorded, by)
    return service


def _offer_laiseg(services, by):
    """R13: a session or home visit that took place (or is written up) gets its Laiseg."""
    for service in services:
        if service.kind in LAISEG_KINDS and not service.is_planned:
            offer_laiseg(record=service, case=service.case, by=by, held_on=service.held_on)


def _as_text(value):
    if value is None:
        return ""
    if hasattr(value, "name"):  # a file
        return value.name or ""
    return str(value)


@refuses_in_the_domain
def service_correct(*, service, by, version, **fields):
    """Correct an entry. `version` is the one the user saw (S12). What the changed fields held before
    is kept with who changed it and when; nothing is deleted."""
    group_fields = {name: fields.pop(name) for name in GROUP_FIELDS if name in fields}
    only_fields(fields, FIELDS_OF_KIND[service.kind])
    _checked_upload(fields)  # an entry's attachment is replaced, never cleared
    with transaction.atomic():
        locked = lock_for_edit(services_editable_by(by), service.pk, version, what=_("entry"))
        previous = {name: _as_text(getattr(locked, name)) for name, value in fields.items()
                    if getattr(locked, name) != value}
        old_attachment = locked.attachment.name
        assign(locked, fields)
        group = locked.group
        if group is not None and group_fields:
            previous.update({f"group.{name}": getattr(group, name) for name, value in group_fields.items()
                             if getattr(group, name) != value})
            assign(group, group_fields)
            group.full_clean()
        locked.full_clean()
        if not previous:
            return locked
        locked.version += 1
        locked.save(update_fields=[*fields, "version", "updated_at"])
        if group is not None and group_fields:
            group.save(update_fields=list(group_fields))
        ServiceCorrection.objects.create(service=locked, by=by, previous=previous)
        delete_replaced_on_commit(locked.attachment, old_attachment)
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail=",".join(sorted(previous))[:120])
        _offer_laiseg([locked], by)
    return locked


@refuses_in_the_domain
def service_plan_follow_up(*, service, by):
    """Plan the next individual session from an entry, in one step: on the entry's next date (a week
    from today when it has none, or when that date has passed), on the same problem."""
    today = timezone.localdate()
    on = service.next_on if service.next_on and service.next_on >= today else today + datetime.timedelta(
        days=FOLLOW_UP_DAYS)
    with transaction.atomic():
        locked = _served_case(by, service.case)
        return _new_service(locked, by, Kind.INDIVIDUAL,
                            {"held_on": on, "problem": service.problem, "sharing": service.sharing},
                            follows=service)


@refuses_in_the_domain
def session_plan_for(*, case, by, on, origin, about=""):
    """A planned individual session on `case`, asked for by another record (bkcase.chronology.plan_session):
    a referral's follow-up by the counselor, a conference's action item of the case's counselor. The
    caller decided that `by` may act on its record. Once per origin; none on a closed case. It shows in
    the chronology and on the counselor's home page, and is corrected like any entry."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not locked.is_open:
        return None
    planned = locked.counseling_services.filter(origin=origin).first()
    if planned is not None:
        return planned
    service = Service(school_id=locked.school_id, case=locked, kind=Kind.INDIVIDUAL, created_by=by, origin=origin,
                      held_on=max(on, timezone.localdate()), problem=about)
    service.meeting_number = service.next_meeting_number()
    service.full_clean()
    service.save()
    audit.record(by=by, action=audit.Action.CREATE, obj=service, detail=origin)
    return service


@refuses_in_the_domain
def service_issue_document(*, service, by, kind):
    """Print the letter `kind` of the entry: the first print takes its number and keeps the PDF; a
    reprint gives back that very PDF. Returns the PDF bytes."""
    with transaction.atomic():
        locked = lock_for_edit(services_editable_by(by), service.pk, None)
        refusal = locked.document_refusal(kind)
        if refusal:
            raise ValidationError(refusal)
        printed = locked.documents.filter(kind=kind).first()
        if printed is None:
            today = timezone.localdate()
            number = numbering.next_letter_number(school=locked.case.school, on=today)
            content = documents.render(locked, kind, number=number, on=today)
            printed = locked.documents.create(kind=kind, number=number, issued_on=today, content=content,
                                              issued_by=by)
        audit.record(by=by, action=audit.Action.EXPORT, obj=locked, detail=kind)
    return bytes(printed.content)
