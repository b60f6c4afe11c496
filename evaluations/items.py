"""The items of a follow-up evaluation, shipped as data (R13).

UCA (understanding, comfort, action) is the default; the school's BK coordinator may choose AKURS
(acceptance, comfort, understanding, plan, spirit) instead. Each item is answered with a short
structured answer (one of three levels, worded for the item), an optional short note and, where the
school wants one, a score on a scale of 1 to 5. The words are translated like every other text
(locale/id and locale/en): the data names them once, here.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Variant(models.TextChoices):
    UCA = "uca", _("UCA: understanding, comfort, action")
    AKURS = "akurs", _("AKURS: acceptance, comfort, understanding, plan, spirit")


# the three levels of every item's structured answer, from the best
LEVELS = ("penuh", "sebagian", "belum")
SCALE = (1, 2, 3, 4, 5)
NOTE_LENGTH = 300


@dataclass(frozen=True)
class Item:
    key: str
    label: object
    question: object
    answers: tuple  # the labels of LEVELS, in order

    def choices(self):
        return list(zip(LEVELS, self.answers, strict=True))

    def answer_label(self, level):
        return dict(self.choices()).get(level, "")


UNDERSTANDING = Item(
    "understanding", _("Understanding"), _("What does the student now understand about the problem?"),
    (_("understands it clearly"), _("understands it in part"), _("does not understand it yet")),
)
COMFORT = Item(
    "comfort", _("Comfort"), _("How does the student feel now?"),
    (_("relieved and comfortable"), _("somewhat relieved"), _("still uncomfortable")),
)
ACTION = Item(
    "action", _("Action"), _("What will the student do next?"),
    (_("has a concrete plan and has begun"), _("has a plan, not begun yet"), _("has no plan yet")),
)
ACCEPTANCE = Item(
    "acceptance", _("Acceptance"), _("Does the student accept the help and the counselor?"),
    (_("accepts fully"), _("accepts in part"), _("does not accept yet")),
)
PLAN = Item(
    "plan", _("Plan"), _("What does the student plan to do?"),
    (_("has a concrete plan and has begun"), _("has a plan, not begun yet"), _("has no plan yet")),
)
SPIRIT = Item(
    "spirit", _("Spirit"), _("How keen is the student to carry the plan out?"),
    (_("keen"), _("somewhat keen"), _("not keen yet")),
)

ITEMS = {
    Variant.UCA: (UNDERSTANDING, COMFORT, ACTION),
    Variant.AKURS: (ACCEPTANCE, COMFORT, UNDERSTANDING, PLAN, SPIRIT),
}


def items_of(variant):
    return ITEMS.get(variant, ITEMS[Variant.UCA])


def answer_problems(variant, answers, *, with_scale):
    """{item key: message} for what is missing or wrong in `answers` ({key: {level, note, scale}})."""
    problems = {}
    if not isinstance(answers, dict):
        return {"__all__": _("The answers could not be read.")}
    keys = {item.key for item in items_of(variant)}
    for key in set(answers) - keys:
        problems[key] = _("This is not an item of the evaluation.")
    for item in items_of(variant):
        answer = answers.get(item.key)
        if not isinstance(answer, dict) or answer.get("level") not in LEVELS:
            problems[item.key] = _("Choose an answer.")
            continue
        if len(str(answer.get("note") or "")) > NOTE_LENGTH:
            problems[item.key] = _("Keep the note short (at most 300 characters).")
        scale = answer.get("scale")
        if with_scale and scale not in SCALE:
            problems[item.key] = _("Give a score from 1 to 5.")
        elif not with_scale and scale is not None:
            problems[item.key] = _("This school does not use a score.")
    return problems


def answer_rows(variant, answers):
    """(item label, answer label, note, scale) for showing or printing the answers."""
    rows = []
    for item in items_of(variant):
        answer = (answers or {}).get(item.key) or {}
        rows.append((item.label, item.answer_label(answer.get("level")), answer.get("note") or "",
                     answer.get("scale")))
    return rows
