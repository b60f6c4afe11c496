import datetime

import pytest

from bkcase.models import Role
from intake import services

from ..factories import MembershipFactory, StudentFactory, enrol, school_class, school_year


@pytest.fixture
def walikelas(cast):
    return cast["walikelas"]


@pytest.fixture
def guru_mapel(school):
    return MembershipFactory(school=school, role=Role.GURU, user__username="gurumapel", user__first_name="Hadi",
                             user__last_name="Uji")


@pytest.fixture
def classroom(school, cast, walikelas):
    """XI IPA 2 of the current year: konselor's class, walikelas its homeroom teacher."""
    year = school_year(school)
    return school_class(year, "XI IPA 2", counselor=cast["konselor"], homeroom_teacher=walikelas)


@pytest.fixture
def pupil(school, classroom):
    student = StudentFactory(school=school, full_name="Andi Pratama", nis="3101", class_name="XI IPA 2")
    enrol(student, classroom)
    return student


def refer(teacher, student, **overrides):
    data = {"observed": "Sering melamun dan tidak mengerjakan tugas.", "observed_since": datetime.date(2026, 11, 2),
            "already_done": "Sudah diajak bicara setelah pelajaran.", "urgency": "segera", **overrides}
    return services.bk_referral_send(by=teacher, student=student, **data)
