"""The counselor's own services on a case (R12): counseling sessions (individual or group),
consultations, home visits, parent summons and free notes. Each is an entry of the case's
chronology; an entry is never deleted, only corrected, and every correction leaves a trace."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.modelbase import Model
from bkcase.models import Case, Membership, School


class Kind(models.TextChoices):
    INDIVIDUAL = "konseling_individual", _("Individual counseling")
    KELOMPOK = "konseling_kelompok", _("Group counseling")
    KONSULTASI = "konsultasi", _("Consultation")
    KUNJUNGAN = "kunjungan_rumah", _("Home visit")
    PANGGILAN = "panggilan_orang_tua", _("Parent summons")
    CATATAN = "catatan", _("Note")


SESSION_KINDS = (Kind.INDIVIDUAL, Kind.KELOMPOK)
# what the counselor plans ahead: shown on the home page for today and this week
PLANNED_KINDS = (Kind.INDIVIDUAL, Kind.KELOMPOK, Kind.KUNJUNGAN, Kind.PANGGILAN)


class Sharing(models.TextChoices):
    COUNSELORS = "konselor", _("The case's counselors only")
    COORDINATOR = "koordinator", _("The case's counselors and the BK coordinator")


class Party(models.TextChoices):
    ORANG_TUA = "orang_tua", _("Parent or guardian")
    WALI_KELAS = "wali_kelas", _("Homeroom teacher")
    GURU_MAPEL = "guru_mapel", _("Subject teacher")
    LAINNYA = "lainnya", _("Other party")


class Signer(models.TextChoices):
    KONSELOR = "konselor", _("The counselor, acknowledged by the principal")
    KEPALA = "kepala", _("The principal")


class DocumentKind(models.TextChoices):
    PEMBERITAHUAN = "pemberitahuan_kunjungan", _("Home visit notice")
    BERITA_ACARA = "berita_acara_kunjungan", _("Home visit record (berita acara)")
    PANGGILAN = "surat_panggilan", _("Parent summons letter")


# Words that name a diagnosis or an offence: a summons states its purpose in neutral words.
DIAGNOSTIC_WORDS = re.compile(
    r"\b(narkoba|narkotika|psikotropika|napza|sabu|ganja|depresi|gangguan\s+jiwa|gangguan\s+mental|skizofrenia|"
    r"bipolar|psikosis|kriminal\w*|pencurian|mencuri|pelecehan|kekerasan\s+seksual|hamil|kehamilan|"
    r"bunuh\s+diri|guna-guna|kesurupan|abnormal\w*|penyakit)\b",
    re.I,
)


def diagnostic_words_in(text):
    return sorted({match.group(0).lower() for match in DIAGNOSTIC_WORDS.finditer(text or "")})


def attachment_path(instance, filename):
    # Private storage under MEDIA_ROOT; served only through an access-checked view (S22).
    return f"counseling/{instance.school_id}/{instance.case_id}/{filename}"


class GroupSession(Model):
    """A group counseling session. Its members with a case in the counselor's caseload each have an
    entry (a Service) in their own case; the others are named in `other_members`. The group's note
    shows in each member's case; a member's own problem and notes stay in their own entry."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("topic of the group"), max_length=200)
    group_note = models.TextField(_("group note"), blank=True, help_text=_(
        "What happened in the group, shown in each member's case: do not write a member's own problem here."))
    other_members = models.CharField(_("other members"), max_length=500, blank=True,
                                     help_text=_("Members without a case in your caseload, by name."))
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("group session")
        verbose_name_plural = _("group sessions")

    def __str__(self):
        return self.topic


