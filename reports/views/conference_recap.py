"""The conference recap of a period: the page with its counts and rows (codes, never names), the PDF
(its letter number left blank, as every report's: a download changes nothing) and the Excel file; a period of many conferences is made by the background worker (reports/jobs.py)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from bkcase import audit
from bkcase.viewhelpers import paginate, require

from .. import conference_recap as recap
from .. import jobs
from ..access import can_recap_conferences
from ..forms import PeriodForm
from .files import file_or_background


def _period(request, data):
    m = request.membership
    form = PeriodForm.asked(data, m)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


def _page(start, end, school_year=None):
    query = f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
    return f"{reverse('reports:conference_recap')}?{query}" + (f"&school_year={school_year.pk}" if school_year else "")


@require_GET
@require(can_recap_conferences)
def conference_recap(request):
    form, start, end = _period(request, request.GET)
    m = request.membership
    context = {"form": form, "jobs": jobs.jobs_of(m, recap.JOB.name)[:10], "kind": recap.JOB.name}
    if start:
        rows = recap.recap_rows(recap.recap_conferences(m, start, end))
        summary = recap.recap_summary(rows)
        listing = paginate(request, rows)
        shown = list(listing["page_obj"])
        # the page names each conference's case by its code: a view of each student (S8, S11)
        audit.record(by=m, action=audit.Action.VIEW, object_type=recap.AUDIT_TYPE, object_id=f"{start}..{end}")
        audit.record_for_students(by=m, action=audit.Action.VIEW, object_type=recap.AUDIT_TYPE,
                                  object_id=f"{start}..{end}", student_ids=[row.student_id for row in shown])
        context.update(
            listing,
            summary=summary,
            rows=shown,
            scope=recap.recap_scope_label(m),
            start=start,
            end=end,
            school_year=form.cleaned_data["school_year"],
            background=jobs.needs_background(summary["total"]),
            period_query=f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        )
    return render(request, "reports/conference_recap.html", context)


def _file(request, data, extension):
    form, start, end = _period(request, data)
    if not start:
        messages.error(request, _("Choose a valid period."))
        return redirect("reports:conference_recap")
    m = request.membership
    return file_or_background(
        request, count=recap.recap_conferences(m, start, end).count(), format=extension,
        make=lambda: recap.recap_file(by=m, start=start, end=end, format=extension),
        page_url=_page(start, end, form.cleaned_data["school_year"]),
        too_large=_("This recap holds many conferences: prepare it with its button, it is made in the background."),
        audit_type=recap.AUDIT_TYPE)


@require_GET
@require(can_recap_conferences)
def conference_recap_pdf(request):
    return _file(request, request.GET, "pdf")


@require_GET
@require(can_recap_conferences)
def conference_recap_xlsx(request):
    return _file(request, request.GET, "xlsx")
