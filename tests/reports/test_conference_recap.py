"""The conference recap: the case conferences of a period by their codes (never a name, R5), with the
principal's approval, attendance, the seed's measure of success (meaningful additional data and
every participant present committed) and the action items done and overdue; on the page, as a
letter (kop, number, "Mengetahui, Kepala Sekolah") and as Excel. Its figures are checked against
the hand-built conferences below, not against the query that makes them."""

import datetime
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from bkcase.models import AuditEvent
from bkcase.workflow import Stage
from conferences.models import ActionItem, ActionStatus, Approval, Conference, Participant
from reports import conference_recap, jobs
from reports.models import ReportJob

from ..factories import CaseFactory, StudentFactory, school_year
from ..referrals.test_documents import pdf_pages

PERIOD = {"start": "2026-07-01", "end": "2026-12-31"}
STUDENT_NAMES = ["Ani Rahasia", "Budi Rahasia", "Citra Rahasia", "Dodi Rahasia", "Eka Rahasia", "Fajar Rahasia"]
PARTICIPANT_NAME = "Pak Wali Rahasia"


def conference(school, counselor, n, *, held_on, stage, approval, meaningful=None, attendance=(), actions=(),
               guest=None):
    """Conference KK-TEST-000n of a case of `counselor` whose student is STUDENT_NAMES[n - 1].
    attendance: (attended, committed) per participant; actions: (status, due_on) per action item."""
    name = STUDENT_NAMES[n - 1] if n <= len(STUDENT_NAMES) else f"Siswa Tambahan {n}"
    student = StudentFactory(school=school, full_name=name)
    case = CaseFactory(counselor=counselor, student=student, code=f"KS-TEST-{n:04d}")
    record = Conference.objects.create(
        school=school, case=case, code=f"KK-TEST-{n:04d}", created_by=counselor, leader=counselor,
        topic="Masalah belajar", initiative="konselor", convener="kepala", held_on=held_on, stage=stage,
        approval=approval, meaningful_data=meaningful)
    people = [Participant.objects.create(conference=record, group="a", role="orang_tua", name=PARTICIPANT_NAME,
                                         attended=attended, committed=committed)
              for attended, committed in attendance]
    if guest:
        people.append(Participant.objects.create(conference=record, group="a", role="wali_kelas", name="Tamu",
                                                 account=guest, acknowledged_at="2026-08-01T08:00+07:00",
                                                 acknowledged_how="app", attended=True, committed=True))
    for status, due_on in actions:
        ActionItem.objects.create(conference=record, responsible=people[0], what="Pendampingan belajar",
                                  due_on=due_on, status=status)
    return record


DONE, OPEN = ActionStatus.DONE, ActionStatus.OPEN
PAST, FAR = datetime.date(2026, 9, 1), datetime.date(2099, 1, 1)


@pytest.fixture
def conferences(school, cast):
    """Five conferences in the second half of 2026 (four of konselor's, one of konselor_lain's, to
    which konselor was only invited) and one of konselor's in May, outside it."""
    konselor, lain = cast["konselor"], cast["konselor_lain"]
    return [
        # held, every participant present committed, new data: successful; both actions done
        conference(school, konselor, 1, held_on=datetime.date(2026, 8, 10), stage=Stage.SELESAI,
                   approval=Approval.APPROVED, meaningful=True, attendance=[(True, True)] * 3,
                   actions=[(DONE, PAST), (DONE, PAST)]),
        # one present did not commit: not successful; one action done, one overdue, one not yet due
        conference(school, konselor, 2, held_on=datetime.date(2026, 9, 15), stage=Stage.EVALUASI,
                   approval=Approval.APPROVED, meaningful=True,
                   attendance=[(True, True), (True, True), (True, False), (False, None)],
                   actions=[(DONE, PAST), (OPEN, PAST), (OPEN, FAR)]),
        # planned, awaiting the principal: not evaluated
        conference(school, konselor, 3, held_on=datetime.date(2026, 10, 20), stage=Stage.PERENCANAAN,
                   approval=Approval.REQUESTED, attendance=[(None, None)] * 2),
        # no date yet, proposed now (December 2026), then cancelled
        conference(school, konselor, 4, held_on=None, stage=Stage.DIBATALKAN, approval=Approval.NOT_REQUESTED),
        # konselor_lain's; no meaningful data: not successful; its one action overdue
        conference(school, lain, 5, held_on=datetime.date(2026, 9, 1), stage=Stage.PELAKSANAAN,
                   approval=Approval.APPROVED, meaningful=False, attendance=[(True, True)] * 2,
                   actions=[(OPEN, datetime.date(2026, 9, 10))], guest=konselor),
        # outside the period
        conference(school, konselor, 6, held_on=datetime.date(2026, 5, 5), stage=Stage.SELESAI,
                   approval=Approval.APPROVED, meaningful=True, attendance=[(True, True)]),
    ]


def summary_of(membership):
    rows = conference_recap.recap_rows(conference_recap.recap_conferences(
        membership, datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)))
    return rows, conference_recap.recap_summary(rows)


def counts(pairs):
    return {str(label): count for label, count in pairs}


