"""Deterministic, realistic OneRoster seed data: one school district of any size.

:func:`seed_oneroster` writes a district org and its schools, academic sessions (school years,
terms, grading periods), courses with course components, component resources and resources,
classes, students, teachers, guardians (agents of students), administrators, enrollments,
demographics, gradebook categories, score scales, line items, results, assessment line items and
assessment results. The same ``seed`` gives the same data, ids and timestamps.

Some values are awkward on purpose (a family name ``O'Brien``, non-ASCII names, a few student ids
containing ``/ ? # % ' +`` and spaces) so that clients exercise escaping; they are listed in
:attr:`SeedSummary.awkward_user_ids`. The well-known ids of the summary are always plain.
"""

from __future__ import annotations

import functools
import gc
import json
import math
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from typing import Any

from timeback_emulator._store import Store

__all__ = ["SIZES", "SeedSummary", "seed_oneroster", "size_to_users"]

SIZES: dict[str, int] = {"tiny": 30, "small": 500, "district": 10_000}
MAX_USERS = 100_000

GIVEN_NAMES = (
    "Ava",
    "Liam",
    "Olivia",
    "Noah",
    "Emma",
    "Elijah",
    "Sophia",
    "Mateo",
    "Isabella",
    "Lucas",
    "Mia",
    "Amelia",
    "James",
    "Harper",
    "Benjamin",
    "Evelyn",
    "Henry",
    "Abigail",
    "Jack",
    "Emily",
    "Zoë",
    "José",
    "Chloé",
    "Łukasz",
    "Søren",
    "Amélie",
    "Björn",
    "Chiara",
    "Diego",
    "Élodie",
    "Fatima",
    "Hiroshi",
    "Ines",
    "Kwame",
    "Leilani",
    "Malik",
    "Nadia",
    "Omar",
    "Priya",
    "Ravi",
    "Siobhán",
    "Tomás",
    "Yuki",
    "Zainab",
    "Aaliyah",
    "Dmitri",
    "Ngozi",
    "Mei",
    "Anaïs",
    "Rafael",
)
FAMILY_NAMES = (
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "O'Brien",
    "D'Angelo",
    "Nguyễn",
    "Müller",
    "Núñez",
    "Ødegaard",
    "Kowalczyk",
    "Ó Súilleabháin",
    "Van der Berg",
    "Smith-Jones",
    "李",
    "Øster",
)
SUBJECTS = (
    ("Math", "MTH", "02052"),
    ("English Language Arts", "ELA", "01051"),
    ("Science", "SCI", "03051"),
    ("Social Studies", "SST", "04051"),
)
BANDS = (
    ("Elementary", ("0", "1", "2", "3", "4", "5")),
    ("Middle", ("6", "7", "8")),
    ("High", ("9", "10", "11", "12")),
)
SCHOOL_NAMES = (
    "Lincoln",
    "Washington",
    "Roosevelt",
    "Jefferson",
    "Madison",
    "Franklin",
    "Kennedy",
    "Hamilton",
    "Adams",
    "Jackson",
    "Monroe",
    "Grant",
    "Wilson",
    "Truman",
    "Harrison",
)
CATEGORIES = (("homework", "Homework", 0.2), ("quiz", "Quiz", 0.3), ("test", "Test", 0.5))
AWKWARD_IDS = (
    "usr/with/slashes",
    "usr?query=1&x",
    "usr#fragment",
    "usr%25percent",
    "usr'quote",
    "usr+plus",
    "usr with spaces",
)
CLASS_SIZE = 28


@dataclass
class SeedSummary:
    """What :func:`seed_oneroster` wrote: counts per collection and well-known ids."""

    users: int
    counts: dict[str, int]
    district_id: str
    school_id: str
    school_year_id: str
    term_id: str
    course_id: str
    class_id: str
    student_id: str
    student_email: str
    teacher_id: str
    guardian_id: str
    admin_id: str
    line_item_id: str
    resource_id: str
    awkward_user_ids: tuple[str, ...] = ()
    seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)


def size_to_users(size: str | int) -> int:
    """Number of users for a size name (``tiny``/``small``/``district``) or number.

    Raises:
        ValueError: Unknown name, or a number outside 5..100,000.
    """
    if isinstance(size, str):
        text = size.strip().lower()
        if text in SIZES:
            return SIZES[text]
        if not text.isdigit():
            raise ValueError(f"unknown seed size {size!r}; use tiny, small, district or a number")
        size = int(text)
    if isinstance(size, bool) or not 5 <= size <= MAX_USERS:
        raise ValueError(f"seed size must be between 5 and {MAX_USERS} users, not {size!r}")
    return size


