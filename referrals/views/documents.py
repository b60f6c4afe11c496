"""The ATK letters: the cover letter (surat pengantar) and the ATK report (Laporan ATK)."""


from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from bkcase.documents import pdf_response
from bkcase.exceptions import DomainError

from .. import services
from .referrals import load_referral


@require_http_methods(["GET", "HEAD", "POST"])
def _document(request, pk, issue, filename, number_field, **given):
    """POST prints the letter (giving it its number and keeping its content the first time); GET
    downloads a letter that already has its number: the very PDF printed with it. A GET never takes
    a number from the school's sequence (S13)."""
    referral = load_referral(request, pk)
    if request.method != "POST" and not getattr(referral, number_field):
        messages.error(request, _("Print the letter with its button first: that gives it its number."))
        return redirect("referrals:referral_detail", pk=referral.pk)
    try:
        referral, pdf = issue(referral=referral, by=request.membership, **given)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("referrals:referral_detail", pk=referral.pk)
    return pdf_response(pdf, f"{filename}-{referral.code}.pdf")


def cover_letter(request, pk):
    return _document(request, pk, services.referral_issue_cover_letter, "surat-pengantar", "cover_letter_number")


def report(request, pk):
    # the first print asks to whom the report is delivered: it is printed on it
    return _document(request, pk, services.referral_issue_report, "laporan-atk", "report_number",
                     recipient=request.POST.get("recipient", ""))
