"""The demo school: staff for every role, about thirty students, cases and an expert directory.

Loaded by `manage.py seed_demo` (which `make run` calls). Loading twice changes nothing. Each app
adds its own part in its `demo.py` (a `load(demo)` function), so the core names no app.
"""

import datetime
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import services
from .models import Case, Category, Membership, Role, School, Student, StudentPart

DEMO_PASSWORD = "rahasia-demo-2026"

SCHOOL = {
    "npsn": "20512345",
    "name": "SMA Negeri 7 Harapan Bangsa",
    "authority": "PEMERINTAH PROVINSI DAERAH ISTIMEWA YOGYAKARTA\nDINAS PENDIDIKAN, PEMUDA, DAN OLAHRAGA",
    "address": "Jl. Kaliurang Km 5 No. 17",
    "city": "Yogyakarta",
    "province": "Daerah Istimewa Yogyakarta",
    "postal_code": "55281",
    "phone": "(0274) 512345",
    "email": "info@sman7hb.sch.id",
    "website": "sman7hb.sch.id",
    "principal_name": "Dr. Hj. Sri Wahyuni, M.Pd.",
    "principal_nip": "196805121993032004",
}

# username, first name, last name, role, NIP, position
STAFF = [
    ("konselor", "Rina", "Kartikasari, S.Pd.", Role.KONSELOR, "198703152010012011", "Guru BK kelas X"),
    ("konselor2", "Budi", "Santoso, M.Pd.", Role.KONSELOR, "198211022009011007", "Guru BK kelas XI"),
    ("koordinator", "Dewi", "Lestari, M.Pd., Kons.", Role.KOORDINATOR, "197904202005012014", "Koordinator BK"),
    ("kepala", "Sri", "Wahyuni", Role.KEPALA, "196805121993032004", "Kepala Sekolah"),
    ("peserta", "Agus", "Prasetyo", Role.PESERTA, "", "Orang tua siswa"),
    ("operator", "Wawan", "Setiawan", Role.OPERATOR, "", "Operator sekolah"),
    ("walikelas", "Suparmi", "S.Pd.", Role.GURU, "", "Wali kelas X-1"),
]
# where the demo's cases came from, in turn (R15)
SOURCES = ["sendiri", "wali_kelas", "konselor", "orang_tua", "guru_mapel", "instrumen", "kepala"]

STUDENT_NAMES = [
    ("Aditya Pratama", "L"),
    ("Ayu Lestari", "P"),
    ("Bagus Wicaksono", "L"),
    ("Citra Dewi Anggraini", "P"),
    ("Dimas Saputra", "L"),
    ("Eka Putri Rahmawati", "P"),
    ("Fajar Nugroho", "L"),
    ("Fitri Handayani", "P"),
    ("Galih Permana", "L"),
    ("Hana Safitri", "P"),
    ("Ilham Maulana", "L"),
    ("Indah Permatasari", "P"),
    ("Joko Susilo", "L"),
    ("Kartika Sari", "P"),
    ("Lukman Hakim", "L"),
    ("Maya Anggraeni", "P"),
    ("Nanda Firmansyah", "L"),
    ("Nur Aisyah", "P"),
    ("Oki Setiawan", "L"),
    ("Putri Ramadhani", "P"),
    ("Rizky Hidayat", "L"),
    ("Salsabila Zahra", "P"),
    ("Teguh Wibowo", "L"),
    ("Tiara Maharani", "P"),
    ("Umar Faruq", "L"),
    ("Vina Oktaviani", "P"),
    ("Wahyu Kurniawan", "L"),
    ("Yuliana Pertiwi", "P"),
    ("Yusuf Ardiansyah", "L"),
    ("Zaskia Amelia", "P"),
]
CLASSES = ["X-1", "X-2", "XI IPA 1", "XI IPS 2", "XII IPA 3"]
HOMEROOM = {
    "X-1": "Suparmi, S.Pd.",
    "X-2": "Heru Cahyono, S.Pd.",
    "XI IPA 1": "Ani Rahayu, S.Si.",
    "XI IPS 2": "Bambang Sutrisno, S.Pd.",
    "XII IPA 3": "Endah Purwanti, M.Pd.",
}

