"""School years, classes and the counselors' classes (R14); where a case came from (R15)."""

import datetime

import pytest
from django.urls import reverse

from bkcase import services
from bkcase.exceptions import NotAllowed
from bkcase.models import Case, SchoolClass, SchoolYear, parse_class_name

from ..factories import CaseFactory, StudentFactory, enrol, school_class, school_year

pytestmark = pytest.mark.r14


@pytest.mark.parametrize("written, name", [
    ("XI IPA 2", "XI IPA 2"), ("xi-ipa-2", "XI IPA 2"), ("X-1", "X 1"), ("XII.IPS.3", "XII IPS 3"),
    ("7A", "VII A"), ("kelas 10 MIPA 1", "X MIPA 1"), ("IX", "IX"),
])
def test_class_names_as_schools_write_them_are_read_as_level_major_and_parallel(written, name):
    assert parse_class_name(written)[3] == name


@pytest.mark.parametrize("written", ["", "XIII A", "kelas", "Bahasa Indonesia", "X " + "A" * 40])
def test_what_is_not_a_class_name_is_refused(written):
    with pytest.raises(ValueError):
        parse_class_name(written)


def test_one_school_year_is_current_at_a_time(cast, school):
    koordinator = cast["koordinator"]
    first = services.school_year_create(by=koordinator, start_year=2025, make_current=True)
    second = services.school_year_create(by=koordinator, start_year=2026, semester="genap", make_current=True)
    assert list(SchoolYear.objects.filter(school=school, is_current=True)) == [second]
    assert second.label == "2026/2027 semester genap"
    services.school_year_make_current(by=koordinator, year=first, semester="genap")
    assert SchoolYear.current_of(school.pk) == first


def test_only_the_coordinator_keeps_the_school_years_and_the_classes(cast, school):
    year = school_year(school)
    for who in ("konselor", "kepala", "operator", "peserta"):
        with pytest.raises(NotAllowed):
            services.school_year_create(by=cast[who], start_year=2030)
        with pytest.raises(NotAllowed):
            services.class_counselors_assign(by=cast[who], year=year, assignments={})


def test_a_case_keeps_the_class_of_the_year_it_was_opened_in(cast, school, client_for):
    konselor = cast["konselor"]
    last_year = school_year(school, 2025, current=True)
    student = StudentFactory(school=school, full_name="Rudi Hartono")
    enrol(student, school_class(last_year, "X IPA 2"))
    old_case = services.case_open(by=konselor, student=student, category="belajar", title="Nilai turun")
    last_year.is_current = False
    last_year.save()
    this_year = school_year(school, 2026, current=True)
    enrol(student, school_class(this_year, "XI IPA 2"))
    new_case = services.case_open(by=konselor, student=student, category="sosial", title="Bertengkar")

    assert (old_case.school_year, old_case.school_class.name) == (last_year, "X IPA 2")
    assert (new_case.school_year, new_case.school_class.name) == (this_year, "XI IPA 2")
    page = client_for("konselor").get(reverse("case_detail", args=[old_case.pk])).content.decode()
    assert "X IPA 2 2025/2026" in page
    page = client_for("konselor").get(reverse("student_detail", args=[student.pk])).content.decode()
    assert "2026/2027: XI IPA 2<br>2025/2026: X IPA 2" in page


def test_cases_are_listed_by_school_year(cast, school, client_for):
    konselor = cast["konselor"]
    last_year = school_year(school, 2025, current=True)
    student = StudentFactory(school=school)
    services.case_open(by=konselor, student=student, category="belajar", title="Kasus tahun lalu")
    last_year.is_current = False
    last_year.save()
    this_year = school_year(school, 2026, current=True)
    services.case_open(by=konselor, student=student, category="sosial", title="Kasus tahun ini")
    client = client_for("konselor")
    page = client.get(reverse("case_list"), {"year": this_year.pk}).content.decode()
    assert "Kasus tahun ini" in page and "Kasus tahun lalu" not in page
    page = client.get(reverse("case_list"), {"year": last_year.pk}).content.decode()
    assert "Kasus tahun lalu" in page and "Kasus tahun ini" not in page


