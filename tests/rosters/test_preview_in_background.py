"""A large roster's preview is read by the background worker, with the import's progress bar (R14);
a small file's preview stays on the page at once. The preview the worker keeps shows what the page
showed before: the counts, the rows to add and update, every problem; the import still writes only
what that preview showed."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bkcase.models import Student
from rosters import services
from rosters.models import ImportStatus, RosterImport

from ..factories import StudentFactory
from .conftest import HEADERS, csv_bytes, student_row, upload
from .test_import import apply, count

pytestmark = pytest.mark.r14


@pytest.fixture
def large_from(settings):
    """Files of more than 10 rows are large; the import itself is written in the request."""
    settings.ROSTER_PREVIEW_BACKGROUND_FROM = 10
    settings.ROSTER_BACKGROUND_FROM = 1000
    return 10


def queued_previews():
    return DBTaskResult.objects.filter(task_path="rosters.tasks.run_preview").count()


def send(client, content, callbacks, name="siswa.csv"):
    with callbacks(execute=True):
        response = client.post(reverse("rosters:upload"), {"file": upload(content, name)})
    assert response.status_code == 302
    return RosterImport.objects.order_by("-pk").first(), client.get(response.url).content.decode()


def test_a_small_files_preview_is_built_on_the_page_at_once(client_for, year, large_from,
                                                            django_capture_on_commit_callbacks):
    roster_import, page = send(client_for("koordinator"), csv_bytes([student_row(n) for n in range(10)]),
                               django_capture_on_commit_callbacks)
    assert (roster_import.status, roster_import.preview) == (ImportStatus.UPLOADED, None)
    assert count(page, "create") == 10 and 'id="roster-job"' not in page
    assert queued_previews() == 0


def test_a_large_files_preview_is_read_by_the_worker_with_the_progress_bar(client_for, school, year, large_from,
                                                                          django_capture_on_commit_callbacks):
    StudentFactory(school=school, nis="26003", nisn="0090000003", full_name="Nama Lama")
    client = client_for("koordinator")
    roster_import, page = send(client, csv_bytes([student_row(n) for n in range(30)]),
                               django_capture_on_commit_callbacks)
    # nothing of the preview is built in the request: the page follows the worker
    assert roster_import.status == ImportStatus.PREVIEW_QUEUED and queued_previews() == 1
    assert 'id="roster-job"' in page and "js/job-progress.js" in page and 'data-count=' not in page
    assert "pratinjaunya tampil di sini setelah siap" in page
    state = client.get(reverse("rosters:status", args=[roster_import.pk])).json()
    assert (state["status"], state["finished"], state["label"]) == ("pv_queued", False, "Menunggu giliran untuk dibaca")

    seen = []
    progress = services.ImportProgress(roster_import, status=ImportStatus.PREVIEWING)
    services.ImportProgress = lambda imp, status: lambda done, total: (progress(done, total), seen.append(
        client.get(reverse("rosters:status", args=[imp.pk])).json()))
    try:
        services.roster_run_preview(roster_import.pk)
    finally:
        services.ImportProgress = type(progress)
    assert seen[0]["status"] == "previewing" and seen[0]["finished"] is False
    assert seen[-1]["percent"] == 100
    state = client.get(reverse("rosters:status", args=[roster_import.pk])).json()
    assert (state["status"], state["finished"]) == ("uploaded", True)

    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert (count(page, "create"), count(page, "update"), count(page, "unchanged"), count(page, "problems")) == (
        29, 1, 0, 0)
    assert "Siswa Nomor 7" in page and "Nama Lama" in page
    assert Student.objects.count() == 1  # the preview writes no student
    done = apply(client, roster_import)
    assert "29 ditambahkan, 1 diperbarui" in done.content.decode()
    assert Student.objects.get(nisn="0090000003").full_name == "Siswa Nomor 3"


def test_the_problems_the_worker_finds_are_listed_and_nothing_can_be_imported(client_for, year, large_from,
                                                                              django_capture_on_commit_callbacks):
    client = client_for("koordinator")
    rows = [student_row(n) for n in range(20)] + [student_row(99, NISN="12345")]
    roster_import, _page = send(client, csv_bytes(rows), django_capture_on_commit_callbacks)
    services.roster_run_preview(roster_import.pk)
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert count(page, "problems") == 1
    assert "<td>22</td><td>NISN</td>" in page
    assert 'name="digest"' not in page


def test_a_large_files_columns_chosen_by_hand_are_read_in_the_background(client_for, year, large_from,
                                                                         django_capture_on_commit_callbacks):
    client = client_for("koordinator")
    odd = ["Peserta Didik X" if h == "Nama" else h for h in HEADERS]
    rows = [{("Peserta Didik X" if k == "Nama" else k): v for k, v in student_row(n).items()} for n in range(15)]
    roster_import, page = send(client, csv_bytes(rows, headers=odd), django_capture_on_commit_callbacks)
    assert roster_import.status == ImportStatus.UPLOADED and queued_previews() == 0  # the columns first
    mapping = dict(roster_import.mapping, full_name=odd.index("Peserta Didik X"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("rosters:mapping", args=[roster_import.pk]),
                    {**{k: str(v) for k, v in mapping.items()}, "version": roster_import.version})
    roster_import.refresh_from_db()
    assert roster_import.status == ImportStatus.PREVIEW_QUEUED and queued_previews() == 1


def test_a_kept_preview_that_the_schools_data_outdated_is_read_again_and_nothing_is_imported(
        client_for, school, year, large_from, django_capture_on_commit_callbacks):
    client = client_for("koordinator")
    roster_import, _page = send(client, csv_bytes([student_row(n) for n in range(12)]),
                                django_capture_on_commit_callbacks)
    services.roster_run_preview(roster_import.pk)
    StudentFactory(school=school, nis="26005", nisn="0090000005", full_name="Baru Saja Ditambahkan")
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, roster_import)
    assert "Data sekolah berubah sejak pratinjau" in response.content.decode()
    assert Student.objects.count() == 1
    roster_import.refresh_from_db()
    assert (roster_import.status, roster_import.preview) == (ImportStatus.PREVIEW_QUEUED, None)
    assert queued_previews() == 2
    services.roster_run_preview(roster_import.pk)
    page = client.get(reverse("rosters:detail", args=[roster_import.pk])).content.decode()
    assert (count(page, "create"), count(page, "update")) == (11, 1)
