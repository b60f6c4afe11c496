"""The entries of a case's chronology that the counselor records: sessions, consultations, home
visits, parent summons, notes. Every entry URL answers 404 to whoever may not see the entry (another
counselor, the principal, the operator; the coordinator for an entry not shared with them), and the
denial is audited."""

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from bkcase import audit
from bkcase.access import get_visible_or_404
from bkcase.documents import pdf_response
from bkcase.exceptions import DomainError
from bkcase.viewhelpers import refusal_text, run_service

from .. import services
from ..access import cases_served_by, services_editable_by, services_visible_to
from ..forms import ServiceForm, member_case_choices
from ..models import DocumentKind, Kind

FILENAMES = {
    DocumentKind.PEMBERITAHUAN: "pemberitahuan-kunjungan-rumah",
    DocumentKind.BERITA_ACARA: "berita-acara-kunjungan-rumah",
    DocumentKind.PANGGILAN: "surat-panggilan-orang-tua",
}


def _served_case(request, case_pk):
    return get_visible_or_404(
        request, cases_served_by(request.membership).select_related("student"), object_type="bkcase.case", pk=case_pk
    )


def load_service(request, pk, *, editable=False, audit_view=False):
    m = request.membership
    queryset = services_editable_by(m) if editable else services_visible_to(m)
    return get_visible_or_404(
        request, queryset.select_related("case__student", "case__counselor__user", "created_by__user", "group"),
        object_type="counseling.service", pk=pk, audit_view=audit_view,
    )


@require_http_methods(["GET", "POST"])
def service_create(request, case_pk, kind):
    case = _served_case(request, case_pk)
    if kind not in Kind.values:
        raise Http404
    m = request.membership
    members = member_case_choices(cases_served_by(m), case) if kind == Kind.KELOMPOK else None
    initial = {"held_on": request.GET.get("on") or timezone.localdate(), "sharing": "konselor"}
    form = ServiceForm(request.POST or None, request.FILES or None, kind=kind, member_cases=members, initial=initial)
    if request.method == "POST" and form.is_valid():
        service = run_service(
            request, form, lambda: services.service_record(case=case, by=m, kind=kind, **form.service_fields())
        )
        if service:
            messages.success(request, _("%(entry)s recorded.") % {"entry": service.title()})
            return redirect("counseling:service_detail", pk=service.pk)
    audit.record(by=m, action=audit.Action.VIEW, obj=case)
    return render(request, "counseling/service_form.html",
                  {"form": form, "case": case, "kind_label": Kind(kind).label, "service": None})


def service_detail(request, pk):
    service = load_service(request, pk, audit_view=True)
    m = request.membership
    context = {
        "service": service,
        "case": service.case,
        "can_edit": services_editable_by(m).filter(pk=service.pk).exists(),
        "corrections": service.corrections.select_related("by__user"),
        "printed": {d.kind: d for d in service.documents.only("kind", "number", "issued_on", "service_id")},
        "group_size": service.group.services.count() if service.group_id else 0,
    }
    return render(request, "counseling/service_detail.html", context)


@require_http_methods(["GET", "POST"])
def service_edit(request, pk):
    service = load_service(request, pk, editable=True, audit_view=request.method == "GET")
    m = request.membership
    form = ServiceForm(request.POST or None, request.FILES or None, instance=service, kind=service.kind)
    if request.method == "POST" and form.is_valid():
        data = form.service_fields()
        version = form.cleaned_data["version"]
        saved = run_service(request, form, lambda: services.service_correct(service=service, by=m, version=version,
                                                                            **data))
        if saved:
            messages.success(request, _("%(entry)s saved.") % {"entry": saved.title()})
            return redirect("counseling:service_detail", pk=saved.pk)
    return render(request, "counseling/service_form.html",
                  {"form": form, "case": service.case, "kind_label": service.get_kind_display(), "service": service})


@require_POST
def service_follow_up(request, pk):
    """Plan the next session from this entry, in one step."""
    service = load_service(request, pk, editable=True)
    try:
        planned = services.service_plan_follow_up(service=service, by=request.membership)
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect("counseling:service_detail", pk=service.pk)
    messages.success(request, _("Follow-up session planned for %(on)s.") % {"on": planned.held_on.strftime("%d-%m-%Y")})
    return redirect("counseling:service_detail", pk=planned.pk)


def service_attachment(request, pk):
    """The entry's attachment: only through this access check, always as an attachment (S22)."""
    service = load_service(request, pk)
    if not service.attachment:
        raise Http404
    audit.record(by=request.membership, action=audit.Action.EXPORT, obj=service, detail="attachment")
    extension = service.attachment.name.rsplit(".", 1)[-1].lower()
    content_type = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg"}.get(
        extension, "application/octet-stream")
    response = FileResponse(service.attachment.open("rb"), as_attachment=True,
                            filename=f"lampiran-{service.case.code}-{service.pk}.{extension}", content_type=content_type)
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def service_document(request, pk, kind):
    """POST prints the letter (its number and content are given once); GET downloads a letter already
    printed: the very PDF printed with it. A GET never takes a number (S13)."""
    service = load_service(request, pk, editable=True)
    if kind not in service.document_kinds():
        raise Http404
    if request.method != "POST" and not service.documents.filter(kind=kind).exists():
        messages.error(request, _("Print the letter with its button first: that gives it its number."))
        return redirect("counseling:service_detail", pk=service.pk)
    try:
        pdf = services.service_issue_document(service=service, by=request.membership, kind=kind)
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect("counseling:service_detail", pk=service.pk)
    return pdf_response(pdf, f"{FILENAMES[kind]}-{service.case.code}.pdf")
