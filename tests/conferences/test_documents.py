"""The four documents of a case conference rendered for real (R10): the invitation, the attendance list,
the minutes and the report. Text is read back from the PDF with pypdf, so the assertions are on what
the reader sees. R5: the documents name the case by its code, never the student, unless the counselor
chose to show the name."""

import datetime
from io import BytesIO

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from bkcase.documents import render_html
from bkcase.workflow import Stage
from conferences import documents
from conferences.models import (
    ActionItem,
    ActionStatus,
    Approval,
    Conference,
    ConferenceDocument,
    ConferenceStageChange,
    DocumentKind,
    InformationTopic,
    Participant,
    ParticipantInformation,
)

NUMBERS = {
    DocumentKind.UNDANGAN: "005/BK/30100999/XI/2026",
    DocumentKind.DAFTAR_HADIR: "006/BK/30100999/XI/2026",
    DocumentKind.NOTULEN: "007/BK/30100999/XI/2026",
    DocumentKind.LAPORAN: "012/BK/30100999/XII/2026",
}
ISSUED = {
    DocumentKind.UNDANGAN: datetime.date(2026, 11, 16),
    DocumentKind.DAFTAR_HADIR: datetime.date(2026, 11, 16),
    DocumentKind.NOTULEN: datetime.date(2026, 11, 23),
    DocumentKind.LAPORAN: datetime.date(2026, 12, 4),
}
CODE = "KK-2026-0001"


