"""What the referral's page and documents say, in the words a counselor uses: why a referral was
cancelled as a choice the reports count, the expert's report with a due date, the statements of
consent to sign, and archived copies that read as archived."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from bkcase.exceptions import DomainError
from bkcase.models import AuditEvent
from bkcase.workflow import Action, CancelReason, Stage
from referrals import documents, services

from .conftest import walk_to
from .test_documents import pdf_text


def cancel(client, url, **data):
    return client.post(url, {"stage": "perencanaan", **data})


@pytest.mark.r7
def test_cancelling_a_referral_asks_why_from_a_list_and_the_history_says_it(client_for, referral):
    url = reverse("referrals:referral_transition", args=[referral.pk, "cancel"])
    cancel(client_for("konselor"), url, reason="ahli_menolak", note="Jadwal psikolog penuh sampai Maret.")
    referral.refresh_from_db()
    assert referral.stage == Stage.DIBATALKAN and referral.cancel_reason_kind == CancelReason.AHLI_MENOLAK
    assert referral.stage_changes.get(action=Action.CANCEL).note == (
        "Ahli menolak: Jadwal psikolog penuh sampai Maret.")
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Dibatalkan: Ahli menolak: Jadwal psikolog penuh sampai Maret." in page


@pytest.mark.r7
def test_other_needs_the_reason_written(client_for, referral):
    url = reverse("referrals:referral_transition", args=[referral.pk, "cancel"])
    response = cancel(client_for("konselor"), url, reason="lainnya", note=" ")
    referral.refresh_from_db()
    assert referral.stage == Stage.PERENCANAAN
    assert "Tuliskan alasan pembatalan." in [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.r16
def test_the_experts_report_is_due_two_weeks_after_the_handover_and_the_home_page_says_when_it_is_late(
    client_for, referral, konselor
):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    handover = timezone.localdate() - datetime.timedelta(days=20)
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None, handover_on=handover,
                                              client_met_expert_on=handover, plan_communicated_to="Orang tua",
                                              plan_communicated_on=handover)
    assert referral.expert_report_due_on == handover + datetime.timedelta(days=14)
    # a corrected handover moves the default due date with it
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None,
                                              handover_on=handover - datetime.timedelta(days=1),
                                              expert_report_due_on=referral.expert_report_due_on)
    assert referral.expert_report_due_on == handover + datetime.timedelta(days=13)
    assert not referral.expert_report_overdue()  # in execution nothing can be asked for yet
    referral = services.referral_transition(referral=referral, by=konselor, action="advance")
    assert referral.expert_report_overdue()
    home = client_for("konselor").get(reverse("home")).content.decode()
    assert "Laporan ahli yang belum kembali" in home and referral.code in home
    # the expert promised a later date: the counselor changes it, and nothing is late any more
    later = timezone.localdate() + datetime.timedelta(days=3)
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None, expert_report_due_on=later)
    assert not referral.expert_report_overdue()
    assert referral.code not in client_for("konselor").get(reverse("home")).content.decode()
    # another counselor is not told of it
    assert referral.code not in client_for("konselor_lain").get(reverse("home")).content.decode()



@pytest.mark.r16
def test_the_day_the_experts_report_came_back_is_kept_for_the_reports(client_for, referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    handover = timezone.localdate() - datetime.timedelta(days=20)
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None, handover_on=handover,
                                              client_met_expert_on=handover, plan_communicated_to="Orang tua",
                                              plan_communicated_on=handover)
    referral = services.referral_transition(referral=referral, by=konselor, action="advance")
    assert referral.expert_report_received_on is None
    # recorded without a date: it came today
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None,
                                              expert_report="Klien menjalani tiga sesi terapi.")
    assert referral.expert_report_received_on == timezone.localdate()
    # corrected to the day it really came
    came = handover + datetime.timedelta(days=12)
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None,
                                              expert_report_received_on=came)
    assert referral.expert_report_received_on == came
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Laporan ahli kembali pada" in page
    # not before the handover, not in the future: refused with the field's message, nothing changed
    for wrong in (handover - datetime.timedelta(days=1), timezone.localdate() + datetime.timedelta(days=1)):
        with pytest.raises(DomainError) as refused:
            services.referral_update_stage(referral=referral, by=konselor, version=None,
                                           expert_report_received_on=wrong)
        assert "expert_report_received_on" in refused.value.message_dict
    referral.refresh_from_db()
    assert referral.expert_report_received_on == came
    # the report taken back: no day it came
    referral = services.referral_update_stage(referral=referral, by=konselor, version=None, expert_report="")
    assert referral.expert_report_received_on is None

@pytest.mark.r11
def test_the_statements_of_consent_are_filled_from_the_referral(client_for, referral, case):
    response = client_for("konselor").get(reverse("referrals:referral_consent_statement", args=[referral.pk, "siswa"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    for expected in ["SURAT PERNYATAAN PERSETUJUAN SISWA", case.student.full_name, referral.expert.name,
                     "dialihtangankan (alih tangan kasus) kepada", "dapat saya tarik kembali kapan saja",
                     "Guru Bimbingan dan Konseling", "Rina Uji"]:
        assert expected in text, expected
    parent = client_for("konselor").get(
        reverse("referrals:referral_consent_statement", args=[referral.pk, "orang-tua"]))
    text = " ".join(pdf_text(parent.content).split())
    assert "SURAT PERNYATAAN PERSETUJUAN ORANG TUA / WALI" in text and "selaku orang tua / wali dari" in text
    assert AuditEvent.objects.filter(action="export", detail="consent_statement:orang-tua").count() == 1
    assert client_for("konselor").get(
        reverse("referrals:referral_consent_statement", args=[referral.pk, "guru"])).status_code == 404
    assert client_for("konselor_lain").get(
        reverse("referrals:referral_consent_statement", args=[referral.pk, "siswa"])).status_code == 404


@pytest.mark.r10
def test_the_printed_atk_report_names_the_stage_it_was_printed_at(referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAPORAN)
    text = pdf_text(documents.report_pdf(referral))
    assert "Tahap saat dicetak : Pelaporan" in text and "Tahap saat ini" not in text


