"""The roster's columns: what each is called in the common exports (Dapodik, a school's own
spreadsheet), and reading each cell into a student's field with a plain Indonesian complaint when it
cannot be read."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bkcase.models import parse_class_name

from .reading import Formula


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    names: tuple  # header names as exports write them, normalised (lower case, letters and digits)
    required: bool = False


def normalise(header):
    return re.sub(r"[^a-z0-9]", "", str(header or "").lower())


COLUMNS = [
    Column("full_name", gettext_lazy("Name"), ("nama", "namalengkap", "namasiswa", "namapesertadidik", "name"), True),
    Column("nis", gettext_lazy("NIS"), ("nis", "nipd", "noinduk", "nomorinduk", "nomorinduksiswa", "noindukSiswa".lower())),
    Column("nisn", gettext_lazy("NISN"), ("nisn",)),
    Column("sex", gettext_lazy("Sex (L/P)"), ("jk", "jeniskelamin", "lp", "kelamin", "gender", "sex"), True),
    Column("place_of_birth", gettext_lazy("Place of birth"), ("tempatlahir", "tmplahir", "tempatlhr", "tmptlahir")),
    Column("date_of_birth", gettext_lazy("Date of birth"), ("tanggallahir", "tgllahir", "tanggallhr", "tgllhr",
                                                             "tanggalkelahiran")),
    Column("class_name", gettext_lazy("Class (rombel)"), ("rombel", "kelas", "rombelsaatini", "rombonganbelajar",
                                                           "kelassaatini", "namarombel"), True),
    Column("father_name", gettext_lazy("Father's name"), ("namaayah", "ayah", "namaayahkandung")),
    Column("mother_name", gettext_lazy("Mother's name"), ("namaibu", "ibu", "namaibukandung")),
    Column("guardian_name", gettext_lazy("Guardian's name"), ("namawali", "wali", "namaorangtuawali",
                                                               "namaorangtua", "orangtuawali")),
    Column("guardian_phone", gettext_lazy("Phone"), ("telepon", "telp", "notelp", "notelepon", "nomortelepon", "hp",
                                                      "nohp", "nomorhp", "teleponorangtua", "hporangtua")),
    Column("address", gettext_lazy("Address"), ("alamat", "alamatjalan", "alamatrumah", "alamatlengkap")),
]
BY_KEY = {column.key: column for column in COLUMNS}
REQUIRED = [column.key for column in COLUMNS if column.required]
TEMPLATE_HEADERS = ["Nama", "NIS", "NISN", "JK", "Tempat Lahir", "Tanggal Lahir", "Rombel", "Nama Ayah", "Nama Ibu",
                    "Nama Wali", "Telepon", "Alamat"]


def match_headers(header_row):
    """{column key: index in the row} for every column whose header the row names."""
    found = {}
    for index, header in enumerate(header_row):
        name = normalise(header)
        for column in COLUMNS:
            if column.key not in found and name in column.names:
                found[column.key] = index
                break
    # NIS: Dapodik calls the school's number NIPD; a file with both keeps NIS
    return found


def find_header_row(rows):
    """(index of the header row, its matches): the row among the first ones that names most columns."""
    from .reading import HEADER_SEARCH_ROWS

    best, best_matches = 0, {}
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        matches = match_headers(row)
        if len(matches) > len(best_matches):
            best, best_matches = index, matches
    return best, best_matches


# Reading one cell ----------------------------------------------------------------------------------

MONTHS = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10, "november": 11, "nov": 11,
    "nopember": 11, "desember": 12, "des": 12, "dec": 12, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10, "december": 12, "january": 1, "february": 2, "march": 3,
}


class CellError(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text(value, limit):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    value = re.sub(r"\s+", " ", str(value)).strip()
    if len(value) > limit:
        raise CellError(_("Too long: at most %(max)s characters.") % {"max": limit})
    return value


def number(value, digits_exact=None, limit=20, what=""):
    """An identity number (NIS, NISN). Excel keeps such a number as a number and drops its leading
    zeros: a numeric cell is padded back to the number's length."""
    if value is None or str(value).strip() == "":
        return ""
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if numeric:
        if isinstance(value, float) and not value.is_integer():
            raise CellError(_("%(what)s must be digits only; the cell holds %(value)s.") % {"what": what, "value": value})
        value = str(int(value))
        if digits_exact and len(value) < digits_exact:
            value = value.zfill(digits_exact)
    value = str(value).strip().replace(" ", "")
    if value.startswith("'"):
        value = value[1:]
    if not value.isdigit() or not value.isascii():
        raise CellError(_("%(what)s must be digits only; the cell holds “%(value)s”.") % {"what": what,
                                                                                            "value": value[:30]})
    if digits_exact and len(value) != digits_exact:
        raise CellError(_("%(what)s must have %(n)s digits; this one has %(m)s.") % {
            "what": what, "n": digits_exact, "m": len(value)})
    if len(value) > limit:
        raise CellError(_("%(what)s is too long: at most %(n)s digits.") % {"what": what, "n": limit})
    return value