def pdf_pages(pdf):
    """The text of each page, whitespace collapsed (a phrase may wrap across lines)."""
    assert pdf.startswith(b"%PDF-")
    return [" ".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def pdf_text(pdf):
    return "\n".join(pdf_pages(pdf))


def build_conference(case, cast, **fields):
    """A conference saved straight through the ORM, held and reported, with every stage's data."""
    values = {
        "code": CODE,
        "stage": Stage.PELAPORAN,
        "topic": "Sering membolos dan menarik diri dari teman sekelas",
        "initiative": "wali_kelas",
        "convener": "kepala",
        "leader": cast["konselor"],
        "held_on": datetime.date(2026, 11, 23),
        "starts_at": datetime.time(9, 0),
        "place": "Ruang BK",
        "consent_on": datetime.date(2026, 11, 10),
        "consent_method": "tertulis",
        "guardian_consent_on": datetime.date(2026, 11, 10),
        "guardian_consent_method": "tatap_muka",
        "guardian_consent_by": "Bapak Joko, ayah kandung",
        "approval": Approval.APPROVED,
        "approval_decided_by": cast["kepala"],
        "approval_decided_at": timezone.make_aware(datetime.datetime(2026, 11, 13, 10, 0)),
        "approval_comment": "Disetujui; undang juga guru matematika.",
        "minutes_opening": "Pemimpin menyampaikan tujuan konferensi dan mengingatkan asas kerahasiaan.",
        "minutes_counselor_data": "Klien absen 12 hari dalam dua bulan terakhir.\nNilai harian menurun.",
        "minutes_positive_sides": "Klien rajin beribadah dan berbakat menggambar.",
        "minutes_background": "Kurang perhatian di rumah sejak orang tua bekerja di luar kota.",
        "minutes_leader_conclusion": "Latar belakang yang mungkin: kesepian dan kurang pengawasan di rumah.",
        "meaningful_data": True,
        "evaluation_note": "Diperoleh data tentang kegiatan klien setelah pulang sekolah.",
        "analysis_note": "Konferensi membantu menyusun rencana pendampingan bersama.",
        "report_filed_on": datetime.date(2026, 12, 4),
        "created_by": cast["konselor"],
    }
    values.update(fields)
    return Conference.objects.create(school=case.school, case=case, **values)


def issue(conference, kind):
    """The number the service layer gives a document when it is first printed (kept for reprints)."""
    document, _created = ConferenceDocument.objects.get_or_create(
        conference=conference, kind=kind, defaults={"number": NUMBERS[kind], "issued_on": ISSUED[kind]}
    )
    return document


@pytest.fixture
def kk(case, cast):
    student = case.student
    student.place_of_birth = "Kendal"
    student.guardian_name = "Bambang Sutrisno"
    student.guardian_phone = "0812-1111-2222"
    student.address = "Jl. Melati No. 7"
    student.save()
    cast["konselor"].phone = "0812-3456-7890"
    cast["konselor"].save()
    conference = build_conference(case, cast)
    people = [
        ("a", "orang_tua", "Sri Wahyuni", "", True, True),
        ("a", "wakasek", "Drs. Joko Santoso", "SMA Negeri 1 Uji", True, True),
        ("a", "wali_kelas", "Ani Lestari, S.Pd.", "SMA Negeri 1 Uji", True, True),
        ("b", "psikolog", "Nurul Fadhilah, M.Psi., Psikolog", "Biro Psikologi Harapan", False, None),
        ("b", "polisi", "Aiptu Suryadi", "Polsek Semarang Tengah", True, True),
    ]
    for group, role, name, institution, attended, committed in people:
        Participant.objects.create(
            conference=conference,
            group=group,
            role=role,
            name=name,
            institution=institution,
            invited_on=datetime.date(2026, 11, 16),
            acknowledged_at=timezone.now(),
            acknowledged_how="signed",
            attended=attended,
            views=f"Pandangan {name.split()[0]} tentang latar belakang." if attended else "",
            commitment=f"Komitmen {name.split()[0]} untuk membantu klien." if attended else "",
            committed=committed,
        )
    return conference


def participant(conference, role):
    return conference.participants.get(role=role)


def all_pdfs(conference):
    return {
        "undangan": documents.invitation_pdf(conference, issue(conference, DocumentKind.UNDANGAN)),
        "undangan pribadi": documents.invitation_pdf(
            conference, issue(conference, DocumentKind.UNDANGAN), conference.participants.first()
        ),
        "daftar hadir": documents.attendance_pdf(conference, issue(conference, DocumentKind.DAFTAR_HADIR)),
        "notulen": documents.minutes_pdf(conference, issue(conference, DocumentKind.NOTULEN)),
        "laporan": documents.report_pdf(conference, issue(conference, DocumentKind.LAPORAN)),
    }


# Every document --------------------------------------------------------------------------------


@pytest.mark.r10
@pytest.mark.r5
def test_every_page_of_every_document_says_rahasia_shows_the_conference_code_and_is_numbered(kk):
    for name, pdf in all_pdfs(kk).items():
        pages = pdf_pages(pdf)
        for number, text in enumerate(pages, start=1):
            assert "RAHASIA" in text, (name, number)
            assert CODE in text, (name, number)
            assert f"Halaman {number} dari {len(pages)}" in text, (name, number)


@pytest.mark.r10
def test_every_document_carries_its_letter_number_and_the_case_code(kk, case):
    pdfs = all_pdfs(kk)
    for name, kind in [
        ("undangan", DocumentKind.UNDANGAN),
        ("undangan pribadi", DocumentKind.UNDANGAN),
        ("daftar hadir", DocumentKind.DAFTAR_HADIR),
        ("notulen", DocumentKind.NOTULEN),
        ("laporan", DocumentKind.LAPORAN),
    ]:
        text = pdf_text(pdfs[name])
        assert NUMBERS[kind] in text, name
        assert case.code in text, name
        assert "SMA NEGERI 1 UJI" in text, name


@pytest.mark.r5
def test_no_document_names_the_student_unless_the_counselor_chose_to(kk, student):
    assert not kk.show_student_name
    secrets = [student.full_name, student.nis, "17 Mei 2009", "Kendal", "Bambang Sutrisno", "0812-1111-2222", "Melati"]
    for name, pdf in all_pdfs(kk).items():
        text = pdf_text(pdf)
        for secret in secrets:
            assert secret not in text, (name, secret)


@pytest.mark.r5
def test_the_invitation_and_the_report_name_the_student_when_the_counselor_chose_to(kk, student):
    kk.show_student_name = True
    kk.save()
    pdfs = all_pdfs(kk)
    for name in ["undangan", "undangan pribadi", "laporan"]:
        assert student.full_name in pdf_text(pdfs[name]), name
    assert f"NIS {student.nis}" in pdf_text(pdfs["laporan"])
    for name, pdf in pdfs.items():
        text = pdf_text(pdf)
        for secret in ["17 Mei 2009", "Bambang Sutrisno", "0812-1111-2222", "Melati"]:
            assert secret not in text, (name, secret)


@pytest.mark.r10
def test_documents_are_in_indonesian_whatever_the_screen_language(kk):
    with translation.override("en"):
        pdfs = all_pdfs(kk)
        assert translation.get_language() == "en"
    invitation, report = pdf_text(pdfs["undangan"]), pdf_text(pdfs["laporan"])
    for expected in ["Senin, 23 November 2026", "Orang tua atau wali", "Polisi", "Psikolog"]:
        assert expected in invitation, expected
    for expected in ["Wali kelas", "Kepala sekolah", "Tertulis dan ditandatangani", "Disetujui kepala sekolah"]:
        assert expected in report, expected


@pytest.mark.r10
def test_a_document_number_of_another_kind_or_conference_is_refused(kk, case, cast):
    minutes = issue(kk, DocumentKind.NOTULEN)
    with pytest.raises(ValueError):
        documents.report_pdf(kk, minutes)
    other = build_conference(case, cast, code="KK-2026-0002")
    with pytest.raises(ValueError):
        documents.minutes_pdf(other, minutes)
    outsider = Participant.objects.create(conference=other, group="a", role="guru", name="Guru Lain")
    with pytest.raises(ValueError):
        documents.invitation_pdf(kk, issue(kk, DocumentKind.UNDANGAN), outsider)


@pytest.mark.r10
@pytest.mark.s20
def test_html_typed_into_a_field_is_printed_as_text(case, cast):
    typed = "<script>alert(1)</script><b>x</b>"
    conference = build_conference(
        case, cast, topic=typed, place="<i>Ruang</i>", minutes_opening=typed, minutes_leader_conclusion=typed
    )
    someone = Participant.objects.create(
        conference=conference, group="a", role="guru", name="<u>Guru</u>", attended=True, views=typed, committed=True
    )
    ParticipantInformation.objects.create(conference=conference, participant=someone, topic="hobi", text=typed)
    ActionItem.objects.create(
        conference=conference, responsible=someone, what=typed, due_on=datetime.date(2026, 12, 1), technique=typed
    )
    html = render_html(
        "documents/conference_minutes.html",
        documents.minutes_context(conference, issue(conference, DocumentKind.NOTULEN)),
    )
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;x&lt;/b&gt;" in html
    assert "<script>" not in html and "<u>Guru</u>" not in html and "<i>Ruang</i>" not in html
    for pdf in all_pdfs(conference).values():
        text = pdf_text(pdf)
        assert typed in text
        assert "<u>Guru</u>" in text


# The invitation --------------------------------------------------------------------------------


@pytest.mark.r10
def test_personal_invitation_names_the_participant_and_the_closed_confidential_meeting(kk, case):
    parent = participant(kk, "orang_tua")
    document = issue(kk, DocumentKind.UNDANGAN)
    text = pdf_text(documents.invitation_pdf(kk, document, participant(kk, "psikolog")))
    for expected in [
        f"Nomor : {NUMBERS[DocumentKind.UNDANGAN]}",
        "Semarang, 16 November 2026",
        "Perihal : Undangan Konferensi Kasus",
        "Kepada Yth.",
        "Nurul Fadhilah, M.Psi., Psikolog (Psikolog)",
        "Biro Psikologi Harapan",
        "Senin, 23 November 2026",
        "09.00 WIB",
        "Ruang BK",
        "Sering membolos dan menarik diri dari teman sekelas",
        CODE,
        case.code,
        "tertutup dan rahasia",
        "kerahasiaan",
        "bukan pada nama dan identitas peserta didik",
        "Rina Uji",
        "0812-3456-7890",
    ]:
        assert expected in text, expected
    assert parent.name not in text
    assert "daftar terlampir" not in text


@pytest.mark.r10
def test_invitation_to_all_participants_lists_them_as_an_attachment(kk):
    pages = pdf_pages(documents.invitation_pdf(kk, issue(kk, DocumentKind.UNDANGAN)))
    assert len(pages) == 2
    assert "Bapak/Ibu peserta Konferensi Kasus (daftar terlampir)" in pages[0]
    assert "1 (satu) lembar daftar peserta" in pages[0]
    attachment = pages[1]
    assert f"DAFTAR PESERTA KONFERENSI KASUS {CODE}" in attachment
    assert NUMBERS[DocumentKind.UNDANGAN] in attachment
    for person in kk.participants.all():
        assert person.name in attachment
    for expected in ["Orang tua atau wali", "Wakil kepala sekolah", "Biro Psikologi Harapan", "Polsek Semarang Tengah"]:
        assert expected in attachment, expected


@pytest.mark.r10
def test_invitation_convened_by_the_principal_is_signed_by_the_principal_alone(kk, school):
    text = pdf_text(documents.invitation_pdf(kk, issue(kk, DocumentKind.UNDANGAN), participant(kk, "wakasek")))
    for expected in ["Hormat kami, Kepala Sekolah", school.principal_name, f"NIP. {school.principal_nip}"]:
        assert expected in text, expected
    assert "Mengetahui" not in text


@pytest.mark.r10
def test_invitation_convened_by_the_coordinator_is_signed_by_the_coordinator_known_to_the_principal(kk, school, cast):
    kk.convener = "koordinator"
    kk.save()
    text = pdf_text(documents.invitation_pdf(kk, issue(kk, DocumentKind.UNDANGAN), participant(kk, "wakasek")))
    for expected in [
        "Mengetahui,",
        "Kepala Sekolah",
        school.principal_name,
        f"NIP. {school.principal_nip}",
        "Koordinator BK",
        cast["koordinator"].display_name,
        "NIP. -",
    ]:
        assert expected in text, expected


# The attendance list ---------------------------------------------------------------------------


@pytest.mark.r10
def test_attendance_list_has_a_signing_row_per_participant_and_three_empty_rows(kk):
    document = issue(kk, DocumentKind.DAFTAR_HADIR)
    context = documents.attendance_context(kk, document)
    html = render_html("documents/conference_attendance.html", context)
    assert html.count('<td class="sign">') == kk.participants.count() + 3 == 8
    text = pdf_text(documents.attendance_pdf(kk, document))
    for expected in [
        "DAFTAR HADIR KONFERENSI KASUS",
        f"Nomor: {NUMBERS[DocumentKind.DAFTAR_HADIR]}",
        "Senin, 23 November 2026",
        "09.00 WIB",
        "Ruang BK",
        "Sering membolos dan menarik diri dari teman sekelas",
        "No. Nama Peran / Jabatan Instansi Tanda Tangan",
    ]:
        assert expected in text, expected
    for number, person in enumerate(kk.participants.all(), start=1):
        assert f"{number} {person.name}" in text


@pytest.mark.r10
def test_attendance_list_is_signed_by_the_leader_known_to_the_principal(kk, school, konselor):
    text = pdf_text(documents.attendance_pdf(kk, issue(kk, DocumentKind.DAFTAR_HADIR)))
    for expected in [
        "Mengetahui,",
        "Kepala Sekolah",
        f"NIP. {school.principal_nip}",
        "Semarang, 23 November 2026",
        "Pemimpin Konferensi",
        konselor.display_name,
        f"NIP. {konselor.nip}",
    ]:
        assert expected in text, expected


# The minutes -----------------------------------------------------------------------------------


@pytest.mark.r10
def test_minutes_follow_the_seeds_steps_a_to_g_with_each_contribution_attributed(kk, school, konselor):
    psikolog, wali = participant(kk, "psikolog"), participant(kk, "wali_kelas")
    ParticipantInformation.objects.create(
        conference=kk, participant=wali, topic=InformationTopic.PRESTASI, text="Juara dua lomba poster."
    )
    ParticipantInformation.objects.create(
        conference=kk,
        participant=participant(kk, "orang_tua"),
        topic=InformationTopic.KELUARGA,
        text="Tinggal dengan nenek.",
    )
    ParticipantInformation.objects.create(
        conference=kk, participant=wali, topic=InformationTopic.KELUARGA, text="Jarang dijemput orang tua."
    )
    text = pdf_text(documents.minutes_pdf(kk, issue(kk, DocumentKind.NOTULEN)))
    for expected in [
        "NOTULEN / BERITA ACARA KONFERENSI KASUS",
        f"Nomor: {NUMBERS[DocumentKind.NOTULEN]}",
        "Senin, 23 November 2026",
        "09.00 WIB",
        "Pemimpin konferensi : Rina Uji",
        "5 orang (4 orang hadir, 1 orang tidak hadir)",
        "a. Pembukaan",
        kk.minutes_opening,
        "b. Data yang disampaikan konselor",
        "Klien absen 12 hari dalam dua bulan terakhir. Nilai harian menurun.",
        "c. Informasi tambahan dari peserta",
        "Prestasi Juara dua lomba poster. (Ani Lestari, S.Pd., Wali kelas)",
        "Keluarga Tinggal dengan nenek. (Sri Wahyuni, Orang tua atau wali) "
        "Jarang dijemput orang tua. (Ani Lestari, S.Pd., Wali kelas)",
        "d. Kesimpulan sementara",
        "Sisi positif klien",
        kk.minutes_positive_sides,
        "Latar belakang timbulnya masalah",
        kk.minutes_background,
        "e. Pandangan peserta",
        "Pandangan Drs. tentang latar belakang. (Drs. Joko Santoso, Wakil kepala sekolah)",
        "f. Kesimpulan pemimpin",
        kk.minutes_leader_conclusion,
        "g. Komitmen peserta",
        "Komitmen Aiptu untuk membantu klien.",
        "Daftar kehadiran peserta",
        f"{psikolog.name} Psikolog Biro Psikologi Harapan Tidak hadir",
        "Pemimpin Konferensi / Notulis",
        f"NIP. {konselor.nip}",
    ]:
        assert expected in text, expected
    # The commitments are those of the participants present: the absent psychologist made none.
    commitments = text[text.index("g. Komitmen peserta") : text.index("Daftar kehadiran peserta")]
    assert psikolog.name not in commitments
    assert commitments.count(" Ya ") + commitments.endswith(" Ya") == 4


# The report ------------------------------------------------------------------------------------


@pytest.fixture
def followed_up(kk, konselor):
    wali, parent = participant(kk, "wali_kelas"), participant(kk, "orang_tua")
    ActionItem.objects.create(
        conference=kk,
        responsible=wali,
        what="Memantau kehadiran klien setiap hari",
        due_on=datetime.date(2026, 12, 15),
        where="Kelas XI IPA 1",
        technique="Pencatatan presensi harian",
        status=ActionStatus.DONE,
        completion_note="Kehadiran membaik.",
        completed_on=datetime.date(2026, 12, 1),
    )
    ActionItem.objects.create(
        conference=kk,
        responsible=parent,
        what="Mendampingi belajar di rumah",
        due_on=datetime.date(2027, 1, 8),
        where="Rumah",
        technique="Jadwal belajar bersama",
    )
    flow = [Stage.PERENCANAAN, Stage.PELAKSANAAN, Stage.EVALUASI, Stage.ANALISIS, Stage.TINDAK_LANJUT, Stage.PELAPORAN]
    for from_stage, to_stage in zip(flow, flow[1:], strict=False):
        ConferenceStageChange.objects.create(
            record=kk, action="advance", from_stage=from_stage, to_stage=to_stage, by=konselor, note="Lengkap"
        )
    return kk


@pytest.mark.r10
def test_report_lists_identity_approval_summary_and_action_items_with_indonesian_due_dates(followed_up, case, school):
    text = pdf_text(documents.report_pdf(followed_up, issue(followed_up, DocumentKind.LAPORAN)))
    for expected in [
        "LAPORAN KONFERENSI KASUS",
        f"Nomor: {NUMBERS[DocumentKind.LAPORAN]}",
        f"Kode kasus : {case.code} (Belajar)",
        "Pemimpin konferensi : Rina Uji",
        "Konselor : Rina Uji",
        "Senin, 23 November 2026",
        "Ruang BK",
        "Atas prakarsa : Wali kelas",
        "Pengundang : Kepala sekolah",
        "Persetujuan siswa : 10 November 2026",
        "Persetujuan orang tua / wali : 10 November 2026",
        "oleh Bapak Joko, ayah kandung",
        "Disetujui kepala sekolah, oleh Sri Uji pada 13 November 2026",
        "Disetujui; undang juga guru matematika.",
        "4 dari 5 peserta hadir",
        followed_up.minutes_background,
        followed_up.minutes_leader_conclusion,
        followed_up.evaluation_note,
        followed_up.analysis_note,
        "V. Tindak Lanjut",
        "Siapa Apa Kapan Di mana Teknik Status Catatan",
        "Memantau kehadiran klien setiap hari 15 Desember 2026 Kelas XI IPA 1 Pencatatan presensi harian Selesai",
        "Kehadiran membaik.",
        "Mendampingi belajar di rumah 8 Januari 2027 Rumah Jadwal belajar bersama Terbuka",
        "Laporan diarsipkan pada : 4 Desember 2026",
        "Riwayat Tahap",
        "Perencanaan → Pelaksanaan",
        "Tindak lanjut → Pelaporan",
        "Semarang, 4 Desember 2026",
        "Mengetahui,",
        "Kepala Sekolah",
        f"NIP. {school.principal_nip}",
        "Pemimpin Konferensi",
    ]:
        assert expected in text, expected


@pytest.mark.r10
def test_report_judges_success_by_the_seeds_criterion(followed_up):
    document = issue(followed_up, DocumentKind.LAPORAN)
    text = pdf_text(documents.report_pdf(followed_up, document))
    assert "Hasil konferensi : Berhasil" in text
    assert "Data tambahan yang berarti : Ya" in text
    assert "4 dari 4 peserta berkomitmen" in text
    assert "data atau keterangan tambahan yang amat berarti" in text
    assert "komitmen seluruh peserta yang hadir" in text
    police = participant(followed_up, "polisi")
    police.committed = False
    police.save()
    text = pdf_text(documents.report_pdf(followed_up, document))
    assert "Hasil konferensi : Belum berhasil" in text
    assert "3 dari 4 peserta berkomitmen" in text


# Issue 11: faithful to the seeds ----------------------------------------------------------------


@pytest.mark.r4
@pytest.mark.r10
def test_invitation_convened_by_the_counselor_is_signed_by_the_counselor_known_to_the_principal(kk, school, konselor):
    kk.convener = "konselor"
    kk.save()
    text = pdf_text(documents.invitation_pdf(kk, issue(kk, DocumentKind.UNDANGAN), participant(kk, "wakasek")))
    closing = text[text.index("Demikian undangan"):]
    for expected in [
        "Mengetahui,",
        "Kepala Sekolah",
        school.principal_name,
        f"NIP. {school.principal_nip}",
        "Hormat kami, Guru BK / Konselor",
        konselor.display_name,
        f"NIP. {konselor.nip}",
    ]:
        assert expected in closing, expected
    assert "Koordinator BK" not in closing


@pytest.mark.r4
@pytest.mark.r10
def test_report_prints_why_the_conference_and_the_functions_it_serves(followed_up):
    followed_up.reason = "Konseling individual tiga kali belum berhasil; perlu keterangan keluarga."
    followed_up.functions = ["informasi", "solusi", "advokasi"]
    followed_up.save()
    text = pdf_text(documents.report_pdf(followed_up, issue(followed_up, DocumentKind.LAPORAN)))
    for expected in [
        "Mengapa konferensi kasus : Konseling individual tiga kali belum berhasil; perlu keterangan keluarga.",
        "Fungsi yang dilayani : Menambah informasi tentang klien; Menemukan solusi bagi masalah klien; Advokasi",
    ]:
        assert expected in text, expected


@pytest.mark.r7
@pytest.mark.r10
def test_report_history_names_every_event_with_its_comment(kk, konselor, cast):
    kepala = cast["kepala"]
    for action, by, note in [
        ("request", konselor, ""),
        ("decline", kepala, "Undang guru agama lebih dulu."),
        ("request", konselor, ""),
        ("approve", kepala, "Disetujui; undang juga guru matematika."),
    ]:
        ConferenceStageChange.objects.create(record=kk, action=action, from_stage=Stage.PERENCANAAN,
                                             to_stage=Stage.PERENCANAAN, by=by, note=note)
    ConferenceStageChange.objects.create(record=kk, action="advance", from_stage=Stage.PERENCANAAN,
                                         to_stage=Stage.PELAKSANAAN, by=konselor)
    text = pdf_text(documents.report_pdf(kk, issue(kk, DocumentKind.LAPORAN)))
    history = text[text.index("Riwayat Tahap"):text.index("Demikian laporan")]
    assert "Perencanaan → Perencanaan" not in history
    assert history.count("Persetujuan diajukan, oleh Rina Uji.") == 2
    assert "Ditolak, oleh Sri Uji. Undang guru agama lebih dulu." in history
    assert "Disetujui, oleh Sri Uji. Disetujui; undang juga guru matematika." in history
    assert "Perencanaan → Pelaksanaan, oleh Rina Uji." in history


def test_a_stage_history_line_by_a_name_ending_in_a_degree_ends_with_one_period():
    import datetime as dt

    from django.template.loader import render_to_string

    at = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    html = render_to_string("documents/_stage_history.html", {"history": [
        {"at": at, "event": "Persetujuan diajukan", "by": "Rina Kartikasari, S.Pd.", "note": ""},
        {"at": at, "event": "Disetujui", "by": "Sri Uji", "note": ""},
    ]})
    assert "oleh Rina Kartikasari, S.Pd.</p>" in html and "S.Pd.." not in html
    assert "oleh Sri Uji.</p>" in html
