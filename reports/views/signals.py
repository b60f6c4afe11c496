"""The lists behind the quality signals of the home page: exactly the records each count counts."""

from dataclasses import dataclass

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from bkcase import audit
from bkcase.viewhelpers import paginate, require

from ..access import reads_own_caseload
from ..signals import BY_KEY


@dataclass
class Row:
    code: str
    url: str
    student: str
    counselor: str
    what: str
    date: object


def _referral_rows(records, date_of):
    return (records.select_related("case__student", "case__counselor__user", "expert").order_by(date_of, "pk"),
            lambda r: Row(r.code, reverse("referrals:referral_detail", args=[r.pk]), r.case.student.full_name,
                          r.case.counselor.display_name, str(r.expert), getattr(r, date_of)))


def _case_rows(records):
    return (records.select_related("student", "counselor__user").order_by("opened_on", "pk"),
            lambda c: Row(c.code, reverse("case_detail", args=[c.pk]), c.student.full_name,
                          c.counselor.display_name, c.get_category_display(), c.opened_on))


def _action_rows(records):
    # a conference shows its case's code, not the student's name (R5)
    return (records.select_related("conference__case__counselor__user", "responsible").order_by("due_on", "pk"),
            lambda a: Row(a.conference.code, reverse("conferences:conference_detail", args=[a.conference_id]), "",
                          a.conference.case.counselor.display_name, f"{a.what} — {a.responsible.name}", a.due_on))


def _evaluation_rows(records):
    # counts and dates only: the answers are for the case's counselors (R13)
    return (records.select_related("case__counselor__user").order_by("due_on", "pk"),
            lambda e: Row(e.case.code, reverse("case_detail", args=[e.case_id]), "",
                          e.case.counselor.display_name, e.get_kind_display(), e.due_on))


PRESENTED = {
    "expert-answer": lambda records: _referral_rows(records, "first_contacted_on"),
    "expert-report": lambda records: _referral_rows(records, "expert_report_due_on"),
    "must-refer": _case_rows,
    "action-items": _action_rows,
    "evaluations": _evaluation_rows,
    "long-open": _case_rows,
}


@require(reads_own_caseload)
def signal_list(request, kind):
    """The records of one signal that the user may see: the school's for the coordinator, their own
    caseload's for a counselor."""
    signal = BY_KEY.get(kind)
    if signal is None:
        raise Http404
    m = request.membership
    records, row = PRESENTED[kind](signal.records(m, timezone.localdate()))
    context = {"signal": signal, **paginate(request, records)}
    context["rows"] = [row(record) for record in context["page_obj"]]
    # the list names students with their problem: a view row for each (S28)
    audit.record_shown(by=m, object_type=f"reports.signal:{kind}", records=context["page_obj"])
    return render(request, "reports/signal_list.html", context)
