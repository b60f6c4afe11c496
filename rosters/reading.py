"""Reading a roster file (.xlsx or .csv) into a header row and data rows of text, with the refusals a
person can act on. Nothing here touches the database.

A cell keeps what the school typed: a date cell of Excel becomes a date, a number cell a number (an
NISN or NIS that Excel stored as a number lost its leading zeros: the caller restores them), every
other cell its text. A cell holding a formula is kept as such, to be refused row by row.
"""

import csv
import datetime
import io
import re
import zipfile

from django.utils.translation import gettext as _

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 80
HEADER_SEARCH_ROWS = 12  # Dapodik's export has title lines above its header row


class RosterFileError(Exception):
    """The file as a whole cannot be read: the message says why, in the user's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


class Formula(str):
    """A cell that holds a formula (=SUM(...)) rather than a value."""


def kind_of(name):
    name = (name or "").lower()
    if name.endswith(".xlsx"):
        return "xlsx"
    if name.endswith(".csv"):
        return "csv"
    return ""


def read_rows(content, kind):
    """All rows of the file's first sheet as lists of cells (trailing empty rows dropped)."""
    if not content:
        raise RosterFileError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise RosterFileError(_("The file is larger than 5 MB. Save only the sheet of students and try again."))
    rows = _read_xlsx(content) if kind == "xlsx" else _read_csv(content)
    while rows and not any(_filled(cell) for cell in rows[-1]):
        rows.pop()
    if not rows:
        raise RosterFileError(_("The file holds no rows."))
    return rows


def _filled(cell):
    return cell is not None and str(cell).strip() != ""


def _read_xlsx(content):
    from openpyxl import load_workbook

    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise RosterFileError(_("This file is not an Excel workbook (.xlsx). Save it as .xlsx or .csv and try again."))
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=False):
            if len(rows) >= MAX_ROWS + HEADER_SEARCH_ROWS:
                raise RosterFileError(_("The file has more than %(max)s rows.") % {"max": f"{MAX_ROWS:,}"})
            rows.append([_xlsx_value(cell) for cell in row[:MAX_COLUMNS]])
        workbook.close()
    except RosterFileError:
        raise
    except Exception as error:  # noqa: BLE001 - any broken workbook is one refusal for the user
        raise RosterFileError(
            _("This Excel file cannot be read (it may be damaged or protected). Save it again as .xlsx or .csv.")
        ) from error
    return rows


def _xlsx_value(cell):
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
        return Formula(str(value))
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def _read_csv(content):
    if b"\x00" in content[:65536]:
        raise RosterFileError(_("This file is not a CSV text file. Save the sheet as .csv or .xlsx and try again."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise RosterFileError(_("This file is not a CSV text file. Save the sheet as .csv or .xlsx and try again."))
    if re.search(r"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]", text[:65536]):
        raise RosterFileError(_("This file is not a CSV text file. Save the sheet as .csv or .xlsx and try again."))
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            if len(rows) >= MAX_ROWS + HEADER_SEARCH_ROWS:
                raise RosterFileError(_("The file has more than %(max)s rows.") % {"max": f"{MAX_ROWS:,}"})
            rows.append([Formula(cell) if cell.startswith("=") else cell for cell in row[:MAX_COLUMNS]])
    except csv.Error as error:
        raise RosterFileError(_("This CSV file cannot be read: %(reason)s.") % {"reason": str(error)[:100]}) from error
    return rows
