"""The demo school's expert directory (and, with the ATK workflow, its referrals)."""

from .models import Expert

# kind, name, title, field, institution, address, phone
EXPERTS = [
    (
        "dokter",
        "dr. Andi Wijaya",
        "",
        "Dokter umum",
        "Puskesmas Depok III",
        "Jl. Wahid Hasyim 2, Sleman",
        "(0274) 880011",
    ),
    (
        "dokter",
        "dr. Ratna Sari",
        "Sp.A",
        "Dokter anak",
        "RSUD Kota Yogyakarta",
        "Jl. Ki Ageng Pemanahan 1",
        "(0274) 371195",
    ),
    (
        "psikiater",
        "dr. Hendra Gunawan",
        "Sp.KJ",
        "Psikiatri anak dan remaja",
        "RS Jiwa Grhasia",
        "Jl. Kaliurang Km 17",
        "(0274) 895143",
    ),
    (
        "psikiater",
        "dr. Maria Ulfah",
        "Sp.KJ",
        "Kesehatan jiwa",
        "RSUP Dr. Sardjito",
        "Jl. Kesehatan 1",
        "(0274) 587333",
    ),
    (
        "psikolog",
        "Nurul Fadhilah",
        "M.Psi., Psikolog",
        "Psikologi pendidikan",
        "Biro Psikologi Cerdas Mandiri",
        "Jl. Gejayan 45",
        "0812-2700-1122",
    ),
    (
        "psikolog",
        "Yohanes Kristanto",
        "M.Psi., Psikolog",
        "Psikologi klinis anak",
        "Puspaga Kota Yogyakarta",
        "Jl. Kenari 56",
        "0813-2800-3344",
    ),
    ("guru", "Drs. Slamet Riyadi", "M.Pd.", "Matematika", "SMA Negeri 7 Harapan Bangsa", "", "0815-6700-5566"),
    (
        "guru",
        "Dr. Lina Marlina",
        "M.Pd.",
        "Pendidikan luar biasa (dosen)",
        "Universitas Negeri Yogyakarta",
        "Jl. Colombo 1",
        "(0274) 586168",
    ),
    (
        "ahli_bidang",
        "K.H. Ahmad Zainuddin",
        "",
        "Agama Islam",
        "Pondok Pesantren Al-Hikmah",
        "Jl. Parangtritis Km 6",
        "0817-5400-7788",
    ),
    (
        "ahli_bidang",
        "Sutrisno, S.H.",
        "",
        "Hukum dan pendampingan anak",
        "LBH Anak Yogyakarta",
        "Jl. Taman Siswa 30",
        "0819-0400-9900",
    ),
]


def load(demo):
    school = demo["school"]
    for kind, name, title, field, institution, address, phone in EXPERTS:
        Expert.objects.get_or_create(
            school=school,
            name=name,
            defaults={
                "kind": kind,
                "title": title,
                "field": field,
                "institution": institution,
                "address": address,
                "phone": phone,
            },
        )
