"""The ATK documents rendered for real (R10): the cover letter and the ATK report (the period recap is a
report: tests/reports/test_atk_recap.py). Text is read back from the PDF with pypdf, so the assertions are on what the reader sees."""

import datetime
from io import BytesIO

import pytest
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from bkcase.documents import LocalFetcher, letter_context, logo_url, pdf_response, render_html
from bkcase.workflow import Stage
from referrals import documents
from referrals.models import (
    ContactChannel,
    ContactResponse,
    CounselingFunction,
    Effectiveness,
    ExpertContact,
    ExpertKind,
    FollowUp,
    Referral,
    ReferralStageChange,
)

from ..factories import ExpertFactory

LETTER_NUMBER = "001/BK/30100999/XI/2026"
REPORT_NUMBER = "014/BK/30100999/XI/2026"


def build_referral(case, expert, by, *, code="ATK-2026-0001", **fields):
    """A referral saved straight through the ORM, with every stage's data filled in."""
    values = {
        "stage": Stage.PELAPORAN,
        "problem_summary": "Klien sering cemas berlebihan menjelang ujian dan sulit tidur.",
        "functions": [CounselingFunction.PENGENTASAN, CounselingFunction.PEMAHAMAN],
        "outside_authority": True,
        "close_relationship": True,
        "considerations_note": "Konseling individual tiga kali belum mengurangi kecemasan.",
        "consent_on": datetime.date(2026, 11, 3),
        "consent_method": "lisan",
        "guardian_consent_on": datetime.date(2026, 11, 3),
        "guardian_consent_method": "tertulis",
        "guardian_consent_by": "Ibu Sari Wulandari, ibu kandung",
        "plan_communicated_to": "Orang tua dan wali kelas",
        "plan_communicated_on": datetime.date(2026, 11, 5),
        "handover_on": datetime.date(2026, 11, 6),
        "client_met_expert_on": datetime.date(2026, 11, 7),
        "client_account": "Klien merasa lebih tenang setelah dua kali bertemu psikolog.",
        "expert_report": "Kecemasan ujian tingkat sedang; dianjurkan latihan relaksasi.",
        "counselor_evaluation": "Kehadiran dan konsentrasi di kelas membaik.",
        "effectiveness": Effectiveness.TUNTAS,
        "effectiveness_reason": "Keluhan utama teratasi.",
        "follow_up": FollowUp.KONSELOR,
        "follow_up_note": "Pemantauan bulanan oleh konselor.",
        "cover_letter_number": LETTER_NUMBER,
        "cover_letter_on": datetime.date(2026, 11, 20),
        "report_number": REPORT_NUMBER,
        "report_on": datetime.date(2026, 11, 22),
        "report_delivered_to": "Kepala Sekolah",
        "report_delivered_on": datetime.date(2026, 11, 22),
        "report_filed_on": datetime.date(2026, 11, 22),
    }
    values.update(fields)
    referral = Referral(school=case.school, case=case, expert=expert, created_by=by, code=code, **values)
    referral.save()
    return referral


def pdf_pages(pdf):
    """The text of each page, whitespace collapsed (a phrase may wrap across lines)."""
    assert pdf.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def pdf_text(pdf):
    return "\n".join(pdf_pages(pdf))


@pytest.fixture
def atk(case, expert, konselor):
    expert.institution = "Biro Psikologi Harapan"
    expert.address = "Jl. Pandanaran No. 12, Semarang"
    expert.save()
    case.student.place_of_birth = "Semarang"
    case.student.guardian_name = "Bambang Sutrisno"
    case.student.guardian_relation = "Ayah"
    case.student.save()
    konselor.phone = "0812-3456-7890"
    konselor.save()
    return build_referral(case, expert, konselor)


# The cover letter ------------------------------------------------------------------------------


