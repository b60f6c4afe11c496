"""Each role's home page: that person's work."""

from collections import Counter

from django.conf import settings
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from .. import audit
from ..access import (
    cases_visible_to,
    consent_exceptions_awaiting,
    counselors_of,
    roles_awaiting,
    staff_of,
    students_per_counselor,
    students_visible_to,
)
from ..models import MUST_REFER_CATEGORIES, Case, CaseSource, Category, Role, SchoolYear
from ..viewhelpers import first_rows


def home(request):
    m = request.membership
    if m is None:
        return render(request, "bkcase/home_no_role.html")
    context = {"role": m.role, "panels": settings.HOME_PANELS.get(m.role, [])}
    builder = {
        Role.KONSELOR: _counselor_home,
        Role.KOORDINATOR: _coordinator_home,
        Role.KEPALA: _principal_home,
        Role.OPERATOR: _operator_home,
    }.get(m.role)
    if builder:
        context.update(builder(m))
    # the home page names students with their problem: a view row for each (S28)
    shown = [*context.get("caseload", ()), *context.get("must_refer", ()),
             *(row["record"] for row in context.get("consent_exceptions", ()))]
    audit.record_shown(by=m, object_type="bkcase.home", records=shown)
    return render(request, f"bkcase/home_{m.role}.html", context)


def _open_cases(m):
    # the case table shows each case's student and the class it was opened in
    return cases_visible_to(m).filter(closed_on__isnull=True).select_related("student", "school_class")


def _open_case_counts(cases):
    """The open cases counted in one query: their number, per category, and where they came from
    (R15), each list most first."""
    per_category, per_source = Counter(), Counter()
    for row in cases.order_by().values("category", "source").annotate(n=Count("id")):
        per_category[row["category"]] += row["n"]
        per_source[row["source"]] += row["n"]
    categories, sources = dict(Category.choices), dict(CaseSource.choices)
    return {
        "open_count": per_category.total(),
        "by_category": [{"label": categories.get(key, key), "n": n, "key": key} for key, n in per_category.most_common()],
        "by_source": [{"label": sources.get(key, _("not recorded")), "n": n} for key, n in per_source.most_common()],
    }


def _counselor_home(m):
    open_cases = _open_cases(m)
    must_refer = open_cases.filter(category__in=MUST_REFER_CATEGORIES)
    # each says whether it is not yet referred, being referred, or referred (R16)
    with_progress = must_refer.annotate(**Case.referral_progress_annotations())
    caseload, caseload_count = first_rows(open_cases.order_by("-opened_on", "-id"), 50)
    listed_must_refer, must_refer_count = first_rows(with_progress.order_by("-opened_on", "-id"), 10)
    return {
        "caseload": caseload,
        "caseload_count": caseload_count,
        "must_refer": listed_must_refer,
        "must_refer_count": must_refer_count,
    }


def _coordinator_home(m):
    open_cases = _open_cases(m)
    per_counselor = list(
        counselors_of(m.school).annotate(open_cases=Count("cases", filter=Q(cases__closed_on__isnull=True))))
    # each counselor's caseload against the students of the classes assigned to them (R14)
    year = SchoolYear.current_of(m.school_id)
    students = students_per_counselor(m.school, year)
    for counselor in per_counselor:
        counselor.student_count = students.get(counselor.pk, 0)
    return {
        "students_count": students_visible_to(m).filter(active=True).count(),
        **_open_case_counts(open_cases),
        "school_year": year,
        "per_counselor": per_counselor,
        # the list names each case's counselor and class: read with the cases, not row by row
        "must_refer": list(open_cases.filter(category__in=MUST_REFER_CATEGORIES).select_related(
            "counselor__user", "school_class").order_by("-opened_on")[:10]),
    }


def _principal_home(m):
    # The principal sees summaries, never counseling notes: the de-identified figures of the reports
    # (a home panel, settings.HOME_PANELS), no names.
    return {
        "awaiting_roles": roles_awaiting(m),
        "consent_exceptions": [
            {"record": record, "kind": record._meta.verbose_name, "label": record._meta.label_lower}
            for record in consent_exceptions_awaiting(m)
        ],
    }


def _operator_home(m):
    labels = dict(Role.choices)
    return {
        "students_count": students_visible_to(m).filter(active=True).count(),
        "staff": [
            {"label": labels[row["role"]], "n": row["n"]}
            for row in staff_of(m)
            .values("role")
            .annotate(n=Count("id"))
            .order_by("role")
        ],
    }
