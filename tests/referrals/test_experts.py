"""The expert directory: the five kinds of R1, kept by the coordinator, read by counselors."""

import pytest
from django.urls import reverse

from referrals.models import Expert, ExpertKind

VALID = {
    "kind": ExpertKind.PSIKIATER,
    "name": "dr. Hendra Gunawan",
    "title": "Sp.KJ",
    "field": "Psikiatri remaja",
    "institution": "RS Jiwa Grhasia",
    "address": "Jl. Kaliurang Km 17",
    "phone": "(0274) 895143",
    "email": "",
    "notes": "",
    "active": "on",
}


@pytest.mark.r1
def test_the_directory_offers_the_five_kinds_of_expert_and_another_counselor(client_for):
    form = client_for("koordinator").get(reverse("referrals:expert_create")).context["form"]
    offered = {value for value, _ in form.fields["kind"].choices if value}
    assert offered == {"dokter", "psikiater", "psikolog", "guru", "konselor_lain", "ahli_bidang"}


@pytest.mark.r1
def test_coordinator_cannot_add_the_police_as_an_expert_kind(client_for):
    response = client_for("koordinator").post(reverse("referrals:expert_create"), {**VALID, "kind": "polisi"})
    assert response.status_code == 200
    assert "Polisi bukan tujuan ATK" in response.content.decode()
    assert not Expert.objects.exists()


@pytest.mark.r1
def test_coordinator_cannot_add_a_police_office_as_an_expert(client_for):
    response = client_for("koordinator").post(
        reverse("referrals:expert_create"), {**VALID, "kind": ExpertKind.AHLI_BIDANG, "institution": "Polres Sleman"}
    )
    assert "Polisi bukan tujuan ATK" in response.content.decode()
    assert not Expert.objects.exists()


@pytest.mark.r1
def test_the_service_refuses_the_police_whatever_the_form_says(koordinator):
    from django.core.exceptions import ValidationError

    from referrals import services

    with pytest.raises(ValidationError):
        services.expert_create(by=koordinator, kind="polisi", name="Bripka Joko")
    assert not Expert.objects.exists()


def test_coordinator_adds_an_expert(client_for, school):
    response = client_for("koordinator").post(reverse("referrals:expert_create"), VALID)
    expert = Expert.objects.get()
    assert response.status_code == 302
    assert expert.school == school and expert.kind == ExpertKind.PSIKIATER


@pytest.mark.s4
def test_a_counselor_reads_but_does_not_change_the_directory(client_for, expert):
    client = client_for("konselor")
    assert expert.name in client.get(reverse("referrals:expert_list")).content.decode()
    assert client.post(reverse("referrals:expert_create"), VALID).status_code == 403
    assert client.post(reverse("referrals:expert_edit", args=[expert.pk]), VALID).status_code == 403
    expert.refresh_from_db()
    assert expert.name == "Nurul Fadhilah"


def test_directory_search_by_kind_and_name(client_for, school):
    from ..factories import ExpertFactory

    ExpertFactory(school=school, kind=ExpertKind.DOKTER, name="dr. Andi")
    ExpertFactory(school=school, kind=ExpertKind.GURU, name="Slamet Riyadi")
    client = client_for("konselor")
    assert "Slamet Riyadi" not in client.get(reverse("referrals:expert_list"), {"kind": "dokter"}).content.decode()
    page = client.post(reverse("referrals:expert_list"), {"q": "slamet"}, follow=True).content.decode()
    assert "Slamet Riyadi" in page and "dr. Andi" not in page


@pytest.mark.s2
def test_the_directory_holds_only_the_own_schools_experts(client_for, expert, other_school):
    from ..factories import ExpertFactory

    ExpertFactory(school=other_school, name="Ahli Sekolah Lain")
    page = client_for("konselor").get(reverse("referrals:expert_list")).content.decode()
    assert expert.name in page and "Ahli Sekolah Lain" not in page