def test_the_coordinators_recap_counts_the_schools_conferences_of_the_period(conferences, cast):
    rows, summary = summary_of(cast["koordinator"])
    assert [row.code for row in rows] == ["KK-TEST-0001", "KK-TEST-0005", "KK-TEST-0002", "KK-TEST-0003",
                                          "KK-TEST-0004"]  # by date, the undated last
    assert summary["total"] == 5
    assert counts(summary["by_stage"]) == {"Perencanaan": 1, "Pelaksanaan": 1, "Evaluasi": 1,
                                           "Analisis hasil evaluasi": 0, "Tindak lanjut": 0, "Pelaporan": 0,
                                           "Selesai": 1, "Dibatalkan": 1}
    # not requested, awaiting the principal, approved, declined
    assert [count for _label, count in summary["by_approval"]] == [1, 1, 3, 0]
    assert counts(summary["outcome"]) == {"Dilaksanakan (lewat perencanaan, tidak dibatalkan)": 3,
                                          "Sudah dievaluasi": 3, "Berhasil": 1}
    assert counts(summary["actions"]) == {"Tindak lanjut": 6, "Selesai": 3, "Lewat tenggat": 2}


def test_each_row_carries_attendance_success_and_action_items(conferences, cast):
    rows = {row.code: row for row in summary_of(cast["koordinator"])[0]}
    first, second, third, cancelled, other = (rows[f"KK-TEST-000{n}"] for n in range(1, 6))
    assert (first.case_code, first.held_on, first.present, first.invited) == (
        "KS-TEST-0001", datetime.date(2026, 8, 10), 3, 3)
    assert first.succeeded is True and (first.actions, first.actions_done, first.actions_overdue) == (2, 2, 0)
    assert (second.present, second.invited, second.succeeded) == (3, 4, False)
    assert (second.actions, second.actions_done, second.actions_overdue) == (3, 1, 1)
    assert third.succeeded is None and str(third.success_label) == "Belum dievaluasi"
    assert (cancelled.held_on, cancelled.invited, cancelled.held) == (None, 0, False)
    assert (other.present, other.invited, other.succeeded, other.actions_overdue) == (3, 3, False, 1)


@pytest.mark.s2
def test_a_counselors_recap_holds_their_own_conferences_not_those_they_were_invited_to(conferences, cast):
    rows, summary = summary_of(cast["konselor"])
    assert [row.code for row in rows] == ["KK-TEST-0001", "KK-TEST-0002", "KK-TEST-0003", "KK-TEST-0004"]
    assert counts(summary["outcome"])["Berhasil"] == 1
    assert counts(summary["actions"]) == {"Tindak lanjut": 5, "Selesai": 3, "Lewat tenggat": 1}
    assert [row.code for row in summary_of(cast["konselor_lain"])[0]] == ["KK-TEST-0005"]


def test_the_recap_reads_its_rows_in_one_query_whatever_their_number(conferences, cast, school):
    with CaptureQueriesContext(connection) as few:
        summary_of(cast["koordinator"])
    for n in range(7, 10):
        conference(school, cast["konselor"], n, held_on=datetime.date(2026, 11, n), stage=Stage.PELAKSANAAN,
                   approval=Approval.APPROVED, attendance=[(True, True)] * 2, actions=[(OPEN, FAR)])
    with CaptureQueriesContext(connection) as more:
        rows, _summary = summary_of(cast["koordinator"])
    assert len(rows) == 8 and len(few) == len(more) == 1


def test_the_page_runs_the_same_queries_for_more_conferences(conferences, cast, school, client_for):
    client = client_for("koordinator")
    client.get(reverse("reports:conference_recap"), PERIOD)  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("reports:conference_recap"), PERIOD)
    for n in range(7, 12):
        conference(school, cast["konselor"], n, held_on=datetime.date(2026, 11, n), stage=Stage.SELESAI,
                   approval=Approval.APPROVED, meaningful=True, attendance=[(True, True)], actions=[(DONE, PAST)])
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("reports:conference_recap"), PERIOD)
    assert len(few) == len(more)


# The page and the files ---------------------------------------------------------------------------


def test_the_page_shows_codes_and_counts_and_no_name(conferences, client_for):
    page = client_for("koordinator").get(reverse("reports:conference_recap"), PERIOD).content.decode()
    for code in ("KK-TEST-0001", "KS-TEST-0001", "KK-TEST-0005", "KK-TEST-0004"):
        assert code in page
    assert "KK-TEST-0006" not in page
    assert "3 / 4" in page and "Belum dievaluasi" in page
    for name in [*STUDENT_NAMES, PARTICIPANT_NAME]:
        assert name not in page


