"""R11: a referral shares a minor's data only with the student's assent and a parent's or guardian's
consent, each with its date, how it was given and (for the parent) who gave it; or, when asking would
harm the student or the law requires acting, on the coordinator's documented exception, which the
principal is told of."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bkcase.exceptions import NotAllowed
from bkcase.models import AuditEvent
from bkcase.workflow import Stage
from referrals import documents, services

from ..consent import GIVEN, consented
from .conftest import CHOICE, agree, walk_to
from .test_documents import build_referral, pdf_text

pytestmark = pytest.mark.r11

ASSENT_ONLY = {"consent_on": datetime.date(2026, 11, 3), "consent_method": "lisan"}
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def planned(referral, by):
    """Planning's data but the consent: the client's choice and the expert's agreement."""
    referral = services.referral_update_stage(referral=referral, by=by, version=None, **CHOICE)
    agree(referral, by)
    referral.refresh_from_db()
    return referral


def exception(referral, by, ground="bahaya", reason="Klien menyatakan ingin mengakhiri hidup."):
    return services.referral_consent_exception(referral=referral, by=by, ground=ground, reason=reason)


def test_the_students_assent_alone_does_not_let_a_referral_leave_planning(referral, konselor):
    referral = services.referral_record_consent(referral=planned(referral, konselor), by=konselor, version=None,
                                                **ASSENT_ONLY)
    assert referral.missing_to_leave() == ["persetujuan orang tua atau wali (tanggal, cara, dan siapa)"]
    referral = consented(referral, konselor)
    assert referral.missing_to_leave() == []


def test_the_parents_consent_names_who_gave_it(referral, konselor):
    referral = consented(planned(referral, konselor), konselor, guardian_consent_by="  ")
    assert referral.missing_to_leave() == ["persetujuan orang tua atau wali (tanggal, cara, dan siapa)"]


def test_a_parents_consent_without_the_students_assent_is_not_enough(referral, konselor):
    referral = consented(planned(referral, konselor), konselor, consent_on=None, consent_method="")
    assert referral.missing_to_leave() == ["persetujuan siswa (tanggal dan cara)"]


