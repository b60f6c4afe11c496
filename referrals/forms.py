from django import forms
from django.utils.translation import gettext_lazy as _

from bkcase.forms import SearchForm

from .models import POLICE_REFUSAL, Expert, ExpertKind
from .services import EXPERT_FIELDS


class ExpertForm(forms.ModelForm):
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
