"""Students (klien): the school's roster, found by name or NIS."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import services
from ..access import (
    can_edit_students,
    can_own_cases,
    can_read_students,
    cases_visible_to,
    get_visible_or_404,
    students_visible_to,
)
from ..forms import StudentForm, StudentSearchForm
from ..search import list_search
from ..viewhelpers import paginate, require, run_service


def _student(request, pk, audit_view=False):
    return get_visible_or_404(
        request, students_visible_to(request.membership), object_type="bkcase.student", pk=pk, audit_view=audit_view
    )


@require(can_read_students)
@require_http_methods(["GET", "POST"])
def student_list(request):
    form, searched = list_search(request, StudentSearchForm)
    if searched:
        return searched
    students = students_visible_to(request.membership)
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            students = students.filter(Q(full_name__icontains=q) | Q(nis__startswith=q) | Q(nisn__startswith=q))
        if form.cleaned_data["active"]:
            students = students.filter(active=form.cleaned_data["active"] == "1")
    elif form.refused:
        students = students.none()
    context = {
        "form": form,
        "can_edit": can_edit_students(request.membership),
        "can_open_case": can_own_cases(request.membership),
        **paginate(request, students.order_by("full_name", "pk")),
    }
    return render(request, "bkcase/student_list.html", context)


def student_detail(request, pk):
    student = _student(request, pk, audit_view=True)
    cases = cases_visible_to(request.membership).filter(student=student).select_related("student", "counselor__user",
                                                                                       "school_class")
    context = {
        "student": student,
        "cases": cases,
        # the student's class in each school year (R14)
        "enrolments": student.enrolments.select_related("year", "school_class__homeroom_teacher__user",
                                                        "school_class__counselor__user").order_by("-year__start_year"),
        "can_edit": can_edit_students(request.membership),
        "can_open_case": can_own_cases(request.membership) and student.active,
    }
    return render(request, "bkcase/student_detail.html", context)


@require(can_edit_students)
@require_http_methods(["GET", "POST"])
def student_create(request):
    form = StudentForm(request.POST or None, school=request.membership.school)
    if request.method == "POST" and form.is_valid():
        student = run_service(request, form, lambda: services.student_create(by=request.membership, **form.cleaned_data))
        if student:
            messages.success(request, _("Student %(name)s saved.") % {"name": student.full_name})
            return redirect("student_detail", pk=student.pk)
    return render(request, "bkcase/student_form.html", {"form": form, "student": None})


@require_http_methods(["GET", "POST"])
def student_edit(request, pk):
    student = _student(request, pk, audit_view=request.method == "GET")
    if not can_edit_students(request.membership):
        raise PermissionDenied
    form = StudentForm(request.POST or None, instance=student, school=request.membership.school)
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            request,
            form,
            lambda: services.student_update(student=student, by=request.membership, **form.cleaned_data),
        )
        if saved:
            messages.success(request, _("Student %(name)s saved.") % {"name": saved.full_name})
            return redirect("student_detail", pk=saved.pk)
    return render(request, "bkcase/student_form.html", {"form": form, "student": student})
