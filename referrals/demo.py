"""The demo school's expert directory and referrals in every stage, through the services."""

import datetime

from django.utils import timezone

from bkcase import workflow
from bkcase.consent import AssentMethod, ExceptionGround, GuardianConsentMethod
from bkcase.models import Case
from bkcase.workflow import Stage

from . import services
from .models import (
    ContactChannel,
    ContactResponse,
    CounselingFunction,
    Effectiveness,
    Expert,
    FollowUp,
    MissedAction,
    Referral,
)

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
    # another counselor: the seed's "kepada guru mata pelajaran atau konselor" (R1)
    (
        "konselor_lain",
        "Sri Mulyani",
        "S.Pd., Kons.",
        "Konseling individual dan kelompok; pendampingan korban perundungan",
        "SMA Negeri 3 Yogyakarta",
        "Jl. Laksda Adisucipto 22",
        "0812-2750-6611",
    ),
]

# Institutions of those kinds are destinations too (R1): (kind, name, field, address, phone, confirmed).
# RS Bhayangkara is a public hospital whose name mentions the police: entered once its
# coordinator confirmed it is a health facility, not a police office.
INSTITUTIONS = [
    ("dokter", "Puskesmas Mergangsan", "Layanan kesehatan remaja (PKPR)", "Jl. Tamansiswa 98", "(0274) 371971",
     False),
    ("psikolog", "UPTD PPA Kota Yogyakarta", "Perlindungan perempuan dan anak: konseling dan pendampingan korban",
     "Jl. Kenari 56", "(0274) 555111", False),
    ("psikiater", "Balai Rehabilitasi BNN Yogyakarta", "Rehabilitasi penyalahgunaan napza", "Jl. Kaliurang Km 12",
     "(0274) 880022", False),
    ("dokter", "RS Bhayangkara Polda DIY", "Rumah sakit umum", "Jl. Raya Solo Km 14, Kalasan", "(0274) 496116",
     True),
]


def load(demo):
    _load_experts(demo)
    _load_referrals(demo)


def _load_experts(demo):
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
    for kind, name, field, address, phone, confirmed in INSTITUTIONS:
        Expert.objects.get_or_create(
            school=school,
            name=name,
            defaults={
                "kind": kind, "is_institution": True, "field": field, "address": address, "phone": phone,
                "police_name_confirmed": confirmed,
            },
        )


def _days_ago(n):
    return timezone.localdate() - datetime.timedelta(days=n)


# The story of a referral is told over three weeks (STORY_DAYS) before today; a referral that started
# later (its case was opened more recently) tells the same story in the days it has had, in the same
# order, so that nothing happens before the case was opened or the referral started.
STORY_DAYS = 22


def _timeline(days):
    """`ago(n)`: the day of the story's day n (n days before today in a full story), for a referral
    that started `days` days ago."""
    return lambda n: _days_ago(round(n * min(days, STORY_DAYS) / STORY_DAYS))


# R11: the student assented in a session; the mother signed the school's consent form a day later
def _consent(ago):
    return {
        "consent_on": ago(21), "consent_method": AssentMethod.LISAN,
        "guardian_consent_on": ago(20), "guardian_consent_method": GuardianConsentMethod.TERTULIS,
        "guardian_consent_by": "Ibu kandung klien",
    }


