"""The demo school as `make run` loads it: every role, believable cases, referrals, conferences,
services and evaluations told in an honest order, and a second load that changes nothing.

The school is seeded once for this module (seed_demo runs every domain service, a few seconds);
each test reads it, or changes it, in its own savepoint (tests/conftest.py: seeded_demo, demo)."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bkcase.models import Case, Membership, Role, SchoolClass, SchoolYear, Student
from bkcase.workflow import Stage
from conferences.models import Approval, Conference, ConferenceStageChange
from counseling.models import Kind as ServiceKind
from counseling.models import Service
from evaluations.models import Evaluation, Kind, Status
from intake.models import BkReferral, TeacherStatus
from referrals.models import Expert, ExpertKind
from rosters import services as roster_services

from .rosters.conftest import upload

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "data-siswa-contoh.xlsx"


def test_seed_demo_creates_every_role_students_cases_and_experts(demo):
    roles = dict(Membership.objects.values_list("user__username", "role"))
    assert roles == {
        "konselor": Role.KONSELOR,
        "konselor2": Role.KONSELOR,
        "koordinator": Role.KOORDINATOR,
        "kepala": Role.KEPALA,
        "peserta": Role.PESERTA,
        "operator": Role.OPERATOR,
        "walikelas": Role.GURU,
    }
    assert 25 <= Student.objects.count() <= 35
    assert Case.objects.filter(counselor__user__username="konselor").exists()
    assert Case.objects.filter(counselor__user__username="konselor2").exists()
    assert Case.objects.values("category").distinct().count() >= 5
    assert set(Expert.objects.values_list("kind", flat=True)) == set(ExpertKind.values)


def test_seed_demo_twice_changes_nothing(demo):
    counts = (Student.objects.count(), Case.objects.count(), Expert.objects.count(), Membership.objects.count(),
              Service.objects.count(), Evaluation.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (Student.objects.count(), Case.objects.count(), Expert.objects.count(),
                      Membership.objects.count(), Service.objects.count(), Evaluation.objects.count())
    kinds = Service.objects.filter(case__counselor__user__username="konselor").values("kind").distinct()
    assert kinds.count() == len(ServiceKind.values)


def test_demo_users_log_in_with_the_documented_password(client, demo):
    readme = (ROOT / "README.md").read_text()
    assert "rahasia-demo-2026" in readme
    for username in ["konselor", "konselor2", "koordinator", "kepala", "peserta", "operator"]:
        assert username in readme
        response = client.post("/accounts/login/", {"username": username, "password": "rahasia-demo-2026"})
        assert response.status_code == 302 and response.url == "/", username
        client.post("/accounts/logout/")


@pytest.mark.r4
def test_the_demo_conferences_happened_in_an_honest_order(demo):
    conferences = Conference.objects.exclude(approval_decided_at=None)
    assert conferences.filter(approval=Approval.APPROVED).count() >= 3
    for conference in conferences:
        decided = timezone.localdate(conference.approval_decided_at)
        assert conference.approval_requested_at <= conference.approval_decided_at, conference.code
        assert conference.consent_on <= timezone.localdate(conference.approval_requested_at), conference.code
        if conference.approval == Approval.APPROVED:
            assert decided <= conference.held_on, conference.code
    held = ConferenceStageChange.objects.filter(action="advance", from_stage=Stage.PERENCANAAN).select_related("record")
    assert held.count() >= 3
    for change in held:
        assert timezone.localdate(change.at) >= change.record.held_on, change.record.code
        approved = change.record.stage_changes.get(action="approve")
        assert approved.at < change.at, change.record.code
    for conference in Conference.objects.all():
        moments = list(conference.stage_changes.order_by("id").values_list("at", flat=True))
        assert moments == sorted(moments), conference.code


@pytest.mark.r12
def test_the_chronology_of_konselors_demo_cases_shows_every_kind(demo):
    kinds = set(Service.objects.filter(case__counselor__user__username="konselor").values_list("kind", flat=True))
    assert kinds == set(ServiceKind.values)
    assert Service.objects.filter(case__counselor__user__username="konselor2").exists()
    visit = Service.objects.filter(kind=ServiceKind.KUNJUNGAN).exclude(notes="").first()
    assert visit.document_refusal("berita_acara_kunjungan") is None  # its berita acara can be printed
    konselor = Membership.objects.get(user__username="konselor")
    client = Client()
    client.force_login(konselor.user)
    page = client.get(reverse("home")).content.decode()
    agenda = page[page.index('id="agenda-heading"'):]
    assert "Tidak ada rencana." not in agenda[:agenda.index("Minggu ini")]  # something today
    assert "Semua catatan sudah ditulis." not in agenda


@pytest.mark.r13
def test_the_demo_has_evaluations_in_every_status(demo):
    statuses = set(Evaluation.objects.values_list("status", flat=True))
    assert statuses == {Status.DUE, Status.OVERDUE, Status.DONE, Status.MISSED}
    assert {Kind.LAISEG, Kind.LAIJAPEN, Kind.LAIJAPAN} <= set(Evaluation.objects.values_list("kind", flat=True))
    assert Evaluation.objects.filter(reschedules__isnull=False).exists()


@pytest.mark.r14
@pytest.mark.r15
def test_the_demo_has_a_school_year_with_assigned_classes_and_walikelas_has_a_referral_in_each_status(demo):
    year = SchoolYear.objects.get(is_current=True)
    assigned = dict(SchoolClass.objects.filter(year=year).values_list("name", "counselor__user__username"))
    assert {"konselor", "konselor2"} <= set(assigned.values())
    x1 = SchoolClass.objects.get(year=year, name="X 1")
    assert (x1.homeroom_teacher.user.username, x1.counselor.user.username) == ("walikelas", "konselor")
    statuses = sorted(r.teacher_status for r in BkReferral.objects.filter(teacher__user__username="walikelas"))
    assert statuses == sorted(TeacherStatus.values)


@pytest.mark.r14
def test_the_example_roster_of_the_readme_imports_cleanly_into_the_demo_school(demo):
    coordinator = Membership.objects.get(user__username="koordinator")
    roster_import = roster_services.roster_upload(by=coordinator, uploaded_file=upload(EXAMPLE.read_bytes(),
                                                                                       "data-siswa-contoh.xlsx"))
    plan = roster_services.roster_preview(roster_import=roster_import)
    assert plan.problems == []
    assert plan.counts["create"] == 10 and plan.counts["missing"] == 0
    roster_services.roster_apply(by=coordinator, roster_import=roster_import, digest=plan.digest)
    again = roster_services.roster_upload(by=coordinator, uploaded_file=upload(EXAMPLE.read_bytes(),
                                                                               "data-siswa-contoh.xlsx"))
    assert roster_services.roster_preview(roster_import=again).counts == {"create": 0, "update": 0, "unchanged": 40,
                                                                          "missing": 0}
