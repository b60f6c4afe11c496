"""Roster import (R14): upload, map the columns, preview, then apply in one transaction.

Nothing is written before the user has seen the preview; applying re-reads the file and writes only
if the plan is still the one the preview showed. Students are matched by NISN, else NIS, so the same
file imported twice changes nothing; a student is never deleted, and students missing from the file
are marked inactive only when the user asks for it, having seen their number.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase.exceptions import DomainError, NotAllowed, refuses_in_the_domain
from bkcase.models import Enrolment, SchoolClass, SchoolYear, Student

from .access import can_import_roster, students_to_match
from .columns import BY_KEY, REQUIRED, find_header_row
from .models import ImportStatus, RosterImport
from .planning import STUDENT_FIELDS, build_plan
from .reading import RosterFileError, kind_of, read_rows
from .tasks import run_import, run_preview

logger = logging.getLogger(__name__)

SHOWN_ROWS = 100  # rows of each kind the preview lists; the counts cover them all


@refuses_in_the_domain
def roster_purge_expired(*, school_id):
    """Uploaded rosters never imported are deleted a day after their upload (they hold the
    students' personal data); the import's row stays, saying the file is no longer kept."""
    cutoff = timezone.now() - timedelta(hours=settings.ROSTER_FILE_HOURS)
    for roster_import in RosterImport.objects.filter(school_id=school_id, created_at__lt=cutoff).exclude(file=""):
        roster_import.file.delete(save=False)
        RosterImport.objects.filter(pk=roster_import.pk).update(file="")


@refuses_in_the_domain
def roster_upload(*, by, uploaded_file):
    """Keep an uploaded roster file and find its header row and columns. A file that cannot be read
    is refused with the reason; nothing is kept of it."""
    if not can_import_roster(by):
        raise NotAllowed(_("Only the BK coordinator and the operator import the roster."))
    year = SchoolYear.current_of(by.school_id)
    if year is None:
        raise DomainError(_("There is no current school year: the BK coordinator adds it under Classes first."))
    roster_purge_expired(school_id=by.school_id)
    name = getattr(uploaded_file, "name", "") or ""
    kind = kind_of(name)
    if not kind:
        raise DomainError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if getattr(uploaded_file, "size", 0) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 2:
        raise DomainError(_("The file is larger than 5 MB. Save only the sheet of students and try again."))
    content = uploaded_file.read()
    try:
        rows = read_rows(content, kind)
    except RosterFileError as error:
        raise DomainError(error.message) from None
    header_row, mapping = find_header_row(rows)
    if len(rows) <= header_row + 1:
        raise DomainError(_("The file has a header row but no students under it."))
    roster_import = RosterImport(school_id=by.school_id, requested_by=by, year=year, filename=name[-200:],
                                 kind=kind, header_row=header_row, mapping=mapping, total=len(rows) - header_row - 1)
    with transaction.atomic():
        roster_import.file.save(f"roster.{kind}", ContentFile(content), save=False)
        roster_import.save()
        audit.record(by=by, action=audit.Action.CREATE, obj=roster_import)
        _queue_preview(roster_import)
    return roster_import


def _queue_preview(roster_import):
    """A large file's preview is read by the background worker, which shows its progress (the request
    would take seconds); a small one's is built on the page. Nothing to read before the columns are
    known. The caller holds the transaction."""
    if not roster_import.previews_in_background or missing_columns(roster_import):
        return
    roster_import.status, roster_import.preview, roster_import.done = ImportStatus.PREVIEW_QUEUED, None, 0
    roster_import.progressed_at = timezone.now()
    roster_import.save(update_fields=["status", "preview", "done", "progressed_at"])
    transaction.on_commit(lambda: run_preview.enqueue(roster_import.pk))


def _rows(roster_import):
    try:
        with roster_import.file.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        raise DomainError(_("The uploaded file is no longer kept: upload it again.")) from None
    try:
        return read_rows(content, roster_import.kind)
    except RosterFileError as error:
        raise DomainError(error.message) from None


def headers_of(roster_import):
    rows = _rows(roster_import)
    return [str(cell) if cell is not None else "" for cell in rows[roster_import.header_row]]


def missing_columns(roster_import):
    """The required columns the mapping does not name yet."""
    return [BY_KEY[key] for key in REQUIRED if key not in roster_import.mapping]


@refuses_in_the_domain
def roster_map(*, by, roster_import, mapping, version=None):
    """Say which column of the file holds which field, when the headers were not recognised."""
    from bkcase.versioning import lock_for_edit

    if not can_import_roster(by) or roster_import.requested_by_id != by.pk:
        raise NotAllowed(_("Only the one who uploaded the file maps its columns."))
    if not roster_import.can_apply():
        raise DomainError(_("This import was already applied."))
    width = len(headers_of(roster_import))
    chosen = {key: int(index) for key, index in mapping.items() if index not in (None, "")}
    errors = {}
    for key, index in chosen.items():
        if key not in BY_KEY or not 0 <= index < width:
            errors[key] = _("Choose one of the file's columns.")
    used = [index for index in chosen.values()]
    if len(used) != len(set(used)):
        errors["__all__"] = _("Each column of the file can hold only one field.")
    for key in REQUIRED:
        if key not in chosen:
            errors[key] = _("Choose the column that holds this.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = lock_for_edit(RosterImport.objects.filter(pk=roster_import.pk), roster_import.pk, version)
        locked.mapping, locked.preview = chosen, None
        locked.version += 1
        locked.save(update_fields=["mapping", "preview", "version"])
        audit.record(by=by, action=audit.Action.CHANGE, obj=locked, detail="mapping")
        _queue_preview(locked)
    return locked


@refuses_in_the_domain
def roster_preview(*, roster_import, progress=None):
    """The plan of an import: what it would create, update and leave alone, and every row's problem."""
    if missing_columns(roster_import):
        raise DomainError(_("Say first which column holds each required field."))
    rows = _rows(roster_import)
    return build_plan(students=students_to_match(roster_import.requested_by), year=roster_import.year, rows=rows,
                      header_index=roster_import.header_row, mapping=roster_import.mapping, progress=progress)


