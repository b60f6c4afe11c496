"""What an import would do: for each row of the file, create, update or leave the student alone, and
every row's problems (row number, column, what is wrong) — worked out before anything is written.

The plan reads the school's students, the year's classes and enrolments in three queries, whatever
the number of rows. Students are matched by NISN, else by NIS (R14).
"""

import hashlib
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from bkcase.models import Enrolment, SchoolClass, Student

from .columns import BY_KEY, CellError, read_cell

# the student's fields an import writes, in the order a change is named
STUDENT_FIELDS = ("full_name", "nis", "nisn", "sex", "place_of_birth", "date_of_birth", "class_name",
                  "guardian_name", "guardian_relation", "guardian_phone", "address", "active")


@dataclass
class Problem:
    row: int  # as the spreadsheet numbers it
    column: str  # the column's header in the file
    message: str


@dataclass
class RowPlan:
    row: int
    action: str  # create, update, unchanged
    values: dict
    school_class: tuple  # (level, major, parallel, name)
    student: Student | None = None
    changes: list = field(default_factory=list)


@dataclass
class Plan:
    rows: list
    problems: list
    missing: list  # active students of the school the file does not hold
    new_classes: list  # names of the classes the import adds to the year

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self):
        return {"create": self.count("create"), "update": self.count("update"),
                "unchanged": self.count("unchanged"), "missing": len(self.missing)}

    @property
    def digest(self):
        """What the plan would do, in one value: an import writes only what its preview showed."""
        content = hashlib.sha256()
        for row in self.rows:
            content.update(f"{row.row}:{row.action}:{row.student.pk if row.student else '-'}:"
                           f"{','.join(row.changes)}|".encode())
        content.update(",".join(map(str, sorted(self.missing))).encode())
        return content.hexdigest()[:32]


def _cells(row, mapping, headers):
    values, problems = {}, []
    for key, index in mapping.items():
        raw = row[index] if index < len(row) else None
        try:
            values[key] = read_cell(key, raw)
        except CellError as error:
            header = headers[index] if index < len(headers) and str(headers[index] or "").strip() else BY_KEY[key].label
            problems.append((key, str(header), error.message))
    return values, problems


def _guardian(values):
    for key, relation in (("guardian_name", _("Guardian")), ("father_name", _("Father")),
                          ("mother_name", _("Mother"))):
        if values.get(key):
            return values[key], str(relation)
    return "", ""


