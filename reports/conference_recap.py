"""The conference recap (Rekapitulasi Konferensi Kasus): the case conferences of a period, by their
codes (never the student's name, R5): date, stage, the principal's approval, attendance, whether
it succeeded by the seed's measure (meaningful additional data and every participant present
committed) and its action items done and overdue; on the page, as PDF in the letter format (its
number left blank, as every report's: reports/documents.py) and as Excel. The coordinator's recap holds the school's conferences, a
counselor's their own (reports/access.py); what was said in them is in none of it (R9)."""

import datetime
from collections import Counter
from dataclasses import dataclass
from io import BytesIO

from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf
from bkcase.exceptions import refuses_in_the_domain
from bkcase.exports import set_text
from bkcase.workflow import FLOW, Stage
from conferences.models import ActionStatus, Approval

from .access import can_recap_conferences, conferences_recapped_for, recap_signer, recaps_all_counselors
from .atk_recap import DATE_FORMAT, label_of, list_sheet_header, period_text, recap_signer_title, signer, summary_sheet
from .forms import PeriodForm
from .jobs import Built, JobKind

SUBJECT = "Rekapitulasi Konferensi Kasus"
AUDIT_TYPE = "conferences.recap"
YES, NO = _("Yes"), _("No")
NOT_EVALUATED = _("Not evaluated yet")




# What the recap holds ---------------------------------------------------------------------------


def recap_conferences(by, start, end):
    """The conferences of the period that `by` may recap: those held (dated) in it, and those
    without a date yet that were proposed in it."""
    return conferences_recapped_for(by).in_period(start, end)  # conferences/models.py ConferenceQuerySet


def recap_scope_label(by):
    return _("All counselors") if recaps_all_counselors(by) else by.display_name


def counted(conferences, today=None):
    """The conferences with their counts, in date order (undated last): one query, whatever their
    number."""
    today = today or timezone.localdate()
    return (
        conferences.select_related("case")
        .with_outcome()  # present, present_uncommitted, succeeded: the one measure (conferences/models.py)
        .annotate(
            invited=Count("participants", distinct=True),
            actions=Count("action_items", distinct=True),
            actions_done=Count("action_items", filter=Q(action_items__status=ActionStatus.DONE), distinct=True),
            actions_overdue=Count("action_items", distinct=True, filter=Q(
                action_items__status=ActionStatus.OPEN, action_items__due_on__lt=today)),
        )
        .order_by("held_on", "created_at", "id")
    )


@dataclass(frozen=True)
class RecapRow:
    pk: int
    code: str
    case_code: str
    student_id: int  # not shown: for the audit rows of the page
    held_on: datetime.date | None
    stage_value: str
    approval_value: str
    invited: int
    present: int
    succeeded: bool | None  # None: not evaluated yet
    actions: int
    actions_done: int
    actions_overdue: int

    @property
    def stage(self):
        return label_of(Stage, self.stage_value)

    @property
    def approval(self):
        return label_of(Approval, self.approval_value)

    @property
    def held(self):
        """It left planning and was not cancelled (conferences/models.py HELD)."""
        return self.stage_value not in (Stage.PERENCANAAN, Stage.DIBATALKAN)

    @property
    def success_label(self):
        if self.succeeded is None:
            return NOT_EVALUATED
        return YES if self.succeeded else NO


def recap_row(conference):
    """A counted conference as a recap row. Success is the seed's measure, as
    Conference.succeeded() says it; before the evaluation records the data gained, it is not known."""
    held = conference.stage not in (Stage.PERENCANAAN, Stage.DIBATALKAN)  # conferences/models.py HELD
    succeeded = conference.successful if held else None  # only a held conference is evaluated
    return RecapRow(
        pk=conference.pk, code=conference.code, case_code=conference.case.code, student_id=conference.case.student_id, held_on=conference.held_on,
        stage_value=conference.stage, approval_value=conference.approval,
        invited=conference.invited, present=conference.present, succeeded=succeeded,
        actions=conference.actions, actions_done=conference.actions_done, actions_overdue=conference.actions_overdue,
    )


def recap_rows(conferences, progress=None):
    queryset = counted(conferences)
    if not progress:
        return [recap_row(conference) for conference in queryset]
    total = queryset.count()
    progress.collecting(0, total)
    rows = []
    for conference in queryset.iterator(chunk_size=500):
        rows.append(recap_row(conference))
        progress.collecting(len(rows), total)
    return rows


SUMMARY_TITLES = [
    ("by_stage", _("By stage")),
    ("by_approval", _("By the principal's approval")),
    ("outcome", _("Held and successful")),
    ("actions", _("Action items")),
]


def recap_summary(rows):
    """The counts of the recap, from its rows (lists of (label, count), zeros included)."""
    stages = Counter(row.stage_value for row in rows)
    approvals = Counter(row.approval_value for row in rows)
    summary = {
        "total": len(rows),
        "by_stage": [(stage.label, stages[stage.value]) for stage in [*FLOW, Stage.DIBATALKAN]],
        "by_approval": [(label, approvals[value]) for value, label in Approval.choices],
        "outcome": [
            (_("Held (left planning, not cancelled)"), sum(1 for row in rows if row.held)),
            (_("Evaluated"), sum(1 for row in rows if row.succeeded is not None)),
            (_("Successful"), sum(1 for row in rows if row.succeeded)),
        ],
        "actions": [
            (_("Action items"), sum(row.actions for row in rows)),
            (_("Done"), sum(row.actions_done for row in rows)),
            (_("Overdue"), sum(row.actions_overdue for row in rows)),
        ],
    }
    summary["tables"] = [(title, summary[key]) for key, title in SUMMARY_TITLES]
    return summary