def _stage_data(referral, ago):
    """Plausible data for each stage, dated in order and never in the future."""
    return {
        Stage.PERENCANAAN: {
            "alternatives_offered": f"Dirujuk ke {referral.expert}; konseling lanjutan dengan guru BK saja; "
            "menunda keputusan sampai berbicara dengan orang tua.",
            "client_choice": f"Klien memilih dirujuk ke {referral.expert}, didampingi orang tua.",
            "materials": "Ringkasan catatan konseling, hasil asesmen AUM, surat persetujuan orang tua.",
        },
        Stage.PELAKSANAAN: {
            "plan_communicated_to": "Orang tua klien dan wali kelas", "plan_communicated_on": ago(18),
            "handover_on": ago(16), "client_met_expert_on": ago(14),
        },
        Stage.EVALUASI: {
            "client_account": "Klien merasa lebih tenang dan memahami kondisinya setelah dua kali pertemuan.",
            "expert_report": f"Rujukan balik dari {referral.expert}: klien menjalani pemeriksaan dan mendapat "
            "rencana penanganan lanjutan.",
            "expert_report_received_on": ago(5),
            "counselor_evaluation": "Masalah utama mulai tertangani; kehadiran di kelas membaik.",
        },
        Stage.ANALISIS: {
            "effectiveness": Effectiveness.SEBAGIAN,
            "effectiveness_reason": "Gejala berkurang, tetapi klien masih memerlukan pendampingan.",
        },
        Stage.TINDAK_LANJUT: {
            "follow_up": FollowUp.KONSELOR,
            "follow_up_note": "Konseling individual dua minggu sekali oleh guru BK.",
        },
        Stage.PELAPORAN: {"report_delivered_on": ago(2), "report_filed_on": ago(1)},
    }


def _walk(referral, by, target, ago, **overrides):
    """Fill in each stage's data and advance, through the services, until `target`, on the days of
    the timeline `ago`."""
    while referral.stage != target:
        data = {**_stage_data(referral, ago)[referral.stage], **overrides.get(referral.stage, {})}
        if referral.stage == Stage.PERENCANAAN:
            # the consent first; the expert was asked once before it, without naming the client (R4)
            referral = services.referral_update_stage(referral=referral, by=by, version=None, **data)
            referral = services.referral_record_consent(referral=referral, by=by, version=None, **_consent(ago))
            services.referral_add_contact(
                referral=referral, by=by, contacted_on=ago(21), channel=ContactChannel.TELEPON,
                response=ContactResponse.TIDAK_ADA, note="Menanyakan kesediaan tanpa menyebut nama klien.",
            )
            services.referral_add_contact(
                referral=referral, by=by, contacted_on=ago(19), channel=ContactChannel.WHATSAPP,
                response=ContactResponse.POSITIF, note="Bersedia menerima klien pekan ini.",
            )
        if referral.stage == Stage.PELAPORAN:
            services.referral_issue_cover_letter(referral=referral, by=by)
            referral, _pdf = services.referral_issue_report(
                referral=referral, by=by, recipient="Kepala Sekolah dan orang tua klien")
        if referral.stage == Stage.TINDAK_LANJUT and data.get("follow_up") == FollowUp.ATK_BARU:
            referral = services.referral_update_stage(referral=referral, by=by, version=None, **data)
            follow = services.referral_create_follow_up(
                referral=referral, by=by, expert=overrides["next_expert"],
                problem_summary=referral.problem_summary, functions=referral.functions, outside_authority=True,
            )
            _walk(follow, by, overrides.get("next_stage", Stage.PELAKSANAAN), _timeline(0))  # started today
            referral.refresh_from_db()
        else:
            referral = services.referral_update_stage(referral=referral, by=by, version=None, **data)
        referral = workflow.perform(referral, workflow.Action.ADVANCE, by=by, note="")
    return referral


# (counselor, case title, expert name, target stage); new ones are added at the end, so that the
# codes of the others stay as they were
REFERRALS = [
    ("konselor", "Gejala depresi berkepanjangan", "dr. Hendra Gunawan", Stage.SELESAI),
    ("konselor", "Sering pingsan saat upacara", "dr. Andi Wijaya", Stage.EVALUASI),
    ("konselor", "Dugaan penyalahgunaan obat penenang", "dr. Maria Ulfah", Stage.PERENCANAAN),
    ("konselor", "Nilai turun drastis di semester ini", "Drs. Slamet Riyadi", Stage.ANALISIS),
    ("konselor2", "Kesulitan membaca dan menulis", "Yohanes Kristanto", Stage.TINDAK_LANJUT),
    ("konselor2", "Keluarga meyakini siswa terkena guna-guna", "K.H. Ahmad Zainuddin", Stage.PELAPORAN),
    ("konselor2", "Perilaku sangat tidak wajar di kelas", "dr. Maria Ulfah", Stage.DIBATALKAN),
    ("konselor2", "Kehilangan orang tua", "Nurul Fadhilah", Stage.PERENCANAAN),
    # a victim of a criminal matter is referred at once (R2), in execution after a missed appointment (R16)
    ("konselor", "Korban pemerasan oleh kakak kelas", "UPTD PPA Kota Yogyakarta", Stage.PELAKSANAAN),
    # the expert's report has not come back after a documented request (R16)
    ("konselor2", "Perundungan di media sosial", "Sri Mulyani", Stage.EVALUASI),
]


