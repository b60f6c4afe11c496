"""Follow-up evaluations (R13): Laiseg, Laijapen and Laijapan of every service record.

An evaluation attaches to any record of a case — a counseling session or home visit, an ATK referral,
a case conference, or the case itself when its services end — through a generic relation, as the
stage history attaches to a record: one table for every record kind, so that a counselor's due and
overdue evaluations, the coordinator's counts and the period report are each one query.
"""

import datetime

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.modelbase import Model
from bkcase.models import Case, Membership, School

from .items import Variant, answer_problems, answer_rows, items_of


class Kind(models.TextChoices):
    LAISEG = "laiseg", _("Laiseg (immediate evaluation)")
    LAIJAPEN = "laijapen", _("Laijapen (short-term evaluation)")
    LAIJAPAN = "laijapan", _("Laijapan (long-term evaluation)")


class Status(models.TextChoices):
    DUE = "due", _("due")
    OVERDUE = "overdue", _("overdue")
    DONE = "done", _("done")
    MISSED = "missed", _("missed")


OPEN_STATUSES = (Status.DUE, Status.OVERDUE)
FOLLOW_UP_KINDS = (Kind.LAIJAPEN, Kind.LAIJAPAN)
# a Laijapen or Laijapan may be filled from this many days before its date (a meeting that comes early)
FILL_EARLY_DAYS = 7

# R13: Laijapen one to four weeks after the service, Laijapan one to three months
LAIJAPEN_DAYS = (7, 28)
LAIJAPAN_DAYS = (30, 90)


class EvaluationSettings(Model):
    """The school's choices for its evaluations, kept by the BK coordinator."""

    school = models.OneToOneField(School, on_delete=models.CASCADE, related_name="evaluation_settings")
    variant = models.CharField(_("evaluation items"), max_length=10, choices=Variant.choices, default=Variant.UCA)
    with_scale = models.BooleanField(
        _("a score from 1 to 5 for each item"), default=False,
        help_text=_("Besides the short answer, each item gets a score (1 = not at all, 5 = fully)."),
    )
    laijapen_days = models.PositiveSmallIntegerField(
        _("Laijapen: days after the service"), default=14,
        validators=[MinValueValidator(LAIJAPEN_DAYS[0]), MaxValueValidator(LAIJAPEN_DAYS[1])],
        help_text=_("From 7 to 28 days (one to four weeks)."),
    )
    laijapan_days = models.PositiveSmallIntegerField(
        _("Laijapan: days after the service"), default=60,
        validators=[MinValueValidator(LAIJAPAN_DAYS[0]), MaxValueValidator(LAIJAPAN_DAYS[1])],
        help_text=_("From 30 to 90 days (one to three months)."),
    )
    email_reminders = models.BooleanField(
        _("email the counselor when an evaluation becomes overdue"), default=True,
        help_text=_("The email names only the case code."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self):
        return str(self.school)

    @classmethod
    def of(cls, school_id):
        """The school's settings, or the defaults (unsaved) when the coordinator never changed them."""
        return cls.objects.filter(school_id=school_id).first() or cls(school_id=school_id)

    def offset(self, kind):
        return datetime.timedelta(days=self.laijapen_days if kind == Kind.LAIJAPEN else self.laijapan_days)


class Evaluation(Model):
    """One evaluation of one service record: its kind, when it is due, its status, who did it, the answers."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("case"))
    record_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    record_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("record_type", "record_id")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DUE)
    variant = models.CharField(_("evaluation items"), max_length=10, choices=Variant.choices, default=Variant.UCA)
    with_scale = models.BooleanField(default=False)
    answers = models.JSONField(default=dict, blank=True)
    general_note = models.TextField(_("other observations"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    missed_reason = models.TextField(_("why it was not done"), blank=True)
    missed_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    overdue_since = models.DateField(null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    scheduled_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["record_type", "record_id", "kind"], name="one_evaluation_of_a_kind_per_record"),
        ]
        indexes = [
            models.Index(fields=["school", "status", "due_on"]),
            models.Index(fields=["case", "kind"]),
            models.Index(fields=["record_type", "record_id"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.due_on}"

    @property
    def audit_student_id(self):
        return self.case.student_id

    @property
    def code(self):
        """What names it outside the application (a reminder email): the case code only."""
        return self.case.code

    # Questions -------------------------------------------------------------------------------------

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def is_done(self):
        return self.status == Status.DONE

    @property
    def is_missed(self):
        return self.status == Status.MISSED

    def is_overdue(self, today=None):
        return self.is_open and self.due_on < (today or timezone.localdate())

    def done_on_time(self):
        return self.is_done and self.done_on is not None and self.done_on <= self.due_on

    def fill_opens_on(self):
        """From when it may be filled: a Laiseg at once; a Laijapen or Laijapan a week before its date."""
        if self.kind == Kind.LAISEG:
            return None
        return self.due_on - datetime.timedelta(days=FILL_EARLY_DAYS)

    def fill_refusal(self, today=None):
        """Why it cannot be filled now, or None."""
        if not self.is_open:
            return _("This evaluation is already closed (%(status)s).") % {"status": self.get_status_display()}
        opens = self.fill_opens_on()
        if opens and (today or timezone.localdate()) < opens:
            return _("It can be filled from %(date)s.") % {"date": opens.strftime("%d-%m-%Y")}
        return None

    def can_fill(self):
        return self.fill_refusal() is None

    def can_reschedule(self):
        return self.is_open

    def can_mark_missed(self):
        return self.is_open

    def items(self):
        return items_of(self.variant)

    def answer_rows(self):
        return answer_rows(self.variant, self.answers)

    def clean(self):
        super().clean()
        errors = {}
        if self.case_id and self.school_id and self.case.school_id != self.school_id:
            errors["case"] = _("The case must belong to this school.")
        if self.status == Status.DONE:
            problems = answer_problems(self.variant, self.answers, with_scale=self.with_scale)
            if problems:
                errors["answers"] = [f"{key}: {message}" for key, message in problems.items()]
            if self.done_on is None:
                errors["done_on"] = _("Say when it was done.")
            elif self.done_on > timezone.localdate():
                errors["done_on"] = _("This date cannot be in the future.")
            elif self.fill_opens_on() and self.done_on < self.fill_opens_on():
                errors["done_on"] = _("It can be filled from %(date)s.") % {
                    "date": self.fill_opens_on().strftime("%d-%m-%Y")}
        if self.status == Status.MISSED and not self.missed_reason.strip():
            errors["missed_reason"] = _("Write why it was not done.")
        if errors:
            raise ValidationError(errors)


class Reschedule(Model):
    """A change of an evaluation's date: from when to when, why, by whom."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.PROTECT, related_name="reschedules")
    from_on = models.DateField()
    to_on = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.from_on} → {self.to_on}"
