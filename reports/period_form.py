"""The period of a report: a month or a semester of a school year, or from one date to another.

Every period lies between 2000 and 2100 (as a school year does) and, when a school year is chosen,
inside that school year. The de-identified figures (`FiguresPeriodForm`) take only whole months
that have ended: a month that has ended, or a semester up to the end of its last full month (see
reports/deidentify.py for why)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.forms import DateInput, ReadChoiceField
from bkcase.models import Semester

from .access import years_for_reports
from .deidentify import last_full_month_end
from .figures import MONTHS, Period

MONTH_ORDER = [7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6]  # a school year runs from July to June


def _current_or_latest(years):
    """The current school year of `years` (latest first), else the latest; None without any."""
    return next((year for year in years if year.is_current), years[0] if years else None)


class PeriodKind:
    MONTH = "month"
    SEMESTER = "semester"
    CUSTOM = "custom"
    CHOICES = [(MONTH, _("Month")), (SEMESTER, _("Semester")), (CUSTOM, _("From a date to a date"))]


class ReportPeriodForm(forms.Form):
    span = forms.ChoiceField(label=_("Period"), choices=PeriodKind.CHOICES)
    year = ReadChoiceField(label=_("School year"), required=False, empty_label=_("(no school year)"))
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, required=False,
                                   choices=[(n, MONTHS[n - 1]) for n in MONTH_ORDER])
    semester = forms.ChoiceField(label=_("Semester"), choices=Semester.choices, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=DateInput())
    end = forms.DateField(label=_("Until"), required=False, widget=DateInput())

    MAX_DAYS = 366
    FIRST_DAY, LAST_DAY = datetime.date(2000, 1, 1), datetime.date(2100, 12, 31)
    deidentified = False  # only whole months that have ended (FiguresPeriodForm)

    def __init__(self, data=None, *, years=None, membership=None):
        """`years`: the school years to choose from; or the `membership` whose years they are (as the
        background worker builds the form again for the member who asked, reports/jobs.py)."""
        years = list(years if years is not None else years_for_reports(membership))  # latest first
        self.membership = membership
        super().__init__(data)
        self.fields["year"].offer(years)
        for name, field in self.fields.items():
            css = "form-control form-control-sm" if name in ("start", "end") else "form-select form-select-sm"
            field.widget.attrs["class"] = css

    @classmethod
    def initial_for(cls, years, school_id):
        """The current semester of the current school year (or of the latest one); without a school
        year, this month so far."""
        today = timezone.localdate()
        year = _current_or_latest(years)
        return {"span": PeriodKind.SEMESTER if year else PeriodKind.CUSTOM, "year": year.pk if year else "",
                "month": today.month,
                "semester": year.semester if year else Semester.GANJIL,
                "start": today.replace(day=1).isoformat(), "end": today.isoformat()}

    def clean(self):
        data = super().clean()
        kind, year = data.get("span"), data.get("year")
        if kind in (PeriodKind.MONTH, PeriodKind.SEMESTER) and year is None:
            raise ValidationError(_("Choose the school year of the month or semester."))
        if kind == PeriodKind.MONTH:
            if not data.get("month"):
                raise ValidationError(_("Choose the month."))
            month = data["month"]
            calendar_year = year.start_year if month >= 7 else year.start_year + 1
            start = datetime.date(calendar_year, month, 1)
            end = (start + datetime.timedelta(days=32)).replace(day=1) - datetime.timedelta(days=1)
        elif kind == PeriodKind.SEMESTER:
            semester = data.get("semester") or year.semester
            data["semester"] = semester
            start, end = year.semester_dates(semester)
        elif kind == PeriodKind.CUSTOM and self.deidentified:
            raise ValidationError(_("The de-identified figures are given for a whole month or semester only: "
                                    "a shorter period could point at a student."))
        elif kind == PeriodKind.CUSTOM:
            start, end = data.get("start"), data.get("end")
            if not start or not end:
                raise ValidationError(_("Give the first and the last day of the period."))
            if end < start:
                raise ValidationError(_("The end of the period comes before its start."))
            if start < self.FIRST_DAY or end > self.LAST_DAY:
                raise ValidationError(_("Choose dates between the years 2000 and 2100."))
            if end - start > datetime.timedelta(days=self.MAX_DAYS):
                raise ValidationError(_("Choose a period of at most one year."))
            if year is not None and (start < year.starts_on or end > year.ends_on):
                raise ValidationError(
                    _("The period lies outside the school year %(year)s (%(start)s to %(end)s)."),
                    params={"year": year.name, "start": year.starts_on.strftime("%d-%m-%Y"),
                            "end": year.ends_on.strftime("%d-%m-%Y")})
        else:
            return data
        if self.deidentified:
            end = min(end, last_full_month_end())
            if end < start:
                raise ValidationError(_("The de-identified figures are given only for months that have ended: "
                                        "choose an earlier month or semester."))
        data["period"] = Period(start=start, end=end, year=year, kind=kind,
                                semester=data.get("semester") or "")
        return data


class FiguresPeriodForm(ReportPeriodForm):
    """The period of the de-identified figures: a month that has ended, or a semester up to the end
    of its last full month; never a period from a date to a date (one day could single out a
    student, and a window slid day by day shows where a rounded count flips)."""

    deidentified = True

    @classmethod
    def initial_for(cls, years, school_id):
        """The current semester of the current school year up to its last full month; when no month of
        it has ended yet, the last month that has ended (in its school year)."""
        last = last_full_month_end()
        year = _current_or_latest(years)
        if year is not None and year.semester_dates()[0] <= last:
            return {"span": PeriodKind.SEMESTER, "year": year.pk, "semester": year.semester, "month": last.month}
        year = next((y for y in years if y.starts_on <= last <= y.ends_on), None)
        if year is None:
            return None
        return {"span": PeriodKind.MONTH, "year": year.pk, "month": last.month, "semester": ""}