def test_the_coordinator_assigns_classes_and_a_new_case_defaults_to_the_class_counselor(cast, school, client_for):
    year = school_year(school)
    ipa, ips = school_class(year, "XI IPA 2"), school_class(year, "XI IPS 1")
    student = StudentFactory(school=school, full_name="Maya Sari")
    enrol(student, ips)
    client = client_for("koordinator")
    response = client.post(reverse("classes"), {
        "year": year.pk, f"class-{ipa.pk}": cast["konselor"].pk, f"class-{ips.pk}": cast["konselor_lain"].pk})
    assert response.status_code == 302
    assert SchoolClass.objects.get(pk=ips.pk).counselor == cast["konselor_lain"]

    # the coordinator's case form proposes the class's counselor, and a case without a choice goes there
    form = client.get(reverse("case_create", args=[student.pk])).content.decode()
    assert f'<option value="{cast["konselor_lain"].pk}" selected>' in form
    case = services.case_open(by=cast["koordinator"], student=student, category="belajar", title="Sulit fokus")
    assert case.counselor == cast["konselor_lain"]
    # a counselor who opens a case keeps it, whoever's class the student is in
    mine = services.case_open(by=cast["konselor"], student=student, category="pribadi", title="Cemas")
    assert mine.counselor == cast["konselor"]


def test_a_class_cannot_be_assigned_to_someone_who_is_not_a_counselor(cast, school, client_for):
    year = school_year(school)
    ipa = school_class(year, "XI IPA 2")
    response = client_for("koordinator").post(reverse("classes"), {"year": year.pk, f"class-{ipa.pk}": cast["kepala"].pk})
    assert response.status_code == 400 and "is-invalid" in response.content.decode()
    assert SchoolClass.objects.get(pk=ipa.pk).counselor is None


def test_the_coordinators_home_shows_each_counselors_caseload_against_their_students(cast, school, client_for):
    year = school_year(school)
    ipa = school_class(year, "XI IPA 2", counselor=cast["konselor"])
    for n in range(3):
        enrol(StudentFactory(school=school, nis=f"55{n}"), ipa)
    services.case_open(by=cast["konselor"], student=ipa.enrolments.first().student, category="belajar", title="x",
                       source="wali_kelas")
    page = client_for("koordinator").get(reverse("home")).content.decode()
    page = page[page.index('id="per-counselor"'):]  # the caseload per counselor
    row = page[page.index("Rina Uji"):]
    row = row[:row.index("</tr>")]
    assert '<td class="text-end">1</td><td class="text-end">3</td>' in row
    # where the open cases came from is counted
    assert "Wali kelas" in page[page.index('id="by-source"'):]


def test_where_a_case_came_from_is_shown_on_it(cast, school, client_for, student):
    case = services.case_open(by=cast["konselor"], student=student, category="belajar", title="x", source="orang_tua")
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Orang tua atau wali" in page
    assert Case.objects.filter(source="orang_tua").count() == 1


@pytest.mark.s1
def test_another_schools_year_answers_404(cast, other_school, client_for):
    foreign = school_year(other_school)
    response = client_for("koordinator").post(reverse("school_year_current", args=[foreign.pk]), {"semester": "genap",
                                                                                                  "version": 1})
    assert response.status_code == 404
    assert SchoolYear.objects.get(pk=foreign.pk).semester == "ganjil"


@pytest.mark.r14
def test_a_case_opened_before_school_years_were_kept_is_listed_under_the_year_of_its_opening(cast, school, client_for):
    last_year, this_year = school_year(school, 2025, current=False), school_year(school, 2026, current=True)
    CaseFactory(counselor=cast["konselor"], title="Kasus lama tanpa tahun", opened_on=datetime.date(2025, 9, 1))
    client = client_for("konselor")
    assert "Kasus lama tanpa tahun" in client.get(reverse("case_list"), {"year": last_year.pk}).content.decode()
    assert "Kasus lama tanpa tahun" not in client.get(reverse("case_list"), {"year": this_year.pk}).content.decode()