@pytest.mark.r10
def test_cover_letter_names_the_expert_and_carries_the_letter_number(atk, expert, student, school):
    text = pdf_text(documents.cover_letter_pdf(atk))
    for expected in [
        LETTER_NUMBER,
        "Alih Tangan Kasus (Surat Pengantar)",
        "Kepada Yth.",
        "Nurul Fadhilah, M.Psi., Psikolog",
        "Biro Psikologi Harapan",
        "Jl. Pandanaran No. 12, Semarang",
        "Semarang, 20 November 2026",
        student.full_name,
        "2024101",
        "Bambang Sutrisno (Ayah)",
        "Semarang, 17 Mei 2009",
        "Perempuan",
        "pengentasan dan pemahaman",
        "rujukan balik",
        "0812-3456-7890",
        "SMA NEGERI 1 UJI",
    ]:
        assert expected in text, expected


@pytest.mark.r10
def test_cover_letter_is_signed_by_the_counselor_and_acknowledged_by_the_principal(atk, school, konselor):
    text = pdf_text(documents.cover_letter_pdf(atk))
    for expected in [
        "Mengetahui,",
        "Kepala Sekolah",
        school.principal_name,
        f"NIP. {school.principal_nip}",
        "Guru BK / Konselor",
        konselor.display_name,
        f"NIP. {konselor.nip}",
    ]:
        assert expected in text, expected


@pytest.mark.r10
def test_a_signer_without_a_nip_gets_a_dash(case, expert, cast):
    case.counselor = cast["konselor_lain"]
    case.save()
    text = pdf_text(documents.cover_letter_pdf(build_referral(case, expert, cast["konselor_lain"])))
    assert "Budi Uji" in text
    assert "NIP. -" in text


@pytest.mark.r10
def test_every_page_says_rahasia_and_is_numbered(atk):
    for pdf in [documents.cover_letter_pdf(atk), documents.report_pdf(atk)]:
        pages = pdf_pages(pdf)
        for number, text in enumerate(pages, start=1):
            assert "RAHASIA" in text
            assert f"Halaman {number} dari {len(pages)}" in text


@pytest.mark.r10
def test_documents_are_in_indonesian_whatever_the_screen_language(atk):
    with translation.override("en"):
        text = pdf_text(documents.report_pdf(atk))
        assert translation.get_language() == "en"
    for expected in ["Perempuan", "17 Mei 2009", "Tertulis dan ditandatangani", "Tuntas", "Perencanaan"]:
        assert expected in text, expected


@pytest.mark.r10
def test_letterhead_prints_the_authority_school_contact_and_logo(atk, school, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "schools" / "logos").mkdir(parents=True)
    Image.new("RGB", (120, 120), (20, 83, 45)).save(tmp_path / "schools" / "logos" / "logo.png")
    school.logo = "schools/logos/logo.png"
    school.authority = "Pemerintah Provinsi Jawa Tengah / Dinas Pendidikan dan Kebudayaan"
    school.phone, school.email, school.website = "(024) 8310000", "tu@sman1uji.sch.id", "sman1uji.sch.id"
    school.postal_code = "50241"
    school.save()
    assert logo_url(school).startswith("file://")
    pdf = documents.cover_letter_pdf(atk)
    text = pdf_text(pdf)
    for expected in [
        "PEMERINTAH PROVINSI JAWA TENGAH",
        "DINAS PENDIDIKAN DAN KEBUDAYAAN",
        "SMA NEGERI 1 UJI",
        "Jl. Pendidikan No. 1, Semarang 50241",
        "(024) 8310000",
        "tu@sman1uji.sch.id",
        "sman1uji.sch.id",
    ]:
        assert expected in text, expected
    assert len(PdfReader(BytesIO(pdf)).pages[0].images) == 1


@pytest.mark.r10
def test_a_school_without_logo_gets_a_letterhead_without_image(atk, school):
    context = letter_context(school, number="x", on=datetime.date(2026, 11, 22), subject="Perihal")
    assert context["logo_url"] is None
    assert context["place_and_date"] == "Semarang, 22 November 2026"
    assert "<img" not in render_html("documents/referral_cover_letter.html", documents.cover_letter_context(atk))


@pytest.mark.r10
@pytest.mark.s20
def test_html_typed_into_a_field_is_printed_as_text(case, expert, konselor):
    typed = "<script>alert(1)</script><b>x</b>"
    referral = build_referral(case, expert, konselor, problem_summary=typed, expert_report=typed)
    expert.name = "<i>Ahli</i>"
    expert.save()
    html = render_html("documents/referral_cover_letter.html", documents.cover_letter_context(referral))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>" not in html and "<i>Ahli</i>" not in html
    for pdf in [documents.cover_letter_pdf(referral), documents.report_pdf(referral)]:
        text = pdf_text(pdf)
        assert typed in text
        assert "<i>Ahli</i>" in text


