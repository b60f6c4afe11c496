"""What both record kinds share: the school, its staff and their roles, students and cases."""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import letter_format
from .modelbase import Model

digits = RegexValidator(r"^\d+$", _("Use digits only."))


class Role(models.TextChoices):
    KONSELOR = "konselor", _("Counselor (Guru BK)")
    KOORDINATOR = "koordinator", _("BK coordinator")
    KEPALA = "kepala", _("Principal")
    PESERTA = "peserta", _("Conference participant")
    OPERATOR = "operator", _("Operator")
    GURU = "guru", _("Homeroom or subject teacher (wali kelas / guru)")


class School(Model):
    name = models.CharField(_("school name"), max_length=200)
    npsn = models.CharField(_("NPSN"), max_length=8, unique=True, validators=[digits])
    address = models.CharField(_("address"), max_length=300)
    city = models.CharField(_("city"), max_length=100, help_text=_("Printed as the place in letters."))
    province = models.CharField(_("province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    authority = models.CharField(
        _("letterhead authority"),
        max_length=200,
        blank=True,
        help_text=_("The line above the school name, e.g. PEMERINTAH PROVINSI JAWA TIMUR / DINAS PENDIDIKAN."),
    )
    logo = models.ImageField(_("logo"), upload_to="schools/logos/", blank=True)
    principal_name = models.CharField(_("principal's name"), max_length=150)
    principal_nip = models.CharField(_("principal's NIP"), max_length=18, blank=True, validators=[digits])
    letter_code = models.CharField(
        _("letter code"), max_length=30, default="BK", help_text=_("The unit's code in letter numbers.")
    )
    letter_number_format = models.CharField(
        _("letter number format"),
        max_length=120,
        default="{seq:03d}/{code}/{school}/{month}/{year}",
        help_text=_(
            "Placeholders: {seq} running number (e.g. {seq:03d}), {code} letter code, "
            "{school} NPSN, {month} month in Roman numerals, {year}."
        ),
    )
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        # only the known placeholders, bounded widths, and a number that fits where it is stored (S29)
        problems = letter_format.format_problems(self.letter_number_format, code=self.letter_code)
        if problems:
            raise ValidationError({"letter_number_format": problems})


class Membership(Model):
    """A user's role in one school. Every permission question starts here."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[digits])
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)
    # A role that reads case content, asked for by the operator, takes effect only once the
    # principal (for a principal's role: the platform administrator) confirms it (S25).
    pending_role = models.CharField(_("role awaiting confirmation"), max_length=20, choices=Role.choices, blank=True)
    pending_by = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                   editable=False)
    pending_since = models.DateTimeField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)  # stale edits are refused (S12)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "school"], name="one_membership_per_school")]
        indexes = [models.Index(fields=["school", "role"])]

    def __str__(self):
        return f"{self.display_name} ({self.get_role_display()})"

    @property
    def display_name(self):
        return self.user.get_full_name() or self.user.get_username()


class Counter(Model):
    """A per-school running number (case codes, letter numbers): handed out under a row lock."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="counters")
    key = models.CharField(max_length=40)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "key"], name="one_counter_per_key")]

    def __str__(self):
        return f"{self.key}={self.value}"


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Student(Model):
    """A student of the school: the client (klien / konseli) of BK services."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    nis = models.CharField(_("NIS"), max_length=20, validators=[digits])
    nisn = models.CharField(_("NISN"), max_length=10, blank=True, validators=[digits])
    full_name = models.CharField(_("full name"), max_length=150)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    place_of_birth = models.CharField(_("place of birth"), max_length=100, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    class_name = models.CharField(_("class"), max_length=30, help_text=_("e.g. XI IPA 2"))
    homeroom_teacher = models.CharField(_("homeroom teacher"), max_length=150, blank=True)
    guardian_name = models.CharField(_("parent or guardian"), max_length=150, blank=True)
    guardian_relation = models.CharField(_("relation to the student"), max_length=50, blank=True)
    guardian_phone = models.CharField(_("parent's or guardian's phone"), max_length=40, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["full_name"]
        constraints = [models.UniqueConstraint(fields=["school", "nis"], name="unique_nis_per_school")]
        indexes = [models.Index(fields=["school", "full_name"]), models.Index(fields=["school", "class_name"])]

    def __str__(self):
        return f"{self.full_name} ({self.nis})"

    def clean(self):
        super().clean()
        errors = {}
        if self.date_of_birth and self.date_of_birth > timezone.localdate():
            errors["date_of_birth"] = _("The date of birth cannot be in the future.")
        if self.school_id and self.nis:
            taken = Student.objects.filter(school_id=self.school_id, nis=self.nis).exclude(pk=self.pk)
            if taken.exists():
                errors["nis"] = _("A student with this NIS already exists in this school.")
        if errors:
            raise ValidationError(errors)


class Category(models.TextChoices):
    PRIBADI = "pribadi", _("Personal (pribadi)")
    SOSIAL = "sosial", _("Social (sosial)")
    BELAJAR = "belajar", _("Learning (belajar)")
    KARIER = "karier", _("Career (karier)")
    PENYAKIT_FISIK = "penyakit_fisik", _("Physical illness (penyakit fisik)")
    PENYAKIT_MENTAL = "penyakit_mental", _("Mental illness (penyakit mental)")
    KRIMINALITAS = "kriminalitas", _("Criminality (kriminalitas)")
    PSIKOTROPIKA = "psikotropika", _("Psychotropic drugs (psikotropika)")
    GUNA_GUNA = "guna_guna", _("Witchcraft (guna-guna)")
    KEABNORMALAN_AKUT = "keabnormalan_akut", _("Acute abnormality (keabnormalan akut)")


# Problems outside the counselor's authority: they must be referred (seed 000).
MUST_REFER_CATEGORIES = frozenset(
    {
        Category.PENYAKIT_FISIK,
        Category.PENYAKIT_MENTAL,
        Category.KRIMINALITAS,
        Category.PSIKOTROPIKA,
        Category.GUNA_GUNA,
        Category.KEABNORMALAN_AKUT,
    }
)
# Criminal matters are reported to the authorities, not referred (R2).
MUST_REPORT_CATEGORIES = frozenset({Category.KRIMINALITAS})


def alleged_offender_q(prefix=""):
    """The cases (`prefix` "case__" from a record of a case) of a criminal matter whose student is the
    alleged offender (R2: not recorded as victim or witness): Case.student_is_alleged_offender in SQL."""
    return (models.Q(**{f"{prefix}category__in": MUST_REPORT_CATEGORIES})
            & ~models.Q(**{f"{prefix}student_part__in": ["korban", "saksi"]}))


def waits_for_authorities_q(prefix=""):
    """Case.waits_for_authorities in SQL: an alleged offender's criminal matter not yet processed by
    the authorities, which may not be referred yet (R2)."""
    return alleged_offender_q(prefix) & models.Q(**{f"{prefix}authority_processed_on__isnull": True})


class StudentPart(models.TextChoices):
    """The student's part in a criminal matter (R2): only an alleged offender waits for the
    authorities before a referral; a victim or witness may be referred at once (advokasi)."""

    PELAKU = "pelaku", _("Alleged offender (pelaku)")
    KORBAN = "korban", _("Victim (korban)")
    SAKSI = "saksi", _("Witness (saksi)")


class ReferralProgress(models.TextChoices):
    """Where a case that must be referred stands with its referrals (R16), for the counselor's home."""

    BELUM = "belum", _("not yet referred")
    PROSES = "proses", _("being referred")
    SUDAH = "sudah", _("referred")


