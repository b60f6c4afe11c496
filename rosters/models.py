"""A roster import: the file a coordinator or operator uploaded, how its columns map to a student's
fields, what its preview showed, and — once applied — what it did. Run in the background worker
when it holds many rows, with its progress."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.modelbase import Model
from bkcase.models import Membership, School, SchoolYear


class ImportStatus(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: check the preview")
    # a large file's preview is built by the background worker too
    PREVIEW_QUEUED = "pv_queued", _("Waiting for its turn to be read")
    PREVIEWING = "previewing", _("Reading the rows for the preview")
    QUEUED = "queued", _("Waiting for its turn")
    READING = "reading", _("Reading the rows")
    WRITING = "writing", _("Saving the students")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


WORKER_PATIENCE = datetime.timedelta(minutes=1)
WORKER_SILENCE = datetime.timedelta(minutes=10)


def roster_file_path(roster_import, filename):
    # private storage under MEDIA_ROOT, a name of our making; never served
    return f"rosters/{roster_import.school_id}/{uuid.uuid4().hex}.{roster_import.kind}"


class RosterImport(Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, related_name="+", verbose_name=_("school year"))
    file = models.FileField(upload_to=roster_file_path, blank=True)
    filename = models.CharField(_("file"), max_length=200)
    kind = models.CharField(max_length=4)
    header_row = models.PositiveIntegerField(default=0)  # index of the header row in the file
    mapping = models.JSONField(default=dict)  # {column key: index of the file's column}
    digest = models.CharField(max_length=32, blank=True)  # what the preview showed (see Plan.digest)
    deactivate_missing = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ImportStatus.choices, default=ImportStatus.UPLOADED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    deactivated = models.PositiveIntegerField(default=0)
    classes_added = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    progressed_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # the preview of a large file, as the worker built it (see services.roster_run_preview); None while
    # there is none, and for a small file, whose preview is built on each look
    preview = models.JSONField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return f"{self.filename} ({self.status})"

    @property
    def is_finished(self):
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def is_running(self):
        return self.status in (ImportStatus.QUEUED, ImportStatus.READING, ImportStatus.WRITING) or self.is_previewing

    @property
    def is_previewing(self):
        return self.status in (ImportStatus.PREVIEW_QUEUED, ImportStatus.PREVIEWING)

    @property
    def previews_in_background(self):
        """A file of more rows than ROSTER_PREVIEW_BACKGROUND_FROM is read for its preview by the worker."""
        return self.total > settings.ROSTER_PREVIEW_BACKGROUND_FROM

    def can_apply(self):
        """Whether the import may still be applied (only once, from its preview)."""
        return self.status == ImportStatus.UPLOADED and bool(self.file)

    @property
    def percent(self):
        """Reading the rows is the first 80%; saving them is one transaction, shown as the rest."""
        if self.status == ImportStatus.DONE:
            return 100
        if self.status == ImportStatus.PREVIEWING:
            return int(100 * self.done / self.total) if self.total else 0
        if self.status == ImportStatus.READING:
            return int(80 * self.done / self.total) if self.total else 0
        if self.status == ImportStatus.WRITING:
            return 80
        return 0

    @property
    def waiting_long(self):
        return self.status in (ImportStatus.QUEUED, ImportStatus.PREVIEW_QUEUED) and (
            timezone.now() - self.progressed_at > WORKER_PATIENCE)

    @property
    def stalled(self):
        return self.status in (ImportStatus.READING, ImportStatus.WRITING, ImportStatus.PREVIEWING) and (
            timezone.now() - self.progressed_at > WORKER_SILENCE)
