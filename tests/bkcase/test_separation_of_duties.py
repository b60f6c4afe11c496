"""S25: the operator manages accounts but can never, alone, reach case content. Roles that read
case content take effect only when the principal (a principal's role: the platform administrator)
confirms them; the operator cannot change the email address or password of an account that reads
case content; password-reset mail goes only to an address the person confirmed."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from bkcase import accounts
from bkcase.models import AuditEvent, ConfirmedEmail, Membership, Role

from ..factories import PASSWORD, UserFactory

pytestmark = pytest.mark.s25

INITIAL = "awal-dari-operator-2026"
NEW_ACCOUNT = {"username": "guru.baru", "first_name": "Guru", "last_name": "Baru", "email": "guru.baru@sman.sch.id",
               "role": "konselor", "nip": "", "position": "", "password": INITIAL}


def staff_form(member, **changes):
    user = member.user
    data = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email, "role": member.role,
            "nip": member.nip, "position": member.position, "phone": member.phone, "version": member.version}
    if member.active:
        data["active"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def as_shown(member):
    member.refresh_from_db()
    return {"pending_role": member.pending_role, "version": member.version}


def log_in(username, password):
    client = Client()
    assert client.post(reverse("login"), {"username": username, "password": password}).status_code == 302
    return client


# The operator's account takeover, step by step (the review's finding) ------------------------------


def test_the_operator_cannot_point_a_counselors_email_to_their_own(cast, client_for):
    counselor = cast["konselor"]
    counselor.user.email = "rina@sman.sch.id"
    counselor.user.save()
    response = client_for("operator").post(reverse("staff_edit", args=[counselor.pk]),
                                           staff_form(counselor, email="operator@gmail.com"))
    counselor.user.refresh_from_db()
    assert counselor.user.email == "rina@sman.sch.id"
    page = client_for("operator").get(reverse("staff_edit", args=[counselor.pk])).content.decode()
    assert "hanya pemiliknya yang mengubah alamat email" in page
    assert response.status_code == 302  # the disabled field is ignored; the rest of the form saves


def test_the_service_itself_refuses_the_operator_changing_a_case_readers_email(cast):
    for who in ("konselor", "koordinator", "kepala", "peserta"):
        member = cast[who]
        with pytest.raises(ValidationError, match="hanya pemiliknya"):
            accounts.staff_update(membership=member, by=cast["operator"], version=member.version,
                                  email="operator@gmail.com")
        member.user.refresh_from_db()
        assert member.user.email != "operator@gmail.com", who


def test_the_operator_may_change_another_operators_email(cast, school):
    from ..factories import MembershipFactory

    other = MembershipFactory(school=school, role=Role.OPERATOR)
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, email="tu@sman.sch.id")
    other.user.refresh_from_db()
    assert other.user.email == "tu@sman.sch.id"


def test_the_operator_has_no_way_to_set_another_accounts_password(cast, client_for):
    counselor = cast["konselor"]
    client_for("operator").post(reverse("staff_edit", args=[counselor.pk]),
                                staff_form(counselor, password="operator-tahu-2026", password1="operator-tahu-2026"))
    counselor.user.refresh_from_db()
    assert counselor.user.check_password(PASSWORD)
    with pytest.raises(TypeError):
        accounts.staff_update(membership=counselor, by=cast["operator"], version=counselor.version,
                              password="operator-tahu-2026")


def test_a_reset_for_an_address_the_operator_typed_sends_nothing(cast, client_for):
    """The operator's own (operator) account with an address they typed: no confirmed address, no mail."""
    counselor = cast["konselor"]
    counselor.user.email = "operator@gmail.com"  # as if it had been typed in by someone else
    counselor.user.save()
    Client().post(reverse("password_reset"), {"email": "operator@gmail.com"})
    assert mail.outbox == []


# New roles and wider roles wait for the principal ------------------------------------------------


