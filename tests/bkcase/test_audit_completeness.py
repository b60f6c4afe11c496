"""S28: logins (success, failure, lockout), password resets and account changes are audit rows;
a denied access to a known record names its student; lists and home pages that name students with
their problem write a view row per student, in one INSERT."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bkcase import accounts
from bkcase.models import AuditEvent, Category, Role

from ..factories import PASSWORD, CaseFactory, StudentFactory

pytestmark = pytest.mark.s28


def rows(**filters):
    return AuditEvent.objects.filter(**filters)


def test_a_login_is_an_audit_row_with_the_school_and_role(cast):
    Client().post(reverse("login"), {"username": "konselor", "password": PASSWORD}, REMOTE_ADDR="10.1.2.3")
    event = rows(action="login").get()
    assert (event.username, event.role, event.school_id, event.ip) == (
        "konselor", Role.KONSELOR, cast["konselor"].school_id, "10.1.2.3")


def test_a_failed_login_is_an_audit_row_naming_the_username_tried(cast):
    Client().post(reverse("login"), {"username": "konselor", "password": "salah-sekali-2026"})
    Client().post(reverse("login"), {"username": "tidak.ada", "password": "salah-sekali-2026"})
    failed = rows(action="login_failed").order_by("id")
    # a name that is no account's is not kept (people type their password in the wrong box)
    assert [(e.username, e.user_id is not None, e.detail) for e in failed] == [
        ("konselor", True, ""), ("", False, "unknown-username")]
    assert failed[0].school_id == cast["konselor"].school_id  # shows in the school's account log


def test_the_lockout_is_an_audit_row(cast):
    for _ in range(5):
        Client().post(reverse("login"), {"username": "konselor", "password": "salah-sekali-2026"})
    assert rows(action="locked_out", username="konselor").count() == 1


def test_a_password_reset_request_and_the_new_password_are_audit_rows(cast, client_for):
    Client().post(reverse("password_reset"), {"email": "siapa@contoh.id"})
    request = rows(action="password_reset").get()
    assert request.object_type == "auth.passwordreset" and "siapa" not in request.object_id  # no address kept
    client_for("konselor").post(reverse("password_change"), {
        "old_password": PASSWORD, "new_password1": "baru-dan-panjang-2026", "new_password2": "baru-dan-panjang-2026"})
    assert rows(action="password_set", username="konselor", detail="password:changed").exists()


def test_every_account_change_is_an_audit_row_saying_what_changed(cast):
    operator = cast["operator"]
    created = accounts.staff_create(by=operator, username="tu.baru", password="awal-dari-operator-2026",
                                    role=Role.OPERATOR, first_name="Tata", email="tu@sman.sch.id")
    accounts.staff_update(membership=created, by=operator, version=created.version, email="tu2@sman.sch.id")
    created.refresh_from_db()
    accounts.staff_update(membership=created, by=operator, version=created.version, active=False)
    other = cast["konselor_lain"]
    accounts.staff_update(membership=other, by=operator, version=other.version, role=Role.KOORDINATOR)
    accounts.role_decide(membership=other, by=cast["kepala"], confirm=True)
    details = list(rows(object_type="bkcase.membership").order_by("id").values_list("action", "detail"))
    assert details == [
        ("create", "created:operator"),
        ("change", "email"),
        ("change", "active:0"),
        ("change", "pending_role:koordinator"),
        ("confirm", "role:koordinator"),
    ]


def test_the_access_log_shows_account_changes_to_the_principal(cast, client_for):
    accounts.staff_update(membership=cast["konselor_lain"], by=cast["operator"],
                          version=cast["konselor_lain"].version, role=Role.KOORDINATOR)
    Client().post(reverse("login"), {"username": "konselor", "password": "salah-sekali-2026"})
    page = client_for("kepala").get(reverse("account_log")).content.decode()
    assert "pending_role:koordinator" in page and "gagal masuk" in page and "operator" in page


@pytest.mark.s8
@pytest.mark.s9
@pytest.mark.s11
def test_a_denied_access_to_a_known_record_names_its_student_in_their_access_log(case, client_for):
    assert client_for("konselor_lain").get(reverse("case_detail", args=[case.pk])).status_code == 404
    denied = rows(action="denied", object_type="bkcase.case").get()
    assert denied.student_id == case.student_id and denied.username == "konselor_lain"
    client = client_for("koordinator")
    searched = client.post(reverse("access_log"), {"nis": case.student.nis, "start": "2020-01-01", "end": "2030-12-31"})
    page = client.get(searched["Location"]).content.decode()
    assert "konselor_lain" in page and "akses ditolak" in page.lower()


@pytest.mark.s8
@pytest.mark.s9
def test_a_denied_access_to_nothing_names_no_student(client_for, case):
    assert client_for("konselor").get(reverse("case_detail", args=[case.pk + 1000])).status_code == 404
    assert rows(action="denied").get().student_id is None


def inserts_into_audit(queries):
    return [q["sql"] for q in queries if q["sql"].startswith('INSERT INTO "bkcase_auditevent"')]


@pytest.mark.s8
def test_the_case_list_writes_one_view_row_per_student_shown_in_one_insert(cast, case, client_for):
    brother = StudentFactory(school=case.school)
    CaseFactory(counselor=cast["konselor"], student=case.student, category=Category.BELAJAR)
    CaseFactory(counselor=cast["konselor"], student=brother)
    CaseFactory(counselor=cast["konselor_lain"])  # not shown to konselor
    client = client_for("konselor")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("case_list")).status_code == 200
    assert len(inserts_into_audit(queries)) == 1
    shown = rows(action="view", object_type="bkcase.case_list")
    assert sorted(shown.values_list("student_id", flat=True)) == sorted([case.student_id, brother.pk])


@pytest.mark.s8
@pytest.mark.parametrize("url_name, object_type", [
    ("referrals:referral_list", "referrals.referral_list"),
    ("conferences:conference_list", "conferences.conference_list"),
])
def test_the_referral_and_conference_lists_write_a_view_row_per_student(case, client_for, expert, konselor,
                                                                         url_name, object_type):

    from conferences import services as conference_services
    from referrals import services as referral_services

    referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x", functions=["pemahaman"])
    conference_services.conference_create(case=case, by=konselor, topic="Topik", initiative="konselor",
                                          convener="kepala")
    client = client_for("konselor")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(inserts_into_audit(queries)) == 1
    assert list(rows(object_type=object_type).values_list("student_id", flat=True)) == [case.student_id]


@pytest.mark.s8
def test_the_counselors_home_page_writes_a_view_row_per_student_it_names(cast, case, client_for):
    referable = CaseFactory(counselor=cast["konselor"], category=Category.PENYAKIT_MENTAL)
    client_for("konselor").get(reverse("home"))
    shown = rows(action="view", object_type="bkcase.home")
    assert sorted(shown.values_list("student_id", flat=True)) == sorted([case.student_id, referable.student_id])


@pytest.mark.s8
def test_the_counselors_home_page_writes_the_rows_of_all_its_panels_in_one_insert(cast, case, client_for):
    """The home names students in several panels (the caseload, the week's agenda, the evaluations
    due): their view rows are written together once the page is made, not one INSERT a panel."""
    import datetime

    from django.utils import timezone

    from counseling import services as counseling_services

    today = timezone.localdate()
    counseling_services.service_record(case=case, by=cast["konselor"], kind="konseling_individual",
                                       held_on=today - datetime.timedelta(days=20), problem="Sering membolos",
                                       notes="Klien bercerita.")  # its Laiseg is overdue
    unwritten = CaseFactory(counselor=cast["konselor"])
    counseling_services.service_record(case=unwritten, by=cast["konselor"], kind="konseling_individual",
                                       held_on=today - datetime.timedelta(days=1), problem="Sering membolos")
    client = client_for("konselor")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert len(inserts_into_audit(queries)) == 1
    panels = set(rows(action="view").values_list("object_type", flat=True))
    assert {"bkcase.home", "counseling.agenda", "evaluations.home"} <= panels, panels
    assert rows(object_type="counseling.agenda", student_id=unwritten.student_id).exists()


@pytest.mark.s8
def test_the_referral_form_of_a_case_is_a_view_of_its_student(case, client_for):
    client_for("konselor").get(reverse("referrals:referral_create", args=[case.pk]))
    assert rows(action="view", object_type="bkcase.case", student_id=case.student_id).exists()


def test_a_reset_asked_for_an_unconfirmed_address_shows_in_the_schools_account_log(cast, client_for):
    """The takeover attempt the operator might make is visible to the principal."""
    user = cast["konselor"].user
    user.email = "operator@gmail.com"
    user.save()
    Client().post(reverse("password_reset"), {"email": "operator@gmail.com"})
    event = rows(action="password_reset").get()
    assert (event.school_id, event.user_id, event.detail) == (cast["konselor"].school_id, user.pk,
                                                              "unconfirmed-address")
    assert "unconfirmed-address" in client_for("kepala").get(reverse("account_log")).content.decode()


def test_the_login_of_an_account_awaiting_confirmation_is_filed_under_its_school(cast):
    accounts.staff_create(by=cast["operator"], username="koord.baru", password="awal-dari-operator-2026",
                          role=Role.KOORDINATOR, first_name="Koord")
    Client().post(reverse("login"), {"username": "koord.baru", "password": "awal-dari-operator-2026"})
    assert rows(action="login", username="koord.baru", school_id=cast["operator"].school_id).exists()


def test_a_logout_is_an_audit_row(client_for):
    client_for("konselor").post(reverse("logout"))
    assert rows(action="logout", username="konselor").exists()


@pytest.mark.s9
@pytest.mark.s11
def test_a_refused_attempt_from_another_school_shows_in_the_students_access_log(case, client_for):
    assert client_for("orang_luar").get(reverse("case_detail", args=[case.pk])).status_code == 404
    client = client_for("koordinator")
    searched = client.post(reverse("access_log"), {"nis": case.student.nis, "start": "2020-01-01", "end": "2030-12-31"})
    assert "orang_luar" in client.get(searched["Location"]).content.decode()


def test_a_platform_confirmation_is_filed_under_the_accounts_school(cast):
    from ..factories import UserFactory

    member = accounts.staff_create(by=cast["operator"], username="kepala.baru", password="awal-dari-operator-2026",
                                   role=Role.KEPALA, first_name="Kepala")
    accounts.role_decide_as_platform(membership=member, user=UserFactory(is_superuser=True), confirm=True)
    assert rows(action="confirm", school_id=member.school_id).exists()
