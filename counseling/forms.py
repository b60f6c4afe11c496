"""The entry forms: one per kind of service, with the labels the counselor knows."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from bkcase.forms import DateInput
from bkcase.versioning import VersionedFormMixin

from .models import GroupSession, Kind, Service
from .services import FIELDS_OF_KIND, GROUP_FIELDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


# what a field means in each kind of entry
LABELS = {
    Kind.KONSULTASI: {"problem": _("about"), "notes": _("what was discussed"), "agreements": _("what was agreed"),
                      "participants": _("who took part")},
    Kind.KUNJUNGAN: {"held_on": _("date of the visit"), "participants": _("who went"),
                     "purpose": _("purpose of the visit (printed on the notice)"),
                     "notes": _("observations: the home and the family's situation"),
                     "agreements": _("agreements")},
    Kind.PANGGILAN: {"purpose": _("purpose, in neutral words (no diagnosis)"),
                     "notes": _("what was discussed with the parent"), "agreements": _("what was agreed")},
    Kind.CATATAN: {"notes": _("note")},
}
HELP = {
    Kind.PANGGILAN: {"attended": _("Record it on or after the day of the summons.")},
    Kind.KUNJUNGAN: {"notes": _("Written after the visit; the berita acara is printed from it.")},
}


class MemberCaseField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, case):
        return f"{case.student.full_name} ({case.student.class_name}) · {case.code}"


class ServiceForm(VersionedFormMixin, forms.ModelForm):
    """A new entry of `kind` on a case, or the correction of one (with the version the user saw)."""

    class Meta:
        model = Service
        fields = sorted({name for names in FIELDS_OF_KIND.values() for name in names})
        widgets = {
            "held_on": DateInput(),
            "next_on": DateInput(),
            "starts_at": TimeInput(),
            "problem": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "agreements": forms.Textarea(attrs={"rows": 3}),
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "attended": forms.NullBooleanSelect(),
            "attachment": forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png"}),
        }

    def __init__(self, *args, kind, member_cases=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.instance.kind = kind
        keep = set(FIELDS_OF_KIND[kind]) | {"version"}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        for name, label in LABELS.get(kind, {}).items():
            if name in self.fields:
                self.fields[name].label = capfirst(label)
        for name, text in HELP.get(kind, {}).items():
            if name in self.fields:
                self.fields[name].help_text = text
        self.fields["attachment"].help_text = _("Optional. PDF, JPEG or PNG, at most 10 MB.")
        self.fields["sharing"].help_text = _("The principal, the operator and other counselors never see entries.")
        if kind == Kind.KELOMPOK:
            group = self.instance.group if self.instance.pk else None
            for name in GROUP_FIELDS:
                model_field = GroupSession._meta.get_field(name)
                self.fields[name] = model_field.formfield()
                if group is not None:
                    self.fields[name].initial = getattr(group, name)
            self.fields["group_note"].widget = forms.Textarea(attrs={"rows": 3})
            self.fields["problem"].label = capfirst(_("this student's problem (shown in this case only)"))
            self.fields["notes"].label = capfirst(_("notes on this student (shown in this case only)"))
            # offered only when there is a case to choose: a checkbox list without boxes shows no error,
            # so a value sent for it would be refused without a word
            if member_cases is not None and member_cases.exists():
                self.fields["member_cases"] = MemberCaseField(
                    label=capfirst(_("members with a case of yours")), queryset=member_cases, required=False,
                    widget=forms.CheckboxSelectMultiple,
                    help_text=_("Each of them gets this session in their own case, with the group note only."),
                )

    def _post_clean(self):
        pass  # the service validates the whole entry

    def service_fields(self):
        """The cleaned data as the service takes it."""
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


def member_case_choices(cases, case):
    """The other open cases the counselor works on, for a group session's members."""
    return cases.filter(closed_on__isnull=True).exclude(pk=case.pk).exclude(student_id=case.student_id).select_related(
        "student").order_by("student__full_name")

