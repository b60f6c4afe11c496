"""Stale edits (S12) on every record people edit through a form: the school's settings, a user
account, an expert of the directory, a participant's minutes. Saving after someone else saved is
refused with the reason, the user's input comes back, and the other person's change stays."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import timezone

from bkcase import accounts
from bkcase import services as core_services
from bkcase.forms import SchoolForm, StaffEditForm
from conferences import services as conference_services
from referrals import services as referral_services
from referrals.forms import ExpertForm

from .conferences.conftest import FUNCTIONS, REASON, approve, hold, invite
from .consent import consented

pytestmark = pytest.mark.s12

STALE = "Orang lain menyimpan perubahan pada"


def as_post(form, **changes):
    """The form as the user's browser would send it back, with their changes."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if value is None or value is False or isinstance(field, forms.FileField):
            continue
        data[name] = "on" if value is True and field.widget.input_type == "checkbox" else value
    data.update(changes)
    return data


def test_a_stale_edit_of_the_school_settings_is_refused_with_the_input_kept(cast, school, client_for):
    seen = as_post(SchoolForm(instance=school), phone="(0274) 999999")
    core_services.school_update(by=cast["operator"], version=school.version, principal_name="Dra. Kartini")
    response = client_for("operator").post(reverse("school_edit"), seen)
    page = response.content.decode()
    assert STALE in page and "sekolah ini" in page and 'value="(0274) 999999"' in page
    school.refresh_from_db()
    assert school.principal_name == "Dra. Kartini" and school.phone != "(0274) 999999"


def test_the_school_settings_save_when_nobody_else_saved(cast, school, client_for):
    response = client_for("operator").post(reverse("school_edit"), as_post(SchoolForm(instance=school), city="Sleman"))
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.city == "Sleman" and school.version == 2


def test_a_stale_edit_of_an_account_is_refused_with_the_input_kept(cast, client_for):
    member = cast["konselor_lain"]
    seen = as_post(StaffEditForm(instance=member), position="Wali kelas XI")
    accounts.staff_update(membership=member, by=cast["operator"], version=member.version, phone="0812 1111 2222")
    page = client_for("operator").post(reverse("staff_edit", args=[member.pk]), seen).content.decode()
    assert STALE in page and "akun pengguna ini" in page and 'value="Wali kelas XI"' in page
    member.refresh_from_db()
    assert member.phone == "0812 1111 2222" and member.position != "Wali kelas XI"


def test_a_stale_edit_of_an_expert_is_refused_with_the_input_kept(expert, koordinator, client_for):
    seen = as_post(ExpertForm(instance=expert, school=expert.school), phone="0274 777")
    referral_services.expert_update(expert=expert, by=koordinator, version=expert.version, institution="RSUP Dr. Sardjito")
    page = client_for("koordinator").post(reverse("referrals:expert_edit", args=[expert.pk]), seen).content.decode()
    assert STALE in page and "ahli ini" in page and 'value="0274 777"' in page
    expert.refresh_from_db()
    assert expert.institution == "RSUP Dr. Sardjito" and expert.phone != "0274 777"


def test_a_stale_edit_of_a_participants_minutes_is_refused_and_the_other_record_stays(case, cast, client_for):
    konselor = cast["konselor"]
    # the coordinator takes the minutes: what is said in the conference is written by its participants (R9)
    conference = conference_services.conference_create(
        case=case, by=konselor, topic="Sering membolos", initiative="konselor", convener="kepala",
        reason=REASON, functions=FUNCTIONS, minute_taker=cast["koordinator"],
        held_on=timezone.localdate(), starts_at=datetime.time(9, 0), place="Ruang BK",
    )
    conference = consented(conference, konselor)
    parent = invite(conference, konselor)
    approve(conference, konselor, cast["kepala"])
    hold(conference, konselor)
    seen = parent.version
    conference_services.participant_update(participant=parent, by=cast["koordinator"], version=seen,
                                           views="Pandangan yang dicatat koordinator.")
    url = reverse("conferences:participant_update", args=[conference.pk, parent.pk])
    prefix = f"p{parent.pk}"
    response = client_for("konselor").post(url, {f"{prefix}-attended": "true", f"{prefix}-views": "Pandangan saya.",
                                                 f"{prefix}-version": seen})
    page = response.content.decode()
    assert STALE in page and "peserta ini" in page and "Pandangan saya." in page
    parent.refresh_from_db()
    assert parent.views == "Pandangan yang dicatat koordinator."


@pytest.mark.r12
def test_a_stale_correction_of_a_counseling_entry_is_refused_with_the_input_kept(cast, case, client_for):
    from counseling import services as counseling_services
    from counseling.models import Kind, ServiceCorrection

    konselor = cast["konselor"]
    entry = counseling_services.service_record(case=case, by=konselor, kind=Kind.INDIVIDUAL,
                                               held_on=timezone.localdate(), notes="Catatan awal.")
    seen = {"held_on": entry.held_on.isoformat(), "sharing": "konselor", "notes": "Catatan versi saya.",
            "version": entry.version}
    counseling_services.service_correct(service=entry, by=konselor, version=entry.version, notes="Catatan rekan.")
    page = client_for("konselor").post(reverse("counseling:service_edit", args=[entry.pk]), seen).content.decode()
    assert STALE in page and "catatan ini" in page and "Catatan versi saya." in page
    entry.refresh_from_db()
    assert entry.notes == "Catatan rekan." and ServiceCorrection.objects.filter(service=entry).count() == 1
