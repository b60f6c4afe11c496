"""Who may do what is decided only in the access modules (`*/access.py`).

The source of the apps and the templates is read line by line: a role comparison, or a query of a
confidential model that no access function scoped, anywhere else fails the test with its file and
line. The few justified exceptions are listed below, each with its reason.
"""

import re
from pathlib import Path

import pytest

pytestmark = [pytest.mark.s4, pytest.mark.r9]

ROOT = Path(__file__).resolve().parent.parent
APPS = ("bkcase", "referrals", "conferences", "counseling", "rosters", "intake", "evaluations", "reports")
SKIPPED_NAMES = {"access.py", "demo.py", "loadgen.py"}
SKIPPED_PARTS = ("migrations", "tests", "__pycache__")

ROLES = "konselor|koordinator|kepala|peserta|operator"
ROLE_PATTERNS = [
    re.compile(r"\.role\s*(?:==|!=)"),  # m.role == Role.KEPALA, membership.role != "koordinator"
    re.compile(r"\.(?:pending_)?role\s+(?:not\s+)?in\b"),  # m.role in ROLES, m.role not in (...)
    re.compile(r"\b(?:pending_)?role__in\s*="),  # .filter(role__in=...)
    re.compile(r"\b(?:pending_)?role\s*=\s*Role\."),  # .filter(role=Role.KEPALA)
    re.compile(r"(?:==|!=)\s*Role\.[A-Z]|Role\.[A-Z]+\s*(?:==|!=)"),  # any value compared with a role
    re.compile(r"\bin\s*[(\[{]\s*Role\.[A-Z]"),  # x in (Role.KONSELOR, ...)
    re.compile(rf"(?:==|!=)\s*[\"'](?:{ROLES})[\"']"),  # x == "koordinator"
    re.compile(r"\bis_(?:counselor|coordinator|principal|operator|participant)\b"),  # the old Membership properties
]

CONFIDENTIAL = "Membership|Case|Student|Referral|Conference|Participant|ActionItem|Expert|ReportJob|Service|GroupSession|Evaluation"
# a manager of a confidential model (or of the case's co-counselor table), unless followed by what
# reads nothing (none()), only writes (create()), or locks one row by its primary key
QUERY_PATTERNS = [
    re.compile(
        rf"\b(?:{CONFIDENTIAL})(?:\.\w+\.through)?\.(?:objects|_base_manager|_default_manager)\b"
        r"(?!\.(?:none\(\)|create\(|select_for_update\(\)\.get\(pk=))"
    ),
    re.compile(rf"\bget_(?:object|list)_or_404\(\s*(?:{CONFIDENTIAL})\b"),
]

LOCKED_BY_PK = "locks by primary key, at the version the user saw (S12), a record the caller loaded through access"

# (file, code fragment, reason): a finding on a line of `file` that contains `fragment` is allowed
ALLOWLIST = [
    ("bkcase/accounts.py", "Membership.objects.filter(user=user)",
     "the account's own role, to file its own login and password audit rows under its school"),
    ("bkcase/accounts.py", "lock_for_edit(Membership.objects", LOCKED_BY_PK),
    ("bkcase/services.py", "lock_for_edit(Student.objects", LOCKED_BY_PK),
    ("bkcase/services.py", "lock_for_edit(Case.objects", LOCKED_BY_PK),
    ("bkcase/models.py", "Student.objects.filter(school_id=self.school_id, nis=self.nis)",
     "Student.clean(): the NIS is unique in its school; scoped by that school, it answers only 'taken'"),
    ("referrals/services.py", "lock_for_edit(Expert.objects", LOCKED_BY_PK),
    ("referrals/services.py", "lock_for_edit(Referral.objects", LOCKED_BY_PK),
    ("reports/jobs.py", "ReportJob.objects.filter(pk=self.job.pk).update(",
     "the background worker writes its own job's progress"),
    ("reports/jobs.py", "ReportJob.objects.select_related(\"requested_by__school\", \"requested_by__user\")"
     ".get(pk=job_id)",
     "the background worker loads its job by id; what the report reads is scoped to job.requested_by"),
    ("reports/jobs.py", "ReportJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED",
     "the background worker marks its own job failed"),
    ("reports/jobs.py", "ReportJob.objects.filter(created_at__lt=cutoff)",
     "retention: expired report files of every school are deleted; nothing is shown"),
    ("referrals/documents.py", "Referral.objects.select_related(\"school\", \"case__student\"",
     "a letter reloads by primary key the referral its view loaded through referrals_visible_to"),
    ("conferences/documents.py", "Conference.objects.select_related(",
     "a letter reloads by primary key the conference its view loaded through conferences_visible_to"),
    ("rosters/services.py", "Student.objects.bulk_create(created",
     "the roster import writes the students its preview showed; it read them through students_visible_to"),
    ("rosters/services.py", "Student.objects.bulk_update(changed",
     "the roster import writes the students its preview showed; it read them through students_visible_to"),
    ("conferences/services.py", "lock_for_edit(Conference.objects", LOCKED_BY_PK),
    ("evaluations/services.py", "Evaluation.objects.select_for_update(of=(\"self\",)).filter(status=Status.DUE",
     "the daily job of the background worker marks every school's evaluations past their date as overdue"),
    ("evaluations/services.py", "Evaluation.objects.filter(pk__in=",
     "the daily job updates the very rows it selected above"),
    ("evaluations/services.py", "Evaluation.objects.filter(school_id=by.school_id, status__in=",
     "the coordinator's new items apply to the school's open evaluations; nothing is read or shown"),
    ("conferences/services.py", "lock_for_edit(Participant.objects.filter(conference=locked)", LOCKED_BY_PK),
    ("conferences/services.py", "lock_for_edit(ActionItem.objects.filter(conference=locked)", LOCKED_BY_PK),
]


