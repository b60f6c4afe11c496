"""The roster import's pages: upload, map the columns, preview, apply, follow the progress."""

import io
from types import SimpleNamespace

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bkcase import audit
from bkcase.access import get_visible_or_404
from bkcase.exceptions import DomainError
from bkcase.exports import xlsx_response
from bkcase.models import Student
from bkcase.viewhelpers import add_service_error, refusal_text, require

from . import rollover, services
from .access import can_import_roster, can_roll_over, roster_imports_visible_to, students_to_match
from .columns import BY_KEY, TEMPLATE_HEADERS
from .forms import ApplyForm, MappingForm, RollOverForm, UploadForm
from .models import ImportStatus

SHOWN_ROWS = services.SHOWN_ROWS


def _import(request, pk):
    return get_visible_or_404(request, roster_imports_visible_to(request.membership),
                              object_type="rosters.rosterimport", pk=pk)


@require(can_import_roster)
@require_http_methods(["GET", "POST"])
def upload(request):
    m = request.membership
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                roster_import = services.roster_upload(by=m, uploaded_file=form.cleaned_data["file"])
            except DomainError as error:
                form.add_error("file", refusal_text(error))
            else:
                return redirect("rosters:detail", pk=roster_import.pk)
        messages.error(request, _("Nothing was imported. Please correct the marked input."))
    recent = roster_imports_visible_to(m)[:10]
    return render(request, "rosters/upload.html", {"form": form, "imports": recent},
                  status=400 if form.errors else 200)


