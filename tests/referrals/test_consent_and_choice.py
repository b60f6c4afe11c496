"""Planning an ATK with the client: a contact with the expert before the client's consent names no
client (R4), and the client chooses among the alternatives put before them (kemandirian)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bkcase.workflow import Stage
from referrals import documents, services
from referrals.models import ExpertContact

from ..consent import consented
from .conftest import CHOICE, plan_with_consent, walk_to
from .test_documents import pdf_text


def contact(referral, by, on, **fields):
    return services.referral_add_contact(referral=referral, by=by, contacted_on=on, channel="telepon",
                                         response="positif", **fields)


# R4: anonymous before consent ------------------------------------------------------------------------


@pytest.mark.r4
def test_a_contact_while_consent_is_not_recorded_is_stored_as_anonymous(client_for, referral, konselor):
    client_for("konselor").post(
        reverse("referrals:referral_add_contact", args=[referral.pk]),
        {"contacted_on": "2026-11-02", "channel": "telepon", "response": "positif", "note": "Bersedia"},
    )
    assert ExpertContact.objects.get().anonymous
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "anonim: nama klien tidak disebutkan" in page


@pytest.mark.r4
def test_a_contact_dated_before_the_consent_is_anonymous_and_one_after_it_names_the_client(referral, konselor):
    referral = plan_with_consent(referral, konselor)  # 3 Nov
    before = contact(referral, konselor, datetime.date(2026, 11, 2), anonymous=False)
    after = contact(referral, konselor, datetime.date(2026, 11, 3))
    assert before.anonymous and not after.anonymous
    chosen = contact(referral, konselor, datetime.date(2026, 11, 4), anonymous=True)
    assert chosen.anonymous  # the counselor may keep a later contact anonymous too


@pytest.mark.r4
def test_recording_the_consent_later_leaves_the_earlier_contacts_anonymous(referral, konselor):
    early = contact(referral, konselor, datetime.date(2026, 11, 1))
    plan_with_consent(referral, konselor)
    later = contact(referral, konselor, datetime.date(2026, 11, 5))
    early.refresh_from_db()
    assert early.anonymous and not later.anonymous
    # a consent date moved later makes the contacts before it anonymous as well
    consented(referral, konselor, guardian_consent_on=datetime.date(2026, 11, 6))
    later.refresh_from_db()
    assert later.anonymous


@pytest.mark.r4
def test_the_record_refuses_a_named_contact_before_consent(referral, konselor):
    named = ExpertContact(referral=referral, expert=referral.expert, contacted_on=datetime.date(2026, 11, 2),
                          channel="telepon", response="positif", by=konselor, anonymous=False)
    with pytest.raises(ValidationError) as error:
        named.full_clean()
    assert "anonymous" in error.value.message_dict


@pytest.mark.r4
@pytest.mark.r10
def test_the_atk_report_prints_the_anonymous_contacts_as_such(referral, konselor):
    contact(referral, konselor, datetime.date(2026, 11, 2), note="Menanyakan kesediaan")
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    text = pdf_text(documents.report_pdf(referral))
    assert "Anonim: sebelum persetujuan klien, nama klien tidak disebutkan. Menanyakan kesediaan" in text


# The client's choice (kemandirian) ---------------------------------------------------------------------


@pytest.mark.r8
def test_planning_is_left_only_with_the_alternatives_offered_and_the_clients_choice(client_for, referral, konselor):
    referral = consented(referral, konselor)
    contact(referral, konselor, datetime.date(2026, 11, 4))
    referral.refresh_from_db()
    assert referral.missing_to_leave() == ["alternatif yang ditawarkan kepada klien dan pilihan klien"]
    client = client_for("konselor")
    client.post(reverse("referrals:referral_edit", args=[referral.pk]), {
        "version": referral.version, "expert": referral.expert.pk, "problem_summary": referral.problem_summary,
        "functions": referral.functions, "alternatives_offered": "Psikolog; dokter umum; konseling dengan guru BK",
        "client_choice": "Psikolog, ditemani ibunya",
    })
    referral.refresh_from_db()
    assert referral.missing_to_leave() == []
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Psikolog; dokter umum; konseling dengan guru BK" in page and "Psikolog, ditemani ibunya" in page


@pytest.mark.r10
def test_the_atk_report_prints_the_alternatives_and_the_clients_choice(referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    text = pdf_text(documents.report_pdf(referral))
    for expected in ["Alternatif yang ditawarkan kepada klien", CHOICE["alternatives_offered"], "Pilihan klien",
                     CHOICE["client_choice"]]:
        assert expected in text, expected
