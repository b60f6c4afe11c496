"""Reports made in the background: one mechanism for every report whose file takes long to make.

A report with a file too large to make while the browser waits (settings.RECAP_BACKGROUND_FROM
rows) is asked for as a `ReportJob`; the background worker (`manage.py db_worker`, task
`reports.tasks.build_report`) makes the file while the job page shows its progress; only the
member who asked sees the job and downloads the file (audited as an export of every student in
it); files are deleted after settings.RECAP_FILE_HOURS.

A report takes part by describing itself as a `JobKind` in its module and adding that module to
`KIND_MODULES`:

    JOB = JobKind(
        name="atk_recap",                  # stored on ReportJob.kind
        title=_("ATK recap"),              # the job page's heading
        form=RecapForm,                    # Form(data, membership=...): the report's choices
        may_request=reads_own_caseload,    # an access predicate of the membership
        build=build_file,                  # build_file(*, by, params, format, progress) -> Built
        page_url_name="reports:atk_recap", # the report's page; the job page links back to it
        audit_type="referrals.recap",      # object_type of the audit rows of the download
        describe=lambda params: "...",     # optional: the choices in words, under the heading
    )

- `params` is the form's cleaned_data; the job keeps the form's data as posted (JSON, with the
  dates the form worked out) and the worker validates it again for the member who asked (what
  they may see then).
- `progress.collecting(done, total)` while reading the rows, `progress.rendering()` while a PDF is
  laid out, `progress.rendering(done, total)` while writing rows of a workbook: each write is one
  UPDATE, at most every `Progress.step` rows.
- `Built(content, filename, student_ids)`: the bytes, the download's name, and the students whose
  data the file holds (for the audit rows written when it is downloaded).

From a report's view: `needs_background(count)` says whether to offer the background file;
the page posts `kind`, `format` and the form's fields to `reports:job_create`;
`jobs_of(membership, kind)` lists the member's jobs of the last day for the page.
"""

import datetime
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase.exceptions import NotAllowed, refuses_in_the_domain

from .access import report_jobs_outgrown_by, report_jobs_visible_to
from .models import JobStatus, ReportFormat, ReportJob

logger = logging.getLogger(__name__)

# the modules that define a report's JOB (a JobKind)
KIND_MODULES = (
    "reports.atk_recap",
    "reports.conference_recap",
    "reports.period_jobs",
)


@dataclass(frozen=True)
class Built:
    content: bytes
    filename: str
    student_ids: list = field(default_factory=list)


@dataclass(frozen=True)
class JobKind:
    name: str
    title: str
    form: type
    may_request: Callable
    build: Callable
    page_url_name: str
    audit_type: str
    describe: Callable = lambda params: ""


def kinds():
    """{name: JobKind} of every report that can be made in the background."""
    found = {}
    for name in KIND_MODULES:
        module = import_module(name)
        for job in getattr(module, "JOBS", None) or [module.JOB]:  # a module may define several kinds
            found[job.name] = job
    return found


def kind_named(name):
    return kinds().get(name)


def needs_background(count):
    """A report of more rows than the setting is made by the background worker."""
    return count > settings.RECAP_BACKGROUND_FROM


def _bound_form(kind, data, by):
    return kind.form({name: data.get(name, "") for name in kind.form.base_fields}, membership=by)


def _kept_params(form):
    """The choices as posted, with the dates the form worked out (a school year's first and last
    day when no date was given): the job lists and is asked for again with the period it holds."""
    params = dict(form.data)
    for name, value in form.cleaned_data.items():
        if isinstance(value, datetime.date):
            params[name] = value.isoformat()
    return params


@refuses_in_the_domain
def job_request(*, by, kind, format, data):
    """Queue a report for the background worker and return its job. `data` is the report's form
    as posted. The worker starts it only once the job row is committed."""
    from .tasks import build_report

    job_kind = kind_named(kind)
    if job_kind is None or not job_kind.may_request(by):
        raise NotAllowed(_("This report is not available for your role."))
    if format not in ReportFormat.values:
        raise ValidationError(_("Choose PDF or Excel."))
    form = _bound_form(job_kind, data, by)
    if not form.is_valid():
        raise ValidationError([message for errors in form.errors.values() for message in errors])
    jobs_purge_expired(school=by.school)
    with transaction.atomic():
        job = ReportJob.objects.create(school=by.school, requested_by=by, requested_role=by.role, kind=kind,
                                       format=format, params=_kept_params(form))
        transaction.on_commit(lambda: build_report.enqueue(job.pk))
    return job


def jobs_visible_to(by):
    """The report jobs `by` asked for, in the role they hold now, of the reports they may still ask
    for: the job page, its status and its file are refused (404) for any other."""
    allowed = [name for name, job_kind in kinds().items() if job_kind.may_request(by)]
    return report_jobs_visible_to(by).filter(kind__in=allowed)


