"""R1: where an ATK may go. The seed's five kinds and another counselor, as persons or institutions
(a Puskesmas, the UPTD PPA, a rehabilitation centre); never the police, while a health facility
whose name mentions them (RS Bhayangkara) is a destination once the user confirms it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from referrals import documents, services
from referrals.models import Expert, ExpertKind, Referral

from ..factories import ExpertFactory
from .test_documents import build_referral, pdf_text

pytestmark = pytest.mark.r1

ENTRY = {"kind": "dokter", "name": "", "title": "", "field": "", "institution": "", "address": "", "phone": "",
         "email": "", "notes": "", "active": "on"}


def add(client, **fields):
    return client.post(reverse("referrals:expert_create"), {**ENTRY, **fields})


def test_another_counselor_is_a_destination(client_for, case, konselor, school):
    counselor = ExpertFactory(school=school, kind=ExpertKind.KONSELOR_LAIN, name="Sri Mulyani", title="S.Pd., Kons.",
                              institution="SMA Negeri 3 Semarang")
    response = client_for("konselor").post(
        reverse("referrals:referral_create", args=[case.pk]),
        {"kind": "konselor_lain", "expert": counselor.pk, "problem_summary": "Perlu konseling karier lanjutan.",
         "functions": ["pengembangan"]},
    )
    referral = Referral.objects.get()
    assert response.status_code == 302 and referral.expert == counselor
    report = pdf_text(documents.report_pdf(build_referral(case, counselor, konselor, code="ATK-2026-0099")))
    assert "Konselor lain" in report


def test_an_institution_is_entered_in_the_directory_and_addressed_through_its_head(client_for, case, konselor):
    response = add(client_for("koordinator"), kind="psikolog", is_institution="on", name="UPTD PPA Kota Semarang",
                   field="Perlindungan perempuan dan anak", address="Jl. Pemuda 148")
    institution = Expert.objects.get()
    assert response.status_code == 302 and institution.is_institution
    assert "UPTD PPA Kota Semarang" in client_for("konselor").get(reverse("referrals:expert_list")).content.decode()
    detail = client_for("konselor").get(reverse("referrals:expert_detail", args=[institution.pk])).content.decode()
    assert "lembaga atau organisasi, bukan perorangan" in detail
    letter = pdf_text(documents.cover_letter_pdf(build_referral(case, institution, konselor)))
    assert "Pimpinan UPTD PPA Kota Semarang" in letter


def test_a_hospital_whose_name_mentions_the_police_waits_for_the_users_confirmation(client_for):
    client = client_for("koordinator")
    hospital = {"kind": "dokter", "is_institution": "on", "name": "Rumah Sakit Bhayangkara Polda Jatim"}
    first = add(client, **hospital).content.decode()
    assert not Expert.objects.exists()
    assert "Nama ini menyebut kepolisian" in first  # a warning, not the police refusal
    assert "Polisi bukan tujuan ATK" not in first
    assert 'name="police_name_confirmed"' in first  # the checkbox is shown with it
    response = add(client, **hospital, police_name_confirmed="on")
    assert response.status_code == 302
    expert = Expert.objects.get()
    assert expert.police_name_confirmed
    assert "bukan kantor polisi" in client.get(reverse("referrals:expert_detail", args=[expert.pk])).content.decode()


def test_a_doctor_of_rs_bhayangkara_is_a_destination_once_confirmed(koordinator, case, konselor):
    with pytest.raises(ValidationError) as error:
        services.expert_create(by=koordinator, kind="dokter", name="dr. Wahyu", institution="RS Bhayangkara")
    assert "police_name_confirmed" in error.value.message_dict
    doctor = services.expert_create(by=koordinator, kind="dokter", name="dr. Wahyu", institution="RS Bhayangkara",
                                    police_name_confirmed=True)
    referral = services.referral_create(case=case, by=konselor, expert=doctor, problem_summary="Sering pingsan",
                                        functions=["pengentasan"])
    assert referral.expert == doctor


@pytest.mark.parametrize("fields", [
    {"kind": "ahli_bidang", "is_institution": "on", "name": "Polres Semarang"},
    {"kind": "ahli_bidang", "name": "Iptu Joko", "institution": "Polsek Banyumanik"},
    {"kind": "ahli_bidang", "name": "Bagian hukum", "institution": "Kepolisian Daerah Jawa Tengah"},
])
def test_the_police_themselves_stay_refused_even_when_confirmed(client_for, fields):
    page = add(client_for("koordinator"), **fields, police_name_confirmed="on").content.decode()
    assert "Polisi bukan tujuan ATK" in page
    assert not Expert.objects.exists()


def test_a_confirmation_is_kept_only_while_the_name_mentions_the_police(koordinator):
    expert = services.expert_create(by=koordinator, kind="dokter", name="Puskesmas Tembalang", is_institution=True,
                                    police_name_confirmed=True)
    assert not expert.police_name_confirmed


def test_an_entry_that_became_a_police_office_cannot_be_referred_to(case, konselor, school):
    police = ExpertFactory(school=school, kind=ExpertKind.AHLI_BIDANG, name="Unit PPA", institution="Polres Semarang")
    with pytest.raises(ValidationError) as error:
        services.referral_create(case=case, by=konselor, expert=police, problem_summary="x", functions=["advokasi"])
    assert "Polisi bukan tujuan ATK" in " ".join(error.value.messages)
    assert not Referral.objects.exists()