def test_a_counselor_account_the_operator_creates_stays_inactive_until_the_principal_confirms(cast, case, client_for):
    response = client_for("operator").post(reverse("staff_create"), NEW_ACCOUNT, follow=True)
    assert "setelah kepala sekolah mengonfirmasinya" in response.content.decode()
    member = Membership.objects.get(user__username="guru.baru")
    assert member.active is False and member.pending_role == Role.KONSELOR and member.pending_by == cast["operator"]

    # the operator knows the initial password; with it, nothing of the school opens
    client = Client()
    client.post(reverse("login"), {"username": "guru.baru", "password": INITIAL})
    client.post(reverse("password_change"), {"old_password": INITIAL, "new_password1": "punya-operator-2026",
                                             "new_password2": "punya-operator-2026"})
    assert client.get(reverse("case_list")).status_code == 403
    assert client.get(reverse("case_detail", args=[case.pk])).status_code == 404

    kepala = client_for("kepala")
    home = kepala.get(reverse("home")).content.decode()
    assert "Akun yang menunggu konfirmasi Anda" in home and "guru.baru" in home
    decided = kepala.post(reverse("role_decide", args=[member.pk, "confirm"]), as_shown(member), follow=True)
    member.refresh_from_db()
    assert member.active is True and member.role == Role.KONSELOR and member.pending_role == ""

    # what the operator set up is worth nothing now: the session ended, the passwords are gone
    assert client.get(reverse("case_list")).status_code == 302
    for password in (INITIAL, "punya-operator-2026"):
        assert Client().post(reverse("login"), {"username": "guru.baru", "password": password}).status_code == 200
    # the principal hands the person a one-time link; with it they choose their own password
    link = re.search(r"https?://testserver(/accounts/reset/[\w-]+/[\w-]+/)", decided.content.decode()).group(1)
    person = Client()
    form_page = person.get(link, follow=True)
    person.post(form_page.redirect_chain[-1][0], {"new_password1": "milik-guru-sendiri-7", "new_password2":
                                                 "milik-guru-sendiri-7"})
    assert log_in("guru.baru", "milik-guru-sendiri-7").get(reverse("case_list")).status_code == 200


def test_a_role_change_to_coordinator_waits_and_the_counselor_keeps_their_own_caseload(cast, case, client_for):
    other = cast["konselor_lain"]
    client_for("operator").post(reverse("staff_edit", args=[other.pk]), staff_form(other, role="koordinator"))
    other.refresh_from_db()
    assert other.role == Role.KONSELOR and other.pending_role == Role.KOORDINATOR and other.active
    assert client_for("konselor_lain").get(reverse("case_detail", args=[case.pk])).status_code == 404

    client_for("kepala").post(reverse("role_decide", args=[other.pk, "confirm"]), as_shown(other))
    other.refresh_from_db()
    assert other.role == Role.KOORDINATOR
    assert client_for("konselor_lain").get(reverse("case_detail", args=[case.pk])).status_code == 200


def test_the_principal_declining_leaves_the_account_as_it_was(cast, client_for):
    other = cast["konselor_lain"]
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, role=Role.KOORDINATOR)
    client_for("kepala").post(reverse("role_decide", args=[other.pk, "decline"]), as_shown(other))
    other.refresh_from_db()
    assert other.role == Role.KONSELOR and other.pending_role == "" and other.active


def test_reactivating_a_counselor_waits_for_the_principal(cast):
    other = cast["konselor_lain"]
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, active=False)
    other.refresh_from_db()
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, active=True)
    other.refresh_from_db()
    assert other.active is False and other.pending_role == Role.KONSELOR


@pytest.mark.parametrize("narrower", [Role.KONSELOR, Role.PESERTA])
def test_narrowing_a_role_takes_effect_at_once(cast, narrower):
    coordinator = cast["koordinator"]
    accounts.staff_update(membership=coordinator, by=cast["operator"], version=coordinator.version, role=narrower)
    coordinator.refresh_from_db()
    assert coordinator.role == narrower and coordinator.pending_role == ""


def test_the_principal_confirms_what_she_was_shown_not_what_the_operator_changed_since(cast, client_for):
    other = cast["konselor_lain"]
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, role=Role.PESERTA)
    shown = as_shown(other)  # "asked for: participant"
    other.refresh_from_db()
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, role=Role.KOORDINATOR)
    page = client_for("kepala").post(reverse("role_decide", args=[other.pk, "confirm"]), shown, follow=True)
    assert "Permintaan berubah setelah Anda membuka halaman" in page.content.decode()
    other.refresh_from_db()
    assert other.role == Role.PESERTA and other.pending_role == Role.KOORDINATOR


def test_deactivating_an_account_withdraws_its_request(cast):
    other = cast["konselor_lain"]
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, role=Role.KOORDINATOR)
    other.refresh_from_db()
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, role=Role.KOORDINATOR,
                          active=False)
    other.refresh_from_db()
    assert other.active is False and other.pending_role == ""


def test_a_participant_account_the_operator_creates_waits_for_the_principal_too(cast):
    member = accounts.staff_create(by=cast["operator"], username="wali.murid", password=INITIAL, role=Role.PESERTA,
                                   first_name="Wali")
    assert member.active is False and member.pending_role == Role.PESERTA


