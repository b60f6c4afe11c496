from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.access import school_years_of
from bkcase.forms import DateInput, ReadChoiceField


class PeriodForm(forms.Form):
    """The period of a report: a school year (its whole length when no dates are given) and/or the
    dates. Every report form takes the member it is for (`membership`): the background worker
    validates a job's choices again for the one who asked."""

    school_year = ReadChoiceField(label=_("School year"), required=False, empty_label=_("(by dates only)"))
    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("Until"), widget=DateInput(), required=False)

    def __init__(self, *args, membership=None, years=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["school_year"].offer(school_years_of(membership) if years is None else years)

    @classmethod
    def asked(cls, data, membership):
        """The form of a report page: bound to what was asked (`data`), or to the default period when
        nothing was; the member's school years are read once for both."""
        years = list(school_years_of(membership))
        return cls(data or cls.default_data(membership, years), membership=membership, years=years)

    @staticmethod
    def default_data(membership, years=None):
        """The current school year and its current semester; without school years, the calendar
        half-year we are in."""
        years = school_years_of(membership) if years is None else years
        year = next((year for year in years if year.is_current), None)
        if year:
            start, end = year.semester_dates()
            return {"school_year": year.pk, "start": start, "end": end}
        today = timezone.localdate()
        return {"start": today.replace(month=1 if today.month < 7 else 7, day=1), "end": today}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        year, start, end = data.get("school_year"), data.get("start"), data.get("end")
        if year:
            start, end = start or year.starts_on, end or year.ends_on
            if start < year.starts_on or end > year.ends_on:
                raise forms.ValidationError(
                    _("The period lies outside the school year %(year)s (%(start)s to %(end)s)."),
                    params={"year": year.name, "start": year.starts_on.strftime("%d-%m-%Y"),
                            "end": year.ends_on.strftime("%d-%m-%Y")})
        if not start or not end:
            raise forms.ValidationError(_("Choose a school year, or both dates of the period."))
        if end < start:
            raise forms.ValidationError(_("The end of the period comes before its start."))
        data["start"], data["end"] = start, end
        return data