def _load_referrals(demo):
    school = demo["school"]
    if Referral.objects.filter(school=school).exists():
        return
    members = demo["members"]
    experts = {e.name: e for e in Expert.objects.filter(school=school)}
    for index, (username, title, expert_name, target) in enumerate(REFERRALS):
        by = members[username]
        case = Case.objects.get(school=school, title=title)
        referral = services.referral_create(
            case=case, by=by, expert=experts[expert_name], outside_authority=True, close_relationship=True,
            problem_summary=f"{case.title}. {case.description}",
            functions=[CounselingFunction.PENGENTASAN, CounselingFunction.PEMAHAMAN],
        )
        # started some weeks ago (a day after its case was opened, for a recent case), before the
        # consent and contacts the walk records
        days = max(0, min(28 - index, (timezone.localdate() - case.opened_on).days - 1))
        ago = _timeline(days)
        started = timezone.now() - datetime.timedelta(days=days)
        Referral.objects.filter(pk=referral.pk).update(created_at=started, stage_changed_at=started)
        referral.refresh_from_db()
        if target == Stage.SELESAI:
            # The closed referral with its letters, whose follow-up is a re-referral (R6).
            _walk(
                referral, by, target, ago,
                **{Stage.TINDAK_LANJUT: {"follow_up": FollowUp.ATK_BARU,
                                         "follow_up_note": "Asesmen psikologis lanjutan oleh psikolog."}},
                next_expert=experts["Nurul Fadhilah"], next_stage=Stage.PELAKSANAAN,
            )
        elif target == Stage.DIBATALKAN:
            workflow.perform(referral, workflow.Action.CANCEL, by=by, reason=workflow.CancelReason.PERSETUJUAN_DITARIK,
                             note="Orang tua menarik persetujuan setelah berbicara dengan keluarga besar.")
        elif case.title == "Korban pemerasan oleh kakak kelas":
            referral = _walk(referral, by, target, ago)
            services.referral_record_missed_appointment(
                referral=referral, by=by, missed_on=ago(15), action=MissedAction.HUBUNGI_ULANG,
                note="Klien sakit; janji baru disepakati dengan UPTD PPA.",
            )
        elif case.title == "Perundungan di media sosial":
            referral = _walk(referral, by, target, ago)
            services.referral_request_report(
                referral=referral, by=by, requested_on=ago(7), channel=ContactChannel.WHATSAPP,
                note="Meminta laporan hasil konseling lanjutan.",
            )
            services.referral_request_report(
                referral=referral, by=by, requested_on=ago(3), channel=ContactChannel.SURAT,
            )
        elif case.title == "Dugaan penyalahgunaan obat penenang":
            # R11: the student assented, but the danger is now and the parents are abroad: the
            # coordinator records the exception, and the principal is told on her home page
            services.referral_record_consent(referral=referral, by=by, version=None, consent_on=ago(2),
                                             consent_method=AssentMethod.LISAN)
            services.referral_consent_exception(
                referral=referral, by=members["koordinator"], ground=ExceptionGround.BAHAYA,
                reason="Klien menyimpan obat penenang dalam jumlah besar dan menyatakan ingin tidur selamanya. "
                "Kedua orang tua bekerja di luar negeri dan belum dapat dihubungi; wali (paman) sudah diberi tahu.",
            )
        else:
            _walk(referral, by, target, ago)
