"""The counselor's services on a case (R12): each kind is recorded from the case, sessions are
numbered per case, a group session reaches each member's case without the others' problems, a
summons speaks neutrally and records attendance, and an entry is corrected with a trace, never
deleted."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import NoReverseMatch, reverse

from bkcase.exceptions import NotAllowed
from bkcase.models import AuditEvent
from counseling import services
from counseling.models import GroupSession, Kind, Service, ServiceCorrection
from tests.factories import CaseFactory, StudentFactory

from .conftest import days, record, today

pytestmark = pytest.mark.r12


def new_url(case, kind):
    return reverse("counseling:service_create", args=[case.pk, kind])


def test_the_counselor_records_an_individual_session_from_the_case_numbered_per_case(client_for, case, konselor):
    client = client_for("konselor")
    for n in (1, 2):
        response = client.post(new_url(case, Kind.INDIVIDUAL), {
            "held_on": today().isoformat(), "starts_at": "10:00", "sharing": "konselor",
            "problem": "Sering terlambat", "technique": "Konseling behavioral", "notes": f"Pertemuan {n}.",
            "agreements": "Bangun pukul 05.00", "next_on": days(7).isoformat(),
        })
        assert response.status_code == 302
    other_case = CaseFactory(counselor=konselor, student=StudentFactory(school=case.school))
    record(other_case, konselor)
    numbers = list(Service.objects.filter(case=case).order_by("pk").values_list("meeting_number", flat=True))
    assert numbers == [1, 2]
    assert Service.objects.get(case=other_case).meeting_number == 1
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Konseling individual, pertemuan ke-2" in page and "Konseling behavioral" in page
    entry = Service.objects.filter(case=case).last()
    assert entry.created_by == konselor and AuditEvent.objects.filter(
        action="create", object_type="counseling.service", object_id=str(entry.pk)).exists()


@pytest.mark.parametrize("kind, data, shown", [
    (Kind.KONSULTASI, {"party": "orang_tua", "participants": "Ibu Wartini", "notes": "Ibu bercerita.",
                       "agreements": "Ibu mendampingi belajar."}, "Ibu mendampingi belajar."),
    (Kind.KUNJUNGAN, {"participants": "Rina", "purpose": "Silaturahmi"}, "Kunjungan rumah"),
    (Kind.PANGGILAN, {"place": "Ruang BK", "starts_at": "09:00", "signer": "kepala",
                      "purpose": "Membicarakan perkembangan belajar."}, "Panggilan orang tua"),
    (Kind.CATATAN, {"notes": "Klien datang sendiri ke ruang BK."}, "Klien datang sendiri ke ruang BK."),
])
def test_each_kind_is_recorded_and_shows_in_the_chronology(client_for, case, kind, data, shown):
    client = client_for("konselor")
    response = client.post(new_url(case, kind), {"held_on": today().isoformat(), "sharing": "konselor", **data})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Service.objects.get(case=case).kind == kind
    assert shown in client.get(reverse("case_detail", args=[case.pk])).content.decode()


def test_an_invalid_entry_is_shown_again_with_the_input_and_an_indonesian_message(client_for, case):
    response = client_for("konselor").post(new_url(case, Kind.KONSULTASI), {
        "held_on": today().isoformat(), "sharing": "konselor", "participants": "Pak Darto"})
    page = response.content.decode()
    assert response.status_code == 200 and "Sebutkan dengan siapa konsultasi dilakukan." in page
    assert 'value="Pak Darto"' in page and not Service.objects.exists()


def test_a_group_session_reaches_each_members_case_without_the_others_problems(client_for, case, konselor):
    second = CaseFactory(counselor=konselor, student=StudentFactory(school=case.school, full_name="Bayu Pratama"))
    response = client_for("konselor").post(new_url(case, Kind.KELOMPOK), {
        "held_on": today().isoformat(), "sharing": "konselor", "topic": "Mengelola waktu belajar",
        "group_note": "Anggota berlatih membuat jadwal mingguan.", "other_members": "Dina (XI IPS 1)",
        "problem": "Siti takut gagal ujian", "notes": "Siti aktif berbagi.", "technique": "Diskusi kelompok",
        "member_cases": [second.pk],
    })
    assert response.status_code == 302
    group = GroupSession.objects.get()
    assert group.services.count() == 2
    theirs = Service.objects.get(case=second)
    assert theirs.meeting_number == 1 and theirs.problem == "" and theirs.notes == ""
    page = client_for("konselor").get(reverse("case_detail", args=[second.pk])).content.decode()
    assert "Anggota berlatih membuat jadwal mingguan." in page
    assert "Siti takut gagal ujian" not in page and "Siti aktif berbagi." not in page


def test_a_group_member_case_must_be_one_the_counselor_works_on(case, konselor, cast):
    foreign = CaseFactory(counselor=cast["konselor_lain"], student=StudentFactory(school=case.school))
    with pytest.raises(NotAllowed):
        record(case, konselor, Kind.KELOMPOK, topic="Kelompok", member_cases=[foreign])
    assert not Service.objects.filter(case=foreign).exists()


def test_a_summons_states_its_purpose_without_a_diagnosis(client_for, case):
    response = client_for("konselor").post(new_url(case, Kind.PANGGILAN), {
        "held_on": days(2).isoformat(), "starts_at": "09:00", "sharing": "konselor", "place": "Ruang BK",
        "signer": "konselor", "purpose": "Anak Bapak terlibat narkoba."})
    page = response.content.decode()
    assert response.status_code == 200 and "narkoba" in page and "kata-kata netral" in page
    assert not Service.objects.exists()


def test_whether_the_parent_came_is_recorded_on_or_after_the_day(case, konselor):
    summons = record(case, konselor, Kind.PANGGILAN, held_on=days(3))
    with pytest.raises(ValidationError):
        services.service_correct(service=summons, by=konselor, version=summons.version, attended=True)
    past = record(case, konselor, Kind.PANGGILAN, held_on=days(-1))
    saved = services.service_correct(service=past, by=konselor, version=past.version, attended=False)
    assert saved.attended is False


def test_a_correction_keeps_what_was_there_before_and_who_changed_it(client_for, entry, konselor):
    client = client_for("konselor")
    form = client.get(reverse("counseling:service_edit", args=[entry.pk]))
    assert form.status_code == 200
    response = client.post(reverse("counseling:service_edit", args=[entry.pk]), {
        "held_on": entry.held_on.isoformat(), "sharing": "konselor", "problem": entry.problem,
        "technique": entry.technique, "notes": "Catatan yang dibetulkan.", "agreements": entry.agreements,
        "version": entry.version})
    assert response.status_code == 302
    correction = ServiceCorrection.objects.get(service=entry)
    assert correction.by == konselor and correction.previous == {"notes": "Klien mengaku sulit bangun pagi."}
    page = client.get(reverse("counseling:service_detail", args=[entry.pk])).content.decode()
    assert "Klien mengaku sulit bangun pagi." in page and "Catatan yang dibetulkan." in page


def test_an_entry_cannot_be_deleted(entry):
    with pytest.raises(NoReverseMatch):
        reverse("counseling:service_delete", args=[entry.pk])
    with pytest.raises(ProtectedError):
        entry.case.delete()  # the case keeps its entries (PROTECT)


def test_a_follow_up_session_is_planned_from_an_entry_in_one_step(client_for, case, konselor):
    entry = record(case, konselor, next_on=days(5))
    response = client_for("konselor").post(reverse("counseling:service_follow_up", args=[entry.pk]))
    planned = Service.objects.exclude(pk=entry.pk).get()
    assert response.status_code == 302 and planned.follows == entry and planned.held_on == days(5)
    assert planned.meeting_number == 2 and planned.is_planned and planned.problem == entry.problem


def test_an_attachment_is_checked_and_served_only_as_an_attachment(client_for, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("konselor")
    fake = SimpleUploadedFile("catatan.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    response = client.post(new_url(case, Kind.CATATAN), {"held_on": today().isoformat(), "sharing": "konselor",
                                                        "notes": "Lampiran", "attachment": fake})
    assert response.status_code == 200 and "Unggah berkas PDF, JPEG, atau PNG." in response.content.decode()
    real = SimpleUploadedFile("surat.pdf", b"%PDF-1.4 surat", content_type="application/pdf")
    response = client.post(new_url(case, Kind.CATATAN), {"held_on": today().isoformat(), "sharing": "konselor",
                                                        "notes": "Lampiran", "attachment": real})
    service = Service.objects.get()
    assert "surat" not in service.attachment.name
    download = client.get(reverse("counseling:service_attachment", args=[service.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == b"%PDF-1.4 surat"
    assert not str(tmp_path).startswith(str(settings.STATIC_ROOT or "/nonexistent"))


def test_a_closed_case_takes_no_new_entry(case, konselor):
    case.closed_on = datetime.date.today()
    case.save(update_fields=["closed_on"])
    with pytest.raises(ValidationError):
        record(case, konselor)
