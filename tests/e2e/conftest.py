import io
import os
import shutil
from urllib.parse import urljoin

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from ..conftest import connected_as_owner

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (Playwright cannot download its own here), quiet on a closed network."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(autouse=True)
def short_timeouts(page):
    page.set_default_timeout(10_000)


@pytest.fixture
def demo(transactional_db):
    """The demo school, its people and records, as `make run` loads them: seeded by seed_demo once
    a run, then put back row for row from a copy of every table (a browser test empties the tables
    when it ends), which takes a fraction of seeding it again."""
    if not _DEMO_ROWS:
        call_command("seed_demo", stdout=io.StringIO())
        _DEMO_ROWS.update(_copy_of_every_table())
    else:
        _put_back(_DEMO_ROWS)


_DEMO_ROWS = {}


def _tables():
    return [t for t in connection.introspection.table_names(include_views=False) if t != "django_migrations"]


def _copy_of_every_table():
    rows = {}
    with connection.cursor() as cursor:
        for table in _tables():
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} TO STDOUT") as copy:
                rows[table] = b"".join(bytes(block) for block in copy)
    return rows


def _put_back(rows):
    """Every table as the copy holds it, and each sequence past its table's keys; as the database's
    owner (the application role may not empty the audit trail), in one transaction."""
    models = apps.get_models(include_auto_created=True)
    with connected_as_owner(), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE " + ", ".join(connection.ops.quote_name(t) for t in rows) + " CASCADE")
        for table, content in rows.items():
            with cursor.copy(f"COPY {connection.ops.quote_name(table)} FROM STDIN") as copy:
                copy.write(content)
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@pytest.fixture
def axe():
    return Axe()


def follow(locator):
    """Click a link or a submit button and wait until the page it leads to has loaded: a click does not
    wait for the navigation it starts, and a page read before then is the old one, or none."""
    with locator.page.expect_navigation():
        locator.click()


def assert_accessible(axe, page):
    """axe-core finds no serious or critical violation on the page."""
    results = axe.run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in ("serious", "critical")]
    assert not bad, "\n".join(
        f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:5]} {v['nodes'][0].get('failureSummary', '')}"
        for v in bad
    )


os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def print_pdf(page, url, **fields):
    """Print a document as its button does: a POST with the page's CSRF token (and the print form's
    `fields`), in the user's session."""
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(urljoin(page.url, url), form={"csrfmiddlewaretoken": token, **fields},
                                 headers={"Referer": page.url})
    assert response.ok and response.headers["content-type"] == "application/pdf", response.status
    assert response.body().startswith(b"%PDF")
    return response


def record_consent(page, on):
    """The counselor records the student's assent and a parent's consent on the record's page (R11)."""
    page.locator("#id_consent-consent_on").fill(on)
    page.locator("#id_consent-consent_method").select_option("lisan")
    page.locator("#id_consent-guardian_consent_on").fill(on)
    page.locator("#id_consent-guardian_consent_method").select_option("tertulis")
    page.locator("#id_consent-guardian_consent_by").fill("Ibu Sari, ibu kandung")
    page.get_by_role("button", name="Simpan persetujuan").click()
    page.get_by_text("Persetujuan dicatat.").wait_for()


PHONE = {"width": 390, "height": 844}


def assert_fits(page):
    """Nothing on the page is wider than the screen (no sideways scrolling)."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"{page.url} is {width}px wide"


def reach_from_menu(page, part, label):
    """From the record page's menu, the part `part` shows the print button (or, once printed, the link)
    of `label` without scrolling further: its top is within the screen."""
    page.emulate_media(reduced_motion="reduce")  # the jump at once, not a smooth scroll still under way
    page.locator("nav.section-menu").get_by_role("link", name=part).click()
    button = page.locator("#documents").get_by_text(label)
    button.wait_for()
    top = button.evaluate("element => element.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"], f"{label} is {top}px down after the menu's {part}"
