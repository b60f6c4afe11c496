"""Running numbers per school (case codes, letter numbers): unique and never reused.

A number is taken under a row lock on the school's counter, inside the caller's transaction, so
two concurrent requests can never get the same one, and a number handed out is never handed out
again (a rolled-back transaction gives its number back before anyone else saw it).
"""

from django.db import transaction

from . import letter_format
from .models import Counter, School

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


def next_value(*, school, key):
    with transaction.atomic():
        counter, _ = Counter.objects.get_or_create(school=school, key=key)
        counter = Counter.objects.select_for_update().get(pk=counter.pk)
        counter.value += 1
        counter.save(update_fields=["value"])
        return counter.value


def next_code(*, school, prefix, on):
    """A record code such as KS-2026-0007 (cases) or ATK-2026-0012 (referrals): per school and year."""
    seq = next_value(school=school, key=f"{prefix}-{on.year}")
    return f"{prefix}-{on.year}-{seq:04d}"


def next_letter_number(*, school, on, code=None):
    """The next letter number in the school's format, e.g. 007/BK/20512345/XI/2026."""
    seq = next_value(school=school, key=f"letter-{on.year}")
    # a format that is not a good one (put in the database around the form) falls back to the default (S29)
    return letter_format.render(
        school.letter_number_format, fallback=School._meta.get_field("letter_number_format").default,
        seq=seq, code=code or school.letter_code, school=school.npsn, month=ROMAN_MONTHS[on.month - 1], year=on.year,
    )
