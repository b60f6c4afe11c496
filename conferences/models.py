"""Konferensi Kasus: the closed, confidential case conference, its participants, minutes and actions."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.models import Membership
from bkcase.workflow import CaseRecord, Stage, StageChangeBase


class Initiative(models.TextChoices):
    GURU = "guru", _("A subject teacher")
    WALI_KELAS = "wali_kelas", _("The homeroom teacher")
    KONSELOR = "konselor", _("The counselor")


class Convener(models.TextChoices):
    KEPALA = "kepala", _("The principal")
    KOORDINATOR = "koordinator", _("The BK coordinator")


class ConsentMethod(models.TextChoices):
    LISAN = "lisan", _("Spoken, in a counseling session")
    TERTULIS = "tertulis", _("Written and signed")


class Approval(models.TextChoices):
    NOT_REQUESTED = "none", _("Not requested yet")
    REQUESTED = "requested", _("Awaiting the principal's approval")
    APPROVED = "approved", _("Approved by the principal")
    DECLINED = "declined", _("Declined by the principal")


class Conference(CaseRecord):
    """A case conference about one case, shown by its code rather than the student's name (R5)."""

    topic = models.CharField(_("topic"), max_length=200, help_text=_("The problem, without the student's name."))
    initiative = models.CharField(_("on the initiative of"), max_length=20, choices=Initiative.choices)
    convener = models.CharField(_("invited by"), max_length=20, choices=Convener.choices, default=Convener.KEPALA)
    leader = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="led_conferences", verbose_name=_("leader (a counselor)")
    )
    held_on = models.DateField(_("date"), null=True, blank=True)
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    show_student_name = models.BooleanField(
        _("show the student's name"), default=False,
        help_text=_("Off: pages and documents show only the case code (recommended)."),
    )
    consent_on = models.DateField(_("client's agreement given on"), null=True, blank=True)
    consent_method = models.CharField(_("how the client agreed"), max_length=20, choices=ConsentMethod.choices, blank=True)
    # The principal's approval (R4)
    approval = models.CharField(_("approval"), max_length=12, choices=Approval.choices, default=Approval.NOT_REQUESTED)
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approval_requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval_decided_at = models.DateTimeField(null=True, blank=True)
    approval_decided_by = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approval_comment = models.TextField(_("the principal's comment"), blank=True)
    # Minutes (pelaksanaan), in the seed's structure
    minutes_opening = models.TextField(_("(a) opening: purpose, case identity, confidentiality reminder"), blank=True)
    minutes_counselor_data = models.TextField(_("(b) the data the counselor presented"), blank=True)
    minutes_positive_sides = models.TextField(_("(d) the client's positive sides"), blank=True)
    minutes_background = models.TextField(_("(d) the background of the problem"), blank=True)
    minutes_leader_conclusion = models.TextField(_("(f) the leader's conclusion on the probable background"), blank=True)
    # Evaluasi and analisis
    meaningful_data = models.BooleanField(_("meaningful additional data was gained"), null=True, blank=True)
    evaluation_note = models.TextField(_("what was gained"), blank=True)
    analysis_note = models.TextField(_("analysis: how far the conference served the alleviation"), blank=True)
    # Pelaporan
    report_filed_on = models.DateField(_("report filed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_conference_code_per_school")]
        indexes = [
            models.Index(fields=["school", "stage"]),
            models.Index(fields=["school", "approval"]),
            models.Index(fields=["school", "-created_at"]),
        ]

    @property
    def title(self):
        """How pages and documents name the conference: the code, and the name only if chosen (R5)."""
        if self.show_student_name:
            return f"{self.code} · {self.case.student.full_name}"
        return self.code

    @property
    def is_approved(self):
        return self.approval == Approval.APPROVED

    @property
    def has_consent(self):
        return self.consent_on is not None and bool(self.consent_method)

    def stage_requirements(self):
        participants = list(self.participants.all())
        present = [p for p in participants if p.attended]
        return {
            Stage.PERENCANAAN: [
                (self.has_consent, _("the client's agreement (date and how)")),
                (bool(participants), _("at least one participant")),
                (all(p.acknowledged_at for p in participants),
                 _("every participant's commitment to confidentiality")),
                (self.held_on is not None and self.starts_at is not None and bool(self.place.strip()),
                 _("the date, time and place")),
                (self.is_approved, _("the principal's approval")),
            ],
            Stage.PELAKSANAAN: [
                (all(p.attended is not None for p in participants), _("the attendance of every participant")),
                (bool(self.minutes_opening.strip()), _("the minutes: (a) opening")),
                (bool(self.minutes_counselor_data.strip()), _("the minutes: (b) the counselor's data")),
                (bool(self.minutes_positive_sides.strip()) and bool(self.minutes_background.strip()),
                 _("the minutes: (d) positive sides and background")),
                (bool(self.minutes_leader_conclusion.strip()), _("the minutes: (f) the leader's conclusion")),
            ],
            Stage.EVALUASI: [
                (self.meaningful_data is not None and bool(self.evaluation_note.strip()),
                 _("whether meaningful additional data was gained, and what")),
                (all(p.committed is not None for p in present), _("whether each participant present committed")),
            ],
            Stage.ANALISIS: [(bool(self.analysis_note.strip()), _("the analysis"))],
            Stage.TINDAK_LANJUT: [(self.action_items.exists(), _("at least one action item: who does what, when"))],
            Stage.PELAPORAN: [
                (self.documents.filter(kind=DocumentKind.LAPORAN).exists(),
                 _("the conference report (print it once to give it its number)")),
                (self.report_filed_on is not None, _("the date the report was filed")),
            ],
        }

    def succeeded(self):
        """The seed's measure: meaningful additional data, and every participant present committed."""
        present = [p for p in self.participants.all() if p.attended]
        return bool(self.meaningful_data) and bool(present) and all(p.committed for p in present)

    def clean(self):
        from .access import can_lead_conference  # who may lead is the access module's to say

        super().clean()
        errors = {}
        if self.leader_id and (self.leader.school_id != self.school_id or not can_lead_conference(self.leader)):
            errors["leader"] = _("The leader is a counselor of this school.")
        if self.case_id and self.case.school_id != self.school_id:
            errors["case"] = _("The case must belong to this school.")
        if self.consent_on and self.consent_on > timezone.localdate():
            errors["consent_on"] = _("This date cannot be in the future.")
        if self.report_filed_on and self.report_filed_on > timezone.localdate():
            errors["report_filed_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


class ParticipantGroup(models.TextChoices):
    DECISIVE = "a", _("(a) Decisive for the student: parents, vice-principal, teachers")
    INFORMANT = "b", _("(b) Informants, including outside experts")
    FACILITATOR = "c", _("(c) Facilitators")


class ParticipantRole(models.TextChoices):
    ORANG_TUA = "orang_tua", _("Parent or guardian")
    WAKASEK = "wakasek", _("Vice-principal")
    WALI_KELAS = "wali_kelas", _("Homeroom teacher")
    GURU = "guru", _("Subject teacher")
    KONSELOR = "konselor", _("Counselor")
    PSIKOLOG = "psikolog", _("Psychologist")
    DOKTER = "dokter", _("Doctor")
    POLISI = "polisi", _("Police")
    AHLI = "ahli", _("Other expert")
    LAINNYA = "lainnya", _("Other")


class AckMethod(models.TextChoices):
    IN_APP = "app", _("In bkcase, by the participant")
    SIGNED = "signed", _("Signed on paper, recorded by the counselor")


class Participant(models.Model):
    """Someone invited to the conference. With an account they see it only after acknowledging
    confidentiality (R5, S3); without one they get printed documents."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="participants")
    group = models.CharField(_("group"), max_length=1, choices=ParticipantGroup.choices)
    role = models.CharField(_("role"), max_length=20, choices=ParticipantRole.choices)
    name = models.CharField(_("name"), max_length=150)
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    contact = models.CharField(_("contact"), max_length=150, blank=True)
    account = models.ForeignKey(
        Membership, on_delete=models.PROTECT, null=True, blank=True, related_name="invitations",
        verbose_name=_("user account"),
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("confidentiality acknowledged at"), null=True, blank=True)
    acknowledged_how = models.CharField(_("acknowledged"), max_length=10, choices=AckMethod.choices, blank=True)
    attended = models.BooleanField(_("attended"), null=True, blank=True)
    views = models.TextField(_("(e) views on the background of the problem"), blank=True)
    commitment = models.TextField(_("(g) what they commit to do"), blank=True)
    committed = models.BooleanField(_("committed to support the alleviation"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "account"], name="one_invitation_per_account"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"

    def clean(self):
        super().clean()
        if self.account_id and self.account.school_id != self.conference.school_id:
            raise ValidationError({"account": _("The account must belong to this school.")})


class InformationTopic(models.TextChoices):
    PENDIDIKAN = "pendidikan", _("Education history")
    PRESTASI = "prestasi", _("Achievement")
    KELUARGA = "keluarga", _("Family")
    BAKAT = "bakat", _("Talents")
    MINAT = "minat", _("Interests")
    HOBI = "hobi", _("Hobbies")
    KESEHATAN = "kesehatan", _("Health")
    LAINNYA = "lainnya", _("Other")


class ParticipantInformation(models.Model):
    """(c) What a participant added about the client, by topic."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="information")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="information")
    topic = models.CharField(_("topic"), max_length=20, choices=InformationTopic.choices)
    text = models.TextField(_("information"))

    class Meta:
        ordering = ["topic", "id"]

    def __str__(self):
        return f"{self.get_topic_display()}: {self.participant.name}"


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class ActionItem(models.Model):
    """Follow-up: who does what, when, where, and with which technique."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="action_items")
    responsible = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="action_items", verbose_name=_("who")
    )
    what = models.CharField(_("what"), max_length=300)
    due_on = models.DateField(_("when (due date)"))
    where = models.CharField(_("where"), max_length=200, blank=True)
    technique = models.CharField(_("technique"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    completion_note = models.TextField(_("completion note"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self):
        return self.what

    @property
    def is_open(self):
        return self.status == ActionStatus.OPEN

    @property
    def is_overdue(self):
        return self.is_open and self.due_on < timezone.localdate()

    def clean(self):
        super().clean()
        if self.responsible_id and self.responsible.conference_id != self.conference_id:
            raise ValidationError({"responsible": _("The person responsible is a participant of this conference.")})


class DocumentKind(models.TextChoices):
    UNDANGAN = "undangan", _("Invitation")
    DAFTAR_HADIR = "daftar_hadir", _("Attendance list")
    NOTULEN = "notulen", _("Minutes")
    LAPORAN = "laporan", _("Conference report")


class ConferenceDocument(models.Model):
    """The letter number a conference document received when first printed: kept for reprints."""

    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=DocumentKind.choices)
    number = models.CharField(max_length=80)
    issued_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["conference", "kind"], name="one_number_per_document")]

    def __str__(self):
        return self.number


class ConferenceStageChange(StageChangeBase):
    record = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="stage_changes")

    class Meta(StageChangeBase.Meta):
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
