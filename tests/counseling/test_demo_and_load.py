"""The demo's cases carry a believable history (R12), and the load generator gives every case about
ten services, whose entries each case page serves."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from bkcase.models import Case

pytestmark = pytest.mark.r12


def test_the_load_generator_gives_each_case_about_ten_services(db):
    call_command("generate_load_data", schools=1, students=100, case_share=0.2, stdout=io.StringIO())
    per_case = Case.objects.annotate(n=Count("counseling_services")).values_list("n", flat=True)
    assert per_case and all(8 <= n <= 12 for n in per_case)
    case = Case.objects.select_related("counselor__user").first()
    client = Client()
    client.force_login(case.counselor.user)
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert "pertemuan ke-" in page
