"""ATK (Alih Tangan Kasus): the expert directory, and the referrals to those experts."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.consent import ConsentOfMinor
from bkcase.modelbase import Model
from bkcase.models import Membership, School, is_health_facility_name, is_police_name
from bkcase.workflow import CaseRecord, Stage, StageChangeBase


class ExpertKind(models.TextChoices):
    """The kinds of destination an ATK may go to (R1): the seed's five 'ahli lain' and, from its
    first sentence ("kepada guru mata pelajaran atau konselor"), another counselor. A person or an
    institution of one of these kinds. The police are not one of them."""

    DOKTER = "dokter", _("Doctor (dokter)")
    PSIKIATER = "psikiater", _("Psychiatrist (psikiater)")
    PSIKOLOG = "psikolog", _("Psychologist (psikolog)")
    GURU = "guru", _("Teacher or lecturer (guru / dosen)")
    KONSELOR_LAIN = "konselor_lain", _("Another counselor (konselor lain)")
    AHLI_BIDANG = "ahli_bidang", _("Expert in a particular field (ahli bidang tertentu)")


POLICE_REFUSAL = _(
    "The police are not an ATK destination: criminal matters are reported to the authorities, "
    "not referred. Choose a doctor, psychiatrist, psychologist, teacher, another counselor or a "
    "field expert, or an institution of one of these kinds."
)
POLICE_NAME_WARNING = _(
    "This name mentions the police. A health facility such as RS Bhayangkara is a destination; a "
    "police office is not. Tick the box to confirm that this is a health facility, not a police office."
)
# the directory's fields that name the destination, checked for the police (R1)
NAMING_FIELDS = ("institution", "name", "title", "field")


class Expert(Model):
    """An entry of the school's expert directory (ahli): where referrals go."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="experts")
    kind = models.CharField(_("kind"), max_length=20, choices=ExpertKind.choices)
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. Sp.KJ, M.Psi., Psikolog"))
    field = models.CharField(
        _("field of expertise"), max_length=150, blank=True, help_text=_("e.g. religion, law, mathematics")
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    is_institution = models.BooleanField(
        _("an institution or organisation, not a person"), default=False,
        help_text=_("e.g. a Puskesmas, the UPTD PPA, a rehabilitation centre: then the name is the institution's."),
    )
    police_name_confirmed = models.BooleanField(
        _("I confirm this is a health facility, not a police office"), default=False,
        help_text=_("Only for a health facility whose name mentions the police, such as RS Bhayangkara."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["school", "kind", "name"])]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name

    def police_named_fields(self):
        """The naming fields that mention the police."""
        return [name for name in NAMING_FIELDS if is_police_name(getattr(self, name))]

    def police_office_field(self):
        """The first naming field that names the police themselves (not a health facility), or None:
        such an entry is refused (R1)."""
        for name in self.police_named_fields():
            if not is_health_facility_name(getattr(self, name)):
                return name
        return None

    def needs_police_name_confirmation(self):
        """A health facility whose name mentions the police (RS Bhayangkara): a destination, once the
        user has confirmed it is not a police office (R1)."""
        return bool(self.police_named_fields()) and self.police_office_field() is None

    def destination_problem(self):
        """Why this entry cannot be an ATK destination, as {field: message}, or None (R1)."""
        if self.kind and self.kind not in ExpertKind.values:
            return {"kind": POLICE_REFUSAL}
        field = self.police_office_field()
        if field:
            return {field: POLICE_REFUSAL}
        if self.needs_police_name_confirmation() and not self.police_name_confirmed:
            return {"police_name_confirmed": POLICE_NAME_WARNING}
        return None

    def clean(self):
        super().clean()
        problem = self.destination_problem()
        if problem:
            raise ValidationError(problem)


class CounselingFunction(models.TextChoices):
    """The counseling functions a referral serves (seed 000, tujuan khusus)."""

    PENGENTASAN = "pengentasan", _("Alleviation (pengentasan)")
    PEMAHAMAN = "pemahaman", _("Understanding (pemahaman)")
    PENCEGAHAN = "pencegahan", _("Prevention (pencegahan)")
    PENGEMBANGAN = "pengembangan", _("Development and maintenance (pengembangan dan pemeliharaan)")
    ADVOKASI = "advokasi", _("Advocacy (advokasi)")


class ContactChannel(models.TextChoices):
    TELEPON = "telepon", _("Telephone")
    WHATSAPP = "whatsapp", _("WhatsApp / message")
    EMAIL = "email", _("Email")
    TATAP_MUKA = "tatap_muka", _("In person")
    SURAT = "surat", _("Letter")


class ContactResponse(models.TextChoices):
    POSITIF = "positif", _("Positive: the expert agrees to take the client")
    NEGATIF = "negatif", _("Negative: the expert declines")
    TIDAK_ADA = "tidak_ada", _("No answer")


class Effectiveness(models.TextChoices):
    TUNTAS = "tuntas", _("Resolved (tuntas)")
    SEBAGIAN = "sebagian", _("Partly resolved (sebagian)")
    BELUM = "belum", _("Not yet resolved (belum)")


class FollowUp(models.TextChoices):
    KONSELOR = "konselor", _("Counseling continues with the counselor")
    ATK_BARU = "atk_baru", _("A new referral to another expert")
    TIDAK_ADA = "tidak_ada", _("No further action")


class MissedAction(models.TextChoices):
    """What the counselor did when the client did not attend the expert (R16)."""

    HUBUNGI_ULANG = "hubungi_ulang", _("Re-contacted the client and the expert for a new appointment")
    BATAL = "batal", _("Cancelled the referral")


class LetterKind(models.TextChoices):
    SURAT_PENGANTAR = "surat_pengantar", _("Cover letter to the expert")
    LAPORAN = "laporan", _("ATK report")


# where each letter keeps its number and date on the referral
LETTER_FIELDS = {
    LetterKind.SURAT_PENGANTAR: ("cover_letter_number", "cover_letter_on"),
    LetterKind.LAPORAN: ("report_number", "report_on"),
}


def expert_report_path(instance, filename):
    # Private storage under MEDIA_ROOT; served only through an access-checked view.
    return f"referrals/{instance.school_id}/{instance.pk or 'new'}/{filename}"


class Referral(ConsentOfMinor, CaseRecord):
    """An ATK: the handing of a case to an expert, moving through the workflow stages."""

    EXPERT_REPORT_DAYS = 14  # from the handover to the expert's report, unless the expert promised otherwise
    # R13: the handover is the service; its Laijapen and Laijapan count from it when execution ends
    evaluation_anchor = (Stage.PELAKSANAAN, "handover_on")

    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("expert"))
    previous = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="follow_ups",
        verbose_name=_("follows the referral"),
    )
    # Perencanaan
    problem_summary = models.TextField(
        _("what is referred"), blank=True, help_text=_("The problem as the expert needs to know it.")
    )
    functions = models.JSONField(_("counseling functions served"), default=list, blank=True)
    outside_authority = models.BooleanField(_("the problem is outside the counselor's authority"), default=False)
    close_relationship = models.BooleanField(_("the counselor–client relationship is already close"), default=False)
    considerations_note = models.TextField(_("other considerations"), blank=True)
    # the consent of the student and of the parent or guardian: see ConsentOfMinor (R11)
    materials = models.TextField(_("materials and documents prepared"), blank=True)
    # The client decides (kemandirian): what was put before them, and what they chose.
    alternatives_offered = models.TextField(
        _("alternatives offered to the client"), blank=True,
        help_text=_("e.g. which experts or services, and continuing with the counselor."),
    )
    client_choice = models.TextField(_("the client's choice"), blank=True)
    # Pelaksanaan
    plan_communicated_to = models.CharField(_("plan communicated to"), max_length=300, blank=True)
    plan_communicated_on = models.DateField(_("plan communicated on"), null=True, blank=True)
    handover_on = models.DateField(_("handed over on"), null=True, blank=True)
    client_met_expert_on = models.DateField(_("client met the expert on"), null=True, blank=True)
    expert_report_due_on = models.DateField(
        _("the expert's report is due on"), null=True, blank=True,
        help_text=_("Set from the handover (14 days later) when left empty; change it to what the expert promised."),
    )
    # Evaluasi
    client_account = models.TextField(_("the client's account"), blank=True)
    expert_report = models.TextField(_("the expert's report (rujukan balik)"), blank=True)
    expert_report_file = models.FileField(_("the expert's report, scanned"), upload_to=expert_report_path, blank=True)
    expert_report_received_on = models.DateField(
        _("the expert's report came back on"), null=True, blank=True,
        help_text=_("Set to today when the report is first recorded; correct it to the day it came."),
    )
    counselor_evaluation = models.TextField(
        _("the counselor's evaluation against the problem"), blank=True,
        help_text=_("Without the expert's report, the counselor's own observation of the client."),
    )
    # Analisis hasil evaluasi
    effectiveness = models.CharField(_("effectiveness"), max_length=20, choices=Effectiveness.choices, blank=True)
    effectiveness_reason = models.TextField(_("why"), blank=True)
    # Tindak lanjut
    follow_up = models.CharField(_("follow-up decision"), max_length=20, choices=FollowUp.choices, blank=True)
    follow_up_note = models.TextField(_("follow-up plan"), blank=True)
    # Pelaporan
    cover_letter_number = models.CharField(_("cover letter number"), max_length=80, blank=True, editable=False)
    cover_letter_on = models.DateField(null=True, blank=True, editable=False)
    report_number = models.CharField(_("report number"), max_length=80, blank=True, editable=False)
    report_on = models.DateField(null=True, blank=True, editable=False)
    report_delivered_to = models.CharField(_("report delivered to"), max_length=300, blank=True)
    report_delivered_on = models.DateField(_("report delivered on"), null=True, blank=True)
    report_filed_on = models.DateField(_("report filed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("referral (ATK)")
        verbose_name_plural = _("referrals (ATK)")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_referral_code_per_school")]
        indexes = [
            models.Index(fields=["school", "stage"]),
            models.Index(fields=["school", "-created_at"]),
            models.Index(fields=["case", "stage"]),
        ]

    @property
    def student(self):
        return self.case.student

    def _agreements(self):
        """Positive answers of the referral's current expert (an earlier expert's yes does not count)."""
        return self.contacts.filter(response=ContactResponse.POSITIF, expert_id=self.expert_id)

    def positive_contact(self):
        return self._agreements().order_by("-contacted_on", "-id").first()

    def expert_agreed(self):
        held = self.__dict__.get("_agreement_held")
        if held is not None and held[0] == self.expert_id:
            return held[1]
        return self._agreements().exists()

    def hold_expert_agreement(self, contacts=None):
        """Ask once whether the expert agreed and keep the answer on this instance, for a page that
        asks it several times (the stage's requirements, the letters): one query instead of one each,
        none when the page has read all the referral's `contacts` already."""
        if contacts is None:
            agreed = self._agreements().exists()
        else:
            agreed = any(contact.referral_id == self.pk and contact.expert_id == self.expert_id
                         and contact.response == ContactResponse.POSITIF for contact in contacts)
        self.__dict__["_agreement_held"] = (self.expert_id, agreed)
        return self

    def contact_must_be_anonymous(self, contacted_on):
        """A contact with the expert before the client's consent names no client (R4)."""
        since = self.consent_recorded_on()
        return since is None or (contacted_on is not None and contacted_on < since)

    def expert_report_overdue(self, today=None):
        """The expert's report (rujukan balik) was due and has not come back: the counselor asks for it."""
        today = today or timezone.localdate()
        return (self.stage == Stage.EVALUASI and self.expert_report_due_on is not None
                and self.expert_report_due_on < today and not self.has_expert_report())

    def has_expert_report(self):
        return bool(self.expert_report.strip()) or bool(self.expert_report_file)

    def evaluates_without_expert_report(self):
        """The expert's report (rujukan balik) has not come back after documented requests: the
        evaluation rests on the client's account and the counselor's observation (R16)."""
        return not self.has_expert_report() and self.report_requests.exists()

    # "May this happen now?": asked by the services and by the pages alike -------------------------

    def can_record_contacts(self):
        return self.stage == Stage.PERENCANAAN

    def can_record_missed_appointment(self):
        return self.stage == Stage.PELAKSANAAN

    def can_request_expert_report(self):
        return self.stage == Stage.EVALUASI

    def counseling_continues(self):
        """The follow-up decided is further counseling by the counselor (R12: a session is planned)."""
        return self.follow_up == FollowUp.KONSELOR

    def may_start_follow_up(self):
        """R6: a new referral to another expert, from follow-up, once that is the decision."""
        return self.stage == Stage.TINDAK_LANJUT and self.follow_up == FollowUp.ATK_BARU

    def letter_refusal(self, kind):
        """Why the letter `kind` (LetterKind) cannot be printed now, or None."""
        if kind == LetterKind.SURAT_PENGANTAR:
            if self.stage == Stage.DIBATALKAN:
                return _("The referral was cancelled.")
            if not self.expert_agreed():
                return _("The cover letter is available once the expert has agreed (a positive contact).")
            return None
        if kind == LetterKind.LAPORAN:
            if self.stage not in (Stage.PELAPORAN, Stage.SELESAI):
                return _("The ATK report is made in the reporting stage.")
            return None
        return _("Unknown letter.")

    def letter_ready(self, kind):
        return self.letter_refusal(kind) is None

    def shown_sections(self):
        """Which stages' records the page shows: those reached, and any with data recorded."""
        reached = self.stage_index()
        return {
            "execution": reached >= 1 or bool(self.plan_communicated_to),
            "evaluation": reached >= 2 or bool(self.client_account),
            "analysis": reached >= 3 or bool(self.effectiveness),
            "follow_up": reached >= 4 or bool(self.follow_up),
            "reporting": reached >= 5,
        }

    def stage_requirements(self):
        case_block = self.case.referral_blocked_reason()
        chooses = "student" not in self.consent_waived()  # in danger the school acts without waiting
        return {
            Stage.PERENCANAAN: [
                (not case_block, case_block or ""),
                (self.expert.active, _("the expert is no longer active in the directory: choose another"),
                 "#id_expert"),
                (self.expert.destination_problem() is None, POLICE_REFUSAL, "#id_expert"),
                (bool(self.problem_summary.strip()), _("what is referred"), "#id_problem_summary"),
                (bool(self.functions), _("the counseling functions served"), "#id_functions_0"),
                *[(False, missing, "#consent") for missing in self.consent_missing()],
                ((bool(self.alternatives_offered.strip()) and bool(self.client_choice.strip())) or not chooses,
                 _("the alternatives offered to the client and the client's choice"), "#id_alternatives_offered"),
                (self.expert_agreed(), _("a positive response from the expert (a contact answered 'positive')"),
                 "#record-contact"),
            ],
            Stage.PELAKSANAAN: [
                (bool(self.plan_communicated_to.strip()) and self.plan_communicated_on is not None,
                 _("to whom and when the plan was communicated"), "#id_plan_communicated_to"),
                (self.handover_on is not None, _("the handover date"), "#id_handover_on"),
                (self.client_met_expert_on is not None, _("the date the client met the expert"),
                 "#id_client_met_expert_on"),
            ],
            Stage.EVALUASI: [
                (bool(self.client_account.strip()), _("the client's account"), "#id_client_account"),
                (self.has_expert_report() or self.report_requests.exists(),
                 _("the expert's report, or the dates it was asked for when it has not come back"),
                 "#id_expert_report"),
                (bool(self.counselor_evaluation.strip()), _("the counselor's evaluation"), "#id_counselor_evaluation"),
            ],
            Stage.ANALISIS: [
                (bool(self.effectiveness), _("how effective the referral was"), "#id_effectiveness"),
                (bool(self.effectiveness_reason.strip()), _("why it was that effective"), "#id_effectiveness_reason"),
            ],
            Stage.TINDAK_LANJUT: [
                (bool(self.follow_up), _("the follow-up decision"), "#id_follow_up"),
                (self.follow_up != FollowUp.ATK_BARU or self.follow_ups.exclude(stage=Stage.DIBATALKAN).exists(),
                 _("the new referral to another expert (create it from this page)"), "#follow-up-heading"),
            ],
            Stage.PELAPORAN: [
                (bool(self.report_number) and bool(self.report_delivered_to.strip()),
                 _("the ATK report (print it once, with its recipient: that gives it its number)"), "#documents"),
                (self.report_delivered_on is not None, _("the date the report was delivered"),
                 "#id_report_delivered_on"),
                (self.report_filed_on is not None, _("the date the report was filed"), "#id_report_filed_on"),
            ],
        }

    def clean(self):
        super().clean()
        errors = {}
        unknown = set(self.functions or []) - set(CounselingFunction.values)
        if unknown or not isinstance(self.functions, list):
            errors["functions"] = _("Choose among the five counseling functions.")
        if self.expert_id and self.school_id and self.expert.school_id != self.school_id:
            errors["expert"] = _("Choose an expert from your school's directory.")
        if self.expert_id and self.expert.destination_problem():
            errors["expert"] = POLICE_REFUSAL
        if self.case_id and self.school_id and self.case.school_id != self.school_id:
            errors["case"] = _("The case must belong to this school.")
        dates = [
            ("plan_communicated_on", self.plan_communicated_on), ("handover_on", self.handover_on),
            ("client_met_expert_on", self.client_met_expert_on), ("report_delivered_on", self.report_delivered_on),
            ("report_filed_on", self.report_filed_on), ("expert_report_received_on", self.expert_report_received_on),
        ]
        today = timezone.localdate()
        for name, value in dates:
            if value and value > today:
                errors[name] = _("This date cannot be in the future.")
        self.clean_consent(errors)
        if self.handover_on and self.expert_report_due_on and self.expert_report_due_on < self.handover_on:
            errors["expert_report_due_on"] = _("The expert's report cannot be due before the handover.")
        if self.handover_on and self.expert_report_received_on and self.expert_report_received_on < self.handover_on:
            errors["expert_report_received_on"] = _("The expert's report cannot come back before the handover.")
        if self.handover_on and self.client_met_expert_on and self.client_met_expert_on < self.handover_on:
            errors["client_met_expert_on"] = _("The client cannot meet the expert before the handover.")
        if errors:
            raise ValidationError(errors)


class ExpertContact(Model):
    """One contact with the expert during planning: several are normal before an answer comes."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="contacts")
    # the expert contacted: an agreement holds only for that expert (R3)
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="+", null=True, verbose_name=_("expert"))
    contacted_on = models.DateField(_("contact date"))
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    response = models.CharField(_("response"), max_length=20, choices=ContactResponse.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    # R4: made before the client's consent, a contact names no client
    anonymous = models.BooleanField(_("the client was not named"), default=False)
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contact with the expert")
        verbose_name_plural = _("contacts with the expert")
        ordering = ["contacted_on", "id"]

    def __str__(self):
        return f"{self.contacted_on} {self.channel} {self.response}"

    def clean(self):
        super().clean()
        if self.contacted_on and self.contacted_on > timezone.localdate():
            raise ValidationError({"contacted_on": _("This date cannot be in the future.")})
        if not self.anonymous and self.referral_id and self.referral.contact_must_be_anonymous(self.contacted_on):
            raise ValidationError({"anonymous": _("Before the client's consent, a contact names no client.")})


class MissedAppointment(Model):
    """The client did not attend the expert (R16): when, and what the counselor did about it."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="missed_appointments")
    missed_on = models.DateField(_("date of the missed appointment"))
    action = models.CharField(_("what was done"), max_length=20, choices=MissedAction.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("missed appointment with the expert")
        verbose_name_plural = _("missed appointments with the expert")
        ordering = ["missed_on", "id"]

    def __str__(self):
        return f"{self.missed_on} {self.action}"

    def clean(self):
        super().clean()
        if self.missed_on and self.missed_on > timezone.localdate():
            raise ValidationError({"missed_on": _("This date cannot be in the future.")})
        handover = self.referral.handover_on if self.referral_id else None
        if self.missed_on and handover and self.missed_on < handover:
            raise ValidationError({"missed_on": _("An appointment is missed after the handover.")})


class ReportRequest(Model):
    """A documented request to the expert for their report (rujukan balik), when it has not come
    back (R16)."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="report_requests")
    requested_on = models.DateField(_("date of the request"))
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request for the expert's report")
        verbose_name_plural = _("requests for the expert's report")
        ordering = ["requested_on", "id"]

    def __str__(self):
        return f"{self.requested_on} {self.channel}"

    def clean(self):
        super().clean()
        if self.requested_on and self.requested_on > timezone.localdate():
            raise ValidationError({"requested_on": _("This date cannot be in the future.")})
        met = self.referral.client_met_expert_on if self.referral_id else None
        if self.requested_on and met and self.requested_on < met:
            raise ValidationError({"requested_on": _("The report is asked for after the client met the expert.")})


class ReferralDocument(Model):
    """A letter as it was printed when it took its number: a reprint gives back these very bytes,
    so that one number always stands for one content."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=LetterKind.choices)
    number = models.CharField(max_length=80)
    issued_on = models.DateField()
    recipient = models.CharField(max_length=300, blank=True)
    content = models.BinaryField()  # the PDF
    issued_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["referral", "kind"], name="one_printed_copy_per_letter")]

    def __str__(self):
        return self.number


class ReferralStageChange(StageChangeBase):
    record = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="stage_changes")

    class Meta(StageChangeBase.Meta):
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")


# Recaps were made in the background here until they moved to reports.ReportJob; the function stays
# because a landed migration (0002) names it.


def recap_file_path(job, filename):
    return f"recaps/{job.school_id}/{uuid.uuid4().hex}.{job.format}"
