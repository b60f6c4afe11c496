"""The reports' panels on the home pages (wired by name in settings.HOME_PANELS)."""

import datetime

from django import template
from django.utils import timezone

from bkcase.models import SchoolYear, Semester

from ..access import deidentified_cases_for, reads_deidentified_figures
from ..deidentify import SMALL, check_whole_months, deidentify, last_full_month_end
from ..figures import Period, case_tables

register = template.Library()


def semester_so_far(membership, today=None):
    """The current semester of the current school year (its SchoolYear.semester) up to the end of the
    last full month, never to today (reports/deidentify.py); when no month of it has ended yet, the
    last month that has ended. Without a current school year, the calendar half-year (July or
    January)."""
    today = today or timezone.localdate()
    end = last_full_month_end(today)
    year = SchoolYear.current_of(membership.school_id)
    if year is not None:
        semester = year.semester
        start = year.semester_dates()[0]
    else:
        semester = Semester.GANJIL if today.month >= 7 else Semester.GENAP
        start = datetime.date(today.year, 7 if today.month >= 7 else 1, 1)
    if end < start:
        return Period(start=end.replace(day=1), end=end, year=None, kind="month")
    return Period(start=start, end=end, year=year, kind="custom", semester=semester)


@register.simple_tag
def deidentified_home_figures(membership):
    """The principal's home: the school's cases by category this semester, de-identified (counts of
    0 to 4 as "< 5", the others rounded to 5); one query for the cases, one for the school year."""
    if not reads_deidentified_figures(membership):
        return None
    period = semester_so_far(membership)
    check_whole_months(period)
    by_category = case_tables(deidentified_cases_for(membership), period)[0]
    return {"period": period, "table": deidentify(by_category), "small": SMALL}
