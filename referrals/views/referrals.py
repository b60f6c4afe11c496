"""Referral (ATK) pages: list, start, the stage pages and the workflow actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bkcase import audit
from bkcase.access import (
    can_filter_by_counselor,
    can_record_consent_exception,
    cases_visible_to,
    counselors_of,
    get_visible_or_404,
)
from bkcase.consent import STATEMENT_WHO
from bkcase.documents import pdf_response
from bkcase.forms import ConsentExceptionForm, TransitionForm, consent_form_class
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
from evaluations.models import Kind
from evaluations.records import citation

from .. import services
from ..access import can_work_on_referrals, referrals_visible_to
from ..forms import (
    ContactForm,
    MissedAppointmentForm,
    ReferralCreateForm,
    ReferralSearchForm,
    ReportRequestForm,
    stage_form_class,
)
from ..models import CounselingFunction, LetterKind, Referral


def load_referral(request, pk, audit_view=False):
    # the school and the previous referral are read only by some stages and letters: a join to each
    # would cost every page more query planning than the odd lookup by key
    queryset = referrals_visible_to(request.membership).select_related("case__student", "case__counselor__user", "expert")
    return get_visible_or_404(request, queryset, object_type="referrals.referral", pk=pk, audit_view=audit_view)


# what a row of the list shows: reading only these keeps the page's query narrow
LIST_COLUMNS = (
    "code", "stage", "created_at", "case__student__full_name", "case__counselor__user__first_name",
    "case__counselor__user__last_name", "case__counselor__user__username", "expert__name", "expert__kind",
)


@require(can_work_on_referrals)
@require_http_methods(["GET", "POST"])
def referral_list(request):
    m = request.membership
    counselors = counselors_of(m.school) if can_filter_by_counselor(m) else None
    form, searched = list_search(request, ReferralSearchForm, counselors=counselors)
    if searched:
        return searched
    referrals = referrals_visible_to(m).select_related("case__student", "case__counselor__user", "expert").only(
        *LIST_COLUMNS
    )
    if form.is_valid():
        data = form.cleaned_data
        if q := data["q"].strip():
            referrals = referrals.filter(
                Q(code__icontains=q) | Q(case__student__full_name__icontains=q) | Q(expert__name__icontains=q)
                | Q(case__code__icontains=q)
            )
        if data["stage"]:
            referrals = referrals.filter(stage=data["stage"])
        if data["kind"]:
            referrals = referrals.filter(expert__kind=data["kind"])
        if data.get("counselor"):
            referrals = referrals.filter(case__counselor=data["counselor"])
        if data["start"]:
            referrals = referrals.filter(created_at__date__gte=data["start"])
        if data["end"]:
            referrals = referrals.filter(created_at__date__lte=data["end"])
    elif form.refused:
        referrals = referrals.none()
    context = {"form": form, **paginate(request, referrals.order_by("-created_at", "-pk"))}
    audit.record_shown(by=m, object_type="referrals.referral_list", records=context["page_obj"])
    return render(request, "referrals/referral_list.html", context)


@require_http_methods(["GET", "POST"])
def referral_create(request, case_pk):
    m = request.membership
    case = get_visible_or_404(
        request, cases_visible_to(m).select_related("student"), object_type="bkcase.case", pk=case_pk, audit_view=True
    )
    if not can_work_on_referrals(m):
        raise PermissionDenied
    form = ReferralCreateForm(request.POST or None, school=m.school)
    blocked = case.referral_blocked_reason()
    if request.method == "POST" and form.is_valid():
        referral = run_service(request, form, lambda: services.referral_create(case=case, by=m, **form.cleaned_data))
        if referral:
            messages.success(request, _("Referral %(code)s started: planning.") % {"code": referral.code})
            return redirect("referrals:referral_detail", pk=referral.pk)
    return render(request, "referrals/referral_create.html", {"form": form, "case": case, "blocked": blocked})


def _render_refused(request, referral, **overrides):
    """A refused change shows the referral again: that is a view of it too (S8)."""
    audit.record(by=request.membership, action=audit.Action.VIEW, obj=referral)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral, **overrides), status=400)


def _detail_context(request, referral, **overrides):
    contacts = list(referral.contacts.all())
    referral.hold_expert_agreement(contacts)
    stage_form = None
    if referral.is_open and referral.stage in services.STAGE_FIELDS:
        stage_form = stage_form_class(referral.stage)(instance=referral)
        if "effectiveness_reason" in stage_form.fields and not referral.effectiveness_reason.strip():
            # the analysis cites the Laijapen of the handover (R13)
            stage_form.initial["effectiveness_reason"] = citation(referral, request.membership, Kind.LAIJAPEN)
    return {
        "referral": referral,
        "case": referral.case,
        "stage_form": stage_form,
        "contact_form": ContactForm(),
        "missed_form": MissedAppointmentForm(),
        "request_form": ReportRequestForm(),
        "transition_form": TransitionForm(initial={"stage": referral.stage}),
        "contacts": contacts,
        "missed_appointments": referral.missed_appointments.all(),
        "report_requests": referral.report_requests.all(),
        "history": referral.stage_changes.select_related("by__user"),
        "follow_ups": referral.follow_ups.select_related("expert"),
        "missing": referral.missing_links() if referral.is_open else [],
        "sections": referral.shown_sections(),
        "letters": LetterKind,
        "consent_form": consent_form_class(Referral)(instance=referral),
        "exception_form": ConsentExceptionForm(),
        "may_record_consent_exception": can_record_consent_exception(request.membership),
        "function_labels": [CounselingFunction(f).label for f in referral.functions if f in CounselingFunction.values],
        **overrides,
    }


def referral_detail(request, pk):
    referral = load_referral(request, pk, audit_view=True)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@require_POST
def referral_edit(request, pk):
    """Save the data of the referral's current stage."""
    referral = load_referral(request, pk)
    if not referral.is_open or referral.stage not in services.STAGE_FIELDS:
        messages.error(request, _("A closed or cancelled referral cannot be changed."))
        return redirect("referrals:referral_detail", pk=referral.pk)
    form = stage_form_class(referral.stage)(request.POST, request.FILES, instance=referral)
    if form.is_valid():
        data = dict(form.cleaned_data)
        saved = run_service(request, form, lambda: services.referral_update_stage(referral=referral, by=request.membership, **data))
        if saved:
            messages.success(request, _("Saved."))
            return redirect("referrals:referral_detail", pk=referral.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return _render_refused(request, load_referral(request, pk), stage_form=form)


@require_POST
def referral_add_contact(request, pk):
    referral = load_referral(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        contact = run_service(
            request, form, lambda: services.referral_add_contact(referral=referral, by=request.membership, **form.cleaned_data)
        )
        if contact:
            messages.success(request, _("The contact with the expert was recorded."))
            return redirect("referrals:referral_detail", pk=referral.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return _render_refused(request, referral, contact_form=form)


def _record(request, pk, form_class, service, success, form_name):
    """Record a row of the referral (a missed appointment, a request for the report) through its service."""
    referral = load_referral(request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        saved = run_service(
            request, form, lambda: service(referral=referral, by=request.membership, **form.cleaned_data)
        )
        if saved:
            messages.success(request, success)
            return redirect("referrals:referral_detail", pk=referral.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return _render_refused(request, load_referral(request, pk), **{form_name: form})


@require_POST
def referral_record_missed(request, pk):
    """R16: the client did not attend the expert (execution)."""
    return _record(request, pk, MissedAppointmentForm, services.referral_record_missed_appointment,
                   _("The missed appointment was recorded."), "missed_form")


@require_POST
def referral_request_report(request, pk):
    """R16: the expert's report was asked for (evaluation)."""
    return _record(request, pk, ReportRequestForm, services.referral_request_report,
                   _("The request for the expert's report was recorded."), "request_form")


@require_POST
def referral_transition(request, pk, action):
    referral = load_referral(request, pk)
    return transition_view(
        request, action,
        lambda **move: services.referral_transition(referral=referral, by=request.membership, **move),
        reverse("referrals:referral_detail", args=[referral.pk]),
    )


@require_http_methods(["GET", "POST"])
def referral_follow_up(request, pk):
    """R6: a new referral to another expert, linked to this one."""
    referral = load_referral(request, pk)
    form = ReferralCreateForm(
        request.POST or None, school=request.membership.school, exclude_expert=referral.expert,
        initial={"problem_summary": referral.problem_summary, "functions": referral.functions},
    )
    if request.method == "POST" and form.is_valid():
        created = run_service(
            request, form,
            lambda: services.referral_create_follow_up(referral=referral, by=request.membership, **form.cleaned_data),
        )
        if created:
            messages.success(request, _("Referral %(code)s started: planning.") % {"code": created.code})
            return redirect("referrals:referral_detail", pk=created.pk)
    context = {"form": form, "case": referral.case, "previous": referral, "blocked": None}
    return render(request, "referrals/referral_create.html", context)


def referral_report_file(request, pk):
    """The expert's scanned report: only through this access check, always as an attachment (S22)."""
    referral = load_referral(request, pk)
    return private_file_response(request, referral, referral.expert_report_file, f"laporan-ahli-{referral.code}")


@require_POST
def referral_consent(request, pk):
    """R11: the student's assent and the parent's or guardian's consent."""
    referral = load_referral(request, pk)
    refused = consent_view(
        request, referral, lambda **data: services.referral_record_consent(referral=referral, **data),
        lambda **form: _render_refused(request, load_referral(request, pk), **form),
    )
    return refused or redirect("referrals:referral_detail", pk=referral.pk)


@require_POST
def referral_consent_exception(request, pk):
    """R11, S7: the coordinator's exception to the consent, on a ground, with a reason."""
    referral = load_referral(request, pk)
    refused = consent_exception_view(
        request, lambda **data: services.referral_consent_exception(referral=referral, **data),
        lambda **form: _render_refused(request, referral, **form),
    )
    return refused or redirect("referrals:referral_detail", pk=referral.pk)


def referral_consent_file(request, pk):
    """The signed consent form: only through this access check, always as an attachment (S22)."""
    referral = load_referral(request, pk)
    return private_file_response(request, referral, referral.consent_form, f"persetujuan-{referral.code}")


@require_GET
def referral_consent_statement(request, pk, who):
    """The statement of consent of the student or the parent, filled from the referral, to sign."""
    referral = load_referral(request, pk)
    if who not in STATEMENT_WHO:
        raise Http404
    pdf = services.referral_print_consent_statement(referral=referral, by=request.membership, who=who)
    return pdf_response(pdf, f"persetujuan-{who}-{referral.code}.pdf")
