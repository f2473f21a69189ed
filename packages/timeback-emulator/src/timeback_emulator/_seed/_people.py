"""Users (students, teachers, guardians, administrators) and their demographics."""

from __future__ import annotations

from typing import Any

from timeback_emulator._seed._builder import Builder, District, ascii_slug, ref
from timeback_emulator._seed._data import AWKWARD_IDS, FAMILY_NAMES, GIVEN_NAMES


def seed_users(b: Builder, d: District) -> None:
    """Every user, in id order: students, teachers, guardians, administrators."""
    students, teachers, guardians = d.students, d.teachers, d.guardians
    user_ids = [f"usr-{i + 1:06d}" for i in range(d.n)]
    d.awkward = list(AWKWARD_IDS[: max(0, min(len(AWKWARD_IDS), students - 2))])
    d.student_ids = user_ids[:students]
    # Awkward ids replace students from the second one on (the first stays plain).
    for k, awkward_id in enumerate(d.awkward):
        d.student_ids[k + 1] = awkward_id
    d.teacher_ids = user_ids[students : students + teachers]
    d.guardian_ids = user_ids[students + teachers : students + teachers + guardians]
    d.admin_ids = user_ids[students + teachers + guardians :]
    student_school = _seed_students(b, d)
    _seed_teachers(b, d)
    d.users_by_id = {doc["sourcedId"]: doc for doc in b.docs["users"]}
    _seed_guardians(b, d, student_school)
    _seed_admins(b, d)


def _person(b: Builder, uid: str, index: int, domain: str) -> dict[str, Any]:
    """The members every user has: a random name, and ids and e-mail from its number."""
    given = GIVEN_NAMES[b.below(len(GIVEN_NAMES))]
    family = FAMILY_NAMES[b.below(len(FAMILY_NAMES))]
    if index == 1:
        family = "O'Brien"
    email = f"{ascii_slug(given)}.{ascii_slug(family)}{index}@{domain}"
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


def _seed_students(b: Builder, d: District) -> dict[str, str]:
    """Students spread over the schools, each in a grade of the school's band; their schools."""
    school_ids, n_schools = d.school_ids, d.n_schools
    d.per_school_students = {s: [] for s in school_ids}
    student_school: dict[str, str] = {}
    for i, uid in enumerate(d.student_ids):
        school = school_ids[i % n_schools]
        grades = d.school_band[school][1]
        grade = grades[b.below(len(grades))]
        d.per_school_students[school].append((uid, grade))
        student_school[uid] = school
        doc = _person(b, uid, i + 1, "students.springfield.example")
        doc.update(
            roles=[{"roleType": "primary", "role": "student", "org": ref(school, "org")}],
            primaryOrg=ref(school, "org"),
            grades=[grade],
        )
        if i % 11 == 3:
            doc["preferredFirstName"] = doc["givenName"][:3]
        if i % 97 == 5:
            doc["enabledUser"] = "false"
        if i % 53 == 7:
            doc["status"] = "tobedeleted"
        b.add("users", doc)
    return student_school


def _seed_teachers(b: Builder, d: District) -> None:
    """Teachers split over the schools; a few also teach at another school (secondary role)."""
    school_ids, n_schools = d.school_ids, d.n_schools
    d.school_teachers = {s: [] for s in school_ids}
    for i, uid in enumerate(d.teacher_ids):
        school = school_ids[i % n_schools]
        d.school_teachers[school].append(uid)
        doc = _person(b, uid, d.students + i + 1, "springfield.example")
        roles = [{"roleType": "primary", "role": "teacher", "org": ref(school, "org")}]
        if i % 9 == 4 and n_schools > 1:
            other = school_ids[(i + 1) % n_schools]
            roles.append({"roleType": "secondary", "role": "teacher", "org": ref(other, "org")})
        doc.update(roles=roles, primaryOrg=ref(school, "org"), phone=f"+1-555-{1000 + i % 9000}")
        b.add("users", doc)


def _seed_guardians(b: Builder, d: District, student_school: dict[str, str]) -> None:
    """Guardians and parents, each the agent of one to three students of one school."""
    students, student_ids = d.students, d.student_ids
    for i, uid in enumerate(d.guardian_ids):
        first = student_ids[(i * 3) % students]
        school = student_school[first]
        doc = _person(b, uid, students + d.teachers + i + 1, "family.example")
        role = "guardian" if i % 3 else "parent"
        doc.update(
            roles=[{"roleType": "primary", "role": role, "org": ref(school, "org")}],
            primaryOrg=ref(school, "org"),
            sms=f"+1-555-{2000 + i % 8000}",
        )
        b.add("users", doc)
        wards = {student_ids[(i * 3 + k) % students] for k in range(1 + i % 3)}
        for kid in sorted(wards):
            d.users_by_id[kid]["agents"].append(ref(uid, "user"))
            doc["agents"].append(ref(kid, "user"))


def _seed_admins(b: Builder, d: District) -> None:
    """Administrators, district-wide or of one school; some also proctor (secondary role)."""
    first_number = d.students + d.teachers + d.guardians + 1
    for i, uid in enumerate(d.admin_ids):
        org = d.district_id if i % 4 == 0 else d.school_ids[i % d.n_schools]
        doc = _person(b, uid, first_number + i, "springfield.example")
        roles = [{"roleType": "primary", "role": "administrator", "org": ref(org, "org")}]
        if i % 5 == 2:
            roles.append({"roleType": "secondary", "role": "proctor", "org": ref(org, "org")})
        doc.update(roles=roles, primaryOrg=ref(org, "org"))
        b.add("users", doc)


def seed_demographics(b: Builder, d: District) -> None:
    """Demographics of students and teachers."""
    rng, below = b.rng, b.below
    student_ids, teacher_ids = d.student_ids, d.teacher_ids
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
