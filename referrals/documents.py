"""The ATK documents: the cover letter to the expert (surat pengantar), the ATK report (laporan ATK),
and the coordinator's period recap as PDF and Excel.

The letter and report numbers and dates are given by the service layer before a document is
rendered (`referral_issue_cover_letter`, `referral_issue_report`); this module only reads them.
The recap works on the referrals the caller passes: the caller has already limited them to what
the user may see and to the period.
"""

import datetime
from dataclasses import dataclass
from io import BytesIO

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from bkcase.consent import consent_rows, statement_pdf
from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf
from bkcase.exports import set_text
from bkcase.workflow import FLOW, Stage

from .access import signs_as_counselor
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
RECAP_SUBJECT = "Rekapitulasi Alih Tangan Kasus"
NOT_ASSESSED = _("Not assessed yet")
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
            ("Laporan ahli (rujukan balik) diminta pada", _dates(requests) if requests else "-"),
            *([("Dasar evaluasi", WITHOUT_EXPERT_REPORT)] if requests and not referral.has_expert_report() else []),
        ],
        report_file_attached=bool(referral.expert_report_file),
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


# The period recap -----------------------------------------------------------------------------


@dataclass(frozen=True)
class RecapRow:
    pk: int
    code: str
    created_on: datetime.date
    student_name: str
    class_name: str
    counselor_name: str
    expert_kind: str
    expert_name: str
    stage: str
    effectiveness: str


def _full_name(first, last, username):
    return f"{first or ''} {last or ''}".strip() or username


def recap_queryset(referrals):
    """The referrals with what a recap row shows, oldest first (one query)."""
    return referrals.select_related("case__student", "case__counselor__user", "expert").order_by("created_at", "id")


def recap_row(referral):
    """A referral as a recap row. Labels are lazy (they follow the language)."""
    student, counselor = referral.case.student, referral.case.counselor
    return RecapRow(
        pk=referral.pk,
        code=referral.code,
        created_on=timezone.localtime(referral.created_at).date(),
        student_name=student.full_name,
        class_name=student.class_name,
        counselor_name=counselor.display_name,
        expert_kind=_label(ExpertKind, referral.expert.kind),
        expert_name=str(referral.expert),
        stage=_label(Stage, referral.stage),
        effectiveness=_label(Effectiveness, referral.effectiveness),
    )


def recap_rows(referrals, progress=None):
    """One row per referral, oldest first, in one query. A background job passes `progress`, told of
    every row read (collecting(done, total))."""
    queryset = recap_queryset(referrals)
    if not progress:
        return [recap_row(referral) for referral in queryset]
    total = queryset.count()
    progress.collecting(0, total)
    rows = []
    for referral in queryset.iterator(chunk_size=500):
        rows.append(recap_row(referral))
        progress.collecting(len(rows), total)
    return rows


SUMMARY_TITLES = [
    ("by_stage", _("By stage")),
    ("by_expert_kind", _("By kind of expert")),
    ("by_counselor", _("By counselor")),
    ("by_effectiveness", _("By effectiveness")),
]


def _tally(referrals, field):
    return {row[field]: row["n"] for row in referrals.order_by().values(field).annotate(n=Count("id"))}


def recap_summary(referrals):
    """Counts of the referrals by stage, expert kind, counselor and effectiveness: four aggregate
    queries, whatever the number of referrals. Each count is a list of (label, count); stages,
    kinds and effectiveness list every choice (zeros included), counselors only those present.
    Keys: total, by_stage, by_expert_kind, by_counselor, by_effectiveness, and tables (the four
    with their titles)."""
    by_stage = _tally(referrals, "stage")
    by_kind = _tally(referrals, "expert__kind")
    by_effectiveness = _tally(referrals, "effectiveness")
    counselors = (
        referrals.order_by()
        .values(
            "case__counselor",
            "case__counselor__user__first_name",
            "case__counselor__user__last_name",
            "case__counselor__user__username",
        )
        .annotate(n=Count("id"))
    )
    by_counselor = sorted(
        (
            (
                _full_name(
                    row["case__counselor__user__first_name"],
                    row["case__counselor__user__last_name"],
                    row["case__counselor__user__username"],
                ),
                row["n"],
            )
            for row in counselors
        ),
        key=lambda item: item[0].lower(),
    )
    effectiveness = [(label, by_effectiveness.get(value, 0)) for value, label in Effectiveness.choices]
    effectiveness.append((NOT_ASSESSED, by_effectiveness.get("", 0)))
    summary = {
        "total": sum(by_stage.values()),
        "by_stage": [(stage.label, by_stage.get(stage.value, 0)) for stage in [*FLOW, Stage.DIBATALKAN]],
        "by_expert_kind": [(label, by_kind.get(value, 0)) for value, label in ExpertKind.choices],
        "by_counselor": by_counselor,
        "by_effectiveness": effectiveness,
    }
    # The same counts with their (lazy) titles, for the recap page: [(title, [(label, count), ...]), ...]
    summary["tables"] = [(title, summary[key]) for key, title in SUMMARY_TITLES]
    return summary


SUMMARY_SECTIONS = [
    ("by_stage", "Menurut tahap", "Tahap"),
    ("by_expert_kind", "Menurut jenis ahli", "Jenis ahli"),
    ("by_counselor", "Menurut konselor", "Konselor"),
    ("by_effectiveness", "Menurut keefektifan", "Keefektifan"),
]


def _period_text(start, end):
    return f"{indonesian_date(start)} s.d. {indonesian_date(end)}"


