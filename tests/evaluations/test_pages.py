"""R13, R9: an evaluation's page is its case's counselors' alone (everyone else 404, audited); the
answers are recorded from the page and show in the case's chronology; the case page offers to record
the end of the services."""

import pytest
from django.urls import reverse

from bkcase.models import AuditEvent
from evaluations.models import Evaluation, Kind, Status

from ..counseling.conftest import record
from .conftest import days, of, post_answers, today

pytestmark = [pytest.mark.r13, pytest.mark.r9]


@pytest.fixture
def laiseg(case, konselor):
    return of(record(case, konselor), Kind.LAISEG)


def test_the_counselor_fills_the_laiseg_from_its_page(laiseg, client_for):
    client = client_for("konselor")
    page = client.get(reverse("evaluations:evaluation_detail", args=[laiseg.pk]))
    assert page.status_code == 200
    assert "What does the student now understand about the problem?" in page.content.decode() or \
        "Apa yang kini dipahami siswa tentang masalahnya?" in page.content.decode()
    response = client.post(reverse("evaluations:evaluation_detail", args=[laiseg.pk]),
                           {**post_answers(), "version": laiseg.version})
    assert response.status_code == 302
    laiseg.refresh_from_db()
    assert laiseg.status == Status.DONE
    assert AuditEvent.objects.filter(action="change", object_type="evaluations.evaluation",
                                     object_id=str(laiseg.pk), detail="done:laiseg").exists()


def test_a_fill_without_answers_is_shown_again_with_the_reason(laiseg, client_for):
    response = client_for("konselor").post(reverse("evaluations:evaluation_detail", args=[laiseg.pk]),
                                           {"version": laiseg.version, "understanding_note": "Sudah paham"})
    assert response.status_code == 400
    assert "Sudah paham" in response.content.decode()
    laiseg.refresh_from_db()
    assert laiseg.status == Status.DUE


@pytest.mark.s1
@pytest.mark.s9
@pytest.mark.parametrize("who", ["konselor_lain", "koordinator", "kepala", "operator", "peserta", "orang_luar"])
def test_nobody_but_the_cases_counselors_sees_an_evaluation(laiseg, client_for, who):
    client = client_for(who)
    for url in (reverse("evaluations:evaluation_detail", args=[laiseg.pk]),):
        assert client.get(url).status_code == 404
    for name in ("evaluations:evaluation_detail", "evaluations:evaluation_reschedule", "evaluations:evaluation_missed"):
        assert client.post(reverse(name, args=[laiseg.pk]), {"version": laiseg.version, "reason": "x",
                                                              "due_on": days(2).isoformat()}).status_code == 404
    laiseg.refresh_from_db()
    assert (laiseg.status, laiseg.due_on) == (Status.DUE, today())
    assert AuditEvent.objects.filter(action="denied", object_type="evaluations.evaluation",
                                     object_id=str(laiseg.pk), student_id=laiseg.case.student_id).exists()


def test_rescheduling_from_the_page(laiseg, client_for):
    response = client_for("konselor").post(reverse("evaluations:evaluation_reschedule", args=[laiseg.pk]),
                                           {"version": laiseg.version, "due_on": days(2).isoformat(),
                                            "reason": "Klien ujian"})
    assert response.status_code == 302
    laiseg.refresh_from_db()
    assert laiseg.due_on == days(2)


def test_a_reschedule_without_a_reason_is_refused_on_the_page(laiseg, client_for):
    response = client_for("konselor").post(reverse("evaluations:evaluation_reschedule", args=[laiseg.pk]),
                                           {"version": laiseg.version, "due_on": days(2).isoformat(), "reason": ""})
    assert response.status_code == 400
    laiseg.refresh_from_db()
    assert laiseg.due_on == today()


def test_a_done_evaluation_shows_in_the_cases_chronology_with_its_answers(laiseg, client_for):
    client = client_for("konselor")
    client.post(reverse("evaluations:evaluation_detail", args=[laiseg.pk]), {**post_answers(), "version": 1})
    page = client.get(reverse("case_detail", args=[laiseg.case_id]) + "?lang=en").content.decode()
    assert "Tidur jam sembilan." in page  # the student's words on the action item


def test_the_case_page_records_the_end_of_the_services(case, client_for):
    client = client_for("konselor")
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert reverse("evaluations:services_end", args=[case.pk]) in page
    response = client.post(reverse("evaluations:services_end", args=[case.pk]), {"ended_on": today().isoformat()})
    assert response.status_code == 302
    assert sorted(Evaluation.objects.values_list("kind", flat=True)) == [Kind.LAIJAPAN, Kind.LAIJAPEN]
    page = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert reverse("evaluations:services_end", args=[case.pk]) not in page


def test_the_coordinator_keeps_the_settings(client_for):
    assert client_for("konselor").get(reverse("evaluations:evaluation_settings")).status_code == 403
    client = client_for("koordinator")
    assert client.get(reverse("evaluations:evaluation_settings")).status_code == 200
    response = client.post(reverse("evaluations:evaluation_settings"),
                           {"variant": "akurs", "with_scale": "on", "laijapen_days": 21, "laijapan_days": 75,
                            "email_reminders": "on"})
    assert response.status_code == 302
    from evaluations.models import EvaluationSettings

    saved = EvaluationSettings.objects.get()
    assert (saved.variant, saved.with_scale, saved.laijapen_days, saved.laijapan_days) == ("akurs", True, 21, 75)


def test_a_referrals_evaluation_names_its_record_with_the_abbreviation_in_capitals(db):
    from types import SimpleNamespace

    from django.contrib.contenttypes.models import ContentType
    from django.utils import translation

    from evaluations.records import record_kind
    from referrals.models import Referral

    evaluation = SimpleNamespace(record_type_id=ContentType.objects.get_for_model(Referral).pk)
    with translation.override("id"):
        assert record_kind(evaluation).endswith("(ATK)")
    with translation.override("en"):
        assert record_kind(evaluation) == "Referral (ATK)"
