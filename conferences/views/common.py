"""What every conference view shares: loading the conference and building its page."""

from django.contrib import messages
from django.shortcuts import render

from bkcase import audit
from bkcase.access import can_record_consent_exception, get_visible_or_404
from bkcase.forms import ConsentExceptionForm, TransitionForm, consent_form_class
from bkcase.viewhelpers import refusal_text

from ..access import (
    can_decide_approval,
    can_organise,
    can_print_documents,
    can_read_minutes,
    can_read_principal_remarks,
    conferences_managed_by,
    conferences_visible_to,
    history_visible_to,
    organises,
    participants_of,
)
from ..forms import (
    ActionItemForm,
    ActionItemUpdateForm,
    DecisionForm,
    InformationForm,
    ParticipantForm,
    conference_stage_form,
    participant_stage_form,
)
from ..models import Conference


def load_conference(request, pk, *, manage=False, audit_view=False):
    """The conference if the user may see it (or change it, with manage=True), else 404 (S1, S3)."""
    source = conferences_managed_by if manage else conferences_visible_to
    queryset = source(request.membership).select_related("case__student", "leader__user", "school",
                                                         "approval_decided_by__user")
    return get_visible_or_404(request, queryset, object_type="conferences.conference", pk=pk, audit_view=audit_view)


def refusal_message(request, error):
    messages.error(request, refusal_text(error))


def detail_context(request, conference, *, refused_participant_form=None, refused_action_form=None, **overrides):
    """The conference page's context. `refused_participant_form` (`refused_action_form`) is a
    participant's (an action item's) form that was refused: it is shown in place of that record's
    fresh form, with the user's input."""
    m = request.membership
    organiser = can_organise(m) and organises(m, conference)
    participants = participants_of(conference)
    reads_minutes = can_read_minutes(m, conference, participants)
    remarks = can_read_principal_remarks(m, conference, organiser=organiser)
    # what is said in the conference is written by those who may read it (R9)
    writes_minutes = organiser and reads_minutes
    stage_form_class = conference_stage_form(conference.stage) if conference.is_open else None
    participant_form_class = participant_stage_form(conference.stage) if conference.is_open else None
    if conference.may_record_minutes() and not writes_minutes:
        stage_form_class = participant_form_class = None
    history = history_visible_to(m, conference, remarks=remarks)
    context = {
        "conference": conference,
        "record": conference,
        "organiser": organiser,
        "may_decide_approval": can_decide_approval(m, conference),
        "may_print": can_print_documents(m, conference, organiser=organiser),
        "reads_minutes": reads_minutes,
        "writes_minutes": writes_minutes,
        "sees_remarks": remarks,
        "participants": participants,
        "participant_forms": [
            (p, refused_participant_form if refused_participant_form and refused_participant_form.instance.pk == p.pk
             else participant_form_class(instance=p, prefix=f"p{p.pk}"))
            for p in participants
        ] if organiser and participant_form_class else [],
        "stage_form": stage_form_class(instance=conference) if organiser and stage_form_class else None,
        "participant_form": ParticipantForm(school=conference.school, prefix="participant"),
        "information": conference.information.select_related("participant"),
        "information_form": InformationForm(conference=conference, participants=participants, prefix="info"),
        "action_rows": _action_rows(conference, organiser, refused_action_form),
        "action_form": ActionItemForm(conference=conference, participants=participants, prefix="action"),
        "decision_form": DecisionForm(prefix="decision"),
        "consent_form": consent_form_class(Conference)(instance=conference) if organiser else None,
        "exception_form": ConsentExceptionForm(),
        "may_record_consent_exception": organiser and can_record_consent_exception(m),
        "transition_form": TransitionForm(initial={"stage": conference.stage}),
        "history": history,
        "missing": _missing_links(conference, stage_form_class if organiser else None,
                                  participant_form_class if organiser else None),
        "missing_for_approval": conference.missing_for_approval() if organiser and conference.is_planning() else [],
        "documents": {d.kind: d for d in conference.documents.all()},
    }
    context.update(overrides)
    return context


def _missing_links(conference, stage_form_class, participant_form_class):
    """What is still missing, each linked to the form that supplies it: no link where the user has
    no such form on the page (e.g. the minutes, written only by those who take part)."""
    if not conference.is_open:
        return []
    links = []
    for message, anchor in conference.missing_links():
        if (anchor.startswith("#id_") and stage_form_class is None) or (
                anchor == "#per-participant-heading" and participant_form_class is None):
            anchor = ""
        links.append((message, anchor))
    return links


def _action_rows(conference, organiser, refused_form):
    """Each action item with the form that completes it: for the organisers, on an open item, or the
    refused form on the item it was sent for (which someone else may have completed meanwhile)."""
    rows = []
    for item in conference.action_items.select_related("responsible"):
        if refused_form is not None and refused_form.instance.pk == item.pk:
            form = refused_form
        elif organiser and item.is_open:
            form = ActionItemUpdateForm(instance=item, auto_id=f"action{item.pk}-%s")
        else:
            form = None
        rows.append((item, form))
    return rows


def render_detail(request, conference, status=200, **overrides):
    if status != 200:
        # a refused change shows the conference again: that is a view of it too (S8)
        audit.record(by=request.membership, action=audit.Action.VIEW, obj=conference)
    return render(request, "conferences/conference_detail.html", detail_context(request, conference, **overrides),
                  status=status)


