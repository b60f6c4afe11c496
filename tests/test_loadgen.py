"""The district data generator makes consistent records in every stage, and the pages serve them."""

import io

from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bkcase.models import Case, Enrolment, Membership, School, SchoolYear, Student
from bkcase.workflow import Stage
from conferences.models import Conference
from referrals.models import Referral


def test_generate_load_data_makes_a_small_district_that_the_pages_serve(db):
    call_command("generate_load_data", schools=2, students=200, case_share=0.5, stdout=io.StringIO())
    assert School.objects.count() == 2 and Student.objects.count() == 400
    assert Case.objects.count() == 200
    # as the application records them: each student in a class of the current year, each case opened
    # this school year with the class its student was in (R14), one opened before without
    assert Enrolment.objects.filter(year__is_current=True).count() == 400
    starts = SchoolYear.objects.filter(is_current=True).first().starts_on
    this_year = Case.objects.filter(opened_on__gte=starts)
    assert not this_year.filter(school_class__isnull=True).exists()
    if (timezone.localdate() - starts).days > 30:  # cases are opened 1 to 300 days ago
        assert this_year.exists()
    assert not this_year.exclude(school_class__enrolments__student=F("student")).exists()
    assert not Case.objects.exclude(pk__in=this_year).filter(school_class__isnull=False).exists()
    assert Referral.objects.count() > 20 and Conference.objects.count() > 0
    assert {Stage.PERENCANAAN, Stage.SELESAI} <= set(Referral.objects.values_list("stage", flat=True))
    for referral in Referral.objects.filter(stage=Stage.PELAKSANAAN)[:5]:
        assert referral.missing_to_leave(Stage.PERENCANAAN) == []  # the passed stage's data is there
    coordinator = Membership.objects.filter(role="koordinator").first()
    client = Client()
    client.force_login(coordinator.user)
    for url in (reverse("home"), reverse("referrals:referral_list"), reverse("conferences:conference_list"),
                reverse("case_list")):
        assert client.get(url).status_code == 200
    other = Referral.objects.exclude(school=coordinator.school).first()
    assert client.get(reverse("referrals:referral_detail", args=[other.pk])).status_code == 404
