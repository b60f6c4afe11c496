"""Who sees a case conference (R5, R9, S3).

- Its counselors (whoever may see the case) and its leader, the coordinator and the principal see
  the conference.
- A participant with an account sees it only while invited and only after acknowledging
  confidentiality; removing the invitation removes access on the next request. They never see
  the student's other records.
"""

from django.db.models import Q

from bkcase.access import has_role, on_visible_case
from bkcase.models import Role
from bkcase.workflow import Stage

from .models import Conference, Participant

ORGANISERS = {Role.KONSELOR, Role.KOORDINATOR}
OVERSEERS = {Role.KOORDINATOR, Role.KEPALA}


def can_organise(membership):
    return has_role(membership, ORGANISERS)


def can_list_conferences(membership):
    return has_role(membership, {Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA, Role.PESERTA})


def _acknowledged_invitations(membership):
    return Participant.objects.filter(account=membership, acknowledged_at__isnull=False).values("conference_id")


def conferences_visible_to(membership):
    """Conferences whose content the user may see."""
    if membership is None:
        return Conference.objects.none()
    conferences = Conference.objects.filter(school_id=membership.school_id)
    if membership.role in OVERSEERS:
        return conferences
    if membership.role == Role.KONSELOR:
        return conferences.filter(
            on_visible_case(membership) | Q(leader=membership)
            | Q(pk__in=_acknowledged_invitations(membership))
        )
    if membership.role == Role.PESERTA:
        # a cancelled conference closes to its invited guests
        return conferences.filter(pk__in=_acknowledged_invitations(membership)).exclude(stage=Stage.DIBATALKAN)
    return conferences.none()


def invitations_of(membership):
    """The participant rows inviting this user (acknowledged or not), for their home page."""
    if membership is None:
        return Participant.objects.none()
    return Participant.objects.filter(account=membership, conference__school_id=membership.school_id)


def conferences_managed_by(membership):
    """Conferences the user may change: the counselors of the case, the leader, the coordinator
    (a counselor who is only invited takes part, and does not organise)."""
    if not can_organise(membership):
        return Conference.objects.none()
    conferences = Conference.objects.filter(school_id=membership.school_id)
    if membership.role == Role.KOORDINATOR:
        return conferences
    return conferences.filter(on_visible_case(membership) | Q(leader=membership))


def can_print_documents(membership, conference):
    """Whether the user may print the conference's letters, each of which takes a number from the
    school's letter sequence at its first print (R10): the principal and those who organise the
    conference. An invited participant prints nothing, a counselor invited to another counselor's
    conference included: they take part, they do not issue the school's letters."""
    if membership is None or membership.school_id != conference.school_id:
        return False
    if membership.role == Role.KEPALA:
        return True
    return conferences_managed_by(membership).filter(pk=conference.pk).exists()
