"""The period report as a letter (PDF, WeasyPrint) and as an Excel workbook (openpyxl).

The PDF is in the school's letter format (bkcase/documents.py): letterhead, number, place and
date, "Mengetahui, Kepala Sekolah" and the signer. Its number is left to be filled in by hand, as
the ATK recap's: a download is a GET, which never takes a number from the school's counter. The
charts are the very SVG drawings of the page (reports/charts.py). The workbook has a summary sheet
and one sheet per table, its counts as numbers ("< 5" of the de-identified figures as text).
Both are always in Indonesian, as every document of the school.
"""

import re
from io import BytesIO

from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from bkcase.documents import DOCUMENT_LANGUAGE, indonesian_date, letter_context, render_pdf
from bkcase.exports import BOLD, TITLE, set_heading, set_text

from . import charts
from .figures import SECTIONS, all_tables

SUBJECT = "Laporan Pelaksanaan Layanan Bimbingan dan Konseling"
DEIDENTIFIED_SUBJECT = "Data Layanan Bimbingan dan Konseling (tanpa identitas)"
DEIDENTIFIED_NOTE = ("Angka tanpa identitas: jumlah 1 sampai 4 ditulis \"< 5\", jumlah lainnya (termasuk total) "
                     "dibulatkan ke kelipatan 5 terdekat, agar tidak ada siswa yang dapat dikenali.")


def signer(membership, title):
    """Who signs a report (the letter's signature block): name and NIP of `membership`, or blank
    lines to be written by hand."""
    return {
        "title": title,
        "name": membership.display_name if membership else "",
        "nip": membership.nip if membership else "",
    }


def pdf_context(sections, *, school, period, scope, signed_by, as_counselor, deidentified):
    tables = charts.draw(all_tables(sections))
    subject = DEIDENTIFIED_SUBJECT if deidentified else SUBJECT
    context = letter_context(school, number="", on=timezone.localdate(), subject=subject)
    context.update(
        period=period,
        period_text=f"{indonesian_date(period.start)} s.d. {indonesian_date(period.end)}",
        scope=scope,
        sections=[{"title": label, "tables": [t for t in tables if t in sections.get(key, [])]}
                  for key, label in SECTIONS if sections.get(key)],
        deidentified=deidentified,
        deidentified_note=DEIDENTIFIED_NOTE if deidentified else "",
        signer=signer(signed_by, "Guru BK / Konselor" if as_counselor else "Koordinator BK"),
        footer=f"Laporan BK {period.label}",
    )
    return context


def period_pdf(sections, *, school, period, scope, signed_by=None, as_counselor=False, deidentified=False):
    """The report (or the de-identified figures) as a PDF letter."""
    with translation.override(DOCUMENT_LANGUAGE):
        context = pdf_context(sections, school=school, period=period, scope=str(scope), signed_by=signed_by,
                              as_counselor=as_counselor, deidentified=deidentified)
        return render_pdf("documents/report_period.html", context)


def _sheet_title(title, taken):
    """An Excel sheet name: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = re.sub(r"[\[\]:*?/\\]", " ", str(title)).strip()[:31] or "Tabel"
    candidate, n = name, 2
    while candidate in taken:
        suffix = f" ({n})"
        candidate, n = name[:31 - len(suffix)] + suffix, n + 1
    taken.add(candidate)
    return candidate


def _cell(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
    else:
        set_text(cell, "" if value is None else value)
    return cell


def period_xlsx(sections, *, school, period, scope, deidentified=False):
    """The report as a workbook: "Ringkasan" (what, when, whose), then one sheet per table."""
    with translation.override(DOCUMENT_LANGUAGE):
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Ringkasan"
        subject = DEIDENTIFIED_SUBJECT if deidentified else SUBJECT
        set_text(sheet["A1"], subject.upper()).font = TITLE
        set_text(sheet["A2"], school.name).font = BOLD
        lines = [("Periode", f"{period.label} ({indonesian_date(period.start)} s.d. {indonesian_date(period.end)})"),
                 ("Tahun ajaran", period.year.name if period.year is not None else "-"),
                 ("Lingkup", str(scope)), ("Dibuat pada", indonesian_date(timezone.localdate()))]
        if deidentified:
            lines.append(("Catatan", DEIDENTIFIED_NOTE))
        for number, (label, value) in enumerate(lines, start=4):
            set_text(sheet.cell(row=number, column=1), label).font = BOLD
            set_text(sheet.cell(row=number, column=2), value)
        sheet.column_dimensions["A"].width = 18
        sheet.column_dimensions["B"].width = 80
        taken = {"Ringkasan"}
        for table in all_tables(sections):
            sheet = workbook.create_sheet(_sheet_title(table.title, taken))
            set_text(sheet["A1"], table.title).font = BOLD
            headings = [table.heading, *[column.label for column in table.columns]]
            for column, heading in enumerate(headings, start=1):
                set_heading(sheet.cell(row=3, column=column), heading)
                sheet.column_dimensions[get_column_letter(column)].width = 46 if column == 1 else 16
            line = 3
            for row in [*table.rows, *([table.total] if table.total is not None else [])]:
                line += 1
                _cell(sheet, line, 1, row.label)
                for column, value in enumerate(row.cells, start=2):
                    _cell(sheet, line, column, value)
                if row is table.total:
                    for column in range(1, len(headings) + 1):
                        sheet.cell(row=line, column=column).font = BOLD
            if table.note:
                set_text(sheet.cell(row=line + 2, column=1), table.note)
            sheet.freeze_panes = "B4"
        workbook.properties.title = subject
        workbook.properties.creator = school.name
        output = BytesIO()
        workbook.save(output)
        return output.getvalue()
