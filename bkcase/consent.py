"""The consent of a minor (R11), one mechanism for every record that shares a student's data with
others (an ATK referral, a case conference).

Consent is two parts: the student's assent **and** the parent's or guardian's consent (UU PDP
No. 27/2022 Art. 25), each with its date, how it was given and, for the parent, who gave it; a signed
form may be attached. Where asking would harm the student or the law requires acting, one documented
path replaces them: an exception on one of three grounds, with a written reason, recorded by the BK
coordinator (S7), audited, and told to the principal, who notes that she has seen it.

The record kinds inherit `ConsentOfMinor`; their services lock the record and call the steps below.
"""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit
from .exceptions import NotAllowed
from .modelbase import Model
from .uploads import delete_replaced_on_commit, is_new_upload, validate_document_upload
from .workflow import Stage


class AssentMethod(models.TextChoices):
    """How the student gave their assent."""

    LISAN = "lisan", gettext_lazy("Spoken, in a counseling session")
    TERTULIS = "tertulis", gettext_lazy("Written and signed")
    ORANG_TUA = "orang_tua", gettext_lazy("Written, signed with the parent or guardian")


class GuardianConsentMethod(models.TextChoices):
    """How the parent or guardian gave their consent."""

    TATAP_MUKA = "tatap_muka", gettext_lazy("Spoken, in person at school or at home")
    TELEPON = "telepon", gettext_lazy("By telephone or message")
    TERTULIS = "tertulis", gettext_lazy("Written and signed (consent form)")


class ExceptionGround(models.TextChoices):
    """The only grounds on which a record proceeds without both parts of the consent."""

    BAHAYA = "bahaya", gettext_lazy("Danger to the student's or another person's safety")
    ORANG_TUA_TERDUGA = "orang_tua_terduga", gettext_lazy("The parent or guardian is the alleged abuser")
    KEWAJIBAN_HUKUM = "kewajiban_hukum", gettext_lazy("A legal duty to act (e.g. a report the law requires)")


# Which parts of the consent each ground stands in for. A student endangered by their parent is still
# asked for their own assent; in danger or under a legal duty, the school acts without waiting.
WAIVES = {
    ExceptionGround.BAHAYA: {"student", "guardian"},
    ExceptionGround.ORANG_TUA_TERDUGA: {"guardian"},
    ExceptionGround.KEWAJIBAN_HUKUM: {"student", "guardian"},
}
# an exception recorded before grounds were named (the earlier free-text override) stood in for both
LEGACY_WAIVES = {"student", "guardian"}

ASSENT_FIELDS = ("consent_on", "consent_method")
GUARDIAN_FIELDS = ("guardian_consent_on", "guardian_consent_method", "guardian_consent_by")
CONSENT_FIELDS = (*ASSENT_FIELDS, *GUARDIAN_FIELDS, "consent_form")


def consent_form_path(instance, filename):
    # Private storage under MEDIA_ROOT; served only through the record's access-checked view.
    return f"consent/{instance._meta.app_label}/{instance.school_id}/{instance.pk or 'new'}/{filename}"


