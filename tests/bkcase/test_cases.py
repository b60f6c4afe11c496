"""Cases: opening, editing, closing; must-refer and must-report categories (R2); stale edits (S12)."""

import datetime
import re

import pytest
from django.urls import reverse

from bkcase import services
from bkcase.models import AuditEvent, Case, Category

from ..factories import CaseFactory, StudentFactory


def open_data(**overrides):
    return {
        "category": Category.BELAJAR,
        "title": "Nilai turun",
        "description": "Catatan",
        "opened_on": "2026-11-10",
        **overrides,
    }


@pytest.mark.s8
def test_counselor_opens_a_case_for_a_student_and_owns_it(client_for, student, cast):
    response = client_for("konselor").post(reverse("case_create", args=[student.pk]), open_data())
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.pk])
    assert case.counselor == cast["konselor"] and case.student == student and case.school == student.school
    assert case.code == "KS-2026-0001"
    assert AuditEvent.objects.filter(action="create", object_type="bkcase.case", object_id=str(case.pk)).exists()


def test_case_codes_run_per_school_and_year(konselor, student):
    first = services.case_open(
        by=konselor, student=student, category="belajar", title="a", opened_on=datetime.date(2026, 1, 5)
    )
    second = services.case_open(
        by=konselor, student=student, category="sosial", title="b", opened_on=datetime.date(2026, 2, 5)
    )
    assert (first.code, second.code) == ("KS-2026-0001", "KS-2026-0002")


@pytest.mark.s5
def test_a_counselor_cannot_assign_a_case_to_someone_else_by_post(client_for, student, cast):
    client_for("konselor").post(
        reverse("case_create", args=[student.pk]), open_data(counselor=cast["konselor_lain"].pk)
    )
    assert Case.objects.get().counselor == cast["konselor"]


def test_the_coordinator_assigns_a_case_to_a_counselor(client_for, student, cast):
    client_for("koordinator").post(
        reverse("case_create", args=[student.pk]), open_data(counselor=cast["konselor_lain"].pk)
    )
    assert Case.objects.get().counselor == cast["konselor_lain"]


def test_a_case_cannot_go_to_a_counselor_of_another_school(koordinator, student, cast):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.case_open(by=koordinator, student=student, category="belajar", title="x", counselor=cast["orang_luar"])
    assert not Case.objects.exists()