def test_the_operator_cannot_rename_an_account_that_reads_case_content(cast):
    counselor = cast["konselor"]
    with pytest.raises(ValidationError, match="tidak dapat mengubah nama"):
        accounts.staff_update(membership=counselor, by=cast["operator"], version=counselor.version,
                              first_name="Pak Budi (wali kelas)")
    counselor.user.refresh_from_db()
    assert counselor.user.first_name == "Rina"


@pytest.mark.parametrize("who", ["operator", "koordinator", "konselor", "peserta", "orang_luar"])
def test_only_the_principal_confirms_a_role(cast, client_for, who):
    other = cast["konselor_lain"]
    accounts.staff_update(membership=other, by=cast["operator"], version=other.version, role=Role.KOORDINATOR)
    response = client_for(who).post(reverse("role_decide", args=[other.pk, "confirm"]), as_shown(other))
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.role == Role.KONSELOR and other.pending_role == Role.KOORDINATOR


def test_a_new_principal_account_waits_for_the_platform_administrator(cast, client_for):
    member = accounts.staff_create(by=cast["operator"], username="kepala.baru", password=INITIAL, role=Role.KEPALA,
                                   first_name="Kepala", last_name="Baru")
    assert member.active is False and member.pending_role == Role.KEPALA
    assert client_for("kepala").post(reverse("role_decide", args=[member.pk, "confirm"]),
                                     as_shown(member)).status_code == 404
    member.refresh_from_db()
    assert member.active is False

    admin = UserFactory(username="platform", is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(admin)
    response = client.post(reverse("admin:bkcase_membership_changelist"),
                           {"action": "confirm_pending_roles", "_selected_action": [member.pk]})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.active is True and member.role == Role.KEPALA and member.pending_role == ""
    assert AuditEvent.objects.filter(action="confirm", object_id=str(member.pk), username="platform").exists()


# Email addresses the person confirmed, and resets that go only there ------------------------------


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Mail goes out when the transaction commits: run those callbacks."""
    def run(call):
        with django_capture_on_commit_callbacks(execute=True):
            return call()
    return run


def confirm_own_email(on_commit, client, email):
    on_commit(lambda: client.post(reverse("my_email"), {"email": email}))
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    assert client.get(path).status_code == 200  # a page with a button: the GET changes nothing
    assert not ConfirmedEmail.objects.filter(email=email).exists()
    return client.post(path)


def test_a_person_confirms_their_own_address_and_then_a_reset_reaches_them(cast, client_for, on_commit):
    client = client_for("konselor")
    confirm_own_email(on_commit, client, "rina@sman.sch.id")
    assert ConfirmedEmail.objects.get(user=cast["konselor"].user).email == "rina@sman.sch.id"
    mail.outbox.clear()
    Client().post(reverse("password_reset"), {"email": "rina@sman.sch.id"})
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rina@sman.sch.id"]


def test_a_confirmation_link_is_for_the_person_it_was_sent_to(cast, client_for, on_commit):
    on_commit(lambda: client_for("konselor").post(reverse("my_email"), {"email": "rina@sman.sch.id"}))
    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0).split("testserver", 1)[1]
    response = client_for("konselor_lain").post(link, follow=True)
    assert "bukan untuk alamat" in response.content.decode()
    assert not ConfirmedEmail.objects.exists()


def test_an_address_changed_after_confirmation_gets_no_reset_until_confirmed_again(cast, client_for, on_commit):
    confirm_own_email(on_commit, client_for("konselor"), "rina@sman.sch.id")
    user = cast["konselor"].user
    user.email = "rina.baru@sman.sch.id"
    user.save()
    mail.outbox.clear()
    for address in ("rina@sman.sch.id", "rina.baru@sman.sch.id"):
        Client().post(reverse("password_reset"), {"email": address})
    assert mail.outbox == []


def test_password_resets_are_limited_per_address_and_per_account(cast, client_for, on_commit):
    confirm_own_email(on_commit, client_for("konselor"), "rina@sman.sch.id")
    mail.outbox.clear()
    for _ in range(5):
        response = Client().post(reverse("password_reset"), {"email": "rina@sman.sch.id"})
        assert response.status_code == 302  # the same answer every time: nothing to learn from it
    assert len(mail.outbox) == accounts.RESET_LIMIT_PER_ACCOUNT == 3
    assert get_user_model().objects.get(username="konselor").check_password(PASSWORD)
