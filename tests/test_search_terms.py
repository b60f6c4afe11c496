"""Search terms stay out of URLs, so the web server's and proxies' access logs never hold a student's
name or NIS: every list's search is sent by POST and answered with a redirect to the list carrying only
a short-lived random token; the terms wait in the session. The results, paging and the filters of the
home pages' links work as before; a token that is unknown, expired or another list's shows the whole
list, without an error."""

import datetime
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse

from bkcase.search import SESSION_KEY
from conferences import services as conference_services
from referrals import services as referral_services

from .factories import CaseFactory, ExpertFactory, StudentFactory

pytestmark = pytest.mark.s23

FOUND = {"full_name": "Bagus Wicaksono", "nis": "2024001"}
OTHER = {"full_name": "Citra Dewi", "nis": "2024002"}


@pytest.fixture
def two_students(school):
    return StudentFactory(school=school, **FOUND), StudentFactory(school=school, **OTHER)


def search(client, url, **terms):
    """Search as the browser does: POST the form, follow the redirect. Returns (redirect URL, page)."""
    response = client.post(url, terms)
    assert response.status_code == 302
    location = response["Location"]
    return location, client.get(location).content.decode()


def only_a_token(location, url):
    parts = urlsplit(location)
    query = parse_qs(parts.query)
    return parts.path == url and list(query) == ["s"] and 8 <= len(query["s"][0]) <= 20


@pytest.mark.parametrize("term", [FOUND["nis"], FOUND["full_name"], "bagus"])
def test_a_student_search_redirects_to_a_url_without_the_terms(client_for, two_students, term):
    url = reverse("student_list")
    location, page = search(client_for("konselor"), url, q=term)
    assert only_a_token(location, url)
    for value in (*FOUND.values(), *OTHER.values(), "bagus", "Bagus"):
        assert value not in location
    assert FOUND["full_name"] in page and OTHER["full_name"] not in page


def test_every_list_searches_by_post_and_finds_the_right_rows(client_for, cast, school, two_students, expert):
    bagus, citra = two_students
    konselor = cast["konselor"]
    mine = CaseFactory(counselor=konselor, student=bagus, title="Sering membolos")
    theirs = CaseFactory(counselor=konselor, student=citra, title="Nilai menurun")
    conferences = []
    for case in (mine, theirs):
        referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x")
        conferences.append(conference_services.conference_create(
            case=case, by=konselor, topic=f"Topik {case.title}", initiative="guru", convener="kepala"
        ))
    ExpertFactory(school=school, name="Slamet Riyadi")
    client = client_for("koordinator")
    lists = [
        (reverse("case_list"), FOUND["nis"], mine.code, theirs.code),
        (reverse("referrals:referral_list"), FOUND["full_name"], FOUND["full_name"], OTHER["full_name"]),
        (reverse("conferences:conference_list"), "membolos", conferences[0].code, conferences[1].code),
        (reverse("referrals:expert_list"), "slamet", "Slamet Riyadi", expert.name),
    ]
    for url, term, shown, hidden in lists:
        location, page = search(client, url, q=term)
        assert only_a_token(location, url) and term not in location, url
        assert shown in page and hidden not in page, url


def test_the_search_form_is_sent_by_post_with_the_csrf_token(client_for):
    page = client_for("konselor").get(reverse("student_list")).content.decode()
    assert f'method="post" action="{reverse("student_list")}"' in page
    assert "csrfmiddlewaretoken" in page


def test_the_pages_of_a_search_keep_it(client_for, school, settings):
    settings.PAGE_SIZE = 5
    for i in range(12):
        StudentFactory(school=school, full_name=f"Bagus {i:02d}")
    StudentFactory(school=school, full_name="Citra Dewi")
    client = client_for("konselor")
    location, first = search(client, reverse("student_list"), q="Bagus")
    assert f'href="?{urlsplit(location).query}&amp;page=2"' in first
    last = client.get(f"{location}&page=3")
    assert len(last.context["page_obj"]) == 2 and "Bagus 11" in last.content.decode()
    assert "Citra Dewi" not in last.content.decode()


def test_the_filters_of_the_home_pages_links_still_work(client_for, cast):
    open_case = CaseFactory(counselor=cast["konselor"])
    closed_case = CaseFactory(counselor=cast["konselor"], closed_on=datetime.date(2026, 11, 20))
    page = client_for("konselor").get(reverse("case_list"), {"status": "open"}).content.decode()
    assert open_case.code in page and closed_case.code not in page


def test_a_free_text_term_in_the_url_is_not_used(client_for, two_students):
    page = client_for("konselor").get(reverse("student_list"), {"q": FOUND["nis"]}).content.decode()
    assert FOUND["full_name"] in page and OTHER["full_name"] in page


