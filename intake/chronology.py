"""A teacher's referral to BK as an entry of the case's chronology (R12, R15): who referred the
student, when, and what they observed."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from bkcase.chronology import Entry, in_period

from .access import bk_referrals_of_cases

KIND = "rujukan_bk"


class BkReferralSource:
    kinds = [(KIND, gettext_lazy("Referral to BK by a teacher"))]

    def entries(self, membership, case_ids, kinds, start, end):
        found = []
        for referral in bk_referrals_of_cases(membership, case_ids):
            on = timezone.localdate(referral.created_at)
            if not in_period(on, start, end):
                continue
            found.append(Entry(
                on=on, kind=KIND, kind_label=str(self.kinds[0][1]), case_id=referral.case_id, order=referral.pk,
                title=_("referred to BK by %(teacher)s (%(kind)s)") % {
                    "teacher": referral.teacher.display_name, "kind": referral.get_teacher_kind_display().lower()},
                text=referral.observed, author=referral.teacher.display_name,
                url=reverse("intake:detail", args=[referral.pk])))
        return found


source = BkReferralSource()
