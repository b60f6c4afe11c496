"""Information given during the conference, and the action items of its follow-up."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from bkcase.access import get_visible_or_404
from bkcase.viewhelpers import run_service

from .. import services
from ..forms import ActionItemForm, ActionItemUpdateForm, InformationForm
from .common import load_conference, render_detail


@require_POST
def information_add(request, pk):
    conference = load_conference(request, pk, manage=True)
    form = InformationForm(request.POST, conference=conference, prefix="info")
    if form.is_valid() and run_service(
        request, form, lambda: services.information_add(conference=conference, by=request.membership, **form.cleaned_data)
    ):
        messages.success(request, _("The information was recorded."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    if not form.errors:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return render_detail(request, conference, status=400, information_form=form)


@require_POST
def action_add(request, pk):
    conference = load_conference(request, pk, manage=True)
    form = ActionItemForm(request.POST, conference=conference, prefix="action")
    if form.is_valid() and run_service(
        request, form, lambda: services.action_item_add(conference=conference, by=request.membership, **form.cleaned_data)
    ):
        messages.success(request, _("The action item was added."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    if not form.errors:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    return render_detail(request, conference, status=400, action_form=form)


@require_POST
def action_update(request, pk, item_pk):
    conference = load_conference(request, pk, manage=True)
    item = get_visible_or_404(request, conference.action_items, object_type="conferences.actionitem", pk=item_pk)
    form = ActionItemUpdateForm(request.POST, instance=item)
    if not form.is_valid():
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    elif run_service(
        request, form, lambda: services.action_item_update(item=item, by=request.membership, **form.cleaned_data)
    ):
        messages.success(request, _("Saved."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    # refused (a stale edit among them, S12): the page again, with the user's input on that item
    return render_detail(request, conference, status=400, refused_action_form=form)
