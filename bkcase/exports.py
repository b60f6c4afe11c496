"""Cells of exported files (CSV and Excel) that a spreadsheet can never run as a formula (S29).

A spreadsheet treats a cell whose text starts with = + - @ (or a tab or carriage return before one
of them) as a formula: a name typed as ``=HYPERLINK("http://...")`` would become a live link, or
worse, when the coordinator opens an export. Every writer of an export puts its values through
this module: text that starts with one of those characters is written as text; numbers and dates
stay what they are.
"""

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import content_disposition_header
from openpyxl.styles import Font, PatternFill

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# Excel workbooks: their content type and the styles every workbook of the application uses
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
DATE_FORMAT = "DD/MM/YYYY"


def xlsx_response(content, filename):
    """An HTTP response carrying a workbook as an attachment named `filename`; never cached."""
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    add_never_cache_headers(response)
    return response


def starts_like_formula(value):
    """True for text a spreadsheet could read as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def safe_cell(value):
    """A value for a CSV cell: text that starts like a formula gets a leading apostrophe, which
    spreadsheets read as "this is text" (OWASP's advice for CSV); anything else is unchanged."""
    if starts_like_formula(value):
        return f"'{value}"
    return value


def safe_row(values):
    """A CSV row of safe cells."""
    return [safe_cell(value) for value in values]


def set_text(cell, value):
    """Put `value` in an openpyxl cell as text (None stays empty).

    The cell holds the text as typed (no apostrophe is added to what the reader sees): it is stored
    as a string, never as a formula, and text that starts like a formula also gets Excel's "quote
    prefix", so editing the cell in Excel later keeps it text. Returns the cell, for styling.
    """
    cell.value = None if value is None else str(value)
    if starts_like_formula(cell.value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def set_heading(cell, value):
    """A column heading of a workbook's table: text (set_text), bold on grey. Returns the cell."""
    set_text(cell, value)
    cell.font, cell.fill = BOLD, HEADER_FILL
    return cell