@require_GET
@require(can_import_roster)
def template(request):
    """An empty roster with the headers the import recognises, and one example row."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Siswa"
    sheet.append(TEMPLATE_HEADERS)
    sheet.append(["Contoh Siswa", "2026001", "0091234567", "P", "Semarang", "17-05-2010", "X IPA 1", "Budi", "Sari",
                  "", "081234567890", "Jl. Melati 3"])
    for column in ("B", "C", "F", "K"):
        for cell in sheet[column]:
            cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return xlsx_response(buffer.getvalue(), "template-data-siswa.xlsx")


def _mapping_form(roster_import, data=None):
    return MappingForm(data, headers=services.headers_of(roster_import), mapping=roster_import.mapping,
                       initial={"version": roster_import.version})


@require_GET
@require(can_import_roster)
def detail(request, pk):
    roster_import = _import(request, pk)
    context = {"roster_import": roster_import, "state": _status(roster_import)}
    if roster_import.status == ImportStatus.UPLOADED and not roster_import.file:
        messages.error(request, _("The uploaded file is no longer kept: upload it again."))
        return redirect("rosters:upload")
    if roster_import.can_apply():
        try:
            context.update(_preview_context(request, roster_import))
        except DomainError as error:
            messages.error(request, refusal_text(error))
            return redirect("rosters:upload")
    return render(request, "rosters/detail.html", context)


def _preview_context(request, roster_import, mapping_form=None):
    context = {"mapping_form": mapping_form or _mapping_form(roster_import),
               "missing_columns": services.missing_columns(roster_import)}
    if context["missing_columns"]:
        return context
    if roster_import.preview is not None:
        plan, counts, digest, shown = _kept_preview(request.membership, roster_import.preview)
    else:
        plan = services.roster_preview(roster_import=roster_import)
        counts, digest = plan.counts, plan.digest
        shown = {action: [row for row in plan.rows if row.action == action][:SHOWN_ROWS]
                 for action in ("create", "update")}
    for row in shown["update"]:
        row.change_labels = [_field_label(key) for key in row.changes]
    # the preview names students: a view row for each existing one it shows (S28)
    audit.record_shown(by=request.membership, object_type="rosters.preview",
                       records=[row.student for row in shown["update"]])
    context.update(plan=plan, counts=counts, shown=shown, shown_limit=SHOWN_ROWS,
                   apply_form=ApplyForm(initial={"digest": digest}))
    return context


def _kept_preview(membership, kept):
    """The preview the worker built of a large file, in the shape the page shows (its students read
    in one query, through what the importer may see)."""
    ids = [row["student"] for row in kept["shown"]["update"]]
    students = students_to_match(membership).in_bulk(ids)
    shown = {
        "create": [SimpleNamespace(row=row["row"], values=row["values"]) for row in kept["shown"]["create"]],
        "update": [SimpleNamespace(row=row["row"], student=students[row["student"]], changes=row["changes"])
                   for row in kept["shown"]["update"] if row["student"] in students],
    }
    problems = [SimpleNamespace(row=row, column=column, message=message) for row, column, message in kept["problems"]]
    return SimpleNamespace(problems=problems), kept["counts"], kept["digest"], shown


def _field_label(key):
    if key in BY_KEY:
        return BY_KEY[key].label
    return Student._meta.get_field(key).verbose_name


@require_POST
@require(can_import_roster)
def mapping(request, pk):
    roster_import = _import(request, pk)
    form = _mapping_form(roster_import, request.POST)
    if form.is_valid():
        try:
            services.roster_map(by=request.membership, roster_import=roster_import, mapping=form.mapping(),
                                version=form.cleaned_data["version"])
        except DomainError as error:
            add_service_error(form, error)
        else:
            return redirect("rosters:detail", pk=roster_import.pk)
    messages.error(request, _("Nothing was saved. Please correct the marked input."))
    context = {"roster_import": roster_import, "state": _status(roster_import)}
    context.update(_preview_context(request, roster_import, mapping_form=form))
    return render(request, "rosters/detail.html", context, status=400)


@require_POST
@require(can_import_roster)
def apply(request, pk):
    roster_import = _import(request, pk)
    form = ApplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This page is out of date or incomplete: reload it, then enter your changes again. "
                                  "Nothing was saved."))
        return redirect("rosters:detail", pk=roster_import.pk)
    try:
        done = services.roster_apply(by=request.membership, roster_import=roster_import, **form.cleaned_data)
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect("rosters:detail", pk=roster_import.pk)
    if done.status == ImportStatus.DONE:
        messages.success(request, _("Roster imported: %(created)s added, %(updated)s updated, %(unchanged)s unchanged, "
                                    "%(deactivated)s marked inactive.") % {
            "created": done.created, "updated": done.updated, "unchanged": done.unchanged,
            "deactivated": done.deactivated})
    return redirect("rosters:detail", pk=roster_import.pk)


def _status(roster_import):
    return {
        "status": roster_import.status,
        "label": roster_import.get_status_display(),
        "percent": roster_import.percent,
        "indeterminate": roster_import.status == ImportStatus.WRITING,
        "done": roster_import.done,
        "total": roster_import.total,
        "finished": not roster_import.is_running,
        "waiting_long": roster_import.waiting_long,
        "stalled": roster_import.stalled,
        "result_url": reverse("rosters:detail", args=[roster_import.pk]),
    }


@require_GET
@require(can_import_roster)
def status(request, pk):
    """How far the import has got, for the page's progress bar (polled every second)."""
    return JsonResponse(_status(_import(request, pk)))


@require(can_roll_over)
@require_http_methods(["GET", "POST"])
def roll_over(request):
    """The year roll-over: what it will do (classes moved up, graduates), then doing it."""
    m = request.membership
    if request.method == "POST":
        form = RollOverForm(request.POST)
        if form.is_valid():
            try:
                year, moved, graduated = rollover.year_roll_over(by=m, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, refusal_text(error))
            else:
                messages.success(request, _("School year %(year)s started: %(moved)s students moved up, %(graduated)s "
                                            "graduated. Review the counselors and homeroom teachers of the classes.") % {
                    "year": year.name, "moved": moved, "graduated": graduated})
                return redirect(f"{reverse('classes')}?year={year.pk}")
        else:
            messages.error(request, _("This page is out of date or incomplete: reload it, then enter your changes "
                                      "again. Nothing was saved."))
        return redirect("rosters:roll_over")
    try:
        plan = rollover.roll_over_plan(by=m)
    except DomainError as error:
        return render(request, "rosters/roll_over.html", {"refusal": refusal_text(error)})
    form = RollOverForm(initial={"source_year": plan.source.pk, "expected_students": plan.moving + plan.graduates})
    return render(request, "rosters/roll_over.html", {"plan": plan, "form": form})
