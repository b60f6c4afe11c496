"""The demo school's case conferences, in every stage, through the services.

One awaits the principal, one was declined and planned again, one is closed with all four
documents printed, and the demo participant (`peserta`) is invited to exactly one.
"""

import datetime

from django.utils import timezone

from bkcase import workflow
from bkcase.models import Case

from . import services
from .models import Conference, DocumentKind


def _days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


PARTICIPANTS = [
    {"group": "a", "role": "orang_tua", "name": "Agus Prasetyo", "institution": "Orang tua klien", "contact": "0812-3000-1111"},
    {"group": "a", "role": "wali_kelas", "name": "Suparmi, S.Pd.", "institution": "SMA Negeri 7 Harapan Bangsa"},
    {"group": "b", "role": "psikolog", "name": "Nurul Fadhilah, M.Psi., Psikolog", "institution": "Biro Psikologi Cerdas Mandiri"},
]


def _plan(case, by, *, topic, held_in_days, consent=True, invite_peserta=None):
    conference = services.conference_create(
        case=case, by=by, topic=topic, initiative="wali_kelas", convener="kepala", leader=by,
        held_on=_days(held_in_days), starts_at=datetime.time(9, 0), place="Ruang BK",
        consent_on=_days(min(held_in_days, 0) - 10) if consent else None, consent_method="tertulis" if consent else "",
    )
    for data in PARTICIPANTS:
        account = invite_peserta if data["role"] == "orang_tua" else None
        participant = services.participant_add(conference=conference, by=by, account=account, invited_on=_days(-12), **data)
        if account is None:
            services.participant_record_signed_acknowledgment(participant=participant, by=by)
    conference.refresh_from_db()
    return conference


def _approve(conference, by, principal):
    services.conference_request_approval(conference=conference, by=by)
    return services.conference_decide(conference=conference, by=principal, approve=True, comment="Disetujui.")


def _hold(conference, by):
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    for p in conference.participants.all():
        services.participant_update(participant=p, by=by, attended=True, views="Masalah berawal dari tekanan di rumah.",
                                    commitment="Mendampingi klien belajar setiap sore.")
    first = conference.participants.first()
    services.information_add(conference=conference, by=by, participant=first, topic="keluarga",
                             text="Orang tua bekerja hingga malam; klien sering sendirian di rumah.")
    conference = services.conference_update(
        conference=conference, by=by, version=None,
        minutes_opening="Pemimpin membuka konferensi, menyampaikan tujuan dan mengingatkan asas kerahasiaan.",
        minutes_counselor_data="Konselor menyajikan data absensi, nilai, dan hasil AUM.",
        minutes_positive_sides="Klien ramah, rajin beribadah, berbakat menggambar.",
        minutes_background="Kurang perhatian di rumah dan tekanan teman sebaya.",
        minutes_leader_conclusion="Latar belakang yang mungkin: kurangnya pendampingan keluarga.",
    )
    return conference


def _evaluate(conference, by):
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    for p in conference.participants.all():
        services.participant_update(participant=p, by=by, committed=True)
    conference = services.conference_update(conference=conference, by=by, version=None, meaningful_data=True,
                                            evaluation_note="Data keluarga dan kesehatan yang sebelumnya belum diketahui.")
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    return services.conference_update(conference=conference, by=by, version=None,
                                      analysis_note="Semua peserta berkomitmen; penanganan terkoordinasi.")


def _follow_up(conference, by, *, overdue=False):
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    parent, homeroom = list(conference.participants.all())[:2]
    services.action_item_add(conference=conference, by=by, responsible=parent, what="Mendampingi klien belajar setiap sore",
                             due_on=_days(-3 if overdue else 14), where="Rumah", technique="Pendampingan")
    services.action_item_add(conference=conference, by=by, responsible=homeroom, what="Memantau kehadiran mingguan",
                             due_on=_days(21), where="Sekolah", technique="Observasi")
    conference.refresh_from_db()
    return conference


def load(demo):
    school = demo["school"]
    if Conference.objects.filter(school=school).exists():
        return
    members = demo["members"]
    konselor, konselor2, kepala, peserta = (members[k] for k in ("konselor", "konselor2", "kepala", "peserta"))
    case = {c.title: c for c in Case.objects.filter(school=school)}

    # Planning, no consent yet.
    _plan(case["Konflik dengan teman sekelas"], konselor, topic="Konflik berulang dengan teman sekelas",
          held_in_days=10, consent=False)
    # Awaiting the principal.
    waiting = _plan(case["Perundungan di media sosial"], konselor2, topic="Perundungan daring di grup kelas", held_in_days=7)
    services.conference_request_approval(conference=waiting, by=konselor2)
    # Declined with a reason, then planned again (not yet asked again).
    declined = _plan(case["Kehilangan orang tua"], konselor2, topic="Pendampingan duka", held_in_days=5)
    services.conference_request_approval(conference=declined, by=konselor2)
    services.conference_decide(conference=declined, by=kepala, approve=False,
                               comment="Undang juga guru agama sebagai pendamping; jadwalkan setelah ujian.")
    services.conference_update(conference=declined, by=konselor2, version=None, **{
        "topic": "Pendampingan duka", "initiative": "konselor", "convener": "kepala", "leader": konselor2,
        "held_on": _days(12), "starts_at": datetime.time(10, 0), "place": "Ruang BK",
        "show_student_name": False, "consent_on": _days(-10), "consent_method": "tertulis",
    })
    # Approved, in follow-up with an overdue item; the demo participant is invited here.
    held = _plan(case["Nilai turun drastis di semester ini"], konselor, topic="Prestasi belajar menurun tajam",
                 held_in_days=-6, invite_peserta=peserta)
    held = _approve(held, konselor, kepala)
    services.participant_acknowledge(participant=held.participants.get(account=peserta), by=peserta)
    held = _follow_up(_evaluate(_hold(held, konselor), konselor), konselor, overdue=True)
    # Closed, with all four documents.
    closed = _plan(case["Sering pingsan saat upacara"], konselor, topic="Kesehatan dan kehadiran", held_in_days=-14)
    closed = _follow_up(_evaluate(_hold(_approve(closed, konselor, kepala), konselor), konselor), konselor)
    closed = workflow.perform(closed, workflow.Action.ADVANCE, by=konselor)
    for kind in DocumentKind.values:
        services.conference_issue_document(conference=closed, by=konselor, kind=kind)
    closed = services.conference_update(conference=closed, by=konselor, version=None, report_filed_on=_days(0))
    workflow.perform(closed, workflow.Action.ADVANCE, by=konselor)
    # Held, minutes being written.
    _hold(_approve(_plan(case["Kesulitan membaca dan menulis"], konselor2, topic="Kesulitan membaca",
                         held_in_days=-1), konselor2, kepala), konselor2)
    # Cancelled: the client withdrew consent.
    cancelled = _plan(case["Bingung memilih jurusan kuliah"], konselor, topic="Pilihan studi lanjut", held_in_days=20)
    workflow.perform(cancelled, workflow.Action.CANCEL, by=konselor, note="Klien menarik persetujuannya.")
