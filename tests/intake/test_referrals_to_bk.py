"""Teachers refer students to BK (R15): it lands in the inbox of the student's counselor and of the
coordinator; the counselor accepts it (a case recording where it came from, or an open case) or
answers it; the teacher sees only its status and the counselor's name."""

import pytest
from django.urls import reverse

from bkcase import services as case_services
from bkcase.models import Case, CaseSource
from intake.models import BkReferral

from ..factories import StudentFactory
from .conftest import refer

pytestmark = pytest.mark.r15


def teacher_client(client, who):
    client.force_login(who.user)
    return client


def test_a_homeroom_teacher_refers_a_student_of_their_class_to_its_counselor(client, walikelas, pupil, client_for):
    page = teacher_client(client, walikelas).post(reverse("intake:mine"), {
        "student": pupil.pk, "observed": "Sering melamun di kelas.", "observed_since": "2026-11-02",
        "already_done": "Sudah diajak bicara.", "urgency": "segera"}, follow=True).content.decode()
    referral = BkReferral.objects.get()
    assert (referral.teacher, referral.counselor.user.username, referral.teacher_kind) == (
        walikelas, "konselor", CaseSource.WALI_KELAS)
    assert "Andi Pratama" in page and "diterima" in page and "Rina Uji" in page
    # in the inbox of the class's counselor and of the coordinator, not of another counselor
    assert "Andi Pratama" in client_for("konselor").get(reverse("home")).content.decode()
    assert "Andi Pratama" in client_for("koordinator").get(reverse("intake:inbox")).content.decode()
    assert "Andi Pratama" not in client_for("konselor_lain").get(reverse("intake:inbox")).content.decode()
    assert client_for("konselor_lain").get(reverse("intake:detail", args=[referral.pk])).status_code == 404


def test_a_homeroom_teacher_finds_their_class_first_in_the_form(client, walikelas, pupil, school):
    StudentFactory(school=school, full_name="Aaron Lain Kelas", class_name="X 1")
    page = teacher_client(client, walikelas).get(reverse("intake:mine")).content.decode()
    own = page.index('<optgroup label="Kelas Anda">')
    assert own < page.index("Andi Pratama") < page.index('<optgroup label="Siswa lain">') < page.index("Aaron Lain")


def test_a_subject_teacher_refers_any_student_and_the_case_says_so(guru_mapel, pupil, cast):
    referral = refer(guru_mapel, pupil)
    assert referral.teacher_kind == CaseSource.GURU_MAPEL
    from intake import services

    accepted = services.bk_referral_accept(by=cast["konselor"], referral=referral, version=referral.version,
                                           category="belajar", title="Tidak mengerjakan tugas")
    assert accepted.case.source == CaseSource.GURU_MAPEL


def test_the_counselor_accepts_by_opening_a_case_and_the_teacher_sees_only_the_status(
        client, client_for, walikelas, pupil, cast):
    referral = refer(walikelas, pupil)
    counselor = client_for("konselor")
    response = counselor.post(reverse("intake:accept", args=[referral.pk]), {
        "case": "", "category": "pribadi", "title": "Sering melamun", "version": referral.version})
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == reverse("case_detail", args=[case.pk])
    assert (case.source, case.counselor, case.student) == (CaseSource.WALI_KELAS, cast["konselor"], pupil)
    case_page = counselor.get(response.url).content.decode()
    assert "Wali kelas" in case_page and "Sering melamun dan tidak mengerjakan tugas." in case_page
    # the referral stands in the case's chronology (R12)
    assert "dirujuk ke BK oleh Wati Uji (wali kelas)" in case_page

    teacher = teacher_client(client, walikelas)
    page = teacher.get(reverse("intake:mine")).content.decode()
    row = page[page.index(f'data-referral="{referral.pk}"'):]
    row = row[:row.index("</tr>")]
    assert "sedang ditangani" in row and "Rina Uji" in row
    for secret in (case.code, "Pribadi", "Sering melamun</", case.title):
        assert secret not in page
    case_services.case_close(case=case, by=cast["konselor"], version=None, closed_on=None, closing_note="Selesai.",
                                no_laijapan_reason="Klien lulus.")
    assert "ditutup" in teacher.get(reverse("intake:mine")).content.decode()


