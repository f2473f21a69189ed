"""Users (students, teachers, guardians, administrators) and their demographics."""

from __future__ import annotations

from typing import Any

from timeback_emulator._seed._builder import Builder, District, ascii_slug, ref
from timeback_emulator._seed._data import AWKWARD_IDS, FAMILY_NAMES, GIVEN_NAMES


def seed_users(b: Builder, d: District) -> None:
    """Every user, in id order: students, teachers, guardians, administrators."""
    below = b.below
    n, students, teachers, guardians = d.n, d.students, d.teachers, d.guardians
    n_schools, school_ids, school_band = d.n_schools, d.school_ids, d.school_band
    district_id = d.district_id
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

    # Teachers: split over schools; a few also hold a secondary role at another school.
    school_teachers: dict[str, list[str]] = {s: [] for s in school_ids}
    for i, uid in enumerate(teacher_ids):
        school = school_ids[i % n_schools]
        school_teachers[school].append(uid)
        doc = person(uid, students + i + 1, "springfield.example")
        roles = [{"roleType": "primary", "role": "teacher", "org": ref(school, "org")}]
        if i % 9 == 4 and n_schools > 1:
            other = school_ids[(i + 1) % n_schools]
            roles.append({"roleType": "secondary", "role": "teacher", "org": ref(other, "org")})
        doc.update(roles=roles, primaryOrg=ref(school, "org"), phone=f"+1-555-{1000 + i % 9000}")
        b.add("users", doc)

    # Guardians: agents of 1-3 students of one school.
    users_by_id = {d["sourcedId"]: d for d in b.docs["users"]}
    for i, uid in enumerate(guardian_ids):
        first = student_ids[(i * 3) % students]
        school = student_school[first]
        doc = person(uid, students + teachers + i + 1, "family.example")
        role = "guardian" if i % 3 else "parent"
        doc.update(
            roles=[{"roleType": "primary", "role": role, "org": ref(school, "org")}],
            primaryOrg=ref(school, "org"),
            sms=f"+1-555-{2000 + i % 8000}",
        )
        b.add("users", doc)
        wards = {student_ids[(i * 3 + k) % students] for k in range(1 + i % 3)}
        for kid in sorted(wards):
            users_by_id[kid]["agents"].append(ref(uid, "user"))
            doc["agents"].append(ref(kid, "user"))

    # Administrators: district-wide or one school, some with a secondary aide/proctor role.
    for i, uid in enumerate(admin_ids):
        org = district_id if i % 4 == 0 else school_ids[i % n_schools]
        doc = person(uid, students + teachers + guardians + i + 1, "springfield.example")
        roles = [{"roleType": "primary", "role": "administrator", "org": ref(org, "org")}]
        if i % 5 == 2:
            roles.append({"roleType": "secondary", "role": "proctor", "org": ref(org, "org")})
        doc.update(roles=roles, primaryOrg=ref(org, "org"))
        b.add("users", doc)

    d.awkward, d.student_ids, d.teacher_ids = awkward, student_ids, teacher_ids
    d.guardian_ids, d.admin_ids, d.users_by_id = guardian_ids, admin_ids, users_by_id
    d.per_school_students, d.school_teachers = per_school_students, school_teachers


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
