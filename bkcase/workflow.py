"""The one workflow mechanism of bkcase: referrals (ATK) and case conferences both move through it.

Stages: perencanaan → pelaksanaan → evaluasi → analisis hasil evaluasi → tindak lanjut →
pelaporan → selesai, and any open stage can be cancelled (dibatalkan) with a reason.

- A record advances one stage at a time, and only when the data its current stage requires is
  complete (`missing_to_leave()`, R8). No stage is skipped.
- Going back one stage is an explicit action with a reason; so is cancelling.
- Every change writes one history row (who, when, from, to, why: R7) and one audit row, under a
  row lock so that two simultaneous requests make exactly one transition (S6).

The transitions are declared with django-fsm-2 on the abstract `WorkflowRecord`; each record kind
says what its stages require by overriding `stage_requirements()`.
"""

from functools import cache

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import GET_STATE, FSMField, can_proceed, transition

from . import audit
from .exceptions import DomainError
from .modelbase import Model


class Stage(models.TextChoices):
    PERENCANAAN = "perencanaan", gettext_lazy("Planning")
    PELAKSANAAN = "pelaksanaan", gettext_lazy("Execution")
    EVALUASI = "evaluasi", gettext_lazy("Evaluation")
    ANALISIS = "analisis", gettext_lazy("Analysis of the evaluation")
    TINDAK_LANJUT = "tindak_lanjut", gettext_lazy("Follow-up")
    PELAPORAN = "pelaporan", gettext_lazy("Reporting")
    SELESAI = "selesai", gettext_lazy("Closed")
    DIBATALKAN = "dibatalkan", gettext_lazy("Cancelled")


FLOW = [
    Stage.PERENCANAAN, Stage.PELAKSANAAN, Stage.EVALUASI, Stage.ANALISIS, Stage.TINDAK_LANJUT,
    Stage.PELAPORAN, Stage.SELESAI,
]
OPEN_STAGES = FLOW[:-1]
FINAL_STAGES = [Stage.SELESAI, Stage.DIBATALKAN]


def next_stage(stage):
    return FLOW[FLOW.index(stage) + 1]


def previous_stage(stage):
    return FLOW[FLOW.index(stage) - 1]


class Action(models.TextChoices):
    ADVANCE = "advance", gettext_lazy("advanced")
    BACK = "back", gettext_lazy("went back")
    CANCEL = "cancel", gettext_lazy("cancelled")
    # events within a stage that the history keeps too (the principal's approval of a conference)
    REQUEST = "request", gettext_lazy("approval requested")
    APPROVE = "approve", gettext_lazy("approved")
    DECLINE = "decline", gettext_lazy("declined")
    OVERRIDE = "override", gettext_lazy("consent requirement overridden")
    RESET = "reset", gettext_lazy("approval withdrawn: the plan changed")


TRANSITIONS = (Action.ADVANCE, Action.BACK, Action.CANCEL)


class CancelReason(models.TextChoices):
    """Why a record was cancelled, as a choice the reports can count (the note adds the details)."""

    PERSETUJUAN_DITARIK = "persetujuan_ditarik", gettext_lazy("The student or the parent withdrew consent")
    AHLI_MENOLAK = "ahli_menolak", gettext_lazy("The expert declined")
    PINDAH_SEKOLAH = "pindah_sekolah", gettext_lazy("The student moved school")
    TIDAK_DIPERLUKAN = "tidak_diperlukan", gettext_lazy("No longer needed: the problem was resolved otherwise")
    LAINNYA = "lainnya", gettext_lazy("Other (write the reason)")


class TransitionRefused(DomainError):
    """A transition that the workflow does not allow now; the message says why and what to do."""


def _requirements_met(record):
    return not record.missing_to_leave()


