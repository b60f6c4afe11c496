"""A teacher sees their referrals' status only (R15): every case, ATK referral, conference and
chronology URL, and every referral to BK's own page, answers them 404 (S1); the pages of other roles
403; and a teacher invited to a conference reads it like any participant."""

import pytest
from django.urls import reverse

from bkcase.models import Role
from conferences import services as conference_services

from ..test_access_matrix import POST_ONLY, matrix, records  # noqa: F401 - records is the matrix's fixture
from .conftest import refer

pytestmark = [pytest.mark.r15, pytest.mark.s1]

RECORD_AREAS = ("case_", "student_detail", "student_edit", "referrals:", "conferences:", "intake:", "chronolog",
                "counseling:")


def record_urls(table):
    for name, (url, expected) in table.items():
        if not name.startswith(RECORD_AREAS) and not any(area in name for area in RECORD_AREAS):
            continue
        if not any(part.isdigit() for part in url.replace(".", "/").split("/")) or "recap" in name:
            continue  # a list, a recap or a form to start from: a page of a role, not a record
        yield name, url, expected


def test_a_teacher_gets_404_on_every_case_referral_conference_and_chronology_url(
        client, records, walikelas, pupil, cast):  # noqa: F811
    bk_referral = refer(walikelas, pupil)
    table = matrix(records)
    table["intake:detail"] = (reverse("intake:detail", args=[bk_referral.pk]), None)
    table["intake:accept"] = (reverse("intake:accept", args=[bk_referral.pk]), POST_ONLY)
    table["intake:answer"] = (reverse("intake:answer", args=[bk_referral.pk]), POST_ONLY)
    client.force_login(walikelas.user)
    wrong, checked = [], 0
    for name, url, expected in record_urls(table):
        status = client.post(url).status_code if expected == POST_ONLY else client.get(url).status_code
        checked += 1
        if status != 404:
            wrong.append(f"{name} {url}: {status}")
    assert wrong == []
    assert checked >= 40


def test_a_teacher_gets_403_on_the_pages_of_other_roles(client, walikelas, records):  # noqa: F811
    client.force_login(walikelas.user)
    for name in ("student_list", "case_list", "referrals:referral_list", "reports:atk_recap", "reports:conference_recap", "classes",
                 "rosters:upload", "intake:inbox", "access_log", "staff_list"):
        assert client.get(reverse(name)).status_code == 403, name


def test_a_teacher_invited_to_a_conference_reads_it_after_acknowledging(client, walikelas, records, cast):  # noqa: F811
    conference = records["conference"]
    url = reverse("conferences:conference_detail", args=[conference.pk])
    client.force_login(walikelas.user)
    assert client.get(url).status_code == 404
    participant = conference_services.participant_add(conference=conference, by=cast["konselor"], group="a",
                                                      role="wali_kelas", name="Wati", account=walikelas)
    conference_services.participant_acknowledge(participant=participant, by=walikelas)
    assert client.get(url).status_code == 200
    assert walikelas.role == Role.GURU
