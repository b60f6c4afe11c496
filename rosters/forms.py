from django import forms
from django.utils.translation import gettext_lazy as _

from bkcase.versioning import explain_missing_version, version_field

from .columns import COLUMNS


class UploadForm(forms.Form):
    file = forms.FileField(label=_("Roster file (.xlsx or .csv)"),
                           help_text=_("The export of Dapodik or the school's own sheet, at most 5 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}))


class MappingForm(forms.Form):
    """Which column of the file holds each field, when the headers were not recognised."""

    version = version_field()

    def __init__(self, *args, headers, mapping, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("(not in the file)"))] + [
            (str(index), f"{index + 1}. {header or '–'}"[:60]) for index, header in enumerate(headers)]
        for column in COLUMNS:
            self.fields[column.key] = forms.ChoiceField(
                label=column.label, choices=choices, required=column.required,
                initial=str(mapping[column.key]) if column.key in mapping else "")

    def clean(self):
        data = super().clean()
        explain_missing_version(self)
        return data

    def mapping(self):
        return {column.key: self.cleaned_data.get(column.key) for column in COLUMNS}


class ApplyForm(forms.Form):
    digest = forms.CharField(widget=forms.HiddenInput, max_length=32)
    deactivate_missing = forms.BooleanField(required=False)


class RollOverForm(forms.Form):
    source_year = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    expected_students = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
