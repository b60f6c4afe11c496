"""Conference list, planning a new one, the conference page, its stage data and workflow moves."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bkcase import audit
from bkcase.access import cases_visible_to, get_visible_or_404
from bkcase.consent import STATEMENT_WHO
from bkcase.documents import pdf_response
from bkcase.search import list_search
from bkcase.viewhelpers import (
    consent_exception_view,
    consent_view,
    paginate,
    private_file_response,
    require,
    run_service,
    transition_view,
)

from .. import services
from ..access import can_list_conferences, can_organise, conferences_visible_to
from ..forms import ConferenceCreateForm, ConferenceSearchForm, conference_stage_form
from .common import load_conference, render_detail


@require(can_list_conferences)
@require_http_methods(["GET", "POST"])
def conference_list(request):
    form, searched = list_search(request, ConferenceSearchForm)
    if searched:
        return searched
    conferences = conferences_visible_to(request.membership).select_related("case", "leader__user")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            conferences = conferences.filter(Q(code__icontains=q) | Q(topic__icontains=q) | Q(case__code__icontains=q))
        if form.cleaned_data["stage"]:
            conferences = conferences.filter(stage=form.cleaned_data["stage"])
        if form.cleaned_data["approval"]:
            conferences = conferences.filter(approval=form.cleaned_data["approval"])
    elif form.refused:
        conferences = conferences.none()
    context = {"form": form, "can_plan": can_organise(request.membership),
               **paginate(request, conferences.order_by("-created_at", "-pk"))}
    audit.record_shown(by=request.membership, object_type="conferences.conference_list", records=context["page_obj"])
    return render(request, "conferences/conference_list.html", context)


@require_http_methods(["GET", "POST"])
def conference_create(request, case_pk):
    m = request.membership
    case = get_visible_or_404(request, cases_visible_to(m), object_type="bkcase.case", pk=case_pk, audit_view=True)
    if not can_organise(m):
        raise PermissionDenied
    form = ConferenceCreateForm(request.POST or None, school=m.school, initial={"leader": m.pk})
    if request.method == "POST" and form.is_valid():
        conference = run_service(request, form, lambda: services.conference_create(case=case, by=m, **form.cleaned_data))
        if conference:
            messages.success(request, _("Conference %(code)s planned.") % {"code": conference.code})
            return redirect("conferences:conference_detail", pk=conference.pk)
    return render(request, "conferences/conference_create.html", {"form": form, "case": case})


def conference_detail(request, pk):
    conference = load_conference(request, pk, audit_view=True)
    return render_detail(request, conference)


@require_POST
def conference_edit(request, pk):
    conference = load_conference(request, pk, manage=True)
    form_class = conference_stage_form(conference.stage) if conference.is_open else None
    if form_class is None:
        raise Http404
    form = form_class(request.POST, instance=conference)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(request, form, lambda: services.conference_update(conference=conference, by=request.membership, **data)):
            messages.success(request, _("Saved."))
            return redirect("conferences:conference_detail", pk=conference.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return render_detail(request, load_conference(request, pk), status=400, stage_form=form)


@require_POST
def conference_transition(request, pk, action):
    conference = load_conference(request, pk, manage=True)
    return transition_view(
        request, action,
        lambda **move: services.conference_transition(conference=conference, by=request.membership, **move),
        reverse("conferences:conference_detail", args=[conference.pk]),
    )


@require_POST
def conference_consent(request, pk):
    """R11: the student's assent and the parent's or guardian's consent."""
    conference = load_conference(request, pk, manage=True)
    refused = consent_view(
        request, conference, lambda **data: services.conference_record_consent(conference=conference, **data),
        lambda **form: render_detail(request, load_conference(request, pk), status=400, **form),
    )
    return refused or redirect("conferences:conference_detail", pk=conference.pk)


@require_POST
def conference_consent_exception(request, pk):
    """R11, S7: the coordinator's exception to the consent, on a ground, with a reason."""
    conference = load_conference(request, pk, manage=True)
    refused = consent_exception_view(
        request, lambda **data: services.conference_consent_exception(conference=conference, **data),
        lambda **form: render_detail(request, conference, status=400, **form),
    )
    return refused or redirect("conferences:conference_detail", pk=conference.pk)


def conference_consent_file(request, pk):
    """The signed consent form, for the conference's organisers only: always as an attachment (S22)."""
    conference = load_conference(request, pk, manage=True)
    return private_file_response(request, conference, conference.consent_form, f"persetujuan-{conference.code}")


@require_GET
def conference_consent_statement(request, pk, who):
    """The statement of consent of the student or the parent, filled from the conference, to sign."""
    conference = load_conference(request, pk, manage=True)
    if who not in STATEMENT_WHO:
        raise Http404
    pdf = services.conference_print_consent_statement(conference=conference, by=request.membership, who=who)
    return pdf_response(pdf, f"persetujuan-{who}-{conference.code}.pdf")