def _stamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


@functools.cache
def _ref(sid: str, ref_type: str) -> dict[str, str]:
    # Shared (never mutated) reference objects: documents are encoded, not modified, later.
    return {"sourcedId": sid, "type": ref_type}


@functools.cache
def _json(text: str) -> str:
    return json.dumps(text)


@functools.cache
def _ascii(text: str) -> str:
    table = str.maketrans(
        "ëéèêáàäâãåóòöôõøúùüûíìïîñçłśžšýÉÓÚÍÑØÅ",
        "eeeeaaaaaaoooooouuuuiiiincszzsyEOUINOA",
    )
    cleaned = text.translate(table)
    return "".join(ch for ch in cleaned.lower() if ch.isascii() and ch.isalnum()) or "user"


class _Builder:
    def __init__(self, users: int, seed: int, today: date | None) -> None:
        self.n = users
        self.rng = random.Random(seed)
        start = today or date(2025, 8, 1)
        year_start = start.year if start.month >= 7 else start.year - 1
        self.year = year_start + 1
        self.year_start = date(year_start, 8, 1)
        self.base = datetime(year_start, 7, 1, tzinfo=timezone.utc)
        self.docs: dict[str, list[dict[str, Any]]] = {}
        self.encoded: dict[str, list[tuple[dict[str, Any], str]]] = {}
        self.counter = 0
        self.days: dict[int, str] = {}
        self.moments: dict[tuple[int, int], str] = {}
        self.pool = sorted(
            _stamp(self.base + timedelta(milliseconds=self.rng.randrange(60 * 86_400_000)))
            for _ in range(4099)
        )

    def add_encoded(self, collection: str, doc: dict[str, Any], text: str | None = None) -> None:
        """Queue a complete document with its JSON text (encoded here when not given)."""
        if text is None:
            doc.setdefault("status", "active")
            doc["dateLastModified"] = self.modified()
            text = json.dumps(doc, separators=(",", ":"))
        self.encoded.setdefault(collection, []).append((doc, text))

    def add(self, collection: str, doc: dict[str, Any]) -> dict[str, Any]:
        doc.setdefault("status", "active")
        doc["dateLastModified"] = self.modified()
        self.docs.setdefault(collection, []).append(doc)
        return doc

    def modified(self) -> str:
        """A modification time within 60 days after the base (from a precomputed pool)."""
        self.counter += 1
        return self.pool[(self.counter * 2_654_435_761) % len(self.pool)]

    def day(self, offset: int) -> str:
        text = self.days.get(offset)
        if text is None:
            text = self.days[offset] = (self.year_start + timedelta(days=offset)).isoformat()
        return text

    def moment(self, offset_days: int, hour: int = 9) -> str:
        text = self.moments.get((offset_days, hour))
        if text is None:
            base = datetime.combine(self.year_start, datetime.min.time(), tzinfo=timezone.utc)
            text = _stamp(base + timedelta(days=offset_days, hours=hour))
            self.moments[(offset_days, hour)] = text
        return text


def seed_oneroster(
    store: Store, size: str | int, *, seed: int = 0, today: date | None = None
) -> SeedSummary:
    """Write a deterministic school district into ``store``.

    Args:
        store: The store to fill (existing documents with the same ids are replaced).
        size: ``"tiny"`` (30 users), ``"small"`` (500), ``"district"`` (10,000) or a number of
            users (5 to 100,000).
        seed: Seed of the random generator: the same seed gives the same data.
        today: Date whose school year is generated (default: the 2025-2026 school year, so the
            data does not depend on the clock).

    Returns:
        Counts and well-known ids.

    Raises:
        ValueError: Invalid size.
    """
    started = time.perf_counter()
    n = size_to_users(size)
    # Hundreds of thousands of acyclic dicts: the cyclic GC only slows building them down.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _seed(store, n, seed, today, started)
    finally:
        if gc_was_enabled:
            gc.enable()


