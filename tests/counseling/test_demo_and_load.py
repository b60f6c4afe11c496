"""The demo's cases carry a believable history (R12), and the load generator gives every case about
ten services, whose entries each case page serves."""

import io
import os

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from bkcase.models import Case, Membership
from counseling.models import Kind, Service

pytestmark = pytest.mark.r12


def test_the_chronology_of_konselors_demo_cases_shows_every_kind(db):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    kinds = set(Service.objects.filter(case__counselor__user__username="konselor").values_list("kind", flat=True))
    assert kinds == set(Kind.values)
    assert Service.objects.filter(case__counselor__user__username="konselor2").exists()
    visit = Service.objects.filter(kind=Kind.KUNJUNGAN).exclude(notes="").first()
    assert visit.document_refusal("berita_acara_kunjungan") is None  # its berita acara can be printed
    konselor = Membership.objects.get(user__username="konselor")
    client = Client()
    client.force_login(konselor.user)
    page = client.get(reverse("home")).content.decode()
    agenda = page[page.index('id="agenda-heading"'):]
    assert "Tidak ada rencana." not in agenda[:agenda.index("Minggu ini")]  # something today
    assert "Semua catatan sudah ditulis." not in agenda
    call_command("seed_demo", stdout=open(os.devnull, "w"))  # a second load adds nothing
    assert Service.objects.filter(case__counselor__user__username="konselor").values("kind").distinct().count() == 6


def test_the_load_generator_gives_each_case_about_ten_services(db):
    call_command("generate_load_data", schools=1, students=100, case_share=0.2, stdout=io.StringIO())
    per_case = Case.objects.annotate(n=Count("counseling_services")).values_list("n", flat=True)
    assert per_case and all(8 <= n <= 12 for n in per_case)
    case = Case.objects.select_related("counselor__user").first()
    client = Client()
    client.force_login(case.counselor.user)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "pertemuan ke-" in page
