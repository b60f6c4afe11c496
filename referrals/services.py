"""Use cases of the ATK app: the expert directory."""

from django.db import transaction
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase.exceptions import NotAllowed
from bkcase.services import assign, only_fields

from .access import can_manage_experts
from .models import Expert

EXPERT_FIELDS = ("kind", "name", "title", "field", "institution", "address", "phone", "email", "notes", "active")


def expert_create(*, by, **fields):
    if not can_manage_experts(by):
        raise NotAllowed(_("Only the BK coordinator maintains the expert directory."))
    expert = Expert(school=by.school, **only_fields(fields, EXPERT_FIELDS))
    with transaction.atomic():
        expert.full_clean()
        expert.save()
        audit.record(by=by, action=audit.Action.CREATE, obj=expert)
    return expert


def expert_update(*, expert, by, **fields):
    if not can_manage_experts(by) or expert.school_id != by.school_id:
        raise NotAllowed(_("Only the BK coordinator maintains the expert directory."))
    with transaction.atomic():
        locked = Expert.objects.select_for_update().get(pk=expert.pk)
        assign(locked, only_fields(fields, EXPERT_FIELDS))
        locked.full_clean()
        locked.save(update_fields=[*fields, "updated_at"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked)
    return locked
