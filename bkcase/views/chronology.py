"""A case's chronology (R12) printed as the Catatan kasus, and a student's chronology across the
cases the user may see. An entry of a case the user cannot see is absent, not hidden."""

from urllib.parse import urlencode

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_http_methods

from .. import audit, chronology
from ..access import cases_visible_to, get_visible_or_404, students_visible_to
from ..documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, pdf_response, render_pdf
from ..forms import PRINT_PREFIX, ChronologyForm
from ..viewhelpers import paginate

CHRONOLOGY_PAGE_SIZE = 20


def chronology_context(request, case_ids):
    """The filter form and one page of the entries of `case_ids`, newest first."""
    form = ChronologyForm(request.GET or None, kinds=chronology.kinds())
    kinds, start, end = form.choice()
    items = chronology.entries(request.membership, case_ids, kinds=kinds, start=start, end=end, newest_first=True)
    return {"chronology_form": form, **paginate(request, items, per_page=CHRONOLOGY_PAGE_SIZE)}


def print_form(request):
    """The case page's form printing the Catatan kasus: empty, or as sent when the print was refused
    (its reason on the field)."""
    sent = any(key.startswith(f"{PRINT_PREFIX}-") for key in request.GET)
    return ChronologyForm(request.GET if sent else None, prefix=PRINT_PREFIX, kinds=chronology.kinds())


@require_http_methods(["GET", "HEAD"])
def student_chronology(request, pk):
    """Every entry of the student's cases that the user may see; audited for the student."""
    m = request.membership
    cases = cases_visible_to(m)
    student = get_visible_or_404(
        request, students_visible_to(m).filter(pk__in=cases.values("student_id")),
        object_type="bkcase.student_chronology", pk=pk,
    )
    audit.record(by=m, action=audit.Action.VIEW, object_type="bkcase.student_chronology", object_id=student.pk,
                 student_id=student.pk)
    student_cases = list(cases.filter(student=student).select_related("counselor__user").order_by("opened_on", "pk"))
    context = {"student": student, "cases": student_cases, **chronology_context(request, [c.pk for c in student_cases])}
    codes = {c.pk: c.code for c in student_cases}
    for entry in context["page_obj"]:
        entry.case_code = codes[entry.case_id]
    return render(request, "bkcase/student_chronology.html", context)


@require_http_methods(["GET", "HEAD"])
def case_chronology_pdf(request, pk):
    """The Catatan kasus: the case's chronology for the counselor's file, the period and the kinds
    chosen, RAHASIA on every page. An export of the case (S8)."""
    case = get_visible_or_404(
        request, cases_visible_to(request.membership).select_related("student", "counselor__user", "school"),
        object_type="bkcase.case", pk=pk,
    )
    form = ChronologyForm(request.GET or None, kinds=chronology.kinds())
    if form.is_bound and not form.is_valid():
        # back to the case's page, its print form filled as it was sent and the reason on the field
        asked = urlencode([(f"{PRINT_PREFIX}-{key}", value) for key, values in request.GET.lists() for value in values])
        return redirect(f"{reverse('case_detail', args=[case.pk])}?{asked}#print-heading")
    kinds, start, end = form.choice()
    with translation.override(DOCUMENT_LANGUAGE):  # the letter speaks Indonesian, whatever the screen
        items = chronology.entries(request.membership, [case.pk], kinds=kinds, start=start, end=end)
        labels = {key: str(label) for key, label in chronology.kinds()}
    today = timezone.localdate()
    context = letter_context(case.school, number="", on=today, subject="Catatan Kasus")
    context.update(
        case=case, student=case.student, entries=items,
        period=" – ".join(filter(None, [indonesian_date(start) or "awal", indonesian_date(end) or "sekarang"])),
        kinds_text=", ".join(labels[key] for key in kinds) if kinds else "semua",
        signer={"title": "Guru BK / Konselor", "name": case.counselor.display_name, "nip": case.counselor.nip},
        footer=f"Catatan Kasus {case.code}",
    )
    pdf = render_pdf("documents/case_chronology.html", context)
    audit.record(by=request.membership, action=audit.Action.EXPORT, obj=case, detail="catatan_kasus")
    return pdf_response(pdf, f"catatan-kasus-{case.code}.pdf")
