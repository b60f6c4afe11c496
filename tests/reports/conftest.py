"""A small school whose November 2026 is counted by hand, for the period report's tests.

School year 2026/2027; classes X-1 (level 10) and XI IPA 1 (level 11). Rina (`konselor`) and Budi
(`konselor_lain`) counsel. The period is November 2026 (1-30 November).

Cases (student, sex, class in 2026/2027):
  c1 Rina  Ani (P, X-1)      belajar       opened 3 Nov            open        source wali kelas
  c2 Rina  Bayu (L, X-1)     belajar       opened 10 Nov  closed 25 Nov         source came on their own
  c3 Rina  Citra (P, XI)     psikotropika  opened 20 Oct           open        source parent
  c4 Rina  Dodi (L, none)    pribadi       opened 1 Sep   closed 15 Oct (before November: not counted)
  c5 Rina  Ani (P, X-1)      sosial        opened 1 Oct   closed 5 Nov          source not recorded
  c6 Budi  Eka (P, XI)       belajar       opened 12 Nov           open        source found by the counselor

Services in November (notes are not services; 30 Oct is outside):
  c1 individual 4 Nov and 11 Nov; one group session on 12 Nov with c1 and c2 as members;
  c3 consultation 6 Nov and home visit 7 Nov; c2 a note 8 Nov; c1 individual 30 Oct;
  c6 individual 13 Nov (by Budi).

Referrals (ATK) started in November:
  r1 c3 psychologist, started 2 Nov (13 days after c3 opened), closed, tuntas; handed over 5 Nov,
     the client met the expert 9 Nov (4 days); the expert's report came back
  r2 c3 doctor, the follow-up of r1, started 20 Nov, planning, not assessed
  r3 c1 teacher, started 15 Nov, analysis, sebagian; handed over 16 Nov, met 18 Nov (2 days)
  r4 c6 psychologist, started 10 Oct (outside)

Conferences: k1 on c3, held 18 Nov, new data, both present participants committed (a third was
absent): successful. k2 on c1, held 20 Nov, new data, its one present participant did not commit.
k3 on c2, proposed 25 Nov for 10 Dec. Action items of k2: due 21 Nov done 20 Nov (on time), due
22 Nov done 28 Nov (late), due 29 Nov open, due 23 Nov dropped, due 15 Dec open (outside).

Evaluations due in November: on c1 a Laiseg due 4 Nov done 4 Nov, on c1 a Laijapen due 20 Nov
done 22 Nov, on c3 a Laijapan due 25 Nov missed, on c3 a Laiseg due 28 Nov overdue; on c6 a Laiseg
due 10 Nov done 10 Nov.
"""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType

from bkcase.models import Category
from bkcase.workflow import Stage
from conferences.models import ActionItem, ActionStatus, Conference, Participant
from counseling.models import GroupSession, Kind, Service
from evaluations.models import Evaluation, Status
from referrals.models import Effectiveness, ExpertKind, Referral
from tests.factories import CaseFactory, ExpertFactory, StudentFactory, enrol, school_class, school_year

NOV = datetime.date(2026, 11, 1)


def day(month, d):
    return datetime.date(2026, month, d)


def _at(record, when):
    """Set the auto creation time of a record (a date in the school's day)."""
    type(record).objects.filter(pk=record.pk).update(
        created_at=datetime.datetime.combine(when, datetime.time(9, 0), tzinfo=datetime.UTC))


