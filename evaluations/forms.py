"""The forms of the follow-up evaluations: the answers (one group of fields per item), a new date
with its reason, why it was not done, the end of a case's services, the school's settings."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.forms import DateInput
from bkcase.versioning import VersionedFormMixin, explain_missing_version, version_field

from .items import NOTE_LENGTH, SCALE, items_of
from .models import EvaluationSettings


class _Versioned(forms.Form):
    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.fields["version"] = version_field(initial=evaluation.version)

    def clean(self):
        data = super().clean()
        explain_missing_version(self)
        return data


class EvaluationFillForm(_Versioned):
    """The answers of an evaluation: for each item a short answer (one of three), an optional note and,
    where the school wants it, a score from 1 to 5."""

    def __init__(self, *args, evaluation, variant, with_scale, **kwargs):
        super().__init__(*args, evaluation=evaluation, **kwargs)
        self.items = items_of(variant)
        self.with_scale = with_scale
        for item in self.items:
            self.fields[f"{item.key}_level"] = forms.ChoiceField(
                label=f"{item.label}: {item.question}", choices=item.choices(), widget=forms.RadioSelect,
            )
            if with_scale:
                self.fields[f"{item.key}_scale"] = forms.TypedChoiceField(
                    label=_("Score (1 = not at all, 5 = fully)"), coerce=int,
                    choices=[("", "–")] + [(n, str(n)) for n in SCALE],
                )
            self.fields[f"{item.key}_note"] = forms.CharField(
                label=_("In the student's words (optional)"), required=False, max_length=NOTE_LENGTH,
            )
        self.fields["general_note"] = forms.CharField(
            label=_("Other observations (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        )
        self.fields["done_on"] = forms.DateField(label=_("Done on"), widget=DateInput(),
                                                 initial=timezone.localdate)
        self.order_fields([*self.fields][:-3] + ["done_on", "general_note", "version"])

    def answers(self):
        data = self.cleaned_data
        answers = {}
        for item in self.items:
            answer = {"level": data.get(f"{item.key}_level"), "note": (data.get(f"{item.key}_note") or "").strip()}
            if self.with_scale:
                answer["scale"] = data.get(f"{item.key}_scale")
            answers[item.key] = answer
        return answers

    def service_fields(self):
        return {"answers": self.answers(), "general_note": self.cleaned_data["general_note"],
                "done_on": self.cleaned_data["done_on"], "version": self.cleaned_data["version"]}


class RescheduleForm(_Versioned):
    due_on = forms.DateField(label=_("New date"), widget=DateInput())
    reason = forms.CharField(label=_("Why the date changes"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)


class MissedForm(_Versioned):
    reason = forms.CharField(label=_("Why it was not done"), widget=forms.Textarea(attrs={"rows": 2}),
                             max_length=1000)


class ServicesEndForm(forms.Form):
    ended_on = forms.DateField(label=_("The last service ended on"), widget=DateInput(),
                               initial=timezone.localdate)


class EvaluationSettingsForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = EvaluationSettings
        fields = ("variant", "with_scale", "laijapen_days", "laijapan_days", "email_reminders")
        widgets = {"variant": forms.RadioSelect}

    def _post_clean(self):
        pass  # the service validates


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=DateInput())
    end = forms.DateField(label=_("Until"), widget=DateInput())

    MAX_DAYS = 366 * 2

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                raise ValidationError(_("The end of the period comes before its start."))
            if end - start > datetime.timedelta(days=self.MAX_DAYS):
                raise ValidationError(_("Choose a period of at most two years."))
        return data
