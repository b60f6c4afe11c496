"""The BK period report (laporan bulanan / semester) and the de-identified figures: the page with
its tables and charts, the PDF letter and the Excel workbook. Every view and download is audited
(counts only: a view row names the period, a file's export row the file; neither names a student)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase.viewhelpers import require

from .. import charts, jobs, period_jobs
from ..access import (
    reads_deidentified_figures,
    reads_period_report,
    reads_whole_school,
    report_scope_label,
    years_for_reports,
)
from ..deidentify import SMALL, deidentify_sections
from ..figures import SECTIONS, all_tables, cases_counted, period_figures, school_figures
from ..period_form import FiguresPeriodForm, ReportPeriodForm
from .files import file_or_background


def _period(request, deidentified=False):
    """The form and the period it names (None when the form is not valid, or when the de-identified
    figures have no month that has ended to offer)."""
    m = request.membership
    years = list(years_for_reports(m))  # read once: the form's choice, and the period it proposes
    form_class = FiguresPeriodForm if deidentified else ReportPeriodForm
    data = request.GET if "span" in request.GET else form_class.initial_for(years, m.school_id)
    form = form_class(data, years=years)
    return form, (form.cleaned_data["period"] if form.is_bound and form.is_valid() else None)


def _sections_list(sections):
    return [{"key": key, "title": label, "tables": sections[key]} for key, label in SECTIONS if sections.get(key)]


def _job(deidentified):
    return period_jobs.FIGURES_JOB if deidentified else period_jobs.PERIOD_JOB


def _page(request, *, template, build, object_type, deidentified):
    m = request.membership
    form, period = _period(request, deidentified)
    job = _job(deidentified)
    context = {"form": form, "period": period, "deidentified": deidentified, "small": SMALL,
               "job_kind": job.name, "jobs": jobs.jobs_of(m, job.name)[:10]}
    if period is not None:
        sections = build(m, period)
        # a period of many cases has its files made by the background worker
        context["background"] = jobs.needs_background(cases_counted(sections))
        if deidentified:
            sections = deidentify_sections(sections)
        charts.draw(all_tables(sections))
        context.update(sections=_sections_list(sections), scope=report_scope_label(m),
                       school_wide=reads_whole_school(m) or deidentified)
        audit.record(by=m, action=audit.Action.VIEW, object_type=object_type,
                     object_id=f"{period.start}..{period.end}")
    return render(request, template, context, status=400 if form.errors else 200)


def _file(request, *, build, object_type, extension, deidentified):
    m = request.membership
    form, period = _period(request, deidentified)
    if period is None:
        return _page(request, template="reports/period.html" if not deidentified else "reports/figures.html",
                     build=build, object_type=object_type, deidentified=deidentified)
    sections = build(m, period)

    def make():
        content, filename = period_jobs.make_file(by=m, period=period, format=extension, deidentified=deidentified,
                                                  sections=sections)
        return jobs.Built(content=content, filename=filename)

    return file_or_background(
        request, count=cases_counted(sections), make=make, format=extension,
        page_url=f"{reverse('reports:figures' if deidentified else 'reports:period')}?{period.query}",
        too_large=_("This period counts many cases: prepare its file with its button, it is made in the background."),
        # counts only: one export row named by the file, as its download from a background job
        audit_type=object_type)


@require(reads_period_report)
def period(request):
    """The period report of the coordinator (the school) or of a counselor (their caseload)."""
    return _page(request, template="reports/period.html", build=period_figures, object_type="reports.period",
                 deidentified=False)


@require(reads_period_report)
def period_pdf(request):
    return _file(request, build=period_figures, object_type="reports.period", extension="pdf", deidentified=False)


@require(reads_period_report)
def period_xlsx(request):
    return _file(request, build=period_figures, object_type="reports.period", extension="xlsx", deidentified=False)


@require(reads_deidentified_figures)
def figures(request):
    """The de-identified figures of the school, for the principal and the education office."""
    return _page(request, template="reports/figures.html", build=school_figures, object_type="reports.figures",
                 deidentified=True)


@require(reads_deidentified_figures)
def figures_pdf(request):
    return _file(request, build=school_figures, object_type="reports.figures", extension="pdf", deidentified=True)


@require(reads_deidentified_figures)
def figures_xlsx(request):
    return _file(request, build=school_figures, object_type="reports.figures", extension="xlsx", deidentified=True)