@pytest.fixture
def november(cast, school):
    rina, budi = cast["konselor"], cast["konselor_lain"]
    year = school_year(school, 2026)
    x1, xi = school_class(year, "X-1"), school_class(year, "XI IPA 1")
    ani = StudentFactory(school=school, full_name="Ani Lestari", nis="5001", sex="P")
    bayu = StudentFactory(school=school, full_name="Bayu Saputra", nis="5002", sex="L")
    citra = StudentFactory(school=school, full_name="Citra Dewi", nis="5003", sex="P")
    dodi = StudentFactory(school=school, full_name="Dodi Pratama", nis="5004", sex="L")
    eka = StudentFactory(school=school, full_name="Eka Putri", nis="5005", sex="P")
    for student, klass in ((ani, x1), (bayu, x1), (citra, xi), (eka, xi)):
        enrol(student, klass)

    c1 = CaseFactory(counselor=rina, student=ani, category=Category.BELAJAR, opened_on=day(11, 3), source="wali_kelas")
    c2 = CaseFactory(counselor=rina, student=bayu, category=Category.BELAJAR, opened_on=day(11, 10),
                     closed_on=day(11, 25), source="sendiri")
    c3 = CaseFactory(counselor=rina, student=citra, category=Category.PSIKOTROPIKA, opened_on=day(10, 20),
                     source="orang_tua")
    CaseFactory(counselor=rina, student=dodi, category=Category.PRIBADI, opened_on=day(9, 1), closed_on=day(10, 15),
                source="sendiri")
    CaseFactory(counselor=rina, student=ani, category=Category.SOSIAL, opened_on=day(10, 1), closed_on=day(11, 5),
                source="")
    c6 = CaseFactory(counselor=budi, student=eka, category=Category.BELAJAR, opened_on=day(11, 12), source="konselor")

    def service(case, kind, held_on, by=rina, **extra):
        return Service.objects.create(school=school, case=case, kind=kind, held_on=held_on, created_by=by, **extra)

    service(c1, Kind.INDIVIDUAL, day(11, 4))
    service(c1, Kind.INDIVIDUAL, day(11, 11))
    group = GroupSession.objects.create(school=school, topic="Cara belajar", created_by=rina)
    service(c1, Kind.KELOMPOK, day(11, 12), group=group)
    service(c2, Kind.KELOMPOK, day(11, 12), group=group)
    service(c3, Kind.KONSULTASI, day(11, 6), party="orang_tua")
    service(c3, Kind.KUNJUNGAN, day(11, 7))
    service(c2, Kind.CATATAN, day(11, 8), notes="Catatan.")
    service(c1, Kind.INDIVIDUAL, day(10, 30))
    service(c6, Kind.INDIVIDUAL, day(11, 13), by=budi)

    psikolog = ExpertFactory(school=school, kind=ExpertKind.PSIKOLOG)
    dokter = ExpertFactory(school=school, kind=ExpertKind.DOKTER)
    guru = ExpertFactory(school=school, kind=ExpertKind.GURU)

    def referral(code, case, expert, started, stage, **extra):
        made = Referral.objects.create(school=school, case=case, code=code, expert=expert, created_by=rina,
                                       problem_summary="-", functions=["pengentasan"], **extra)
        Referral.objects.filter(pk=made.pk).update(stage=stage)
        _at(made, started)
        return made

    r1 = referral("ATK-1", c3, psikolog, day(11, 2), Stage.SELESAI, effectiveness=Effectiveness.TUNTAS,
                  handover_on=day(11, 5), client_met_expert_on=day(11, 9), expert_report="Laporan ahli.",
                  expert_report_received_on=day(11, 17))
    referral("ATK-2", c3, dokter, day(11, 20), Stage.PERENCANAAN, previous=r1)
    referral("ATK-3", c1, guru, day(11, 15), Stage.ANALISIS, effectiveness=Effectiveness.SEBAGIAN,
             handover_on=day(11, 16), client_met_expert_on=day(11, 18))
    referral("ATK-4", c6, psikolog, day(10, 10), Stage.PELAKSANAAN)

    def conference(code, case, stage, held_on, created, meaningful):
        made = Conference.objects.create(school=school, case=case, code=code, created_by=rina, topic="-", leader=rina,
                                         initiative="konselor", held_on=held_on, meaningful_data=meaningful)
        Conference.objects.filter(pk=made.pk).update(stage=stage)
        _at(made, created)
        return made

    def participant(conf, attended, committed):
        return Participant.objects.create(conference=conf, group="a", role="orang_tua", name="Peserta",
                                          attended=attended, committed=committed)

    k1 = conference("KK-1", c3, Stage.EVALUASI, day(11, 18), day(11, 1), True)
    participant(k1, True, True)
    participant(k1, True, True)
    participant(k1, False, None)
    k2 = conference("KK-2", c1, Stage.TINDAK_LANJUT, day(11, 20), day(11, 2), True)
    who = participant(k2, True, False)
    conference("KK-3", c2, Stage.PERENCANAAN, day(12, 10), day(11, 25), None)
    for due, status, done in ((day(11, 21), ActionStatus.DONE, day(11, 20)),
                              (day(11, 22), ActionStatus.DONE, day(11, 28)),
                              (day(11, 29), ActionStatus.OPEN, None),
                              (day(11, 23), ActionStatus.DROPPED, None),
                              (day(12, 15), ActionStatus.OPEN, None)):
        ActionItem.objects.create(conference=k2, responsible=who, what="-", due_on=due, status=status,
                                  completed_on=done)

    record_type = ContentType.objects.get_for_model(Service)
    numbers = iter(range(1, 100))

    def evaluation(case, kind, due, status, done=None, by=rina):
        return Evaluation.objects.create(school=school, case=case, record_type=record_type, record_id=next(numbers),
                                         kind=kind,
                                         due_on=due, status=status, done_on=done, scheduled_by=by)

    evaluation(c1, "laiseg", day(11, 4), Status.DONE, day(11, 4))
    evaluation(c1, "laijapen", day(11, 20), Status.DONE, day(11, 22))
    evaluation(c3, "laijapan", day(11, 25), Status.MISSED)
    evaluation(c3, "laiseg", day(11, 28), Status.OVERDUE)
    evaluation(c6, "laiseg", day(11, 10), Status.DONE, day(11, 10), by=budi)
    return {"year": year, "c1": c1, "c3": c3, "school": school}


