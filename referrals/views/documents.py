"""The ATK documents: the cover letter, the ATK report, and the period recap (PDF and Excel)."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from bkcase import audit
from bkcase.documents import pdf_response
from bkcase.models import Role
from bkcase.viewhelpers import require

from .. import documents, services
from ..access import can_work_on_referrals, referrals_visible_to
from ..forms import RecapForm
from .referrals import load_referral


@require_http_methods(["GET", "HEAD", "POST"])
def _document(request, pk, issue, render_pdf, filename, number_field):
    """POST prints the letter (giving it its number the first time); GET downloads a letter that
    already has its number. A GET never takes a number from the school's sequence (S13)."""
    referral = load_referral(request, pk)
    if request.method != "POST" and not getattr(referral, number_field):
        messages.error(request, _("Print the letter with its button first: that gives it its number."))
        return redirect("referrals:referral_detail", pk=referral.pk)
    try:
        referral = issue(referral=referral, by=request.membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("referrals:referral_detail", pk=referral.pk)
    return pdf_response(render_pdf(referral), f"{filename}-{referral.code}.pdf")


def cover_letter(request, pk):
    return _document(request, pk, services.referral_issue_cover_letter, documents.cover_letter_pdf, "surat-pengantar",
                     "cover_letter_number")


def report(request, pk):
    return _document(request, pk, services.referral_issue_report, documents.report_pdf, "laporan-atk", "report_number")


def _period(request):
    today = timezone.localdate()
    default_start = today.replace(month=1 if today.month < 7 else 7, day=1)  # the current semester
    form = RecapForm(request.GET or {"start": default_start, "end": today})
    if form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, None, None


def _recap_scope(request, start, end):
    """The referrals of the period the user may recap: all of the school's for the coordinator,
    a counselor's own otherwise (S2, S4)."""
    m = request.membership
    referrals = referrals_visible_to(m).filter(created_at__date__gte=start, created_at__date__lte=end)
    # lazy: the page shows it in the user's language, the documents in Indonesian
    scope = gettext_lazy("All counselors") if m.role == Role.KOORDINATOR else m.display_name
    return referrals, scope


@require(can_work_on_referrals)
def recap(request):
    form, start, end = _period(request)
    context = {"form": form}
    if start:
        referrals, scope = _recap_scope(request, start, end)
        summary = documents.recap_summary(referrals)
        audit.record(by=request.membership, action=audit.Action.VIEW, object_type="referrals.recap", object_id=f"{start}..{end}")
        context.update(
            summary=summary, rows=documents.recap_rows(referrals), scope=scope,
            start=start, end=end, query=request.GET.urlencode() or f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}",
        )
    return render(request, "referrals/recap.html", context)


def _recap_file(request, build, content_type, extension):
    form, start, end = _period(request)
    if not start:
        messages.error(request, _("Choose a valid period."))
        return redirect("referrals:recap")
    referrals, scope = _recap_scope(request, start, end)
    m = request.membership
    extra = {"signed_by": m} if extension == "pdf" and m.role == Role.KOORDINATOR else {}
    content = build(referrals, school=m.school, start=start, end=end, scope=scope, **extra)
    audit.record(by=m, action=audit.Action.EXPORT, object_type="referrals.recap", object_id=f"{start}..{end}")
    filename = f"rekap-atk-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"
    if extension == "pdf":
        return pdf_response(content, filename)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    add_never_cache_headers(response)
    return response


@require(can_work_on_referrals)
def recap_pdf(request):
    return _recap_file(request, documents.recap_pdf, "application/pdf", "pdf")


@require(can_work_on_referrals)
def recap_xlsx(request):
    return _recap_file(
        request, documents.recap_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"
    )


