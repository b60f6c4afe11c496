"""Indonesian first, English complete; every UI string goes through gettext."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def test_the_login_page_speaks_indonesian_by_default(client, db):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="id"' in page
    assert "Masuk ke bkcase" in page and "Nama pengguna" in page


def test_english_is_one_click_away(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"}, follow=True)
    page = response.content.decode()
    assert 'lang="en"' in page and "Log in to bkcase" in page


def test_the_indonesian_catalogue_translates_every_message():
    catalogue = polib.pofile(str(CATALOGUE))
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]


def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """A fresh makemessages over the sources finds no message the catalogue lacks."""
    if not shutil.which("xgettext"):
        pytest.fail("xgettext (Debian package gettext) is needed; make test installs it")
    for folder in ["bkcase", "referrals", "conferences", "counseling", "rosters", "intake", "evaluations", "reports", "templates", "locale"]:
        shutil.copytree(ROOT / folder, tmp_path / folder, ignore=shutil.ignore_patterns("*.mo", "__pycache__"))
    shutil.copy(ROOT / "manage.py", tmp_path)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "id", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        check=True,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "bkcase.settings.local",
            "SQLITE_PATH": str(tmp_path / "x.sqlite3"),
        },
    )
    fresh = {e.msgid for e in polib.pofile(str(tmp_path / "locale/id/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(CATALOGUE)) if not e.obsolete}
    assert fresh - known == set(), "run `make messages` and translate the new entries"


def test_english_catalogue_exists_for_the_english_interface():
    assert (ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po").exists()


def test_an_english_browser_still_gets_indonesian_until_the_user_switches(client, db):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Masuk ke bkcase" in page


def test_a_choice_label_follows_the_language_of_each_request():
    """get_<field>_display reads a table made once per field (bkcase.modelbase); the labels in it stay
    lazy, so the first language that asked does not stick."""
    from django.utils import translation

    from referrals.models import Expert, ExpertKind, Referral

    referral = Referral(stage="tindak_lanjut")
    with translation.override("id"):
        assert referral.get_stage_display() == "Tindak lanjut"
        assert Expert(kind=ExpertKind.GURU).get_kind_display() == "Guru / dosen"
    with translation.override("en"):
        assert referral.get_stage_display() == "Follow-up"
    with translation.override("id"):
        assert referral.get_stage_display() == "Tindak lanjut"
    assert Referral(stage="bukan-tahap").get_stage_display() == "bukan-tahap"  # a value without a label shows itself
