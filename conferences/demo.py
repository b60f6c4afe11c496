"""The demo school's case conferences, in every stage, through the services.

One awaits the principal, one was declined and planned again, one is closed with all four
documents printed, and the demo participant (`peserta`) is invited to exactly one.

The conferences that already happened are told in the order the rules require (R4): planned and
agreed by the client, approved by the principal before their date, held on their date or later,
then evaluated, followed up and reported. Each step runs through the services on its own day
(`Story.on`), so the approval, the history and the audit trail carry the dates of that story.
"""

import datetime
from contextlib import contextmanager
from unittest import mock

from django.utils import timezone

from bkcase import workflow
from bkcase.models import Case

from . import services
from .models import Conference, ConferenceFunction, DocumentKind

PARTICIPANTS = [
    {"group": "a", "role": "orang_tua", "name": "Agus Prasetyo", "institution": "Orang tua klien", "contact": "0812-3000-1111"},
    {"group": "a", "role": "wali_kelas", "name": "Suparmi, S.Pd.", "institution": "SMA Negeri 7 Harapan Bangsa"},
    {"group": "b", "role": "psikolog", "name": "Nurul Fadhilah, M.Psi., Psikolog", "institution": "Biro Psikologi Cerdas Mandiri"},
]
REASON = (
    "Konseling individual tiga kali dan pemanggilan orang tua belum mengubah keadaan. Konselor memerlukan "
    "keterangan wali kelas, orang tua dan psikolog untuk memahami latar belakang masalah dan menyusun "
    "penanganan bersama."
)
FUNCTIONS = [ConferenceFunction.INFORMASI, ConferenceFunction.SOLUSI, ConferenceFunction.PENGENTASAN]


class _Clock(datetime.datetime):
    """The moment the demo's story stands at; `timezone.now()` asks it while a step runs."""

    moment = None

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz) if tz else timezone.make_naive(cls.moment)


class Story:
    """Days counted from today (negative: in the past), and the steps that happen on them."""

    def __init__(self):
        self.today = timezone.localdate()

    def day(self, n):
        return self.today + datetime.timedelta(days=n)

    @contextmanager
    def on(self, n, hour=10):
        """Run the services as on day `n` at `hour`: every timestamp they write (the approval, the
        history, the audit trail) is of that day. Only the demo does this; the services themselves
        always take the real clock, so no user can date a decision back."""
        if n == 0:
            yield
            return
        moment = timezone.make_aware(datetime.datetime.combine(self.day(n), datetime.time(hour)))
        with mock.patch.object(_Clock, "moment", moment), mock.patch("django.utils.timezone.datetime", _Clock):
            yield


def _plan(story, case, by, *, topic, held_on, consent=True, invite_peserta=None, initiative="wali_kelas",
          convener="kepala"):
    """Plan on the current day of the story: the client agreed a few days before."""
    today = timezone.localdate()
    conference = services.conference_create(
        case=case, by=by, topic=topic, initiative=initiative, convener=convener, reason=REASON, functions=FUNCTIONS,
        leader=by, held_on=held_on, starts_at=datetime.time(9, 0), place="Ruang BK",
    )
    if consent:  # R11: the student assented, then a parent agreed at school
        conference = services.conference_record_consent(
            conference=conference, by=by, version=None, consent_on=today - datetime.timedelta(days=2),
            consent_method="lisan", guardian_consent_on=today - datetime.timedelta(days=2),
            guardian_consent_method="tatap_muka", guardian_consent_by="Ibu kandung klien",
        )
    for data in PARTICIPANTS:
        account = invite_peserta if data["role"] == "orang_tua" else None
        participant = services.participant_add(conference=conference, by=by, account=account, invited_on=today, **data)
        if account is None:
            services.participant_record_signed_acknowledgment(participant=participant, by=by)
    conference.refresh_from_db()
    return conference


def _approve(conference, by, principal, comment="Disetujui."):
    services.conference_request_approval(conference=conference, by=by)
    return services.conference_decide(conference=conference, by=principal, approve=True, comment=comment)


def _hold(conference, by):
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    for p in conference.participants.all():
        services.participant_update(participant=p, by=by, attended=True, views="Masalah berawal dari tekanan di rumah.",
                                    commitment="Mendampingi klien belajar setiap sore.")
    first = conference.invitees()[0]
    services.information_add(conference=conference, by=by, participant=first, topic="keluarga",
                             text="Orang tua bekerja hingga malam; klien sering sendirian di rumah.")
    return services.conference_update(
        conference=conference, by=by, version=None,
        minutes_opening="Pemimpin membuka konferensi, menyampaikan tujuan dan mengingatkan asas kerahasiaan.",
        minutes_counselor_data="Konselor menyajikan data absensi, nilai, dan hasil AUM.",
        minutes_positive_sides="Klien ramah, rajin beribadah, berbakat menggambar.",
        minutes_background="Kurang perhatian di rumah dan tekanan teman sebaya.",
        minutes_leader_conclusion="Latar belakang yang mungkin: kurangnya pendampingan keluarga.",
    )


def _evaluate(conference, by):
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    for p in conference.participants.all():
        services.participant_update(participant=p, by=by, committed=True)
    conference = services.conference_update(conference=conference, by=by, version=None, meaningful_data=True,
                                            evaluation_note="Data keluarga dan kesehatan yang sebelumnya belum diketahui.")
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    return services.conference_update(conference=conference, by=by, version=None,
                                      analysis_note="Semua peserta berkomitmen; penanganan terkoordinasi.")


