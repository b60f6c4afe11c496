"""Query discipline: the number of SQL queries of a page does not grow with the rows it shows."""

import datetime
import re

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conferences import services as conference_services
from conferences.models import ActionItem
from counseling import services as counseling_services
from evaluations.models import Evaluation
from referrals import services as referral_services
from referrals.models import ExpertContact

from .factories import CaseFactory, ExpertFactory, StudentFactory, school_class, school_year


def queries(client, url):
    client.get(url)  # the session's idle clock moves on at most once a minute: measure past that write
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


def grow(cast, school, n):
    """n more rows of every kind for konselor's caseload."""
    konselor = cast["konselor"]
    expert = ExpertFactory(school=school)
    # cases keep the class their student was in when they were opened, as case_open records it
    in_class = school_class(school_year(school), f"XI IPA {n}")
    for _ in range(n):
        case = CaseFactory(counselor=konselor, student=StudentFactory(school=school), school_class=in_class)
        session(case, konselor)  # an entry of the case's chronology, with its Laiseg (R12, R13)
        referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x")
        ExpertContact.objects.create(referral=referral, expert=expert, contacted_on=datetime.date(2026, 11, 3),
                                     channel="telepon", response="tidak_ada", by=konselor)
        conference = conference_services.conference_create(case=case, by=konselor, topic="t", initiative="guru",
                                                           convener="kepala")
        participant = conference_services.participant_add(conference=conference, by=konselor, group="a",
                                                          role="guru", name="Guru", account=cast["peserta"])
        conference_services.participant_acknowledge(participant=participant, by=cast["peserta"])
        ActionItem.objects.create(conference=conference, responsible=participant, what="x",
                                  due_on=datetime.date(2026, 1, 1))


def session(case, by, on=datetime.date(2026, 11, 2)):
    return counseling_services.service_record(case=case, by=by, kind="konseling_individual", held_on=on,
                                              problem="Sering membolos", notes="Klien bercerita.")


def _figures_of_november_2026():
    """The de-identified figures take whole months only: November 2026, when grow()'s cases open."""
    from bkcase.models import School

    year = school_year(School.objects.get(npsn="30100999"), 2026)
    return reverse("reports:figures") + f"?span=month&year={year.pk}&month=11"


PAGES = [
    ("konselor", lambda: reverse("home")),
    ("koordinator", lambda: reverse("home")),
    ("kepala", lambda: reverse("home")),
    ("peserta", lambda: reverse("home")),
    ("konselor", lambda: reverse("student_list")),
    ("konselor", lambda: reverse("case_list")),
    ("koordinator", lambda: reverse("referrals:referral_list")),
    ("konselor", lambda: reverse("conferences:conference_list")),
    ("kepala", lambda: reverse("conferences:conference_list")),
    ("konselor", lambda: reverse("referrals:expert_list")),
    ("koordinator", lambda: reverse("reports:signal_list", args=["expert-answer"])),
    ("konselor", lambda: reverse("reports:signal_list", args=["action-items"])),
    ("koordinator", lambda: reverse("reports:atk_recap") + "?start=2026-01-01&end=2030-12-31"),
    ("koordinator", lambda: reverse("reports:conference_recap") + "?start=2026-01-01&end=2030-12-31"),
    ("koordinator", lambda: reverse("reports:period") + "?span=custom&start=2026-01-01&end=2026-12-31"),
    ("konselor", lambda: reverse("reports:period") + "?span=custom&start=2026-01-01&end=2026-12-31"),
    ("kepala", lambda: _figures_of_november_2026()),
    ("koordinator", lambda: reverse("evaluations:evaluation_report")),
]


def test_list_and_home_pages_run_the_same_queries_for_5_and_20_rows(client_for, cast, school, settings):
    """Every page of PAGES, each as its user: the rows are made once for all of them (building them is
    most of the cost), and a failure names every page whose count grew."""
    settings.PAGE_SIZE = 50
    pages = [(who, url()) for who, url in PAGES]  # (the figures' URL makes the school year its rows need)
    clients = {who: client_for(who) for who, _url in pages}
    grow(cast, school, 5)
    few = [queries(clients[who], url) for who, url in pages]
    grow(cast, school, 15)
    many = [queries(clients[who], url) for who, url in pages]
    grew = [f"{who} {url}: {f} queries at 5 rows, {m} at 20" for (who, url), f, m in zip(pages, few, many, strict=True)
            if f != m]
    assert not grew, "\n".join(grew)


