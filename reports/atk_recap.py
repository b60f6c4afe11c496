"""The ATK recap (Rekapitulasi Alih Tangan Kasus): the referrals started in a period, counted by
stage, kind of expert, counselor and effectiveness, and listed; on the page, as PDF in the letter
format and as Excel. The coordinator's recap holds the whole school's referrals, a counselor's
their own (S2, S4); a large one is made by the background worker (reports/jobs.py)."""

import datetime
from dataclasses import dataclass
from io import BytesIO

from django.db.models import Count
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter

from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf
from bkcase.exports import BOLD, DATE_FORMAT, TITLE, set_heading, set_text
from bkcase.workflow import FLOW, Stage
from referrals.access import can_work_on_referrals, referrals_visible_to
from referrals.models import Effectiveness, ExpertKind

from .access import recap_signer, recaps_all_counselors, signs_as_counselor
from .documents import signer
from .forms import PeriodForm
from .jobs import Built, JobKind

RECAP_SUBJECT = "Rekapitulasi Alih Tangan Kasus"
AUDIT_TYPE = "referrals.recap"  # the object type of the recap's audit rows, as the access log has always shown it
NOT_ASSESSED = _("Not assessed yet")


def label_of(choices, value):
    """The label of `value` among `choices`, or the value itself when it is none of them."""
    """The (lazy) label of a choice value; "" for blank, the raw value for an unknown one."""
    if not value:
        return ""
    try:
        return choices(value).label
    except ValueError:
        return value


def _full_name(first, last, username):
    return f"{first or ''} {last or ''}".strip() or username


# What the recap holds ---------------------------------------------------------------------------


def recap_referrals(by, start, end):
    """The referrals started in the period that `by` may recap: all of the school's for the
    coordinator, a counselor's own otherwise (S2, S4)."""
    return referrals_visible_to(by).filter(created_at__date__gte=start, created_at__date__lte=end)


def recap_scope_label(by):
    """Whose referrals the recap holds, as its heading says. Lazy: the page shows it in the user's
    language, the documents in Indonesian."""
    return _("All counselors") if recaps_all_counselors(by) else by.display_name


def recap_filename(start, end, extension):
    return f"rekap-atk-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


@dataclass(frozen=True)
class RecapRow:
    pk: int
    student_id: int  # not shown: for the audit rows of the file
    code: str
    created_on: datetime.date
    student_name: str
    class_name: str
    counselor_name: str
    expert_kind: str
    expert_name: str
    stage: str
    effectiveness: str


def recap_queryset(referrals):
    """The referrals with what a recap row shows, oldest first (one query)."""
    return referrals.select_related("case__student", "case__counselor__user", "expert").order_by("created_at", "id")


