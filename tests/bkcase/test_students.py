"""The student roster: finding, adding and editing students."""

import pytest
from django.urls import reverse

from bkcase.models import Student

from ..factories import StudentFactory

VALID = {
    "nis": "2024555",
    "nisn": "0091234567",
    "full_name": "Putri Ayu Lestari",
    "sex": "P",
    "place_of_birth": "Semarang",
    "date_of_birth": "2009-03-14",
    "class_name": "X-2",
    "homeroom_teacher": "Suparmi, S.Pd.",
    "guardian_name": "Slamet",
    "guardian_relation": "Ayah",
    "guardian_phone": "0812-1111-2222",
    "address": "Jl. Mawar 3",
    "active": "on",
}


def test_counselor_finds_a_student_by_name_or_nis(client_for, school):
    StudentFactory(school=school, full_name="Bagus Wicaksono", nis="2024001")
    StudentFactory(school=school, full_name="Citra Dewi", nis="2024002")
    client = client_for("konselor")
    by_name = client.post(reverse("student_list"), {"q": "bagus"}, follow=True).content.decode()
    assert "Bagus Wicaksono" in by_name and "Citra Dewi" not in by_name
    by_nis = client.post(reverse("student_list"), {"q": "2024002"}, follow=True).content.decode()
    assert "Citra Dewi" in by_nis and "Bagus Wicaksono" not in by_nis


def test_student_list_is_paginated(client_for, school, settings):
    settings.PAGE_SIZE = 5
    for i in range(12):
        StudentFactory(school=school, full_name=f"Siswa {i:02d}")
    response = client_for("koordinator").get(reverse("student_list"), {"page": 3})
    assert len(response.context["page_obj"]) == 2
    assert "Siswa 11" in response.content.decode()


def test_operator_adds_a_student(client_for, school):
    response = client_for("operator").post(reverse("student_create"), VALID)
    student = Student.objects.get(nis="2024555")
    assert response.status_code == 302 and response.url == reverse("student_detail", args=[student.pk])
    assert student.school == school and student.full_name == "Putri Ayu Lestari"


def test_a_duplicate_nis_in_one_school_is_refused_with_the_input_kept(client_for, school):
    StudentFactory(school=school, nis="2024555")
    response = client_for("konselor").post(reverse("student_create"), VALID)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Siswa dengan NIS ini sudah ada di sekolah ini." in page
    assert 'value="Putri Ayu Lestari"' in page
    assert Student.objects.filter(nis="2024555").count() == 1


def test_the_same_nis_is_fine_in_another_school(client_for, other_school):
    StudentFactory(school=other_school, nis="2024555")
    client_for("konselor").post(reverse("student_create"), VALID)
    assert Student.objects.filter(nis="2024555").count() == 2


def test_an_invalid_form_re_renders_with_indonesian_messages(client_for):
    data = {**VALID, "nis": "abc", "full_name": "", "date_of_birth": "2999-01-01"}
    response = client_for("konselor").post(reverse("student_create"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Gunakan angka saja." in page
    assert "Bidang ini tidak boleh kosong." in page
    assert "Tanggal lahir tidak boleh di masa depan." in page
    assert not Student.objects.exists()


@pytest.mark.s4
def test_the_principal_reads_but_does_not_edit_students(client_for, student):
    client = client_for("kepala")
    assert client.get(reverse("student_detail", args=[student.pk])).status_code == 200
    assert client.post(reverse("student_edit", args=[student.pk]), {**VALID, "nis": student.nis}).status_code == 403
    assert client.post(reverse("student_create"), VALID).status_code == 403


@pytest.mark.s5
def test_a_forged_school_field_cannot_move_a_student(client_for, student, other_school):
    client_for("konselor").post(
        reverse("student_edit", args=[student.pk]),
        {**VALID, "nis": student.nis, "school": other_school.pk, "version": student.version},
    )
    student.refresh_from_db()
    assert student.school_id != other_school.pk
    assert student.full_name == "Putri Ayu Lestari"


@pytest.mark.s12
def test_a_stale_student_edit_is_refused_with_the_input_kept(client_for, student, konselor):
    from bkcase import services

    seen = student.version
    services.student_update(student=student, by=konselor, version=seen, class_name="XII IPA 1")
    response = client_for("koordinator").post(
        reverse("student_edit", args=[student.pk]), {**VALID, "nis": student.nis, "version": seen}
    )
    page = response.content.decode()
    assert "Orang lain menyimpan perubahan pada siswa ini" in page and 'value="Putri Ayu Lestari"' in page
    student.refresh_from_db()
    assert student.class_name == "XII IPA 1" and student.full_name == "Siti Rahmawati"
