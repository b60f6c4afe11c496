from django import forms
from django.utils.translation import gettext_lazy as _

from bkcase.forms import DateInput, SearchForm
from bkcase.models import Membership
from bkcase.versioning import VersionedFormMixin
from bkcase.workflow import Stage

from .access import referrable_experts
from .models import (
    POLICE_REFUSAL,
    CounselingFunction,
    Expert,
    ExpertContact,
    ExpertKind,
    MissedAppointment,
    Referral,
    ReportRequest,
)
from .services import CREATE_FIELDS, EXPERT_FIELDS, STAGE_FIELDS
from .widgets import ExpertSelect


class ExpertForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Expert
        fields = EXPERT_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"kind": {"invalid_choice": POLICE_REFUSAL}}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.school = school


class ExpertSearchForm(SearchForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All"))] + ExpertKind.choices)
    active = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))]
    )


class ExpertChoiceField(forms.ModelChoiceField):
    widget = ExpertSelect

    def label_from_instance(self, obj):
        where = f" — {obj.institution}" if obj.institution else ""
        return f"{obj}{where} ({obj.get_kind_display()})"


def functions_field():
    return forms.MultipleChoiceField(
        label=_("Counseling functions served"),
        choices=CounselingFunction.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


def active_experts(school):
    return referrable_experts(school).order_by("kind", "name")


class ReferralCreateForm(forms.ModelForm):
    """Start an ATK: the destination (one of the five kinds, R1) and what is referred."""

    kind = forms.ChoiceField(
        label=_("Kind of expert"), choices=ExpertKind.choices, error_messages={"invalid_choice": POLICE_REFUSAL}
    )
    expert = ExpertChoiceField(label=_("Expert"), queryset=Expert.objects.none())
    functions = functions_field()

    class Meta:
        model = Referral
        fields = ("kind", "expert", *CREATE_FIELDS)
        widgets = {
            "problem_summary": forms.Textarea(attrs={"rows": 4}),
            "considerations_note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, school, exclude_expert=None, **kwargs):
        super().__init__(*args, **kwargs)
        experts = active_experts(school)
        if exclude_expert is not None:
            experts = experts.exclude(pk=exclude_expert.pk)
        self.fields["expert"].queryset = experts

    def _post_clean(self):
        pass  # the service validates the referral with the rules of R1 and R2


TEXT_AREAS = (
    "problem_summary", "client_account", "expert_report", "counselor_evaluation", "effectiveness_reason",
    "follow_up_note", "materials", "considerations_note", "alternatives_offered", "client_choice",
)


def stage_form_class(stage):
    """The form of one stage's data (R8): exactly the fields that stage records."""
    stage_fields = STAGE_FIELDS[stage]
    stage_widgets = {name: DateInput() for name in stage_fields if name.endswith("_on")}
    stage_widgets.update({name: forms.Textarea(attrs={"rows": 4}) for name in TEXT_AREAS if name in stage_fields})

    class StageForm(forms.ModelForm):
        version = forms.IntegerField(widget=forms.HiddenInput)
        if "functions" in stage_fields:
            functions = functions_field()
        if "expert" in stage_fields:
            expert = ExpertChoiceField(label=_("Expert"), queryset=Expert.objects.none())

        class Meta:
            model = Referral
            fields = stage_fields
            widgets = stage_widgets

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["version"].initial = self.instance.version
            if "expert" in self.fields:
                self.fields["expert"].queryset = active_experts(self.instance.school_id)  # (the school unread)
            if "expert_report_file" in self.fields:
                self.fields["expert_report_file"].help_text = _("PDF, JPEG or PNG, at most 10 MB.")
                self.fields["expert_report_file"].widget.attrs["accept"] = ".pdf,.jpg,.jpeg,.png"

        def _post_clean(self):
            pass  # the service validates the whole referral

    return StageForm


class ContactForm(forms.ModelForm):
    class Meta:
        model = ExpertContact
        fields = ("contacted_on", "channel", "response", "note", "anonymous")
        widgets = {"contacted_on": DateInput()}
        help_texts = {"anonymous": _("A contact before the client's consent is always recorded as anonymous.")}

    def _post_clean(self):
        pass


class MissedAppointmentForm(forms.ModelForm):
    """R16: the client did not attend the expert."""

    prefix = "missed"

    class Meta:
        model = MissedAppointment
        fields = ("missed_on", "action", "note")
        widgets = {"missed_on": DateInput()}

    def _post_clean(self):
        pass


class ReportRequestForm(forms.ModelForm):
    """R16: the expert's report was asked for."""

    prefix = "request"

    class Meta:
        model = ReportRequest
        fields = ("requested_on", "channel", "note")
        widgets = {"requested_on": DateInput()}

    def _post_clean(self):
        pass


class ReferralSearchForm(SearchForm):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All"))] + Stage.choices)
    kind = forms.ChoiceField(label=_("Kind of expert"), required=False, choices=[("", _("All"))] + ExpertKind.choices)
    counselor = forms.ModelChoiceField(label=_("Counselor"), required=False, queryset=Membership.objects.none())
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    def __init__(self, *args, counselors=None, **kwargs):
        super().__init__(*args, **kwargs)
        if counselors is None:
            del self.fields["counselor"]
        else:
            self.fields["counselor"].queryset = counselors
            self.fields["counselor"].label_from_instance = lambda m: m.display_name