def sex(value):
    word = normalise(value)
    if word in ("l", "lk", "lakilaki", "laki", "pria", "male", "m"):
        return "L"
    if word in ("p", "pr", "perempuan", "wanita", "female", "f"):
        return "P"
    if not word:
        raise CellError(_("Empty: write L or P."))
    raise CellError(_("“%(value)s” is not a sex: write L (laki-laki) or P (perempuan).") % {"value": str(value)[:30]})


def date(value):
    if value is None or str(value).strip() == "":
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        found = value
    elif isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 80_000:
        # a date Excel keeps as its serial number (a date cell formatted as a number)
        found = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(value))
    else:
        found = _parse_date(str(value).strip())
        if found is None:
            raise CellError(_("Unknown date format “%(value)s”: write it as 17-05-2009, 17/05/2009, 2009-05-17 or "
                              "17 Mei 2009.") % {"value": str(value)[:30]})
    if found > timezone.localdate():
        raise CellError(_("The date of birth %(date)s is in the future.") % {"date": found.strftime("%d-%m-%Y")})
    if found.year < 1900:
        raise CellError(_("The date %(date)s is too early.") % {"date": found.strftime("%d-%m-%Y")})
    return found


def _parse_date(value):
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    if match:
        year, month, day = map(int, match.groups())
        return _date_or_none(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", value)
    if match:
        day, month, year = map(int, match.groups())
        return _date_or_none(year, month, day)
    match = re.fullmatch(r"(\d{1,2})[\s-]+([A-Za-z]+)[\s-]+(\d{4})", value)
    if match and match.group(2).lower() in MONTHS:
        return _date_or_none(int(match.group(3)), MONTHS[match.group(2).lower()], int(match.group(1)))
    return None


def _date_or_none(year, month, day):
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def class_name(value):
    written = text(value, 40)
    if not written:
        raise CellError(_("Empty: write the class (rombel), e.g. XI IPA 2."))
    try:
        return parse_class_name(written)
    except ValueError:
        raise CellError(_("“%(value)s” is not a class (rombel) we recognise: write it like X 1, XI IPA 2 or VII A.")
                        % {"value": written[:30]}) from None


def read_cell(key, value):
    """The field value of one cell, or CellError."""
    if isinstance(value, Formula):
        raise CellError(_("The cell holds a formula (%(formula)s): type the value itself.") % {"formula": value[:30]})
    if key == "full_name":
        name = text(value, 150)
        if not name:
            raise CellError(_("Empty: every student needs a name."))
        return name
    if key == "nis":
        return number(value, limit=20, what="NIS")
    if key == "nisn":
        return number(value, digits_exact=10, what="NISN")
    if key == "sex":
        return sex(value)
    if key == "date_of_birth":
        return date(value)
    if key == "class_name":
        return class_name(value)
    if key == "place_of_birth":
        return text(value, 100)
    if key == "guardian_phone":
        return text(value, 40)
    if key == "address":
        return text(value, 300)
    return text(value, 150)  # names of parents and guardian
