"""The demo cases' history (R12): sessions, a consultation with the homeroom teacher, a home visit
with its berita acara, a parent summons, notes, a group session, and what is planned this week, so
that the chronology of `konselor`'s cases shows every kind and the home page has an agenda."""

import datetime

from django.utils import timezone

from bkcase.models import Case

from . import services
from .models import Kind, Party, Service, Sharing, Signer

TECHNIQUES = ["Konseling realita (WDEP)", "Konseling behavioral: kontrak perilaku", "Konseling berpusat pada klien",
              "SFBC: pertanyaan keajaiban", "Restrukturisasi kognitif"]
NOTES = [
    "Klien bercerita lebih terbuka dibanding pertemuan sebelumnya; mengaku sulit tidur karena memikirkan masalahnya.",
    "Klien mulai bisa menyebutkan hal yang dapat ia kendalikan sendiri; kontrak perilaku disepakati untuk dua minggu.",
    "Klien melaporkan kemajuan kecil: lebih sering hadir tepat waktu dan berbicara dengan wali kelas.",
    "Klien tampak lelah; disepakati latihan relaksasi napas sebelum tidur dan catatan harian perasaan.",
]


def _at(hour):
    return datetime.time(hour, 0)


def load(demo):
    school, members = demo["school"], demo["members"]
    if Service.objects.filter(school=school, origin="").exists():  # (referrals and conferences plan some too)
        return
    today = timezone.localdate()
    cases = list(Case.objects.filter(school=school, closed_on__isnull=True).select_related("student", "counselor")
                 .order_by("opened_on", "pk"))
    seen = {}
    for index, case in enumerate(cases):
        by = case.counselor
        position = seen[by.pk] = seen.get(by.pk, -1) + 1  # the case's place in its counselor's caseload
        opened, student = case.opened_on, case.student
        span = max((today - opened).days, 3)
        # the first meeting the day the case was opened, then sessions every few days, written up
        for n, offset in enumerate(sorted({0, span // 3, (2 * span) // 3})):
            services.service_record(
                case=case, by=by, kind=Kind.INDIVIDUAL, held_on=opened + datetime.timedelta(days=offset),
                starts_at=_at(9 + n), sharing=Sharing.COUNSELORS if n else Sharing.COORDINATOR,
                problem=case.title, technique=TECHNIQUES[(index + n) % len(TECHNIQUES)],
                notes=NOTES[(index + n) % len(NOTES)],
                agreements="Klien mencoba langkah yang disepakati dan menceritakannya pada pertemuan berikut.",
            )
        services.service_record(
            case=case, by=by, kind=Kind.KONSULTASI, held_on=opened + datetime.timedelta(days=max(span // 2, 1)),
            party=Party.WALI_KELAS, participants=f"{student.homeroom_teacher} (wali kelas {student.class_name})",
            sharing=Sharing.COORDINATOR, problem="Kehadiran dan sikap klien di kelas.",
            notes="Wali kelas melihat klien lebih pendiam dan beberapa kali tidak mengumpulkan tugas.",
            agreements="Wali kelas memantau kehadiran dan memberi kabar kepada guru BK setiap Jumat.",
        )
        if position < 2:
            visit_day = opened + datetime.timedelta(days=max(span - 2, 1))
            services.service_record(
                case=case, by=by, kind=Kind.KUNJUNGAN, held_on=visit_day, starts_at=_at(15),
                participants=f"{by.display_name} (Guru BK)", purpose="Silaturahmi dan koordinasi pendampingan belajar.",
                met_with=f"{student.guardian_name} ({student.guardian_relation.lower() or 'orang tua'})",
                notes="Rumah sederhana dan bersih; klien tinggal bersama ibu dan dua adik. Ayah bekerja di luar kota "
                      "dan pulang sebulan sekali. Klien belajar di ruang tamu tanpa meja belajar.",
                agreements="Orang tua menyediakan waktu belajar tanpa gawai pukul 19.00–21.00 dan menghubungi guru BK "
                           "bila ada perubahan.",
            )
            services.service_record(
                case=case, by=by, kind=Kind.PANGGILAN, held_on=opened + datetime.timedelta(days=1), starts_at=_at(10),
                place="Ruang BK", signer=Signer.KONSELOR, attended=True,
                purpose="Membicarakan perkembangan belajar dan kehadiran putra/putri Bapak/Ibu di sekolah.",
                notes="Orang tua hadir dan bersedia bekerja sama.",
                agreements="Orang tua mendampingi jadwal belajar di rumah.",
            )
        if position in (2, 3):  # planned this week: a home visit and a summons
            services.service_record(
                case=case, by=by, kind=Kind.KUNJUNGAN, held_on=today + datetime.timedelta(days=1 + position % 2),
                starts_at=_at(15), participants=f"{by.display_name} (Guru BK)",
                purpose="Silaturahmi dan koordinasi pendampingan belajar.",
            )
            services.service_record(
                case=case, by=by, kind=Kind.PANGGILAN, held_on=today + datetime.timedelta(days=2), starts_at=_at(9),
                place="Ruang BK", signer=Signer.KEPALA,
                purpose="Membicarakan perkembangan belajar putra/putri Bapak/Ibu.",
            )
        services.service_record(case=case, by=by, kind=Kind.CATATAN, held_on=opened + datetime.timedelta(days=2),
                                notes="Klien datang sendiri ke ruang BK saat istirahat untuk bercerita singkat.")
    # a group session of konselor's: two members with a case of hers, and others by name
    own = [case for case in cases if case.counselor_id == members["konselor"].pk][:3]
    if len(own) >= 2:
        services.service_record(
            case=own[0], by=members["konselor"], kind=Kind.KELOMPOK, held_on=today - datetime.timedelta(days=2),
            starts_at=_at(11), topic="Mengelola stres menjelang ujian", technique="Diskusi kelompok dan relaksasi",
            group_note="Anggota berbagi cara belajar dan berlatih relaksasi napas bersama.",
            other_members="Dimas (X-2), Laras (X-3)", problem=own[0].title,
            notes="Klien aktif berbagi dan memberi saran kepada anggota lain.", member_cases=own[1:],
        )
    # the sessions of these days, numbered after the history: one held yesterday and not written up
    # yet (the home page asks for its notes), and one planned this week (the first case's today)
    seen = {}
    for index, case in enumerate(cases):
        by = case.counselor
        position = seen[by.pk] = seen.get(by.pk, -1) + 1
        if index % 3 == 0:
            services.service_record(case=case, by=by, kind=Kind.INDIVIDUAL, held_on=today - datetime.timedelta(days=1),
                                    starts_at=_at(13), problem=case.title)
        services.service_record(case=case, by=by, kind=Kind.INDIVIDUAL,
                                held_on=today + datetime.timedelta(days=position % 4), starts_at=_at(8 + index % 6),
                                problem=case.title, technique=TECHNIQUES[index % len(TECHNIQUES)])
