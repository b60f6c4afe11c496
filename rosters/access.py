"""Who imports rosters and sees an import (R14): the coordinator and the operator; an import is seen
only by the one who uploaded it."""

from bkcase.access import can_import_roster, can_manage_classes, students_visible_to

from .models import RosterImport

__all__ = ["can_import_roster", "can_roll_over", "roster_imports_visible_to", "students_to_match"]


def roster_imports_visible_to(membership):
    if not can_import_roster(membership):
        return RosterImport.objects.none()
    return RosterImport.objects.filter(school_id=membership.school_id, requested_by=membership)


def students_to_match(membership):
    """The students an import of `membership` matches its rows against: the whole school's."""
    return students_visible_to(membership)


def can_roll_over(membership):
    return can_manage_classes(membership)
