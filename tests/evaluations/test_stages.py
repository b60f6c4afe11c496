"""R13 in the stages: an ATK's evaluation stage shows the Laijapen of its handover and its analysis
cites it; a conference's evaluation weighs the participants' commitments against its Laijapen; the
Laporan ATK and the conference's report print the evaluations done; a case closes only after its
Laijapan is done, or with a written reason."""

from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from bkcase import services as core_services
from bkcase.workflow import Stage
from evaluations import services
from evaluations.models import Evaluation, Kind, Status
from referrals import documents as referral_documents
from referrals import services as referral_services

from ..referrals.conftest import walk_to
from .conftest import days, fill, of, today

pytestmark = pytest.mark.r13

ANSWERS = {"understanding": {"level": "penuh", "note": "KATA-KATA-KLIEN"}, "comfort": {"level": "sebagian"},
           "action": {"level": "belum"}}


def pdf_text(pdf):
    assert pdf.startswith(b"%PDF-")
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


@pytest.fixture
def handed_over(case, konselor, expert):
    referral = referral_services.referral_create(case=case, by=konselor, expert=expert, problem_summary="x",
                                                 functions=["pemahaman"])
    return walk_to(referral, konselor, Stage.EVALUASI)


def test_the_atk_evaluation_stage_shows_the_laijapen_of_its_handover(handed_over, konselor, client_for):
    laijapen = of(handed_over, Kind.LAIJAPEN)
    url = reverse("referrals:referral_detail", args=[handed_over.pk])
    page = client_for("konselor").get(url).content.decode()
    section = page[page.index('id="evaluation-heading"'):page.index('id="history-heading"')]
    assert reverse("evaluations:evaluation_detail", args=[laijapen.pk]) in section
    fill(laijapen, konselor, answers=ANSWERS)
    page = client_for("konselor").get(url).content.decode()
    section = page[page.index('id="evaluation-heading"'):page.index('id="history-heading"')]
    assert "memahaminya dengan jelas" in section  # the Laijapen's answer, shown where the evaluation is written


def test_the_coordinator_sees_the_referral_but_not_the_laijapens_answers(handed_over, konselor, client_for):
    fill(of(handed_over, Kind.LAIJAPEN), konselor, answers=ANSWERS)
    page = client_for("koordinator").get(reverse("referrals:referral_detail", args=[handed_over.pk])).content.decode()
    assert "memahaminya dengan jelas" not in page and "KATA-KATA-KLIEN" not in page


def test_the_analysis_cites_the_laijapen(handed_over, konselor, client_for):
    fill(of(handed_over, Kind.LAIJAPEN), konselor, answers=ANSWERS)
    referral = walk_to(handed_over, konselor, Stage.ANALISIS)
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    form = page[page.index('name="effectiveness_reason"'):]
    form = form[:form.index("</textarea>")]
    assert "Laijapen" in form and "memahaminya dengan jelas" in form


def test_the_laporan_atk_prints_the_evaluations_done(handed_over, konselor):
    laijapen = of(handed_over, Kind.LAIJAPEN)
    fill(laijapen, konselor, answers=ANSWERS)
    referral = walk_to(handed_over, konselor, Stage.SELESAI)
    text = pdf_text(referral_documents.report_pdf(referral))
    assert "Penilaian hasil layanan" in text
    assert "Laijapen (penilaian jangka pendek)" in text
    assert "memahaminya dengan jelas" in text and "belum punya rencana" in text
    assert "Laijapan (penilaian jangka panjang)" not in text  # not done: not printed
    assert "KATA-KATA-KLIEN" not in text  # the student's own words stay with the counselors


def test_the_conference_report_prints_the_evaluations_done(case, cast, konselor):
    from conferences import documents as conference_documents
    from conferences.models import DocumentKind

    from ..conferences.test_documents import build_conference, issue

    conference = build_conference(case, cast)
    laijapen, _laijapan = services.schedule_follow_ups(record=conference, case=case, by=konselor,
                                                       base_on=conference.held_on)
    Evaluation.objects.filter(pk=laijapen.pk).update(due_on=today())
    fill(laijapen, konselor, answers=ANSWERS)
    text = pdf_text(conference_documents.report_pdf(conference, issue(conference, DocumentKind.LAPORAN)))
    assert "Laijapen (penilaian jangka pendek)" in text and "memahaminya dengan jelas" in text


