"""A teacher's referral of a student to BK (rujukan ke BK, R15): what they observed, since when, what
they already did, how urgent. It lands in the inbox of the student's counselor (and of the
coordinator), who accepts it — opening a case that records where it came from, or adding it to an
open case — or answers it. The teacher sees only its status and the counselor's name."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.modelbase import Model
from bkcase.models import Case, CaseSource, Membership, School, Student


class Urgency(models.TextChoices):
    BIASA = "biasa", _("Can wait a few days")
    SEGERA = "segera", _("Soon: this week")
    DARURAT = "darurat", _("Urgent: today")


class TeacherStatus(models.TextChoices):
    """What the teacher sees of their referral (R15)."""

    DITERIMA = "diterima", _("received")
    DITANGANI = "ditangani", _("being handled")
    SELESAI = "selesai", _("closed")


class BkReferral(Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="bk_referrals",
                                verbose_name=_("student"))
    teacher = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="bk_referrals_made",
                                verbose_name=_("teacher"))
    # homeroom or subject teacher of the student, when it was sent: the case's source if it is accepted
    teacher_kind = models.CharField(max_length=20, choices=CaseSource.choices, editable=False)
    counselor = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="bk_referrals_received", verbose_name=_("counselor"))
    observed = models.TextField(_("what you observed"), max_length=3000)
    observed_since = models.DateField(_("since when"), help_text=_("About when it started."))
    already_done = models.TextField(_("what you already did"), max_length=3000, blank=True)
    urgency = models.CharField(_("how urgent"), max_length=10, choices=Urgency.choices, default=Urgency.BIASA)
    created_at = models.DateTimeField(default=timezone.now)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, null=True, blank=True, related_name="bk_referrals",
                             editable=False)
    accepted_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    answered_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    editable=False)
    answered_at = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("referral to BK")
        verbose_name_plural = _("referrals to BK")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["school", "counselor", "-created_at"]),
            models.Index(fields=["teacher", "-created_at"]),
        ]

    def __str__(self):
        return f"RBK-{self.pk}"

    @property
    def audit_student_id(self):
        return self.student_id

    @property
    def is_waiting(self):
        """Neither accepted nor answered yet: it waits in the inbox."""
        return self.case_id is None and self.answered_at is None

    def can_be_handled(self):
        return self.is_waiting

    @property
    def teacher_status(self):
        if self.answered_at is not None:
            return TeacherStatus.SELESAI
        if self.case_id is not None:
            return TeacherStatus.SELESAI if self.case.closed_on else TeacherStatus.DITANGANI
        return TeacherStatus.DITERIMA

    @property
    def handled_by(self):
        """The counselor the teacher is told about: who took it on, else whose inbox it is in."""
        if self.case_id is not None:
            return self.case.counselor
        return self.answered_by or self.counselor

    def clean(self):
        super().clean()
        if self.observed_since and self.observed_since > timezone.localdate():
            raise ValidationError({"observed_since": _("This date cannot be in the future.")})
        if self.student_id and self.school_id and self.student.school_id != self.school_id:
            raise ValidationError({"student": _("The student must belong to this school.")})