class CaseSource(models.TextChoices):
    """Where a case came from: who brought the student to BK."""

    SENDIRI = "sendiri", _("Came on their own")
    WALI_KELAS = "wali_kelas", _("Homeroom teacher")
    GURU_MAPEL = "guru_mapel", _("Subject teacher")
    ORANG_TUA = "orang_tua", _("Parent or guardian")
    KEPALA = "kepala", _("Principal")
    KONSELOR = "konselor", _("Found by the counselor")
    INSTRUMEN = "instrumen", _("From an instrument (AKPD, sociometry, ...)")


# The reverse relation from a case to its referrals (ATK): the core reaches them only through it.
REFERRALS_OF_CASE = "referrals"


class Case(Model):
    """A student's problem in the care of a counselor (kasus)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="cases")
    code = models.CharField(_("case code"), max_length=30, editable=False)
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="cases", verbose_name=_("student"))
    counselor = models.ForeignKey(
        Membership, on_delete=models.PROTECT, related_name="cases", verbose_name=_("responsible counselor")
    )
    co_counselors = models.ManyToManyField(
        Membership, blank=True, related_name="co_cases", verbose_name=_("co-counselors")
    )
    category = models.CharField(_("problem category"), max_length=30, choices=Category.choices)
    title = models.CharField(_("problem in brief"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    opened_on = models.DateField(_("opened on"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closing_note = models.TextField(_("closing note"), blank=True)
    authority_reported_on = models.DateField(_("reported to the authorities on"), null=True, blank=True)
    authority_processed_on = models.DateField(_("processed by the authorities on"), null=True, blank=True)
    authority_note = models.CharField(
        _("authority and reference"),
        max_length=300,
        blank=True,
        help_text=_("Which office processed it, and its reference number."),
    )
    student_part = models.CharField(
        _("the student's part"), max_length=10, choices=StudentPart.choices, blank=True,
        help_text=_("For a criminal matter: alleged offender, victim or witness."),
    )
    violence = models.BooleanField(
        _("violence or bullying (kekerasan / perundungan)"), default=False,
        help_text=_("Such a case is handed over to the school's TPPK (Permendikbudristek 46/2023)."),
    )
    tppk_handed_over_on = models.DateField(_("handed over to the TPPK on"), null=True, blank=True)
    tppk_received_by = models.CharField(
        _("received by (TPPK)"), max_length=150, blank=True,
        help_text=_("Who of the Tim Pencegahan dan Penanganan Kekerasan received the case."),
    )
    no_referral_reason = models.TextField(_("why it was closed without a referral"), blank=True)
    source = models.CharField(_("where the case came from"), max_length=20, choices=CaseSource.choices, blank=True)
    # the school year and the student's class when the case was opened: last year's cases keep last
    # year's class (R14)
    school_year = models.ForeignKey("SchoolYear", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                    verbose_name=_("school year"), editable=False)
    school_class = models.ForeignKey("SchoolClass", on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("class"), editable=False)
    created_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["school", "code"], name="unique_case_code_per_school")]
        indexes = [
            models.Index(fields=["school", "counselor", "closed_on"]),
            models.Index(fields=["school", "category"]),
            models.Index(fields=["school", "-opened_on"]),
            models.Index(fields=["school", "school_year"]),
        ]

    def __str__(self):
        return self.code

    @property
    def audit_student_id(self):
        return self.student_id

    @property
    def is_open(self):
        return self.closed_on is None

    @property
    def must_refer(self):
        return self.category in MUST_REFER_CATEGORIES

    @property
    def must_report(self):
        return self.category in MUST_REPORT_CATEGORIES

    @property
    def processed_by_authorities(self):
        return self.authority_processed_on is not None

    @property
    def student_is_alleged_offender(self):
        """In a criminal matter, the student counts as the alleged offender until their part is
        recorded as victim or witness (R2)."""
        return self.student_part not in (StudentPart.KORBAN, StudentPart.SAKSI)

    @property
    def waits_for_authorities(self):
        """A criminal matter whose alleged offender is the student, not yet processed (R2)."""
        return self.must_report and self.student_is_alleged_offender and not self.processed_by_authorities

    def referral_blocked_reason(self):
        """Why this case cannot be referred now (R2), or None. A victim or witness may be referred
        at once; the duty to report the matter stays on the case."""
        if self.waits_for_authorities:
            return _(
                "This is a criminal matter: it must be reported to the authorities, not referred. "
                "When the student is the alleged offender (or their part is not recorded yet), a "
                "referral is possible only once the case has been processed by the authorities and "
                "that is recorded on the case. A victim or witness can be referred at once."
            )
        return None

    @property
    def needs_tppk_handover(self):
        """A violence or bullying case not yet handed over to the school's TPPK (R2)."""
        return self.violence and self.tppk_handed_over_on is None

    def _service_records(self):
        """The managers of the case's service records (referrals, conferences: every CaseRecord that
        points at a case), found through the reverse relations so that the core names no app."""
        from .workflow import CaseRecord

        return [
            getattr(self, relation.get_accessor_name())
            for relation in self._meta.related_objects
            if isinstance(relation.related_model, type) and issubclass(relation.related_model, CaseRecord)
        ]

    def open_service_records(self):
        """The case's referrals and conferences still under way, oldest first."""
        from .workflow import FINAL_STAGES

        records = []
        for manager in self._service_records():
            # "case" too: the related manager sets it on each row, which would otherwise load it row by row
            records += list(
                manager.exclude(stage__in=FINAL_STAGES).only("code", "stage", "case").order_by("created_at", "pk")
            )
        return records

    def referrals_made(self):
        """The case's referrals that were not cancelled."""
        from .workflow import Stage

        return getattr(self, REFERRALS_OF_CASE).exclude(stage=Stage.DIBATALKAN)

    def closes_without_referral(self):
        """Whether closing now leaves a problem outside the counselor's authority without any
        referral: that needs a written reason (R16)."""
        return self.must_refer and not self.referrals_made().exists()

    @classmethod
    def referral_progress_annotations(cls):
        """Counts that `referral_progress` reads, for a list of cases in one query."""
        from django.db.models import Count, Q

        from .workflow import FINAL_STAGES, Stage

        stage = f"{REFERRALS_OF_CASE}__stage"
        return {
            "open_referral_count": Count(REFERRALS_OF_CASE, filter=~Q(**{f"{stage}__in": FINAL_STAGES})),
            "done_referral_count": Count(REFERRALS_OF_CASE, filter=Q(**{stage: Stage.SELESAI})),
        }

    @property
    def referral_progress(self):
        """Not yet referred, being referred, or referred (R16). Reads the counts annotated by
        `referral_progress_annotations()` when the list has them."""
        if not hasattr(self, "open_referral_count"):
            from .workflow import FINAL_STAGES, Stage

            referrals = getattr(self, REFERRALS_OF_CASE)
            self.open_referral_count = referrals.exclude(stage__in=FINAL_STAGES).count()
            self.done_referral_count = referrals.filter(stage=Stage.SELESAI).count()
        if self.open_referral_count:
            return ReferralProgress.PROSES
        if self.done_referral_count:
            return ReferralProgress.SUDAH
        return ReferralProgress.BELUM

    def clean(self):
        from .access import can_own_cases  # who may hold a caseload is the access module's to say

        super().clean()
        errors = {}
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A case cannot close before it opened.")
        if self.authority_processed_on and not self.authority_reported_on:
            errors["authority_reported_on"] = _("Record when it was reported before when it was processed.")
        if (
            self.authority_processed_on
            and self.authority_reported_on
            and self.authority_processed_on < self.authority_reported_on
        ):
            errors["authority_processed_on"] = _("It cannot be processed before it was reported.")
        if self.opened_on and self.opened_on > timezone.localdate():
            errors["opened_on"] = _("The opening date cannot be in the future.")
        if self.counselor_id and self.school_id and self.counselor.school_id != self.school_id:
            errors["counselor"] = _("The counselor must belong to this school.")
        elif self.counselor_id and not can_own_cases(self.counselor):
            errors["counselor"] = _("The responsible person must be a counselor.")
        if self.student_id and self.school_id and self.student.school_id != self.school_id:
            errors["student"] = _("The student must belong to this school.")
        if self.student_part and not self.must_report:
            errors["student_part"] = _("The student's part is recorded for a criminal matter only.")
        if (self.tppk_handed_over_on or self.tppk_received_by.strip()) and not self.violence:
            errors["tppk_handed_over_on"] = _("A hand-over to the TPPK is recorded for a violence or bullying case.")
        elif bool(self.tppk_handed_over_on) != bool(self.tppk_received_by.strip()):
            errors["tppk_received_by"] = _("Record both who of the TPPK received the case and when.")
        if self.tppk_handed_over_on and self.tppk_handed_over_on > timezone.localdate():
            errors["tppk_handed_over_on"] = _("This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)


def is_police_name(text):
    """True when a name mentions the police (kepolisian, polres, polsek, Bhayangkara, ...)."""
    return bool(
        re.search(r"\b(kepolisian|polisi|polri|polda|polres\w*|polsek\w*|police|bhayangkara)\b", text or "", re.I)
    )


def is_health_facility_name(text):
    """True when a name is that of a health facility: a hospital (rumah sakit, RS, RSUD, rumkit), a
    clinic, a Puskesmas, a police health service (dokkes). RS Bhayangkara is a public hospital."""
    return bool(
        re.search(r"\b(rumah\s+sakit|rs[a-z]{0,3}|rumkit\w*|klinik|poliklinik|puskesmas|\w*dokkes|hospital|clinic)\b",
                  text or "", re.I)
    )


class AuditEvent(Model):
    """One access to or change of a confidential record. Append-only; never holds narrative text."""

    class Action(models.TextChoices):
        VIEW = "view", _("viewed")
        CREATE = "create", _("created")
        CHANGE = "change", _("changed")
        TRANSITION = "transition", _("changed stage")
        EXPORT = "export", _("printed or exported")
        DENIED = "denied", _("access denied")
        LOGIN = "login", _("logged in")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logged out")
        LOCKED_OUT = "locked_out", _("locked out after failed logins")
        PASSWORD_RESET = "password_reset", _("asked for a password reset")
        PASSWORD_SET = "password_set", _("set a new password")
        CONFIRM = "confirm", _("confirmed")
        DECLINE = "decline", _("declined")

    # PROTECT: an account or school with an audit history is deactivated, never deleted (the rows
    # cannot be changed, so they could not be set to NULL either).
    occurred_at = models.DateTimeField(default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=20, blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=40)
    object_id = models.CharField(max_length=40, blank=True)
    student_id = models.BigIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    # what changed, in codes and field names only (never narrative), e.g. "role:konselor>koordinator"
    detail = models.CharField(max_length=120, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["school", "student_id", "occurred_at"])]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.username} {self.action} {self.object_type}:{self.object_id}"


