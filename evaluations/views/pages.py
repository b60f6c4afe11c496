"""The pages of one evaluation (its answers, a new date, why it was not done), the end of a case's
services, and the school's settings. An evaluation answers 404 (audited) to whoever does not counsel
its case: the coordinator sees counts, not answers."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bkcase import audit
from bkcase.access import get_visible_or_404
from bkcase.exceptions import DomainError
from bkcase.viewhelpers import refusal_text, require, run_service

from .. import services
from ..access import (
    can_configure_evaluations,
    can_read_evaluation_report,
    cases_evaluated_by,
    evaluations_counted_for,
    evaluations_visible_to,
    settings_of,
)
from ..forms import EvaluationFillForm, EvaluationSettingsForm, MissedForm, PeriodForm, RescheduleForm, ServicesEndForm
from ..models import EvaluationSettings
from ..records import record_label, record_url
from ..report import period_report


def load_evaluation(request, pk, *, audit_view=False):
    return get_visible_or_404(
        request, evaluations_visible_to(request.membership).select_related(
            "case__student", "done_by__user", "missed_by__user"),
        object_type="evaluations.evaluation", pk=pk, audit_view=audit_view,
    )


def _fill_form(evaluation, data=None):
    school_settings = EvaluationSettings.of(evaluation.school_id)
    return EvaluationFillForm(data, evaluation=evaluation, variant=school_settings.variant,
                              with_scale=school_settings.with_scale)


def _render(request, evaluation, status=200, **forms):
    context = {
        "evaluation": evaluation,
        "case": evaluation.case,
        "record_label": record_label(evaluation.record),
        "record_url": record_url(evaluation),
        "reschedules": evaluation.reschedules.select_related("by__user"),
        "fill_form": forms.get("fill_form") or (_fill_form(evaluation) if evaluation.can_fill() else None),
        "reschedule_form": forms.get("reschedule_form") or (
            RescheduleForm(evaluation=evaluation) if evaluation.can_reschedule() else None),
        "missed_form": forms.get("missed_form") or (
            MissedForm(evaluation=evaluation) if evaluation.can_mark_missed() else None),
    }
    return render(request, "evaluations/evaluation_detail.html", context, status=status)


@require_http_methods(["GET", "POST"])
def evaluation_detail(request, pk):
    """The evaluation; a POST records its answers."""
    evaluation = load_evaluation(request, pk, audit_view=request.method == "GET")
    if request.method == "GET":
        return _render(request, evaluation)
    form = _fill_form(evaluation, request.POST)
    if form.is_valid():
        done = run_service(request, form, lambda: services.evaluation_fill(
            evaluation=evaluation, by=request.membership, **form.service_fields()))
        if done:
            messages.success(request, _("%(kind)s recorded.") % {"kind": done.get_kind_display()})
            return redirect("evaluations:evaluation_detail", pk=done.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    audit.record(by=request.membership, action=audit.Action.VIEW, obj=evaluation)  # shown again (S8)
    return _render(request, evaluation, status=400, fill_form=form)


def _act(request, pk, form_class, call, success, form_name):
    evaluation = load_evaluation(request, pk)
    form = form_class(request.POST, evaluation=evaluation)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if run_service(request, form, lambda: call(evaluation=evaluation, by=request.membership, **data)):
            messages.success(request, success)
            return redirect("evaluations:evaluation_detail", pk=evaluation.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    audit.record(by=request.membership, action=audit.Action.VIEW, obj=evaluation)
    return _render(request, evaluation, status=400, **{form_name: form})


@require_POST
def evaluation_reschedule(request, pk):
    return _act(request, pk, RescheduleForm, services.evaluation_reschedule, _("The new date is recorded."),
                "reschedule_form")


@require_POST
def evaluation_missed(request, pk):
    return _act(request, pk, MissedForm, services.evaluation_mark_missed,
                _("Recorded as not done, with the reason."), "missed_form")


@require_POST
def services_end(request, case_pk):
    """The case's services have ended: its Laijapen and Laijapan are scheduled."""
    case = get_visible_or_404(request, cases_evaluated_by(request.membership), object_type="bkcase.case", pk=case_pk)
    form = ServicesEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
        return redirect("case_detail", pk=case.pk)
    try:
        scheduled = services.services_end(case=case, by=request.membership, ended_on=form.cleaned_data["ended_on"])
    except (DomainError, ValidationError) as error:
        messages.error(request, refusal_text(error))
    else:
        messages.success(request, _("Scheduled: %(list)s.") % {"list": ", ".join(
            f"{e.get_kind_display()} {e.due_on:%d-%m-%Y}" for e in scheduled)})
    return redirect("case_detail", pk=case.pk)


@require(can_configure_evaluations)
@require_http_methods(["GET", "POST"])
def evaluation_settings(request):
    m = request.membership
    current = settings_of(m)
    form = EvaluationSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = run_service(request, form, lambda: services.evaluation_settings_update(by=m, **data))
        if saved:
            messages.success(request, _("The evaluation settings are saved."))
            return redirect("evaluations:evaluation_settings")
    return render(request, "evaluations/settings.html", {"form": form}, status=400 if form.errors else 200)


@require(can_read_evaluation_report)
def evaluation_report(request):
    """The evaluations due in a period: done on time, late, not done, open; the answers' distribution
    (counts only, no names)."""
    m = request.membership
    today = timezone.localdate()
    form = PeriodForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    start, end = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = PeriodForm(initial={"start": start, "end": end})
    context = {"form": form, "start": start, "end": end, "school_wide": can_configure_evaluations(m),
               **period_report(evaluations_counted_for(m), start, end)}
    return render(request, "evaluations/report.html", context, status=400 if form.errors else 200)