def test_detail_pages_run_the_same_queries_for_few_and_many_related_rows(client_for, cast, school, konselor):
    client = client_for("konselor")
    in_class = school_class(school_year(school))
    case = CaseFactory(counselor=konselor, school_class=in_class)
    expert = ExpertFactory(school=school)
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x")
    conference = conference_services.conference_create(case=case, by=konselor, topic="t", initiative="guru",
                                                       convener="kepala")

    first = session(case, konselor)
    evaluation = Evaluation.objects.get(record_type=ContentType.objects.get_for_model(first), record_id=first.pk)

    def add(n):
        for _ in range(n):
            ExpertContact.objects.create(referral=referral, expert=expert, contacted_on=datetime.date(2026, 11, 3),
                                         channel="telepon", response="tidak_ada", by=konselor)
            conference_services.participant_add(conference=conference, by=konselor, group="b", role="ahli", name="Ahli")
            session(case, konselor)  # the case page's chronology and the student's grow
            CaseFactory(counselor=konselor, student=case.student, school_class=in_class)  # the student page's cases

    urls = [reverse("case_detail", args=[case.pk]), reverse("referrals:referral_detail", args=[referral.pk]),
            reverse("conferences:conference_detail", args=[conference.pk]),
            reverse("student_chronology", args=[case.student_id]), reverse("student_detail", args=[case.student_id]),
            reverse("counseling:service_detail", args=[first.pk]),
            reverse("evaluations:evaluation_detail", args=[evaluation.pk]), reverse("case_close", args=[case.pk])]
    add(2)
    few = [queries(client, url) for url in urls]
    add(10)
    many = [queries(client, url) for url in urls]
    assert many == few


