"""ATK (Alih Tangan Kasus): the expert directory, and the referrals to those experts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from bkcase.models import School, is_police_name


class ExpertKind(models.TextChoices):
    """Exactly the five kinds of 'ahli lain' an ATK may go to (R1). The police are not one of them."""

    DOKTER = "dokter", _("Doctor (dokter)")
    PSIKIATER = "psikiater", _("Psychiatrist (psikiater)")
    PSIKOLOG = "psikolog", _("Psychologist (psikolog)")
    GURU = "guru", _("Teacher or lecturer (guru / dosen)")
    AHLI_BIDANG = "ahli_bidang", _("Expert in a particular field (ahli bidang tertentu)")


POLICE_REFUSAL = _(
    "The police are not an ATK destination: criminal matters are reported to the authorities, "
    "not referred. Choose a doctor, psychiatrist, psychologist, teacher or field expert."
)


class Expert(models.Model):
    """An entry of the school's expert directory (ahli): where referrals go."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="experts")
    kind = models.CharField(_("kind"), max_length=20, choices=ExpertKind.choices)
    name = models.CharField(_("name"), max_length=150)
    title = models.CharField(_("title"), max_length=100, blank=True, help_text=_("e.g. Sp.KJ, M.Psi., Psikolog"))
    field = models.CharField(
        _("field of expertise"), max_length=150, blank=True, help_text=_("e.g. religion, law, mathematics")
    )
    institution = models.CharField(_("institution"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["school", "kind", "name"])]

    def __str__(self):
        return f"{self.name}, {self.title}" if self.title else self.name

    def clean(self):
        super().clean()
        if self.kind and self.kind not in ExpertKind.values:
            raise ValidationError({"kind": POLICE_REFUSAL})
        if is_police_name(self.institution):
            raise ValidationError({"institution": POLICE_REFUSAL})