class ConsentOfMinor(Model):
    """The consent fields and questions every record kind shares (abstract)."""

    consent_on = models.DateField(gettext_lazy("student's assent given on"), null=True, blank=True)
    consent_method = models.CharField(
        gettext_lazy("how the student assented"), max_length=20, choices=AssentMethod.choices, blank=True
    )
    guardian_consent_on = models.DateField(gettext_lazy("parent's or guardian's consent given on"), null=True, blank=True)
    guardian_consent_method = models.CharField(
        gettext_lazy("how the parent or guardian consented"), max_length=20, choices=GuardianConsentMethod.choices,
        blank=True,
    )
    guardian_consent_by = models.CharField(
        gettext_lazy("who consented (name and relationship)"), max_length=200, blank=True,
        help_text=gettext_lazy("e.g. Ibu Sari Wulandari, mother"),
    )
    consent_form = models.FileField(gettext_lazy("the signed consent form"), upload_to=consent_form_path, blank=True)
    consent_exception_ground = models.CharField(
        gettext_lazy("ground of the exception"), max_length=20, choices=ExceptionGround.choices, blank=True
    )
    consent_exception_reason = models.TextField(gettext_lazy("why the consent is not asked"), blank=True)
    consent_exception_by = models.ForeignKey(
        "bkcase.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_exception_at = models.DateTimeField(null=True, blank=True)
    consent_exception_noted_by = models.ForeignKey(
        "bkcase.Membership", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_exception_noted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    # Questions -----------------------------------------------------------------------------------

    @property
    def has_consent_exception(self):
        return self.consent_exception_at is not None

    def consent_waived(self):
        """The parts of the consent the recorded exception stands in for."""
        if not self.has_consent_exception:
            return set()
        return WAIVES.get(self.consent_exception_ground, LEGACY_WAIVES)

    def student_assented(self):
        return self.consent_on is not None and bool(self.consent_method)

    def guardian_consented(self):
        return (self.guardian_consent_on is not None and bool(self.guardian_consent_method)
                and bool(self.guardian_consent_by.strip()))

    def consent_parts_missing(self):
        """The parts ("student", "guardian") not recorded, whatever an exception stands in for."""
        return ({"student"} if not self.student_assented() else set()) | (
            {"guardian"} if not self.guardian_consented() else set())

    def consent_missing(self):
        """What of the consent is still to be recorded, as the stage requirements name it."""
        waived = self.consent_waived()
        missing = []
        if "student" not in waived and not self.student_assented():
            missing.append(_("the student's assent (date and how)"))
        if "guardian" not in waived and not self.guardian_consented():
            missing.append(_("the parent's or guardian's consent (date, how and who)"))
        return missing

    @property
    def has_consent(self):
        """Both parts recorded, or an exception standing in for what is not."""
        return not self.consent_missing()

    def consent_recorded_on(self):
        """The day from which the student may be named to others: the later of the parts needed
        (an exception counts from its own day); None while a part is missing."""
        if not self.has_consent:
            return None
        waived = self.consent_waived()
        days = []
        if "student" not in waived:
            days.append(self.consent_on)
        if "guardian" not in waived:
            days.append(self.guardian_consent_on)
        if self.has_consent_exception:
            days.append(timezone.localdate(self.consent_exception_at))
        return max(days)

    def consent_may_be_recorded(self):
        """The consent is settled during planning."""
        return self.stage == Stage.PERENCANAAN

    def consent_exception_may_be_recorded(self):
        """An exception is recorded in planning, once, while the consent is incomplete."""
        return self.consent_may_be_recorded() and not self.has_consent_exception and not self.has_consent

    def consent_exception_awaits_principal(self):
        return self.has_consent_exception and self.consent_exception_noted_at is None

    def clean_consent(self, errors):
        today = timezone.localdate()
        for name in ("consent_on", "guardian_consent_on"):
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("This date cannot be in the future.")
        if self.has_consent_exception:
            if self.consent_exception_ground and self.consent_exception_ground not in ExceptionGround.values:
                errors["consent_exception_ground"] = _("Choose one of the grounds for an exception.")
            if not self.consent_exception_reason.strip():
                errors["consent_exception_reason"] = _("Write why the consent is not asked.")


# The steps the record kinds' services take on a locked record ------------------------------------


def apply_consent(locked, fields):
    """Record the consent's parts (and a signed form) on `locked`, a record locked for edit; checks
    the form like every upload (S22) and removes a replaced form from the disk (S30)."""
    fields = {name: value for name, value in fields.items() if name in CONSENT_FIELDS}
    upload = fields.get("consent_form")
    if upload is False or (isinstance(upload, str) and not upload):
        fields["consent_form"] = ""  # cleared
    elif is_new_upload(upload):
        try:
            validate_document_upload(upload)
        except ValidationError as error:
            raise ValidationError({"consent_form": error.messages}) from error
    else:
        fields.pop("consent_form", None)  # nothing new uploaded: keep the form it holds
    if "guardian_consent_by" in fields:
        fields["guardian_consent_by"] = (fields["guardian_consent_by"] or "").strip()
    old_form = locked.consent_form.name
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.version += 1
    locked.full_clean()
    locked.save()
    delete_replaced_on_commit(locked.consent_form, old_form)
    return locked


def apply_exception(locked, *, by, ground, reason):
    """Record the exception on `locked` and tell the school's principals (by mail naming only the
    record's code; the principal's home page lists it until she notes it)."""
    from .services import mail_principals_on_commit

    reason = (reason or "").strip()
    errors = {}
    if ground not in ExceptionGround.values:
        errors["ground"] = _("Choose one of the grounds for an exception.")
    elif not WAIVES[ground] & locked.consent_parts_missing():
        errors["ground"] = _(
            "This ground stands in for the parent's or guardian's consent only, and that is recorded: "
            "record the student's assent, or choose another ground."
        )
    if not reason:
        errors["reason"] = _("Write why the consent is not asked.")
    if errors:
        raise ValidationError(errors)
    locked.consent_exception_ground = ground
    locked.consent_exception_reason = reason
    locked.consent_exception_by = by
    locked.consent_exception_at = timezone.now()
    locked.version += 1
    locked.full_clean()
    locked.save(update_fields=[
        "consent_exception_ground", "consent_exception_reason", "consent_exception_by", "consent_exception_at",
        "version", "updated_at",
    ])
    audit.record(by=by, action=audit.Action.TRANSITION, obj=locked, detail=f"consent_exception:{ground}")
    mail_principals_on_commit(
        locked.school, _("%(code)s proceeds without the full consent") % {"code": locked.code},
        _("The BK coordinator recorded an exception to the consent for %(code)s. Open bkcase to read "
          "the ground and the reason.") % {"code": locked.code},
    )
    return locked


def consent_exception_note(*, record, by):
    """The principal notes that she has read a consent exception (audited); noting twice keeps the
    first note."""
    from .access import can_note_consent_exception

    if not can_note_consent_exception(by, record):
        raise NotAllowed(_("Only the principal notes an exception to the consent, once."))
    with transaction.atomic():
        locked = type(record).objects.select_for_update().get(pk=record.pk)
        if locked.consent_exception_noted_at is None:
            locked.consent_exception_noted_by = by
            locked.consent_exception_noted_at = timezone.now()
            locked.save(update_fields=["consent_exception_noted_by", "consent_exception_noted_at"])
            audit.record(by=by, action=audit.Action.CONFIRM, obj=locked, detail="consent_exception_noted")
    return locked


def consent_models():
    """Every record kind that carries a minor's consent (the core names no app)."""
    from django.apps import apps

    return [model for model in apps.get_models() if issubclass(model, ConsentOfMinor)]


def consent_rows(record):
    """The consent as the printed records show it (in the documents' language, Indonesian)."""
    from .documents import indonesian_date

    def day(value):
        return indonesian_date(value) or "-"

    rows = [
        ("Persetujuan siswa", f"{day(record.consent_on)}, {record.get_consent_method_display()}"
         if record.student_assented() else "-"),
        ("Persetujuan orang tua / wali",
         f"{day(record.guardian_consent_on)}, {record.get_guardian_consent_method_display()}, "
         f"oleh {record.guardian_consent_by}" if record.guardian_consented() else "-"),
        ("Formulir persetujuan bertanda tangan", "Terlampir" if record.consent_form else "-"),
    ]
    if record.has_consent_exception:
        ground = record.get_consent_exception_ground_display() or "-"
        rows.append((
            "Pengecualian persetujuan",
            f"{ground}. {record.consent_exception_reason} "
            f"(dicatat oleh {record.consent_exception_by.display_name}, "
            f"{day(timezone.localdate(record.consent_exception_at))})",
        ))
    return rows


# The printed statements of consent (surat pernyataan persetujuan), to sign and upload back ------

STATEMENT_WHO = {"siswa": "student", "orang-tua": "guardian"}
STATEMENT_TITLES = {"siswa": "SURAT PERNYATAAN PERSETUJUAN SISWA",
                    "orang-tua": "SURAT PERNYATAAN PERSETUJUAN ORANG TUA / WALI"}
DOTS = "....................................................."


def statement_pdf(record, who, *, purpose, counselor):
    """The statement of consent of the student (`who` "siswa") or of the parent or guardian
    ("orang-tua") for `record`, filled from it: `purpose` says in Indonesian what is agreed to (the
    referral to an expert, the conference). It is no letter of the school, so it carries no number."""
    from django.utils import translation

    from .documents import DOCUMENT_LANGUAGE, letter_context, render_pdf

    if who not in STATEMENT_WHO:
        raise ValueError(who)
    student = record.case.student
    context = letter_context(record.school, number=None, on=timezone.localdate(), subject=STATEMENT_TITLES[who])
    context["place_and_date"] = f"{record.school.city}, {DOTS[:30]}"  # dated when it is signed
    student_rows = [("Nama siswa", student.full_name), ("Kelas", student.class_name or "-"), ("NIS", student.nis)]
    if who == "siswa":
        signer_rows, signer_name = student_rows, student.full_name
        subject_text = "saya"
    else:
        name = record.guardian_consent_by or student.guardian_name
        signer_rows = [("Nama", name or DOTS), ("Hubungan dengan siswa", student.guardian_relation or DOTS),
                       ("Alamat", student.address or DOTS)]
        signer_name = name
        subject_text = "anak / anak perwalian saya"
    context.update(
        title=STATEMENT_TITLES[who], record=record, who=who, signer_rows=signer_rows, signer_name=signer_name,
        student_rows=student_rows if who == "orang-tua" else [], subject_text=subject_text, purpose=purpose,
        counselor={"name": counselor.display_name, "nip": counselor.nip},
        footer=f"{STATEMENT_TITLES[who].title()} {record.code}",
    )
    with translation.override(DOCUMENT_LANGUAGE):
        return render_pdf("documents/consent_statement.html", context)
