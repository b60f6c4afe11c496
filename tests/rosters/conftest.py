import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ..factories import school_year

HEADERS = ["Nama", "NIS", "NISN", "JK", "Tempat Lahir", "Tanggal Lahir", "Rombel", "Nama Ayah", "Nama Ibu",
           "Nama Wali", "Telepon", "Alamat"]


def student_row(n, **overrides):
    row = {"Nama": f"Siswa Nomor {n}", "NIS": f"{26000 + n}", "NISN": f"{90000000 + n:010d}", "JK": "LP"[n % 2],
           "Tempat Lahir": "Semarang", "Tanggal Lahir": "17-05-2010", "Rombel": ["X 1", "X 2", "XI IPA 1"][n % 3],
           "Nama Ayah": f"Ayah {n}", "Nama Ibu": f"Ibu {n}", "Nama Wali": "", "Telepon": "081234567890",
           "Alamat": "Jl. Melati 3"}
    row.update(overrides)
    return row


def csv_bytes(rows, headers=HEADERS, delimiter=","):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([row.get(h, "") for h in headers])
    return buffer.getvalue().encode()


def xlsx_bytes(rows, headers=HEADERS, above=()):
    workbook = Workbook()
    sheet = workbook.active
    for line in above:
        sheet.append(line)
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class Upload(SimpleUploadedFile):
    """A file a browser sends whole every time it is posted (a test may post the same one twice)."""

    def read(self, *args):
        if not args:
            self.seek(0)
        return super().read(*args)


def upload(content, name="siswa.csv"):
    return Upload(name, content)


@pytest.fixture
def year(school):
    return school_year(school, 2026)