class PendingPasswordChange(Model):
    """An account whose password was set by someone else (the operator, at creation): its owner
    must choose their own at the next login before doing anything else. Deleted once they have."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="+")
    set_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("password to be changed")
        verbose_name_plural = _("passwords to be changed")

    def __str__(self):
        return str(self.user)


class ConfirmedEmail(Model):
    """The address a person confirmed themselves, by a link sent to it. Password-reset mail goes only
    to this address (S25): an address someone else typed into the account is never trusted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True,
                                related_name="confirmed_email")
    email = models.EmailField()
    confirmed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("confirmed email address")
        verbose_name_plural = _("confirmed email addresses")

    def __str__(self):
        return self.email


# School years, classes (rombel) and the counselors' classes (R14) --------------------------------


class Semester(models.TextChoices):
    GANJIL = "ganjil", _("odd semester (ganjil)")
    GENAP = "genap", _("even semester (genap)")


class SchoolYear(Model):
    """A school year (tahun ajaran), e.g. 2026/2027, with its current semester. One of a school's
    years is the current one."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="school_years")
    start_year = models.PositiveSmallIntegerField(
        _("first calendar year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        help_text=_("2026 for the school year 2026/2027."))
    semester = models.CharField(_("current semester"), max_length=6, choices=Semester.choices, default=Semester.GANJIL)
    is_current = models.BooleanField(_("current school year"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(fields=["school", "start_year"], name="one_school_year_per_start"),
            models.UniqueConstraint(fields=["school"], condition=models.Q(is_current=True),
                                    name="one_current_school_year"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return f"{self.start_year}/{self.start_year + 1}"

    @classmethod
    def current_of(cls, school_id):
        """The school's current year, or None."""
        return cls.objects.filter(school_id=school_id, is_current=True).first()

    @property
    def label(self):
        return f"{self.name} {self.get_semester_display()}"

    # An Indonesian school year runs from July to June: the odd semester (ganjil) July to December,
    # the even one (genap) January to June.

    @property
    def starts_on(self):
        return datetime.date(self.start_year, 7, 1)

    @property
    def ends_on(self):
        return datetime.date(self.start_year + 1, 6, 30)

    def semester_dates(self, semester=None):
        """(first day, last day) of a semester of this year; its current semester by default."""
        if (semester or self.semester) == Semester.GANJIL:
            return self.starts_on, datetime.date(self.start_year, 12, 31)
        return datetime.date(self.start_year + 1, 1, 1), self.ends_on


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV", 5: "V", 6: "VI", 7: "VII", 8: "VIII", 9: "IX", 10: "X", 11: "XI", 12: "XII"}
FROM_ROMAN = {value: key for key, value in ROMAN.items()}
# the last level of SD, SMP and SMA/SMK: a student in it graduates at the roll-over
FINAL_LEVELS = frozenset({6, 9, 12})
_CLASS_NAME = re.compile(r"^(XII|XI|IX|X|VIII|VII|VI|IV|V|III|II|I|1[0-2]|[1-9])(?:\s+|(?<=\d)(?=[A-Z])|$)(.*)$")


