"""School years and the counselors' classes (R14): the coordinator keeps the years, chooses the
current one and assigns each class of a year to a counselor."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import services
from ..access import (
    can_manage_classes,
    classes_of,
    counselors_of,
    get_visible_or_404,
    school_years_of,
    students_per_counselor,
    teachers_of,
)
from ..exceptions import DomainError
from ..forms import ClassCounselorsForm, CurrentYearForm, SchoolYearForm
from ..models import SchoolYear
from ..viewhelpers import refusal_text, require


def _year(request, pk):
    return get_visible_or_404(request, school_years_of(request.membership), object_type="bkcase.schoolyear", pk=pk)


def _chosen_year(request):
    m = request.membership
    years = school_years_of(m)
    chosen = request.GET.get("year", "")
    if chosen.isdigit():
        return years.filter(pk=chosen).first() or SchoolYear.current_of(m.school_id)
    return SchoolYear.current_of(m.school_id) or years.first()


@require(can_manage_classes)
@require_http_methods(["GET", "POST"])
def classes(request):
    """The school years, and the classes of one of them with their counselors."""
    m = request.membership
    year = _chosen_year(request)
    if request.method == "POST":
        year = _year(request, request.POST.get("year") if str(request.POST.get("year", "")).isdigit() else 0)
    counselors = list(counselors_of(m.school))  # the choices of every class, and their loads below
    year_classes = classes_of(m, year).select_related("counselor__user", "homeroom_teacher__user").annotate(
        student_count=Count("enrolments"))
    form = ClassCounselorsForm(request.POST or None, classes=year_classes, counselors=counselors,
                               teachers=teachers_of(m.school))
    if request.method == "POST":
        if form.is_valid():
            try:
                changed = services.class_counselors_assign(by=m, year=year, assignments=form.assignments(),
                                                           homerooms=form.homerooms())
            except DomainError as error:
                form.add_error(None, refusal_text(error))
            else:
                messages.success(request, _("Assignments saved: %(n)s classes changed.") % {"n": changed})
                return redirect(f"{request.path}?year={year.pk}")
        messages.error(request, _("Nothing was saved. Please correct the marked input."))
    per_counselor = students_per_counselor(m.school, year)
    context = {
        "year": year,
        "years": school_years_of(m),
        "form": form,
        "year_form": SchoolYearForm(),
        "current_form": CurrentYearForm(initial={"semester": year.semester, "version": year.version}) if year else None,
        "counselor_loads": [(c, per_counselor.get(c.pk, 0)) for c in counselors],
    }
    return render(request, "bkcase/classes.html", context, status=400 if form.errors else 200)


@require_POST
@require(can_manage_classes)
def school_year_create(request):
    form = SchoolYearForm(request.POST)
    if form.is_valid():
        try:
            year = services.school_year_create(by=request.membership, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("School year %(year)s added.") % {"year": year.name})
            return redirect(f"{redirect('classes').url}?year={year.pk}")
    else:
        messages.error(request, _("Enter the first calendar year (e.g. 2026) and the semester."))
    return redirect("classes")


@require_POST
@require(can_manage_classes)
def school_year_current(request, pk):
    year = _year(request, pk)
    form = CurrentYearForm(request.POST)
    if form.is_valid():
        try:
            year = services.school_year_make_current(by=request.membership, year=year, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, refusal_text(error))
        else:
            messages.success(request, _("Current: %(year)s.") % {"year": year.label})
    else:
        messages.error(request, _("This page is out of date or incomplete: reload it, then enter your changes again. "
                                  "Nothing was saved."))
    return redirect(f"{redirect('classes').url}?year={year.pk}")