def test_the_counselor_adds_a_referral_to_an_open_case_of_the_student(client_for, walikelas, pupil, cast):
    case = case_services.case_open(by=cast["konselor"], student=pupil, category="belajar", title="Nilai turun")
    referral = refer(walikelas, pupil)
    response = client_for("konselor").post(reverse("intake:accept", args=[referral.pk]), {
        "case": case.pk, "version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.case == case and Case.objects.count() == 1


def test_an_answered_referral_is_closed_for_the_teacher_who_never_reads_the_answer(
        client, client_for, walikelas, pupil):
    referral = refer(walikelas, pupil)
    client_for("konselor").post(reverse("intake:answer", args=[referral.pk]), {
        "answer": "Ditangani wali kelas dengan pendekatan pribadi.", "version": referral.version})
    referral.refresh_from_db()
    assert referral.answered_at is not None and referral.case is None
    page = teacher_client(client, walikelas).get(reverse("intake:mine")).content.decode()
    assert "ditutup" in page and "pendekatan pribadi" not in page


def test_a_referral_is_accepted_or_answered_once(client_for, walikelas, pupil):
    referral = refer(walikelas, pupil)
    client = client_for("konselor")
    client.post(reverse("intake:answer", args=[referral.pk]), {"answer": "Sudah.", "version": referral.version})
    response = client.post(reverse("intake:accept", args=[referral.pk]), {
        "case": "", "category": "pribadi", "title": "x", "version": referral.version + 1})
    assert response.status_code == 400 and Case.objects.count() == 0


def test_without_an_assigned_counselor_the_referral_waits_for_the_coordinator(client_for, school, walikelas):
    loose = StudentFactory(school=school, full_name="Tanpa Kelas")
    referral = refer(walikelas, loose)
    assert referral.counselor is None
    assert "Tanpa Kelas" in client_for("koordinator").get(reverse("home")).content.decode()
    assert "Tanpa Kelas" not in client_for("konselor").get(reverse("home")).content.decode()


def test_a_teacher_cannot_refer_a_student_of_another_school(client, walikelas, other_school):
    foreign = StudentFactory(school=other_school)
    response = teacher_client(client, walikelas).post(reverse("intake:mine"), {
        "student": foreign.pk, "observed": "x", "observed_since": "2026-11-02", "urgency": "biasa"})
    assert response.status_code == 400 and BkReferral.objects.count() == 0


@pytest.mark.r14
def test_the_coordinator_names_a_classes_homeroom_teacher_whose_referrals_then_count_as_the_homeroom_teachers(
        client_for, cast, guru_mapel, pupil, classroom):
    response = client_for("koordinator").post(reverse("classes"), {
        "year": classroom.year_id, f"class-{classroom.pk}": cast["konselor"].pk,
        f"homeroom-{classroom.pk}": guru_mapel.pk})
    assert response.status_code == 302
    classroom.refresh_from_db()
    assert classroom.homeroom_teacher == guru_mapel
    assert refer(guru_mapel, pupil).teacher_kind == CaseSource.WALI_KELAS
    # only a teacher can be a class's homeroom teacher
    response = client_for("koordinator").post(reverse("classes"), {
        "year": classroom.year_id, f"class-{classroom.pk}": cast["konselor"].pk,
        f"homeroom-{classroom.pk}": cast["konselor_lain"].pk})
    assert response.status_code == 400


def test_a_stale_accept_is_refused_with_the_input_kept(client_for, walikelas, pupil):
    referral = refer(walikelas, pupil)
    from intake import services

    services.bk_referral_answer(by=referral.counselor, referral=referral, version=referral.version, answer="Sudah.")
    response = client_for("koordinator").post(reverse("intake:accept", args=[referral.pk]), {
        "case": "", "category": "pribadi", "title": "Judul yang saya ketik", "version": referral.version})
    page = response.content.decode()
    assert response.status_code == 400 and "Judul yang saya ketik" in page
    assert "Orang lain menyimpan" in page and Case.objects.count() == 0


@pytest.mark.s25
def test_the_operator_creates_a_teacher_like_other_accounts_and_the_principal_confirms_it(cast):
    from bkcase import accounts
    from bkcase.models import Role

    teacher = accounts.staff_create(by=cast["operator"], username="bu_guru", password="Kata-Sandi-Guru-2026",
                                    role=Role.GURU, first_name="Ani")
    # invited to a conference a teacher reads it: the role waits for the principal (S25)
    assert (teacher.active, teacher.pending_role) == (False, Role.GURU)


