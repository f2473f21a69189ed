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
    OneRosterClient,
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


@pytest.mark.anyio
async def test_users_create_answers_ids_and_the_user_can_be_read(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pair = await client.users.create(user_input(seed.school_id))

    user = await client.users.get(pair.allocated_sourced_id)
    assert pair.supplied_sourced_id == pair.allocated_sourced_id
    assert (user.given_name, user.email, user.enabled_user) == ("Ada", "ada@example.org", True)
    assert user.roles[0].org is not None
    assert user.roles[0].org.sourced_id == seed.school_id


@pytest.mark.anyio
async def test_users_update_replaces_the_user_in_one_put(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    fetched = await client.users.get(seed.student_id)

    updated = await client.users.update(
        seed.student_id, fetched.model_copy(update={"given_name": "Renamed"})
    )

    assert updated is not None
    assert updated.given_name == "Renamed"
    assert updated.email == fetched.email  # a fetched record goes back whole
    assert emulator.request_count("PUT", route=f"{R}/users/{{id}}") == 1
    assert emulator.request_count("GET", route=f"{R}/users/{{id}}") == 1


@pytest.mark.anyio
async def test_users_upsert_posts_after_a_404_then_puts(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    created = await client.users.upsert("u-upsert", user_input(seed.school_id))
    replaced = await client.users.upsert("u-upsert", user_input(seed.school_id, "Grace"))

    assert (created.sourced_id, created.created, created.record) == ("u-upsert", True, None)
    assert replaced.created is False
    assert replaced.record is not None
    assert replaced.record.given_name == "Grace"
    assert emulator.request_count("PUT", route=f"{R}/users/{{id}}") == 2
    assert emulator.request_count("POST", route=f"{R}/users") == 1


@pytest.mark.anyio
async def test_users_delete_is_soft(client: OneRosterClient, seed: SeedSummary) -> None:
    await client.users.delete(seed.student_id)

    user = await client.users.get(seed.student_id)
    assert user.status == "tobedeleted"


@pytest.mark.anyio
async def test_users_classes_are_the_enrolled_classes(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    enrollments = await client.enrollments.list(
        filter={"user.sourcedId": seed.student_id}
    ).to_list()

    classes = await client.users.classes(seed.student_id).to_list()

    assert classes
    assert {c.sourced_id for c in classes} == {
        e.class_.sourced_id for e in enrollments if e.class_ is not None
    }


@pytest.mark.anyio
async def test_users_get_with_demographics_embeds_them(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    demographics = await client.demographics.list(max_items=1).to_list()
    user_id = demographics[0].sourced_id
    assert user_id is not None

    user = await client.users.get_with_demographics(user_id)

    assert user.sourced_id == user_id
    assert user.demographics is not None
    assert user.demographics.sourced_id == user_id


@pytest.mark.anyio
async def test_users_agents_can_be_listed_added_and_removed(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    wards = await client.users.agent_for(seed.guardian_id)
    assert wards
    ward = wards[0].sourced_id
    assert ward is not None
    assert seed.guardian_id in {a.sourced_id for a in await client.users.agents(ward)}

    await client.users.add_agent(ward, seed.teacher_id)
    added = {a.sourced_id for a in await client.users.agents(ward, fields="sourcedId")}
    await client.users.remove_agent(ward, seed.teacher_id)
    removed = {a.sourced_id for a in await client.users.agents(ward)}

    assert seed.teacher_id in added
    assert seed.teacher_id not in removed
    with pytest.raises(NotFoundError):
        await client.users.remove_agent(ward, seed.teacher_id)


@pytest.mark.anyio
async def test_users_credentials_are_registered_and_decrypted(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    registration = await client.users.register_credentials(
        seed.student_id,
        {"application_name": "Reading App", "credentials": {"username": "ada", "password": "pw"}},
    )

    assert registration.credential_id
    assert registration.user_profile_id
    password = await client.users.decrypt_credential(seed.student_id, registration.credential_id)
    assert password == "pw"
    user = await client.users.get(seed.student_id)
    assert registration.user_profile_id in {p.profile_id for p in user.user_profiles}


# -- students and teachers ----------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize(("role", "other"), [("student", "teacher"), ("teacher", "student")])
async def test_students_and_teachers_are_the_users_with_that_role(
    client: OneRosterClient, seed: SeedSummary, role: str, other: str
) -> None:
    resource = client.students if role == "student" else client.teachers
    own_id, other_id = getattr(seed, f"{role}_id"), getattr(seed, f"{other}_id")

    users = await resource.list().to_list()

    assert own_id in {user.sourced_id for user in users}
    assert all(any(r.role == role for r in user.roles) for user in users)
    assert (await resource.get(own_id)).sourced_id == own_id
    with pytest.raises(NotFoundError):
        await resource.get(other_id)


@pytest.mark.anyio
async def test_students_and_teachers_classes(client: OneRosterClient, seed: SeedSummary) -> None:
    student_classes = await client.students.classes(seed.student_id).to_list()
    teacher_classes = await client.teachers.classes(seed.teacher_id).to_list()

    assert student_classes
    assert teacher_classes
    assert all(isinstance(c, Class) for c in student_classes + teacher_classes)


# -- orgs and schools ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_orgs_create_update_upsert_delete(client: OneRosterClient, seed: SeedSummary) -> None:
    pair = await client.orgs.create(
        OrgInput(name="Arts Department", type="department", parent=seed.school_id)
    )
    org_id = pair.allocated_sourced_id
    updated = await client.orgs.update(org_id, {"name": "Arts", "type": "department"})
    upserted = await client.orgs.upsert("org-new", {"name": "New", "type": "local"})
    await client.orgs.delete(org_id)

    assert updated is not None
    assert updated.name == "Arts"
    assert upserted.created is True
    assert (await client.orgs.get(org_id)).status == "tobedeleted"
    assert {o.sourced_id for o in await client.orgs.list().to_list()} >= {
        seed.district_id,
        seed.school_id,
        "org-new",
    }


@pytest.mark.anyio
async def test_schools_create_defaults_the_type_to_school(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pair = await client.schools.create({"name": "Hopper High", "parent": seed.district_id})

    school = await client.schools.get(pair.allocated_sourced_id)
    assert (school.name, school.type) == ("Hopper High", "school")
    assert all(s.type == "school" for s in await client.schools.list().to_list())


@pytest.mark.anyio
async def test_school_scoped_lists(client: OneRosterClient, seed: SeedSummary) -> None:
    school = seed.school_id

    classes = await client.schools.classes(school).to_list()
    courses = await client.schools.courses(school).to_list()
    enrollments = await client.schools.enrollments(school, max_items=5).to_list()
    students = await client.schools.students(school).to_list()
    teachers = await client.schools.teachers(school).to_list()
    terms = await client.schools.terms(school).to_list()

    assert seed.class_id in {c.sourced_id for c in classes}
    assert seed.course_id in {c.sourced_id for c in courses}
    assert all(e.school is not None and e.school.sourced_id == school for e in enrollments)
    assert seed.student_id in {s.sourced_id for s in students}
    assert seed.teacher_id in {t.sourced_id for t in teachers}
    assert seed.term_id in {t.sourced_id for t in terms}
    assert all(t.type == "term" for t in terms)


@pytest.mark.anyio
async def test_school_class_scoped_lists(client: OneRosterClient, seed: SeedSummary) -> None:
    school, klass = seed.school_id, seed.class_id

    enrollments = await client.schools.class_enrollments(school, klass).to_list()
    students = await client.schools.class_students(school, klass).to_list()
    teachers = await client.schools.class_teachers(school, klass).to_list()

    assert all(e.class_ is not None and e.class_.sourced_id == klass for e in enrollments)
    assert {s.sourced_id for s in students} == {
        e.user.sourced_id for e in enrollments if e.role == "student" and e.user
    }
    assert {t.sourced_id for t in teachers} == {
        e.user.sourced_id for e in enrollments if e.role == "teacher" and e.user
    }
    with pytest.raises(NotFoundError):
        await client.schools.class_students(seed.district_id, klass).to_list()


# -- academic sessions, terms, grading periods --------------------------------------------------


@pytest.mark.anyio
async def test_academic_sessions_create_update_upsert_delete(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pair = await client.academic_sessions.create(session_input("as-summer", seed.school_id))
    updated = await client.academic_sessions.update(
        "as-summer", session_input("as-summer", seed.school_id, title="Summer")
    )
    upserted = await client.academic_sessions.upsert(
        "as-winter", session_input("as-winter", seed.school_id)
    )
    await client.academic_sessions.delete("as-summer")

    assert pair.allocated_sourced_id == "as-summer"
    assert updated is not None
    assert (updated.title, updated.school_year) == ("Summer", 2026)
    assert upserted.created is True
    assert (await client.academic_sessions.get("as-summer")).status == "tobedeleted"
    assert seed.school_year_id in {
        s.sourced_id for s in await client.academic_sessions.list().to_list()
    }


@pytest.mark.anyio
async def test_terms_and_their_classes_and_grading_periods(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    terms = await client.terms.list().to_list()
    term = await client.terms.get(seed.term_id)
    classes = await client.terms.classes(seed.term_id).to_list()
    periods = await client.terms.grading_periods(seed.term_id).to_list()

    assert all(t.type == "term" for t in terms)
    assert term.sourced_id == seed.term_id
    assert seed.class_id in {c.sourced_id for c in classes}
    assert periods
    assert all(p.type == "gradingPeriod" for p in periods)
    assert all(p.parent is not None and p.parent.sourced_id == seed.term_id for p in periods)


@pytest.mark.anyio
async def test_terms_create_a_grading_period(client: OneRosterClient, seed: SeedSummary) -> None:
    pair = await client.terms.create_grading_period(
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
    periods = await client.terms.grading_periods(seed.term_id).to_list()
    assert "gp-extra" in {p.sourced_id for p in periods}


@pytest.mark.anyio
async def test_terms_writes(client: OneRosterClient, seed: SeedSummary) -> None:
    pair = await client.terms.create(session_input("term-x", seed.school_id))
    updated = await client.terms.update(
        "term-x", session_input("term-x", seed.school_id, title="X")
    )
    await client.terms.delete("term-x")

    assert pair.allocated_sourced_id == "term-x"
    assert updated is not None
    assert updated.title == "X"
    assert (await client.terms.get("term-x")).status == "tobedeleted"


@pytest.mark.anyio
async def test_grading_periods_are_written_as_academic_sessions(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    body = session_input("gp-x", seed.school_id, type="gradingPeriod", parent=seed.term_id)
    pair = await client.grading_periods.create(body)
    updated = await client.grading_periods.update("gp-x", {**body, "title": "Renamed"})
    upserted = await client.grading_periods.upsert("gp-y", {**body, "sourced_id": "gp-y"})
    await client.grading_periods.delete("gp-x")

    assert pair.allocated_sourced_id == "gp-x"
    assert updated is not None
    assert updated.title == "Renamed"
    assert upserted.created is True
    fetched = await client.grading_periods.get("gp-x")
    assert (fetched.type, fetched.status) == ("gradingPeriod", "tobedeleted")
    listed = await client.grading_periods.list(filter=F("sourcedId") == "gp-y").to_list()
    assert [p.sourced_id for p in listed] == ["gp-y"]


# -- classes ------------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_classes_create_update_upsert_delete(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    data = ClassInput(
        title="Robotics", course=seed.course_id, org=seed.school_id, terms=[seed.term_id]
    )
    pair = await client.classes.create(data)
    class_id = pair.allocated_sourced_id
    fetched = await client.classes.get(class_id)
    # A fetched class names its school `school`; sent back, it goes out as `org`.
    updated = await client.classes.update(class_id, fetched.model_copy(update={"title": "Bots"}))
    upserted = await client.classes.upsert("cls-new", data)
    await client.classes.delete(class_id)

    assert fetched.school is not None
    assert fetched.school.sourced_id == seed.school_id
    assert updated is not None
    assert updated.title == "Bots"
    assert updated.school is not None
    assert updated.school.sourced_id == seed.school_id
    assert upserted.created is True
    assert (await client.classes.get(class_id)).status == "tobedeleted"


@pytest.mark.anyio
async def test_class_roster_lists_and_adds(client: OneRosterClient, seed: SeedSummary) -> None:
    new_student = (await client.users.create(user_input(seed.school_id))).allocated_sourced_id
    new_teacher = (
        await client.users.create(user_input(seed.school_id, role="teacher"))
    ).allocated_sourced_id

    student_pair = await client.classes.add_student(seed.class_id, {"user": new_student})
    teacher_pair = await client.classes.add_teacher(
        seed.class_id, {"user": new_teacher, "primary": True}
    )
    students = await client.classes.students(seed.class_id).to_list()
    teachers = await client.classes.teachers(seed.class_id).to_list()
    enrollments = await client.classes.enrollments(seed.class_id).to_list()

    assert new_student in {s.sourced_id for s in students}
    assert new_teacher in {t.sourced_id for t in teachers}
    by_id = {e.sourced_id: e for e in enrollments}
    assert by_id[student_pair.allocated_sourced_id].role == "student"
    assert by_id[teacher_pair.allocated_sourced_id].role == "teacher"
    assert by_id[teacher_pair.allocated_sourced_id].primary is True


# -- courses, components, component resources ---------------------------------------------------


@pytest.mark.anyio
async def test_courses_create_update_upsert_delete_and_classes(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pair = await client.courses.create({"title": "Astronomy", "org": seed.school_id})
    course_id = pair.allocated_sourced_id
    updated = await client.courses.update(
        course_id, {"title": "Astronomy II", "org": seed.school_id, "course_code": "AST-2"}
    )
    upserted = await client.courses.upsert("crs-new", {"title": "New", "org": seed.school_id})
    await client.courses.delete(course_id)
    classes = await client.courses.classes(seed.course_id).to_list()

    assert updated is not None
    assert (updated.title, updated.course_code) == ("Astronomy II", "AST-2")
    assert upserted.created is True
    assert (await client.courses.get(course_id)).status == "tobedeleted"
    assert seed.class_id in {c.sourced_id for c in classes}


@pytest.mark.anyio
async def test_course_components_by_course_and_writes(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    components = await client.courses.components.list(
        filter={"course.sourcedId": seed.course_id}
    ).to_list()
    pair = await client.courses.components.create(
        {"course": seed.course_id, "title": "Unit 9", "sort_order": 9}
    )
    component_id = pair.allocated_sourced_id
    updated = await client.courses.components.update(
        component_id, {"course": seed.course_id, "title": "Unit 10", "sort_order": 10}
    )
    await client.courses.components.delete(component_id)

    assert components
    assert all(c.course is not None and c.course.sourced_id == seed.course_id for c in components)
    assert updated is not None
    assert (updated.title, updated.sort_order) == ("Unit 10", 10)
    assert (await client.courses.components.get(component_id)).status == "tobedeleted"


@pytest.mark.anyio
async def test_component_resources_writes(client: OneRosterClient, seed: SeedSummary) -> None:
    component = (await client.courses.components.list(max_items=1).to_list())[0]
    assert component.sourced_id is not None
    data = {
        "sourced_id": "cr-x",
        "title": "Reading",
        "course_component": component.sourced_id,
        "resource": seed.resource_id,
        "lesson_type": "quiz",
    }

    pair = await client.courses.component_resources.create(data)
    updated = await client.courses.component_resources.update("cr-x", {**data, "sort_order": 3})
    upserted = await client.courses.component_resources.upsert(
        "cr-y", {**data, "sourced_id": "cr-y"}
    )
    listed = await client.courses.component_resources.list(filter={"sourcedId": "cr-x"}).to_list()
    await client.courses.component_resources.delete("cr-x")

    assert pair.allocated_sourced_id == "cr-x"
    assert updated is not None
    assert (updated.sort_order, updated.lesson_type) == (3, "quiz")
    assert upserted.created is True
    assert [c.sourced_id for c in listed] == ["cr-x"]
    assert (await client.courses.component_resources.get("cr-x")).status == "tobedeleted"


@pytest.mark.anyio
async def test_course_structure_creates_course_and_components(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pair = await client.courses.create_structure(
        {"sourced_id": "crs-tree", "title": "Tree", "org": seed.school_id},
        {"components": [{"title": "Unit 1", "children": [{"title": "Lesson 1"}]}]},
    )

    components = await client.courses.components.list(
        filter={"course.sourcedId": "crs-tree"}
    ).to_list()
    assert pair.allocated_sourced_id == "crs-tree"
    assert sorted(c.title or "" for c in components) == ["Lesson 1", "Unit 1"]


# -- enrollments and demographics ---------------------------------------------------------------


@pytest.mark.anyio
async def test_enrollments_create_update_patch_delete(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    data = {"role": "student", "user": seed.teacher_id, "class": seed.class_id}
    pair = await client.enrollments.create(data)
    enrollment_id = pair.allocated_sourced_id
    updated = await client.enrollments.update(enrollment_id, {**data, "begin_date": "2025-09-01"})
    patched = await client.enrollments.patch(
        enrollment_id, EnrollmentPatch(end_date="2026-06-30", primary=False)
    )
    await client.enrollments.delete(enrollment_id)

    assert updated is not None
    assert str(updated.begin_date) == "2025-09-01"
    assert patched is not None
    assert (str(patched.begin_date), str(patched.end_date)) == ("2025-09-01", "2026-06-30")
    assert patched.school is not None
    assert patched.school.sourced_id == seed.school_id
    assert (await client.enrollments.get(enrollment_id)).status == "tobedeleted"
    in_class = await client.enrollments.list(filter={"class.sourcedId": seed.class_id}).to_list()
    assert enrollment_id in {e.sourced_id for e in in_class}


@pytest.mark.anyio
async def test_demographics_create_update_upsert_delete(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    user_id = (await client.users.create(user_input(seed.school_id))).allocated_sourced_id

    pair = await client.demographics.create({"sourced_id": user_id, "sex": "female"})
    updated = await client.demographics.update(
        user_id, {"birth_date": "2012-05-01", "sex": "female", "asian": True}
    )
    upserted = await client.demographics.upsert(user_id, {"sex": "male"})
    await client.demographics.delete(user_id)

    assert pair.allocated_sourced_id == user_id
    assert updated is not None
    assert (str(updated.birth_date), updated.asian) == ("2012-05-01", True)
    assert upserted.created is False
    fetched = await client.demographics.get(user_id)
    assert (fetched.sex, fetched.status) == ("male", "tobedeleted")
