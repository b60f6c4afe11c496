"""The year roll-over (R14), and the README's example roster importing cleanly into the demo school."""

from pathlib import Path

import pytest
from django.urls import reverse

from bkcase.models import AuditEvent, Enrolment, SchoolClass, SchoolYear, Student

from ..factories import StudentFactory, enrol, school_class

pytestmark = pytest.mark.r14

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "data-siswa-contoh.xlsx"


def test_the_roll_over_moves_classes_up_graduates_the_last_level_and_carries_the_counselors(
        client_for, cast, school, year):
    ten = school_class(year, "X IPA 1", counselor=cast["konselor"])
    twelve = school_class(year, "XII IPS 2", counselor=cast["konselor_lain"])
    pupil, leaver = StudentFactory(school=school, nis="1"), StudentFactory(school=school, nis="2")
    enrol(pupil, ten)
    enrol(leaver, twelve)
    client = client_for("koordinator")
    page = client.get(reverse("rosters:roll_over")).content.decode()
    assert "X IPA 1</td><td>XI IPA 1</td>" in page and "1 siswa lulus" in page

    response = client.post(reverse("rosters:roll_over"), {"source_year": year.pk, "expected_students": 2})
    assert response.status_code == 302
    new_year = SchoolYear.objects.get(school=school, is_current=True)
    assert new_year.start_year == year.start_year + 1
    moved = Enrolment.objects.get(student=pupil, year=new_year).school_class
    assert (moved.name, moved.counselor, moved.counselor_to_review) == ("XI IPA 1", cast["konselor"], True)
    leaver.refresh_from_db()
    pupil.refresh_from_db()
    assert not leaver.active and Student.objects.filter(pk=leaver.pk).exists()
    assert pupil.active and pupil.class_name == "XI IPA 1"
    # last year's classes and enrolments stay as they were
    assert Enrolment.objects.get(student=leaver, year=year).school_class == twelve
    assert AuditEvent.objects.filter(object_type="bkcase.schoolyear", student_id=leaver.pk).exists()
    # the classes page flags the carried-over counselor for review, until the coordinator saves it
    assert "dibawa dari tahun lalu: periksa" in client.get(reverse("classes")).content.decode()
    client.post(reverse("classes"), {"year": new_year.pk, f"class-{moved.pk}": cast["konselor"].pk})
    assert not SchoolClass.objects.get(pk=moved.pk).counselor_to_review


def test_the_roll_over_carries_the_homeroom_teachers_with_their_classes_for_review(client_for, cast, school, year):
    from bkcase.models import Membership, Role

    from ..factories import MembershipFactory

    walikelas = cast["walikelas"]
    left = MembershipFactory(school=school, role=Role.GURU, user__username="pindah")
    Membership.objects.filter(pk=left.pk).update(active=False)  # no longer teaches at the school
    ten = school_class(year, "X IPA 1", homeroom_teacher=walikelas)
    eleven = school_class(year, "XI IPS 1", homeroom_teacher=left)
    school_class(year, "XII IPA 1", homeroom_teacher=walikelas)  # graduates: nothing to carry
    for n, source in enumerate((ten, eleven)):
        enrol(StudentFactory(school=school, nis=f"9{n}"), source)
    client = client_for("koordinator")
    client.post(reverse("rosters:roll_over"), {"source_year": year.pk, "expected_students": 2})
    new_year = SchoolYear.objects.get(school=school, is_current=True)
    carried = SchoolClass.objects.get(year=new_year, name="XI IPA 1")
    assert (carried.homeroom_teacher, carried.homeroom_teacher_to_review) == (walikelas, True)
    dropped = SchoolClass.objects.get(year=new_year, name="XII IPS 1")
    assert (dropped.homeroom_teacher, dropped.homeroom_teacher_to_review) == (None, False)
    assert SchoolClass.objects.filter(year=new_year).count() == 2
    # last year's classes keep their teachers
    assert SchoolClass.objects.get(pk=ten.pk).homeroom_teacher == walikelas
    # the classes page flags it until the coordinator saves the class's homeroom teacher
    page = client.get(reverse("classes")).content.decode()
    assert page.count("dibawa dari tahun lalu: periksa") == 1
    client.post(reverse("classes"), {"year": new_year.pk, f"homeroom-{carried.pk}": walikelas.pk})
    carried.refresh_from_db()
    assert (carried.homeroom_teacher, carried.homeroom_teacher_to_review) == (walikelas, False)
    assert "dibawa dari tahun lalu: periksa" not in client.get(reverse("classes")).content.decode()


def test_the_roll_over_is_done_once_and_only_as_shown(client_for, cast, school, year):
    enrol(StudentFactory(school=school), school_class(year, "X 1"))
    client = client_for("koordinator")
    response = client.post(reverse("rosters:roll_over"), {"source_year": year.pk, "expected_students": 5},
                           follow=True)
    assert "Kelas berubah sejak Anda membuka halaman" in response.content.decode()
    assert SchoolYear.objects.filter(school=school).count() == 1
    client.post(reverse("rosters:roll_over"), {"source_year": year.pk, "expected_students": 1})
    # a second click of the same page does not roll the new year over too
    response = client.post(reverse("rosters:roll_over"), {"source_year": year.pk, "expected_students": 0},
                           follow=True)
    assert "Tahun ajaran sudah dinaikkan." in response.content.decode()
    assert SchoolYear.objects.filter(school=school).count() == 2
    assert client_for("konselor").get(reverse("rosters:roll_over")).status_code == 403