def recap_row(referral):
    """A referral as a recap row. Labels are lazy (they follow the language)."""
    student, counselor = referral.case.student, referral.case.counselor
    return RecapRow(
        pk=referral.pk,
        student_id=student.pk,
        code=referral.code,
        created_on=timezone.localtime(referral.created_at).date(),
        student_name=student.full_name,
        class_name=student.class_name,
        counselor_name=counselor.display_name,
        expert_kind=label_of(ExpertKind, referral.expert.kind),
        expert_name=str(referral.expert),
        stage=label_of(Stage, referral.stage),
        effectiveness=label_of(Effectiveness, referral.effectiveness),
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


# The documents ----------------------------------------------------------------------------------

SUMMARY_SECTIONS = [
    ("by_stage", "Menurut tahap", "Tahap"),
    ("by_expert_kind", "Menurut jenis ahli", "Jenis ahli"),
    ("by_counselor", "Menurut konselor", "Konselor"),
    ("by_effectiveness", "Menurut keefektifan", "Keefektifan"),
]


def period_text(start, end):
    return f"{indonesian_date(start)} s.d. {indonesian_date(end)}"


def recap_signer_title(signed_by):
    """The coordinator signs the recap; a counselor printing their own recap signs as counselor."""
    if signs_as_counselor(signed_by):
        return "Guru BK / Konselor"
    return "Koordinator BK"


def recap_context(referrals, *, school, start, end, scope, signed_by=None, progress=None, rows=None):
    summary = recap_summary(referrals)
    context = letter_context(school, number="", on=timezone.localdate(), subject=RECAP_SUBJECT)
    context.update(
        start=start,
        end=end,
        period=period_text(start, end),
        scope=scope,
        summary=summary,
        summary_sections=[
            {"title": title, "heading": heading, "counts": summary[key]} for key, title, heading in SUMMARY_SECTIONS
        ],
        rows=recap_rows(referrals, progress) if rows is None else rows,
        signer=signer(signed_by, recap_signer_title(signed_by)),
        footer=f"Rekap ATK {period_text(start, end)}",
    )
    return context


def recap_pdf(referrals, *, school, start, end, scope, signed_by=None, progress=None, rows=None):
    """The Rekapitulasi Alih Tangan Kasus of a period: counts, then the list of referrals (`rows`, when
    the caller already read them)."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = recap_context(referrals, school=school, start=start, end=end, scope=scope, signed_by=signed_by,
                                progress=progress, rows=rows)
        if progress:
            progress.rendering()
        return render_pdf("reports/atk_recap_document.html", context)


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
def summary_sheet(sheet, *, subject, school, lines, sections, summary):
    """A workbook's first sheet: the title, the school, `lines` of (label, value) and one table of
    counts per section (key, title, heading) of `summary`. Numbers stay numbers."""
    set_text(sheet["A1"], subject.upper()).font = TITLE
    set_text(sheet["A2"], school.name).font = BOLD
    row = 4
    for label, value in lines:
        set_text(sheet.cell(row=row, column=1), label).font = BOLD
        cell = sheet.cell(row=row, column=2)
        if isinstance(value, int):
            cell.value = value
        else:
            set_text(cell, value)
        row += 1
    for key, title, heading in sections:
        counts = summary[key]
        row += 1
        set_text(sheet.cell(row=row, column=1), title).font = BOLD
        row += 1
        for column, text in ((1, heading), (2, "Jumlah")):
            set_heading(sheet.cell(row=row, column=column), text)
        for label, count in counts:
            row += 1
            set_text(sheet.cell(row=row, column=1), label)
            sheet.cell(row=row, column=2, value=count)
        row += 1
        set_text(sheet.cell(row=row, column=1), "Jumlah").font = BOLD
        sheet.cell(row=row, column=2, value=sum(count for _label, count in counts)).font = BOLD
    sheet.column_dimensions["A"].width = 42
    sheet.column_dimensions["B"].width = 44


def list_sheet_header(sheet, columns):
    for column, (heading, width) in enumerate(columns, start=1):
        cell = set_heading(sheet.cell(row=1, column=column), heading)
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "A2"


def recap_xlsx(referrals, *, school, start, end, scope, progress=None, rows=None):
    """The recap as an Excel workbook: sheet "Rekap" (period and counts), sheet "Daftar ATK" (rows)."""
    with translation.override(DOCUMENT_LANGUAGE):
        summary = recap_summary(referrals)
        rows = recap_rows(referrals, progress) if rows is None else rows
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Rekap"
        summary_sheet(sheet, subject=RECAP_SUBJECT, school=school, sections=SUMMARY_SECTIONS, summary=summary, lines=[
            ("Periode", period_text(start, end)),
            ("Lingkup", scope),
            ("Dibuat pada", indonesian_date(timezone.localdate())),
            ("Jumlah ATK", summary["total"]),
        ])
        sheet = workbook.create_sheet("Daftar ATK")
        list_sheet_header(sheet, RECAP_COLUMNS)
        for number, item in enumerate(rows, start=1):
            line = number + 1
            sheet.cell(row=line, column=1, value=number)
            set_text(sheet.cell(row=line, column=2), item.code)
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
                set_text(sheet.cell(row=line, column=column), value)
            if progress:
                progress.rendering(number, len(rows))
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(RECAP_COLUMNS))}{len(rows) + 1}"
        workbook.properties.title = RECAP_SUBJECT
        workbook.properties.creator = school.name
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()


def recap_file(*, by, start, end, format, progress=None):
    """The recap of `by` for the period as `format` ("pdf" or "xlsx"): its bytes, its name and the
    students of the rows it was made of (for the audit rows of its download)."""
    referrals = recap_referrals(by, start, end)
    rows = recap_rows(referrals, progress)
    common = {"school": by.school, "start": start, "end": end, "scope": recap_scope_label(by), "progress": progress,
              "rows": rows}
    if format == "pdf":
        content = recap_pdf(referrals, signed_by=recap_signer(by), **common)
    else:
        content = recap_xlsx(referrals, **common)
    return Built(content=content, filename=recap_filename(start, end, format),
                 student_ids=[row.student_id for row in rows])


# Made in the background -------------------------------------------------------------------------


def _build(*, by, params, format, progress):
    return recap_file(by=by, start=params["start"], end=params["end"], format=format, progress=progress)


JOB = JobKind(
    name="atk_recap",
    title=_("ATK recap"),
    form=PeriodForm,
    may_request=can_work_on_referrals,
    build=_build,
    page_url_name="reports:atk_recap",
    audit_type=AUDIT_TYPE,
    describe=lambda params: _("%(start)s to %(end)s") % {"start": date_format(params["start"]),
                                                         "end": date_format(params["end"])},
)