class Service(Model):
    """One entry of the counselor's work on a case."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="counseling_services",
                             verbose_name=_("case"))
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    sharing = models.CharField(_("who may read it"), max_length=20, choices=Sharing.choices,
                               default=Sharing.COUNSELORS)
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    meeting_number = models.PositiveSmallIntegerField(_("meeting number"), null=True, editable=False)
    group = models.ForeignKey(GroupSession, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="services", editable=False)
    follows = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                editable=False)
    # what planned it when not the counselor's own hand: "referrals.referral:12", "conferences.actionitem:3"
    origin = models.CharField(max_length=60, blank=True, editable=False)
    problem = models.TextField(_("problem addressed"), blank=True)
    technique = models.CharField(_("approach or technique"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    agreements = models.TextField(_("agreed next steps"), blank=True)
    next_on = models.DateField(_("next date"), null=True, blank=True)
    party = models.CharField(_("consulted party"), max_length=20, choices=Party.choices, blank=True)
    participants = models.CharField(_("who took part"), max_length=300, blank=True)
    met_with = models.CharField(_("who was met"), max_length=300, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    signer = models.CharField(_("signed by"), max_length=20, choices=Signer.choices, blank=True)
    attended = models.BooleanField(_("the parent came"), null=True, blank=True)
    attachment = models.FileField(_("attachment"), upload_to=attachment_path, blank=True)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("service entry")
        verbose_name_plural = _("service entries")
        ordering = ["held_on", "starts_at", "id"]
        indexes = [
            models.Index(fields=["case", "held_on"]),
            models.Index(fields=["school", "kind", "held_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.held_on}"

    @property
    def audit_student_id(self):
        return self.case.student_id

    @property
    def is_session(self):
        return self.kind in SESSION_KINDS

    @property
    def is_planned(self):
        """Still ahead (today included) and not yet written up."""
        return self.held_on >= timezone.localdate() and not self.notes.strip()

    @property
    def needs_notes(self):
        """A session that took place whose notes are not written yet."""
        return self.is_session and self.held_on < timezone.localdate() and not self.notes.strip()

    @property
    def records_attendance(self):
        return self.kind == Kind.PANGGILAN

    @property
    def shared_with_coordinator(self):
        return self.sharing == Sharing.COORDINATOR

    def title(self):
        if self.is_session and self.meeting_number:
            return _("%(kind)s, meeting %(n)s") % {"kind": self.get_kind_display(), "n": self.meeting_number}
        return self.get_kind_display()

    def document_kinds(self):
        if self.kind == Kind.KUNJUNGAN:
            return [DocumentKind.PEMBERITAHUAN, DocumentKind.BERITA_ACARA]
        if self.kind == Kind.PANGGILAN:
            return [DocumentKind.PANGGILAN]
        return []

    def document_refusal(self, kind):
        """Why the document `kind` cannot be printed now, or None."""
        if kind not in self.document_kinds():
            return _("This document does not belong to this entry.")
        if kind == DocumentKind.BERITA_ACARA and not (self.notes.strip() and self.met_with.strip()):
            return _("The berita acara is printed after the visit: record who was met and what was observed first.")
        return None

    def next_meeting_number(self):
        """The next session's number in this case (pertemuan ke-), counted under the case's lock."""
        return self.case.counseling_services.filter(kind__in=SESSION_KINDS).count() + 1

    def clean(self):
        super().clean()
        errors = {}
        if self.case_id and self.school_id and self.case.school_id != self.school_id:
            errors["case"] = _("The case must belong to this school.")
        if self.kind == Kind.KONSULTASI and not self.party:
            errors["party"] = _("Say with whom the consultation is.")
        if self.kind == Kind.PANGGILAN:
            if not self.purpose.strip():
                errors["purpose"] = _("Write the purpose of the summons.")
            words = diagnostic_words_in(self.purpose)
            if words:
                errors["purpose"] = _(
                    "A summons states its purpose in neutral words, without a diagnosis or an offence "
                    "(found: %(words)s). Say, for example, that you wish to discuss the student's progress."
                ) % {"words": ", ".join(words)}
            if not self.place.strip():
                errors["place"] = _("Write where the parent is expected.")
            if not self.signer:
                errors["signer"] = _("Choose who signs the letter.")
            if self.starts_at is None:
                errors["starts_at"] = _("Write the time the parent is expected.")
        if self.kind == Kind.CATATAN and not self.notes.strip():
            errors["notes"] = _("Write the note.")
        if self.kind == Kind.KELOMPOK and self.group_id is None:
            errors["kind"] = _("A group session is recorded with its members.")
        if self.attended is not None and self.kind != Kind.PANGGILAN:
            errors["attended"] = _("Attendance is recorded for a parent summons.")
        if self.attended is not None and self.held_on and self.held_on > timezone.localdate():
            errors["attended"] = _("Whether the parent came is recorded on or after the date.")
        if self.next_on and self.held_on and self.next_on < self.held_on:
            errors["next_on"] = _("The next date comes after this one.")
        if errors:
            raise ValidationError(errors)


class ServiceCorrection(Model):
    """The trace of a correction: who changed an entry, when, and what the changed fields held before."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="corrections")
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    previous = models.JSONField(default=dict)  # field name -> the value before, as text

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.service_id} {self.at:%Y-%m-%d %H:%M}"


class ServiceDocument(Model):
    """A letter as it was printed when it took its number: a reprint gives back these very bytes."""

    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField(max_length=30, choices=DocumentKind.choices)
    number = models.CharField(max_length=80)
    issued_on = models.DateField()
    content = models.BinaryField()
    issued_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "kind"], name="one_printed_copy_per_service_letter")]

    def __str__(self):
        return self.number
