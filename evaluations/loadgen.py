"""The follow-up evaluations of a generated district (see bkcase/loadgen.py), in every status, in bulk:
a third of the cases have their services ended, with a Laijapen and a Laijapan each."""

import datetime

from django.contrib.contenttypes.models import ContentType

from bkcase.models import Case

from .items import LEVELS, Variant
from .models import Evaluation, Kind, Status

STATUSES = [Status.DUE, Status.OVERDUE, Status.DONE, Status.DONE, Status.MISSED]


def generate(world, rng):
    today = world["today"]
    case_type = ContentType.objects.get_for_model(Case)
    rows = []
    for case in world["cases"]:
        if rng.random() >= 1 / 3:
            continue
        ended = case.opened_on + datetime.timedelta(days=rng.randint(0, 30))
        for kind, offset in ((Kind.LAIJAPEN, 14), (Kind.LAIJAPAN, 60)):
            due_on = ended + datetime.timedelta(days=offset)
            status = rng.choice(STATUSES)
            if status in (Status.DUE, Status.OVERDUE):
                status = Status.OVERDUE if due_on < today else Status.DUE
            done = status == Status.DONE
            rows.append(Evaluation(
                school_id=case.school_id, case=case, record_type=case_type, record_id=case.pk, kind=kind,
                due_on=due_on, status=status, variant=Variant.UCA, scheduled_by=case.counselor,
                answers={key: {"level": rng.choice(LEVELS)} for key in ("understanding", "comfort", "action")}
                if done else {},
                done_on=min(today, due_on + datetime.timedelta(days=rng.randint(-3, 5))) if done else None,
                done_by=case.counselor if done else None,
                missed_reason="Klien pindah sekolah." if status == Status.MISSED else "",
                missed_by=case.counselor if status == Status.MISSED else None,
                overdue_since=today if status == Status.OVERDUE else None,
            ))
    Evaluation.objects.bulk_create(rows, batch_size=2000)