@pytest.mark.parametrize("token", ["tidak-dikenal", "", "x" * 500])
def test_an_unknown_token_shows_the_whole_list(client_for, two_students, token):
    response = client_for("konselor").get(reverse("student_list"), {"s": token})
    page = response.content.decode()
    assert response.status_code == 200 and FOUND["full_name"] in page and OTHER["full_name"] in page
    assert "alert-danger" not in page and "Pencarian ini tidak dapat dijalankan" not in page


def test_an_expired_token_shows_the_whole_list(client_for, two_students):
    client = client_for("konselor")
    location, _ = search(client, reverse("student_list"), q=FOUND["nis"])
    session = client.session
    for kept in session[SESSION_KEY].values():
        kept["until"] = 0
    session.save()
    page = client.get(location).content.decode()
    assert FOUND["full_name"] in page and OTHER["full_name"] in page


def test_a_token_works_only_on_its_own_list_and_in_its_own_session(client_for, cast, two_students):
    client = client_for("koordinator")
    location, _ = search(client, reverse("student_list"), q=FOUND["nis"])
    token = parse_qs(urlsplit(location).query)["s"][0]
    CaseFactory(counselor=cast["konselor"], student=two_students[1])
    assert OTHER["full_name"] in client.get(reverse("case_list"), {"s": token}).content.decode()
    assert OTHER["full_name"] in client_for("koordinator").get(location).content.decode()


def test_an_empty_search_goes_back_to_the_whole_list(client_for, two_students):
    response = client_for("konselor").post(reverse("student_list"), {"q": "", "active": ""})
    assert response.status_code == 302 and response["Location"] == reverse("student_list")


def test_an_invalid_search_is_shown_with_its_error_and_no_redirect(client_for, two_students):
    response = client_for("konselor").post(reverse("student_list"), {"q": "x" * 101})
    assert response.status_code == 200 and "is-invalid" in response.content.decode()


def test_a_search_that_cannot_be_made_shows_no_row_and_says_why(client_for, cast, two_students, expert):
    """Every row under a refused search would read as its answer: the list stays empty until it is corrected."""
    bagus, _citra = two_students
    konselor = cast["konselor"]
    case = CaseFactory(counselor=konselor, student=bagus, title="Sering membolos")
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x")
    conference = conference_services.conference_create(case=case, by=konselor, topic="Topik membolos",
                                                       initiative="guru", convener="kepala")
    client = client_for("koordinator")
    too_long = {"q": "x" * 101}
    lists = [
        (reverse("student_list"), too_long, FOUND["full_name"]),
        (reverse("case_list"), too_long, case.code),
        (reverse("referrals:referral_list"), {"start": "2026-12-31", "end": "2026-01-01"}, referral.code),
        (reverse("conferences:conference_list"), too_long, conference.code),
        (reverse("referrals:expert_list"), too_long, expert.name),
    ]
    for url, terms, row in lists:
        assert row in client.get(url).content.decode(), url
        response = client.post(url, terms)
        page = response.content.decode()
        assert response.status_code == 200 and 'class="form-control is-invalid" aria-invalid="true"' in page, url
        assert "Pencarian ini tidak dapat dijalankan" in page and row not in page, url


def test_a_filter_in_the_url_that_is_no_choice_shows_no_row_and_says_why(client_for, cast):
    case = CaseFactory(counselor=cast["konselor"])
    page = client_for("konselor").get(reverse("case_list"), {"status": "entah"}).content.decode()
    assert "Pencarian ini tidak dapat dijalankan" in page and case.code not in page


def test_the_coordinators_home_links_to_the_cases_of_a_category_and_of_a_counselor_still_show_them(client_for, cast):
    case = CaseFactory(counselor=cast["konselor"], category="belajar")
    client = client_for("koordinator")
    for filters in ({"status": "open", "category": "belajar"}, {"status": "open", "counselor": cast["konselor"].pk}):
        page = client.get(reverse("case_list"), filters).content.decode()
        assert case.code in page and "Pencarian ini tidak dapat dijalankan" not in page, filters


def test_a_period_that_ends_before_it_starts_is_refused_with_its_reason(client_for):
    response = client_for("konselor").post(reverse("referrals:referral_list"), {"start": "2026-12-31",
                                                                                "end": "2026-01-01"})
    page = response.content.decode()
    assert response.status_code == 200 and "Akhir periode mendahului awalnya." in page
    assert 'value="2026-12-31"' in page and 'value="2026-01-01"' in page  # what was typed is kept