@refuses_in_the_domain
def roster_apply(*, by, roster_import, digest, deactivate_missing=False):
    """Apply the import the user saw the preview of, in one transaction. Many rows: queued for the
    background worker, which shows its progress."""

    if not can_import_roster(by) or roster_import.requested_by_id != by.pk:
        raise NotAllowed(_("Only the one who uploaded the file applies its import."))
    try:
        return _apply_or_queue(by, roster_import, digest, deactivate_missing)
    except PreviewOutdated:
        # a large file's kept preview is read again in the background; a small one's is built on the page
        with transaction.atomic():
            locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
            if locked.can_apply():
                _queue_preview(locked)
        raise


def _apply_or_queue(by, roster_import, digest, deactivate_missing):
    with transaction.atomic():
        locked = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if not locked.can_apply():
            raise DomainError(_("This import was already applied."))
        locked.digest, locked.deactivate_missing = digest, bool(deactivate_missing)
        if locked.total > settings.ROSTER_BACKGROUND_FROM:
            locked.status, locked.progressed_at = ImportStatus.QUEUED, timezone.now()
            locked.save(update_fields=["digest", "deactivate_missing", "status", "progressed_at"])
            transaction.on_commit(lambda: run_import.enqueue(locked.pk))
            return locked
        return _apply(locked, by)


class ImportProgress:
    """Writes how far the reading has got (one UPDATE every 200 rows, outside any transaction, so the
    page that polls sees it at once)."""

    def __init__(self, roster_import, status=ImportStatus.READING):
        self.pk, self.status = roster_import.pk, status

    def __call__(self, done, total):
        RosterImport.objects.filter(pk=self.pk).update(status=self.status, done=done, total=total,
                                                      progressed_at=timezone.now())


class PreviewOutdated(DomainError):
    """The plan is no longer the one the preview showed."""


def _checked_plan(roster_import, progress=None):
    plan = roster_preview(roster_import=roster_import, progress=progress)
    if plan.problems:
        raise DomainError(_("The file has problems: nothing was imported. Correct them and upload it again."))
    if plan.digest != roster_import.digest:
        raise PreviewOutdated(_("The school's data changed since the preview: nothing was imported. Look at the "
                                "preview again."))
    return plan


def _apply(roster_import, by, plan=None):
    """Write the import (the caller holds the transaction and the import's row lock). The uploaded
    file is deleted once the transaction commits: the students hold its data now."""
    plan = plan or _checked_plan(roster_import)
    counts = _write(plan, roster_import, by)
    name = roster_import.file.name
    RosterImport.objects.filter(pk=roster_import.pk).update(
        status=ImportStatus.DONE, finished_at=timezone.now(), done=F("total"), file="", **counts)
    storage = roster_import.file.storage
    transaction.on_commit(lambda: storage.delete(name))
    roster_import.refresh_from_db()
    return roster_import


def roster_run(import_id):
    """The worker's part: read the rows (with progress), check them against the preview, and write
    the whole import in one transaction."""
    roster_import = RosterImport.objects.select_related("requested_by__school", "requested_by__user", "year").get(
        pk=import_id)
    if roster_import.status != ImportStatus.QUEUED:
        return roster_import
    try:
        plan = _checked_plan(roster_import, progress=ImportProgress(roster_import))
        RosterImport.objects.filter(pk=import_id).update(status=ImportStatus.WRITING, progressed_at=timezone.now())
        with transaction.atomic():
            return _apply(roster_import, roster_import.requested_by, plan)
    except DomainError:
        # shown again as its preview, which says what changed (a large file's is read again)
        RosterImport.objects.filter(pk=import_id).update(status=ImportStatus.UPLOADED, done=0, preview=None)
        roster_import.refresh_from_db()
        _queue_preview(roster_import)
        return roster_import
    except Exception:
        logger.exception("Roster import %s failed", import_id)
        RosterImport.objects.filter(pk=import_id).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise


