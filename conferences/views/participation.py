"""Participants, their confidentiality commitment, and the principal's approval (R4, R5, S3, S4)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bkcase.access import get_visible_or_404
from bkcase.exceptions import DomainError
from bkcase.viewhelpers import run_service

from .. import services
from ..access import can_decide_approval, invitations_of
from ..forms import DecisionForm, ParticipantForm, participant_stage_form
from .common import load_conference, refusal_message, render_detail


@require_POST
def participant_add(request, pk):
    conference = load_conference(request, pk, manage=True)
    form = ParticipantForm(request.POST, school=conference.school, prefix="participant")
    if form.is_valid() and run_service(
        request, form, lambda: services.participant_add(conference=conference, by=request.membership, **form.cleaned_data)
    ):
        messages.success(request, _("Participant added."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    if not form.errors:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return render_detail(request, conference, status=400, participant_form=form, open_participant_form=True)


def _participant(request, conference, participant_pk):
    return get_visible_or_404(request, conference.participants, object_type="conferences.participant", pk=participant_pk)


@require_POST
def participant_remove(request, pk, participant_pk):
    conference = load_conference(request, pk, manage=True)
    try:
        services.participant_remove(participant=_participant(request, conference, participant_pk), by=request.membership)
        messages.success(request, _("The invitation was withdrawn."))
    except DomainError as error:
        refusal_message(request, error)
    return redirect("conferences:conference_detail", pk=conference.pk)


@require_POST
def participant_signed(request, pk, participant_pk):
    """The counselor records a participant's signed confidentiality statement."""
    conference = load_conference(request, pk, manage=True)
    try:
        services.participant_record_signed_acknowledgment(
            participant=_participant(request, conference, participant_pk), by=request.membership
        )
        messages.success(request, _("The signed confidentiality statement was recorded."))
    except DomainError as error:
        refusal_message(request, error)
    return redirect("conferences:conference_detail", pk=conference.pk)


@require_POST
def participant_update(request, pk, participant_pk):
    """A participant's data of this stage: attendance, views and commitment; whether they committed."""
    conference = load_conference(request, pk, manage=True)
    participant = _participant(request, conference, participant_pk)
    form_class = participant_stage_form(conference.stage)
    if form_class is None:
        messages.error(request, _("Nothing to record for participants in this stage."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    form = form_class(request.POST, instance=participant, prefix=f"p{participant.pk}")
    if form.is_valid() and run_service(
        request, form,
        lambda: services.participant_update(participant=participant, by=request.membership, **form.cleaned_data),
    ):
        messages.success(request, _("Saved."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    if not form.errors:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return render_detail(request, conference, status=400, refused_participant_form=form)


@require_http_methods(["GET", "POST"])
def invitation(request, participant_pk):
    """The invited person's page: the meeting's time and place, and the confidentiality commitment.
    The conference's content opens only after it (R5)."""
    participant = get_visible_or_404(
        request, invitations_of(request.membership).select_related("conference"),
        object_type="conferences.participant", pk=participant_pk,
    )
    if request.method == "POST":
        try:
            services.participant_acknowledge(participant=participant, by=request.membership)
        except DomainError as error:
            refusal_message(request, error)
        else:
            messages.success(request, _("Thank you. You committed to keep the conference confidential."))
            return redirect("conferences:conference_detail", pk=participant.conference_id)
    return render(request, "conferences/invitation.html", {"participant": participant, "conference": participant.conference})


@require_POST
def approval_request(request, pk):
    conference = load_conference(request, pk, manage=True)
    try:
        services.conference_request_approval(conference=conference, by=request.membership)
        messages.success(request, _("The principal was asked for approval."))
    except DomainError as error:
        refusal_message(request, error)
    return redirect("conferences:conference_detail", pk=conference.pk)


@require_POST
def approval_decide(request, pk, decision):
    conference = load_conference(request, pk)
    if decision not in ("approve", "decline"):
        raise Http404
    if not can_decide_approval(request.membership, conference):
        raise PermissionDenied
    form = DecisionForm(request.POST, prefix="decision")
    form.is_valid()
    try:
        services.conference_decide(
            conference=conference, by=request.membership, approve=decision == "approve",
            comment=form.cleaned_data.get("comment", ""),
        )
    except DomainError as error:
        refusal_message(request, error)
        return render_detail(request, conference, status=400, decision_form=form)
    messages.success(
        request, _("The conference was approved.") if decision == "approve" else _("The conference was declined.")
    )
    return redirect("conferences:conference_detail", pk=conference.pk)
