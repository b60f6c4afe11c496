"""The close rule of R13: a case closes only after its Laijapan is done, or with a written reason.

The core's case closing asks each check listed in the setting CASE_CLOSE_CHECKS (it names no app).
A Laijapan marked not done already carries its reason; a Laijapan still open, or none at all, needs
the reason at closing, and the reason is kept on the Laijapan (marked not done), so that the period
report counts it as missed.
"""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bkcase.models import Case

from .models import OPEN_STATUSES, Kind, Status


class LaijapanCheck:
    field = "no_laijapan_reason"
    label = gettext_lazy("Why does the case close without its Laijapan?")
    help_text = gettext_lazy("The long-term evaluation (Laijapan) is not done: the reason is kept with it.")

    def needs_reason(self, case):
        laijapans = case.evaluations.filter(kind=Kind.LAIJAPAN)
        return not laijapans.exclude(status__in=OPEN_STATUSES).exists() or laijapans.filter(
            status__in=OPEN_STATUSES).exists()

    def refusal(self, case):
        return _("A case closes after its Laijapan (long-term evaluation) is done, or with a written reason: write "
                 "why it closes without it.")

    def apply(self, case, *, by, reason):
        """Inside the closing transaction: the open Laijapans are not done, for this reason; without any
        Laijapan, one of the case itself records it."""
        open_ones = list(case.evaluations.select_for_update().filter(kind=Kind.LAIJAPAN, status__in=OPEN_STATUSES))
        for evaluation in open_ones:
            evaluation.status, evaluation.missed_reason, evaluation.missed_by = Status.MISSED, reason, by
            evaluation.version += 1
            evaluation.save(update_fields=["status", "missed_reason", "missed_by", "version", "updated_at"])
        if not open_ones and not case.evaluations.filter(kind=Kind.LAIJAPAN).exists():
            case.evaluations.create(
                school_id=case.school_id, record_type=ContentType.objects.get_for_model(Case), record_id=case.pk,
                kind=Kind.LAIJAPAN, due_on=case.closed_on or timezone.localdate(), status=Status.MISSED,
                missed_reason=reason, missed_by=by, scheduled_by=by,
            )


laijapan_check = LaijapanCheck()
