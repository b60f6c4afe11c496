import datetime

from django.utils import timezone

from evaluations import services
from evaluations.models import Evaluation, Kind

UCA_ANSWERS = {
    "understanding": {"level": "penuh", "note": "Terlambat karena tidur larut."},
    "comfort": {"level": "sebagian", "note": ""},
    "action": {"level": "penuh", "note": "Tidur jam sembilan."},
}


def today():
    return timezone.localdate()


def days(n):
    return today() + datetime.timedelta(days=n)


def of(record, kind):
    """The evaluation of `kind` of `record` (any record kind)."""
    from django.contrib.contenttypes.models import ContentType

    return Evaluation.objects.get(record_type=ContentType.objects.get_for_model(record), record_id=record.pk,
                                  kind=kind)


def fill(evaluation, by, answers=None, **more):
    evaluation.refresh_from_db()
    return services.evaluation_fill(evaluation=evaluation, by=by, version=evaluation.version,
                                    answers=answers or UCA_ANSWERS, **more)


def post_answers(answers=None, **more):
    """The fill form's POST for the answers given as {item: {level, note, scale}}."""
    data = {}
    for key, answer in (answers or UCA_ANSWERS).items():
        data[f"{key}_level"] = answer["level"]
        data[f"{key}_note"] = answer.get("note", "")
        if "scale" in answer:
            data[f"{key}_scale"] = str(answer["scale"])
    return {"done_on": today().isoformat(), "general_note": "", **data, **more}


__all__ = ["Kind", "UCA_ANSWERS", "days", "fill", "of", "post_answers", "today"]
