"""The reports' panels on the home pages (wired by name in settings.HOME_PANELS)."""

import datetime

from django import template
from django.utils import timezone

from bkcase.models import SchoolYear, Semester

from ..access import deidentified_cases_for, reads_deidentified_figures
from ..deidentify import SMALL, deidentify
from ..figures import Period, case_tables

register = template.Library()


def semester_so_far(membership, today=None):
    """From the start of the current semester (July or January) to today, in the current school year."""
    today = today or timezone.localdate()
    first_half = today.month >= 7
    start = datetime.date(today.year, 7 if first_half else 1, 1)
    year = SchoolYear.current_of(membership.school_id)
    return Period(start=start, end=today, year=year, kind="custom",
                  semester=Semester.GANJIL if first_half else Semester.GENAP)


@register.simple_tag
def deidentified_home_figures(membership):
    """The principal's home: the school's cases by category this semester, de-identified (counts of
    1 to 4 as "< 5", the others rounded to 5); one query for the cases, one for the school year."""
    if not reads_deidentified_figures(membership):
        return None
    period = semester_so_far(membership)
    by_category = case_tables(deidentified_cases_for(membership), period)[0]
    return {"period": period, "table": deidentify(by_category), "small": SMALL}
