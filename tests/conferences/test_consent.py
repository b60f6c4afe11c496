"""R11 on a conference: what is said about a minor is shared with the participants only with the
student's assent and a parent's or guardian's consent, or on the coordinator's exception."""

import pytest
from django.urls import reverse

from bkcase.exceptions import NotAllowed
from conferences import services
from conferences.models import Conference

pytestmark = pytest.mark.r11


@pytest.fixture
def without_parent(conference):
    """The parent has not consented (e.g. is not reachable)."""
    Conference.objects.filter(pk=conference.pk).update(guardian_consent_on=None, guardian_consent_method="",
                                                       guardian_consent_by="")
    conference.refresh_from_db()
    return conference


def test_a_conference_is_planned_without_the_consent_and_it_is_recorded_from_its_page(client_for, case, konselor):
    conference = services.conference_create(case=case, by=konselor, topic="Sering membolos", initiative="konselor",
                                            convener="kepala")
    assert "persetujuan orang tua atau wali (tanggal, cara, dan siapa)" in conference.missing_to_leave()
    page = client_for("konselor").get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert "Catat persetujuan" in page
    response = client_for("konselor").post(reverse("conferences:conference_consent", args=[conference.pk]), {
        "consent-version": conference.version, "consent-consent_on": "2026-11-03", "consent-consent_method": "lisan",
        "consent-guardian_consent_on": "2026-11-03", "consent-guardian_consent_method": "telepon",
        "consent-guardian_consent_by": "Bapak Joko, ayah kandung",
    })
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.has_consent
    assert not {"persetujuan siswa (tanggal dan cara)", "persetujuan orang tua atau wali (tanggal, cara, dan siapa)"
                } & set(conference.missing_to_leave())


@pytest.mark.s3
def test_a_participant_learns_only_that_the_consent_is_settled(client_for, conference, konselor, cast):
    from .conftest import invite

    invite(conference, konselor, account=cast["peserta"])
    page = client_for("peserta").get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert "Persetujuan:</strong> sudah diselesaikan sekolah" in page
    assert "Ibu Sari Wulandari, ibu kandung" not in page and "Simpan persetujuan" not in page
    assert client_for("peserta").get(reverse("conferences:conference_consent_file", args=[conference.pk])
                                      ).status_code == 404


@pytest.mark.s7
def test_only_the_coordinator_lets_a_conference_proceed_without_the_parents_consent(client_for, without_parent,
                                                                                   konselor, koordinator):
    with pytest.raises(NotAllowed):
        services.conference_consent_exception(conference=without_parent, by=konselor, ground="orang_tua_terduga",
                                              reason="Ayah klien diduga pelaku.")
    response = client_for("koordinator").post(
        reverse("conferences:conference_consent_exception", args=[without_parent.pk]),
        {"exception-ground": "orang_tua_terduga", "exception-reason": "Ayah klien diduga pelaku kekerasan."},
    )
    assert response.status_code == 302
    without_parent.refresh_from_db()
    assert without_parent.has_consent and without_parent.consent_exception_by == koordinator
    assert without_parent.stage_changes.get(action="override").note.startswith("Orang tua atau wali adalah terduga")
    home = client_for("kepala").get(reverse("home")).content.decode()
    assert without_parent.code in home and "Ayah klien diduga pelaku kekerasan." in home


@pytest.mark.s3
def test_a_participant_does_not_read_why_the_parent_was_not_asked(client_for, without_parent, konselor, koordinator,
                                                                  cast):
    from .conftest import invite

    invite(without_parent, konselor, account=cast["peserta"])
    services.conference_consent_exception(conference=without_parent, by=koordinator, ground="orang_tua_terduga",
                                          reason="Ayah klien diduga pelaku kekerasan.")
    page = client_for("peserta").get(reverse("conferences:conference_detail", args=[without_parent.pk]))
    assert page.status_code == 200
    assert "Ayah klien diduga" not in page.content.decode()  # neither on the page nor in its history
    assert "terduga pelaku" not in page.content.decode()
    # the organisers and the principal read it
    for who in ("konselor", "kepala"):
        assert "Ayah klien diduga pelaku kekerasan." in client_for(who).get(
            reverse("conferences:conference_detail", args=[without_parent.pk])).content.decode()