def test_the_conference_evaluation_weighs_the_commitments_against_the_laijapen(case, cast, konselor, client_for):
    from conferences.models import Participant

    from ..conferences.test_documents import build_conference

    conference = build_conference(case, cast, stage=Stage.EVALUASI)
    Participant.objects.create(conference=conference, group="a", role="orang_tua", name="Sri Wahyuni",
                               attended=True, commitment="Mendampingi belajar setiap malam", committed=True,
                               acknowledged_at=conference.created_at)
    services.schedule_follow_ups(record=conference, case=case, by=konselor, base_on=conference.held_on)
    url = reverse("conferences:conference_detail", args=[conference.pk])
    page = client_for("konselor").get(url).content.decode()
    section = page[page.index('id="commitments-laijapen-heading"'):]
    assert "Mendampingi belajar setiap malam" in section
    assert 'id="commitments-laijapen-heading"' not in client_for("kepala").get(url).content.decode()


# The close rule --------------------------------------------------------------------------------


def close(case, by, **more):
    case.refresh_from_db()
    return core_services.case_close(case=case, by=by, version=case.version, closed_on=today(),
                                    closing_note="Masalah teratasi.", **more)


def test_a_case_without_its_laijapan_closes_only_with_a_written_reason(case, konselor):
    with pytest.raises(ValidationError) as refused:
        close(case, konselor)
    assert "no_laijapan_reason" in refused.value.error_dict
    case.refresh_from_db()
    assert case.is_open
    closed = close(case, konselor, no_laijapan_reason="Klien lulus dan pindah kota.")
    assert not closed.is_open
    laijapan = case.evaluations.get(kind=Kind.LAIJAPAN)
    assert (laijapan.status, laijapan.missed_reason, laijapan.record) == (
        Status.MISSED, "Klien lulus dan pindah kota.", case)


def test_an_open_laijapan_is_recorded_as_not_done_with_the_reason(case, konselor):
    laijapen, laijapan = services.services_end(case=case, by=konselor, ended_on=today())
    with pytest.raises(ValidationError):
        close(case, konselor)
    close(case, konselor, no_laijapan_reason="Klien pindah sekolah.")
    laijapan.refresh_from_db()
    laijapen.refresh_from_db()
    assert (laijapan.status, laijapan.missed_reason) == (Status.MISSED, "Klien pindah sekolah.")
    assert laijapen.status == Status.DUE  # only the Laijapan is the close rule's


def test_a_case_whose_laijapan_is_done_closes_without_a_reason(case, konselor):
    type(case).objects.filter(pk=case.pk).update(opened_on=days(-90))
    _laijapen, laijapan = services.services_end(case=case, by=konselor, ended_on=days(-60))
    fill(laijapan, konselor)
    assert not close(case, konselor).is_open


def test_the_close_form_asks_for_the_reason_and_keeps_the_input_when_refused(case, client_for):
    client = client_for("konselor")
    page = client.get(reverse("case_close", args=[case.pk])).content.decode()
    assert 'name="no_laijapan_reason"' in page
    response = client.post(reverse("case_close", args=[case.pk]), {
        "closed_on": today().isoformat(), "closing_note": "Masalah teratasi.", "version": case.version})
    assert response.status_code == 400
    case.refresh_from_db()
    assert case.is_open
    response = client.post(reverse("case_close", args=[case.pk]), {
        "closed_on": today().isoformat(), "closing_note": "Masalah teratasi.", "version": case.version,
        "no_laijapan_reason": "Klien pindah sekolah."})
    assert response.status_code == 302
    case.refresh_from_db()
    assert not case.is_open


def test_the_case_page_lists_the_evaluations_of_all_its_records(handed_over, case, client_for):
    page = client_for("konselor").get(reverse("case_detail", args=[case.pk])).content.decode()
    section = page[page.index('id="case-evaluations-heading"'):]
    for evaluation in Evaluation.objects.filter(case=case):
        assert reverse("evaluations:evaluation_detail", args=[evaluation.pk]) in section