@pytest.mark.r10
@pytest.mark.s20
def test_documents_read_no_file_outside_static_and_media_and_nothing_from_the_network():
    fetcher = LocalFetcher()
    for url in ["file:///etc/passwd", "http://127.0.0.1/", "https://example.org/logo.png"]:
        with pytest.raises(ValueError):
            fetcher.fetch(url)


@pytest.mark.r10
@pytest.mark.s19
def test_pdf_response_is_a_pdf_shown_inline_and_never_cached():
    response = pdf_response(b"%PDF-1.7 test", "surat-pengantar-ATK-2026-0001.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="surat-pengantar-ATK-2026-0001.pdf"'
    assert "no-store" in response["Cache-Control"]
    attached = pdf_response(b"%PDF-1.7 test", "rekap.pdf", attachment=True)
    assert attached["Content-Disposition"].startswith("attachment;")


# The ATK report --------------------------------------------------------------------------------


@pytest.mark.r10
def test_report_carries_its_number_and_every_stage_of_the_referral(atk, case, expert, konselor, school, student):
    ExpertContact.objects.create(
        referral=atk,
        expert=atk.expert,
        contacted_on=datetime.date(2026, 11, 4),
        channel=ContactChannel.TELEPON,
        response=ContactResponse.TIDAK_ADA,
        by=konselor,
    )
    ExpertContact.objects.create(
        referral=atk,
        expert=atk.expert,
        contacted_on=datetime.date(2026, 11, 5),
        channel=ContactChannel.WHATSAPP,
        response=ContactResponse.POSITIF,
        note="Bersedia menerima Senin depan",
        by=konselor,
    )
    other = ExpertFactory(school=school, kind=ExpertKind.PSIKIATER, name="dr. Andi Wijaya", title="Sp.KJ")
    build_referral(case, other, konselor, code="ATK-2026-0002", previous=atk, stage=Stage.PERENCANAAN)
    atk.follow_up = FollowUp.ATK_BARU
    atk.save()
    flow = [Stage.PERENCANAAN, Stage.PELAKSANAAN, Stage.EVALUASI, Stage.ANALISIS]
    for from_stage, to_stage in zip(flow, flow[1:], strict=False):
        ReferralStageChange.objects.create(
            record=atk, action="advance", from_stage=from_stage, to_stage=to_stage, by=konselor, note="Lengkap"
        )
    text = pdf_text(documents.report_pdf(atk))
    for expected in [
        "LAPORAN ALIH TANGAN KASUS",
        f"Nomor: {REPORT_NUMBER}",
        "Semarang, 22 November 2026",
        "ATK-2026-0001",
        case.code,
        "I. Identitas Klien",
        student.full_name,
        "II. Perencanaan",
        "Pengentasan dan Pemahaman",
        "Masalah klien berada di luar kewenangan konselor.",
        "3 November 2026",
        "Tertulis dan ditandatangani",
        "WhatsApp / pesan",
        "Positif: ahli bersedia menerima klien",
        "Tidak ada jawaban",
        "Bersedia menerima Senin depan",
        "III. Pelaksanaan",
        "Orang tua dan wali kelas",
        "7 November 2026",
        "IV. Evaluasi",
        "dianjurkan latihan relaksasi",
        "Tidak ada",
        "V. Analisis Hasil Evaluasi",
        "Tuntas",
        "Keluhan utama teratasi.",
        "VI. Tindak Lanjut",
        "Alih tangan kasus baru kepada ahli lain",
        "ATK-2026-0002",
        "dr. Andi Wijaya, Sp.KJ",
        "VII. Pelaporan",
        "Riwayat Tahap",
        "Perencanaan → Pelaksanaan",
        "Evaluasi → Analisis hasil evaluasi",
        "Mengetahui,",
        f"NIP. {school.principal_nip}",
        f"NIP. {konselor.nip}",
    ]:
        assert expected in text, expected