def parse_class_name(text):
    """(level, major, parallel, name) of a class name as schools write it: "XI IPA 2", "X-1",
    "XII.IPS.3", "7A", "kelas 10 MIPA 1". Raises ValueError for what is not a class name."""
    cleaned = re.sub(r"[-_./]+", " ", str(text or "")).upper().strip()
    cleaned = re.sub(r"^KELAS\s+", "", re.sub(r"\s+", " ", cleaned))
    match = _CLASS_NAME.match(cleaned)
    if not match or len(cleaned) > 30:
        raise ValueError(text)
    token, rest = match.groups()
    level = int(token) if token.isdigit() else FROM_ROMAN[token]
    words = rest.split()
    parallel = words.pop() if words and (words[-1].isdigit() or (len(words[-1]) == 1 and words[-1].isalpha())) else ""
    major = " ".join(words)
    if not re.fullmatch(r"[A-Z0-9 ]{0,20}", major) or len(parallel) > 10:
        raise ValueError(text)
    return level, major, parallel, class_name(level, major, parallel)


def class_name(level, major, parallel):
    return " ".join(part for part in (ROMAN[level], major, parallel) if part)


class SchoolClass(Model):
    """A class (rombongan belajar, rombel) of one school year: level, major and parallel, e.g.
    "XI IPA 2"; its homeroom teacher and the counselor it is assigned to (siswa binaan)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classes")
    year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="classes",
                             verbose_name=_("school year"))
    level = models.PositiveSmallIntegerField(_("level"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    major = models.CharField(_("major"), max_length=20, blank=True, help_text=_("e.g. IPA, IPS, MIPA, TKJ"))
    parallel = models.CharField(_("parallel"), max_length=10, blank=True)
    name = models.CharField(_("class"), max_length=30)
    homeroom_teacher = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True,
                                         related_name="homeroom_classes", verbose_name=_("homeroom teacher"))
    counselor = models.ForeignKey(Membership, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="assigned_classes", verbose_name=_("counselor"))
    # carried over from last year's class at the roll-over, not yet looked at by the coordinator
    counselor_to_review = models.BooleanField(default=False, editable=False)
    # the same for the homeroom teacher (wali kelas), who often moves up with the class, often not
    homeroom_teacher_to_review = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["level", "major", "parallel", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="one_class_name_per_year")]
        indexes = [models.Index(fields=["school", "year"])]

    def __str__(self):
        return self.name

    @property
    def is_final_level(self):
        return self.level in FINAL_LEVELS


class Enrolment(Model):
    """A student's class in one school year."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="enrolments")
    year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="enrolments")
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="enrolments",
                                     verbose_name=_("class"))

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["student", "year"], name="one_class_per_student_per_year")]
        indexes = [models.Index(fields=["school_class", "student"])]

    def __str__(self):
        return f"{self.student_id}@{self.school_class_id}"
