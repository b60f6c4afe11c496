"""The demo school's current school year, its classes (from the demo students' classes) and the
counselors' classes: X for `konselor`, XI and XII for `konselor2`; `walikelas` is the homeroom teacher
of X 1 (R14). Loading again changes nothing."""

from django.utils import timezone

from bkcase.models import Case, Enrolment, SchoolClass, SchoolYear, parse_class_name


def current_start_year(today=None):
    today = today or timezone.localdate()
    return today.year if today.month >= 7 else today.year - 1


def load(demo):
    school, members, students = demo["school"], demo["members"], demo["students"]
    year = SchoolYear.objects.filter(school=school, is_current=True).first()
    if year is None:
        year, _ = SchoolYear.objects.get_or_create(school=school, start_year=current_start_year(),
                                                   defaults={"is_current": True})
    counselors = {10: members["konselor"], 11: members["konselor2"], 12: members["konselor2"]}
    for student in students:
        level, major, parallel, name = parse_class_name(student.class_name)
        school_class, _ = SchoolClass.objects.get_or_create(
            year=year, name=name,
            defaults={"school": school, "level": level, "major": major, "parallel": parallel,
                      "counselor": counselors.get(level),
                      "homeroom_teacher": members["walikelas"] if name == "X 1" else None})
        Enrolment.objects.get_or_create(student=student, year=year, defaults={"school_class": school_class})
    # the demo's cases belong to this year and to their student's class of it
    for case in Case.objects.filter(school=school, school_year__isnull=True).select_related("student"):
        enrolment = Enrolment.objects.filter(student=case.student, year=year).first()
        case.school_year, case.school_class = year, enrolment.school_class if enrolment else None
        case.save(update_fields=["school_year", "school_class"])
    demo["year"] = year