def test_the_counselor_records_both_parts_and_a_signed_form_from_the_referral_page(client_for, referral, konselor,
                                                                                   cast):
    response = client_for("konselor").post(reverse("referrals:referral_consent", args=[referral.pk]), {
        "consent-version": referral.version, "consent-consent_on": "2026-11-03", "consent-consent_method": "lisan",
        "consent-guardian_consent_on": "2026-11-04", "consent-guardian_consent_method": "tertulis",
        "consent-guardian_consent_by": "Ibu Sari Wulandari, ibu kandung",
        "consent-consent_form": SimpleUploadedFile("formulir.pdf", PDF, content_type="application/pdf"),
    })
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.student_assented() and referral.guardian_consented() and referral.consent_form
    assert referral.consent_recorded_on() == datetime.date(2026, 11, 4)  # the later of the two
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "Ibu Sari Wulandari, ibu kandung" in page
    download = client_for("konselor").get(reverse("referrals:referral_consent_file", args=[referral.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="export", object_id=str(referral.pk), role="konselor").exists()
    # another counselor, the principal and the operator learn nothing of it
    for who in ("konselor_lain", "kepala", "operator"):
        assert client_for(who).get(reverse("referrals:referral_consent_file", args=[referral.pk])).status_code == 404


@pytest.mark.s22
def test_a_consent_form_that_is_not_a_pdf_or_image_is_refused_and_the_input_stays(client_for, referral):
    response = client_for("konselor").post(reverse("referrals:referral_consent", args=[referral.pk]), {
        "consent-version": referral.version, "consent-consent_on": "2026-11-03", "consent-consent_method": "lisan",
        "consent-guardian_consent_by": "Bapak Joko",
        "consent-consent_form": SimpleUploadedFile("formulir.pdf", b"MZ not a pdf", content_type="application/pdf"),
    })
    assert response.status_code == 400
    page = response.content.decode()
    assert "Unggah berkas PDF, JPEG, atau PNG." in page and 'value="Bapak Joko"' in page
    referral.refresh_from_db()
    assert not referral.consent_form and referral.consent_on is None


def test_a_consent_dated_in_the_future_is_refused(referral, konselor):
    with pytest.raises(ValidationError) as error:
        consented(referral, konselor, guardian_consent_on=datetime.date.today() + datetime.timedelta(days=2))
    assert "guardian_consent_on" in error.value.message_dict


def test_the_consent_is_settled_during_planning(referral, konselor):
    referral = walk_to(referral, konselor, Stage.PELAKSANAAN)
    with pytest.raises(ValidationError) as error:
        consented(referral, konselor, guardian_consent_by="Orang lain")
    assert "perencanaan" in " ".join(error.value.messages)


# The exception ---------------------------------------------------------------------------------------


@pytest.mark.s7
def test_a_counselor_cannot_record_an_exception_to_the_consent(client_for, referral, konselor):
    with pytest.raises(NotAllowed):
        exception(referral, konselor)
    client_for("konselor").post(reverse("referrals:referral_consent_exception", args=[referral.pk]),
                                {"exception-ground": "bahaya", "exception-reason": "Darurat."})
    referral.refresh_from_db()
    assert not referral.has_consent_exception


@pytest.mark.s7
def test_an_exception_needs_one_of_the_grounds_and_a_reason(client_for, referral, koordinator):
    for ground, reason in (("", "Darurat."), ("lainnya", "Darurat."), ("bahaya", "")):
        with pytest.raises(ValidationError):
            exception(referral, koordinator, ground=ground, reason=reason)
    response = client_for("koordinator").post(reverse("referrals:referral_consent_exception", args=[referral.pk]),
                                              {"exception-ground": "lainnya", "exception-reason": "Darurat sekali."})
    assert response.status_code == 400 and "Darurat sekali." in response.content.decode()
    referral.refresh_from_db()
    assert not referral.has_consent_exception


def test_danger_stands_in_for_both_parts_of_the_consent(referral, konselor, koordinator):
    referral = exception(planned(referral, konselor), koordinator, ground="bahaya")
    assert referral.missing_to_leave() == []


def test_a_parent_alleged_to_be_the_abuser_is_not_asked_but_the_student_still_is(referral, konselor, koordinator):
    referral = exception(planned(referral, konselor), koordinator, ground="orang_tua_terduga",
                         reason="Klien melaporkan kekerasan oleh ayahnya.")
    assert referral.missing_to_leave() == ["persetujuan siswa (tanggal dan cara)"]
    referral = services.referral_record_consent(referral=referral, by=konselor, version=None, **ASSENT_ONLY)
    assert referral.missing_to_leave() == []


def test_an_exception_on_a_ground_that_stands_in_for_nothing_missing_is_refused(referral, konselor, koordinator):
    referral = consented(planned(referral, konselor), konselor, consent_on=None, consent_method="")
    with pytest.raises(ValidationError) as error:
        exception(referral, koordinator, ground="orang_tua_terduga")
    assert "ground" in error.value.message_dict
    referral = exception(referral, koordinator, ground="bahaya")
    assert referral.missing_to_leave() == []


def test_an_exception_is_recorded_once_and_only_while_the_consent_is_incomplete(referral, konselor, koordinator):
    with pytest.raises(ValidationError):
        exception(consented(referral, konselor), koordinator)
    referral.refresh_from_db()
    assert not referral.has_consent_exception


@pytest.mark.s8
def test_the_principal_is_told_of_an_exception_and_notes_it(client_for, referral, koordinator, cast,
                                                           django_capture_on_commit_callbacks):
    principal = cast["kepala"].user
    principal.email = "kepala@sekolah.sch.id"
    principal.save()
    with django_capture_on_commit_callbacks(execute=True):
        exception(referral, koordinator, ground="kewajiban_hukum", reason="Wajib lapor: dugaan kekerasan seksual.")
    # the mail names only the referral's code: no case content leaves the application
    assert [m.to for m in mail.outbox] == [["kepala@sekolah.sch.id"]]
    assert referral.code in mail.outbox[0].subject and "kekerasan" not in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="transition", detail="consent_exception:kewajiban_hukum",
                                     role="koordinator").exists()

    home = client_for("kepala").get(reverse("home")).content.decode()
    assert referral.code in home and "Wajib lapor: dugaan kekerasan seksual." in home
    noted = reverse("consent_exception_noted", args=["referrals.referral", referral.pk])
    assert client_for("konselor").post(noted).status_code == 404  # only the principal notes it
    assert client_for("kepala").post(noted).status_code == 302
    referral.refresh_from_db()
    assert referral.consent_exception_noted_by == cast["kepala"]
    assert AuditEvent.objects.filter(action="confirm", detail="consent_exception_noted", role="kepala").count() == 1
    assert referral.code not in client_for("kepala").get(reverse("home")).content.decode()
    # the counselor's page says the principal noted it
    page = client_for("konselor").get(reverse("referrals:referral_detail", args=[referral.pk])).content.decode()
    assert "dicatat kepala sekolah pada" in page


def test_another_schools_principal_cannot_note_an_exception(client_for, referral, koordinator, other_school):
    from ..factories import MembershipFactory

    exception(referral, koordinator)
    stranger = MembershipFactory(school=other_school, role="kepala")
    client = client_for("konselor")
    client.force_login(stranger.user)
    response = client.post(reverse("consent_exception_noted", args=["referrals.referral", referral.pk]))
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.consent_exception_noted_at is None


# Printed -----------------------------------------------------------------------------------------------


@pytest.mark.r10
def test_the_atk_report_prints_both_parts_of_the_consent(case, expert, konselor):
    referral = build_referral(case, expert, konselor, consent_form="consent/x.pdf")
    text = pdf_text(documents.report_pdf(referral))
    for expected in ["Persetujuan siswa : 3 November 2026, Lisan, dalam sesi konseling",
                     f"Persetujuan orang tua / wali : 3 November 2026, Tertulis dan ditandatangani (formulir "
                     f"persetujuan), oleh {GIVEN['guardian_consent_by']}",
                     "Formulir persetujuan bertanda tangan : Terlampir"]:
        assert expected in text, expected


@pytest.mark.r10
def test_the_atk_report_prints_the_exception_with_its_ground_and_reason(case, expert, konselor, koordinator):
    referral = build_referral(case, expert, konselor, guardian_consent_on=None, guardian_consent_method="",
                              guardian_consent_by="", consent_exception_ground="orang_tua_terduga",
                              consent_exception_reason="Klien melaporkan kekerasan oleh ayahnya.",
                              consent_exception_by=koordinator,
                              consent_exception_at=datetime.datetime(2026, 11, 3, 9, tzinfo=datetime.UTC))
    text = " ".join(pdf_text(documents.report_pdf(referral)).split())
    assert "Persetujuan orang tua / wali : -" in text
    assert ("Pengecualian persetujuan : Orang tua atau wali adalah terduga pelaku. Klien melaporkan kekerasan oleh "
            "ayahnya. (dicatat oleh Dewi Uji, 3 November 2026)") in text
