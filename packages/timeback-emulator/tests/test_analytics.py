"""Edubridge analytics computed from received Caliper events (§5.5), checked by hand."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio

A = "/edubridge/analytics"
NY = "America/New_York"  # UTC-5 in early March 2025


@pytest.fixture
def emu() -> InProcessEmulator:
    emulator = InProcessEmulator()
    emulator.store.insert(
        "users",
        {
            "sourcedId": "ana/1",
            "enabledUser": "true",
            "givenName": "Ana",
            "familyName": "Lopez",
            "email": "ana@example.com",
            "grades": ["4"],
            "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "sch-001"}}],
            "primaryOrg": {"sourcedId": "sch-001"},
        },
    )
    return emulator


@pytest.fixture
async def sent(api: httpx.AsyncClient, events: Any) -> list[dict[str, Any]]:
    ana = {"user_id": "ana%2F1", "email": "ana@example.com"}
    batch = [
        # 22:30 on 28 Feb in New York
        events.activity(**ana, event_time="2025-03-01T03:30:00Z", metrics={
            "xpEarned": 10, "totalQuestions": 5, "correctQuestions": 4, "masteredUnits": 1}),
        # 10:00 on 1 Mar in New York, another app
        events.activity(**ana, app="Drill", event_time="2025-03-01T15:00:00.000+00:00", metrics={
            "xpEarned": 20.5, "totalQuestions": 10, "correctQuestions": 9}),
        # 23:59:59 on 28 Feb in New York; unknown and anti-pattern are not surfaced
        events.time_spent(**ana, event_time="2025-03-01T04:59:59Z", seconds={
            "active": 600, "inactive": 30, "waste": 15, "unknown": 99, "anti-pattern": 7}),
        # midnight on 1 Mar in New York
        events.time_spent(**ana, subject="Reading", app="AlphaRead",
                          event_time="2025-03-01T05:00:00Z", seconds={"active": 120}),
        # someone else
        events.activity(user_id="bob", email="bob@example.com", event_time="2025-03-01T15:00:00Z"),
        # outside the range
        events.activity(**ana, event_time="2025-03-05T15:00:00Z", metrics={"xpEarned": 1000}),
    ]  # fmt: skip
    response = await api.post("/caliper/event", json=events.envelope(*batch))
    assert response.status_code == 200
    return batch


def metrics(
    xp: float = 0, total: int = 0, correct: int = 0, mastered: int = 0,
    active: int = 0, inactive: int = 0, waste: int = 0, apps: tuple[str, ...] = (),
) -> dict[str, Any]:  # fmt: skip
    return {
        "activityMetrics": {
            "xpEarned": xp,
            "totalQuestions": total,
            "correctQuestions": correct,
            "masteredUnits": mastered,
        },
        "timeSpentMetrics": {
            "activeSeconds": active,
            "inactiveSeconds": inactive,
            "wasteSeconds": waste,
        },
        "apps": list(apps),
    }


async def activity(api: httpx.AsyncClient, **params: str) -> httpx.Response:
    return await api.get(f"{A}/activity", params=params)


@pytest.mark.usefixtures("sent")
async def test_activity_in_utc_puts_everything_on_one_day(api: httpx.AsyncClient) -> None:
    body = (
        await activity(api, email="ana@example.com", startDate="2025-02-28", endDate="2025-03-01")
    ).json()
    assert body["facts"] == {
        "2025-03-01": {
            "Math": metrics(30.5, 15, 13, 1, 600, 30, 15, apps=("AlphaMath", "Drill")),
            "Reading": metrics(active=120, apps=("AlphaRead",)),
        }
    }
    assert body["factsByApp"] == {
        "2025-03-01": {
            "Math": {
                "AlphaMath": metrics(10, 5, 4, 1, 600, 30, 15, apps=("AlphaMath",)),
                "Drill": metrics(20.5, 10, 9, apps=("Drill",)),
            },
            "Reading": {"AlphaRead": metrics(active=120, apps=("AlphaRead",))},
        }
    }
    assert (body["startDate"], body["endDate"]) == ("2025-02-28", "2025-03-01")


@pytest.mark.usefixtures("sent")
async def test_activity_in_new_york_splits_at_local_midnight(api: httpx.AsyncClient) -> None:
    body = (
        await activity(
            api, studentId="ana/1", startDate="2025-02-28", endDate="2025-03-01", timezone=NY
        )
    ).json()
    assert body["facts"] == {
        "2025-02-28": {"Math": metrics(10, 5, 4, 1, 600, 30, 15, apps=("AlphaMath",))},
        "2025-03-01": {
            "Math": metrics(20.5, 10, 9, apps=("Drill",)),
            "Reading": metrics(active=120, apps=("AlphaRead",)),
        },
    }


@pytest.mark.usefixtures("sent")
async def test_bare_dates_cover_whole_local_days(api: httpx.AsyncClient) -> None:
    body = (
        await activity(
            api, email="ana@example.com", startDate="2025-03-01", endDate="2025-03-01", timezone=NY
        )
    ).json()
    assert set(body["facts"]) == {"2025-03-01"}
    assert body["facts"]["2025-03-01"]["Math"]["activityMetrics"]["xpEarned"] == 20.5


@pytest.mark.usefixtures("sent")
async def test_date_time_bounds_are_instants(api: httpx.AsyncClient) -> None:
    # What a client sends for 1 March in New York: local midnight to 23:59:59.999, as UTC.
    body = (
        await activity(
            api,
            email="ana@example.com",
            startDate="2025-03-01T05:00:00.000Z",
            endDate="2025-03-02T04:59:59.999Z",
            timezone=NY,
        )
    ).json()
    assert body["facts"] == {
        "2025-03-01": {
            "Math": metrics(20.5, 10, 9, apps=("Drill",)),
            "Reading": metrics(active=120, apps=("AlphaRead",)),
        }
    }


@pytest.mark.usefixtures("sent")
async def test_email_and_student_id_find_the_same_facts(api: httpx.AsyncClient) -> None:
    dates = {"startDate": "2025-02-01", "endDate": "2025-03-31"}
    by_email = (await activity(api, email="ANA@example.com", **dates)).json()
    by_id = (await activity(api, studentId="ana/1", **dates)).json()
    assert by_email["facts"] == by_id["facts"]
    assert by_email["facts"]["2025-03-05"]["Math"]["activityMetrics"]["xpEarned"] == 1000


@pytest.mark.parametrize(
    ("params", "paths"),
    [
        ({"startDate": "2025-03-01", "endDate": "2025-03-02"}, ["email"]),
        ({"email": "a@example.com"}, ["startDate", "endDate"]),
        (
            {
                "email": "a@example.com",
                "startDate": "March",
                "endDate": "2025-03-02",
                "timezone": "Mars/Base",
            },
            ["timezone", "startDate"],
        ),
    ],
)
async def test_activity_parameter_errors(
    api: httpx.AsyncClient, params: dict[str, str], paths: list[str]
) -> None:
    response = await activity(api, **params)
    assert response.status_code == 400
    assert [i["path"] for i in response.json()["errors"][0]["meta"]["issues"]] == paths


@pytest.mark.usefixtures("sent")
async def test_weekly_facts_are_one_record_per_event(api: httpx.AsyncClient) -> None:
    response = await api.get(
        f"{A}/facts/weekly", params={"studentId": "ana/1", "weekDate": "2025-02-26"}
    )
    records = response.json()["facts"]
    assert len(records) == 4
    spent = next(
        r for r in records if r["eventType"] == "TimeSpentEvent" and r["subject"] == "Math"
    )
    assert (spent["activeSeconds"], spent["inactiveSeconds"], spent["wasteSeconds"]) == (
        "600",
        "30",
        "15",
    )
    assert spent["date"] == "2025-03-01"
    assert spent["dayOfWeek"] == "Saturday"
    assert spent["email"] == "ana@example.com"
    assert spent["userId"] == "ana/1"
    assert spent["campusId"] == "sch-001"
    done = next(r for r in records if r["eventType"] == "ActivityEvent" and r["app"] == "Drill")
    assert (done["xpEarned"], done["totalQuestions"], done["correctQuestions"]) == (20.5, 10, 9)
    assert "activeSeconds" not in done


@pytest.mark.usefixtures("sent")
async def test_weekly_facts_use_the_local_week(api: httpx.AsyncClient) -> None:
    # In New York the 04:59:59Z event is on Friday 28 Feb; the week of Sunday 2 March (Mon 24 Feb
    # to Sun 2 Mar) holds the four events; the next week holds the 5 March one.
    week = await api.get(
        f"{A}/facts/weekly",
        params={"email": "ana@example.com", "weekDate": "2025-03-03", "timezone": NY},
    )
    assert [r["xpEarned"] for r in week.json()["facts"]] == [1000]


async def test_enrollment_facts_cover_the_course_of_the_enrollment(
    api: httpx.AsyncClient, emu: InProcessEmulator, events: Any
) -> None:
    seed = emu.seed_summary()["summary"]
    enrolled = await api.post(f"/edubridge/enrollments/enroll/ana%2F1/{seed['course_id']}", json={})
    enrollment_id = enrolled.json()["data"]["id"]
    course_iri = (
        f"https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/courses/{seed['course_id']}"
    )
    ana = {"user_id": "ana%2F1", "email": "ana@example.com", "event_time": "2025-03-01T12:00:00Z"}
    in_course = events.activity(
        **ana, course={"id": course_iri, "name": "Math"}, metrics={"xpEarned": 7}
    )
    other = events.activity(**ana, course={"id": course_iri + "-other", "name": "Other"})
    no_course = events.activity(**ana)
    await api.post("/caliper/event", json=events.envelope(in_course, other, no_course))
    body = (await api.get(f"{A}/enrollment/{enrollment_id}")).json()
    assert body["enrollmentId"] == enrollment_id
    assert body["facts"]["2025-03-01"]["Math"]["activityMetrics"]["xpEarned"] == 7
    ranged = (
        await api.get(
            f"{A}/enrollment/{enrollment_id}",
            params={"startDate": "2025-03-02", "endDate": "2025-03-09"},
        )
    ).json()
    assert ranged["facts"] == {}
    assert ranged["startDate"] == "2025-03-02"
    assert (await api.get(f"{A}/enrollment/nothing")).status_code == 404


async def test_highest_grade_mastered(api: httpx.AsyncClient) -> None:
    body = (await api.get(f"{A}/highestGradeMastered/ana%2F1/Social%20Studies")).json()
    assert body["studentId"] == "ana/1"
    assert body["subject"] == "Social Studies"
    grades = body["grades"]
    known = [v for k, v in grades.items() if k != "highestGradeOverall" and v is not None]
    assert grades["highestGradeOverall"] == max(known)
    assert (await api.get(f"{A}/highestGradeMastered/nobody/Math")).status_code == 404


async def test_seeded_activity_gives_every_analytics_endpoint_figures(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    stored = (await api.get("/caliper/events", params={"limit": 1})).json()["events"][0]
    email = stored["actor"]["email"]
    day = stored["eventTime"][:10]
    facts = (await activity(api, email=email, startDate=day, endDate=day)).json()["facts"]
    weekly = (await api.get(f"{A}/facts/weekly", params={"email": email, "weekDate": day})).json()
    assert facts[day]
    assert weekly["facts"]


async def test_the_seed_summarys_student_has_seeded_activity(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    student_id = emu.seed_summary()["summary"]["student_id"]
    body = (await api.get("/caliper/events", params={"limit": 1000})).json()
    actors = {event["actor"]["id"].rsplit("/", 1)[-1] for event in body["events"]}
    assert quote(student_id, safe="") in actors or student_id in actors
