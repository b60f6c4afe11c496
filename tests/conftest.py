"""The cast: one school with every role, another counselor, and a user of another school.

Security tests loop over the cast; each test names who acts and what they must (not) see.
"""

import os

import pytest
from django.test import Client

from bkcase.models import Role

from .factories import CaseFactory, ExpertFactory, MembershipFactory, SchoolFactory, StudentFactory

# Playwright's sync API runs an event loop in the test thread; live_server tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CAST = ["konselor", "konselor_lain", "koordinator", "kepala", "peserta", "operator", "orang_luar"]


@pytest.fixture
def school(db):
    return SchoolFactory(name="SMA Negeri 1 Uji", npsn="30100999", city="Semarang")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="SMA Negeri 2 Lain")


def _member(school, username, role, first_name, nip=""):
    return MembershipFactory(
        school=school, role=role, nip=nip, user__username=username, user__first_name=first_name, user__last_name="Uji"
    )


@pytest.fixture
def cast(school, other_school):
    """Every role of `school`, plus `orang_luar`, the coordinator of another school."""
    return {
        "konselor": _member(school, "konselor", Role.KONSELOR, "Rina", "198703152010012011"),
        "konselor_lain": _member(school, "konselor_lain", Role.KONSELOR, "Budi"),
        "koordinator": _member(school, "koordinator", Role.KOORDINATOR, "Dewi"),
        "kepala": _member(school, "kepala", Role.KEPALA, "Sri"),
        "peserta": _member(school, "peserta", Role.PESERTA, "Agus"),
        "operator": _member(school, "operator", Role.OPERATOR, "Wawan"),
        "orang_luar": _member(other_school, "orang_luar", Role.KOORDINATOR, "Tono"),
    }


@pytest.fixture
def konselor(cast):
    return cast["konselor"]


@pytest.fixture
def koordinator(cast):
    return cast["koordinator"]


@pytest.fixture
def student(school):
    return StudentFactory(school=school, full_name="Siti Rahmawati", nis="2024101")


@pytest.fixture
def case(cast, student):
    """A case of `konselor`'s caseload."""
    return CaseFactory(counselor=cast["konselor"], student=student, title="Sering membolos")


@pytest.fixture
def expert(school):
    return ExpertFactory(school=school, name="Nurul Fadhilah", title="M.Psi., Psikolog")


@pytest.fixture
def client_for(cast):
    """client_for("konselor") is a test client logged in as that member of the cast."""

    def make(who):
        client = Client()
        client.force_login(cast[who].user)
        return client

    return make