def _follow_up(story, conference, by, *, first_due):
    conference = workflow.perform(conference, workflow.Action.ADVANCE, by=by)
    parent, homeroom = conference.invitees()[:2]
    services.action_item_add(conference=conference, by=by, responsible=parent, what="Mendampingi klien belajar setiap sore",
                             due_on=story.day(first_due), where="Rumah", technique="Pendampingan")
    services.action_item_add(conference=conference, by=by, responsible=homeroom, what="Memantau kehadiran mingguan",
                             due_on=story.day(21), where="Sekolah", technique="Observasi")
    conference.refresh_from_db()
    return conference


def load(demo):
    school = demo["school"]
    if Conference.objects.filter(school=school).exists():
        return
    members = demo["members"]
    konselor, konselor2, kepala, peserta = (members[k] for k in ("konselor", "konselor2", "kepala", "peserta"))
    case = {c.title: c for c in Case.objects.filter(school=school)}
    story = Story()

    # Planning, no consent yet.
    _plan(story, case["Konflik dengan teman sekelas"], konselor, topic="Konflik berulang dengan teman sekelas",
          held_on=story.day(10), consent=False)

    # Awaiting the principal: planned two days ago, asked today.
    with story.on(-2):
        waiting = _plan(story, case["Perundungan di media sosial"], konselor2, topic="Perundungan daring di grup kelas",
                        held_on=story.day(7), initiative="konselor", convener="konselor")
    services.conference_request_approval(conference=waiting, by=konselor2)

    # Declined with a reason, then planned again (not yet asked again).
    with story.on(-4):
        declined = _plan(story, case["Kehilangan orang tua"], konselor2, topic="Pendampingan duka", held_on=story.day(5))
        services.conference_request_approval(conference=declined, by=konselor2)
    with story.on(-3):
        services.conference_decide(conference=declined, by=kepala, approve=False,
                                   comment="Undang juga guru agama sebagai pendamping; jadwalkan setelah ujian.")
    services.conference_update(conference=declined, by=konselor2, version=None, held_on=story.day(12),
                               starts_at=datetime.time(10, 0), initiative="konselor")

    # Held six days ago, approved before it; in follow-up with an overdue item; the demo participant
    # is invited here.
    with story.on(-20):
        held = _plan(story, case["Nilai turun drastis di semester ini"], konselor, topic="Prestasi belajar menurun tajam",
                     held_on=story.day(-6), invite_peserta=peserta)
        services.conference_request_approval(conference=held, by=konselor)
    with story.on(-18):
        held = services.conference_decide(conference=held, by=kepala, approve=True, comment="Disetujui.")
    with story.on(-17):
        services.participant_acknowledge(participant=held.participants.get(account=peserta), by=peserta)
        services.conference_issue_document(conference=held, by=konselor, kind=DocumentKind.UNDANGAN)
    with story.on(-6, hour=11):
        held = _hold(held, konselor)
    with story.on(-5):
        held = _evaluate(held, konselor)
    with story.on(-4):
        held = _follow_up(story, held, konselor, first_due=-1)

    # Closed, with all four documents.
    with story.on(-30):
        closed = _plan(story, case["Sering pingsan saat upacara"], konselor, topic="Kesehatan dan kehadiran",
                       held_on=story.day(-14), initiative="guru")
        services.conference_request_approval(conference=closed, by=konselor)
    with story.on(-28):
        closed = services.conference_decide(conference=closed, by=kepala, approve=True,
                                            comment="Disetujui; libatkan petugas UKS.")
    with story.on(-27):
        for kind in (DocumentKind.UNDANGAN, DocumentKind.DAFTAR_HADIR):
            services.conference_issue_document(conference=closed, by=konselor, kind=kind)
    with story.on(-14, hour=11):
        closed = _hold(closed, konselor)
        services.conference_issue_document(conference=closed, by=konselor, kind=DocumentKind.NOTULEN)
    with story.on(-13):
        closed = _evaluate(closed, konselor)
    with story.on(-12):
        closed = _follow_up(story, closed, konselor, first_due=14)
    with story.on(-10):
        closed = workflow.perform(closed, workflow.Action.ADVANCE, by=konselor)
        services.conference_issue_document(conference=closed, by=konselor, kind=DocumentKind.LAPORAN)
        closed = services.conference_update(conference=closed, by=konselor, version=None, report_filed_on=story.day(-10))
        workflow.perform(closed, workflow.Action.ADVANCE, by=konselor)

    # Held yesterday, minutes being written.
    with story.on(-9):
        reading = _plan(story, case["Kesulitan membaca dan menulis"], konselor2, topic="Kesulitan membaca",
                        held_on=story.day(-1), convener="koordinator")
        services.conference_request_approval(conference=reading, by=konselor2)
    with story.on(-8):
        reading = services.conference_decide(conference=reading, by=kepala, approve=True)
    with story.on(-1, hour=11):
        _hold(reading, konselor2)

    # Cancelled: the client withdrew consent.
    with story.on(-1):
        cancelled = _plan(story, case["Bingung memilih jurusan kuliah"], konselor, topic="Pilihan studi lanjut",
                          held_on=story.day(20))
    workflow.perform(cancelled, workflow.Action.CANCEL, by=konselor, reason=workflow.CancelReason.PERSETUJUAN_DITARIK,
                     note="Klien menarik persetujuannya.")