@refuses_in_the_domain
def recap_filename(start, end, extension):
    return f"rekap-konferensi-{start:%Y%m%d}-{end:%Y%m%d}.{extension}"


# The documents ----------------------------------------------------------------------------------

SUMMARY_SECTIONS = [
    ("by_stage", "Menurut tahap", "Tahap"),
    ("by_approval", "Menurut persetujuan kepala sekolah", "Persetujuan"),
    ("outcome", "Pelaksanaan dan keberhasilan", "Konferensi"),
    ("actions", "Tindak lanjut", "Butir tindak lanjut"),
]


def recap_pdf(conferences, *, school, start, end, scope, signed_by=None, progress=None, rows=None):
    """The Rekapitulasi Konferensi Kasus of a period: counts, then the list of conferences by code
    (`rows`, when the caller already read them)."""
    with translation.override(DOCUMENT_LANGUAGE):
        rows = recap_rows(conferences, progress) if rows is None else rows
        summary = recap_summary(rows)
        context = letter_context(school, number="", on=timezone.localdate(), subject=SUBJECT)
        context.update(
            period=period_text(start, end), scope=scope, summary=summary, rows=rows,
            summary_sections=[{"title": title, "heading": heading, "counts": summary[key]}
                              for key, title, heading in SUMMARY_SECTIONS],
            signer=signer(signed_by, recap_signer_title(signed_by)),
            footer=f"Rekap Konferensi Kasus {period_text(start, end)}",
        )
        if progress:
            progress.rendering()
        return render_pdf("reports/conference_recap_document.html", context)


RECAP_COLUMNS = [
    ("No.", 6),
    ("Kode konferensi", 18),
    ("Kode kasus", 16),
    ("Tanggal", 14),
    ("Tahap", 22),
    ("Persetujuan kepala sekolah", 26),
    ("Diundang", 10),
    ("Hadir", 10),
    ("Berhasil", 16),
    ("Tindak lanjut", 12),
    ("Selesai", 10),
    ("Terlambat", 10),
]


def recap_xlsx(conferences, *, school, start, end, scope, progress=None, rows=None):
    """The recap as an Excel workbook: sheet "Rekap" (period and counts), sheet "Daftar Konferensi"."""
    with translation.override(DOCUMENT_LANGUAGE):
        rows = recap_rows(conferences, progress) if rows is None else rows
        summary = recap_summary(rows)
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Rekap"
        summary_sheet(sheet, subject=SUBJECT, school=school, sections=SUMMARY_SECTIONS, summary=summary, lines=[
            ("Periode", period_text(start, end)),
            ("Lingkup", str(scope)),
            ("Dibuat pada", indonesian_date(timezone.localdate())),
            ("Jumlah konferensi kasus", summary["total"]),
        ])
        sheet = workbook.create_sheet("Daftar Konferensi")
        list_sheet_header(sheet, RECAP_COLUMNS)
        for number, item in enumerate(rows, start=1):
            line = number + 1
            sheet.cell(row=line, column=1, value=number)
            set_text(sheet.cell(row=line, column=2), item.code)
            set_text(sheet.cell(row=line, column=3), item.case_code)
            if item.held_on:
                sheet.cell(row=line, column=4, value=item.held_on).number_format = DATE_FORMAT
            set_text(sheet.cell(row=line, column=5), str(item.stage))
            set_text(sheet.cell(row=line, column=6), str(item.approval))
            sheet.cell(row=line, column=7, value=item.invited)
            sheet.cell(row=line, column=8, value=item.present)
            set_text(sheet.cell(row=line, column=9), str(item.success_label))
            sheet.cell(row=line, column=10, value=item.actions)
            sheet.cell(row=line, column=11, value=item.actions_done)
            sheet.cell(row=line, column=12, value=item.actions_overdue)
            if progress:
                progress.rendering(number, len(rows))
        if rows:
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(RECAP_COLUMNS))}{len(rows) + 1}"
        workbook.properties.title = SUBJECT
        workbook.properties.creator = school.name
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()


def recap_file(*, by, start, end, format, progress=None):
    """The recap of `by` for the period as `format`: its bytes, its name and the students of the rows
    it was made of (for the audit rows of its download). Its letter number is left blank
    (reports/documents.py): making a file, directly or in the background, changes nothing."""
    conferences = recap_conferences(by, start, end)
    rows = recap_rows(conferences, progress)
    common = {"school": by.school, "start": start, "end": end, "scope": recap_scope_label(by), "progress": progress,
              "rows": rows}
    if format == "pdf":
        content = recap_pdf(conferences, signed_by=recap_signer(by), **common)
    else:
        content = recap_xlsx(conferences, **common)
    return Built(content=content, filename=recap_filename(start, end, format),
                 student_ids=[row.student_id for row in rows])


def _build(*, by, params, format, progress):
    return recap_file(by=by, start=params["start"], end=params["end"], format=format, progress=progress)


JOB = JobKind(
    name="conference_recap",
    title=_("Conference recap"),
    form=PeriodForm,
    may_request=can_recap_conferences,
    build=_build,
    page_url_name="reports:conference_recap",
    audit_type=AUDIT_TYPE,
    describe=lambda params: _("%(start)s to %(end)s") % {"start": date_format(params["start"]),
                                                         "end": date_format(params["end"])},
)
