"""Courses and what hangs off them: components, resources, classes, enrollments, gradebook."""

from __future__ import annotations

import math
from dataclasses import dataclass

from timeback_emulator._seed._builder import Builder, District, json_string, ref
from timeback_emulator._seed._data import AWKWARD_IDS, CATEGORIES, CLASS_SIZE, SUBJECTS
from timeback_emulator.oneroster._records import assessment_line_item, assessment_result


def seed_categories(b: Builder) -> None:
    """Gradebook categories, district-wide."""
    for cat_id, title, weight in CATEGORIES:
        b.add(
            "categories",
            {"sourcedId": f"cat-{cat_id}", "title": title, "weight": weight, "metadata": None},
        )


@dataclass(frozen=True)
class _Course:
    sid: str
    band_name: str
    grade: str
    subject: str
    code: str
    subject_code: str

    @property
    def course_id(self) -> str:
        return f"crs-{self.sid}-{self.code.lower()}-{int(self.grade):02d}"

    @property
    def grade_label(self) -> str:
        return "Kindergarten" if self.grade == "0" else f"Grade {self.grade}"


def seed_courses(b: Builder, d: District) -> None:
    """Per school, grade with students and subject: a course, its outline, its classes."""
    for sid in d.school_ids:
        band_name, grades = d.school_band[sid]
        by_grade: dict[str, list[str]] = {}
        for uid, grade in d.per_school_students[sid]:
            by_grade.setdefault(grade, []).append(uid)
        teachers_here = d.school_teachers[sid] or d.teacher_ids
        d.teacher_cursor = 0
        for grade in grades:
            kids = by_grade.get(grade, [])
            if not kids:
                continue
            for subject, code, subject_code in SUBJECTS:
                course = _Course(sid, band_name, grade, subject, code, subject_code)
                resource_ids = _seed_outline(b, course)
                _seed_course(b, d, course, resource_ids)
                sections = max(1, math.ceil(len(kids) / CLASS_SIZE))
                ali_ids = _seed_assessment_line_items(b, course)
                for section in range(sections):
                    _seed_section(
                        b, d, course, section, sections, kids, teachers_here, ali_ids, resource_ids
                    )


def _seed_outline(b: Builder, course: _Course) -> list[str]:
    """Two units of two lessons, each lesson with one resource; the resource ids."""
    course_id, subject, grade_label = course.course_id, course.subject, course.grade_label
    resource_ids: list[str] = []
    for unit in (1, 2):
        unit_id = f"cc-{course_id}-u{unit}"
        b.add(
            "courseComponents",
            {
                "sourcedId": unit_id,
                "title": f"Unit {unit}",
                "course": ref(course_id, "course"),
                "parent": None,
                "sortOrder": unit,
                "unlockDate": b.day(14 + (unit - 1) * 60),
                "prerequisites": [f"cc-{course_id}-u{unit - 1}"] if unit > 1 else [],
                "prerequisiteCriteria": "ALL" if unit > 1 else None,
                "metadata": None,
            },
        )
        for lesson in (1, 2):
            lesson_id = f"{unit_id}-l{lesson}"
            resource_id = f"rsc-{course_id}-u{unit}-l{lesson}"
            resource_ids.append(resource_id)
            kind = ("video", "qti", "text", "interactive")[(unit + lesson) % 4]
            b.add(
                "courseComponents",
                {
                    "sourcedId": lesson_id,
                    "title": f"Lesson {unit}.{lesson}",
                    "course": ref(course_id, "course"),
                    "parent": ref(unit_id, "courseComponent"),
                    "sortOrder": lesson,
                    "unlockDate": b.day(14 + (unit - 1) * 60 + lesson * 7),
                    "prerequisites": [],
                    "prerequisiteCriteria": None,
                    "metadata": None,
                },
            )
            b.add(
                "resources",
                {
                    "sourcedId": resource_id,
                    "title": f"{subject} {grade_label} Lesson {unit}.{lesson}",
                    "roles": ["primary"],
                    "importance": "primary",
                    "vendorResourceId": f"VR-{course_id}-{unit}{lesson}",
                    "vendorId": "springfield-content",
                    "applicationId": None,
                    "metadata": {"type": kind, "xp": 10 * lesson},
                },
            )
            b.add(
                "componentResources",
                {
                    "sourcedId": f"cr-{lesson_id}",
                    "title": f"Lesson {unit}.{lesson} material",
                    "courseComponent": ref(lesson_id, "courseComponent"),
                    "resource": ref(resource_id, "resource"),
                    "sortOrder": 1,
                    "lessonType": ("quiz", "powerpath-100", "test-out", None)[lesson % 4],
                    "metadata": None,
                },
            )
    return resource_ids


