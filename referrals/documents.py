"""The ATK documents: the cover letter to the expert (surat pengantar) and the ATK report (laporan
ATK). The period recap of referrals is a report (reports/atk_recap.py).

The letter and report numbers and dates are given by the service layer before a document is
rendered (`referral_issue_cover_letter`, `referral_issue_report`); this module only reads them.
"""


from django.utils import translation

from bkcase.consent import consent_rows, statement_pdf
from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf
from bkcase.workflow import Stage

from .models import (
    ContactChannel,
    ContactResponse,
    CounselingFunction,
    Effectiveness,
    ExpertKind,
    FollowUp,
    MissedAction,
    Referral,
)

COVER_LETTER_SUBJECT = "Alih Tangan Kasus (Surat Pengantar)"
REPORT_SUBJECT = "Laporan Alih Tangan Kasus"
YES, NO = "Ya", "Tidak"
ANONYMOUS_CONTACT = "Anonim: sebelum persetujuan klien, nama klien tidak disebutkan."
MISSED_ACTIONS = {
    MissedAction.HUBUNGI_ULANG: "klien dan ahli dihubungi ulang untuk janji baru",
    MissedAction.BATAL: "alih tangan kasus dibatalkan",
}
WITHOUT_EXPERT_REPORT = (
    "Laporan ahli belum kembali setelah diminta; evaluasi didasarkan pada keterangan klien dan "
    "pengamatan konselor."
)


# Small helpers ---------------------------------------------------------------------------------


def _label(choices, value):
    """The (lazy) label of a choice value; "" for blank, the raw value for an unknown one."""
    if not value:
        return ""
    try:
        return choices(value).label
    except ValueError:
        return value


def _join(items):
    """["a", "b", "c"] -> "a, b, dan c" (Indonesian enumeration)."""
    items = [str(item) for item in items if item]
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} dan {items[1]}"
    return f"{', '.join(items[:-1])}, dan {items[-1]}"


def _d(value):
    return indonesian_date(value) or "-"


def _yes_no(value):
    return YES if value else NO


def _or_dash(value):
    value = str(value or "").strip()
    return value or "-"


def _counselor(referral):
    return referral.case.counselor


def _signer(membership, title):
    return {
        "title": title,
        "name": membership.display_name if membership else "",
        "nip": membership.nip if membership else "",
    }


def _birth(student):
    parts = [student.place_of_birth.strip(), indonesian_date(student.date_of_birth)]
    return ", ".join(part for part in parts if part) or "-"


def _guardian(student):
    if not student.guardian_name:
        return "-"
    return (
        f"{student.guardian_name} ({student.guardian_relation})" if student.guardian_relation else student.guardian_name
    )


def _functions(referral):
    return [_label(CounselingFunction, value) for value in referral.functions or []]


def _client_identity(student, *, full):
    rows = [
        ("Nama", student.full_name),
        ("Jenis kelamin", student.get_sex_display() or "-"),
        ("Tempat, tanggal lahir", _birth(student)),
        ("Kelas", student.class_name),
        ("NIS / NISN", f"{student.nis} / {student.nisn}" if student.nisn else student.nis),
        ("Orang tua / wali", _guardian(student)),
    ]
    if full:
        rows += [
            ("Telepon orang tua / wali", _or_dash(student.guardian_phone)),
            ("Wali kelas", _or_dash(student.homeroom_teacher)),
            ("Alamat", _or_dash(student.address)),
        ]
    return rows


def _expert_lines(expert):
    """How the letter addresses the destination: a person by name, an institution through its head."""
    if expert.is_institution:
        return [f"Pimpinan {expert}", expert.institution]
    return [str(expert), expert.institution]


def _destination(expert):
    """The destination as the report names it: "name (institution)", or "name (lembaga)"."""
    if expert.is_institution:
        return f"{expert} (lembaga)"
    return f"{expert} ({expert.institution})" if expert.institution else str(expert)


def _dates(values):
    return ", ".join(_d(value) for value in values)


def _referral_queryset():
    return Referral.objects.select_related("school", "case__student", "case__counselor__user", "expert")


# The cover letter (surat pengantar) -----------------------------------------------------------


def cover_letter_context(referral):
    referral = _referral_queryset().get(pk=referral.pk)
    school, expert, student = referral.school, referral.expert, referral.case.student
    counselor = _counselor(referral)
    context = letter_context(
        school, number=referral.cover_letter_number, on=referral.cover_letter_on, subject=COVER_LETTER_SUBJECT
    )
    contact_ways = []
    if counselor.phone:
        contact_ways.append(f"telepon/WhatsApp {counselor.phone}")
    if school.phone:
        contact_ways.append(f"telepon sekolah {school.phone}")
    if school.email:
        contact_ways.append(f"email {school.email}")
    context.update(
        referral=referral,
        expert=expert,
        expert_lines=[line for line in _expert_lines(expert) if line],
        expert_place=expert.address or school.city,
        student=student,
        identity=_client_identity(student, full=False),
        functions=_join(str(label).lower() for label in _functions(referral)),
        lampiran="1 (satu) berkas" if referral.materials.strip() else "-",
        counselor=counselor,
        contact_ways=_join(contact_ways),
        signer=_signer(counselor, "Guru BK / Konselor"),
        signer_opening="Hormat kami,",
        footer=f"Surat Pengantar ATK {referral.code}",
    )
    return context


