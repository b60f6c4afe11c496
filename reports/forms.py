from django import forms
from django.utils.translation import gettext_lazy as _

from bkcase.forms import DateInput


class PeriodForm(forms.Form):
    """The period of a recap. Every report form takes the member it is for (`membership`), as the
    background worker validates a job's choices again for the one who asked."""

    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    def __init__(self, *args, membership=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise forms.ValidationError(_("The end of the period comes before its start."))
        return data
