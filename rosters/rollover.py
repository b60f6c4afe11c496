"""The year roll-over (R14): at the start of a school year the coordinator moves every class up one
level (X → XI, XI → XII), marks the students of the last level graduated (inactive: never deleted),
and carries each class's counselor and homeroom teacher over, flagged for review. The roster import of the new year then
corrects whoever stayed down or changed class."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from bkcase import audit
from bkcase.access import teachers_of
from bkcase.exceptions import DomainError, NotAllowed, refuses_in_the_domain
from bkcase.models import Enrolment, SchoolClass, SchoolYear, Semester, class_name

from .access import can_roll_over, students_to_match


@dataclass
class RollOver:
    source: SchoolYear
    start_year: int
    promoted: list  # (class, name of the class it becomes, number of students)
    graduating: list  # (class, number of students)

    @property
    def moving(self):
        return sum(n for _c, _name, n in self.promoted)

    @property
    def graduates(self):
        return sum(n for _c, n in self.graduating)


@refuses_in_the_domain
def roll_over_plan(*, by):
    """What rolling the current year over would do, shown before it is done."""
    if not can_roll_over(by):
        raise NotAllowed(_("Only the BK coordinator rolls the school year over."))
    source = SchoolYear.current_of(by.school_id)
    if source is None:
        raise DomainError(_("There is no current school year to roll over."))
    if SchoolYear.objects.filter(school_id=by.school_id, start_year=source.start_year + 1).exists():
        raise DomainError(_("The school year %(year)s already exists: the roll-over was done.") % {
            "year": f"{source.start_year + 1}/{source.start_year + 2}"})
    classes = SchoolClass.objects.filter(year=source).select_related("counselor__user", "homeroom_teacher__user") \
        .order_by("level", "name")
    counts = {row["school_class"]: row["n"] for row in Enrolment.objects.filter(year=source, student__active=True)
              .values("school_class").annotate(n=Count("id"))}
    promoted, graduating = [], []
    for school_class in classes:
        n = counts.get(school_class.pk, 0)
        if school_class.is_final_level:
            graduating.append((school_class, n))
        else:
            promoted.append((school_class, class_name(school_class.level + 1, school_class.major,
                                                      school_class.parallel), n))
    return RollOver(source, source.start_year + 1, promoted, graduating)


@refuses_in_the_domain
def year_roll_over(*, by, source_year=None, expected_students=None):
    """Roll the current school year over: the next year becomes current with the classes moved up.
    `source_year` and `expected_students` are the year and the number of students (moving and
    graduating) the page showed: if either changed meanwhile (a second click), nothing is done."""
    with transaction.atomic():
        plan = roll_over_plan(by=by)
        if source_year is not None and source_year != plan.source.pk:
            raise DomainError(_("The school year was already rolled over."))
        if expected_students is not None and expected_students != plan.moving + plan.graduates:
            raise DomainError(_("The classes changed since you opened the page: look at the roll-over again."))
        source = plan.source
        SchoolYear.objects.filter(pk=source.pk).update(is_current=False, version=F("version") + 1)
        year = SchoolYear(school_id=by.school_id, start_year=plan.start_year, semester=Semester.GANJIL,
                          is_current=True)
        year.full_clean()
        year.save()
        # a homeroom teacher moves up with the class while they still teach at the school
        carried_teachers = set(teachers_of(by.school).filter(
            pk__in=[c.homeroom_teacher_id for c, _name, _n in plan.promoted if c.homeroom_teacher_id])
            .values_list("pk", flat=True))
        new_classes = {}
        for school_class, name, _n in plan.promoted:
            teacher_carried = school_class.homeroom_teacher_id in carried_teachers
            new_classes[school_class.pk] = SchoolClass.objects.create(
                school_id=by.school_id, year=year, level=school_class.level + 1, major=school_class.major,
                parallel=school_class.parallel, name=name, counselor=school_class.counselor,
                counselor_to_review=school_class.counselor_id is not None,
                homeroom_teacher_id=school_class.homeroom_teacher_id if teacher_carried else None,
                homeroom_teacher_to_review=teacher_carried)
        enrolments = Enrolment.objects.filter(year=source, student__active=True).select_related("student")
        moved, graduates, now = [], [], timezone.now()
        for enrolment in enrolments:
            target = new_classes.get(enrolment.school_class_id)
            if target is None:
                graduates.append(enrolment.student_id)
            else:
                moved.append(Enrolment(student_id=enrolment.student_id, year=year, school_class=target))
        Enrolment.objects.bulk_create(moved, batch_size=1000)
        students = students_to_match(by)
        for target in new_classes.values():
            students.filter(enrolments__school_class=target).update(class_name=target.name,
                                                                   version=F("version") + 1, updated_at=now)
        students.filter(pk__in=graduates).update(active=False, version=F("version") + 1, updated_at=now)
        audit.record(by=by, action=audit.Action.CREATE, obj=year, detail="roll-over")
        audit.record_for_students(by=by, action=audit.Action.CHANGE, object_type="bkcase.schoolyear",
                                  object_id=year.pk, student_ids=[e.student_id for e in moved] + graduates)
    return year, len(moved), len(graduates)
