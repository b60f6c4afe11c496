"""The conference documents (R10): invitation, attendance list, minutes, report; and each
participant's confidentiality statement."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from bkcase.access import get_visible_or_404
from bkcase.documents import pdf_response
from bkcase.exceptions import DomainError

from .. import documents, services
from ..access import can_print_documents
from ..models import DocumentKind
from .common import load_conference, refusal_message

RENDERERS = {
    "undangan": (DocumentKind.UNDANGAN, documents.invitation_pdf),
    "daftar-hadir": (DocumentKind.DAFTAR_HADIR, documents.attendance_pdf),
    "notulen": (DocumentKind.NOTULEN, documents.minutes_pdf),
    "laporan": (DocumentKind.LAPORAN, documents.report_pdf),
}


@require_http_methods(["GET", "HEAD", "POST"])
def conference_document(request, pk, name, participant_pk=None):
    """POST prints (giving the document its number the first time); GET downloads a document that
    already has its number. A GET never takes a number from the school's sequence (S13)."""
    conference = load_conference(request, pk)
    if not can_print_documents(request.membership, conference):
        raise PermissionDenied  # participants read the conference; the school prints its letters
    if name not in RENDERERS or (participant_pk is not None and name != "undangan"):
        raise Http404
    kind, render = RENDERERS[name]
    participant = (
        get_visible_or_404(request, conference.participants, object_type="conferences.participant", pk=participant_pk)
        if participant_pk
        else None
    )
    if request.method != "POST" and not conference.documents.filter(kind=kind).exists():
        messages.error(request, _("Print the document with its button first: that gives it its number."))
        return redirect("conferences:conference_detail", pk=conference.pk)
    try:
        document = services.conference_issue_document(conference=conference, by=request.membership, kind=kind)
    except DomainError as error:
        refusal_message(request, error)
        return redirect("conferences:conference_detail", pk=conference.pk)
    extra = {"participant": participant} if participant else {}
    suffix = f"-{participant.pk}" if participant else ""
    return pdf_response(render(conference, document, **extra), f"{name}-{conference.code}{suffix}.pdf")


@require_GET
def confidentiality_statement(request, pk, participant_pk):
    """A participant's pernyataan menjaga kerahasiaan, to sign on paper. No letter of the school: it
    takes no number, so a GET prints it."""
    conference = load_conference(request, pk)
    if not can_print_documents(request.membership, conference):
        raise PermissionDenied  # participants read the conference; the school prints its documents
    participant = get_visible_or_404(
        request, conference.participants, object_type="conferences.participant", pk=participant_pk
    )
    try:
        services.participant_print_confidentiality_statement(participant=participant, by=request.membership)
    except DomainError as error:
        refusal_message(request, error)
        return redirect("conferences:conference_detail", pk=conference.pk)
    return pdf_response(
        documents.confidentiality_statement_pdf(conference, participant),
        f"pernyataan-kerahasiaan-{conference.code}-{participant.pk}.pdf",
    )