def _seed_course(b: Builder, d: District, course: _Course, resource_ids: list[str]) -> None:
    course_id, subject, grade_label = course.course_id, course.subject, course.grade_label
    sid, grade, code, subject_code = course.sid, course.grade, course.code, course.subject_code
    band_name, year_of = course.band_name, d.year_of
    b.add(
        "courses",
        {
            "sourcedId": course_id,
            "title": f"{subject} {grade_label}",
            "courseCode": f"{code}-{int(grade):02d}",
            "org": ref(sid, "org"),
            "schoolYear": ref(year_of[sid], "academicSession"),
            "academicSession": ref(year_of[sid], "academicSession"),
            "grades": [grade],
            "subjects": [subject],
            "subjectCodes": [subject_code],
            "level": band_name,
            "gradingScheme": "percentage",
            "resources": [ref(r, "resource") for r in resource_ids],
            "metadata": None,
        },
    )


def _seed_assessment_line_items(b: Builder, course: _Course) -> list[str]:
    """One unit test per unit of the course; their ids."""
    course_id, subject, grade_label = course.course_id, course.subject, course.grade_label
    ali_ids = []
    for unit in (1, 2):
        ali_id = f"ali-{course_id}-u{unit}"
        ali_ids.append(ali_id)
        b.add(
            "assessmentLineItems",
            assessment_line_item(
                ali_id,
                f"{subject} {grade_label} Unit {unit} Test",
                component=ref(f"cc-{course_id}-u{unit}", "courseComponent"),
                component_resource=None,
                course=ref(course_id, "course"),
                metadata=None,
            ),
        )
    return ali_ids


def _seed_section(
    b: Builder,
    d: District,
    course: _Course,
    section: int,
    sections: int,
    kids: list[str],
    teachers_here: list[str],
    ali_ids: list[str],
    resource_ids: list[str],
) -> None:
    """One class of the course: its teacher and students, score scale, line items, results."""
    class_id = f"cls-{course.course_id}-{section + 1}"
    members = kids[section::sections]
    teacher = teachers_here[d.teacher_cursor % len(teachers_here)]
    d.teacher_cursor += 1
    _seed_class(b, d, course, class_id, section, resource_ids)
    _seed_enrollments(b, d, course, class_id, teacher, members)
    _seed_gradebook(b, d, course, class_id, section, members, ali_ids)
    if d.first_class_with_students is None and members:
        plain = [m for m in members if m not in AWKWARD_IDS]
        if plain:
            d.first_class_with_students = (class_id, course.course_id, plain[0], teacher)


def _seed_class(
    b: Builder,
    d: District,
    course: _Course,
    class_id: str,
    section: int,
    resource_ids: list[str],
) -> None:
    """The class record, and the course's score scale with its first section."""
    course_id, subject, grade_label = course.course_id, course.subject, course.grade_label
    sid, grade, code, subject_code = course.sid, course.grade, course.code, course.subject_code
    term_ids, teacher_cursor, scale_id = d.terms_of[sid], d.teacher_cursor, f"ss-{course_id}"
    b.add(
        "classes",
        {
            "sourcedId": class_id,
            "title": f"{subject} {grade_label} - Section {section + 1}",
            "classCode": f"{code}{int(grade):02d}-{section + 1}",
            "classType": "homeroom"
            if (subject == "Math" and grade in ("0", "1", "2"))
            else "scheduled",
            "location": f"Room {100 + (teacher_cursor % 40)}",
            "course": ref(course_id, "course"),
            "school": ref(sid, "org"),
            "terms": [ref(t, "academicSession") for t in term_ids],
            "grades": [grade],
            "subjects": [subject],
            "subjectCodes": [subject_code],
            "periods": [str(1 + (teacher_cursor % 7))],
            "resources": [ref(resource_ids[0], "resource")],
            "metadata": None,
        },
    )
    if section == 0:
        b.add(
            "scoreScales",
            {
                "sourcedId": scale_id,
                "title": "Letter grade",
                "type": "letter",
                "class": ref(class_id, "class"),
                "course": ref(course_id, "course"),
                "scoreScaleValue": [
                    {
                        "itemValueLHS": lo,
                        "itemValueRHS": hi,
                        "value": letter,
                        "description": f"{letter} ({lo}-{hi})",
                    }
                    for lo, hi, letter in (
                        ("90", "100", "A"),
                        ("80", "89", "B"),
                        ("70", "79", "C"),
                        ("0", "69", "F"),
                    )
                ],
                "metadata": None,
            },
        )