def test_the_referral_page_asks_whether_the_expert_agreed_of_the_contacts_it_reads_once(client_for, school,
                                                                                         konselor):
    """The stage's requirements and the cover letter both ask it: the page answers from the contacts
    it shows, read once, with no query of its own."""
    referral = referral_services.referral_create(case=CaseFactory(counselor=konselor), by=konselor,
                                                 expert=ExpertFactory(school=school), problem_summary="x")
    client = client_for("konselor")
    url = reverse("referrals:referral_detail", args=[referral.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    read = [q["sql"] for q in captured.captured_queries if 'FROM "referrals_expertcontact"' in q["sql"]]
    assert len(read) == 1 and '"response" =' not in read[0], read


def test_the_school_switch_menu_costs_no_query_of_its_own(client_for, cast):
    """The user's roles are read once with the membership of the request: a role in more schools
    adds no query; the menu offers the other active ones, not the current one nor an ended one."""
    from bkcase.models import Role

    from .factories import MembershipFactory

    client = client_for("konselor")
    url = reverse("case_list")
    alone = queries(client, url)
    user = cast["konselor"].user
    others = [MembershipFactory(user=user, role=Role.KOORDINATOR) for _ in range(3)]
    ended = MembershipFactory(user=user, active=False)
    assert queries(client, url) == alone
    page = client.get(url).content.decode()
    assert all(f"Pindah ke {other.school.name}" in page for other in others)
    assert f"Pindah ke {ended.school.name}" not in page and ended.school.name not in page
    assert f"Pindah ke {cast['konselor'].school.name}" not in page  # the school the user acts in now


def test_the_coordinators_must_refer_list_reads_its_counselors_with_the_cases(client_for, cast, school):
    """The coordinator's home lists up to ten must-refer cases with their counselor: one query, not
    two a row."""
    from bkcase.models import MUST_REFER_CATEGORIES

    client = client_for("koordinator")
    category = sorted(MUST_REFER_CATEGORIES)[0]

    def must_refer_cases(n):
        for _ in range(n):
            CaseFactory(counselor=cast["konselor"], student=StudentFactory(school=school), category=category)

    must_refer_cases(1)
    one = queries(client, reverse("home"))
    must_refer_cases(9)
    assert queries(client, reverse("home")) == one


def test_a_signed_in_page_reads_the_user_with_their_roles_in_one_query(client_for):
    """The session names the user; the user, their active roles and the roles' schools come back in
    one query (bkcase.backends.MembershipBackend), not a read of the user and another of the roles."""
    client = client_for("konselor")
    url = reverse("case_list")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    users = [q["sql"] for q in captured.captured_queries if 'FROM "auth_user"' in q["sql"]]
    roles = [q["sql"] for q in captured.captured_queries if 'FROM "bkcase_membership"' in q["sql"]
             and '"bkcase_membership"."user_id" =' in q["sql"]]
    assert users == [], users
    assert len(roles) == 1 and 'INNER JOIN "auth_user"' in roles[0] and '"bkcase_school"' in roles[0], roles


def test_the_case_page_asks_at_most_once_whether_the_user_counsels_the_case(client_for, konselor, koordinator):
    """The chronology's actions, its sessions' follow-ups and the evaluations panel all need the
    answer: the coordinator's page asks the database once; the counselor's not at all, since the case
    was read through what a counselor sees, the cases they counsel (access.note_visible_case)."""
    from bkcase.access import cases_counseled_by, cases_visible_to

    case = CaseFactory(counselor=konselor)
    session(case, konselor)
    url = reverse("case_detail", args=[case.pk])

    def asked(who):
        client = client_for(who)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(url).content.decode()
        # a question, not a read of the case: one column of bkcase_case, filtered on its co-counselors
        return page, [q["sql"] for q in captured.captured_queries
                      if q["sql"].startswith("SELECT ") and " FROM \"bkcase_case\" " in q["sql"]
                      and "," not in q["sql"].split(" FROM ")[0] and "bkcase_case_co_counselors" in q["sql"]]

    page, questions = asked("konselor")
    assert questions == [], questions
    assert reverse("counseling:service_create", args=[case.pk, "konseling_individual"]) in page  # yes, they do
    page, questions = asked("koordinator")
    assert len(questions) == 1, questions
    assert reverse("counseling:service_create", args=[case.pk, "konseling_individual"]) not in page  # not theirs
    assert set(cases_visible_to(konselor)) == set(cases_counseled_by(konselor))  # what the first relies on


def test_a_list_of_one_page_is_not_counted_and_a_longer_one_is_counted_once(client_for, konselor, settings):
    """The first page is read with one row more than it shows: when that row is not there the list is
    whole and the database counts nothing; a longer list is counted once, and each page shows its rows."""
    settings.PAGE_SIZE = 3
    client = client_for("konselor")
    url = reverse("case_list")

    def counted(address):
        client.get(address)
        with CaptureQueriesContext(connection) as captured:
            page = client.get(address)
        assert page.status_code == 200
        counts = [q for q in captured.captured_queries if q["sql"].startswith("SELECT COUNT(*)")
                  and 'FROM "bkcase_case"' in q["sql"]]
        return len(counts), page.content.decode()

    cases = [CaseFactory(counselor=konselor, opened_on=datetime.date(2026, 11, day)) for day in (1, 2, 3)]
    counts, page = counted(url)
    assert counts == 0 and all(case.code in page for case in cases)
    cases.append(CaseFactory(counselor=konselor, opened_on=datetime.date(2026, 10, 1)))
    counts, page = counted(url)
    assert counts == 1 and "4 data" in page and cases[3].code not in page
    counts, page = counted(url + "?page=2")
    assert cases[3].code in page and cases[0].code not in page


def test_the_classes_page_reads_the_counselors_and_teachers_once_for_all_its_classes(client_for, cast, school):
    """Each class has a choice of counselor and of homeroom teacher: the choices are read once for the
    page, not once per class (a school has 30 classes or more), when shown and when saved."""
    client = client_for("koordinator")
    year = school_year(school)
    url = reverse("classes") + f"?year={year.pk}"

    def sent(classes):
        return {"year": year.pk, **{f"class-{c.pk}": cast["konselor"].pk for c in classes},
                **{f"homeroom-{c.pk}": cast["walikelas"].pk for c in classes}}

    def saving_again(classes):
        """The queries of saving the same assignments a second time: reading and checking, no change."""
        assert client.post(reverse("classes"), sent(classes)).status_code == 302
        with CaptureQueriesContext(connection) as captured:
            assert client.post(reverse("classes"), sent(classes)).status_code == 302
        return len(captured.captured_queries)

    classes = [school_class(year, f"X-{n}") for n in range(1, 3)]
    few, few_saved = queries(client, url), saving_again(classes)
    classes += [school_class(year, f"XI IPA {n}") for n in range(1, 7)]
    assert (queries(client, url), saving_again(classes)) == (few, few_saved)


def test_the_conference_page_reads_its_participants_and_the_counselors_once(client_for, cast, school, konselor):
    """The participants' table, the choices of the information and action-item forms and what the
    stage still needs all use one read of the participants; the leader and the minute-taker are chosen
    among one read of the counselors; whether the user organises the conference is asked once (for its
    forms, the principal's remarks and the letters)."""
    case = CaseFactory(counselor=konselor)
    conference = conference_services.conference_create(case=case, by=konselor, topic="t", initiative="guru",
                                                       convener="kepala")
    for name in ("Guru", "Wali"):
        conference_services.participant_add(conference=conference, by=konselor, group="a", role="guru", name=name)
    client = client_for("koordinator")
    url = reverse("conferences:conference_detail", args=[conference.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(url).content.decode()
    reads = [q["sql"] for q in captured.captured_queries]
    assert 'id="id_leader"' in page and 'id="id_minute_taker"' in page and "Wali" in page
    assert len([sql for sql in reads if ' FROM "conferences_participant"' in sql.split(" WHERE ")[0]
                and not sql.startswith('SELECT "conferences_actionitem"')]) == 1, reads
    roles_asked = [set(re.findall(r"'(\w+)'", found)) for sql in reads
                   for found in re.findall(r'"role" IN \(([^)]*)\)', sql)]
    assert roles_asked.count({"konselor", "koordinator"}) == 1, reads
    assert len([sql for sql in reads if sql.startswith("SELECT 1 AS") and 'FROM "conferences_conference"' in sql]) == 1


def test_the_report_pages_read_the_school_years_once(client_for, school):
    """The period's choice of school year, the period proposed when none was asked, and the check of
    what was sent all use one read of the school's years."""
    school_year(school)
    client = client_for("koordinator")
    for url in (reverse("reports:atk_recap"), reverse("reports:conference_recap"), reverse("reports:period"),
                reverse("reports:period") + "?span=custom&start=2026-08-01&end=2026-09-30",
                reverse("reports:figures")):
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        years = [q["sql"] for q in captured.captured_queries if ' FROM "bkcase_schoolyear"' in q["sql"]]
        assert len(years) == 1, (url, years)
