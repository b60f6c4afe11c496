from django import forms
from django.utils.translation import gettext_lazy as _

from bkcase.access import counselors_of
from bkcase.forms import DateInput, MemberChoiceField, MembershipChoiceField, ReadChoiceField, SearchForm
from bkcase.models import Membership
from bkcase.versioning import VersionedFormMixin
from bkcase.workflow import Stage

from .access import invitable_accounts
from .models import ActionItem, Approval, Conference, ConferenceFunction, Participant, ParticipantInformation
from .services import PARTICIPANT_FIELDS, STAGE_FIELDS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


TEXT_AREAS = (
    "reason", "minutes_opening", "minutes_counselor_data", "minutes_positive_sides", "minutes_background",
    "minutes_leader_conclusion", "evaluation_note", "analysis_note", "views", "commitment",
)


def _widgets(fields):
    widgets = {name: DateInput() for name in fields if name.endswith("_on")}
    widgets.update({name: forms.Textarea(attrs={"rows": 3}) for name in TEXT_AREAS if name in fields})
    if "starts_at" in fields:
        widgets["starts_at"] = TimeInput()
    if "meaningful_data" in fields:
        widgets["meaningful_data"] = forms.NullBooleanSelect()
    return widgets


class ServiceValidatedForm(forms.ModelForm):
    def _post_clean(self):
        pass  # the service validates the whole record


class ConferenceCreateForm(ServiceValidatedForm):
    functions = forms.MultipleChoiceField(
        label=_("Functions it serves"), choices=ConferenceFunction.choices, widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    leader = MemberChoiceField(label=_("Leader (a counselor)"))
    minute_taker = MemberChoiceField(
        label=_("Minute-taker (notulis)"), required=False,
        help_text=_("Empty: the leader takes the minutes. The leader and the minute-taker take part in the conference."),
    )

    class Meta:
        model = Conference
        fields = STAGE_FIELDS[Stage.PERENCANAAN]
        widgets = _widgets(STAGE_FIELDS[Stage.PERENCANAAN])

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        counselors = list(counselors_of(school))  # read once for both choices
        self.fields["leader"].offer(counselors)
        self.fields["minute_taker"].offer(counselors)


def conference_stage_form(stage):
    """The form of the conference's own data of one stage (R8), or None when the stage has none."""
    stage_fields = STAGE_FIELDS.get(stage)
    if not stage_fields:
        return None
    base = ConferenceCreateForm if stage == Stage.PERENCANAAN else ServiceValidatedForm

    class StageForm(base):
        version = forms.IntegerField(widget=forms.HiddenInput)

        class Meta:
            model = Conference
            fields = stage_fields
            widgets = _widgets(stage_fields)

        def __init__(self, *args, **kwargs):
            if base is ConferenceCreateForm:
                kwargs.setdefault("school", kwargs["instance"].school)
            super().__init__(*args, **kwargs)
            self.fields["version"].initial = self.instance.version

    return StageForm


class ParticipantForm(ServiceValidatedForm):
    account = MembershipChoiceField(
        label=_("User account (optional)"), queryset=Membership.objects.none(), required=False,
        help_text=_("With an account the participant reads the conference in bkcase after acknowledging confidentiality."),
    )

    class Meta:
        model = Participant
        fields = PARTICIPANT_FIELDS[Stage.PERENCANAAN]
        widgets = _widgets(PARTICIPANT_FIELDS[Stage.PERENCANAAN])

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = invitable_accounts(school).select_related("user")


def participant_stage_form(stage):
    stage_fields = PARTICIPANT_FIELDS.get(stage)
    if not stage_fields or stage == Stage.PERENCANAAN:
        return None

    class ParticipantStageForm(VersionedFormMixin, ServiceValidatedForm):
        class Meta:
            model = Participant
            fields = stage_fields
            widgets = {**_widgets(stage_fields), "attended": forms.NullBooleanSelect(),
                       "committed": forms.NullBooleanSelect()}

    return ParticipantStageForm


def _participant_choice(field, conference, participants):
    """`field` as a choice among the conference's participants: `participants` when the page has read
    them already."""
    return ReadChoiceField(among=conference.participants.all() if participants is None else participants,
                           label=field.label, help_text=field.help_text, required=field.required)


class InformationForm(ServiceValidatedForm):
    class Meta:
        model = ParticipantInformation
        fields = ("participant", "topic", "text")
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, conference, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"] = _participant_choice(self.fields["participant"], conference, participants)


class ActionItemForm(ServiceValidatedForm):
    class Meta:
        model = ActionItem
        fields = ("responsible", "what", "due_on", "where", "technique")
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, conference, participants=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"] = _participant_choice(self.fields["responsible"], conference, participants)


class ActionItemUpdateForm(VersionedFormMixin, ServiceValidatedForm):
    """Completing an action item, with the version of the item the user saw (S12)."""

    class Meta:
        model = ActionItem
        fields = ("status", "completion_note")
        labels = {"status": _("Status"), "completion_note": _("Completion note")}


class DecisionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ConferenceSearchForm(SearchForm):
    stage = forms.ChoiceField(label=_("Stage"), required=False, choices=[("", _("All"))] + Stage.choices)
    approval = forms.ChoiceField(label=_("Approval"), required=False, choices=[("", _("All"))] + Approval.choices)
