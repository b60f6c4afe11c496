"""The report files made in the background (reports/jobs.py): asking for one, its page with the
progress bar, the status the page polls, and the download. A job is its requester's alone: anyone
else gets 404 (audited)."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from bkcase.access import get_visible_or_404
from bkcase.exceptions import DomainError, NotAllowed
from bkcase.exports import XLSX_CONTENT_TYPE
from bkcase.viewhelpers import refusal_text, require

from .. import jobs
from ..access import can_open_reports

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": XLSX_CONTENT_TYPE,
}


def _own_job(request, pk):
    """A report job is seen only by the membership that asked for it, in the role it asked in, while
    it may still ask for that report; anyone else gets 404 (audited)."""
    return get_visible_or_404(request, jobs.jobs_visible_to(request.membership),
                              object_type="reports.reportjob", pk=pk)


def _page_url(kind, params):
    if kind is None:
        return reverse("reports:index")
    query = urlencode({name: params[name] for name in kind.form.base_fields if params.get(name)})
    return f"{reverse(kind.page_url_name)}?{query}" if query else reverse(kind.page_url_name)


@require_POST
@require(can_open_reports)
def job_create(request):
    kind = jobs.kind_named(request.POST.get("kind", ""))
    back = _page_url(kind, {name: request.POST.get(name, "") for name in (kind.form.base_fields if kind else ())})
    try:
        job = jobs.job_request(by=request.membership, kind=request.POST.get("kind", ""),
                               format=request.POST.get("format", ""), data=request.POST)
    except NotAllowed as error:
        messages.error(request, refusal_text(error))
        return redirect(back)
    except DomainError as error:  # the choices are not valid
        choose = _("Choose a valid period and format.")
        messages.error(request, f"{choose} {refusal_text(error)}")
        return redirect(back)
    return redirect("reports:job", pk=job.pk)


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
        "download_url": reverse("reports:job_download", args=[job.pk]) if job.file else "",
    }


@require_GET
@require(can_open_reports)
def job(request, pk):
    job = _own_job(request, pk)
    kind = jobs.kind_named(job.kind)
    context = {
        "job": job,
        "state": _status(job),
        "keep_hours": settings.RECAP_FILE_HOURS,
        "title": jobs.job_title(job),
        "description": jobs.job_description(job),
        "report_url": _page_url(kind, job.params),
    }
    return render(request, "reports/job.html", context)


@require_GET
@require(can_open_reports)
def job_status(request, pk):
    """How far the job has got, for the page's progress bar (polled every second)."""
    return JsonResponse(_status(_own_job(request, pk)))


@require_GET
@require(can_open_reports)
def job_download(request, pk):
    job = _own_job(request, pk)
    try:
        handle = jobs.job_download(job=job, by=request.membership)
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect("reports:job", pk=job.pk)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=job.filename, content_type=CONTENT_TYPES[job.format])
    add_never_cache_headers(response)
    return response
