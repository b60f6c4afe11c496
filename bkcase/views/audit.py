"""The access log (S11, UU PDP Pasal 31–32): who accessed a student's records, and when."""

import csv

from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .. import audit
from ..access import can_read_access_log, students_visible_to
from ..exports import safe_row
from ..forms import DateInput, refuse_backwards_period
from ..models import AuditEvent
from ..search import TOKEN_PARAMETER, list_search
from ..viewhelpers import paginate, require


class AccessLogForm(forms.Form):
    nis = forms.CharField(label=gettext_lazy("Student's NIS"), max_length=20)
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.membership = membership

    def clean(self):
        data = super().clean()
        if data.get("nis"):
            student = students_visible_to(self.membership).filter(nis=data["nis"].strip()).first()
            if student is None:
                self.add_error("nis", _("No student of your school has this NIS."))
            data["student"] = student
        refuse_backwards_period(self, data)
        return data


def _events(form):
    data = form.cleaned_data
    return (
        # by student only (the form found them in the reader's school): a refused attempt from
        # another school is filed under that school, and shows here too
        AuditEvent.objects.filter(
            student_id=data["student"].pk,
            occurred_at__date__gte=data["start"], occurred_at__date__lte=data["end"],
        )
        .order_by("occurred_at", "id")
    )


def _form(request):
    """The search, sent by POST and kept under a token (bkcase.search): a NIS never reaches a URL."""
    today = timezone.localdate()
    initial = {"start": today.replace(day=1), "end": today}
    return list_search(request, AccessLogForm, path=reverse("access_log"), membership=request.membership,
                       initial=initial)


@require(can_read_access_log)
@require_http_methods(["GET", "POST"])
def access_log(request):
    form, searched = _form(request)
    if searched:
        return searched
    context = {"form": form}
    if form.is_valid():
        student = form.cleaned_data["student"]
        audit.record(by=request.membership, action=audit.Action.VIEW, object_type="bkcase.accesslog",
                     object_id=student.pk, student_id=student.pk)
        context.update(student=student, events=_events(form).select_related("user")[:1000],
                       token=request.GET.get(TOKEN_PARAMETER, ""))
    return render(request, "bkcase/access_log.html", context)


@require(can_read_access_log)
@require_http_methods(["GET"])
def access_log_csv(request):
    form, _searched = _form(request)
    if form is None or not form.is_valid():
        return redirect("access_log")
    student = form.cleaned_data["student"]
    audit.record(by=request.membership, action=audit.Action.EXPORT, object_type="bkcase.accesslog",
                 object_id=student.pk, student_id=student.pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="log-akses-{student.nis}.csv"'
    add_never_cache_headers(response)
    writer = csv.writer(response)
    writer.writerow(safe_row([_("Time"), _("User"), _("Role"), _("Action"), _("Object"), _("IP address")]))
    for event in _events(form).iterator():
        writer.writerow(safe_row([  # a username such as "=HYPERLINK(...)" is written as text (S29)
            timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M:%S"), event.username, event.role,
            event.get_action_display(), f"{event.object_type}:{event.object_id}", event.ip or "",
        ]))
    return response


# Accounts: logins, failed logins, lockouts, password resets and every account change (S25, S28).
ACCOUNT_OBJECT_TYPES = ("auth.user", "bkcase.membership", "auth.passwordreset")


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    end = forms.DateField(label=gettext_lazy("Until"), widget=DateInput())

    def clean(self):
        data = super().clean()
        refuse_backwards_period(self, data)
        return data


@require(can_read_access_log)
def account_log(request):
    """Who logged in, failed to, was locked out, reset a password, or changed an account, in the school."""
    today = timezone.localdate()
    form = PeriodForm(request.GET or {"start": today.replace(day=1), "end": today})
    events = AuditEvent.objects.none()
    if form.is_valid():
        events = AuditEvent.objects.filter(
            school_id=request.membership.school_id, object_type__in=ACCOUNT_OBJECT_TYPES,
            occurred_at__date__gte=form.cleaned_data["start"], occurred_at__date__lte=form.cleaned_data["end"],
        ).order_by("-occurred_at", "-id")
    return render(request, "bkcase/account_log.html", {"form": form, **paginate(request, events, per_page=100)})