# (counselor username, student index, category, title, description, days ago opened)
CASES = [
    (
        "konselor",
        0,
        Category.BELAJAR,
        "Nilai turun drastis di semester ini",
        "Nilai matematika dan fisika turun dari rata-rata 82 menjadi 61. Siswa sering terlambat.",
        40,
    ),
    (
        "konselor",
        1,
        Category.PENYAKIT_MENTAL,
        "Gejala depresi berkepanjangan",
        "Siswa menarik diri, sering menangis di kelas, mengaku sulit tidur selama dua bulan.",
        30,
    ),
    (
        "konselor",
        2,
        Category.SOSIAL,
        "Konflik dengan teman sekelas",
        "Terlibat pertengkaran berulang dengan kelompok teman sekelas.",
        21,
    ),
    (
        "konselor",
        3,
        Category.PENYAKIT_FISIK,
        "Sering pingsan saat upacara",
        "Tiga kali pingsan dalam sebulan; orang tua belum memeriksakan ke dokter.",
        14,
    ),
    (
        "konselor",
        4,
        Category.KRIMINALITAS,
        "Dugaan pencurian di lingkungan sekolah",
        "Siswa diduga terlibat pencurian telepon genggam di luar sekolah; keluarga melapor ke polsek.",
        12,
    ),
    (
        "konselor",
        5,
        Category.KARIER,
        "Bingung memilih jurusan kuliah",
        "Minat seni, orang tua menghendaki kedokteran.",
        7,
    ),
    (
        "konselor",
        6,
        Category.PSIKOTROPIKA,
        "Dugaan penyalahgunaan obat penenang",
        "Ditemukan obat penenang tanpa resep di tas siswa.",
        5,
    ),
    ("konselor2", 10, Category.PRIBADI, "Kehilangan orang tua", "Ayah siswa meninggal dua bulan lalu.", 35),
    (
        "konselor2",
        11,
        Category.BELAJAR,
        "Kesulitan membaca dan menulis",
        "Diduga disleksia; perlu asesmen psikolog.",
        25,
    ),
    (
        "konselor2",
        12,
        Category.GUNA_GUNA,
        "Keluarga meyakini siswa terkena guna-guna",
        "Perilaku berubah mendadak; keluarga mengaitkan dengan guna-guna.",
        18,
    ),
    (
        "konselor2",
        13,
        Category.KEABNORMALAN_AKUT,
        "Perilaku sangat tidak wajar di kelas",
        "Berbicara sendiri dan berteriak tanpa sebab yang jelas.",
        9,
    ),
    ("konselor2", 14, Category.SOSIAL, "Perundungan di media sosial", "Menjadi korban perundungan di grup kelas.", 3),
    (
        "konselor",
        7,
        Category.KRIMINALITAS,
        "Korban pemerasan oleh kakak kelas",
        "Siswa dipaksa menyerahkan uang saku dan diancam dipukul; orang tua sudah melapor ke polsek.",
        10,
    ),
]

# What some cases record beyond the above (R2): the student's part in a criminal matter, and
# violence or bullying, handed over to the school's TPPK (title: (part, violence, TPPK member)).
CASE_DETAILS = {
    "Dugaan pencurian di lingkungan sekolah": (StudentPart.PELAKU, False, ""),
    "Perundungan di media sosial": ("", True, "Drs. Hartono, Ketua TPPK"),
    "Korban pemerasan oleh kakak kelas": (StudentPart.KORBAN, True, "Drs. Hartono, Ketua TPPK"),
}


def load_demo():
    """Load the demo: the core's part, then each installed app's `demo.load(demo)` in order."""
    with transaction.atomic():
        demo = load()
        for config in apps.get_app_configs():
            if config.name == "bkcase":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.demo":
                    raise
                continue
            module.load(demo)
    return demo["school"]


def load():
    """Create what is missing of the demo school, its staff, students and cases."""
    school, _ = School.objects.get_or_create(npsn=SCHOOL["npsn"], defaults=SCHOOL)
    User = get_user_model()
    members = {}
    for username, first, last, role, nip, position in STAFF:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@sman7hb.sch.id"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        members[username], _ = Membership.objects.get_or_create(
            user=user, school=school, defaults={"role": role, "nip": nip, "position": position}
        )

    students = []
    for i, (name, sex) in enumerate(STUDENT_NAMES):
        class_name = CLASSES[i % len(CLASSES)]
        student, _ = Student.objects.get_or_create(
            school=school,
            nis=f"{2024000 + i + 1}",
            defaults={
                "nisn": f"{'008' if i % 2 else '009'}{7310000 + i:07d}",
                "full_name": name,
                "sex": sex,
                "place_of_birth": "Yogyakarta",
                "date_of_birth": datetime.date(2008 + i % 3, 1 + i % 12, 1 + (i * 7) % 28),
                "class_name": class_name,
                "homeroom_teacher": HOMEROOM[class_name],
                "guardian_name": f"Bapak/Ibu {name.split()[-1]}",
                "guardian_relation": "Orang tua",
                "guardian_phone": f"0812-{3000 + i:04d}-{1000 + i * 7:04d}",
                "address": f"Jl. Melati No. {i + 3}, Yogyakarta",
            },
        )
        students.append(student)

    if not Case.objects.filter(school=school).exists():
        today = timezone.localdate()
        for number, (username, index, category, title, description, days) in enumerate(CASES):
            part, violence, tppk_member = CASE_DETAILS.get(title, ("", False, ""))
            case = services.case_open(
                by=members[username],
                student=students[index],
                category=category,
                title=title,
                description=description,
                opened_on=today - datetime.timedelta(days=days),
                student_part=part,
                violence=violence,
                source=SOURCES[number % len(SOURCES)],
            )
            if category == Category.KRIMINALITAS:
                case.authority_reported_on = case.opened_on
                case.save(update_fields=["authority_reported_on"])
            if tppk_member:
                case.tppk_handed_over_on, case.tppk_received_by = case.opened_on, tppk_member
                case.save(update_fields=["tppk_handed_over_on", "tppk_received_by"])

    return {"school": school, "members": members, "students": students}