def _seed(store: Store, n: int, seed: int, today: date | None, started: float) -> SeedSummary:
    b = _Builder(n, seed, today)
    rng = b.rng
    random_float = rng.random

    def below(k: int) -> int:
        return int(random_float() * k)

    admins = max(1, n // 50)
    teachers = max(2, n * 8 // 100)
    guardians = max(1, n * 5 // 100)
    students = n - admins - teachers - guardians
    n_schools = max(2, min(200, n // 1000))

    # ---- orgs
    district_id = "dist-1"
    school_ids = [f"sch-{i + 1:03d}" for i in range(n_schools)]
    b.add(
        "orgs",
        {
            "sourcedId": district_id,
            "name": "Springfield Unified School District",
            "type": "district",
            "identifier": "SUSD",
            "parent": None,
            "children": [_ref(s, "org") for s in school_ids],
            "metadata": None,
        },
    )
    school_band: dict[str, tuple[str, tuple[str, ...]]] = {}
    for i, sid in enumerate(school_ids):
        band = BANDS[i % len(BANDS)]
        school_band[sid] = band
        name = f"{SCHOOL_NAMES[i % len(SCHOOL_NAMES)]} {band[0]} School"
        if i >= len(SCHOOL_NAMES):
            name += f" {i // len(SCHOOL_NAMES) + 1}"
        b.add(
            "orgs",
            {
                "sourcedId": sid,
                "name": name,
                "type": "school",
                "identifier": f"SCH{i + 1:03d}",
                "parent": _ref(district_id, "org"),
                "children": [],
                "metadata": {"gradeBand": band[0].lower()},
            },
        )

    # ---- academic sessions: per school a school year, two terms, two grading periods per term
    terms_of: dict[str, list[str]] = {}
    periods_of: dict[str, list[str]] = {}
    year_of: dict[str, str] = {}
    for sid in school_ids:
        year_id = f"as-{sid}-{b.year}"
        year_of[sid] = year_id
        term_ids = [f"term-{sid}-{b.year}-{t}" for t in (1, 2)]
        terms_of[sid] = term_ids
        term_spans = ((14, 153), (157, 304))
        b.add(
            "academicSessions",
            {
                "sourcedId": year_id,
                "title": f"{b.year - 1}-{b.year} School Year",
                "type": "schoolYear",
                "startDate": b.day(0),
                "endDate": b.day(334),
                "schoolYear": b.year,
                "org": _ref(sid, "org"),
                "parent": None,
                "children": [_ref(t, "academicSession") for t in term_ids],
            },
        )
        for t_index, (term_id, (t_start, t_end)) in enumerate(
            zip(term_ids, term_spans, strict=True), start=1
        ):
            gp_ids = [f"gp-{sid}-{b.year}-{t_index}-{g}" for g in (1, 2)]
            periods_of[term_id] = gp_ids
            b.add(
                "academicSessions",
                {
                    "sourcedId": term_id,
                    "title": f"Semester {t_index} {b.year - 1}-{b.year}",
                    "type": "term",
                    "startDate": b.day(t_start),
                    "endDate": b.day(t_end),
                    "schoolYear": b.year,
                    "org": _ref(sid, "org"),
                    "parent": _ref(year_id, "academicSession"),
                    "children": [_ref(g, "academicSession") for g in gp_ids],
                },
            )
            middle = (t_start + t_end) // 2
            for g_index, (gp_id, (g_start, g_end)) in enumerate(
                zip(gp_ids, ((t_start, middle), (middle, t_end)), strict=True), start=1
            ):
                b.add(
                    "academicSessions",
                    {
                        "sourcedId": gp_id,
                        "title": f"Quarter {(t_index - 1) * 2 + g_index}",
                        "type": "gradingPeriod",
                        "startDate": b.day(g_start),
                        "endDate": b.day(g_end),
                        "schoolYear": b.year,
                        "org": _ref(sid, "org"),
                        "parent": _ref(term_id, "academicSession"),
                        "children": [],
                    },
                )

    # ---- users
    user_ids = [f"usr-{i + 1:06d}" for i in range(n)]
    awkward = list(AWKWARD_IDS[: max(0, min(len(AWKWARD_IDS), students - 2))])
    student_ids = user_ids[:students]
    # Awkward ids replace students from the second one on (the first stays plain).
    for k, awkward_id in enumerate(awkward):
        student_ids[k + 1] = awkward_id
    teacher_ids = user_ids[students : students + teachers]
    guardian_ids = user_ids[students + teachers : students + teachers + guardians]
    admin_ids = user_ids[students + teachers + guardians :]

    def person(uid: str, index: int, domain: str) -> dict[str, Any]:
        given = GIVEN_NAMES[below(len(GIVEN_NAMES))]
        family = FAMILY_NAMES[below(len(FAMILY_NAMES))]
        if index == 1:
            family = "O'Brien"
        email = f"{_ascii(given)}.{_ascii(family)}{index}@{domain}"
        return {
            "sourcedId": uid,
            "enabledUser": "true",
            "givenName": given,
            "familyName": family,
            "middleName": None,
            "preferredFirstName": None,
            "email": email,
            "username": email.split("@", 1)[0],
            "userMasterIdentifier": f"UMI{index:07d}",
            "identifier": f"ID{index:07d}",
            "userIds": [{"type": "SIS", "identifier": f"SIS{index:07d}"}],
            "agents": [],
            "userProfiles": [],
            "metadata": None,
        }

    # Students: spread over schools, grade within the school's band.
    per_school_students: dict[str, list[tuple[str, str]]] = {s: [] for s in school_ids}
    student_school: dict[str, str] = {}
    for i, uid in enumerate(student_ids):
        school = school_ids[i % n_schools]
        grades = school_band[school][1]
        grade = grades[below(len(grades))]
        per_school_students[school].append((uid, grade))
        student_school[uid] = school
        doc = person(uid, i + 1, "students.springfield.example")
        doc.update(
            roles=[{"roleType": "primary", "role": "student", "org": _ref(school, "org")}],
            primaryOrg=_ref(school, "org"),
            grades=[grade],
        )
        if i % 11 == 3:
            doc["preferredFirstName"] = doc["givenName"][:3]
        if i % 97 == 5:
            doc["enabledUser"] = "false"
        if i % 53 == 7:
            doc["status"] = "tobedeleted"
        b.add("users", doc)

    # Teachers: split over schools; a few also hold a secondary role at another school.
    school_teachers: dict[str, list[str]] = {s: [] for s in school_ids}
    for i, uid in enumerate(teacher_ids):
        school = school_ids[i % n_schools]
        school_teachers[school].append(uid)
        doc = person(uid, students + i + 1, "springfield.example")
        roles = [{"roleType": "primary", "role": "teacher", "org": _ref(school, "org")}]
        if i % 9 == 4 and n_schools > 1:
            other = school_ids[(i + 1) % n_schools]
            roles.append({"roleType": "secondary", "role": "teacher", "org": _ref(other, "org")})
        doc.update(roles=roles, primaryOrg=_ref(school, "org"), phone=f"+1-555-{1000 + i % 9000}")
        b.add("users", doc)

    # Guardians: agents of 1-3 students of one school.
    users_by_id = {d["sourcedId"]: d for d in b.docs["users"]}
    for i, uid in enumerate(guardian_ids):
        first = student_ids[(i * 3) % students]
        school = student_school[first]
        doc = person(uid, students + teachers + i + 1, "family.example")
        role = "guardian" if i % 3 else "parent"
        doc.update(
            roles=[{"roleType": "primary", "role": role, "org": _ref(school, "org")}],
            primaryOrg=_ref(school, "org"),
            sms=f"+1-555-{2000 + i % 8000}",
        )
        b.add("users", doc)
        wards = {student_ids[(i * 3 + k) % students] for k in range(1 + i % 3)}
        for kid in sorted(wards):
            users_by_id[kid]["agents"].append(_ref(uid, "user"))
            doc["agents"].append(_ref(kid, "user"))

    # Administrators: district-wide or one school, some with a secondary aide/proctor role.
    for i, uid in enumerate(admin_ids):
        org = district_id if i % 4 == 0 else school_ids[i % n_schools]
        doc = person(uid, students + teachers + guardians + i + 1, "springfield.example")
        roles = [{"roleType": "primary", "role": "administrator", "org": _ref(org, "org")}]
        if i % 5 == 2:
            roles.append({"roleType": "secondary", "role": "proctor", "org": _ref(org, "org")})
        doc.update(roles=roles, primaryOrg=_ref(org, "org"))
        b.add("users", doc)

    # ---- demographics of students and teachers
    races = (
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
    )
    for uid in [*student_ids, *teacher_ids]:
        grade_year = 2010 + below(12)
        race = races[below(len(races))]
        two = rng.random() < 0.08
        flags = {r: "true" if (r == race or (two and r == "white")) else "false" for r in races}
        b.add(
            "demographics",
            {
                "sourcedId": uid,
                "birthDate": f"{grade_year}-{1 + below(12):02d}-{1 + below(28):02d}",
                "sex": ("male", "female", "other", "unspecified")[below(4) if two else below(2)],
                **flags,
                "demographicRaceTwoOrMoreRaces": "true" if two else "false",
                "hispanicOrLatinoEthnicity": "true" if rng.random() < 0.2 else "false",
                "countryOfBirthCode": "US" if rng.random() < 0.9 else "MX",
                "stateOfBirthAbbreviation": "CA",
                "cityOfBirth": "Springfield",
                "publicSchoolResidenceStatus": None,
                "metadata": None,
            },
        )

    # ---- gradebook categories (district-wide)
    for cat_id, title, weight in CATEGORIES:
        b.add(
            "categories",
            {"sourcedId": f"cat-{cat_id}", "title": title, "weight": weight, "metadata": None},
        )

    # ---- courses, components, resources, classes, enrollments, gradebook
    enrollment_no = 0
    result_no = 0
    first_class_with_students: tuple[str, str, str, str] | None = None
    for sid in school_ids:
        band_name, grades = school_band[sid]
        by_grade: dict[str, list[str]] = {}
        for uid, grade in per_school_students[sid]:
            by_grade.setdefault(grade, []).append(uid)
        teachers_here = school_teachers[sid] or teacher_ids
        teacher_cursor = 0
        term_ids = terms_of[sid]
        for grade in grades:
            kids = by_grade.get(grade, [])
            if not kids:
                continue
            for subject, code, subject_code in SUBJECTS:
                course_id = f"crs-{sid}-{code.lower()}-{int(grade):02d}"
                grade_label = "Kindergarten" if grade == "0" else f"Grade {grade}"
                resource_ids: list[str] = []
                # Course structure: two units of two lessons, each lesson with one resource.
                for unit in (1, 2):
                    unit_id = f"cc-{course_id}-u{unit}"
                    b.add(
                        "courseComponents",
                        {
                            "sourcedId": unit_id,
                            "title": f"Unit {unit}",
                            "course": _ref(course_id, "course"),
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
                                "course": _ref(course_id, "course"),
                                "parent": _ref(unit_id, "courseComponent"),
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
                                "courseComponent": _ref(lesson_id, "courseComponent"),
                                "resource": _ref(resource_id, "resource"),
                                "sortOrder": 1,
                                "lessonType": ("quiz", "powerpath-100", "test-out", None)[
                                    lesson % 4
                                ],
                                "metadata": None,
                            },
                        )
                b.add(
                    "courses",
                    {
                        "sourcedId": course_id,
                        "title": f"{subject} {grade_label}",
                        "courseCode": f"{code}-{int(grade):02d}",
                        "org": _ref(sid, "org"),
                        "schoolYear": _ref(year_of[sid], "academicSession"),
                        "academicSession": _ref(year_of[sid], "academicSession"),
                        "grades": [grade],
                        "subjects": [subject],
                        "subjectCodes": [subject_code],
                        "level": band_name,
                        "gradingScheme": "percentage",
                        "resources": [_ref(r, "resource") for r in resource_ids],
                        "metadata": None,
                    },
                )
                sections = max(1, math.ceil(len(kids) / CLASS_SIZE))
                ali_ids = []
                for unit in (1, 2):
                    ali_id = f"ali-{course_id}-u{unit}"
                    ali_ids.append(ali_id)
                    b.add(
                        "assessmentLineItems",
                        {
                            "sourcedId": ali_id,
                            "title": f"{subject} {grade_label} Unit {unit} Test",
                            "description": None,
                            "class": None,
                            "parentAssessmentLineItem": None,
                            "scoreScale": None,
                            "resultValueMin": 0,
                            "resultValueMax": 100,
                            "component": _ref(f"cc-{course_id}-u{unit}", "courseComponent"),
                            "componentResource": None,
                            "course": _ref(course_id, "course"),
                            "metadata": None,
                        },
                    )
                scale_id = f"ss-{course_id}"
                for section in range(sections):
                    class_id = f"cls-{course_id}-{section + 1}"
                    members = kids[section::sections]
                    teacher = teachers_here[teacher_cursor % len(teachers_here)]
                    teacher_cursor += 1
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
                            "course": _ref(course_id, "course"),
                            "school": _ref(sid, "org"),
                            "terms": [_ref(t, "academicSession") for t in term_ids],
                            "grades": [grade],
                            "subjects": [subject],
                            "subjectCodes": [subject_code],
                            "periods": [str(1 + (teacher_cursor % 7))],
                            "resources": [_ref(resource_ids[0], "resource")],
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
                                "class": _ref(class_id, "class"),
                                "course": _ref(course_id, "course"),
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
                    enrollment_no += 1
                    b.add_encoded(
                        "enrollments",
                        {
                            "sourcedId": f"enr-{enrollment_no:07d}",
                            "role": "teacher",
                            "primary": "true",
                            "beginDate": b.day(14),
                            "endDate": b.day(304),
                            "user": _ref(teacher, "user"),
                            "class": _ref(class_id, "class"),
                            "school": _ref(sid, "org"),
                            "metadata": None,
                        },
                    )
                    begin = b.day(14)
                    class_ref, school_ref = _ref(class_id, "class"), _ref(sid, "org")
                    tail = (
                        f',"class":{{"sourcedId":{_json(class_id)},"type":"class"}},"school":'
                        f'{{"sourcedId":{_json(sid)},"type":"org"}},"metadata":null,'
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
                            "user": _ref(uid, "user"),
                            "class": class_ref,
                            "school": school_ref,
                            "metadata": None,
                            "status": "active",
                            "dateLastModified": stamp,
                        }
                        text = (
                            f'{{"sourcedId":"{enr_id}","role":"student","primary":"false",'
                            f'"beginDate":"{begin}","endDate":null,"user":{{"sourcedId":'
                            f'{_json(uid)},"type":"user"}}{tail}"{stamp}"}}'
                        )
                        b.add_encoded("enrollments", doc, text)
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
                                "class": _ref(class_id, "class"),
                                "school": _ref(sid, "org"),
                                "category": _ref(f"cat-{cat_id}", "category"),
                                "gradingPeriod": _ref(gp, "academicSession"),
                                "academicSession": _ref(term, "academicSession"),
                                "scoreScale": _ref(scale_id, "scoreScale"),
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
                                "lineItem": _ref(line_ids[0], "lineItem"),
                                "student": _ref(uid, "user"),
                                "class": _ref(class_id, "class"),
                                "scoreScale": _ref(scale_id, "scoreScale"),
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
                                {
                                    "sourcedId": f"ar-{result_no:07d}",
                                    "assessmentLineItem": _ref(ali_ids[0], "assessmentLineItem"),
                                    "student": _ref(uid, "user"),
                                    "score": score,
                                    "textScore": None,
                                    "scoreDate": b.moment(70, 11),
                                    "scoreScale": None,
                                    "scorePercentile": None,
                                    "scoreStatus": "fully graded",
                                    "comment": None,
                                    "inProgress": "false",
                                    "incomplete": "false",
                                    "late": "false",
                                    "missing": "false",
                                    "metadata": {
                                        "totalQuestions": 20,
                                        "correctQuestions": score // 5,
                                        "accuracy": score,
                                        "xp": score // 2,
                                    },
                                },
                            )
                    if first_class_with_students is None and members:
                        plain = [m for m in members if m not in AWKWARD_IDS]
                        if plain:
                            first_class_with_students = (class_id, course_id, plain[0], teacher)

    # ---- write everything
    counts: dict[str, int] = {}
    with store.transaction():
        for collection, docs in b.docs.items():
            counts[collection] = store.insert_many(collection, docs, replace=True)
        for collection, items in b.encoded.items():
            written = store.insert_many_encoded(collection, items, replace=True)
            counts[collection] = counts.get(collection, 0) + written

    assert first_class_with_students is not None
    class_id, course_id, student_id, teacher_id = first_class_with_students
    school_id = school_ids[0]
    student = users_by_id[student_id]
    guardian_id = guardian_ids[0]
    return SeedSummary(
        users=n,
        counts=counts,
        district_id=district_id,
        school_id=school_id,
        school_year_id=year_of[school_id],
        term_id=terms_of[school_id][0],
        course_id=course_id,
        class_id=class_id,
        student_id=student_id,
        student_email=student["email"],
        teacher_id=teacher_id,
        guardian_id=guardian_id,
        admin_id=admin_ids[0],
        line_item_id=f"li-{class_id}-1",
        resource_id=f"rsc-{course_id}-u1-l1",
        awkward_user_ids=tuple(awkward),
        seconds=time.perf_counter() - started,
    )
