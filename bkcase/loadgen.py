"""A district-sized data set for measuring bkcase (`manage.py generate_load_data`): many schools,
each with staff, students and cases, made with bulk inserts. Each app adds its records in its own
`loadgen.py` (a `generate(world, rng)` function), so the core names no app."""

import datetime
import random
from importlib import import_module

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from .demo import DEMO_PASSWORD, STUDENT_NAMES
from .models import (
    AuditEvent,
    Case,
    Category,
    Counter,
    Enrolment,
    Membership,
    Role,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    Student,
    parse_class_name,
)

BATCH = 2000
CLASS_NAMES = ["X-1", "X-2", "XI IPA 1", "XII IPS 2"]


def _app_generators():
    for config in apps.get_app_configs():
        if config.name == "bkcase":
            continue
        try:
            yield import_module(f"{config.name}.loadgen")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.loadgen":
                raise


def _classes_of_this_year(school, pupils, counselors, today):
    """The school's current year (in its current semester), its classes (each with a counselor, R14)
    and every student's enrolment in the class of their class name: {class name: class}."""
    year = SchoolYear.objects.create(school=school, start_year=today.year if today.month >= 7 else today.year - 1,
                                     semester=Semester.GANJIL if today.month >= 7 else Semester.GENAP, is_current=True)
    classes = {}
    for n, name in enumerate(CLASS_NAMES):
        level, major, parallel, name = parse_class_name(name)
        classes[CLASS_NAMES[n]] = SchoolClass.objects.create(
            school=school, year=year, level=level, major=major, parallel=parallel, name=name,
            counselor=counselors[n % len(counselors)])
    Enrolment.objects.bulk_create([Enrolment(student=s, year=year, school_class=classes[s.class_name])
                                   for s in pupils], batch_size=BATCH)
    return classes


def generate(*, schools, students, case_share=0.15, seed=1, first_npsn=70000000, log=print):
    """Create `schools` schools of `students` students each. Returns the totals per model."""
    rng = random.Random(seed)
    password = make_password(DEMO_PASSWORD)
    generators = list(_app_generators())
    today = timezone.localdate()
    for index in range(schools):
        npsn = str(first_npsn + index)
        with transaction.atomic():
            school = School.objects.create(
                npsn=npsn, name=f"SMA Negeri {index + 1} Kabupaten Uji", address=f"Jl. Pendidikan No. {index + 1}",
                city="Kabupaten Uji", principal_name=f"Kepala Sekolah {index + 1}", principal_nip="196801011990031001",
            )
            staff = [(Role.KONSELOR, 3), (Role.KOORDINATOR, 1), (Role.KEPALA, 1), (Role.PESERTA, 5), (Role.OPERATOR, 1)]
            users = get_user_model().objects.bulk_create([
                get_user_model()(username=f"{npsn}-{role}{n}", password=password, first_name=role.label[:30],
                                 last_name=str(n))
                for role, count in staff for n in range(count)
            ])
            roles = [role for role, count in staff for _ in range(count)]
            members = Membership.objects.bulk_create(
                [Membership(user=u, school=school, role=r) for u, r in zip(users, roles, strict=True)]
            )
            by_role = {role: [m for m in members if m.role == role] for role, _ in staff}
            pupils = Student.objects.bulk_create([
                Student(school=school, nis=str(100000 + n), full_name=f"{rng.choice(STUDENT_NAMES)[0]} {n}",
                        sex=rng.choice("LP"), class_name=rng.choice(CLASS_NAMES),
                        date_of_birth=datetime.date(2008 + n % 3, 1 + n % 12, 1 + n % 28))
                for n in range(students)
            ], batch_size=BATCH)
            classes = _classes_of_this_year(school, pupils, by_role[Role.KONSELOR], today)
            counselors = by_role[Role.KONSELOR] + by_role[Role.KOORDINATOR]
            chosen = rng.sample(pupils, int(len(pupils) * case_share))
            cases = [
                Case(school=school, code=f"KS-{today.year}-{n + 1:04d}", student=s, counselor=rng.choice(counselors),
                     category=rng.choice(Category.values), title=f"Masalah {n + 1}", description="Catatan konseling.",
                     opened_on=today - datetime.timedelta(days=rng.randint(1, 300)), created_by=by_role[Role.KOORDINATOR][0])
                for n, s in enumerate(chosen)
            ]
            for case in cases:  # opened this school year: in the student's class, as case_open records it
                school_class = classes[case.student.class_name]
                if case.opened_on >= school_class.year.starts_on:
                    case.school_year, case.school_class = school_class.year, school_class
            cases = Case.objects.bulk_create(cases, batch_size=BATCH)
            Counter.objects.create(school=school, key=f"KS-{today.year}", value=len(cases))
            AuditEvent.objects.bulk_create([
                AuditEvent(user_id=c.counselor.user_id, username=c.counselor.user.username, role=c.counselor.role,
                           school=school, action=AuditEvent.Action.VIEW, object_type="bkcase.case",
                           object_id=str(c.pk), student_id=c.student_id)
                for c in cases
            ], batch_size=BATCH)
            world = {"school": school, "members": by_role, "students": pupils, "cases": cases, "today": today}
            for generator in generators:
                generator.generate(world, rng)
        if (index + 1) % 10 == 0 or index + 1 == schools:
            log(f"{index + 1}/{schools} schools")
    if connection.vendor == "postgresql":
        # fresh statistics and visibility maps, as autovacuum would leave them some time after a bulk
        # load: the planner sees the district as it is, and no autovacuum of the new rows runs later,
        # in the middle of whatever is measured next (VACUUM runs outside a transaction only)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
