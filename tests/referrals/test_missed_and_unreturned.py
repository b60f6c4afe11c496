"""R16: referrals end realistically. A client who did not attend the expert is recorded in
execution (re-contact or cancel); when the expert's report does not come back after documented
requests, the evaluation goes on with the client's account and the counselor's observation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from bkcase.workflow import Stage
from referrals import documents, services
from referrals.models import MissedAction, MissedAppointment, ReportRequest

from .conftest import STAGE_DATA, walk_to
from .test_documents import pdf_text

pytestmark = pytest.mark.r16


def missed(referral, by, action=MissedAction.HUBUNGI_ULANG, on=datetime.date(2026, 11, 7), note=""):
    return services.referral_record_missed_appointment(referral=referral, by=by, missed_on=on, action=action,
                                                       note=note)


def request_report(referral, by, on=datetime.date(2026, 11, 15)):
    return services.referral_request_report(referral=referral, by=by, requested_on=on, channel="whatsapp")


# A client who did not attend ---------------------------------------------------------------------------


def test_a_missed_appointment_is_recorded_in_execution_and_the_referral_goes_on(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    client = client_for("konselor")
    client.post(reverse("referrals:referral_record_missed", args=[referral.pk]), {
        "missed-missed_on": "2026-11-07", "missed-action": "hubungi_ulang", "missed-note": "Klien sakit demam."})
    item = MissedAppointment.objects.get()
    assert (item.missed_on, item.action, item.by) == (datetime.date(2026, 11, 7), MissedAction.HUBUNGI_ULANG, konselor)
    referral.refresh_from_db()
    assert referral.stage == Stage.PELAKSANAAN
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Klien dan ahli dihubungi ulang untuk janji baru" in page and "Klien sakit demam." in page


def test_a_missed_appointment_that_ends_the_referral_cancels_it_with_that_reason(referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    missed(referral, konselor, action=MissedAction.BATAL, note="Orang tua menolak melanjutkan.")
    referral.refresh_from_db()
    assert referral.stage == Stage.DIBATALKAN
    assert referral.cancel_reason.startswith("Klien tidak hadir ke ahli pada 7 November 2026.")
    assert referral.cancel_reason.endswith("Orang tua menolak melanjutkan.")
    assert referral.stage_changes.filter(action="cancel").exists()


def test_a_missed_appointment_is_recorded_only_in_execution(referral, konselor):
    with pytest.raises(ValidationError):
        missed(referral, konselor)
    assert not MissedAppointment.objects.exists()


def test_the_atk_report_prints_the_missed_appointments(referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    missed(referral, konselor, on=datetime.date(2026, 11, 6))
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    text = pdf_text(documents.report_pdf(referral))
    assert "Klien tidak hadir ke ahli" in text
    assert "6 November 2026: klien dan ahli dihubungi ulang untuk janji baru" in text


# An expert's report that does not come back ----------------------------------------------------------


def evaluation_without_report(referral, by):
    data = {**STAGE_DATA[Stage.EVALUASI], "expert_report": ""}
    return services.referral_update_stage(referral=referral, by=by, version=None, **data)


def test_without_the_experts_report_the_evaluation_waits_for_a_documented_request(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    referral = evaluation_without_report(referral, konselor)
    assert referral.missing_to_leave() == ["laporan ahli, atau tanggal permintaannya bila laporan belum kembali"]
    client = client_for("konselor")
    client.post(reverse("referrals:referral_request_report", args=[referral.pk]), {
        "request-requested_on": "2026-11-15", "request-channel": "surat", "request-note": "Surat kedua"})
    assert ReportRequest.objects.filter(referral=referral, requested_on=datetime.date(2026, 11, 15)).exists()
    referral.refresh_from_db()
    assert referral.missing_to_leave() == [] and referral.evaluates_without_expert_report()
    page = client.get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "evaluasi didasarkan pada keterangan klien dan pengamatan konselor" in page
    client.post(reverse("referrals:referral_transition", args=[referral.pk, "advance"]), {"stage": "evaluasi"})
    referral.refresh_from_db()
    assert referral.stage == Stage.ANALISIS


def test_the_evaluation_still_needs_the_clients_account_and_the_counselors_observation(referral, konselor):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    request_report(referral, konselor)
    referral.refresh_from_db()
    assert referral.missing_to_leave() == ["keterangan klien", "evaluasi konselor"]


def test_a_request_is_recorded_in_evaluation_after_the_client_met_the_expert(referral, konselor):
    with pytest.raises(ValidationError):
        request_report(referral, konselor)  # planning
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    with pytest.raises(ValidationError) as error:
        request_report(referral, konselor, on=datetime.date(2026, 11, 6))  # the client met the expert on 7 Nov
    assert "requested_on" in error.value.message_dict
    assert not ReportRequest.objects.exists()


def test_the_atk_report_prints_the_requests_and_what_the_evaluation_rests_on(referral, konselor):
    referral = walk_to(referral, konselor, Stage.EVALUASI)
    referral = evaluation_without_report(referral, konselor)
    request_report(referral, konselor, on=datetime.date(2026, 11, 10))
    request_report(referral, konselor, on=datetime.date(2026, 11, 17))
    referral = services.referral_transition(referral=referral, by=konselor, action="advance")
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    text = pdf_text(documents.report_pdf(referral))
    assert "Laporan ahli (rujukan balik) diminta pada : 10 November 2026, 17 November 2026" in text
    assert "evaluasi didasarkan pada keterangan klien dan pengamatan konselor" in text