def scanned_files():
    """The Python files of the apps and every template, but the access modules, migrations, demo
    and load data, management commands and tests."""
    files = []
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            parts = path.relative_to(ROOT).parts
            if path.name in SKIPPED_NAMES or any(part in SKIPPED_PARTS for part in parts):
                continue
            if "management" in parts and "commands" in parts:
                continue
            files.append(path)
    files.extend((ROOT / "templates").rglob("*.html"))
    return sorted(files)


def findings_in(relative, text):
    """(file, line number, kind, line) of each role comparison and unscoped query in `text`."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        if any(pattern.search(line) for pattern in ROLE_PATTERNS):
            found.append((relative, number, "role comparison", line.strip()))
        if relative.endswith(".py") and any(pattern.search(line) for pattern in QUERY_PATTERNS):
            found.append((relative, number, "unscoped query", line.strip()))
    return found


def allowed_by(finding):
    relative, _number, kind, line = finding
    if kind != "unscoped query":
        return None
    for entry in ALLOWLIST:
        if entry[0] == relative and entry[1] in line:
            return entry
    return None


def all_findings():
    found = []
    for path in scanned_files():
        relative = path.relative_to(ROOT).as_posix()
        found.extend(findings_in(relative, path.read_text(encoding="utf-8")))
    return found


def test_the_scan_reads_the_apps_and_the_templates():
    names = {path.relative_to(ROOT).as_posix() for path in scanned_files()}
    assert "bkcase/views/cases.py" in names
    assert "conferences/templatetags/conference_tags.py" in names
    assert "templates/referrals/referral_detail.html" in names
    assert not any(name.endswith("/access.py") or "/migrations/" in name for name in names)


def test_no_role_comparison_or_unscoped_query_outside_the_access_modules():
    offending = [f for f in all_findings() if allowed_by(f) is None]
    assert not offending, "Ask the app's access module instead:\n" + "\n".join(
        f"{relative}:{number}: {kind}: {line}" for relative, number, kind, line in offending
    )


def test_every_allowlist_entry_still_excuses_a_line_and_says_why():
    used = {allowed_by(f) for f in all_findings()} - {None}
    stale = [entry for entry in ALLOWLIST if entry not in used]
    assert not stale, f"Remove these entries, nothing needs them any more: {stale}"
    assert all(reason.strip() for _file, _fragment, reason in ALLOWLIST)


@pytest.mark.parametrize(
    "line",
    [
        "if m.role == Role.KOORDINATOR:",
        "if by is None or by.role != \"koordinator\":",
        "if membership.role in OVERSEERS:",
        "elif self.counselor.role not in (Role.KONSELOR, Role.KOORDINATOR):",
        "accounts.filter(school=school, role__in=INVITABLE_ROLES)",
        "qs.filter(role=Role.KEPALA, active=True)",
        "return role == Role.KEPALA",
        "allowed = current in (Role.KONSELOR, Role.KOORDINATOR)",
        "if role != 'kepala':",
        "if membership.pending_role in CONFIRMED_BY_PLATFORM:",
        "if locked.pending_role == Role.KEPALA:",
        "if by.is_counselor:",
        "{% if membership.is_coordinator and referral.consent_may_be_overridden %}",
        "{% if membership.role == \"kepala\" %}",
    ],
)
def test_the_scan_sees_a_role_comparison(line):
    assert [kind for _f, _n, kind, _l in findings_in("bkcase/views/example.py", line)] == ["role comparison"]


@pytest.mark.parametrize(
    "line",
    [
        "return Referral.objects.filter(case=case)",
        "Case.objects.get(pk=pk)",
        "Conference.objects.all()",
        "items = ActionItem.objects",
        "Student._base_manager.filter(pk=pk)",
        "Case.co_counselors.through.objects.filter(membership_id=m.pk)",
        "Membership.objects.select_for_update().filter(school=school)",
        "case = get_object_or_404(Case, pk=pk)",
    ],
)
def test_the_scan_sees_an_unscoped_query(line):
    assert [kind for _f, _n, kind, _l in findings_in("bkcase/views/example.py", line)] == ["unscoped query"]


@pytest.mark.parametrize(
    "line",
    [
        "counselor = forms.ModelChoiceField(queryset=Membership.objects.none())",
        "job = ReportJob.objects.create(school=by.school, requested_by=by)",
        "locked = Referral.objects.select_for_update().get(pk=referral.pk)",
        "cases = cases_visible_to(m).filter(closed_on__isnull=True)",
        "role = forms.ChoiceField(label=_(\"Role\"), choices=Role.choices)",
        "if role != locked.role or (active and not locked.active):",
        "if locked.pending_role != role:",
        "<td>{{ participant.role }}</td>",
        "<div class=\"alert\" role=\"alert\">",
    ],
)
def test_the_scan_lets_through_what_reads_no_record_and_decides_nothing(line):
    assert findings_in("bkcase/views/example.py", line) == []


def test_an_allowlist_entry_excuses_only_its_own_file():
    line = "locked = lock_for_edit(Case.objects, case.pk, version)"
    [here] = findings_in("bkcase/services.py", line)
    [elsewhere] = findings_in("bkcase/views/cases.py", line)
    assert allowed_by(here) is not None
    assert allowed_by(elsewhere) is None
