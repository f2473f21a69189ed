# This file is generated from packages/timeback-oneroster/tests/_async/test_rostering.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Rostering endpoints (wire contract 4.8) against the emulator, family by family: list, get,
create, update, upsert, patch, delete and every scoped listing."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import (
    Class,
    ClassInput,
    EnrollmentPatch,
    F,
    NotFoundError,
    SyncOneRosterClient,
    OrgInput,
    UserInput,
)

R = "/ims/oneroster/rostering/v1p2"


def user_input(org_id: str, given_name: str = "Ada", role: str = "student") -> UserInput:
    return UserInput(
        given_name=given_name,
        family_name="Lovelace",
        enabled_user=True,
        email="ada@example.org",
        roles=[{"role_type": "primary", "role": role, "org": org_id}],
    )


def session_input(sourced_id: str, org_id: str, **changes: Any) -> dict[str, Any]:
    return {
        "sourced_id": sourced_id,
        "title": "Summer session",
        "type": "term",
        "start_date": "2026-06-01",
        "end_date": "2026-08-01",
        "school_year": 2026,
        "org": org_id,
        **changes,
    }


# -- users --------------------------------------------------------------------------------------


def test_users_create_answers_ids_and_the_user_can_be_read(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.users.create(user_input(seed.school_id))

    user = client.users.get(pair.allocated_sourced_id)
    assert pair.supplied_sourced_id == pair.allocated_sourced_id
    assert (user.given_name, user.email, user.enabled_user) == ("Ada", "ada@example.org", True)
    assert user.roles[0].org is not None
    assert user.roles[0].org.sourced_id == seed.school_id


def test_users_update_replaces_the_user_in_one_put(
    client: SyncOneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    fetched = client.users.get(seed.student_id)

    updated = client.users.update(
        seed.student_id, fetched.model_copy(update={"given_name": "Renamed"})
    )

    assert updated is not None
    assert updated.given_name == "Renamed"
    assert updated.email == fetched.email  # a fetched record goes back whole
    assert emulator.request_count("PUT", route=f"{R}/users/{{id}}") == 1
    assert emulator.request_count("GET", route=f"{R}/users/{{id}}") == 1


def test_users_upsert_posts_after_a_404_then_puts(
    client: SyncOneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    created = client.users.upsert("u-upsert", user_input(seed.school_id))
    replaced = client.users.upsert("u-upsert", user_input(seed.school_id, "Grace"))

    assert (created.sourced_id, created.created, created.record) == ("u-upsert", True, None)
    assert replaced.created is False
    assert replaced.record is not None
    assert replaced.record.given_name == "Grace"
    assert emulator.request_count("PUT", route=f"{R}/users/{{id}}") == 2
    assert emulator.request_count("POST", route=f"{R}/users") == 1


def test_users_delete_is_soft(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    client.users.delete(seed.student_id)

    user = client.users.get(seed.student_id)
    assert user.status == "tobedeleted"


def test_users_classes_are_the_enrolled_classes(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    enrollments = client.enrollments.list(
        filter={"user.sourcedId": seed.student_id}
    ).to_list()

    classes = client.users.classes(seed.student_id).to_list()

    assert classes
    assert {c.sourced_id for c in classes} == {
        e.class_.sourced_id for e in enrollments if e.class_ is not None
    }


def test_users_get_with_demographics_embeds_them(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    demographics = client.demographics.list(max_items=1).to_list()
    user_id = demographics[0].sourced_id
    assert user_id is not None

    user = client.users.get_with_demographics(user_id)

    assert user.sourced_id == user_id
    assert user.demographics is not None
    assert user.demographics.sourced_id == user_id


def test_users_agents_can_be_listed_added_and_removed(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    wards = client.users.agent_for(seed.guardian_id)
    assert wards
    ward = wards[0].sourced_id
    assert ward is not None
    assert seed.guardian_id in {a.sourced_id for a in client.users.agents(ward)}

    client.users.add_agent(ward, seed.teacher_id)
    added = {a.sourced_id for a in client.users.agents(ward, fields="sourcedId")}
    client.users.remove_agent(ward, seed.teacher_id)
    removed = {a.sourced_id for a in client.users.agents(ward)}

    assert seed.teacher_id in added
    assert seed.teacher_id not in removed
    with pytest.raises(NotFoundError):
        client.users.remove_agent(ward, seed.teacher_id)


def test_users_credentials_are_registered_and_decrypted(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    registration = client.users.register_credentials(
        seed.student_id,
        {"application_name": "Reading App", "credentials": {"username": "ada", "password": "pw"}},
    )

    assert registration.credential_id
    assert registration.user_profile_id
    password = client.users.decrypt_credential(seed.student_id, registration.credential_id)
    assert password == "pw"
    user = client.users.get(seed.student_id)
    assert registration.user_profile_id in {p.profile_id for p in user.user_profiles}


# -- students and teachers ----------------------------------------------------------------------


def test_students_are_the_users_with_role_student(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    students = client.students.list().to_list()

    assert seed.student_id in {s.sourced_id for s in students}
    assert all(any(r.role == "student" for r in s.roles) for s in students)
    assert (client.students.get(seed.student_id)).sourced_id == seed.student_id
    with pytest.raises(NotFoundError):
        client.students.get(seed.teacher_id)


def test_teachers_are_the_users_with_role_teacher(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    teachers = client.teachers.list().to_list()

    assert seed.teacher_id in {t.sourced_id for t in teachers}
    assert all(any(r.role == "teacher" for r in t.roles) for t in teachers)
    assert (client.teachers.get(seed.teacher_id)).sourced_id == seed.teacher_id


def test_students_and_teachers_classes(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    student_classes = client.students.classes(seed.student_id).to_list()
    teacher_classes = client.teachers.classes(seed.teacher_id).to_list()

    assert student_classes
    assert teacher_classes
    assert all(isinstance(c, Class) for c in student_classes + teacher_classes)


# -- orgs and schools ---------------------------------------------------------------------------


def test_orgs_create_update_upsert_delete(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    pair = client.orgs.create(
        OrgInput(name="Arts Department", type="department", parent=seed.school_id)
    )
    org_id = pair.allocated_sourced_id
    updated = client.orgs.update(org_id, {"name": "Arts", "type": "department"})
    upserted = client.orgs.upsert("org-new", {"name": "New", "type": "local"})
    client.orgs.delete(org_id)

    assert updated is not None
    assert updated.name == "Arts"
    assert upserted.created is True
    assert (client.orgs.get(org_id)).status == "tobedeleted"
    assert {o.sourced_id for o in client.orgs.list().to_list()} >= {
        seed.district_id,
        seed.school_id,
        "org-new",
    }


def test_schools_create_defaults_the_type_to_school(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.schools.create({"name": "Hopper High", "parent": seed.district_id})

    school = client.schools.get(pair.allocated_sourced_id)
    assert (school.name, school.type) == ("Hopper High", "school")
    assert all(s.type == "school" for s in client.schools.list().to_list())


def test_school_scoped_lists(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    school = seed.school_id

    classes = client.schools.classes(school).to_list()
    courses = client.schools.courses(school).to_list()
    enrollments = client.schools.enrollments(school, max_items=5).to_list()
    students = client.schools.students(school).to_list()
    teachers = client.schools.teachers(school).to_list()
    terms = client.schools.terms(school).to_list()

    assert seed.class_id in {c.sourced_id for c in classes}
    assert seed.course_id in {c.sourced_id for c in courses}
    assert all(e.school is not None and e.school.sourced_id == school for e in enrollments)
    assert seed.student_id in {s.sourced_id for s in students}
    assert seed.teacher_id in {t.sourced_id for t in teachers}
    assert seed.term_id in {t.sourced_id for t in terms}
    assert all(t.type == "term" for t in terms)


def test_school_class_scoped_lists(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    school, klass = seed.school_id, seed.class_id

    enrollments = client.schools.class_enrollments(school, klass).to_list()
    students = client.schools.class_students(school, klass).to_list()
    teachers = client.schools.class_teachers(school, klass).to_list()

    assert all(e.class_ is not None and e.class_.sourced_id == klass for e in enrollments)
    assert {s.sourced_id for s in students} == {
        e.user.sourced_id for e in enrollments if e.role == "student" and e.user
    }
    assert {t.sourced_id for t in teachers} == {
        e.user.sourced_id for e in enrollments if e.role == "teacher" and e.user
    }
    with pytest.raises(NotFoundError):
        client.schools.class_students(seed.district_id, klass).to_list()


# -- academic sessions, terms, grading periods --------------------------------------------------


def test_academic_sessions_create_update_upsert_delete(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.academic_sessions.create(session_input("as-summer", seed.school_id))
    updated = client.academic_sessions.update(
        "as-summer", session_input("as-summer", seed.school_id, title="Summer")
    )
    upserted = client.academic_sessions.upsert(
        "as-winter", session_input("as-winter", seed.school_id)
    )
    client.academic_sessions.delete("as-summer")

    assert pair.allocated_sourced_id == "as-summer"
    assert updated is not None
    assert (updated.title, updated.school_year) == ("Summer", 2026)
    assert upserted.created is True
    assert (client.academic_sessions.get("as-summer")).status == "tobedeleted"
    assert seed.school_year_id in {
        s.sourced_id for s in client.academic_sessions.list().to_list()
    }


def test_terms_and_their_classes_and_grading_periods(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    terms = client.terms.list().to_list()
    term = client.terms.get(seed.term_id)
    classes = client.terms.classes(seed.term_id).to_list()
    periods = client.terms.grading_periods(seed.term_id).to_list()

    assert all(t.type == "term" for t in terms)
    assert term.sourced_id == seed.term_id
    assert seed.class_id in {c.sourced_id for c in classes}
    assert periods
    assert all(p.type == "gradingPeriod" for p in periods)
    assert all(p.parent is not None and p.parent.sourced_id == seed.term_id for p in periods)


def test_terms_create_a_grading_period(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    pair = client.terms.create_grading_period(
        seed.term_id,
        {
            "sourced_id": "gp-extra",
            "title": "Extra period",
            "start_date": "2025-12-01",
            "end_date": "2025-12-20",
            "school_year": 2026,
            "org": seed.school_id,
        },
    )

    assert pair.allocated_sourced_id == "gp-extra"
    periods = client.terms.grading_periods(seed.term_id).to_list()
    assert "gp-extra" in {p.sourced_id for p in periods}


def test_terms_writes(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    pair = client.terms.create(session_input("term-x", seed.school_id))
    updated = client.terms.update(
        "term-x", session_input("term-x", seed.school_id, title="X")
    )
    client.terms.delete("term-x")

    assert pair.allocated_sourced_id == "term-x"
    assert updated is not None
    assert updated.title == "X"
    assert (client.terms.get("term-x")).status == "tobedeleted"


def test_grading_periods_are_written_as_academic_sessions(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    body = session_input("gp-x", seed.school_id, type="gradingPeriod", parent=seed.term_id)
    pair = client.grading_periods.create(body)
    updated = client.grading_periods.update("gp-x", {**body, "title": "Renamed"})
    upserted = client.grading_periods.upsert("gp-y", {**body, "sourced_id": "gp-y"})
    client.grading_periods.delete("gp-x")

    assert pair.allocated_sourced_id == "gp-x"
    assert updated is not None
    assert updated.title == "Renamed"
    assert upserted.created is True
    fetched = client.grading_periods.get("gp-x")
    assert (fetched.type, fetched.status) == ("gradingPeriod", "tobedeleted")
    listed = client.grading_periods.list(filter=F("sourcedId") == "gp-y").to_list()
    assert [p.sourced_id for p in listed] == ["gp-y"]


# -- classes ------------------------------------------------------------------------------------


def test_classes_create_update_upsert_delete(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    data = ClassInput(
        title="Robotics", course=seed.course_id, org=seed.school_id, terms=[seed.term_id]
    )
    pair = client.classes.create(data)
    class_id = pair.allocated_sourced_id
    fetched = client.classes.get(class_id)
    # A fetched class names its school `school`; sent back, it goes out as `org`.
    updated = client.classes.update(class_id, fetched.model_copy(update={"title": "Bots"}))
    upserted = client.classes.upsert("cls-new", data)
    client.classes.delete(class_id)

    assert fetched.school is not None
    assert fetched.school.sourced_id == seed.school_id
    assert updated is not None
    assert updated.title == "Bots"
    assert updated.school is not None
    assert updated.school.sourced_id == seed.school_id
    assert upserted.created is True
    assert (client.classes.get(class_id)).status == "tobedeleted"


def test_class_roster_lists_and_adds(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    new_student = (client.users.create(user_input(seed.school_id))).allocated_sourced_id
    new_teacher = (
        client.users.create(user_input(seed.school_id, role="teacher"))
    ).allocated_sourced_id

    student_pair = client.classes.add_student(seed.class_id, {"user": new_student})
    teacher_pair = client.classes.add_teacher(
        seed.class_id, {"user": new_teacher, "primary": True}
    )
    students = client.classes.students(seed.class_id).to_list()
    teachers = client.classes.teachers(seed.class_id).to_list()
    enrollments = client.classes.enrollments(seed.class_id).to_list()

    assert new_student in {s.sourced_id for s in students}
    assert new_teacher in {t.sourced_id for t in teachers}
    by_id = {e.sourced_id: e for e in enrollments}
    assert by_id[student_pair.allocated_sourced_id].role == "student"
    assert by_id[teacher_pair.allocated_sourced_id].role == "teacher"
    assert by_id[teacher_pair.allocated_sourced_id].primary is True


# -- courses, components, component resources ---------------------------------------------------


def test_courses_create_update_upsert_delete_and_classes(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.courses.create({"title": "Astronomy", "org": seed.school_id})
    course_id = pair.allocated_sourced_id
    updated = client.courses.update(
        course_id, {"title": "Astronomy II", "org": seed.school_id, "course_code": "AST-2"}
    )
    upserted = client.courses.upsert("crs-new", {"title": "New", "org": seed.school_id})
    client.courses.delete(course_id)
    classes = client.courses.classes(seed.course_id).to_list()

    assert updated is not None
    assert (updated.title, updated.course_code) == ("Astronomy II", "AST-2")
    assert upserted.created is True
    assert (client.courses.get(course_id)).status == "tobedeleted"
    assert seed.class_id in {c.sourced_id for c in classes}


def test_course_components_by_course_and_writes(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    components = client.courses.components.list(
        filter={"course.sourcedId": seed.course_id}
    ).to_list()
    pair = client.courses.components.create(
        {"course": seed.course_id, "title": "Unit 9", "sort_order": 9}
    )
    component_id = pair.allocated_sourced_id
    updated = client.courses.components.update(
        component_id, {"course": seed.course_id, "title": "Unit 10", "sort_order": 10}
    )
    client.courses.components.delete(component_id)

    assert components
    assert all(c.course is not None and c.course.sourced_id == seed.course_id for c in components)
    assert updated is not None
    assert (updated.title, updated.sort_order) == ("Unit 10", 10)
    assert (client.courses.components.get(component_id)).status == "tobedeleted"


def test_component_resources_writes(client: SyncOneRosterClient, seed: SeedSummary) -> None:
    component = (client.courses.components.list(max_items=1).to_list())[0]
    assert component.sourced_id is not None
    data = {
        "sourced_id": "cr-x",
        "title": "Reading",
        "course_component": component.sourced_id,
        "resource": seed.resource_id,
        "lesson_type": "quiz",
    }

    pair = client.courses.component_resources.create(data)
    updated = client.courses.component_resources.update("cr-x", {**data, "sort_order": 3})
    upserted = client.courses.component_resources.upsert(
        "cr-y", {**data, "sourced_id": "cr-y"}
    )
    listed = client.courses.component_resources.list(filter={"sourcedId": "cr-x"}).to_list()
    client.courses.component_resources.delete("cr-x")

    assert pair.allocated_sourced_id == "cr-x"
    assert updated is not None
    assert (updated.sort_order, updated.lesson_type) == (3, "quiz")
    assert upserted.created is True
    assert [c.sourced_id for c in listed] == ["cr-x"]
    assert (client.courses.component_resources.get("cr-x")).status == "tobedeleted"


def test_course_structure_creates_course_and_components(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.courses.create_structure(
        {"sourced_id": "crs-tree", "title": "Tree", "org": seed.school_id},
        {"components": [{"title": "Unit 1", "children": [{"title": "Lesson 1"}]}]},
    )

    components = client.courses.components.list(
        filter={"course.sourcedId": "crs-tree"}
    ).to_list()
    assert pair.allocated_sourced_id == "crs-tree"
    assert sorted(c.title or "" for c in components) == ["Lesson 1", "Unit 1"]


# -- enrollments and demographics ---------------------------------------------------------------


def test_enrollments_create_update_patch_delete(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    data = {"role": "student", "user": seed.teacher_id, "class": seed.class_id}
    pair = client.enrollments.create(data)
    enrollment_id = pair.allocated_sourced_id
    updated = client.enrollments.update(enrollment_id, {**data, "begin_date": "2025-09-01"})
    patched = client.enrollments.patch(
        enrollment_id, EnrollmentPatch(end_date="2026-06-30", primary=False)
    )
    client.enrollments.delete(enrollment_id)

    assert updated is not None
    assert str(updated.begin_date) == "2025-09-01"
    assert patched is not None
    assert (str(patched.begin_date), str(patched.end_date)) == ("2025-09-01", "2026-06-30")
    assert patched.school is not None
    assert patched.school.sourced_id == seed.school_id
    assert (client.enrollments.get(enrollment_id)).status == "tobedeleted"
    in_class = client.enrollments.list(filter={"class.sourcedId": seed.class_id}).to_list()
    assert enrollment_id in {e.sourced_id for e in in_class}


def test_demographics_create_update_upsert_delete(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    user_id = (client.users.create(user_input(seed.school_id))).allocated_sourced_id

    pair = client.demographics.create({"sourced_id": user_id, "sex": "female"})
    updated = client.demographics.update(
        user_id, {"birth_date": "2012-05-01", "sex": "female", "asian": True}
    )
    upserted = client.demographics.upsert(user_id, {"sex": "male"})
    client.demographics.delete(user_id)

    assert pair.allocated_sourced_id == user_id
    assert updated is not None
    assert (str(updated.birth_date), updated.asian) == ("2012-05-01", True)
    assert upserted.created is False
    fetched = client.demographics.get(user_id)
    assert (fetched.sex, fetched.status) == ("male", "tobedeleted")
