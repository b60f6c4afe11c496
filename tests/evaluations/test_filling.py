"""R13: filling an evaluation with the UCA items (or the school's AKURS), rescheduling it with a reason,
recording why it was not done; the items exist in Indonesian and English."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from bkcase.exceptions import StaleEdit
from evaluations import services
from evaluations.items import ITEMS, Variant
from evaluations.models import Kind, Status

from ..counseling.conftest import record
from .conftest import UCA_ANSWERS, days, fill, of, today

pytestmark = pytest.mark.r13


@pytest.fixture
def laiseg(case, konselor):
    return of(record(case, konselor), Kind.LAISEG)


def test_a_laiseg_is_filled_with_the_three_uca_items(laiseg, konselor):
    done = fill(laiseg, konselor, general_note="Klien tersenyum.")
    assert (done.status, done.done_on, done.done_by, done.done_on_time()) == (Status.DONE, today(), konselor, True)
    assert done.answers["understanding"] == {"level": "penuh", "note": "Terlambat karena tidur larut."}
    assert done.answers["comfort"] == {"level": "sebagian"}
    assert [item.key for item in done.items()] == ["understanding", "comfort", "action"]
    assert [answer for _label, answer, *_rest in done.answer_rows()][0] == done.items()[0].answers[0]


def test_every_item_needs_an_answer(laiseg, konselor):
    with pytest.raises(ValidationError) as refused:
        fill(laiseg, konselor, answers={"understanding": {"level": "penuh"}, "comfort": {"level": "entah"}})
    assert set(refused.value.error_dict) == {"comfort", "action"}
    laiseg.refresh_from_db()
    assert laiseg.status == Status.DUE


def test_the_coordinator_chooses_akurs_and_a_score(case, konselor, koordinator):
    services.evaluation_settings_update(by=koordinator, variant=Variant.AKURS, with_scale=True)
    laiseg = of(record(case, konselor), Kind.LAISEG)
    with pytest.raises(ValidationError) as refused:
        fill(laiseg, konselor)  # UCA's answers, without a score
    assert {"acceptance", "plan", "spirit", "comfort", "understanding", "action"} <= set(refused.value.error_dict)
    answers = {key: {"level": "sebagian", "scale": 3} for key in ("acceptance", "comfort", "understanding", "plan",
                                                                   "spirit")}
    done = fill(laiseg, konselor, answers=answers)
    assert (done.variant, done.with_scale, done.answers["spirit"]) == ("akurs", True, {"level": "sebagian", "scale": 3})


def test_a_laijapen_is_filled_from_a_week_before_its_date(case, konselor):
    laijapen, _laijapan = services.services_end(case=case, by=konselor, ended_on=today())
    with pytest.raises(ValidationError, match="Dapat diisi mulai"):
        fill(laijapen, konselor)
    laijapen.due_on = days(7)
    laijapen.save(update_fields=["due_on"])
    assert fill(laijapen, konselor).status == Status.DONE


def test_a_done_evaluation_is_not_filled_again(laiseg, konselor):
    fill(laiseg, konselor)
    with pytest.raises(ValidationError, match="sudah ditutup"):
        fill(laiseg, konselor)


def test_a_stale_fill_is_refused(laiseg, konselor):
    with pytest.raises(StaleEdit):
        services.evaluation_fill(evaluation=laiseg, by=konselor, version=laiseg.version - 1, answers=UCA_ANSWERS)


def test_rescheduling_needs_a_reason_and_a_date_to_come_and_keeps_the_trace(laiseg, konselor):
    with pytest.raises(ValidationError):
        services.evaluation_reschedule(evaluation=laiseg, by=konselor, version=laiseg.version, due_on=days(3),
                                       reason=" ")
    with pytest.raises(ValidationError):
        services.evaluation_reschedule(evaluation=laiseg, by=konselor, version=laiseg.version, due_on=days(-1),
                                       reason="Klien sakit")
    moved = services.evaluation_reschedule(evaluation=laiseg, by=konselor, version=laiseg.version, due_on=days(3),
                                           reason="Klien sakit")
    assert moved.due_on == days(3)
    assert list(moved.reschedules.values_list("from_on", "to_on", "reason", "by")) == [
        (today(), days(3), "Klien sakit", konselor.pk)]


def test_an_overdue_evaluation_rescheduled_is_due_again(laiseg, konselor):
    laiseg.status, laiseg.due_on = Status.OVERDUE, days(-2)
    laiseg.save(update_fields=["status", "due_on"])
    moved = services.evaluation_reschedule(evaluation=laiseg, by=konselor, version=laiseg.version, due_on=today(),
                                           reason="Dijadwalkan ulang")
    assert (moved.status, moved.overdue_since) == (Status.DUE, None)


def test_an_evaluation_not_done_says_why(laiseg, konselor):
    with pytest.raises(ValidationError):
        services.evaluation_mark_missed(evaluation=laiseg, by=konselor, version=laiseg.version, reason="")
    missed = services.evaluation_mark_missed(evaluation=laiseg, by=konselor, version=laiseg.version,
                                             reason="Klien pindah sekolah.")
    assert (missed.status, missed.missed_reason, missed.missed_by) == (Status.MISSED, "Klien pindah sekolah.", konselor)


def test_another_counselor_cannot_fill_it(laiseg, cast):
    from bkcase.exceptions import NotAllowed

    for who in ("konselor_lain", "koordinator", "kepala"):
        with pytest.raises(NotAllowed):
            services.evaluation_fill(evaluation=laiseg, by=cast[who], version=laiseg.version, answers=UCA_ANSWERS)


@pytest.mark.parametrize("variant", list(Variant))
def test_the_items_are_shipped_in_indonesian_and_english(variant):
    for item in ITEMS[variant]:
        with translation.override("en"):
            english = [str(item.label), str(item.question), *map(str, item.answers)]
        with translation.override("id"):
            indonesian = [str(item.label), str(item.question), *map(str, item.answers)]
        assert all(indonesian) and all(english)
        assert indonesian != english, f"{item.key} is not translated into Indonesian"