def _seed_enrollments(
    b: Builder, d: District, course: _Course, class_id: str, teacher: str, members: list[str]
) -> None:
    """The teacher's enrollment, then one per student (pre-encoded: there are many)."""
    sid, enrollment_no = course.sid, d.enrollment_no
    enrollment_no += 1
    b.add_encoded(
        "enrollments",
        {
            "sourcedId": f"enr-{enrollment_no:07d}",
            "role": "teacher",
            "primary": "true",
            "beginDate": b.day(14),
            "endDate": b.day(304),
            "user": ref(teacher, "user"),
            "class": ref(class_id, "class"),
            "school": ref(sid, "org"),
            "metadata": None,
        },
    )
    begin = b.day(14)
    class_ref, school_ref = ref(class_id, "class"), ref(sid, "org")
    tail = (
        f',"class":{{"sourcedId":{json_string(class_id)},"type":"class"}},"school":'
        f'{{"sourcedId":{json_string(sid)},"type":"org"}},"metadata":null,'
        '"status":"active","dateLastModified":'
    )
    for uid in members:
        enrollment_no += 1
        enr_id = f"enr-{enrollment_no:07d}"
        stamp = b.modified()
        doc = {
            "sourcedId": enr_id,
            "role": "student",
            "primary": "false",
            "beginDate": begin,
            "endDate": None,
            "user": ref(uid, "user"),
            "class": class_ref,
            "school": school_ref,
            "metadata": None,
            "status": "active",
            "dateLastModified": stamp,
        }
        text = (
            f'{{"sourcedId":"{enr_id}","role":"student","primary":"false",'
            f'"beginDate":"{begin}","endDate":null,"user":{{"sourcedId":'
            f'{json_string(uid)},"type":"user"}}{tail}"{stamp}"}}'
        )
        b.add_encoded("enrollments", doc, text)
    d.enrollment_no = enrollment_no


def _seed_gradebook(
    b: Builder,
    d: District,
    course: _Course,
    class_id: str,
    section: int,
    members: list[str],
    ali_ids: list[str],
) -> None:
    """A homework and a quiz per class; results of the homework and of the first unit test in
    the course's first section."""
    rng, below = b.rng, b.below
    course_id, subject, grade_label = course.course_id, course.subject, course.grade_label
    sid, term_ids, periods_of = course.sid, d.terms_of[course.sid], d.periods_of
    scale_id, result_no = f"ss-{course_id}", d.result_no
    # Gradebook: a homework and a quiz per class; results for the homework.
    term = term_ids[0]
    gp = periods_of[term][0]
    line_ids = []
    for li_no, (cat_id, cat_title, _w) in enumerate(CATEGORIES[:2], start=1):
        li_id = f"li-{class_id}-{li_no}"
        line_ids.append(li_id)
        b.add(
            "lineItems",
            {
                "sourcedId": li_id,
                "title": f"Unit 1 {cat_title}",
                "description": f"{cat_title} for {subject} {grade_label}",
                "assignDate": b.moment(20 + 7 * li_no),
                "dueDate": b.moment(27 + 7 * li_no, 23),
                "class": ref(class_id, "class"),
                "school": ref(sid, "org"),
                "category": ref(f"cat-{cat_id}", "category"),
                "gradingPeriod": ref(gp, "academicSession"),
                "academicSession": ref(term, "academicSession"),
                "scoreScale": ref(scale_id, "scoreScale"),
                "resultValueMin": 0,
                "resultValueMax": 100,
                "metadata": None,
            },
        )
    # Results of the homework in the first section of each course.
    for uid in members if section == 0 else ():
        result_no += 1
        score = 40 + int(rng.random() * 61)
        late = rng.random() < 0.1
        b.add(
            "results",
            {
                "sourcedId": f"res-{result_no:07d}",
                "lineItem": ref(line_ids[0], "lineItem"),
                "student": ref(uid, "user"),
                "class": ref(class_id, "class"),
                "scoreScale": ref(scale_id, "scoreScale"),
                "scoreStatus": "fully graded" if score > 45 else "submitted",
                "score": score,
                "textScore": None,
                "scoreDate": b.moment(35, 15),
                "comment": None,
                "inProgress": "false",
                "incomplete": "false",
                "late": "true" if late else "false",
                "missing": "false",
                "metadata": None,
            },
        )
    if section == 0:
        for uid in members[:10]:
            result_no += 1
            score = 30 + below(71)
            b.add(
                "assessmentResults",
                assessment_result(
                    f"ar-{result_no:07d}",
                    line_item=ref(ali_ids[0], "assessmentLineItem"),
                    student=ref(uid, "user"),
                    score=score,
                    score_date=b.moment(70, 11),
                    metadata={
                        "totalQuestions": 20,
                        "correctQuestions": score // 5,
                        "accuracy": score,
                        "xp": score // 2,
                    },
                    with_percentile=True,
                ),
            )
    d.result_no = result_no
