from django import forms
from django.utils.translation import gettext_lazy as _

from bkcase.forms import DateInput, MembershipChoiceField
from bkcase.models import Case, Category, Membership
from bkcase.versioning import explain_missing_version, version_field

from .models import BkReferral


class StudentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.class_name})"


class BkReferralForm(forms.ModelForm):
    student = StudentChoiceField(label=_("Student"), queryset=None)

    class Meta:
        model = BkReferral
        fields = ["student", "observed", "observed_since", "already_done", "urgency"]
        widgets = {"observed_since": DateInput(), "observed": forms.Textarea(attrs={"rows": 4}),
                   "already_done": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, students, own_class=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["student"]
        field.queryset = students.order_by("class_name", "full_name")
        own = list(own_class.order_by("full_name")) if own_class is not None else []
        if own:
            # a homeroom teacher's own class first; a subject teacher may refer any student
            label = field.label_from_instance
            own_ids = {student.pk for student in own}
            field.choices = [
                ("", field.empty_label),
                (_("Your class"), [(student.pk, label(student)) for student in own]),
                (_("Other students"), [(student.pk, label(student)) for student in field.queryset
                                       if student.pk not in own_ids]),
            ]

    def _post_clean(self):
        pass  # the service validates the record


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code}: {obj.title}"


class AcceptForm(forms.Form):
    """Accept into an open case of the student, or open a new one."""

    case = CaseChoiceField(label=_("Add to an open case"), queryset=Case.objects.none(), required=False,
                           empty_label=_("(open a new case)"))
    category = forms.ChoiceField(label=_("Problem category"), choices=Category.choices, required=False)
    title = forms.CharField(label=_("Problem in brief"), max_length=200, required=False)
    counselor = MembershipChoiceField(label=_("Responsible counselor"), queryset=Membership.objects.none(),
                                      required=False)
    version = version_field()

    def __init__(self, *args, cases, counselors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases
        if counselors is None:
            del self.fields["counselor"]
        else:
            self.fields["counselor"].queryset = counselors

    def clean(self):
        data = super().clean()
        explain_missing_version(self)
        if not data.get("case") and not data.get("category"):
            self.add_error("category", _("Choose the problem category of the new case."))
        return data


class AnswerForm(forms.Form):
    answer = forms.CharField(label=_("Answer"), max_length=3000, widget=forms.Textarea(attrs={"rows": 3}),
                             help_text=_("Kept with the referral; the teacher sees only that it is closed."))
    version = version_field()

    def clean(self):
        data = super().clean()
        explain_missing_version(self)
        return data