def roster_run_preview(import_id):
    """The worker's part of a large file's preview: read the rows (with progress) and keep what the
    preview page shows: the counts, every problem, the first rows of each kind and the digest that
    the import checks again before it writes."""
    roster_import = RosterImport.objects.select_related("requested_by__school", "year").get(pk=import_id)
    if roster_import.status != ImportStatus.PREVIEW_QUEUED:
        return roster_import
    try:
        plan = roster_preview(roster_import=roster_import,
                              progress=ImportProgress(roster_import, status=ImportStatus.PREVIEWING))
    except DomainError:
        # the page builds the preview itself and says what is wrong (the file is gone, a column is missing)
        RosterImport.objects.filter(pk=import_id).update(status=ImportStatus.UPLOADED, done=0, preview=None)
        return roster_import
    except Exception:
        logger.exception("Roster preview %s failed", import_id)
        RosterImport.objects.filter(pk=import_id).update(status=ImportStatus.FAILED, finished_at=timezone.now())
        raise
    RosterImport.objects.filter(pk=import_id, status=ImportStatus.PREVIEWING).update(
        status=ImportStatus.UPLOADED, done=0, preview=kept_preview(plan), progressed_at=timezone.now())
    roster_import.refresh_from_db()
    return roster_import


def kept_preview(plan):
    """What the preview page shows of a plan, as JSON: `shown` rows of each kind (their values, or the
    student's id and what changes), every problem, the counts and the digest."""
    shown = SHOWN_ROWS
    rows = {"create": [], "update": []}
    for row in plan.rows:
        if row.action == "create" and len(rows["create"]) < shown:
            rows["create"].append({"row": row.row, "values": {key: row.values.get(key, "") for key in
                                                              ("full_name", "nis", "nisn", "class_name")}})
        elif row.action == "update" and len(rows["update"]) < shown:
            rows["update"].append({"row": row.row, "student": row.student.pk, "changes": row.changes})
    return {"counts": plan.counts, "digest": plan.digest, "shown": rows,
            "problems": [[p.row, p.column, p.message] for p in plan.problems]}


def _write(plan, roster_import, by):
    """Everything in bulk: the new classes, new students, changed students, enrolments, inactive
    students, and one audit row per student the import created or changed."""
    year, school_id, now = roster_import.year, roster_import.school_id, timezone.now()
    classes = {c.name: c for c in SchoolClass.objects.select_for_update().filter(year=year)}
    new_classes = []
    for row in plan.rows:
        level, major, parallel, name = row.school_class
        if name not in classes:
            classes[name] = SchoolClass(school_id=school_id, year=year, level=level, major=major, parallel=parallel,
                                        name=name)
            new_classes.append(classes[name])
    SchoolClass.objects.bulk_create(new_classes)

    created = [Student(school_id=school_id, **row.values) for row in plan.rows if row.action == "create"]
    Student.objects.bulk_create(created, batch_size=1000)
    changed = []
    for row in plan.rows:
        if row.action == "update":
            for key in row.changes:
                if key in row.values:
                    setattr(row.student, key, row.values[key])
            row.student.version += 1
            row.student.updated_at = now
            changed.append(row.student)
    if changed:
        Student.objects.bulk_update(changed, [*STUDENT_FIELDS, "version", "updated_at"], batch_size=1000)

    created_by_row = iter(created)
    student_for_row = [(row, row.student if row.student else next(created_by_row)) for row in plan.rows]
    enrolments = {e.student_id: e for e in Enrolment.objects.select_for_update().filter(year=year)}
    new_enrolments, moved = [], []
    for row, student in student_for_row:
        school_class = classes[row.school_class[3]]
        enrolment = enrolments.get(student.pk)
        if enrolment is None:
            new_enrolments.append(Enrolment(student=student, year=year, school_class=school_class))
        elif enrolment.school_class_id != school_class.pk:
            enrolment.school_class = school_class
            moved.append(enrolment)
    Enrolment.objects.bulk_create(new_enrolments, batch_size=1000)
    Enrolment.objects.bulk_update(moved, ["school_class"], batch_size=1000)

    deactivated = 0
    if roster_import.deactivate_missing and plan.missing:
        # never deleted: a student who has records keeps them, inactive (R14)
        deactivated = students_to_match(by).filter(pk__in=plan.missing, active=True).update(
            active=False, version=F("version") + 1, updated_at=now)

    target = {"object_type": "rosters.rosterimport", "object_id": roster_import.pk}
    audit.record_for_students(by=by, action=audit.Action.CREATE, student_ids=[s.pk for s in created], **target)
    audit.record_for_students(by=by, action=audit.Action.CHANGE, student_ids=[s.pk for s in changed], **target)
    if deactivated:
        audit.record_for_students(by=by, action=audit.Action.CHANGE, student_ids=plan.missing, **target)
    audit.record(by=by, action=audit.Action.CHANGE, obj=roster_import, detail="applied")
    return {"created": len(created), "updated": len(changed), "unchanged": plan.count("unchanged"),
            "deactivated": deactivated, "classes_added": len(new_classes)}
