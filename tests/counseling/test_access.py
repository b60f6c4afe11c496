"""Who sees the counselor's entries (R12, R9, S1, S9): the case's counselors see all of them; the
coordinator only those shared with the coordinator; another counselor, the principal and the
operator get 404 on every entry and attachment URL, and each denial is audited."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from bkcase.models import AuditEvent
from counseling.models import Kind, Sharing

from .conftest import record

pytestmark = [pytest.mark.r12, pytest.mark.s1, pytest.mark.s9]


def entry_urls(service):
    urls = [reverse(f"counseling:{name}", args=[service.pk])
            for name in ("service_detail", "service_edit", "service_attachment")]
    urls += [reverse("counseling:service_document", args=[service.pk, kind]) for kind in service.document_kinds()]
    return urls


@pytest.fixture
def entries(case, konselor, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    private = record(case, konselor, Kind.KUNJUNGAN, sharing=Sharing.COUNSELORS, notes="Rumah sederhana.",
                     met_with="Ibu Wartini")
    shared = record(case, konselor, Kind.PANGGILAN, sharing=Sharing.COORDINATOR)
    for service in (private, shared):
        service.attachment.save("lampiran.pdf", ContentFile(b"%PDF-1.4 x"))
    return {"private": private, "shared": shared}


@pytest.mark.parametrize("who", ["konselor_lain", "kepala", "operator", "peserta", "orang_luar"])
def test_others_get_404_on_every_entry_and_attachment_url_and_the_denial_is_audited(client_for, entries, who):
    client = client_for(who)
    for service in entries.values():
        for url in entry_urls(service):
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("counseling:service_follow_up", args=[service.pk])).status_code == 404
    denied = AuditEvent.objects.filter(username=who, action="denied", object_type="counseling.service")
    assert denied.count() >= 6
    assert set(denied.values_list("student_id", flat=True)) == {entries["private"].case.student_id}


def test_others_cannot_record_on_the_case(client_for, case):
    for who in ("konselor_lain", "kepala", "operator", "koordinator"):
        url = reverse("counseling:service_create", args=[case.pk, Kind.CATATAN])
        assert client_for(who).get(url).status_code == 404, who


def test_the_coordinator_sees_only_the_entries_shared_with_the_coordinator(client_for, entries, case):
    client = client_for("koordinator")
    assert client.get(reverse("counseling:service_detail", args=[entries["shared"].pk])).status_code == 200
    assert client.get(reverse("counseling:service_attachment", args=[entries["shared"].pk])).status_code == 200
    for url in entry_urls(entries["private"]):
        assert client.get(url).status_code == 404
    # reading is not correcting: the shared entry's edit and letters are not the coordinator's
    assert client.get(reverse("counseling:service_edit", args=[entries["shared"].pk])).status_code == 404
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "Membicarakan perkembangan belajar" in page and "Rumah sederhana." not in page
    assert reverse("counseling:service_detail", args=[entries["private"].pk]) not in page


def test_the_case_counselor_sees_every_entry(client_for, entries):
    client = client_for("konselor")
    for service in entries.values():
        assert client.get(reverse("counseling:service_detail", args=[service.pk])).status_code == 200
    view = AuditEvent.objects.filter(username="konselor", action="view", object_type="counseling.service")
    assert view.count() == 2


def test_a_co_counselor_sees_and_records_entries(client_for, case, cast, entries):
    case.co_counselors.add(cast["konselor_lain"])
    client = client_for("konselor_lain")
    assert client.get(reverse("counseling:service_detail", args=[entries["private"].pk])).status_code == 200
    assert client.get(reverse("counseling:service_create", args=[case.pk, Kind.CATATAN])).status_code == 200
