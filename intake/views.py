"""Referrals to BK: the teacher's form and list; the counselor's inbox and the referral's page."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bkcase import audit
from bkcase.access import can_assign_counselor, counselors_of, get_visible_or_404
from bkcase.viewhelpers import paginate, require, run_service

from . import services
from .access import (
    bk_referrals_sent_by,
    bk_referrals_visible_to,
    can_handle_bk_referrals,
    can_refer_to_bk,
    cases_to_add_to,
    own_class_students,
    students_referable_by,
)
from .forms import AcceptForm, AnswerForm, BkReferralForm


@require(can_refer_to_bk)
@require_http_methods(["GET", "POST"])
def mine(request):
    """The teacher's referrals: the status and the counselor's name of each, and the form to send one."""
    m = request.membership
    form = BkReferralForm(request.POST or None, students=students_referable_by(m), own_class=own_class_students(m))
    if request.method == "POST" and form.is_valid():
        sent = run_service(request, form, lambda: services.bk_referral_send(by=m, **form.cleaned_data))
        if sent:
            messages.success(request, _("Your referral of %(name)s was sent to BK.") % {"name": sent.student.full_name})
            return redirect("intake:mine")
    referrals = bk_referrals_sent_by(m).select_related("student", "counselor__user", "answered_by__user",
                                                       "case__counselor__user")
    context = {"form": form, **paginate(request, referrals)}
    return render(request, "intake/mine.html", context, status=400 if form.errors else 200)


@require_GET
@require(can_handle_bk_referrals)
def inbox(request):
    m = request.membership
    referrals = bk_referrals_visible_to(m).select_related("student", "teacher__user", "counselor__user", "case")
    waiting = request.GET.get("all") != "1"
    if waiting:
        referrals = referrals.filter(case__isnull=True, answered_at__isnull=True)
    context = {"waiting": waiting, **paginate(request, referrals.order_by("-created_at", "-pk"))}
    audit.record_shown(by=m, object_type="intake.inbox", records=context["page_obj"])
    return render(request, "intake/inbox.html", context)


def _referral(request, pk, audit_view=False):
    return get_visible_or_404(
        request, bk_referrals_visible_to(request.membership).select_related(
            "student", "teacher__user", "counselor__user", "case", "accepted_by__user", "answered_by__user"),
        object_type="intake.bkreferral", pk=pk, audit_view=audit_view)


def _forms(request, referral, accept=None, answer=None):
    m = request.membership
    initial = {"version": referral.version}
    return {
        "accept_form": accept or AcceptForm(
            initial=initial, cases=cases_to_add_to(m, referral.student),
            counselors=counselors_of(m.school) if can_assign_counselor(m) else None),
        "answer_form": answer or AnswerForm(initial=initial),
    }


@require_GET
def detail(request, pk):
    referral = _referral(request, pk, audit_view=True)
    context = {"referral": referral}
    if referral.can_be_handled():
        context.update(_forms(request, referral))
    return render(request, "intake/detail.html", context)


@require_POST
def accept(request, pk):
    referral = _referral(request, pk)
    m = request.membership
    form = AcceptForm(request.POST, cases=cases_to_add_to(m, referral.student),
                      counselors=counselors_of(m.school) if can_assign_counselor(m) else None)
    if form.is_valid():
        data = form.cleaned_data
        done = run_service(request, form, lambda: services.bk_referral_accept(
            by=m, referral=referral, version=data["version"], case=data["case"], category=data["category"],
            title=data["title"], counselor=data.get("counselor")))
        if done:
            messages.success(request, _("Accepted into case %(code)s.") % {"code": done.case.code})
            return redirect("case_detail", pk=done.case_id)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    audit.record(by=m, action=audit.Action.VIEW, obj=referral)
    context = {"referral": referral, **_forms(request, referral, accept=form)}
    return render(request, "intake/detail.html", context, status=400)


@require_POST
def answer(request, pk):
    referral = _referral(request, pk)
    m = request.membership
    form = AnswerForm(request.POST)
    if form.is_valid():
        done = run_service(request, form, lambda: services.bk_referral_answer(by=m, referral=referral,
                                                                               **form.cleaned_data))
        if done:
            messages.success(request, _("The referral is answered and closed."))
            return redirect("intake:inbox")
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    audit.record(by=m, action=audit.Action.VIEW, obj=referral)
    context = {"referral": referral, **_forms(request, referral, answer=form)}
    return render(request, "intake/detail.html", context, status=400)
