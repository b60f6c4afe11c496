"""One chronology per case (R12): the counselor's entries and the ATK and conference milestones in
date order, filterable by kind, paginated, in a constant number of queries; and the student's
chronology across cases, showing each entry only to those who may see its case."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from bkcase.models import AuditEvent
from counseling.models import Kind, Sharing
from referrals import services as referral_services
from tests.factories import CaseFactory

from .conftest import days, record

pytestmark = pytest.mark.r12


def test_the_chronology_holds_the_services_and_the_referral_milestones_newest_first(client_for, case, konselor,
                                                                                    expert):
    record(case, konselor, held_on=days(-3), notes="Pertemuan pertama.")
    referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="Cemas berlebihan.",
                                      functions=["pemahaman"])
    record(case, konselor, Kind.CATATAN, held_on=days(2), notes="Rencana berikutnya.")
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    section = page[page.index('id="chronology-heading"'):]
    assert section.index("Rencana berikutnya.") < section.index("rujukan kepada") < section.index(
        "Pertemuan pertama.")


def test_the_chronology_is_filtered_by_kind(client_for, case, konselor):
    record(case, konselor, notes="Sesi konseling.")
    record(case, konselor, Kind.CATATAN, notes="Catatan bebas.")
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk]) + "?kinds=catatan").content.decode()
    assert "Catatan bebas." in page and "Sesi konseling." not in page


def test_the_chronology_is_paginated(client_for, case, konselor):
    for n in range(25):
        record(case, konselor, Kind.CATATAN, held_on=days(-n), notes=f"Catatan nomor {n:02d}.")
    client = client_for("konselor")
    first = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    second = client.get(reverse("case_detail", args=[case.pk]) + "?page=2").content.decode()
    assert "Catatan nomor 00." in first and "Catatan nomor 24." not in first
    assert "Catatan nomor 24." in second and "Catatan nomor 00." not in second


def page_and_queries(client, url):
    """The page (shown a second time) and the SQL of the queries it ran, as they reached the database."""
    client.get(url)
    run = []

    def keep(execute, sql, params, many, context):
        run.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(keep):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), run


def queries(client, url):
    """The number of queries a page runs."""
    return len(page_and_queries(client, url)[1])


def test_the_case_page_runs_the_same_queries_for_5_and_50_entries(client_for, case, konselor, expert):
    client = client_for("konselor")
    url = reverse("case_detail", args=[case.pk])

    def add(n):
        for i in range(n):
            record(case, konselor, Kind.KELOMPOK if i % 5 == 0 else Kind.INDIVIDUAL, topic="Kelompok",
                   held_on=days(-i)) if i % 5 == 0 else record(case, konselor, held_on=days(-i))
        referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                          functions=["pemahaman"])

    add(5)
    few = queries(client, url)
    add(45)
    many = queries(client, url)
    assert few == many


def test_the_students_chronology_crosses_two_counselors_cases_showing_each_only_what_it_may(client_for, case,
                                                                                            konselor, cast):
    other = CaseFactory(counselor=cast["konselor_lain"], student=case.student, title="Konflik dengan teman")
    record(case, konselor, notes="Catatan Rina.", sharing=Sharing.COORDINATOR)
    record(other, cast["konselor_lain"], notes="Catatan Budi.")
    url = reverse("student_chronology", args=[case.student.pk])
    mine = client_for("konselor").get(url).content.decode()
    assert "Catatan Rina." in mine and "Catatan Budi." not in mine and other.code not in mine
    theirs = client_for("konselor_lain").get(url).content.decode()
    assert "Catatan Budi." in theirs and "Catatan Rina." not in theirs
    coordinator = client_for("koordinator").get(url).content.decode()
    assert "Catatan Rina." in coordinator and "Catatan Budi." not in coordinator
    assert case.code in coordinator and other.code in coordinator
    views = AuditEvent.objects.filter(object_type="bkcase.student_chronology", action="view",
                                      student_id=case.student_id)
    assert set(views.values_list("username", flat=True)) == {"konselor", "konselor_lain", "koordinator"}
    for who in ("kepala", "operator"):
        assert client_for(who).get(url).status_code == 404
    assert AuditEvent.objects.filter(object_type="bkcase.student_chronology", action="denied",
                                     student_id=case.student_id).count() == 2


def test_the_counselors_home_lists_today_this_week_and_sessions_without_notes(client_for, case, konselor):
    record(case, konselor, held_on=datetime.date.today(), starts_at=datetime.time(10), notes="")
    record(case, konselor, Kind.KUNJUNGAN, held_on=days(1) if days(1).weekday() != 0 else days(0))
    record(case, konselor, held_on=days(-2), notes="")
    record(case, konselor, held_on=days(-3), notes="Sudah ditulis.")
    page = client_for("konselor").get(reverse("home")).content.decode()
    agenda = page[page.index('id="agenda-heading"'):]
    agenda = agenda[:agenda.index("</section>")]
    assert agenda.count(case.student.full_name) == 3
    assert "Kunjungan rumah" in agenda and "pertemuan ke-1" in agenda and "pertemuan ke-2" in agenda
    assert "pertemuan ke-3" not in agenda  # its notes are written, and it is past
    theirs = client_for("konselor_lain").get(reverse("home")).content.decode()
    theirs = theirs[theirs.index('id="agenda-heading"'):]
    assert case.student.full_name not in theirs[:theirs.index("</section>")]


def test_the_case_page_reads_each_kind_of_record_once_for_the_chronology_and_the_panels(
        client_for, case, cast, konselor, expert):
    """The chronology and the panels below it show the same records: one read of each kind a request
    (bkcase.access.read_once), not one for the chronology and another for the panel."""
    import re

    from conferences import services as conference_services
    from evaluations import services as evaluation_services
    from intake.models import BkReferral

    referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                      functions=["pemahaman"])
    conference_services.conference_create(case=case, by=konselor, topic="Membolos", initiative="wali_kelas",
                                          convener="kepala", reason="Belum ada kemajuan")
    evaluation_services.services_end(case=case, by=konselor, ended_on=days(-1))
    BkReferral.objects.create(school=case.school, student=case.student, teacher=cast["walikelas"], case=case,
                              teacher_kind="wali_kelas", observed="Sering melamun.", observed_since=days(-9))
    page, run = page_and_queries(client_for("konselor"), reverse("case_detail", args=[case.pk]))
    assert "Membolos" in page and "Laijapen" in page and "Sering melamun." in page
    for table in ("referrals_referral", "conferences_conference", "evaluations_evaluation", "intake_bkreferral"):
        reads = [sql for sql in run if re.search(rf'^SELECT .* FROM "{table}" ', sql)]
        assert len(reads) == 1, (table, reads)


def test_the_case_page_offers_what_may_be_started_once_not_under_every_entry(client_for, case, konselor):
    for n in range(3):
        record(case, konselor, held_on=days(-n), notes=f"Sesi nomor {n}.")
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    start_a_session = reverse("counseling:service_create", args=[case.pk, Kind.INDIVIDUAL])
    # each held session keeps its own action, the follow-up session
    assert page.count("Rencanakan sesi lanjutan") == 3
    assert page.count(f'href="{start_a_session}"') == 1
