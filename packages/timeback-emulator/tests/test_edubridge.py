"""Edubridge endpoints (§5.2) and enroll side effects seen through the OneRoster routes (§5.4)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio

TODAY = dt.date(2026, 3, 10)  # school year 2025-2026 (ends 2026)
E = "/edubridge"
R = "/ims/oneroster/rostering/v1p2"


@pytest.fixture
def emu(request: pytest.FixtureRequest) -> InProcessEmulator:
    marker = request.node.get_closest_marker("timeback_emulator")
    return InProcessEmulator(today=TODAY, **(marker.kwargs if marker else {}))


@pytest.fixture
def seed(emu: InProcessEmulator) -> dict[str, Any]:
    summary: dict[str, Any] = emu.seed_summary()["summary"]
    return summary


def enc(value: str) -> str:
    return quote(value, safe="")


async def enroll(
    api: httpx.AsyncClient, user: str, course: str, body: Any = None, school: str | None = None
) -> httpx.Response:
    path = f"{E}/enrollments/enroll/{enc(user)}/{enc(course)}"
    if school is not None:
        path += f"/{enc(school)}"
    return await api.post(path, json={} if body is None else body)


# -- #1 ------------------------------------------------------------------------------------------


async def test_user_enrollments_list_active_enrollments(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    response = await api.get(f"{E}/enrollments/user/{seed['student_id']}")
    data = response.json()["data"]
    assert response.status_code == 200
    assert data
    first = data[0]
    assert set(first) >= {"id", "role", "metadata", "course", "school", "testOutSupported"}
    assert first["school"]["id"] == seed["school_id"]


async def test_user_enrollments_of_unknown_user_is_404(api: httpx.AsyncClient) -> None:
    response = await api.get(f"{E}/enrollments/user/nobody")
    assert response.status_code == 404
    assert response.json() == {"message": "User not found"}


# -- #2 and §5.4 -----------------------------------------------------------------------------------


async def test_enroll_creates_year_term_class_and_enrollment(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    goals = {"dailyXp": 50, "dailyLessons": 2}
    response = await enroll(
        api, seed["student_id"], seed["course_id"], {"metadata": {"goals": goals}}
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["role"] == "student"
    assert data["metadata"]["goals"] == goals
    assert data["course"]["id"] == seed["course_id"]
    assert data["school"]["id"] == seed["school_id"]

    enrollment = (await api.get(f"{R}/enrollments/{enc(data['id'])}")).json()["enrollment"]
    assert enrollment["user"]["sourcedId"] == seed["student_id"]
    klass = (await api.get(f"{R}/classes/{enc(enrollment['class']['sourcedId'])}")).json()["class"]
    assert klass["course"]["sourcedId"] == seed["course_id"]
    assert klass["school"]["sourcedId"] == seed["school_id"]
    assert klass["classType"] == "scheduled"
    term_id = klass["terms"][0]["sourcedId"]
    term = (await api.get(f"{R}/academicSessions/{enc(term_id)}")).json()["academicSession"]
    assert term["type"] == "term"
    year_id = term["parent"]["sourcedId"]
    year = (await api.get(f"{R}/academicSessions/{enc(year_id)}")).json()["academicSession"]
    assert year["type"] == "schoolYear"
    assert year["schoolYear"] == 2026
    assert (term["startDate"], term["endDate"]) == (year["startDate"], year["endDate"])
    assert year["org"]["sourcedId"] == seed["school_id"]
    assert data["periods"] == [
        {
            "id": term_id,
            "title": term["title"],
            "startDate": year["startDate"],
            "endDate": year["endDate"],
        }
    ]


@pytest.mark.timeback_emulator(seed=None)
async def test_enroll_creates_the_school_year_when_missing(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.store.insert("orgs", {"sourcedId": "school-x", "name": "X", "type": "school"})
    emu.store.insert(
        "users",
        {
            "sourcedId": "u-x",
            "enabledUser": "true",
            "givenName": "A",
            "familyName": "B",
            "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "school-x"}}],
        },
    )
    emu.store.insert(
        "courses", {"sourcedId": "c-x", "title": "C", "org": {"sourcedId": "school-x"}}
    )
    data = (await enroll(api, "u-x", "c-x")).json()["data"]
    term_id = data["periods"][0]["id"]
    term = (await api.get(f"{R}/academicSessions/{enc(term_id)}")).json()["academicSession"]
    year_id = term["parent"]["sourcedId"]
    year = (await api.get(f"{R}/academicSessions/{enc(year_id)}")).json()["academicSession"]
    assert (year["startDate"], year["endDate"], year["schoolYear"]) == (
        "2025-07-01",
        "2026-06-30",
        2026,
    )
    assert year["children"][0]["sourcedId"] == term_id
    assert data["school"] == {"id": "school-x", "name": "X"}


async def test_re_enroll_updates_the_same_enrollment(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    first = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    classes_before = emu.store.count("classes")
    sessions_before = emu.store.count("academicSessions")
    second = (
        await enroll(
            api,
            seed["student_id"],
            seed["course_id"],
            {"role": "teacher", "metadata": {"metrics": {"totalXp": 300}}},
        )
    ).json()["data"]
    assert second["id"] == first["id"]
    assert second["role"] == "teacher"
    assert second["metadata"]["metrics"] == {"totalXp": 300}
    assert emu.store.count("classes") == classes_before
    assert emu.store.count("academicSessions") == sessions_before


async def test_enroll_another_user_reuses_the_class(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    a = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    b = (await enroll(api, seed["teacher_id"], seed["course_id"], {"role": "teacher"})).json()[
        "data"
    ]
    class_a = emu.store.get("enrollments", a["id"])["class"]["sourcedId"]
    class_b = emu.store.get("enrollments", b["id"])["class"]["sourcedId"]
    assert class_a == class_b


async def test_enroll_with_school_and_sourced_id(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    other_school = next(
        o["sourcedId"]
        for o in emu.store.find("orgs", filter="type='school'")
        if o["sourcedId"] != seed["school_id"]
    )
    response = await enroll(
        api,
        seed["student_id"],
        seed["course_id"],
        {"sourcedId": "enr/custom id", "beginDate": "2026-01-05"},
        school=other_school,
    )
    data = response.json()["data"]
    assert data["id"] == "enr/custom id"
    assert data["school"]["id"] == other_school
    assert data["beginDate"] == "2026-01-05"
    assert emu.store.get("enrollments", "enr/custom id") is not None


async def test_enroll_body_errors_list_every_issue(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    body = {
        "role": "janitor",
        "beginDate": "soon",
        "metadata": {"goals": {"dailyXp": "lots"}, "metrics": {"isSupplemental": "no"}},
    }
    response = await enroll(api, seed["student_id"], seed["course_id"], body)
    assert response.status_code == 400
    issues = response.json()["errors"][0]["meta"]["issues"]
    assert [i["path"] for i in issues] == [
        "role",
        "beginDate",
        "metadata.goals.dailyXp",
        "metadata.metrics.isSupplemental",
    ]


@pytest.mark.parametrize(
    ("user", "course", "school", "message"),
    [
        ("nobody", "course", None, "User not found"),
        ("student", "nothing", None, "Course not found"),
        ("student", "course", "nowhere", "School not found"),
    ],
)
async def test_enroll_unknown_records_are_404(
    api: httpx.AsyncClient,
    seed: dict[str, Any],
    user: str,
    course: str,
    school: str | None,
    message: str,
) -> None:
    user_id = seed["student_id"] if user == "student" else user
    course_id = seed["course_id"] if course == "course" else course
    response = await enroll(api, user_id, course_id, school=school)
    assert response.status_code == 404
    assert response.json() == {"message": message}


async def test_enroll_ids_with_reserved_characters(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    for user in seed["awkward_user_ids"]:
        response = await enroll(api, user, seed["course_id"])
        assert response.status_code == 200, user
        listed = (await api.get(f"{E}/enrollments/user/{enc(user)}")).json()["data"]
        assert any(e["course"]["id"] == seed["course_id"] for e in listed)


# -- #3, #4, #5, #6 ------------------------------------------------------------------------------


async def test_unenroll_soft_deletes_the_enrollment(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    data = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    response = await api.delete(
        f"{E}/enrollments/unenroll/{seed['student_id']}/{seed['course_id']}"
    )
    assert response.status_code == 200
    enrollment = (await api.get(f"{R}/enrollments/{enc(data['id'])}")).json()["enrollment"]
    assert enrollment["status"] == "tobedeleted"
    again = await api.delete(f"{E}/enrollments/unenroll/{seed['student_id']}/{seed['course_id']}")
    assert again.status_code == 404


async def test_unenroll_at_another_school_leaves_the_enrollment(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    data = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    for enrollment in emu.store.find(
        "enrollments", filter=f"user.sourcedId='{seed['student_id']}'"
    ):
        if enrollment["sourcedId"] != data["id"]:
            emu.store.soft_delete("enrollments", enrollment["sourcedId"])
    response = await api.delete(
        f"{E}/enrollments/unenroll/{seed['student_id']}/{seed['course_id']}/elsewhere"
    )
    assert response.status_code == 404
    assert emu.store.get("enrollments", data["id"])["status"] == "active"


async def test_re_enroll_after_unenroll_reactivates(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    first = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    await api.delete(f"{E}/enrollments/unenroll/{seed['student_id']}/{seed['course_id']}")
    second = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    enrollment = (await api.get(f"{R}/enrollments/{enc(second['id'])}")).json()["enrollment"]
    assert second["id"] == first["id"]
    assert enrollment["status"] == "active"


async def test_reset_goals_clears_goals_of_every_enrollment_of_the_course(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    goals = {"metadata": {"goals": {"dailyXp": 10}, "metrics": {"totalXp": 5}}}
    a = (await enroll(api, seed["student_id"], seed["course_id"], goals)).json()["data"]
    b = (await enroll(api, seed["teacher_id"], seed["course_id"], goals)).json()["data"]
    response = await api.post(f"{E}/enrollments/resetGoals/{seed['course_id']}", json={})
    assert response.json() == {"data": {"updated": 2, "errors": []}}
    for enrollment_id in (a["id"], b["id"]):
        metadata = emu.store.get("enrollments", enrollment_id)["metadata"]
        assert metadata == {"metrics": {"totalXp": 5}}


async def test_reset_goals_of_unknown_course_is_404(api: httpx.AsyncClient) -> None:
    response = await api.post(f"{E}/enrollments/resetGoals/nothing", json={})
    assert response.status_code == 404


async def test_reset_progress_soft_deletes_results_of_that_course_only(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    student = seed["student_id"]
    results = emu.store.find("assessmentResults", filter=f"student.sourcedId='{student}'")
    mine: list[str] = []
    others: list[str] = []
    for result in results:
        line_item = emu.store.get("assessmentLineItems", result["assessmentLineItem"]["sourcedId"])
        course = (line_item.get("course") or {}).get("sourcedId")
        (mine if course == seed["course_id"] else others).append(result["sourcedId"])
    if not mine:
        line_item = emu.store.insert(
            "assessmentLineItems",
            {"title": "Quiz", "course": {"sourcedId": seed["course_id"], "type": "course"}},
        )
        mine.append(
            emu.store.insert(
                "assessmentResults",
                {
                    "assessmentLineItem": {"sourcedId": line_item["sourcedId"]},
                    "student": {"sourcedId": student},
                    "scoreStatus": "fully graded",
                    "scoreDate": "2026-01-01T00:00:00.000Z",
                },
            )["sourcedId"]
        )
    response = await api.delete(f"{E}/enrollments/resetProgress/{student}/{seed['course_id']}")
    assert response.status_code == 200
    assert response.json()["data"]["updated"] == len(mine)
    for result_id in mine:
        assert emu.store.get("assessmentResults", result_id)["status"] == "tobedeleted"
    for result_id in others:
        assert emu.store.get("assessmentResults", result_id)["status"] == "active"


async def test_default_class_is_the_class_enroll_uses(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    data = (await enroll(api, seed["student_id"], seed["course_id"])).json()["data"]
    class_id = emu.store.get("enrollments", data["id"])["class"]["sourcedId"]
    for suffix in ("", f"/{seed['school_id']}"):
        response = await api.get(f"{E}/enrollments/defaultClass/{seed['course_id']}{suffix}")
        default = response.json()["data"]
        assert default["id"] == class_id
        assert default["course"]["id"] == seed["course_id"]
        assert set(default) == {
            "id", "title", "classCode", "subjectCodes", "subjects", "grades", "periods", "course",
        }  # fmt: skip


async def test_default_class_of_unknown_course_is_404(api: httpx.AsyncClient) -> None:
    assert (await api.get(f"{E}/enrollments/defaultClass/nothing")).status_code == 404


# -- #11 -------------------------------------------------------------------------------------------


def add_user(emu: InProcessEmulator, sourced_id: str, roles: list[str], org: str) -> None:
    emu.store.insert(
        "users",
        {
            "sourcedId": sourced_id,
            "enabledUser": True,
            "givenName": "Multi",
            "familyName": "Role",
            "email": f"{sourced_id}@example.com",
            "grades": [3],
            "roles": [
                {
                    "roleType": "primary" if i == 0 else "secondary",
                    "role": r,
                    "org": {"sourcedId": org},
                }
                for i, r in enumerate(roles)
            ],
        },
    )


async def test_users_are_returned_when_all_their_roles_are_among_those_asked(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    add_user(emu, "zz-student-teacher", ["student", "teacher"], seed["school_id"])
    students = (await api.get(f"{E}/users", params={"roles": "student", "limit": 3000})).json()
    both = (
        await api.get(
            f"{E}/users", params=[("roles", "student"), ("roles", "teacher"), ("limit", 3000)]
        )
    ).json()
    student_ids = {u["sourcedId"] for u in students["users"]}
    both_ids = {u["sourcedId"] for u in both["users"]}
    assert "zz-student-teacher" not in student_ids
    assert "zz-student-teacher" in both_ids
    assert seed["teacher_id"] in both_ids
    assert seed["guardian_id"] not in both_ids
    assert all({r["role"] for r in u["roles"]} == {"student"} for u in students["users"])


async def test_users_by_org_and_edubridge_shape(
    api: httpx.AsyncClient, emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    add_user(emu, "zz-elsewhere", ["student"], "org-elsewhere")
    response = await api.get(
        f"{E}/users", params={"roles": "student", "orgSourcedIds": seed["school_id"], "limit": 3000}
    )
    users = response.json()["users"]
    assert "zz-elsewhere" not in {u["sourcedId"] for u in users}
    assert users
    user = users[0]
    assert user["enabledUser"] in ("true", "false")
    assert all(isinstance(g, str) for g in user.get("grades") or [])
    assert "sourcedId" not in user["roles"][0]["org"]
    assert user["roles"][0]["org"]["href"].endswith(f"/orgs/{seed['school_id']}")
    assert "demographics" in user


async def test_users_page_with_limit_offset_and_sort(api: httpx.AsyncClient) -> None:
    params = {"roles": "student", "sort": "familyName", "orderBy": "desc"}
    everyone = (await api.get(f"{E}/users", params={**params, "limit": 3000})).json()["users"]
    page = (await api.get(f"{E}/users", params={**params, "limit": 2, "offset": 1})).json()
    assert set(page) == {"users"}
    assert [u["sourcedId"] for u in page["users"]] == [u["sourcedId"] for u in everyone[1:3]]
    names = [u["familyName"] for u in everyone]
    assert names == sorted(names, reverse=True)


async def test_users_filter_search_and_fields(api: httpx.AsyncClient, seed: dict[str, Any]) -> None:
    email = seed["student_email"]
    by_filter = await api.get(
        f"{E}/users", params={"roles": "student", "filter": f"email='{email}'"}
    )
    by_search = await api.get(
        f"{E}/users",
        params={"roles": "student", "search": email.upper(), "fields": "sourcedId,email"},
    )
    assert [u["sourcedId"] for u in by_filter.json()["users"]] == [seed["student_id"]]
    assert by_search.json()["users"] == [{"sourcedId": seed["student_id"], "email": email}]


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        ({}, ["roles"]),
        ({"roles": "wizard"}, ["roles"]),
        ({"roles": "student", "limit": "0", "orderBy": "up"}, ["limit", "orderBy"]),
        ({"roles": "student", "filter": "nope=='x'"}, ["filter"]),
        ({"roles": "student", "sort": "shoeSize"}, ["sort"]),
    ],
)
async def test_users_bad_parameters_are_400_with_issues(
    api: httpx.AsyncClient, params: dict[str, str], paths: list[str]
) -> None:
    response = await api.get(f"{E}/users", params=params)
    assert response.status_code == 400
    assert [i["path"] for i in response.json()["errors"][0]["meta"]["issues"]] == paths


# -- #12-#15 ---------------------------------------------------------------------------------------


async def test_subject_track_upsert_is_keyed_by_subject_grade_and_org(
    api: httpx.AsyncClient, seed: dict[str, Any], emu: InProcessEmulator
) -> None:
    other_course = next(
        c["sourcedId"] for c in emu.store.find("courses") if c["sourcedId"] != seed["course_id"]
    )
    body = {
        "subject": "FastMath",
        "grade": "4",
        "courseId": seed["course_id"],
        "orgSourcedId": None,
    }
    created = (await api.put(f"{E}/subject-track/", json=body)).json()["subjectTrack"]
    updated = (
        await api.put(f"{E}/subject-track/", json={**body, "courseId": other_course})
    ).json()["subjectTrack"]
    campus = (
        await api.put(f"{E}/subject-track", json={**body, "orgSourcedId": seed["school_id"]})
    ).json()["subjectTrack"]
    assert created["id"] == updated["id"]
    assert updated["course"]["sourcedId"] == other_course
    assert campus["id"] != created["id"]
    assert campus["org"] == {"sourcedId": seed["school_id"], "name": campus["org"]["name"]}
    assert "org" not in created
    listed = (await api.get(f"{E}/subject-track/")).json()["subjectTrack"]
    fast = [t for t in listed if t["subject"] == "FastMath"]
    assert len(fast) == 2


async def test_subject_track_groups_and_delete(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    body = {
        "subject": "Writing",
        "grade": 2,
        "courseId": seed["course_id"],
        "orgSourcedId": seed["school_id"],
    }
    track = (await api.put(f"{E}/subject-track", json=body)).json()["subjectTrack"]
    groups = (await api.get(f"{E}/subject-track/groups")).json()["groups"]
    assert groups[0]["id"] == "global"
    campus = next(g for g in groups if g["id"] == f"campus-{seed['school_id']}")
    assert track["id"] in {t["id"] for t in campus["tracks"]}
    assert (await api.delete(f"{E}/subject-track/{track['id']}")).status_code == 200
    assert (await api.delete(f"{E}/subject-track/{track['id']}")).status_code == 404


async def test_subject_track_validation_lists_every_issue(api: httpx.AsyncClient) -> None:
    response = await api.put(f"{E}/subject-track", json={"grade": True, "orgSourcedId": 5})
    assert response.status_code == 400
    paths = [i["path"] for i in response.json()["errors"][0]["meta"]["issues"]]
    assert paths == ["subject", "courseId", "grade", "orgSourcedId"]


async def test_subject_track_with_unknown_course_is_404(api: httpx.AsyncClient) -> None:
    body = {"subject": "Math", "grade": "1", "courseId": "nothing"}
    assert (await api.put(f"{E}/subject-track", json=body)).status_code == 404


# -- #16-#19 ---------------------------------------------------------------------------------------


async def test_applications(api: httpx.AsyncClient) -> None:
    apps = (await api.get(f"{E}/applications/")).json()["applications"]
    assert apps
    assert set(apps[0]) == {"sourcedId", "name", "description", "domain", "metadata"}


async def test_application_metrics_are_computed_from_events(
    api: httpx.AsyncClient, events: Any
) -> None:
    sent = [
        events.time_spent(user_id="m-1", email="m1@example.com", app="Science Quest",
                          subject="Science", event_time="2026-03-09T10:00:00Z",
                          seconds={"active": 100, "waste": 5}),
        events.time_spent(user_id="m-2", email="m2@example.com", app="Science Quest",
                          subject="Science", event_time="2026-01-09T10:00:00Z",
                          seconds={"active": 300}),
        events.activity(user_id="m-1", email="m1@example.com", app="Science Quest",
                        subject="Science", event_time="2026-03-09T10:00:00Z"),
    ]  # fmt: skip
    before = (await api.get(f"{E}/applicationMetrics/app-science-quest")).json()["data"]
    await api.post("/caliper/event", json=events.envelope(*sent))
    after = (await api.get(f"{E}/applicationMetrics/app-science-quest")).json()["data"]
    assert after["totalUsers"] == before["totalUsers"] + 2
    assert after["activeUsers"] == before["activeUsers"] + 1
    assert after["totalSessions"] == before["totalSessions"] + 2


async def test_application_metrics_of_unknown_app_is_404(api: httpx.AsyncClient) -> None:
    assert (await api.get(f"{E}/applicationMetrics/nothing")).status_code == 404


async def test_map_profile(api: httpx.AsyncClient, seed: dict[str, Any]) -> None:
    data = (await api.get(f"{E}/learning-reports/map-profile/{seed['student_id']}")).json()["data"]
    assert data["userId"] == seed["student_id"]
    assert {"ritScore", "percentile", "gradeLevel", "testDate", "subject", "metadata"} <= set(data)
    assert (await api.get(f"{E}/learning-reports/map-profile/nobody")).status_code == 404


async def test_time_saved(api: httpx.AsyncClient, seed: dict[str, Any]) -> None:
    data = (await api.get(f"{E}/time-saved/user/{seed['student_id']}")).json()["data"]
    assert data["schoolYearStartDate"] == "2025-07-01"
    assert data["schoolDaysElapsed"] > 0
    assert data["totalHoursSaved"] == data["schoolDaysElapsed"] * 4
    assert (await api.get(f"{E}/time-saved/user/nobody")).status_code == 404


# -- #20-#22, #24 ----------------------------------------------------------------------------------


async def test_progression_enqueue(api: httpx.AsyncClient) -> None:
    body = {
        "assignmentId": "a-1",
        "studentTimebackId": "s-1",
        "studentEmail": "s@example.com",
        "subject": "Math",
        "grade": "3",
        "currentCourseSourcedId": "c-1",
        "flowType": "dcan",
    }
    ok = await api.post(f"{E}/progression/enqueue", json=body)
    bad = await api.post(f"{E}/progression/enqueue", json={"flowType": "other"})
    assert ok.json()["success"] is True
    assert ok.json()["messageId"]
    assert bad.status_code == 400
    paths = [i["path"] for i in bad.json()["errors"][0]["meta"]["issues"]]
    assert paths == [
        "assignmentId", "studentTimebackId", "studentEmail", "subject", "currentCourseSourcedId",
        "grade", "flowType",
    ]  # fmt: skip


async def test_progression_create_course_creates_and_enrolls(
    api: httpx.AsyncClient, seed: dict[str, Any]
) -> None:
    body = {
        "subject": "Math",
        "grade": 3,
        "app": "AlphaMath",
        "email": seed["student_email"],
        "next": True,
        "lessonIds": ["lesson-a", "lesson-b"],
        "courseDetails": {"title": "Custom Math", "xpPerLesson": 20, "metadata": {"k": 1}},
    }
    response = await api.post(f"{E}/progression/create-course", json=body)
    data = response.json()
    assert data["success"] is True
    assert data["course"]["totalLessons"] == 2
    assert data["course"]["totalXp"] == 40
    assert data["resourcesCreated"] == 2
    assert data["enrollment"]["statusCode"] == 200
    course_id = data["course"]["sourcedId"]
    course = (await api.get(f"{R}/courses/{course_id}")).json()["course"]
    assert course["title"] == "Custom Math"
    enrollments = (await api.get(f"{E}/enrollments/user/{seed['student_id']}")).json()["data"]
    assert course_id in {e["course"]["id"] for e in enrollments}


async def test_progression_create_course_validation(api: httpx.AsyncClient) -> None:
    response = await api.post(f"{E}/progression/create-course", json={"lessonIds": [1]})
    assert response.status_code == 400
    paths = [i["path"] for i in response.json()["errors"][0]["meta"]["issues"]]
    assert paths == ["subject", "app", "email", "grade", "lessonIds", "courseDetails"]


async def test_progression_catalog_pages(api: httpx.AsyncClient) -> None:
    params = [("subject", "Math"), ("gradeLevel", "3"), ("gradeLevel", "4"), ("limit", "10")]
    first = (await api.get(f"{E}/progression/catalog", params=[*params, ("page", "1")])).json()
    third = (await api.get(f"{E}/progression/catalog", params=[*params, ("page", "3")])).json()
    assert first["totalCount"] == 24
    assert first["pageCount"] == 3
    assert len(first["data"]) == 10
    assert len(third["data"]) == 4
    bad = await api.get(f"{E}/progression/catalog", params={"limit": "501"})
    assert bad.status_code == 400


async def test_goals_by_subject(api: httpx.AsyncClient, seed: dict[str, Any]) -> None:
    response = await api.get(f"/goals/{seed['student_id']}/subjects")
    subjects = response.json()["subjects"]
    assert response.status_code == 200
    assert subjects
    assert {"subject", "dailyXpGoal", "pacing"} <= set(subjects[0])
    assert (await api.get("/goals/nobody/subjects")).status_code == 404
