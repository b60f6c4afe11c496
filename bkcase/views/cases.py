"""Cases (kasus): a counselor's caseload, one student's problem each.

Record views need no role gate: cases_visible_to() is empty for roles that never see cases, so
they answer 404 like any other record the user may not see.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import audit, chronology, services
from ..access import (
    can_filter_by_counselor,
    can_own_cases,
    cases_visible_to,
    counselors_of,
    get_visible_or_404,
    note_visible_case,
    school_years_of,
    students_visible_to,
)
from ..forms import CaseCloseForm, CaseForm, CaseSearchForm, VersionForm
from ..search import list_search
from ..viewhelpers import paginate, require, run_service
from .chronology import chronology_context, print_form


def _case(request, pk, audit_view=False):
    return get_visible_or_404(
        request,
        cases_visible_to(request.membership).select_related("student", "counselor__user", "school", "school_year",
                                                            "school_class"),
        object_type="bkcase.case",
        pk=pk,
        audit_view=audit_view,
    )


@require(can_own_cases)
@require_http_methods(["GET", "POST"])
def case_list(request):
    m = request.membership
    counselors = counselors_of(m.school) if can_filter_by_counselor(m) else None
    form, searched = list_search(request, CaseSearchForm, counselors=counselors, years=school_years_of(m))
    if searched:
        return searched
    cases = cases_visible_to(m).select_related("student", "counselor__user", "school_class")
    if form.is_valid():
        data = form.cleaned_data
        q = data["q"].strip()
        if q:
            cases = cases.filter(
                Q(code__icontains=q)
                | Q(title__icontains=q)
                | Q(student__full_name__icontains=q)
                | Q(student__nis__startswith=q)
            )
        if data["category"]:
            cases = cases.filter(category=data["category"])
        if data["status"] == "open":
            cases = cases.filter(closed_on__isnull=True)
        elif data["status"] == "closed":
            cases = cases.filter(closed_on__isnull=False)
        if data.get("counselor"):
            cases = cases.filter(counselor=data["counselor"])
        if data.get("year"):
            # opened in that school year: recorded with it, or (opened before school years were kept)
            # opened between its first and last day
            year = data["year"]
            cases = cases.filter(Q(school_year=year) | Q(school_year__isnull=True,
                                                         opened_on__gte=year.starts_on, opened_on__lte=year.ends_on))
        if data.get("source"):
            cases = cases.filter(source=data["source"])
    elif form.refused:
        cases = cases.none()
    context = {"form": form, **paginate(request, cases.order_by("-opened_on", "-pk"))}
    audit.record_shown(by=m, object_type="bkcase.case_list", records=context["page_obj"])
    return render(request, "bkcase/case_list.html", context)


def case_detail(request, pk):
    case = _case(request, pk, audit_view=True)
    note_visible_case(request.membership, case)
    return render(request, "bkcase/case_detail.html", {
        "case": case,
        "panels": settings.CASE_PANELS,
        "co_counselors": case.co_counselors.select_related("user"),
        "version_form": VersionForm(initial={"version": case.version}),
        "start_actions": chronology.case_actions(request.membership, case),
        "print_form": print_form(request),
        **chronology_context(request, [case.pk]),
    })


@require_http_methods(["GET", "POST"])
def case_create(request, student_pk):
    m = request.membership
    student = get_visible_or_404(
        request, students_visible_to(m).filter(active=True), object_type="bkcase.student", pk=student_pk
    )
    if not can_own_cases(m):
        raise PermissionDenied
    form = CaseForm(request.POST or None, membership=m, counselors=counselors_of(m.school), student=student)
    if request.method == "POST" and form.is_valid():
        case = run_service(request, form, lambda: services.case_open(by=m, student=student, **form.cleaned_data))
        if case:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect("case_detail", pk=case.pk)
    return render(request, "bkcase/case_form.html", {"form": form, "student": student, "case": None})


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    m = request.membership
    case = _case(request, pk, audit_view=request.method == "GET")
    form = CaseForm(request.POST or None, instance=case, membership=m, counselors=counselors_of(m.school))
    if request.method == "POST" and form.is_valid():
        saved = run_service(request, form, lambda: services.case_update(case=case, by=m, **form.cleaned_data))
        if saved:
            messages.success(request, _("Case %(code)s saved.") % {"code": saved.code})
            return redirect("case_detail", pk=saved.pk)
    return render(request, "bkcase/case_form.html", {"form": form, "student": case.student, "case": case})


@require_http_methods(["GET", "POST"])
def case_close(request, pk):
    """Closing a case, on a page of its own: the form asks what the case's state calls for (R16, R13),
    which the case page need not work out each time it is shown."""
    case = _case(request, pk, audit_view=request.method == "GET")
    if request.method == "GET":
        if not case.is_open:
            messages.info(request, _("Case %(code)s is already closed.") % {"code": case.code})
            return redirect("case_detail", pk=case.pk)
        form = CaseCloseForm(initial={"closed_on": timezone.localdate(), "version": case.version}, case=case)
        return render(request, "bkcase/case_close.html", {"case": case, "form": form})
    form = CaseCloseForm(request.POST, case=case)
    if form.is_valid():
        saved = run_service(
            request, form, lambda: services.case_close(case=case, by=request.membership, **form.cleaned_data)
        )
        if saved:
            messages.success(request, _("Case %(code)s closed.") % {"code": saved.code})
            return redirect("case_detail", pk=case.pk)
    else:
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    audit.record(by=request.membership, action=audit.Action.VIEW, obj=case)  # shown again: a view (S8)
    return render(request, "bkcase/case_close.html", {"case": case, "form": form}, status=400)


@require_POST
def case_reopen(request, pk):
    case = _case(request, pk)
    form = VersionForm(request.POST)
    if form.is_valid() and run_service(
        request, form, lambda: services.case_reopen(case=case, by=request.membership, **form.cleaned_data)
    ):
        messages.success(request, _("Case %(code)s reopened.") % {"code": case.code})
    else:
        for error in form.non_field_errors():
            messages.error(request, error)
    return redirect("case_detail", pk=case.pk)
