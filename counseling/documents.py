"""The counselor's letters for a case: the home visit notice (surat pemberitahuan kunjungan rumah),
the home visit record (berita acara kunjungan rumah) and the parent summons (surat panggilan orang
tua). Rendered in Indonesian in the school's letter format, RAHASIA on every page."""

from django.utils import translation

from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf

from .models import DocumentKind, Signer

TEMPLATES = {
    DocumentKind.PEMBERITAHUAN: ("documents/counseling_home_visit_notice.html", "Pemberitahuan Kunjungan Rumah"),
    DocumentKind.BERITA_ACARA: ("documents/counseling_home_visit_record.html", "Berita Acara Kunjungan Rumah"),
    DocumentKind.PANGGILAN: ("documents/counseling_parent_summons.html", "Panggilan Orang Tua/Wali Peserta Didik"),
}
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]


def _signer(membership, title):
    return {"title": title, "name": membership.display_name if membership else "",
            "nip": membership.nip if membership else ""}


def _guardian(student):
    if not student.guardian_name:
        return "Orang Tua/Wali"
    return f"Bapak/Ibu {student.guardian_name}"


def _day_and_date(on):
    return f"{DAYS[on.weekday()]}, {indonesian_date(on)}" if on else "-"


def context_for(service, kind, *, number, on):
    case = service.case
    school, student, counselor = case.school, case.student, case.counselor
    template, subject = TEMPLATES[kind]
    context = letter_context(school, number=number, on=on, subject=subject)
    context.update(
        service=service,
        student=student,
        case=case,
        addressee=_guardian(student),
        day_and_date=_day_and_date(service.held_on),
        time_text=service.starts_at.strftime("%H.%M") + " WIB" if service.starts_at else "-",
        signer=_signer(counselor, "Guru BK / Konselor"),
        by_principal=kind == DocumentKind.PANGGILAN and service.signer == Signer.KEPALA,
        footer=f"{subject} · {case.code}",
    )
    return template, context


def render(service, kind, *, number, on):
    """The letter `kind` of the entry, as PDF bytes."""
    with translation.override(DOCUMENT_LANGUAGE):
        template, context = context_for(service, kind, number=number, on=on)
        return render_pdf(template, context)
