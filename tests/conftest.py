"""The cast: one school with every role, another counselor, and a user of another school.

Security tests loop over the cast; each test names who acts and what they must (not) see.
"""

import io
import os
from contextlib import contextmanager

import dj_database_url
import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client, TransactionTestCase

from bkcase.models import Role

from .factories import CaseFactory, ExpertFactory, MembershipFactory, SchoolFactory, StudentFactory

# Playwright's sync API runs an event loop in the test thread; live_server tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# S26: the suite runs as production does. The owner role creates and migrates the test database
# (the migration grants the application role its privileges); every test then runs as the
# application role, which cannot change the audit trail. scripts/with-postgres.sh makes both.
OWNER_URL = os.environ.get("DATABASE_OWNER_URL")


@contextmanager
def connected_as_owner():
    """The default connection, for a moment, as the database's owner (setup, teardown, flush)."""
    if not OWNER_URL:
        yield
        return
    owner = dj_database_url.parse(OWNER_URL)
    saved = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"])
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.update(saved)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """Create and migrate the test database as the owner."""
    if OWNER_URL:
        owner = dj_database_url.parse(OWNER_URL)
        connection.settings_dict.update(USER=owner["USER"], PASSWORD=owner["PASSWORD"])


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Then run the tests as the application role; drop the database as the owner at the end."""
    if not OWNER_URL:
        yield
        return
    app = dj_database_url.parse(os.environ["DATABASE_URL"])
    owner = {key: connection.settings_dict[key] for key in ("USER", "PASSWORD")}
    connection.close()
    connection.settings_dict.update(USER=app["USER"], PASSWORD=app["PASSWORD"])
    yield
    connection.close()
    connection.settings_dict.update(owner)


# A transactional test empties the tables at its end with TRUNCATE, which the application role may
# not do to the audit trail: that cleaning runs as the owner.
_fixture_teardown = TransactionTestCase._fixture_teardown


def _fixture_teardown_as_owner(self):
    with connected_as_owner():
        _fixture_teardown(self)


TransactionTestCase._fixture_teardown = _fixture_teardown_as_owner


@pytest.fixture(scope="module")
def seeded_demo(django_db_setup, django_db_blocker):
    """The demo school, seeded once for the module that asks for it (seed_demo runs every domain
    service: seconds, not a fixture to repeat per test), in a transaction rolled back after the
    module's last test."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded_demo, db):
    """The seeded demo school, each test in its own savepoint within it: what one test writes the
    next does not see."""


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
        # a homeroom teacher (R15): refers students to BK, reads no case (not in CAST's loops)
        "walikelas": _member(school, "walikelas", Role.GURU, "Wati"),
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
