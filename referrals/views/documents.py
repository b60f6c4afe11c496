"""The ATK letters: the cover letter (surat pengantar) and the ATK report (Laporan ATK)."""


from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bkcase.documents import pdf_response

from .. import documents, services
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
