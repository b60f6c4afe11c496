"""Who sees a case conference (R5, R9, S3).

- Its counselors (whoever may see the case) and its leader, the coordinator and the principal see
  the conference.
- A participant with an account sees it only while invited and only after acknowledging
  confidentiality; removing the invitation removes access on the next request. They never see
  the student's other records.
- What is said in it is for its participants (R9, seed 004): the minutes' statements are read,
  written and printed only by the leader, the minute-taker and the participants with an
  acknowledged invitation. The principal and the coordinator who did not take part see the plan,
  the approval, the attendance, the report's summary and the action items.
- The principal's remarks on her decision are for the school's staff who organise the conference,
  not for its invited guests.
"""

from django.db.models import Prefetch, Q, prefetch_related_objects

from bkcase.access import has_role, on_visible_case, read_once
from bkcase.models import Membership, Role
from bkcase.workflow import Action, Stage

from .models import ActionItem, ActionStatus, Conference, DocumentKind, Participant

ORGANISERS = {Role.KONSELOR, Role.KOORDINATOR}
OVERSEERS = {Role.KOORDINATOR, Role.KEPALA}
# the principal too: invited, she takes part and reads what is said (R9)
INVITABLE_ROLES = (Role.PESERTA, Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA, Role.GURU)


def can_organise(membership):
    return has_role(membership, ORGANISERS)


def can_be_invited(membership):
    """The accounts a conference may invite: participants', counselors', the coordinator's and the
    principal's."""
    return has_role(membership, INVITABLE_ROLES)


def invitable_accounts(school):
    """The school's active accounts a conference may invite, for the invitation form."""
    return Membership.objects.filter(school=school, active=True, role__in=INVITABLE_ROLES)


def is_invited_guest(membership):
    """A participant's account reaches conferences only by invitation: their home page always shows
    their invitations, and of the action items only those they answer for."""
    return has_role(membership, {Role.PESERTA, Role.GURU})


def can_decide_approval(membership, conference):
    """R4: the principal of the conference's school approves or declines it."""
    return has_role(membership, {Role.KEPALA}) and conference.school_id == membership.school_id


def coordinator_signing_for(conference):
    """Who signs a conference's letters for the BK coordinator: its leader if a coordinator, else the
    school's (first) active coordinator."""
    if has_role(conference.leader, {Role.KOORDINATOR}):
        return conference.leader
    return (
        Membership.objects.select_related("user")
        .filter(school=conference.school, role=Role.KOORDINATOR, active=True)
        .order_by("id")
        .first()
    )


def counselor_signing_for(conference):
    """Who signs a conference's letters as its counselor, when the counselor convenes it (R4): its
    leader if a counselor, else the case's counselor."""
    if has_role(conference.leader, {Role.KONSELOR}):
        return conference.leader
    return conference.case.counselor


def can_list_conferences(membership):
    return has_role(membership, {Role.KONSELOR, Role.KOORDINATOR, Role.KEPALA, Role.PESERTA, Role.GURU})


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
    if membership.role in (Role.PESERTA, Role.GURU):
        # a cancelled conference closes to its invited guests (a teacher invited is one)
        return conferences.filter(pk__in=_acknowledged_invitations(membership)).exclude(stage=Stage.DIBATALKAN)
    return conferences.none()


def conferences_of_cases(membership, case_ids):
    """The conferences of these cases that the user sees (all of them for whoever may see the case),
    oldest first, with their stage changes and action items (and who answers for each). Read once a
    request: the chronology and the conferences panel of the case's page show the same."""
    case_ids = tuple(sorted(set(case_ids)))
    return read_once(("conferences_of_cases", membership.pk, case_ids), lambda: list(
        conferences_visible_to(membership).filter(case_id__in=case_ids)
        .prefetch_related("stage_changes", "action_items__responsible")
        .order_by("created_at", "pk")
    ))


def open_actions_for(membership):
    """The open action items of the conferences the user sees; an invited guest's, only those they
    answer for."""
    items = ActionItem.objects.filter(
        status=ActionStatus.OPEN, conference__in=conferences_visible_to(membership).values("pk")
    )
    if is_invited_guest(membership):
        items = items.filter(responsible__account=membership)
    return items


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


def organises(membership, conference):
    """Whether the user may change this conference (conferences_managed_by)."""
    return conferences_managed_by(membership).filter(pk=conference.pk).exists()


def participants_of(conference):
    """The conference's participants with their accounts, read once for a page about to be drawn: kept
    with the conference, whose own methods (what its stages require, who is invited) then read them
    there. (A view that changes the participants afterwards reads the conference again.)"""
    prefetch_related_objects([conference], Prefetch("participants",
                                                    queryset=Participant.objects.select_related("account__user")))
    return list(conference.participants.all())


def can_print_documents(membership, conference, *, organiser=None):
    """Whether the user may print the conference's letters, each of which takes a number from the
    school's letter sequence at its first print (R10): the principal and those who organise the
    conference. An invited participant prints nothing, a counselor invited to another counselor's
    conference included: they take part, they do not issue the school's letters."""
    if membership is None or membership.school_id != conference.school_id:
        return False
    if membership.role == Role.KEPALA:
        return True
    # `organiser`: organises(), when the caller (a page) has asked it already
    return organises(membership, conference) if organiser is None else organiser


def can_print_document(membership, conference, kind):
    """Whether the user may print this document of the conference: the minutes hold what the
    participants said, so only those who read them print them (R9); the other letters, whoever
    prints the conference's letters."""
    if not can_print_documents(membership, conference):
        return False
    return kind != DocumentKind.NOTULEN or can_read_minutes(membership, conference)


def can_read_minutes(membership, conference, participants=None):
    """R9: what is said in a conference is known only to its participants: its leader and its
    minute-taker, and whoever was invited with their account and acknowledged confidentiality.
    `participants` are the conference's participants when the caller has them loaded."""
    if membership is None or membership.school_id != conference.school_id:
        return False
    if membership.pk in conference.staff_participant_ids():
        return True
    if participants is None:
        return conference.participants.filter(account=membership, acknowledged_at__isnull=False).exists()
    return any(p.account_id == membership.pk and p.acknowledged_at for p in participants)


def can_read_principal_remarks(membership, conference, *, organiser=None):
    """The principal's comments on her decision (and the notes of the approval's requests) are for the
    principal and those who organise the conference, never for its invited guests. (The printed
    report carries them: it is printed only by the same people, can_print_documents.)"""
    return can_print_documents(membership, conference, organiser=organiser)


def history_visible_to(membership, conference, *, remarks=None):
    """The conference's history as this user may read it: approval events and the consent exception
    without their notes for those who may not read the principal's remarks (a guest does not learn on
    what ground the parent was not asked). `remarks` is that answer when already known."""
    if remarks is None:
        remarks = can_read_principal_remarks(membership, conference)
    history = list(conference.stage_changes.select_related("by__user"))
    if not remarks:
        for change in history:
            if change.is_approval_event or change.action == Action.OVERRIDE:
                change.note = ""  # shown, never saved
    return history


def answers_as_case_counselor(participant, case):
    """Whether the participant answering for an action item is one of the case's counselors (their
    account): the counselor's action item becomes a planned session in the case (R12)."""
    if participant.account_id is None:
        return False
    return participant.account_id == case.counselor_id or case.co_counselors.filter(pk=participant.account_id).exists()
