"""The school's letter number format (S29): checked before it is saved, and rendered so that a
format in the database can never make a print fail.

The operator types the format, e.g. ``{seq:03d}/{code}/{school}/{month}/{year}``. Python's format
language can do much more than that (``{seq:090d}``, ``{seq:>1000}``, ``{seq.real}``,
``{code[0]}``, ``{code!r}``, nested ``{seq:{year}}``), and a number longer than the column it is
stored in makes PostgreSQL refuse the print. So only the five placeholders are allowed, each at
most with an alignment, a zero fill and a small width, and the longest number the format can give
must fit the letter number columns.
"""

import logging
import re
import string

from django.utils.translation import gettext as _

PLACEHOLDERS = ("seq", "code", "school", "month", "year")
MAX_WIDTH = 6
# The letter numbers are stored in columns of 80 characters (referrals' cover_letter_number and
# report_number, conferences' document numbers); a test keeps these in step.
NUMBER_MAX_LENGTH = 80
# The longest text of each placeholder but {code} (the school's own letter code, measured as it is):
# fewer than a million letters a year, an NPSN of 8 digits, VIII, a four-digit year.
LONGEST = {"seq": 6, "school": 8, "month": 4, "year": 4}
SAMPLE = {"seq": 7, "school": "20512345", "month": "VIII", "year": 2026}
# [[fill]align][0][width][type]: nothing else of the format language (no sign, grouping, precision).
SPEC = re.compile(r"(?:(?P<fill>[^{}\x00-\x1f\x7f])?(?P<align>[<>^]))?(?P<zero>0)?(?P<width>\d+)?(?P<type>[ds])?")

logger = logging.getLogger(__name__)


def _written(field, conversion, spec):
    """A placeholder as the operator wrote it, for messages."""
    return "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"


def format_problems(fmt, *, code):
    """What is wrong with the format `fmt` for a school whose letter code is `code`, as messages the
    operator can read; an empty list for a good format."""
    try:
        parts = list(string.Formatter().parse(fmt))
    except ValueError:
        return [_("The format uses an unknown placeholder or is malformed.")]
    problems = []
    length = 0
    fields = []
    for literal, field, spec, conversion in parts:
        length += len(literal)
        if field is None:
            continue
        written = _written(field, conversion, spec)
        match = SPEC.fullmatch(spec or "")
        if field not in PLACEHOLDERS or conversion or match is None:
            problems.append(
                _(
                    "%(placeholder)s is not allowed: use only {seq}, {code}, {school}, {month} and {year}, "
                    "at most with a width such as {seq:03d}."
                )
                % {"placeholder": written}
            )
            continue
        width = int(match["width"] or 0)
        if width > MAX_WIDTH:
            problems.append(
                _("%(placeholder)s is too wide: the width can be at most %(max)d.")
                % {"placeholder": written, "max": MAX_WIDTH}
            )
            continue
        fields.append(field)
        length += max(width, len(code or "") if field == "code" else LONGEST[field])
    if problems:
        return problems
    if "seq" not in fields:
        return [_("The format must contain {seq}, the running number.")]
    try:
        fmt.format(code=code or "", **SAMPLE)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError):
        return [_("The format uses an unknown placeholder or is malformed.")]  # e.g. {month:d}
    if length > NUMBER_MAX_LENGTH:
        return [
            _("A letter number in this format can be %(length)d characters long; at most %(max)d fit.")
            % {"length": length, "max": NUMBER_MAX_LENGTH}
        ]
    return []


def render(fmt, *, fallback, seq, code, school, month, year):
    """The letter number in the format `fmt`; in the `fallback` format when `fmt` is not a good one
    (a format written to the database around the form's checks): a print never fails on it."""
    values = {"seq": seq, "code": code, "school": school, "month": month, "year": year}
    if not format_problems(fmt, code=code):
        number = fmt.format(**values)
        if len(number) <= NUMBER_MAX_LENGTH:
            return number
    logger.warning("The letter number format of school %s is not usable; the default format was used.", school)
    return fallback.format(**values)[:NUMBER_MAX_LENGTH]
