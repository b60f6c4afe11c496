"""A class typed on the student's form is their class of the current school year too (R14): the
enrolment follows the hand edit, as it follows the roster import and the roll-over, so the student's
class and the year's class lists never tell two stories."""

import pytest
from django.urls import reverse

from bkcase.models import Enrolment, SchoolClass, Student

from ..factories import StudentFactory, enrol, school_class, school_year
from .test_students import VALID

pytestmark = pytest.mark.r14


def class_of(student, year):
    return Enrolment.objects.get(student=student, year=year).school_class


def test_a_student_added_by_hand_is_enrolled_in_the_class_typed_for_the_current_year(client_for, school):
    year = school_year(school, 2026)
    existing = school_class(year, "X 2")
    client_for("konselor").post(reverse("student_create"), VALID)
    student = Student.objects.get(nis=VALID["nis"])
    assert student.class_name == "X-2"  # kept as typed
    assert class_of(student, year) == existing


def test_changing_the_class_by_hand_moves_the_enrolment_of_the_current_year_only(client_for, school):
    last_year, year = school_year(school, 2025, current=False), school_year(school, 2026)
    student = StudentFactory(school=school, nis=VALID["nis"], class_name="X 1")
    enrol(student, school_class(last_year, "IX 1"))
    enrol(student, school_class(year, "X 1"))
    client_for("operator").post(reverse("student_edit", args=[student.pk]),
                                {**VALID, "class_name": "XI IPA 3", "version": student.version})
    added = SchoolClass.objects.get(year=year, name="XI IPA 3")
    assert (added.level, added.major, added.parallel) == (11, "IPA", "3")
    assert class_of(student, year) == added
    assert class_of(student, last_year).name == "IX 1"  # last year's class stays as it was


def test_what_is_no_class_name_or_no_current_year_leaves_the_enrolments_alone(client_for, school):
    student = StudentFactory(school=school, nis=VALID["nis"], class_name="X 1")
    client = client_for("konselor")
    client.post(reverse("student_edit", args=[student.pk]), {**VALID, "class_name": "X 2", "version": student.version})
    assert not Enrolment.objects.exists() and not SchoolClass.objects.exists()  # no school year yet
    year = school_year(school, 2026)
    enrol(student, school_class(year, "X 2"))
    student.refresh_from_db()
    client.post(reverse("student_edit", args=[student.pk]),
                {**VALID, "class_name": "Kelas Akselerasi Khusus", "version": student.version})
    student.refresh_from_db()
    assert student.class_name == "Kelas Akselerasi Khusus"
    assert class_of(student, year).name == "X 2"