def jobs_of(by, kind=None):
    """The report jobs `by` asked for that are still kept, newest first. Nobody else sees them."""
    since = timezone.now() - timedelta(hours=settings.RECAP_FILE_HOURS)
    jobs = jobs_visible_to(by).filter(created_at__gte=since)
    return jobs.filter(kind=kind) if kind else jobs


def job_title(job):
    job_kind = kind_named(job.kind)
    return job_kind.title if job_kind else job.kind


def job_description(job):
    job_kind = kind_named(job.kind)
    if job_kind is None:
        return ""
    form = _bound_form(job_kind, job.params, job.requested_by)
    return job_kind.describe(form.cleaned_data) if form.is_valid() else ""


class Progress:
    """Writes how far a job has got, at most every `step` rows (each write is one UPDATE, seen at
    once by the page that polls it: the worker runs outside any transaction)."""

    step = 50

    def __init__(self, job):
        self.job = job

    def _save(self, **fields):
        ReportJob.objects.filter(pk=self.job.pk).update(progressed_at=timezone.now(), **fields)

    def collecting(self, done, total):
        if done == 0 or done == total or done % self.step == 0:
            self._save(status=JobStatus.COLLECTING, done=done, total=total)

    def rendering(self, done=None, total=None):
        """The document is being made: without a count for a PDF (laid out in one go), with the rows
        written so far for a workbook."""
        if done is None:
            self._save(status=JobStatus.RENDERING)
        elif done == 1 or done == total or done % self.step == 0:
            self._save(status=JobStatus.RENDERING, done=done, total=total)


def _failed(job):
    ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, finished_at=timezone.now())


def job_build(job_id):
    """The worker's part: make the file of the job for the one who asked, and keep it."""
    jobs_purge_expired()  # every school's files older than a day, whoever asks next
    job = ReportJob.objects.select_related("requested_by__school", "requested_by__user").get(pk=job_id)
    if job.is_finished:
        return job
    by = job.requested_by
    job_kind = kind_named(job.kind)
    form = _bound_form(job_kind, job.params, by) if job_kind else None
    if form is None or not jobs_visible_to(by).filter(pk=job.pk).exists() or not form.is_valid():
        _failed(job)
        return job
    try:
        built = job_kind.build(by=by, params=form.cleaned_data, format=job.format, progress=Progress(job))
    except Exception:
        logger.exception("Report job %s failed", job.pk)
        _failed(job)
        raise
    job.refresh_from_db()
    job.file.save(built.filename, ContentFile(built.content), save=False)
    job.status, job.finished_at = JobStatus.READY, timezone.now()
    job.done = job.total
    job.student_ids = sorted(set(built.student_ids))
    job.filename = built.filename
    job.save(update_fields=["file", "filename", "status", "finished_at", "done", "student_ids"])
    return job


@refuses_in_the_domain
def job_download(*, job, by):
    """The file of a ready job, for the one who asked for it; audited as an export of every student
    in it. Asked again at the download: a member whose role changed since they asked (a coordinator
    narrowed to counselor, made principal) or who may no longer ask for that report is refused."""
    if not jobs_visible_to(by).filter(pk=job.pk).exists():
        raise NotAllowed(_("Only the one who asked for a report may download it."))
    if job.status != JobStatus.READY or not job.file:
        raise ValidationError(_("This report is not ready yet."))
    handle = job.file.open("rb")
    job_kind = kind_named(job.kind)
    record_export(by=by, object_type=job_kind.audit_type if job_kind else "reports.reportjob",
                  filename=job.filename, student_ids=job.student_ids)
    return handle


@refuses_in_the_domain
def record_export(*, by, object_type, filename, student_ids=()):
    """A report file leaving the system, downloaded at once or from its job: an export row for every
    student of the rows the file was made of, named by the file's name (the same in both paths); a
    file of counts names no student: its download is one row."""
    if student_ids:
        audit.record_for_students(by=by, action=audit.Action.EXPORT, object_type=object_type,
                                  object_id=filename, student_ids=student_ids)
    else:
        audit.record(by=by, action=audit.Action.EXPORT, object_type=object_type, object_id=filename)


def _delete(jobs):
    count = 0
    for job in jobs:
        if job.file:
            job.file.delete(save=False)
        job.delete()
        count += 1
    return count


@refuses_in_the_domain
def jobs_purge_outgrown(*, membership):
    """Delete the report files `membership` asked for in a role it no longer holds (called when a
    membership is saved: a role narrowed or changed, an account deactivated)."""
    return _delete(report_jobs_outgrown_by(membership))


@refuses_in_the_domain
def jobs_purge_expired(*, school=None):
    """Delete the report files (and their jobs) older than settings.RECAP_FILE_HOURS."""
    cutoff = timezone.now() - timedelta(hours=settings.RECAP_FILE_HOURS)
    expired = ReportJob.objects.filter(created_at__lt=cutoff)
    if school is not None:
        expired = expired.filter(school=school)
    return _delete(expired)