@pytest.mark.r10
def test_the_pdf_is_a_letter_signed_by_the_coordinator_with_codes_only(conferences, school, cast, client_for):
    response = client_for("koordinator").get(reverse("reports:conference_recap_pdf"), PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert 'filename="rekap-konferensi-20260701-20261231.pdf"' in response["Content-Disposition"]
    pages = pdf_pages(response.content)
    text = "\n".join(pages)
    for expected in ["REKAPITULASI KONFERENSI KASUS", "Nomor", "1 Juli 2026 s.d. 31 Desember 2026",
                     "Semua konselor", "Menurut persetujuan kepala sekolah", "Jumlah konferensi kasus : 5",
                     "KK-TEST-0001", "KS-TEST-0002", "3 / 4", "Belum dievaluasi", "Mengetahui,", "Kepala Sekolah",
                     f"NIP. {school.principal_nip}", "Koordinator BK", cast["koordinator"].display_name]:
        assert expected in text, expected
    assert "KK-TEST-0006" not in text
    for name in [*STUDENT_NAMES, PARTICIPANT_NAME]:
        assert name not in text
    assert all("RAHASIA" in page for page in pages)


def test_the_excel_file_has_the_counts_and_a_row_per_conference_with_numbers_as_numbers(conferences, client_for):
    response = client_for("koordinator").get(reverse("reports:conference_recap_xlsx"), PERIOD)
    workbook = load_workbook(BytesIO(response.content))
    assert workbook.sheetnames == ["Rekap", "Daftar Konferensi"]
    summary = {row[0]: row[1] for row in workbook["Rekap"].iter_rows(values_only=True) if row[0]}
    assert summary["Jumlah konferensi kasus"] == 5 and summary["Berhasil"] == 1 and summary["Lewat tenggat"] == 2
    rows = list(workbook["Daftar Konferensi"].iter_rows(values_only=True))
    assert rows[0][:4] == ("No.", "Kode konferensi", "Kode kasus", "Tanggal")
    second = next(row for row in rows if row[1] == "KK-TEST-0002")
    assert second[2] == "KS-TEST-0002" and second[3] == datetime.datetime(2026, 9, 15)
    assert second[6:] == (4, 3, "Tidak", 3, 1, 1)
    assert len(rows) == 6
    cells = " ".join(str(value) for sheet in workbook for row in sheet.iter_rows(values_only=True) for value in row)
    for name in [*STUDENT_NAMES, PARTICIPANT_NAME]:
        assert name not in cells


@pytest.mark.s8
@pytest.mark.s11
def test_the_page_and_the_files_are_audited_for_each_student(conferences, client_for):
    client = client_for("konselor")
    client.get(reverse("reports:conference_recap"), PERIOD)
    client.get(reverse("reports:conference_recap_xlsx"), PERIOD)
    students = {record.case.student_id for record in conferences[:4]}
    rows = AuditEvent.objects.filter(object_type="conferences.recap", username="konselor", student_id__isnull=False)
    assert set(rows.filter(action="view").values_list("student_id", flat=True)) == students
    assert set(rows.filter(action="export").values_list("student_id", flat=True)) == students


@pytest.mark.s4
@pytest.mark.parametrize("who", ["kepala", "peserta", "operator", "walikelas"])
def test_roles_that_keep_no_caseload_are_refused(who, client_for):
    client = client_for(who)
    assert client.get(reverse("reports:conference_recap")).status_code == 403
    assert client.get(reverse("reports:conference_recap_pdf"), PERIOD).status_code == 403
    assert client.get(reverse("reports:conference_recap_xlsx"), PERIOD).status_code == 403


@pytest.mark.s2
def test_another_schools_coordinator_finds_none_of_them(conferences, client_for):
    page = client_for("orang_luar").get(reverse("reports:conference_recap"), PERIOD).content.decode()
    assert "KK-TEST-0001" not in page and "Tidak ada konferensi kasus" in page


def test_a_large_recap_is_made_in_the_background_and_listed_in_the_reports(conferences, cast, client_for, settings):
    settings.RECAP_BACKGROUND_FROM = 2
    client = client_for("koordinator")
    page = client.get(reverse("reports:conference_recap"), PERIOD).content.decode()
    assert 'name="kind" value="conference_recap"' in page
    refused = client.get(reverse("reports:conference_recap_pdf"), PERIOD, follow=True)
    assert "dibuat di latar belakang" in refused.content.decode()
    client.post(reverse("reports:job_create"), {**PERIOD, "kind": "conference_recap", "format": "pdf"})
    job = ReportJob.objects.get()
    jobs.job_build(job.pk)
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    text = "\n".join(pdf_pages(b"".join(download.streaming_content)))
    assert "REKAPITULASI KONFERENSI KASUS" in text and "KK-TEST-0005" in text and "Nomor" in text
    assert reverse("reports:conference_recap") in client.get(reverse("reports:index")).content.decode()


@pytest.mark.r14
def test_the_recap_opens_on_the_current_school_years_semester_and_takes_another_year(conferences, school, client_for):
    last, this = school_year(school, 2025, current=False), school_year(school, 2026, current=True)
    client = client_for("koordinator")
    page = client.get(reverse("reports:conference_recap")).content.decode()
    assert f'<option value="{this.pk}" selected>2026/2027</option>' in page
    assert "KK-TEST-0001" in page and "KK-TEST-0006" not in page
    page = client.get(reverse("reports:conference_recap"), {"school_year": last.pk}).content.decode()
    assert "KK-TEST-0006" in page and "KK-TEST-0001" not in page