def cover_letter_pdf(referral):
    """The surat pengantar to the expert, as PDF bytes."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = cover_letter_context(referral)
        return render_pdf("documents/referral_cover_letter.html", context)


# The ATK report (laporan ATK) -----------------------------------------------------------------


def report_context(referral):
    referral = _referral_queryset().get(pk=referral.pk)
    school, expert, student = referral.school, referral.expert, referral.case.student
    case = referral.case
    counselor = _counselor(referral)
    context = letter_context(school, number=referral.report_number, on=referral.report_on, subject=REPORT_SUBJECT)
    considerations = []
    if referral.outside_authority:
        considerations.append("Masalah klien berada di luar kewenangan konselor.")
    if referral.close_relationship:
        considerations.append("Hubungan konselor dengan klien sudah cukup dekat.")
    contacts = [
        {
            "on": contact.contacted_on,
            "channel": _label(ContactChannel, contact.channel),
            "response": _label(ContactResponse, contact.response),
            # R4: a contact before the client's consent named no client, and the report says so
            "note": " ".join(part for part in (ANONYMOUS_CONTACT if contact.anonymous else "", contact.note) if part),
            "anonymous": contact.anonymous,
            "by": contact.by.display_name,
        }
        for contact in referral.contacts.select_related("by__user").order_by("contacted_on", "id")
    ]
    missed = [
        f"{_d(item.missed_on)}: {MISSED_ACTIONS.get(item.action, item.action)}" + (f" ({item.note})" if item.note else "")
        for item in referral.missed_appointments.order_by("missed_on", "id")
    ]
    requests = list(referral.report_requests.order_by("requested_on", "id").values_list("requested_on", flat=True))
    history = [
        {
            "at": change.at,
            "from": _label(Stage, change.from_stage),
            "to": _label(Stage, change.to_stage),
            "by": change.by.display_name,
            "note": change.note,
        }
        for change in referral.stage_changes.select_related("by__user").order_by("at", "id")
    ]
    follow_ups = list(referral.follow_ups.select_related("expert").order_by("created_at", "id"))
    context.update(
        referral=referral,
        case=case,
        expert=expert,
        student=student,
        counselor=counselor,
        summary_rows=[
            ("Kode ATK", referral.code),
            ("Kode kasus", f"{case.code} ({case.get_category_display()})"),
            ("Konselor", counselor.display_name),
            ("Ahli tujuan", _destination(expert)),
            ("Jenis ahli", _label(ExpertKind, expert.kind)),
            ("Melanjutkan ATK", referral.previous.code if referral.previous_id else "-"),
            ("Tahap saat dicetak", _label(Stage, referral.stage)),
        ],
        identity=_client_identity(student, full=True),
        planning_rows=[
            ("Fungsi layanan", _join(_functions(referral)) or "-"),
            ("Pertimbangan", " ".join(considerations) or "-"),
            *consent_rows(referral),
            # kemandirian: the client decides among the alternatives put before them
            ("Alternatif yang ditawarkan kepada klien", _or_dash(referral.alternatives_offered)),
            ("Pilihan klien", _or_dash(referral.client_choice)),
        ],
        contacts=contacts,
        execution_rows=[
            ("Rencana disampaikan kepada", _or_dash(referral.plan_communicated_to)),
            ("Rencana disampaikan pada", _d(referral.plan_communicated_on)),
            ("Penyerahan (alih tangan)", _d(referral.handover_on)),
            ("Klien bertemu ahli pada", _d(referral.client_met_expert_on)),
            *([("Klien tidak hadir ke ahli", "; ".join(missed))] if missed else []),
        ],
        evaluation_rows=[
            ("Laporan ahli (pindaian)", "Ada, tersimpan pada berkas ATK" if referral.expert_report_file else "Tidak ada"),
            ("Laporan ahli (rujukan balik) diminta pada", _dates(requests) if requests else "-"),
            *([("Dasar evaluasi", WITHOUT_EXPERT_REPORT)] if requests and not referral.has_expert_report() else []),
        ],
        analysis_rows=[("Keefektifan", _label(Effectiveness, referral.effectiveness) or "-")],
        follow_up_rows=[("Keputusan tindak lanjut", _label(FollowUp, referral.follow_up) or "-")],
        follow_ups=[
            {"code": follow_up.code, "expert": str(follow_up.expert), "kind": _label(ExpertKind, follow_up.expert.kind)}
            for follow_up in follow_ups
        ],
        # what is known when the report is printed (and kept with its number): its recipient; the
        # dates of delivery and filing come after and stay on the referral's page
        reporting_rows=[("Laporan disampaikan kepada", _or_dash(referral.report_delivered_to))],
        history=history,
        signer=_signer(counselor, "Guru BK / Konselor"),
        footer=f"Laporan ATK {referral.code}",
    )
    return context


def report_pdf(referral):
    """The Laporan Alih Tangan Kasus, every stage of the referral and its history, as PDF bytes."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = report_context(referral)
        return render_pdf("documents/referral_report.html", context)


def consent_statement_pdf(referral, who):
    """The statement of consent of the student or the parent for this referral (R11), to sign."""
    expert = referral.expert
    purpose = (f"dialihtangankan (alih tangan kasus) kepada {_destination(expert)}, "
               f"{_label(ExpertKind, expert.kind).lower()}, untuk ditangani sesuai keahliannya, dan bahwa data yang "
               "diperlukan untuk penanganan itu disampaikan kepada ahli tersebut.")
    return statement_pdf(referral, who, purpose=purpose, counselor=referral.case.counselor)
