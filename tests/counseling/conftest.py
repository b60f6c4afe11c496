import datetime

import pytest
from django.utils import timezone

from counseling import services
from counseling.models import Kind, Sharing


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def record(case, by, kind=Kind.INDIVIDUAL, **fields):
    """An entry recorded through the service, with sensible defaults for its kind."""
    defaults = {
        Kind.INDIVIDUAL: {"problem": "Sering membolos pada jam pertama.", "technique": "Konseling realita",
                          "notes": "Klien mengaku sulit bangun pagi.", "agreements": "Membuat jadwal tidur."},
        Kind.KONSULTASI: {"party": "wali_kelas", "participants": "Bu Suparmi (wali kelas)",
                          "notes": "Kehadiran menurun sejak Oktober.", "agreements": "Wali kelas memantau presensi."},
        Kind.KUNJUNGAN: {"participants": "Rina (Guru BK)", "purpose": "Silaturahmi dan koordinasi."},
        Kind.PANGGILAN: {"place": "Ruang BK", "purpose": "Membicarakan perkembangan belajar putra/putri Bapak/Ibu.",
                         "signer": "konselor", "starts_at": datetime.time(9)},
        Kind.CATATAN: {"notes": "Klien tampak lebih ceria hari ini."},
    }.get(kind, {})
    values = {"held_on": today(), "sharing": Sharing.COUNSELORS, **defaults, **fields}
    return services.service_record(case=case, by=by, kind=kind, **values)


@pytest.fixture
def entry(case, konselor):
    return record(case, konselor)
