import datetime

from django import template
from django.utils import timezone

from bkcase import audit

from ..access import agenda_of
from ..models import PLANNED_KINDS, SESSION_KINDS

register = template.Library()


@register.simple_tag
def my_agenda(membership):
    """The counselor's week: today's and this week's planned sessions, home visits and summons, and the
    sessions whose notes are not written yet. Names students: a view row for each (S28)."""
    today = timezone.localdate()
    week_end = today + datetime.timedelta(days=6 - today.weekday())
    services = agenda_of(membership).select_related("case__student")
    planned = list(services.filter(kind__in=PLANNED_KINDS, held_on__gte=today, held_on__lte=week_end, notes="")
                   .order_by("held_on", "starts_at", "pk")[:50])
    unwritten = list(services.filter(kind__in=SESSION_KINDS, held_on__lt=today, notes="")
                     .order_by("held_on", "pk")[:20])
    audit.record_shown(by=membership, object_type="counseling.agenda", records=[s.case for s in planned + unwritten])
    return {
        "today": [s for s in planned if s.held_on == today],
        "week": [s for s in planned if s.held_on > today],
        "unwritten": unwritten,
    }
