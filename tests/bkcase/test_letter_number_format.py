"""The operator's letter number format (S29): checked before it is saved, and a format that is not
a good one (already in the database) never makes a print fail."""

import re

import pytest
from django.urls import reverse

from bkcase import letter_format, numbering
from bkcase.forms import SchoolForm
from bkcase.models import School
from conferences.models import ConferenceDocument
from referrals.models import Referral

from ..referrals.conftest import agree

pytestmark = pytest.mark.s29


def settings_post(school, **changes):
    """The school settings form as the operator's browser sends it back, with their changes."""
    form = SchoolForm(instance=school)
    data = {name: form[name].value() for name in form.fields if name != "logo"}
    data = {name: value for name, value in data.items() if value is not None}
    data.update(changes)
    return data


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{seq:090d}/{code}/{year}", "{seq:090d} terlalu lebar: lebarnya paling banyak 6."),
        ("{seq:>1000}/{code}", "{seq:&gt;1000} terlalu lebar"),
        ("{seq.real}/{code}", "{seq.real} tidak diizinkan: gunakan hanya {seq}, {code}, {school}, {month}, dan {year}"),
        ("{code[0]}/{seq}", "{code[0]} tidak diizinkan"),
        ("{seq!r}/{code}", "{seq!r} tidak diizinkan"),
        ("{seq:{year}}/{code}", "{seq:{year}} tidak diizinkan"),
        ("{seq:,}/{code}", "{seq:,} tidak diizinkan"),
        ("{nomor}/{seq}", "{nomor} tidak diizinkan"),
        ("{month:d}/{seq}", "Format memakai penanda yang tidak dikenal"),
        ("{seq/{code}", "Format memakai penanda yang tidak dikenal"),
        ("{code}/{year}", "Format harus memuat {seq}"),
        ("SURAT-KELUAR-BIMBINGAN-DAN-KONSELING/" * 3 + "{seq:03d}", "bisa sepanjang 117 karakter; yang muat paling banyak 80."),
    ],
)
def test_the_operator_cannot_save_a_letter_number_format_that_could_break_a_print(bad, message, school, cast, client_for):
    response = client_for("operator").post(
        reverse("school_edit"), settings_post(school, letter_number_format=bad, city="Sleman")
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Sleman"' in page  # the operator's input is kept
    school.refresh_from_db()
    assert school.letter_number_format == "{seq:03d}/{code}/{school}/{month}/{year}" and school.city != "Sleman"


def test_the_operator_saves_a_format_with_a_small_width_and_letters_follow_it(school, cast, client_for, case, expert):
    from referrals import services

    response = client_for("operator").post(
        reverse("school_edit"), settings_post(school, letter_number_format="{seq:06d}/{code:>4}/{year}")
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.letter_number_format == "{seq:06d}/{code:>4}/{year}"

    referral = services.referral_create(case=case, by=cast["konselor"], expert=expert, problem_summary="x")
    agree(referral, cast["konselor"])
    printed = client_for("konselor").post(reverse("referrals:cover_letter", args=[referral.pk]))
    assert printed["Content-Type"] == "application/pdf"
    referral.refresh_from_db()
    assert re.fullmatch(r"\d{6}/  BK/\d{4}", referral.cover_letter_number)


def test_the_longest_letter_number_fits_where_letter_numbers_are_stored():
    for field in (
        Referral._meta.get_field("cover_letter_number"),
        Referral._meta.get_field("report_number"),
        ConferenceDocument._meta.get_field("number"),
    ):
        assert field.max_length >= letter_format.NUMBER_MAX_LENGTH, field


@pytest.mark.parametrize("bad", ["{seq:090d}/{code}", "{seq:{year}}", "{nomor}/{seq}", "{seq", "{month:d}/{seq}", ""])
def test_a_bad_format_already_in_the_database_never_makes_a_cover_letter_fail(bad, school, cast, client_for, case, expert):
    from referrals import services

    School.objects.filter(pk=school.pk).update(letter_number_format=bad)  # around the form's checks
    referral = services.referral_create(case=case, by=cast["konselor"], expert=expert, problem_summary="x")
    agree(referral, cast["konselor"])

    response = client_for("konselor").post(reverse("referrals:cover_letter", args=[referral.pk]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    referral.refresh_from_db()
    month = numbering.ROMAN_MONTHS[referral.cover_letter_on.month - 1]
    # the default format instead
    assert re.fullmatch(rf"\d{{3}}/BK/{school.npsn}/{month}/{referral.cover_letter_on.year}", referral.cover_letter_number)
