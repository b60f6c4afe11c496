"""Who prints a conference's letters (S4): each first print takes a number from the school's letter
sequence, so only the conference's organisers and the principal print. A counselor invited to
another counselor's conference takes part in it and prints nothing."""

import pytest
from django.urls import reverse

from bkcase.models import Counter
from bkcase.workflow import Stage
from conferences.models import Conference, ConferenceDocument

from .conftest import approve, invite


@pytest.fixture
def reported(conference, konselor, cast):
    """`konselor`'s approved conference in its reporting stage (every document ready to print), to
    which `konselor_lain` is invited and has acknowledged confidentiality."""
    guest = invite(conference, konselor, account=cast["konselor_lain"], name="Budi Uji")
    approve(conference, konselor, cast["kepala"])
    Conference.objects.filter(pk=conference.pk).update(stage=Stage.PELAPORAN)
    return conference, guest


def print_urls(conference, participant):
    pk = conference.pk
    return [reverse("conferences:document", args=[pk, name]) for name in ("undangan", "daftar-hadir", "notulen",
                                                                           "laporan")] + [
        reverse("conferences:invitation_letter", args=[pk, participant.pk])
    ]


def letter_numbers_taken(school):
    return sum(Counter.objects.filter(school=school, key__startswith="letter-").values_list("value", flat=True))


@pytest.mark.s4
def test_a_counselor_invited_to_anothers_conference_prints_none_of_its_letters(client_for, reported, school):
    conference, guest = reported
    client = client_for("konselor_lain")
    page = client.get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    assert conference.code in page  # they read the conference they were invited to (S3)
    for url in print_urls(conference, guest):
        assert url not in page
        response = client.post(url)
        assert response.status_code == 403, url
        assert not response.get("Content-Type", "").startswith("application/pdf")
    assert not ConferenceDocument.objects.filter(conference=conference).exists()
    assert letter_numbers_taken(school) == 0


@pytest.mark.s4
@pytest.mark.parametrize("who", ["konselor", "koordinator", "kepala"])
def test_the_organisers_and_the_principal_print_the_letters(client_for, reported, who):
    conference, guest = reported
    client = client_for(who)
    page = client.get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
    for url in print_urls(conference, guest)[:2] + print_urls(conference, guest)[3:4]:
        assert url in page
    response = client.post(reverse("conferences:document", args=[conference.pk, "laporan"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert ConferenceDocument.objects.filter(conference=conference, kind="laporan").exists()


@pytest.mark.r9
def test_only_the_conferences_participants_print_its_minutes(client_for, reported, school):
    """The minutes hold what the participants said (seed 004): the principal and the coordinator who
    did not take part print the other letters, not the minutes; its leader does."""
    conference, _guest = reported
    minutes = reverse("conferences:document", args=[conference.pk, "notulen"])
    for who in ("koordinator", "kepala"):
        client = client_for(who)
        page = client.get(reverse("conferences:conference_detail", args=[conference.pk])).content.decode()
        assert minutes not in page and "hanya peserta konferensi yang mencetaknya" in page, who
        response = client.post(minutes, follow=True)
        assert not response["Content-Type"].startswith("application/pdf"), who
        assert "hanya peserta konferensi yang mencetaknya" in response.content.decode(), who
    assert not ConferenceDocument.objects.filter(conference=conference, kind="notulen").exists()
    assert letter_numbers_taken(school) == 0
    response = client_for("konselor").post(minutes)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