class WorkflowRecord(Model):
    """Abstract base of every record that moves through the stages."""

    stage = FSMField(gettext_lazy("stage"), max_length=20, choices=Stage.choices, default=Stage.PERENCANAAN)
    stage_changed_at = models.DateTimeField(gettext_lazy("stage changed at"), default=timezone.now)
    cancel_reason_kind = models.CharField(
        gettext_lazy("why it was cancelled"), max_length=20, choices=CancelReason.choices, blank=True
    )
    cancel_reason = models.TextField(gettext_lazy("reason for cancelling"), blank=True)

    # the reasons a record of this kind can be cancelled for (a conference has no expert to decline)
    CANCEL_REASONS = tuple(CancelReason)

    class Meta:
        abstract = True

    # What each record kind says about its stages ------------------------------------------------

    def stage_requirements(self):
        """{stage: [(is_met, message) or (is_met, message, anchor), ...]}: what the record needs
        before it leaves a stage; the anchor names the field or form on the record's page that
        supplies it (e.g. "#id_handover_on")."""
        return {}

    def missing_links(self, stage=None):
        """(message, anchor) of each thing still missing before the record can leave `stage`
        (default: now); the anchor is "" where no form on the page supplies it."""
        stage = stage or self.stage
        return [(str(message), rest[0] if rest else "")
                for met, message, *rest in self.stage_requirements().get(stage, []) if not met]

    def missing_to_leave(self, stage=None):
        """The messages of what is still missing before the record can leave `stage` (default: now)."""
        return [message for message, _anchor in self.missing_links(stage)]

    # Questions --------------------------------------------------------------------------------

    @property
    def is_open(self):
        return self.stage not in FINAL_STAGES

    @property
    def was_cancelled(self):
        return self.stage == Stage.DIBATALKAN

    def cancel_reason_choices(self):
        return [(reason.value, reason.label) for reason in self.CANCEL_REASONS]

    def cancel_reason_text(self):
        """Why it was cancelled, as the pages and documents say it: the choice, then the note."""
        label = self.get_cancel_reason_kind_display() if self.cancel_reason_kind else ""
        if label and self.cancel_reason and self.cancel_reason_kind != CancelReason.LAINNYA:
            return f"{label}: {self.cancel_reason}"
        return self.cancel_reason or label

    def stage_index(self):
        return FLOW.index(self.stage) if self.stage in FLOW else -1

    def stepper(self):
        """The stages for a progress display: (stage, label, state) with state done/current/todo."""
        current = self.stage_index()
        steps = []
        for i, stage in enumerate(FLOW):
            state = "done" if i < current or self.stage == Stage.SELESAI else "current" if i == current else "todo"
            steps.append((stage, Stage(stage).label, state))
        return steps

    def can_advance(self):
        return can_proceed(self.advance)

    def can_go_back(self):
        return can_proceed(self.go_back)

    def can_cancel(self):
        return can_proceed(self.cancel)

    # Transitions ------------------------------------------------------------------------------

    @transition(
        field=stage,
        source=OPEN_STAGES,
        target=GET_STATE(lambda record: next_stage(record.stage), states=FLOW[1:]),
        conditions=[_requirements_met],
    )
    def advance(self):
        pass

    @transition(
        field=stage,
        source=FLOW[1:-1],
        target=GET_STATE(lambda record: previous_stage(record.stage), states=FLOW[:-2]),
    )
    def go_back(self):
        pass

    @transition(field=stage, source=OPEN_STAGES, target=Stage.DIBATALKAN)
    def cancel(self):
        pass