def build_plan(*, students, year, rows, header_index, mapping, progress=None):
    """The plan for the data rows after `header_index`. `students` are the school's students (as the
    importer may see them); `mapping` is {column key: index}."""
    headers = rows[header_index] if rows else []
    existing = list(students.only(*STUDENT_FIELDS[:-1], "active", "school_id", "version"))
    by_nisn = {s.nisn: s for s in existing if s.nisn}
    by_nis = {s.nis: s for s in existing}
    classes = {c.name: c for c in SchoolClass.objects.filter(year=year)} if year else {}
    enrolled = dict(Enrolment.objects.filter(year=year).values_list("student_id", "school_class__name")) if year else {}

    plan = Plan(rows=[], problems=[], missing=[], new_classes=[])
    seen_nis, seen_nisn, seen_student = {}, {}, {}
    data_rows = rows[header_index + 1:]
    column_of = {key: str(headers[index]) if index < len(headers) and headers[index] else str(BY_KEY[key].label)
                 for key, index in mapping.items()}
    for offset, row in enumerate(data_rows):
        number = header_index + offset + 2
        if progress and offset % 200 == 0:
            progress(offset, len(data_rows))
        if not any(cell is not None and str(cell).strip() for cell in row):
            continue
        values, cell_problems = _cells(row, mapping, headers)
        problems = [Problem(number, column, message) for _key, column, message in cell_problems]
        failed = {key for key, _column, _message in cell_problems}
        nis, nisn = values.get("nis", ""), values.get("nisn", "")
        if nis and nis in seen_nis:
            problems.append(Problem(number, column_of["nis"], _("NIS %(nis)s is also on row %(row)s.") % {
                "nis": nis, "row": seen_nis[nis]}))
        if nisn and nisn in seen_nisn:
            problems.append(Problem(number, column_of["nisn"], _("NISN %(nisn)s is also on row %(row)s.") % {
                "nisn": nisn, "row": seen_nisn[nisn]}))
        seen_nis.setdefault(nis, number) if nis else None
        seen_nisn.setdefault(nisn, number) if nisn else None
        student = _match(values, by_nisn, by_nis, number, column_of, problems if "nis" not in failed else [])
        if student is not None and student.pk in seen_student and not problems:
            problems.append(Problem(number, column_of.get("nisn") or column_of.get("nis", ""),
                                    _("This is the same student as on row %(row)s.") % {
                                        "row": seen_student[student.pk]}))
        if student is not None:
            seen_student.setdefault(student.pk, number)
        if problems:
            plan.problems.extend(problems)
            continue
        level_major_parallel = values.pop("class_name")
        values["class_name"] = level_major_parallel[3]
        values["guardian_name"], values["guardian_relation"] = _guardian(values)
        for key in ("father_name", "mother_name"):
            values.pop(key, None)
        if level_major_parallel[3] not in classes and level_major_parallel[3] not in plan.new_classes:
            plan.new_classes.append(level_major_parallel[3])
        plan.rows.append(_row_plan(number, student, values, level_major_parallel, enrolled))
    if progress:
        progress(len(data_rows), len(data_rows))
    matched = {row.student.pk for row in plan.rows if row.student is not None} | set(seen_student)
    plan.missing = sorted(s.pk for s in existing if s.active and s.pk not in matched)
    return plan


def _match(values, by_nisn, by_nis, number, column_of, problems):
    """The existing student the row is: by NISN, else by NIS (R14); a row whose NISN and NIS name two
    different students is a problem."""
    nis, nisn = values.get("nis", ""), values.get("nisn", "")
    found_nisn = by_nisn.get(nisn) if nisn else None
    found_nis = by_nis.get(nis) if nis else None
    if found_nisn and found_nis and found_nisn.pk != found_nis.pk:
        problems.append(Problem(number, column_of["nis"], _(
            "NISN %(nisn)s belongs to %(a)s, but NIS %(nis)s to another student, %(b)s.") % {
            "nisn": nisn, "nis": nis, "a": found_nisn.full_name, "b": found_nis.full_name}))
        return None
    if found_nisn is None and found_nis is not None and nisn and found_nis.nisn and found_nis.nisn != nisn:
        problems.append(Problem(number, column_of["nisn"], _(
            "NIS %(nis)s is %(name)s, whose NISN is %(their)s, not %(nisn)s.") % {
            "nis": nis, "name": found_nis.full_name, "their": found_nis.nisn, "nisn": nisn}))
        return None
    student = found_nisn or found_nis
    if student is None and not nis:
        problems.append(Problem(number, column_of.get("nis") or str(BY_KEY["nis"].label),
                                _("Empty: a new student needs an NIS.")))
    return student


def _row_plan(number, student, values, school_class, enrolled):
    if student is None:
        return RowPlan(number, "create", {**values, "active": True}, school_class)
    # a blank cell keeps what the school already holds
    wanted = {key: value for key, value in values.items() if value not in ("", None)}
    if not wanted.get("guardian_name"):
        wanted.pop("guardian_relation", None)
    wanted["active"] = True
    changes = [key for key in STUDENT_FIELDS if key in wanted and getattr(student, key) != wanted[key]]
    if enrolled.get(student.pk) != school_class[3] and "class_name" not in changes:
        changes.append("class_name")
    return RowPlan(number, "update" if changes else "unchanged", wanted, school_class, student, changes)
