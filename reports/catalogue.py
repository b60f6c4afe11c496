"""The reports area's table of contents: each report with who may read it.

A report adds itself here (an entry of `REPORTS`); the index page lists those the user may read,
in this order. `access` names a predicate of reports/access.py (or of the app the report lives in).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from referrals.access import can_work_on_referrals

from . import access


@dataclass(frozen=True)
class Report:
    url_name: str
    title: str
    description: str
    access: Callable

    def url(self):
        return reverse(self.url_name)


REPORTS = [
    Report("reports:period", _("Monthly and semester BK report"),
           _("Cases, services, referrals, conferences and evaluations of a month or a semester, counted, with "
             "charts; as PDF and Excel."),
           access.reads_period_report),
    Report("reports:figures", _("De-identified figures"),
           _("The school's figures for the principal and the education office: counts only, small counts "
             "shown as \"< 5\"; as PDF and Excel."),
           access.reads_deidentified_figures),
    Report("reports:atk_recap", _("ATK recap"),
           _("The referrals started in a period: stage, expert and result, as PDF and Excel."),
           can_work_on_referrals),  # the predicate of its views and its background job
    Report("reports:conference_recap", _("Conference recap"),
           _("The case conferences of a period by their codes: approval, attendance, success and action items, "
             "as PDF and Excel."),
           access.can_recap_conferences),
    Report("evaluations:evaluation_report", _("Evaluations report"),
           _("The follow-up evaluations due in a period: done on time, late, not done; counts only."),
           access.reads_own_caseload),
]


def reports_for(membership):
    return [report for report in REPORTS if report.access(membership)]