@pytest.fixture
def november_cancelled_and_criminal(november, cast, school):
    """November plus cancelled records and criminal matters (R2), for the figures that leave them out:
      r5 on c1, teacher, started 21 Nov, cancelled (only in "ATK by stage", row Cancelled);
      k4 on c1, proposed 26 Nov, cancelled (not "proposed");
      c7 Fajar (L) kriminalitas, alleged offender, opened 2 Nov, processed by the authorities 16 Nov;
         r6 psychologist started 18 Nov, execution, not assessed (counted as started; its 16 days
         from the opening are not the counselor's wait: not in days-to-referral);
      c8 Gita (P) kriminalitas, alleged offender, opened 4 Nov, not processed yet: not referable (R2),
         so not in the "must be referred" signal;
      c9 Hadi (L) kriminalitas, victim, opened 6 Nov, no referral: in the signal."""
    rina = cast["konselor"]
    c1 = november["c1"]
    guru = ExpertFactory(school=school, kind=ExpertKind.GURU)
    psikolog = ExpertFactory(school=school, kind=ExpertKind.PSIKOLOG)
    r5 = Referral.objects.create(school=school, case=c1, code="ATK-5", expert=guru, created_by=rina,
                                 problem_summary="-", functions=["pengentasan"])
    Referral.objects.filter(pk=r5.pk).update(stage=Stage.DIBATALKAN)
    _at(r5, day(11, 21))
    k4 = Conference.objects.create(school=school, case=c1, code="KK-4", created_by=rina, topic="-", leader=rina,
                                   initiative="konselor", held_on=day(12, 3))
    Conference.objects.filter(pk=k4.pk).update(stage=Stage.DIBATALKAN)
    _at(k4, day(11, 26))
    c7 = CaseFactory(counselor=rina, student=StudentFactory(school=school, full_name="Fajar Nugroho", sex="L"),
                     category=Category.KRIMINALITAS, opened_on=day(11, 2), student_part="pelaku",
                     authority_reported_on=day(11, 2), authority_processed_on=day(11, 16))
    r6 = Referral.objects.create(school=school, case=c7, code="ATK-6", expert=psikolog, created_by=rina,
                                 problem_summary="-", functions=["pengentasan"])
    Referral.objects.filter(pk=r6.pk).update(stage=Stage.PELAKSANAAN)
    _at(r6, day(11, 18))
    c8 = CaseFactory(counselor=rina, student=StudentFactory(school=school, full_name="Gita Sari", sex="P"),
                     category=Category.KRIMINALITAS, opened_on=day(11, 4), student_part="pelaku",
                     authority_reported_on=day(11, 4))
    c9 = CaseFactory(counselor=rina, student=StudentFactory(school=school, full_name="Hadi Wijaya", sex="L"),
                     category=Category.KRIMINALITAS, opened_on=day(11, 6), student_part="korban",
                     authority_reported_on=day(11, 6))
    return {**november, "c7": c7, "c8": c8, "c9": c9}


@pytest.fixture
def november_query(november):
    return {"span": "month", "year": november["year"].pk, "month": 11}
