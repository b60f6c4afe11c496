"""The demo school's follow-up evaluations (R13), in every status, through the services.

`konselor`'s open cases get: a session whose Laiseg was done and whose services ended three weeks ago
(its Laijapen overdue, its Laijapan ahead); a session today with its Laiseg due; a home visit whose
Laiseg was not done, with the reason; services that ended long ago, with a Laijapen done late and a
Laijapan moved to another date with the reason. The Laiseg of the sessions the demo's history recorded,
and the Laijapen of its referrals and conferences that are past their date, are done. Loading twice
changes nothing.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from bkcase.models import Case
from counseling import services as counseling_services

from . import services
from .models import OPEN_STATUSES, Evaluation, Kind, Reschedule, Status

ANSWERS = [
    {"understanding": {"level": "penuh", "note": "Terlambat karena begadang bermain gim."},
     "comfort": {"level": "penuh", "note": "Lega setelah bercerita."},
     "action": {"level": "sebagian", "note": "Mencoba tidur sebelum pukul sepuluh."}},
    {"understanding": {"level": "sebagian"}, "comfort": {"level": "sebagian", "note": "Masih cemas menghadapi ujian."},
     "action": {"level": "penuh", "note": "Belajar bersama teman setiap Selasa."}},
]


def _session(case, by, held_on, **fields):
    values = {"problem": "Sering terlambat masuk kelas.", "technique": "Konseling realita",
              "notes": "Klien bercerita tentang kebiasaan tidurnya.", "agreements": "Membuat jadwal tidur.",
              "sharing": "konselor", **fields}
    return counseling_services.service_record(case=case, by=by, kind="konseling_individual", held_on=held_on,
                                              **values)


def _of(record, kind):
    return Evaluation.objects.get(record_type=ContentType.objects.get_for_model(record), record_id=record.pk,
                                  kind=kind)


def _fill(evaluation, by, answers, done_on):
    evaluation.refresh_from_db()
    return services.evaluation_fill(evaluation=evaluation, by=by, version=evaluation.version, answers=answers,
                                    done_on=done_on)


def _move(evaluation, due_on):
    """Set the story's date straight (the services schedule from today's offsets)."""
    Evaluation.objects.filter(pk=evaluation.pk).update(due_on=due_on)
    evaluation.refresh_from_db()
    return evaluation


def load(demo):
    school, konselor = demo["school"], demo["members"]["konselor"]
    if Reschedule.objects.filter(evaluation__school=school).exists():  # the story below moves one date
        return
    today = timezone.localdate()
    # the Laiseg of the sessions and visits the demo's history recorded were done on their day
    for n, evaluation in enumerate(Evaluation.objects.filter(school=school, kind=Kind.LAISEG,
                                                             status__in=OPEN_STATUSES).select_related("case")):
        held_on = getattr(evaluation.record, "held_on", None) or today
        _fill(evaluation, evaluation.case.counselor, ANSWERS[n % 2], min(held_on, today))

    def day(n):
        return today + datetime.timedelta(days=n)

    cases = list(Case.objects.filter(school=school, counselor=konselor, closed_on__isnull=True)
                 .order_by("opened_on", "pk")[:4])
    if len(cases) < 4:
        return
    first, second, third, fourth = cases
    # done Laiseg; the services ended three weeks ago: the Laijapen overdue, the Laijapan ahead
    session = _session(first, konselor, max(first.opened_on, day(-21)))
    _fill(_of(session, Kind.LAISEG), konselor, ANSWERS[0], session.held_on)
    laijapen, laijapan = services.services_end(case=first, by=konselor, ended_on=session.held_on)
    _move(laijapen, day(-7))
    _move(laijapan, day(39))
    # a session today: its Laiseg is due
    _session(second, konselor, today, technique="Konseling behavioral")
    # a home visit whose Laiseg was not done
    visit = counseling_services.service_record(
        case=third, by=konselor, kind="kunjungan_rumah", held_on=max(third.opened_on, day(-10)),
        participants="Rina Kartikasari (Guru BK)", purpose="Silaturahmi dan koordinasi dengan orang tua.",
        met_with="Ibu klien", notes="Rumah rapi; ibu bekerja hingga sore.", sharing="konselor")
    laiseg = _of(visit, Kind.LAISEG)
    services.evaluation_mark_missed(evaluation=laiseg, by=konselor, version=laiseg.version,
                                    reason="Klien ikut pulang kampung sesudah kunjungan; penilaian segera tidak sempat.")
    # services that ended two months ago: the Laijapen done late, the Laijapan moved with the reason
    laijapen, laijapan = services.services_end(case=fourth, by=konselor, ended_on=fourth.opened_on)
    _move(laijapen, day(-50))
    _fill(laijapen, konselor, ANSWERS[1], day(-46))
    _move(laijapan, day(-2))
    services.evaluation_reschedule(evaluation=laijapan, by=konselor, version=laijapan.version, due_on=day(5),
                                   reason="Klien mengikuti ujian praktik minggu ini.")
    # the referrals' and conferences' Laijapen past their date are done on their day
    for evaluation in Evaluation.objects.filter(school=school, kind=Kind.LAIJAPEN, status=Status.DUE,
                                                due_on__lte=today).exclude(case__in=cases).select_related("case"):
        counselor = evaluation.case.counselor
        _fill(evaluation, counselor, ANSWERS[evaluation.pk % 2], evaluation.due_on)
    services.mark_overdue(today, remind=False)
