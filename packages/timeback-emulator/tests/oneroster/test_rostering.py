"""Rostering endpoints over HTTP: CRUD, envelope keys, scoped listings, write semantics."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from timeback_emulator._seed import SeedSummary

pytestmark = pytest.mark.anyio

R = "/ims/oneroster/rostering/v1p2"
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def new_user(sid: str | None = "u1", **extra: Any) -> dict[str, Any]:
    user: dict[str, Any] = {
        "enabledUser": True,
        "givenName": "Ada",
        "familyName": "Lovelace",
        "email": "ada@example.org",
        "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "sch-1"}}],
        **extra,
    }
    if sid is not None:
        user["sourcedId"] = sid
    return user


async def setup_school(client: httpx.AsyncClient) -> None:
    """A district, a school, a term, a course and a class."""
    for path, key, body in [
        ("orgs", "org", {"sourcedId": "d-1", "name": "District", "type": "district"}),
        ("schools", "org", {"sourcedId": "sch-1", "name": "School",
                            "parent": {"sourcedId": "d-1"}}),
        ("academicSessions", "academicSession", {
            "sourcedId": "t-1", "title": "Fall", "type": "term", "startDate": "2025-08-01",
            "endDate": "2026-01-01", "schoolYear": "2026", "org": {"sourcedId": "sch-1"}}),
        ("courses", "course", {"sourcedId": "c-1", "title": "Math", "org": {"sourcedId": "sch-1"}}),
        ("classes", "class", {"sourcedId": "k-1", "title": "Math A", "course": {"sourcedId": "c-1"},
                              "org": {"sourcedId": "sch-1"}, "terms": [{"sourcedId": "t-1"}]}),
    ]:  # fmt: skip
        response = await client.post(f"{R}/{path}", json={key: body})
        assert response.status_code == 201, response.text


# ---- users: create / read / update / patch / delete


async def test_create_user_answers_201_with_sourced_id_pairs(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{R}/users", json={"user": new_user()})
    assert response.status_code == 201
    assert response.json() == {
        "sourcedIdPairs": {"suppliedSourcedId": "u1", "allocatedSourcedId": "u1"}
    }


async def test_create_without_sourced_id_allocates_uuid(client: httpx.AsyncClient) -> None:
    response = await client.post(f"{R}/users", json={"user": new_user(None)})
    pair = response.json()["sourcedIdPairs"]
    assert re.fullmatch(r"[0-9a-f-]{36}", pair["allocatedSourcedId"])
    assert pair["suppliedSourcedId"] == pair["allocatedSourcedId"]
    assert (await client.get(f"{R}/users/{pair['allocatedSourcedId']}")).status_code == 200


async def test_created_user_is_canonical(client: httpx.AsyncClient) -> None:
    await client.post(f"{R}/users", json={"user": new_user(dateLastModified="1990-01-01")})
    user = (await client.get(f"{R}/users/u1")).json()["user"]
    assert user["enabledUser"] == "true"
    assert user["status"] == "active"
    assert STAMP.fullmatch(user["dateLastModified"])
    assert user["agents"] == []
    assert user["userProfiles"] == []
    assert user["roles"][0]["org"] == {
        "href": f"http://emu.test{R}/orgs/sch-1",
        "sourcedId": "sch-1",
        "type": "org",
    }


async def test_duplicate_create_is_409(client: httpx.AsyncClient, ims_error: Any) -> None:
    await client.post(f"{R}/users", json={"user": new_user()})
    ims_error(await client.post(f"{R}/users", json={"user": new_user()}), 409, "invaliddata")


async def test_create_missing_required_fields_is_422_naming_them(
    client: httpx.AsyncClient, ims_error: Any
) -> None:
    response = await client.post(f"{R}/users", json={"user": {"givenName": "X"}})
    body = ims_error(response, 422, "invaliddata")
    named = {d["field"] for d in body["imsx_error_details"]}
    assert {"enabledUser", "familyName", "roles"} <= named
    assert "givenName" not in named


async def test_create_with_bad_role_is_422(client: httpx.AsyncClient, ims_error: Any) -> None:
    bad = new_user(roles=[{"roleType": "primary", "role": "wizard", "org": {"sourcedId": "s"}}])
    body = ims_error(await client.post(f"{R}/users", json={"user": bad}), 422, "invaliddata")
    assert body["imsx_error_details"][0]["field"] == "roles[0].role"


async def test_create_without_wrapper_is_422(client: httpx.AsyncClient, ims_error: Any) -> None:
    ims_error(await client.post(f"{R}/users", json=new_user()), 422, "invaliddata")


async def test_malformed_json_is_400(client: httpx.AsyncClient, ims_error: Any) -> None:
    response = await client.post(
        f"{R}/users", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    ims_error(response, 400, "invaliddata")


async def test_get_unknown_user_is_404(client: httpx.AsyncClient, ims_error: Any) -> None:
    body = ims_error(await client.get(f"{R}/users/nope"), 404, "unknownobject")
    assert body["imsx_description"] == "User not found."


async def test_put_user_replaces_and_answers_200_with_user(client: httpx.AsyncClient) -> None:
    await client.post(f"{R}/users", json={"user": new_user(middleName="B")})
    before = (await client.get(f"{R}/users/u1")).json()["user"]
    response = await client.put(f"{R}/users/u1", json={"user": new_user(givenName="Grace")})
    assert response.status_code == 200
    user = response.json()["user"]
    assert user["givenName"] == "Grace"
    assert "middleName" not in user
    assert user["dateLastModified"] >= before["dateLastModified"]


async def test_put_unknown_user_is_404(client: httpx.AsyncClient, ims_error: Any) -> None:
    ims_error(
        await client.put(f"{R}/users/u9", json={"user": new_user("u9")}), 404, "unknownobject"
    )


async def test_put_with_other_body_id_is_400(client: httpx.AsyncClient, ims_error: Any) -> None:
    await client.post(f"{R}/users", json={"user": new_user()})
    ims_error(await client.put(f"{R}/users/u1", json={"user": new_user("u2")}), 400, "invaliddata")


async def test_patch_merges_members(client: httpx.AsyncClient) -> None:
    await client.post(f"{R}/users", json={"user": new_user()})
    response = await client.patch(f"{R}/users/u1", json={"user": {"enabledUser": False}})
    assert response.status_code == 200
    user = response.json()["user"]
    assert (user["enabledUser"], user["givenName"]) == ("false", "Ada")


async def test_delete_is_soft_and_repeatable(client: httpx.AsyncClient, ims_error: Any) -> None:
    await client.post(f"{R}/users", json={"user": new_user()})
    before = (await client.get(f"{R}/users/u1")).json()["user"]["dateLastModified"]
    assert (await client.delete(f"{R}/users/u1")).status_code == 204
    assert (await client.delete(f"{R}/users/u1")).status_code == 204
    user = (await client.get(f"{R}/users/u1")).json()["user"]
    assert user["status"] == "tobedeleted"
    assert user["dateLastModified"] >= before
    listed = (await client.get(f"{R}/users")).json()["users"]
    assert [u["sourcedId"] for u in listed] == ["u1"]
    ims_error(await client.delete(f"{R}/users/nope"), 404, "unknownobject")


# ---- orgs, schools, sessions: keys, statuses and conversions


async def test_schools_list_under_orgs_key_and_only_schools(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    body = (await client.get(f"{R}/schools")).json()
    assert [o["sourcedId"] for o in body["orgs"]] == ["sch-1"]
    assert (await client.get(f"{R}/schools/d-1")).status_code == 404
    assert (await client.get(f"{R}/orgs/d-1")).json()["org"]["children"][0]["sourcedId"] == "sch-1"


async def test_org_put_answers_201_school_put_200(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    org = {"sourcedId": "d-1", "name": "District 2", "type": "district"}
    assert (await client.put(f"{R}/orgs/d-1", json={"org": org})).status_code == 201
    school = {"sourcedId": "sch-1", "name": "School 2"}
    response = await client.put(f"{R}/schools/sch-1", json={"org": school})
    assert response.status_code == 200
    assert response.json()["org"]["type"] == "school"


async def test_school_year_accepts_string_emits_number(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    session = (await client.get(f"{R}/academicSessions/t-1")).json()["academicSession"]
    assert session["schoolYear"] == 2026
    term = (await client.get(f"{R}/terms/t-1")).json()["term"]
    assert term["sourcedId"] == "t-1"


async def test_academic_session_create_requires_sourced_id(
    client: httpx.AsyncClient, ims_error: Any
) -> None:
    body = {"title": "X", "type": "term", "startDate": "2025-01-01", "endDate": "2025-06-01",
            "schoolYear": 2025, "org": {"sourcedId": "s"}}  # fmt: skip
    response = await client.post(f"{R}/academicSessions", json={"academicSession": body})
    assert "sourcedId" in {
        d["field"] for d in ims_error(response, 422, "invaliddata")["imsx_error_details"]
    }


async def test_grading_period_keys(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    gp = {"sourcedId": "gp-1", "title": "Q1", "startDate": "2025-08-01", "endDate": "2025-10-01",
          "schoolYear": 2026, "org": {"sourcedId": "sch-1"},
          "parent": {"sourcedId": "t-1"}}  # fmt: skip
    assert (
        await client.post(f"{R}/gradingPeriods", json={"academicSession": gp})
    ).status_code == 201
    assert (await client.get(f"{R}/gradingPeriods")).json()["gradingPeriods"][0][
        "sourcedId"
    ] == "gp-1"
    assert (await client.get(f"{R}/gradingPeriods/gp-1")).json()["gradingPeriod"]["type"] == (
        "gradingPeriod"
    )
    put = await client.put(f"{R}/gradingPeriods/gp-1", json={"academicSession": gp})
    assert put.status_code == 201
    scoped = (await client.get(f"{R}/terms/t-1/gradingPeriods")).json()["gradingPeriods"]
    assert [g["sourcedId"] for g in scoped] == ["gp-1"]


async def test_term_scoped_grading_period_create(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    body = {"academicSession": {"sourcedId": "gp-2", "title": "Q2", "startDate": "2025-10-01",
            "endDate": "2026-01-01", "type": "gradingPeriod", "tenantId": None,
            "clientAppId": None}}  # fmt: skip
    response = await client.post(f"{R}/terms/t-1/gradingPeriods", json=body)
    assert response.status_code == 201
    out = response.json()
    assert out["academicSession"]["parent"]["sourcedId"] == "t-1"
    assert out["academicSession"]["schoolYear"] == 2026
    assert out["sourcedIdPairs"]["allocatedSourcedId"] == "gp-2"
    term = (await client.get(f"{R}/terms/t-1")).json()["term"]
    assert [c["sourcedId"] for c in term["children"]] == ["gp-2"]


async def test_term_scoped_grading_period_unknown_term_is_404(
    client: httpx.AsyncClient, ims_error: Any
) -> None:
    response = await client.post(f"{R}/terms/t-9/gradingPeriods", json={"academicSession": {}})
    assert ims_error(response, 404, "unknownobject")["imsx_description"] == "Term not found."


# ---- classes, enrollments


async def test_class_create_with_school_instead_of_org_is_422(
    client: httpx.AsyncClient, ims_error: Any
) -> None:
    body = {"title": "X", "course": {"sourcedId": "c"}, "school": {"sourcedId": "s"},
            "terms": [{"sourcedId": "t"}]}  # fmt: skip
    response = await client.post(f"{R}/classes", json={"class": body})
    fields = {d["field"] for d in ims_error(response, 422, "invaliddata")["imsx_error_details"]}
    assert "org" in fields


async def test_class_reads_school_not_org(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    klass = (await client.get(f"{R}/classes/k-1")).json()["class"]
    assert klass["school"]["sourcedId"] == "sch-1"
    assert "org" not in klass
    assert klass["classCode"] is None
    assert klass["location"] is None
    assert klass["terms"][0]["href"].endswith(f"{R}/academicSessions/t-1")


async def test_class_students_post_get_keys(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    await client.post(f"{R}/users", json={"user": new_user("s-1")})
    response = await client.post(
        f"{R}/classes/k-1/students", json={"enrollment": {"user": {"sourcedId": "s-1"}}}
    )
    assert response.status_code == 201
    enrollment_id = response.json()["sourcedIdPairs"]["allocatedSourcedId"]
    enrollment = (await client.get(f"{R}/enrollments/{enrollment_id}")).json()["enrollment"]
    assert (enrollment["role"], enrollment["primary"]) == ("student", "false")
    assert enrollment["school"]["sourcedId"] == "sch-1"
    body = (await client.get(f"{R}/classes/k-1/students")).json()
    assert [u["sourcedId"] for u in body["students"]] == ["s-1"]
    assert body["users"] == body["students"]
    teachers = (await client.get(f"{R}/classes/k-1/teachers")).json()
    assert teachers["teachers"] == teachers["users"] == []


async def test_enrollment_put_201_patch_200_and_primary_string(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    body = {"sourcedId": "e-1", "role": "teacher", "primary": True, "user": {"sourcedId": "x"},
            "class": {"sourcedId": "k-1"}}  # fmt: skip
    assert (await client.post(f"{R}/enrollments", json={"enrollment": body})).status_code == 201
    put = await client.put(
        f"{R}/enrollments/e-1", json={"enrollment": {**body, "primary": "false"}}
    )
    assert put.status_code == 201
    assert put.json()["enrollment"]["primary"] == "false"
    patch = await client.patch(f"{R}/enrollments/e-1", json={"enrollment": {"primary": True}})
    assert (patch.status_code, patch.json()["enrollment"]["primary"]) == (200, "true")


async def test_demographics_single_key_is_plural(client: httpx.AsyncClient) -> None:
    body = {"demographics": {"sourcedId": "u1", "sex": "female", "white": True}}
    assert (await client.post(f"{R}/demographics", json=body)).status_code == 201
    out = (await client.get(f"{R}/demographics/u1")).json()["demographics"]
    assert (out["white"], out["asian"], out["birthDate"]) == ("true", None, None)


# ---- scoped listings over the seeded district (read-only)


async def test_scoped_rostering_lists(seeded: httpx.AsyncClient, summary: SeedSummary) -> None:
    s = summary
    expectations = {
        f"{R}/schools/{s.school_id}/classes": ("classes", s.class_id),
        f"{R}/schools/{s.school_id}/courses": ("courses", s.course_id),
        f"{R}/schools/{s.school_id}/students": ("users", s.student_id),
        f"{R}/schools/{s.school_id}/teachers": ("users", s.teacher_id),
        f"{R}/schools/{s.school_id}/terms": ("terms", s.term_id),
        f"{R}/schools/{s.school_id}/classes/{s.class_id}/students": ("users", s.student_id),
        f"{R}/schools/{s.school_id}/classes/{s.class_id}/teachers": ("users", s.teacher_id),
        f"{R}/users/{s.student_id}/classes": ("classes", s.class_id),
        f"{R}/students/{s.student_id}/classes": ("classes", s.class_id),
        f"{R}/teachers/{s.teacher_id}/classes": ("classes", s.class_id),
        f"{R}/terms/{s.term_id}/classes": ("classes", s.class_id),
        f"{R}/courses/{s.course_id}/classes": ("classes", s.class_id),
        f"{R}/students": ("users", s.student_id),
        f"{R}/teachers": ("users", s.teacher_id),
    }
    for path, (key, expected) in expectations.items():
        response = await seeded.get(path, params={"limit": 3000})
        assert response.status_code == 200, path
        body = response.json()
        assert expected in [item["sourcedId"] for item in body[key]], path
        assert body["totalCount"] == len(body[key]), path


async def test_school_class_enrollments(seeded: httpx.AsyncClient, summary: SeedSummary) -> None:
    path = f"{R}/schools/{summary.school_id}/classes/{summary.class_id}/enrollments"
    body = (await seeded.get(path)).json()
    assert body["enrollments"]
    assert {e["class"]["sourcedId"] for e in body["enrollments"]} == {summary.class_id}


async def test_school_enrollments(seeded: httpx.AsyncClient, summary: SeedSummary) -> None:
    body = (await seeded.get(f"{R}/schools/{summary.school_id}/enrollments")).json()
    assert {e["school"]["sourcedId"] for e in body["enrollments"]} == {summary.school_id}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/classes/nope/students", "Class not found."),
        ("/classes/nope/teachers", "Class not found."),
        ("/classes/nope/enrollments", "Class not found."),
        ("/schools/nope/classes", "School not found."),
        ("/schools/nope/classes/nope/enrollments", "School or class not found."),
        ("/users/nope/classes", "User not found."),
        ("/students/nope/classes", "Student not found."),
        ("/teachers/nope/classes", "Teacher not found."),
        ("/terms/nope/classes", "Term not found."),
        ("/courses/nope/classes", "Course not found."),
        ("/users/nope/demographics", "User not found."),
    ],
)
async def test_scoped_list_with_missing_parent_is_404(
    seeded: httpx.AsyncClient, path: str, message: str, ims_error: Any
) -> None:
    body = ims_error(await seeded.get(R + path), 404, "unknownobject")
    assert body["imsx_description"] == message


async def test_class_of_other_school_is_404(
    seeded: httpx.AsyncClient, summary: SeedSummary, ims_error: Any
) -> None:
    path = f"{R}/schools/{summary.district_id}/classes/{summary.class_id}/students"
    ims_error(await seeded.get(path), 404, "unknownobject")


async def test_student_view_excludes_teachers(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    assert (await seeded.get(f"{R}/students/{summary.teacher_id}")).status_code == 404
    assert (await seeded.get(f"{R}/teachers/{summary.teacher_id}")).status_code == 200


async def test_user_with_demographics(seeded: httpx.AsyncClient, summary: SeedSummary) -> None:
    body = (await seeded.get(f"{R}/users/{summary.student_id}/demographics")).json()
    assert body["user"]["sourcedId"] == summary.student_id
    assert body["user"]["demographics"]["sourcedId"] == summary.student_id
    projected = await seeded.get(
        f"{R}/users/{summary.student_id}/demographics", params={"fields": "demographics"}
    )
    assert set(projected.json()["user"]) == {"demographics"}


# ---- agents and credentials


async def test_agents_add_list_remove(client: httpx.AsyncClient, ims_error: Any) -> None:
    await client.post(f"{R}/users", json={"user": new_user("kid")})
    parent = new_user("mom", roles=[{"roleType": "primary", "role": "parent",
                                     "org": {"sourcedId": "sch-1"}}])  # fmt: skip
    await client.post(f"{R}/users", json={"user": parent})
    added = await client.post(f"{R}/users/kid/agents", json={"agentSourcedId": "mom"})
    assert added.status_code == 201
    assert [
        a["sourcedId"] for a in (await client.get(f"{R}/users/kid/agents")).json()["agents"]
    ] == ["mom"]
    agent_for = (await client.get(f"{R}/users/mom/agentFor")).json()["users"]
    assert [u["sourcedId"] for u in agent_for] == ["kid"]
    assert (await client.delete(f"{R}/users/kid/agents/mom")).status_code == 204
    assert (await client.get(f"{R}/users/kid/agents")).json()["agents"] == []
    ims_error(await client.delete(f"{R}/users/kid/agents/mom"), 404, "unknownobject")


async def test_credentials_register_update_decrypt(client: httpx.AsyncClient) -> None:
    await client.post(f"{R}/users", json={"user": new_user()})
    body = {"applicationName": "Reading App", "credentials": {"username": "ada", "password": "s1"}}
    created = await client.post(f"{R}/users/u1/credentials", json=body)
    assert created.status_code == 201
    out = created.json()
    assert set(out) == {"userProfileId", "credentialId", "message"}
    body["credentials"]["password"] = "s2"  # type: ignore[index]
    updated = await client.post(f"{R}/users/u1/credentials", json=body)
    assert updated.status_code == 200
    assert updated.json()["credentialId"] == out["credentialId"]
    decrypted = await client.post(
        f"{R}/users/u1/credentials/{out['credentialId']}/decrypt", json={}
    )
    assert decrypted.json() == {"password": "s2"}
    profiles = (await client.get(f"{R}/users/u1")).json()["user"]["userProfiles"]
    assert [p["profileId"] for p in profiles] == [out["userProfileId"]]
    assert profiles[0]["credentials"][0]["password"] is None


async def test_credentials_validation_and_unknown(
    client: httpx.AsyncClient, ims_error: Any
) -> None:
    await client.post(f"{R}/users", json={"user": new_user()})
    ims_error(await client.post(f"{R}/users/u1/credentials", json={}), 422, "invaliddata")
    ims_error(
        await client.post(f"{R}/users/u1/credentials/x/decrypt", json={}), 404, "unknownobject"
    )


# ---- courses: literal segments before {id}, structure


async def test_course_components_route_before_course_id(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    comp = {
        "sourcedId": "cc-1",
        "title": "Unit 1",
        "course": {"sourcedId": "c-1"},
        "sortOrder": "2",
    }
    assert (
        await client.post(f"{R}/courses/components", json={"courseComponent": comp})
    ).status_code == 201
    listed = await client.get(
        f"{R}/courses/components", params={"filter": "course.sourcedId='c-1'"}
    )
    assert [c["sourcedId"] for c in listed.json()["courseComponents"]] == ["cc-1"]
    got = (await client.get(f"{R}/courses/components/cc-1")).json()["courseComponent"]
    assert got["sortOrder"] == 2
    res = {"sourcedId": "cr-1", "title": "Video", "courseComponent": {"sourcedId": "cc-1"},
           "resource": {"sourcedId": "r-1"}}  # fmt: skip
    assert (
        await client.post(f"{R}/courses/component-resources", json={"componentResource": res})
    ).status_code == 201
    assert (await client.get(f"{R}/courses/component-resources")).json()["componentResources"][0][
        "sourcedId"
    ] == "cr-1"
    assert (await client.get(f"{R}/courses/c-1")).json()["course"]["sourcedId"] == "c-1"


async def test_course_structure_creates_course_and_tree(client: httpx.AsyncClient) -> None:
    body = {
        "course": {"sourcedId": "c-9", "title": "Physics", "org": {"sourcedId": "sch-1"}},
        "courseStructure": {"components": [
            {"sourcedId": "u-1", "title": "Unit 1", "children": [
                {"sourcedId": "l-1", "title": "Lesson 1", "componentResources": [
                    {"sourcedId": "cr-9", "title": "Read", "resource": {"sourcedId": "r-9"}}]}]}]},
    }  # fmt: skip
    response = await client.post(f"{R}/courses/structure", json=body)
    assert response.status_code == 201
    assert response.json()["sourcedIdPairs"]["allocatedSourcedId"] == "c-9"
    lesson = (await client.get(f"{R}/courses/components/l-1")).json()["courseComponent"]
    assert (lesson["parent"]["sourcedId"], lesson["course"]["sourcedId"]) == ("u-1", "c-9")
    assert (await client.get(f"{R}/courses/component-resources/cr-9")).status_code == 200


async def test_unsupported_method_is_405_with_ims_body(
    client: httpx.AsyncClient, ims_error: Any
) -> None:
    ims_error(await client.patch(f"{R}/users"), 405, "invaliddata")


async def test_put_parent_without_children_keeps_them(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    org = {"sourcedId": "d-1", "name": "Renamed", "type": "district"}
    await client.put(f"{R}/orgs/d-1", json={"org": org})
    children = (await client.get(f"{R}/orgs/d-1")).json()["org"]["children"]
    assert [c["sourcedId"] for c in children] == ["sch-1"]


async def test_moving_a_school_updates_both_parents(client: httpx.AsyncClient) -> None:
    await setup_school(client)
    other = {"sourcedId": "d-2", "name": "Other", "type": "district"}
    await client.post(f"{R}/orgs", json={"org": other})
    await client.patch(f"{R}/schools/sch-1", json={"org": {"parent": {"sourcedId": "d-2"}}})
    old = (await client.get(f"{R}/orgs/d-1")).json()["org"]["children"]
    new = (await client.get(f"{R}/orgs/d-2")).json()["org"]["children"]
    assert (old, [c["sourcedId"] for c in new]) == ([], ["sch-1"])
