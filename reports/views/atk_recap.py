"""The ATK recap of a period: the page with its counts and rows, the PDF and Excel files; a period of
many referrals is made by the background worker (reports/jobs.py) while its page shows progress."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase.viewhelpers import paginate, require
from referrals.access import can_work_on_referrals

from .. import atk_recap, jobs
from ..forms import PeriodForm
from .files import file_or_background


def _period(request):
    """The period asked for; by default the current school year's current semester (R14)."""
    m = request.membership
    form = PeriodForm.asked(request.GET, m)
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


@require(can_work_on_referrals)
def recap(request):
    form, start, end = _period(request)
    m = request.membership
    context = {"form": form, "jobs": jobs.jobs_of(m, atk_recap.JOB.name)[:10], "kind": atk_recap.JOB.name}
    if start:
        referrals = atk_recap.recap_referrals(m, start, end)
        summary = atk_recap.recap_summary(referrals)
        listing = paginate(request, atk_recap.recap_queryset(referrals))
        shown = list(listing["page_obj"])
        # the page names the students of its rows: a view of each of them (S8, S11)
        audit.record(by=m, action=audit.Action.VIEW, object_type=atk_recap.AUDIT_TYPE, object_id=f"{start}..{end}")
        audit.record_for_students(by=m, action=audit.Action.VIEW, object_type=atk_recap.AUDIT_TYPE,
                                  object_id=f"{start}..{end}", student_ids=[r.case.student_id for r in shown])
        context.update(
            listing,
            summary=summary,
            rows=[atk_recap.recap_row(referral) for referral in shown],
            scope=atk_recap.recap_scope_label(m),
            start=start,
            end=end,
            background=jobs.needs_background(summary["total"]),
            period_query=f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
            school_year=form.cleaned_data["school_year"],
        )
    return render(request, "reports/atk_recap.html", context)


def _recap_file(request, extension):
    form, start, end = _period(request)
    if not start:
        messages.error(request, _("Choose a valid period."))
        return redirect("reports:atk_recap")
    m = request.membership
    return file_or_background(
        request, count=atk_recap.recap_referrals(m, start, end).count(), format=extension,
        make=lambda: atk_recap.recap_file(by=m, start=start, end=end, format=extension),
        page_url=f"{reverse('reports:atk_recap')}?start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        too_large=_("This recap holds many referrals: prepare it with its button, it is made in the background."),
        audit_type=atk_recap.AUDIT_TYPE)


@require(can_work_on_referrals)
def recap_pdf(request):
    return _recap_file(request, "pdf")


@require(can_work_on_referrals)
def recap_xlsx(request):
    return _recap_file(request, "xlsx")