class CaseRecord(WorkflowRecord):
    """What both record kinds share beyond the workflow: they belong to a case of a school, carry a
    code, remember who made them, and a version for refusing stale edits (S12)."""

    school = models.ForeignKey("bkcase.School", on_delete=models.PROTECT, related_name="%(app_label)s")
    case = models.ForeignKey(
        "bkcase.Case", on_delete=models.PROTECT, related_name="%(app_label)s", verbose_name=gettext_lazy("case")
    )
    code = models.CharField(gettext_lazy("code"), max_length=30, editable=False)
    created_by = models.ForeignKey("bkcase.Membership", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def __str__(self):
        return self.code

    @property
    def audit_student_id(self):
        return self.case.student_id


class StageChangeBase(Model):
    """One row of a record's stage history (R7). Each record kind adds its `record` foreign key
    with related_name="stage_changes"."""

    action = models.CharField(max_length=10, choices=Action.choices)
    from_stage = models.CharField(max_length=20, choices=Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Stage.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey("bkcase.Membership", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_stage} → {self.to_stage}"


@cache
def after_transition_hooks():
    """What other mechanisms do when a record moves (the follow-up evaluations are scheduled when a
    service ends): dotted paths in the setting WORKFLOW_AFTER_TRANSITION, so that the core names no app.
    Each is called as hook(record, action=, from_stage=, by=) inside the transition's transaction."""
    return [import_string(path) for path in getattr(settings, "WORKFLOW_AFTER_TRANSITION", [])]


def record_event(record, action, *, by, note=""):
    """Write a history row for an event that does not change the stage (e.g. an approval), inside
    the caller's transaction."""
    record.stage_changes.create(action=action, from_stage=record.stage, to_stage=record.stage, note=note, by=by)


def _cancel_reason(record, reason, note):
    """The reason chosen for a cancellation, checked: one of the record kind's, with a note when it is
    "other". A note alone (no choice) counts as "other"."""
    reason = reason or (CancelReason.LAINNYA if note else "")
    if reason not in [choice.value for choice in record.CANCEL_REASONS]:
        raise ValidationError({"reason": _("Choose why it is cancelled.")})
    if reason == CancelReason.LAINNYA and not note:
        raise ValidationError({"note": _("Write why it is cancelled.")})
    return reason


def perform(record, action, *, by, note="", expected_stage=None, reason=""):
    """Carry out a transition on `record` for the membership `by`: the one path every stage change
    takes. The caller has checked that `by` may act on the record. `expected_stage` is the stage the
    user saw: if the record moved meanwhile (a double click, two people at once) nothing happens
    and the user is told. Returns the updated record."""
    note = (note or "").strip()
    model = type(record)
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=record.pk)
        if expected_stage is not None and locked.stage != expected_stage:
            raise TransitionRefused(
                _("This was already done: the stage is now “%(stage)s”.") % {"stage": locked.get_stage_display()}
            )
        if action == Action.ADVANCE:
            method = locked.advance
            missing = locked.missing_to_leave() if locked.is_open else []
            if missing:
                raise TransitionRefused(
                    _("It cannot move on yet. Still missing: %(missing)s") % {"missing": "; ".join(missing)}
                )
        elif action == Action.BACK:
            method = locked.go_back
            if not note:
                raise ValidationError({"note": _("Write why the record goes back a stage.")})
        elif action == Action.CANCEL:
            method = locked.cancel
            reason = _cancel_reason(locked, reason, note)
        else:
            raise TransitionRefused(_("Unknown action."))
        if not can_proceed(method):
            raise TransitionRefused(
                _("This is not possible in the stage “%(stage)s”.") % {"stage": locked.get_stage_display()}
            )
        from_stage = locked.stage
        method()
        locked.stage_changed_at = timezone.now()
        fields = ["stage", "stage_changed_at"]
        if action == Action.CANCEL:
            locked.cancel_reason, locked.cancel_reason_kind = note, reason
            fields += ["cancel_reason", "cancel_reason_kind"]
            note = locked.cancel_reason_text()
        if hasattr(locked, "version"):
            locked.version += 1
            fields.append("version")
        locked.save(update_fields=fields)
        locked.stage_changes.create(action=action, from_stage=from_stage, to_stage=locked.stage, note=note, by=by)
        audit.record(by=by, action=audit.Action.TRANSITION, obj=locked)
        for hook in after_transition_hooks():
            hook(locked, action=action, from_stage=from_stage, by=by)
    return locked
