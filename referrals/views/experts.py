"""The expert directory: where referrals go. Kept by the coordinator, read by counselors."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bkcase.access import get_visible_or_404
from bkcase.search import list_search
from bkcase.viewhelpers import paginate, require, run_service

from .. import services
from ..access import can_manage_experts, can_read_experts, experts_visible_to
from ..forms import ExpertForm, ExpertSearchForm


def _expert(request, pk):
    return get_visible_or_404(request, experts_visible_to(request.membership), object_type="referrals.expert", pk=pk)


@require(can_read_experts)
@require_http_methods(["GET", "POST"])
def expert_list(request):
    form, searched = list_search(request, ExpertSearchForm)
    if searched:
        return searched
    experts = experts_visible_to(request.membership)
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            experts = experts.filter(
                Q(name__icontains=q) | Q(institution__icontains=q) | Q(field__icontains=q) | Q(title__icontains=q)
            )
        if form.cleaned_data["kind"]:
            experts = experts.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["active"]:
            experts = experts.filter(active=form.cleaned_data["active"] == "1")
    elif form.refused:
        experts = experts.none()
    context = {
        "form": form,
        "can_edit": can_manage_experts(request.membership),
        **paginate(request, experts.order_by("kind", "name", "pk")),
    }
    return render(request, "referrals/expert_list.html", context)


def expert_detail(request, pk):
    expert = _expert(request, pk)
    return render(
        request,
        "referrals/expert_detail.html",
        {"expert": expert, "can_edit": can_manage_experts(request.membership)},
    )


@require(can_manage_experts)
@require_http_methods(["GET", "POST"])
def expert_create(request):
    form = ExpertForm(request.POST or None, school=request.membership.school)
    if request.method == "POST" and form.is_valid():
        expert = run_service(request, form, lambda: services.expert_create(by=request.membership, **form.cleaned_data))
        if expert:
            messages.success(request, _("Expert %(name)s saved.") % {"name": expert.name})
            return redirect("referrals:expert_detail", pk=expert.pk)
    return render(request, "referrals/expert_form.html", {"form": form, "expert": None})


@require_http_methods(["GET", "POST"])
def expert_edit(request, pk):
    expert = _expert(request, pk)
    if not can_manage_experts(request.membership):
        raise PermissionDenied
    form = ExpertForm(request.POST or None, instance=expert, school=request.membership.school)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request, form, lambda: services.expert_update(expert=expert, by=request.membership, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Expert %(name)s saved.") % {"name": saved.name})
            return redirect("referrals:expert_detail", pk=saved.pk)
    return render(request, "referrals/expert_form.html", {"form": form, "expert": expert})
