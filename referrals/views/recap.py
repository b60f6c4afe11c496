"""The period recap of referrals: the page with its counts, the PDF and Excel files, and, for a
period of many referrals, the background job that makes the file while the page shows progress."""

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bkcase import audit
from bkcase.access import get_visible_or_404
from bkcase.documents import pdf_response
from bkcase.exceptions import DomainError
from bkcase.viewhelpers import paginate, refusal_text, require

from .. import documents, services
from ..access import can_work_on_referrals, recap_jobs_visible_to, recap_signer
from ..forms import RecapForm, RecapJobForm
from ..models import RecapFormat

CONTENT_TYPES = {
    RecapFormat.PDF: "application/pdf",
    RecapFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _period(request):
    today = timezone.localdate()
    default_start = today.replace(month=1 if today.month < 7 else 7, day=1)  # the current semester
    form = RecapForm(request.GET or {"start": default_start, "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


@require(can_work_on_referrals)
def recap(request):
    form, start, end = _period(request)
    m = request.membership
    context = {"form": form, "jobs": services.recap_jobs_of(m)[:10]}
    if start:
        referrals = services.recap_referrals(m, start, end)
        summary = documents.recap_summary(referrals)
        listing = paginate(request, documents.recap_queryset(referrals))
        shown = list(listing["page_obj"])
        # the page names the students of its rows: a view of each of them (S8, S11)
        audit.record(by=m, action=audit.Action.VIEW, object_type="referrals.recap", object_id=f"{start}..{end}")
        audit.record_for_students(by=m, action=audit.Action.VIEW, object_type="referrals.recap",
                                  object_id=f"{start}..{end}", student_ids=[r.case.student_id for r in shown])
        context.update(
            listing,
            summary=summary,
            rows=[documents.recap_row(referral) for referral in shown],
            scope=services.recap_scope_label(m),
            start=start,
            end=end,
            background=summary["total"] > settings.RECAP_BACKGROUND_FROM,
            period_query=f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        )
    return render(request, "referrals/recap.html", context)


def _recap_file(request, build, extension):
    form, start, end = _period(request)
    if not start:
        messages.error(request, _("Choose a valid period."))
        return redirect("referrals:recap")
    m = request.membership
    referrals = services.recap_referrals(m, start, end)
    period_query = f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}"
    if services.recap_needs_background(referrals):
        messages.info(request, _("This recap holds many referrals: prepare it with its button, it is made in the background."))
        return redirect(f"{reverse('referrals:recap')}?{period_query}")
    extra = {"signed_by": recap_signer(m)} if extension == "pdf" else {}
    content = build(referrals, school=m.school, start=start, end=end, scope=services.recap_scope_label(m), **extra)
    services.recap_audit_export(by=m, referrals=referrals, start=start, end=end)
    filename = f"rekap-atk-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"
    if extension == "pdf":
        return pdf_response(content, filename)
    response = HttpResponse(content, content_type=CONTENT_TYPES[RecapFormat.XLSX])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@require(can_work_on_referrals)
def recap_pdf(request):
    return _recap_file(request, documents.recap_pdf, "pdf")


@require(can_work_on_referrals)
def recap_xlsx(request):
    return _recap_file(request, documents.recap_xlsx, "xlsx")


# The background job -----------------------------------------------------------------------------


def _own_job(request, pk):
    """A recap job is seen only by the membership that asked for it; anyone else gets 404."""
    return get_visible_or_404(request, recap_jobs_visible_to(request.membership),
                              object_type="referrals.recapjob", pk=pk)


@require_POST
@require(can_work_on_referrals)
def recap_job_create(request):
    form = RecapJobForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid period and format."))
        return redirect("referrals:recap")
    data = form.cleaned_data
    try:
        job = services.recap_request(by=request.membership, start=data["start"], end=data["end"], format=data["format"])
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect("referrals:recap")
    return redirect("referrals:recap_job", pk=job.pk)


def _status(job):
    return {
        "status": job.status,
        "label": job.get_status_display(),
        "percent": job.percent,
        "indeterminate": job.indeterminate,
        "done": job.done,
        "total": job.total,
        "finished": job.is_finished,
        "waiting_long": job.waiting_long,
        "stalled": job.stalled,
        "download_url": reverse("referrals:recap_job_download", args=[job.pk]) if job.file else "",
    }


@require_GET
@require(can_work_on_referrals)
def recap_job(request, pk):
    job = _own_job(request, pk)
    context = {"job": job, "state": _status(job), "keep_hours": settings.RECAP_FILE_HOURS}
    return render(request, "referrals/recap_job.html", context)


@require_GET
@require(can_work_on_referrals)
def recap_job_status(request, pk):
    """How far the job has got, for the page's progress bar (polled every second)."""
    return JsonResponse(_status(_own_job(request, pk)))


@require_GET
@require(can_work_on_referrals)
def recap_job_download(request, pk):
    job = _own_job(request, pk)
    try:
        handle = services.recap_download(job=job, by=request.membership)
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect("referrals:recap_job", pk=job.pk)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.format])
    add_never_cache_headers(response)
    return response
