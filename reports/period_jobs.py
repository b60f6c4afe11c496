"""The period report and the de-identified figures made by the background worker (reports/jobs.py),
when the period counts many cases (more than settings.RECAP_BACKGROUND_FROM). Their files hold
counts only: no student is named, so a download's audit rows name none (the request's own view of
the page was audited)."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from bkcase.documents import DOCUMENT_LANGUAGE

from . import documents
from .access import (
    reads_deidentified_figures,
    reads_period_report,
    report_scope_label,
    report_signer,
    signs_as_counselor,
)
from .deidentify import deidentify_sections
from .figures import period_figures, school_figures
from .jobs import Built, JobKind
from .period_form import FiguresPeriodForm, ReportPeriodForm


def make_file(*, by, period, format, deidentified, progress=None, sections=None):
    """The report's PDF or workbook for `by` (their scope), with its file name. `sections`: the
    figures when the caller has counted them already (before de-identification)."""
    if progress:
        progress.collecting(0, 1)
    if sections is None:
        sections = school_figures(by, period) if deidentified else period_figures(by, period)
    if deidentified:
        sections = deidentify_sections(sections)
    if progress:
        progress.rendering()
    with translation.override(DOCUMENT_LANGUAGE):
        scope = str(report_scope_label(by))
    name = "data-bk" if deidentified else "laporan-bk"
    filename = f"{name}-{period.slug}.{format}"
    if format == "pdf":
        content = documents.period_pdf(sections, school=by.school, period=period, scope=scope,
                                       signed_by=report_signer(by), as_counselor=signs_as_counselor(by),
                                       deidentified=deidentified)
    else:
        content = documents.period_xlsx(sections, school=by.school, period=period, scope=scope,
                                        deidentified=deidentified)
    return content, filename


def _build(deidentified):
    def build(*, by, params, format, progress):
        content, filename = make_file(by=by, period=params["period"], format=format, deidentified=deidentified,
                                      progress=progress)
        return Built(content, filename, [])

    return build


def _describe(params):
    return str(params["period"].label)


PERIOD_JOB = JobKind(
    name="period_report",
    title=_("Monthly and semester BK report"),
    form=ReportPeriodForm,
    may_request=reads_period_report,
    build=_build(False),
    page_url_name="reports:period",
    audit_type="reports.period",
    describe=_describe,
)

FIGURES_JOB = JobKind(
    name="deidentified_figures",
    title=_("De-identified BK figures"),
    form=FiguresPeriodForm,
    may_request=reads_deidentified_figures,
    build=_build(True),
    page_url_name="reports:figures",
    audit_type="reports.figures",
    describe=_describe,
)

JOBS = [PERIOD_JOB, FIGURES_JOB]
