"""Every page fits a phone: on a 390 px wide screen no page is wider than the window (issue 11).

Each demo role logs in and walks the site as its links lead, from the home page: every kind of page
it can reach (one page per view, and for a referral or a conference one per stage, since each stage
shows other panels), as the journeys visit them. A table wider than the screen scrolls inside its
own wrapper, never the page. The same walk runs axe-core on each kind of page once, at phone width.
On a desktop, the tables of a case, a referral and a conference show whole, without scrolling."""

from urllib.parse import urljoin, urlsplit

import pytest
from django.urls import Resolver404, resolve

from .conftest import assert_accessible
from .test_roles import HOME_HEADINGS, login

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# Actions and files without an extension: not pages to look at (documents, sheets and the CSV are
# known by their extension, DOWNLOADS).
NOT_PAGES = {
    "healthz",
    "logout",
    "set_language",
    "switch_school",
    "reports:job_download",
    "reports:job_status",
    "referrals:referral_report_file",
    "counseling:service_attachment",
    "rosters:status",
}
DOWNLOADS = (".pdf", ".xlsx", ".csv")

# What each role's walk must reach, lest a broken walk pass by checking nothing.
MUST_REACH = {
    "konselor": {"home", "student_list", "student_detail", "case_list", "case_detail", "case_edit", "case_close",
                 "referrals:referral_list", "referrals:referral_detail", "referrals:referral_create",
                 "referrals:expert_list", "reports:atk_recap", "conferences:conference_list",
                 "conferences:conference_detail", "conferences:conference_create", "student_chronology",
                 "counseling:service_detail", "counseling:service_create", "counseling:service_edit",
                 "evaluations:evaluation_detail", "evaluations:evaluation_report", "reports:period",
                 "reports:conference_recap"},
    "konselor2": {"home", "case_detail", "referrals:referral_detail", "conferences:conference_detail"},
    "koordinator": {"home", "case_list", "case_detail", "referrals:referral_detail", "referrals:expert_edit",
                    "conferences:conference_detail", "access_log", "classes", "rosters:upload",
                    "rosters:roll_over", "intake:inbox", "intake:detail", "evaluations:evaluation_settings",
                    "evaluations:evaluation_report", "reports:signal_list", "reports:period", "reports:figures",
                    "reports:atk_recap", "reports:conference_recap"},
    "kepala": {"home", "conferences:conference_detail", "access_log", "account_log", "reports:figures"},
    "peserta": {"home", "conferences:conference_detail"},
    "operator": {"home", "staff_list", "staff_edit", "school_edit", "student_edit", "rosters:upload"},
    "walikelas": {"home", "intake:mine"},
}

WIDER_THAN_THE_WINDOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('main *')].filter(e => e.getBoundingClientRect().right > width + 1);
  const outermost = wide.filter(e => !wide.includes(e.parentElement));
  return {scroll: document.documentElement.scrollWidth, window: width,
          culprits: outermost.slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : ''))};
}"""

SCROLLING_TABLES = """() => [...document.querySelectorAll('.table-responsive')]
  .filter(e => e.scrollWidth > e.clientWidth + 1)
  .map(e => (e.closest('section') || e).querySelector('h2, h3')?.textContent.trim() || e.className)"""


def kind_of(path):
    """The view a path shows, with the stage for a referral or a conference; None for what is no page."""
    if path.endswith(DOWNLOADS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    name = match.view_name
    if name in NOT_PAGES or name.startswith("admin:"):
        return None
    if name == "referrals:referral_detail":
        from referrals.models import Referral

        return (name, Referral.objects.get(pk=match.kwargs["pk"]).stage)
    if name == "conferences:conference_detail":
        from conferences.models import Conference

        return (name, Conference.objects.get(pk=match.kwargs["pk"]).stage)
    return (name, "")


def walk(page, live_server, on_page, only=None):
    """Visit one page of each kind reachable by links from the home page; on_page(path, kind). With
    `only` (view names), the walk goes only through pages of those views."""
    origin = urlsplit(live_server.url).netloc
    queue, queued, kinds = ["/"], {"/"}, set()
    while queue:
        path = queue.pop(0)
        kind = kind_of(urlsplit(path).path)
        if kind is None or kind in kinds or (only is not None and kind[0] not in only):
            continue
        response = page.goto(urljoin(live_server.url, path))
        if response.status != 200 or "text/html" not in response.headers.get("content-type", ""):
            continue
        kinds.add(kind)
        on_page(path, kind)
        for href in page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)"):
            url = urlsplit(href)
            if url.netloc != origin:
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            if target not in queued:
                queued.add(target)
                queue.append(target)
    return kinds


def test_no_page_is_wider_than_a_phone_for_any_role(browser, live_server, demo, axe):
    offenders, inaccessible, checked, looked_at_by_axe = [], [], {}, set()

    for username in ["anonymous", *HOME_HEADINGS]:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        page.set_default_timeout(10_000)

        def check(path, kind, username=username, page=page):
            measured = page.evaluate(WIDER_THAN_THE_WINDOW)
            if measured["scroll"] > measured["window"]:
                offenders.append(f"{username} {path}: {measured['scroll']} px ({', '.join(measured['culprits'])})")
            if kind not in looked_at_by_axe:
                looked_at_by_axe.add(kind)
                try:
                    assert_accessible(axe, page)
                except AssertionError as violations:
                    found = str(violations).split("\nassert ")[0]  # the violations, without pytest's repr
                    inaccessible.append(f"{username} {path}: {found}")
            checked[username] = checked.get(username, 0) + 1

        if username == "anonymous":
            for path in ["/accounts/login/", "/accounts/password_reset/"]:
                page.goto(urljoin(live_server.url, path))
                check(path, ("anonymous", path))
        else:
            login(page, live_server, username)
            page.get_by_role("heading", level=1, name=HOME_HEADINGS[username]).wait_for()
            reached = {name for name, _stage in walk(page, live_server, check)}
            assert MUST_REACH[username] <= reached, f"{username} did not reach {MUST_REACH[username] - reached}"
        context.close()

    assert not offenders and not inaccessible, "\n".join(
        [f"{len(offenders)} of {sum(checked.values())} pages are wider than 390 px:", *offenders,
         f"{len(inaccessible)} of {len(looked_at_by_axe)} kinds of page fail axe-core at 390 px:", *inaccessible]
    )


def test_the_tables_of_cases_referrals_and_conferences_show_whole_on_a_desktop(browser, live_server, demo):
    record_pages = {"case_detail", "referrals:referral_detail", "conferences:conference_detail"}
    # the way to them: the home page and the lists (every other page was walked at phone width)
    way = {"home", "case_list", "referrals:referral_list", "conferences:conference_list", *record_pages}
    clipped = []
    for username in ["konselor", "koordinator", "kepala"]:
        context = browser.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(10_000)

        def check(path, kind, username=username, page=page):
            if kind[0] in record_pages:
                clipped.extend(f"{username} {path}: {table}" for table in page.evaluate(SCROLLING_TABLES))

        login(page, live_server, username)
        page.get_by_role("heading", level=1, name=HOME_HEADINGS[username]).wait_for()
        reached = {name for name, _stage in walk(page, live_server, check, only=way)}
        # the principal reads no case or referral (R9): of the record pages, only conferences
        expected = {"conferences:conference_detail"} if username == "kepala" else record_pages
        assert expected <= reached, f"{username} did not reach {expected - reached}"
        context.close()
    assert not clipped, "tables cut off on a 1280 px screen:\n" + "\n".join(clipped)
