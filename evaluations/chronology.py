"""The follow-up evaluations as entries of the case's chronology (R12, R13): a done one on the day it
was done, with its answers; an open one on its date, as planned; a missed one with the reason."""

from django.urls import reverse
from django.utils.translation import gettext as _

from bkcase.chronology import Entry

from .access import evaluations_of_cases
from .models import Kind, Status


class EvaluationSource:
    kinds = Kind.choices

    def entries(self, membership, case_ids, kinds, start, end):
        found = []
        for evaluation in evaluations_of_cases(membership, case_ids):
            if kinds and evaluation.kind not in kinds:
                continue
            on = evaluation.done_on if evaluation.is_done else evaluation.due_on
            if (start and on < start) or (end and on > end):
                continue
            lines, author = [], ""
            if evaluation.is_done:
                lines = [(str(label), f"{answer}{f' ({scale})' if scale else ''}{f': {note}' if note else ''}")
                         for label, answer, note, scale in evaluation.answer_rows()]
                author = evaluation.done_by.display_name
                title = _("%(kind)s done") % {"kind": evaluation.get_kind_display()}
            elif evaluation.status == Status.MISSED:
                author = evaluation.missed_by.display_name if evaluation.missed_by else ""
                title = _("%(kind)s not done") % {"kind": evaluation.get_kind_display()}
            else:
                title = _("%(kind)s due") % {"kind": evaluation.get_kind_display()}
            found.append(Entry(
                on=on, kind=evaluation.kind, kind_label=evaluation.get_kind_display(), title=str(title),
                case_id=evaluation.case_id, text=evaluation.general_note if evaluation.is_done else
                evaluation.missed_reason, lines=lines, author=author,
                url=reverse("evaluations:evaluation_detail", args=[evaluation.pk]),
                planned=evaluation.is_open, order=evaluation.pk,
            ))
        return found


source = EvaluationSource()