def test_opening_a_case_with_missing_data_keeps_the_input(client_for, student):
    response = client_for("konselor").post(
        reverse("case_create", args=[student.pk]), open_data(title="", description="Catatan panjang saya")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in page and "Catatan panjang saya" in page
    assert not Case.objects.exists()


def test_a_future_opening_date_is_refused(client_for, student):
    response = client_for("konselor").post(reverse("case_create", args=[student.pk]), open_data(opened_on="2999-01-01"))
    assert "Tanggal dibuka tidak boleh di masa depan." in response.content.decode()
    assert not Case.objects.exists()


def test_a_must_refer_case_says_it_must_be_referred(client_for, cast):
    case = CaseFactory(counselor=cast["konselor"], category=Category.PENYAKIT_MENTAL)
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "di luar kewenangan konselor" in page
    assert case.must_refer and not case.must_report


@pytest.mark.r2
def test_a_criminality_case_says_it_must_be_reported_to_the_authorities(client_for, cast):
    case = CaseFactory(counselor=cast["konselor"], category=Category.KRIMINALITAS)
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "laporkan kepada pihak berwajib" in page
    assert case.referral_blocked_reason() is not None


@pytest.mark.r2
def test_a_criminality_case_processed_by_the_authorities_can_be_referred(client_for, cast):
    case = CaseFactory(counselor=cast["konselor"], category=Category.KRIMINALITAS)
    client_for("konselor").post(
        reverse("case_edit", args=[case.pk]),
        {
            **open_data(category=Category.KRIMINALITAS),
            "version": case.version,
            "authority_reported_on": "2026-11-03",
            "authority_processed_on": "2026-11-08",
            "authority_note": "Polsek Depok, LP/123/XI/2026",
        },
    )
    case.refresh_from_db()
    assert case.processed_by_authorities
    assert case.referral_blocked_reason() is None


@pytest.mark.r2
def test_processing_cannot_be_recorded_before_the_report(konselor, cast):
    from django.core.exceptions import ValidationError

    case = CaseFactory(counselor=konselor, category=Category.KRIMINALITAS)
    with pytest.raises(ValidationError) as error:
        services.case_update(
            case=case, by=konselor, version=case.version, authority_processed_on=datetime.date(2026, 11, 8)
        )
    assert "authority_reported_on" in error.value.message_dict


@pytest.mark.s12
def test_a_stale_edit_is_refused_and_the_input_is_shown_back(client_for, case, konselor):
    seen_version = case.version
    services.case_update(case=case, by=konselor, version=seen_version, title="Diubah oleh orang lain")
    response = client_for("konselor").post(
        reverse("case_edit", args=[case.pk]),
        {**open_data(title="Perubahan saya yang terlambat"), "version": seen_version},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Orang lain menyimpan perubahan pada kasus ini" in page
    assert "Perubahan saya yang terlambat" in page
    case.refresh_from_db()
    assert case.title == "Diubah oleh orang lain"


def test_closing_a_case_needs_a_reason_and_records_it(client_for, case):
    client = client_for("konselor")
    response = client.post(
        reverse("case_close", args=[case.pk]), {"closed_on": "2026-11-20", "closing_note": "", "version": case.version}
    )
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.is_open
    client.post(
        reverse("case_close", args=[case.pk]),
        {"closed_on": "2026-11-20", "closing_note": "Tuntas", "version": case.version,
         "no_laijapan_reason": "Klien lulus sebelum Laijapan."},
    )
    case.refresh_from_db()
    assert case.closed_on == datetime.date(2026, 11, 20) and case.closing_note == "Tuntas"


@pytest.mark.r16
def test_the_case_page_leads_to_a_close_page_that_asks_what_the_case_calls_for(client_for, case):
    client = client_for("konselor")
    close_url = reverse("case_close", args=[case.pk])
    assert close_url in client.get(reverse("case_detail", args=[case.pk])).content.decode()
    page = client.get(close_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="closing_note"' in html and f'value="{case.version}"' in html
    case.refresh_from_db()
    assert case.is_open  # showing the form changes nothing


@pytest.mark.r16
def test_a_refused_close_shows_the_close_page_again_with_what_was_typed(client_for, case):
    response = client_for("konselor").post(reverse("case_close", args=[case.pk]), {
        "closed_on": "bukan-tanggal", "closing_note": "Klien pindah ke kota lain.", "version": case.version})
    assert response.status_code == 400
    assert response.templates[0].name == "bkcase/case_close.html"
    assert "Klien pindah ke kota lain." in response.content.decode()


def test_the_close_page_of_a_closed_case_leads_back_to_the_case(client_for, case):
    type(case).objects.filter(pk=case.pk).update(closed_on=datetime.date(2026, 11, 20), closing_note="Tuntas")
    response = client_for("konselor").get(reverse("case_close", args=[case.pk]))
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.pk])


@pytest.mark.s13
def test_a_state_change_without_csrf_token_is_refused(case, cast):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["konselor"].user)
    response = client.post(
        reverse("case_close", args=[case.pk]), {"closed_on": "2026-11-20", "closing_note": "x", "version": case.version}
    )
    assert response.status_code == 403
    case.refresh_from_db()
    assert case.is_open


def test_case_page_shows_dates_in_indonesian(client_for, case):
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "2 November 2026" in page


def test_a_student_page_lists_only_the_cases_the_user_may_see(client_for, case, cast):
    theirs = CaseFactory(counselor=cast["konselor_lain"], student=case.student, title="Kasus lain")
    page = client_for("konselor").get(reverse("student_detail", args=[case.student.pk])).content.decode()
    assert case.code in page and theirs.code not in page


def test_an_inactive_student_gets_no_new_case(client_for, school):
    gone = StudentFactory(school=school, active=False)
    assert client_for("konselor").get(reverse("case_create", args=[gone.pk])).status_code == 404


def test_the_coordinators_home_counts_the_open_cases_per_category_and_per_source(client_for, cast, school):
    konselor = cast["konselor"]
    for category, source in [(Category.BELAJAR, "wali_kelas"), (Category.BELAJAR, ""), (Category.PRIBADI, "wali_kelas"),
                             (Category.BELAJAR, "wali_kelas")]:
        CaseFactory(counselor=konselor, student=StudentFactory(school=school), category=category, source=source)
    CaseFactory(counselor=konselor, student=StudentFactory(school=school), category=Category.PRIBADI,
                closed_on=datetime.date(2026, 11, 20))  # closed: not counted
    page = client_for("koordinator").get(reverse("home")).content.decode()

    def rows(heading_id):
        section = page[page.index(f'id="{heading_id}"'):]
        section = section[:section.index("</table>")]
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", section)]
        return list(zip(cells[::2], cells[1::2], strict=True))

    assert '<div class="stat">4</div><div>kasus terbuka</div>' in page
    assert rows("by-category") == [("Belajar", "3"), ("Pribadi", "1")]
    assert rows("by-source") == [("Wali kelas", "3"), ("tidak dicatat", "1")]
