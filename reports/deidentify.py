"""De-identified figures for the principal and the education office (dinas).

They hold counts only: no student's name, NIS, case code or narrative, and no per-counselor table
or averages of a few referrals. A small count can still point at a student ("the one girl of class
XII with a psychotropics case"), so:

- every count from 0 to 4 shows as "< 5": a zero is information too (when every other cell of a
  table shows 0, the one "< 5" cell names the category, class, sex and source of a lone case);
- every other count, totals included, is rounded to the nearest multiple of 5;
- only whole months that have ended are counted: a month that has ended, or a semester up to the
  end of its last full month (reports/period_form.py FiguresPeriodForm, for the page, its PDF and
  Excel and the background job; the principal's home panel counts the current semester up to the
  end of the last full month). A period from one date to another is refused: a one-day period
  would single out the case opened that day, and a window slid one day at a time shows where a
  rounded count flips (5 -> 10 means 7 -> 8); a panel ending today would change overnight and so
  date a new case.

Why round and not only suppress the small cells: the same cases are counted in several tables
(by category, by class level, by sex, by source), so a total shown exactly in one table, or the
sum of the exact cells of another, would give back a suppressed cell by subtraction ("54 cases in
all, 50 in the other categories: 4 of psychotropics"). Suppressing the totals of one table does not
stop that; rounding every count does (each derived difference is then uncertain by several cases),
within one table and across tables. This is the rule statistics offices apply to small-area tables.
Totals are rounded from the true total (not added up from rounded cells); a total of 0 to 4 shows
"< 5" too, and then so does every cell of its table. The charts draw the shown (rounded) values and leave suppressed cells out.
"""

import datetime
from copy import copy

from django.utils import timezone
from django.utils.translation import gettext as _

from bkcase.exceptions import DomainError

SMALL = "< 5"
THRESHOLD = 5
BASE = 5


def last_full_month_end(today=None):
    """The last day of the last month that has ended (the day before this month's first)."""
    today = today or timezone.localdate()
    return today.replace(day=1) - datetime.timedelta(days=1)


def check_whole_months(period, today=None):
    """The de-identified figures are counted only over whole months that have ended (above): any
    other period is refused, whichever page, file or job asks for them."""
    starts_a_month = period.start.day == 1
    ends_a_month = (period.end + datetime.timedelta(days=1)).day == 1
    if not (starts_a_month and ends_a_month and period.start <= period.end <= last_full_month_end(today)):
        raise DomainError(_("The de-identified figures are given for a whole month or semester only: "
                            "a shorter period could point at a student."))


def shown_count(n):
    """How a count shows in the de-identified figures."""
    if n is None or not isinstance(n, int):
        return n
    if n < THRESHOLD:
        return SMALL
    return BASE * ((n + BASE // 2) // BASE)


def _row(row, columns):
    shown = copy(row)
    shown.cells = [shown_count(cell) if column.count else None for cell, column in zip(row.cells, columns, strict=True)]
    return shown


def deidentify(table):
    """A copy of `table` with its counts suppressed and rounded (its non-count columns dropped)."""
    shown = copy(table)
    keep = [i for i, column in enumerate(table.columns) if column.count]
    shown.columns = [table.columns[i] for i in keep]

    def kept(row):
        narrowed = copy(row)
        narrowed.cells = [row.cells[i] for i in keep]
        return _row(narrowed, shown.columns)

    shown.rows = [kept(row) for row in table.rows]
    shown.total = kept(table.total) if table.total is not None else None
    shown.chart = ""
    shown.extra = {}
    return shown


def deidentify_sections(sections):
    return {key: [deidentify(table) for table in tables] for key, tables in sections.items()}
