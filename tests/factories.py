"""Test data builders. Records are built through the models; use services where a test is about them."""

import datetime

import factory
from django.contrib.auth import get_user_model

from bkcase import numbering
from bkcase.models import Case, Category, Membership, Role, School, Student
from referrals.models import Expert, ExpertKind

PASSWORD = "kata-sandi-uji-2026"


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"SMA Negeri {n + 1} Uji Coba")
    # not 3010xxxx: the `school` fixture's NPSN is 30100999, which the 1,000th school made in a run would take
    npsn = factory.Sequence(lambda n: f"{40100000 + n}")
    address = "Jl. Pendidikan No. 1"
    city = "Semarang"
    principal_name = "Drs. Hartono, M.Pd."
    principal_nip = "196701011990031001"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.KONSELOR


class StudentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Student

    school = factory.SubFactory(SchoolFactory)
    nis = factory.Sequence(lambda n: f"{1000 + n}")
    full_name = factory.Faker("name", locale="id_ID")
    sex = "P"
    class_name = "XI IPA 1"
    date_of_birth = datetime.date(2009, 5, 17)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    counselor = factory.SubFactory(MembershipFactory)
    school = factory.SelfAttribute("counselor.school")
    student = factory.SubFactory(StudentFactory, school=factory.SelfAttribute("..school"))
    category = Category.BELAJAR
    title = "Nilai menurun"
    description = "Catatan konseling yang rahasia."
    opened_on = datetime.date(2026, 11, 2)
    code = factory.LazyAttribute(lambda o: numbering.next_code(school=o.school, prefix="KS", on=o.opened_on))


class ExpertFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expert

    school = factory.SubFactory(SchoolFactory)
    kind = ExpertKind.PSIKOLOG
    name = factory.Faker("name", locale="id_ID")
    institution = "Biro Psikologi Harapan"


def school_year(school, start_year=2026, *, current=True):
    from bkcase.models import SchoolYear

    return SchoolYear.objects.get_or_create(school=school, start_year=start_year, defaults={"is_current": current})[0]


def school_class(year, name="XI IPA 2", *, counselor=None, homeroom_teacher=None):
    from bkcase.models import SchoolClass, parse_class_name

    level, major, parallel, name = parse_class_name(name)
    return SchoolClass.objects.create(school=year.school, year=year, level=level, major=major, parallel=parallel,
                                      name=name, counselor=counselor, homeroom_teacher=homeroom_teacher)


def enrol(student, school_class):
    from bkcase.models import Enrolment

    return Enrolment.objects.create(student=student, year=school_class.year, school_class=school_class)


def bulk_referrals(counselor, expert, count, *, prefix="MASSAL"):
    """`count` referrals of `counselor` to `expert`, each on a case of its own student, in bulk
    (three INSERTs): for recaps of district size."""
    from referrals.models import Referral

    school = counselor.school
    students = Student.objects.bulk_create(
        Student(school=school, nis=f"{prefix}{n:05d}", full_name=f"Siswa {prefix.title()} {n:05d}", sex="L",
                class_name="X-1", date_of_birth=datetime.date(2010, 1, 1))
        for n in range(count)
    )
    cases = Case.objects.bulk_create(
        Case(school=school, student=student, counselor=counselor, category=Category.PRIBADI, title="Kasus massal",
             description="-", opened_on=datetime.date(2026, 11, 2), code=f"KS-{prefix}-{n:05d}")
        for n, student in enumerate(students)
    )
    return Referral.objects.bulk_create(
        Referral(school=school, case=case, code=f"ATK-{prefix}-{n:05d}", expert=expert, created_by=counselor,
                 problem_summary="Rujukan massal.", functions=["pengentasan"])
        for n, case in enumerate(cases)
    )
