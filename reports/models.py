"""Reports made by the background worker (see reports/jobs.py): one row per file someone asked for."""

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bkcase.modelbase import Model
from bkcase.models import Membership, School


class ReportFormat(models.TextChoices):
    PDF = "pdf", "PDF"
    XLSX = "xlsx", "Excel"


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for its turn")
    COLLECTING = "collecting", _("Reading the records")
    RENDERING = "rendering", _("Making the document")
    READY = "ready", _("Ready to download")
    FAILED = "failed", _("Failed")


WORKER_PATIENCE = datetime.timedelta(minutes=1)
WORKER_SILENCE = datetime.timedelta(minutes=10)


def report_file_path(job, filename):
    # Private storage under MEDIA_ROOT, a name of our making; served only to the one who asked.
    return f"reports/{job.school_id}/{uuid.uuid4().hex}.{job.format}"


class ReportJob(Model):
    """A report file (PDF or Excel) made by the background worker: which report (`kind`, a name of
    the registry in reports/jobs.py) with which choices (`params`: the report's form as it was
    posted), who asked and in which role, how far it has got, and the file once it is ready. Only the
    membership that asked for it, in the role it held then, sees it; the file is deleted after
    settings.RECAP_FILE_HOURS or when that member's role changes."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="+")
    # the requester's role when they asked: what the file may hold. A member whose role changed since
    # no longer sees the job nor its file (reports/access.py report_jobs_visible_to)
    requested_role = models.CharField(max_length=20, blank=True)
    kind = models.CharField(max_length=40)
    format = models.CharField(max_length=4, choices=ReportFormat.choices)
    params = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    file = models.FileField(upload_to=report_file_path, blank=True)
    filename = models.CharField(max_length=100, blank=True)  # the download's name, the report's own
    student_ids = models.JSONField(default=list, blank=True)  # whose data the file holds (for the audit)
    created_at = models.DateTimeField(auto_now_add=True)
    progressed_at = models.DateTimeField(default=timezone.now)  # the worker's last word on it
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["requested_by", "-created_at"]), models.Index(fields=["school", "created_at"])]

    def __str__(self):
        return f"{self.kind} {self.format} ({self.status})"

    @property
    def is_finished(self):
        return self.status in (JobStatus.READY, JobStatus.FAILED)

    @property
    def percent(self):
        """Reading the records is the first half, making the document the second. A PDF is laid
        out in one go, so its second half has no count (the page shows it as indeterminate)."""
        if self.status == JobStatus.READY:
            return 100
        share = (self.done / self.total) if self.total else 0
        if self.status == JobStatus.COLLECTING:
            return int(50 * share)
        if self.status == JobStatus.RENDERING:
            return 50 if self.indeterminate else 50 + int(50 * share)
        return 0

    @property
    def waiting_long(self):
        """Still queued a minute after it was asked for: the background worker may not be running."""
        return self.status == JobStatus.QUEUED and timezone.now() - self.created_at > WORKER_PATIENCE

    @property
    def stalled(self):
        """Started but silent for longer than any report takes: the worker was stopped or restarted
        while making it. The user is offered to ask again."""
        return self.status in (JobStatus.COLLECTING, JobStatus.RENDERING) and (
            timezone.now() - self.progressed_at > WORKER_SILENCE
        )

    @property
    def indeterminate(self):
        return self.status == JobStatus.RENDERING and self.format == ReportFormat.PDF
