"""Who may see and record the counselor's services on a case (R12, R9).

- The case's counselors (responsible and co-counselors) see every entry of their cases and record
  new ones; they correct entries (the correction leaves a trace).
- The BK coordinator, when not a counselor of the case, sees only the entries shared with the
  coordinator, and records none.
- Nobody else (another counselor, the principal, the operator, a participant) sees any entry: its
  URLs answer 404, and the denial is audited.
"""

from django.db.models import Q

from bkcase.access import cases_counseled_by, counseled_among, has_role, on_visible_case
from bkcase.models import Case, Role

from .models import Service, Sharing

SERVICE_WORKERS = {Role.KONSELOR, Role.KOORDINATOR}
SHARED_READERS = {Role.KOORDINATOR}


def can_record_services(membership):
    return has_role(membership, SERVICE_WORKERS)


def cases_served_by(membership):
    """The cases whose services the user records: those they counsel (responsible or co-counselor)."""
    if not can_record_services(membership):
        return Case.objects.none()
    return cases_counseled_by(membership)


def served_among(membership, case_ids):
    """Which of `case_ids` the user counsels and records services on, as a set (asked once a request)."""
    return counseled_among(membership, case_ids) if can_record_services(membership) else set()


def services_visible_to(membership):
    """The entries the user may read: all of the cases they counsel; for the coordinator, also those
    shared with the coordinator."""
    if not can_record_services(membership):
        return Service.objects.none()
    services = Service.objects.filter(school_id=membership.school_id)
    if has_role(membership, SHARED_READERS):
        return services.filter(on_visible_case(membership) | Q(sharing=Sharing.COORDINATOR))
    return services.filter(on_visible_case(membership))


def services_editable_by(membership):
    """The entries the user may correct: those of the cases they counsel."""
    if not can_record_services(membership):
        return Service.objects.none()
    return Service.objects.filter(school_id=membership.school_id).filter(on_visible_case(membership))



def agenda_of(membership):
    """The services of the cases the user counsels, for their home page (planned and unwritten)."""
    return Service.objects.filter(case__in=cases_served_by(membership).filter(closed_on__isnull=True))