def _recap_signer_title(signed_by):
    """The coordinator signs the recap; a counselor printing their own recap signs as counselor."""
    if signs_as_counselor(signed_by):
        return "Guru BK / Konselor"
    return "Koordinator BK"


def recap_context(referrals, *, school, start, end, scope, signed_by=None, progress=None):
    summary = recap_summary(referrals)
    context = letter_context(school, number="", on=timezone.localdate(), subject=RECAP_SUBJECT)
    context.update(
        start=start,
        end=end,
        period=_period_text(start, end),
        scope=scope,
        summary=summary,
        summary_sections=[
            {"title": title, "heading": heading, "counts": summary[key]} for key, title, heading in SUMMARY_SECTIONS
        ],
        rows=recap_rows(referrals, progress),
        signer=_signer(signed_by, _recap_signer_title(signed_by)),
        footer=f"Rekap ATK {_period_text(start, end)}",
    )
    return context


def recap_pdf(referrals, *, school, start, end, scope, signed_by=None, progress=None):
    """The Rekapitulasi Alih Tangan Kasus of a period: counts, then the list of referrals."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = recap_context(referrals, school=school, start=start, end=end, scope=scope, signed_by=signed_by,
                                progress=progress)
        if progress:
            progress.rendering()
        return render_pdf("documents/referral_recap.html", context)


RECAP_COLUMNS = [
    ("No.", 6),
    ("Kode ATK", 16),
    ("Tanggal dibuat", 14),
    ("Nama siswa", 30),
    ("Kelas", 12),
    ("Konselor", 26),
    ("Jenis ahli", 22),
    ("Nama ahli", 32),
    ("Tahap", 22),
    ("Keefektifan", 18),
]
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
DATE_FORMAT = "DD/MM/YYYY"


def _text(cell, value):
    """Put text in a cell as text: a value such as "=HYPERLINK(...)" must never become a formula (S29)."""
    return set_text(cell, value)


def recap_xlsx(referrals, *, school, start, end, scope, progress=None):
    """The recap as an Excel workbook: sheet "Rekap" (period and counts), sheet "Daftar ATK" (rows)."""
    with translation.override(DOCUMENT_LANGUAGE):
        summary = recap_summary(referrals)
        rows = recap_rows(referrals, progress)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Rekap"
        _text(sheet["A1"], f"{RECAP_SUBJECT.upper()}").font = TITLE
        _text(sheet["A2"], school.name).font = BOLD
        lines = [
            ("Periode", _period_text(start, end)),
            ("Lingkup", scope),
            ("Dibuat pada", indonesian_date(timezone.localdate())),
            ("Jumlah ATK", summary["total"]),
        ]
        row = 4
        for label, value in lines:
            _text(sheet.cell(row=row, column=1), label).font = BOLD
            cell = sheet.cell(row=row, column=2)
            if isinstance(value, int):
                cell.value = value
            else:
                _text(cell, value)
            row += 1
        for key, title, heading in SUMMARY_SECTIONS:
            counts = summary[key]
            row += 1
            _text(sheet.cell(row=row, column=1), title).font = BOLD
            row += 1
            for column, text in ((1, heading), (2, "Jumlah")):
                cell = _text(sheet.cell(row=row, column=column), text)
                cell.font, cell.fill = BOLD, HEADER_FILL
            for label, count in counts:
                row += 1
                _text(sheet.cell(row=row, column=1), label)
                sheet.cell(row=row, column=2, value=count)
            row += 1
            _text(sheet.cell(row=row, column=1), "Jumlah").font = BOLD
            sheet.cell(row=row, column=2, value=sum(count for _label, count in counts)).font = BOLD
        sheet.column_dimensions["A"].width = 42
        sheet.column_dimensions["B"].width = 44

        sheet = workbook.create_sheet("Daftar ATK")
        for column, (heading, width) in enumerate(RECAP_COLUMNS, start=1):
            cell = _text(sheet.cell(row=1, column=column), heading)
            cell.font, cell.fill = BOLD, HEADER_FILL
            cell.alignment = Alignment(vertical="center", wrap_text=True)
            sheet.column_dimensions[get_column_letter(column)].width = width
        for number, item in enumerate(rows, start=1):
            line = number + 1
            sheet.cell(row=line, column=1, value=number)
            _text(sheet.cell(row=line, column=2), item.code)
            date_cell = sheet.cell(row=line, column=3, value=item.created_on)
            date_cell.number_format = DATE_FORMAT
            values = (
                item.student_name,
                item.class_name,
                item.counselor_name,
                item.expert_kind,
                item.expert_name,
                item.stage,
                item.effectiveness,
            )
            for column, value in enumerate(values, start=4):
                _text(sheet.cell(row=line, column=column), value)
            if progress:
                progress.rendering(number, len(rows))
        sheet.freeze_panes = "A2"
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(RECAP_COLUMNS))}{len(rows) + 1}"
        workbook.properties.title = RECAP_SUBJECT
        workbook.properties.creator = school.name
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()


def consent_statement_pdf(referral, who):
    """The statement of consent of the student or the parent for this referral (R11), to sign."""
    expert = referral.expert
    purpose = (f"dialihtangankan (alih tangan kasus) kepada {_destination(expert)}, "
               f"{_label(ExpertKind, expert.kind).lower()}, untuk ditangani sesuai keahliannya, dan bahwa data yang "
               "diperlukan untuk penanganan itu disampaikan kepada ahli tersebut.")
    return statement_pdf(referral, who, purpose=purpose, counselor=referral.case.counselor)
