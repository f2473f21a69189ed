"""Caliper ingest, validation, dedupe, jobs and stored-event listing (§6)."""

from __future__ import annotations

import copy
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio


@pytest.fixture
def emu() -> InProcessEmulator:
    """An emulator without seeded activity, so stored-event counts start at zero."""
    return InProcessEmulator(seed=None)


async def send(api: httpx.AsyncClient, body: Any, path: str = "/caliper/event") -> httpx.Response:
    return await api.post(path, json=body)


async def test_valid_envelope_is_accepted_with_a_job(api: httpx.AsyncClient, events: Any) -> None:
    response = await send(api, events.envelope(events.activity(), events.time_spent()))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    assert body["message"] == "2 events accepted"
    assert body["jobId"]


def _mutations() -> list[Any]:
    """(mutation, expected error paths) pairs applied to a valid one-event envelope."""

    def drop(*keys: str) -> Any:
        def apply(env: dict[str, Any]) -> None:
            target: Any = env
            for key in keys[:-1]:
                target = target[int(key)] if isinstance(target, list) else target[key]
            del target[keys[-1]]

        return apply

    def put(value: Any, *keys: str) -> Any:
        def apply(env: dict[str, Any]) -> None:
            target: Any = env
            for key in keys[:-1]:
                target = target[int(key)] if isinstance(target, list) else target[key]
            target[keys[-1]] = value

        return apply

    return [
        pytest.param(drop("sensor"), ["sensor"], id="missing-sensor"),
        pytest.param(put("not a uri", "sensor"), ["sensor"], id="sensor-not-iri"),
        pytest.param(drop("sendTime"), ["sendTime"], id="missing-sendTime"),
        pytest.param(put("yesterday", "sendTime"), ["sendTime"], id="bad-sendTime"),
        pytest.param(drop("dataVersion"), ["dataVersion"], id="missing-dataVersion"),
        pytest.param(
            put("http://purl.imsglobal.org/ctx/caliper/v1p1", "dataVersion"),
            ["dataVersion"],
            id="wrong-dataVersion",
        ),
        pytest.param(put([], "data"), ["data"], id="empty-data"),
        pytest.param(put({}, "data"), ["data"], id="data-not-array"),
        pytest.param(drop("data", "0", "@context"), ["data[0].@context"], id="missing-context"),
        pytest.param(put("abc-123", "data", "0", "id"), ["data[0].id"], id="id-not-urn-uuid"),
        pytest.param(drop("data", "0", "profile"), ["data[0].profile"], id="missing-profile"),
        pytest.param(
            put("FunProfile", "data", "0", "profile"), ["data[0].profile"], id="unknown-profile"
        ),
        pytest.param(
            put("Started", "data", "0", "action"), ["data[0].action"], id="action-not-allowed"
        ),
        pytest.param(
            put("ViewEvent", "data", "0", "type"), ["data[0].type"], id="type-not-in-profile"
        ),
        pytest.param(drop("data", "0", "generated"), ["data[0].generated"], id="missing-generated"),
        pytest.param(drop("data", "0", "eventTime"), ["data[0].eventTime"], id="missing-eventTime"),
        pytest.param(put(1, "data", "0", "color"), ["data[0].color"], id="unknown-event-member"),
        pytest.param(
            put("x", "data", "0", "actor", "nickname"),
            ["data[0].actor.nickname"],
            id="extra-on-user",
        ),
        pytest.param(drop("data", "0", "actor", "email"), ["data[0].actor.email"], id="user-email"),
        pytest.param(
            put("Person", "data", "0", "actor", "type"), ["data[0].actor.type"], id="actor-type"
        ),
        pytest.param(
            put("Art", "data", "0", "object", "subject"), ["data[0].object.subject"], id="subject"
        ),
        pytest.param(drop("data", "0", "object", "app"), ["data[0].object.app"], id="missing-app"),
        pytest.param(
            put("speed", "data", "0", "generated", "items", "0", "type"),
            ["data[0].generated.items[0].type"],
            id="metric-type",
        ),
        pytest.param(
            put("10", "data", "0", "generated", "items", "0", "value"),
            ["data[0].generated.items[0].value"],
            id="metric-value-string",
        ),
        pytest.param(
            put("TimebackTimeSpentMetricsCollection", "data", "0", "generated", "type"),
            ["data[0].generated.type"],
            id="collection-type",
        ),
    ]


@pytest.mark.parametrize(("mutate", "paths"), _mutations())
async def test_invalid_envelopes_report_the_failing_member(
    api: httpx.AsyncClient, events: Any, mutate: Any, paths: list[str]
) -> None:
    body = events.envelope(events.activity())
    mutate(body)
    response = await send(api, body)
    assert response.status_code == 400
    error = response.json()
    assert error["status"] == "error"
    assert [e["path"] for e in error["errors"]] == paths
    assert all(e["message"] for e in error["errors"])


async def test_every_failure_is_reported_not_just_the_first(
    api: httpx.AsyncClient, events: Any
) -> None:
    first = events.activity()
    second = events.time_spent()
    del first["profile"]
    second["id"] = "1234"
    second["generated"]["items"] = [{"type": "active", "value": 1, "sub_type": "eating"}]
    body = events.envelope(first, second)
    body["dataVersion"] = "1.1"
    response = await send(api, body)
    paths = [e["path"] for e in response.json()["errors"]]
    assert paths == [
        "dataVersion",
        "data[0].profile",
        "data[1].id",
        "data[1].generated.items[0].sub_type",
    ]
    assert response.json()["message"] == "Invalid Caliper envelope: 4 errors"


async def test_snake_case_metric_members_are_named_in_the_error(
    api: httpx.AsyncClient, events: Any
) -> None:
    event = events.time_spent()
    event["generated"]["items"][0]["start_date"] = "2025-03-01T14:00:00Z"
    response = await send(api, events.envelope(event))
    assert "startDate" in response.json()["errors"][0]["message"]


async def test_standard_profile_events_and_entities_are_accepted(
    api: httpx.AsyncClient, events: Any
) -> None:
    tool_use = {
        "@context": events.context,
        "id": events.new_id(),
        "type": "ToolUseEvent",
        "profile": "ToolUseProfile",
        "actor": {"id": "https://example.edu/users/554433", "type": "Person"},
        "action": "Used",
        "object": {"id": "https://example.edu", "type": "SoftwareApplication"},
        "eventTime": "2016-11-15T10:15:00.000Z",
    }
    general = {
        "id": events.new_id(),
        "type": "Event",
        "profile": "GeneralProfile",
        "actor": "https://example.edu/users/554433",
        "action": "Created",
        "object": "https://example.edu/terms/201801/courses/7",
        "eventTime": "2023-08-15T14:12:00+02:00",
    }
    entity = {"id": "https://example.edu/users/554433", "type": "Person", "name": "Ann"}
    response = await send(api, events.envelope(tool_use, general, entity))
    assert response.status_code == 200, response.text
    assert response.json()["message"] == "2 events accepted"


async def test_non_json_content_type_is_415(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/caliper/event", content=b"sensor=x", headers={"Content-Type": "text/plain"}
    )
    assert response.status_code == 415
    assert response.json()["status"] == "error"


async def test_malformed_json_is_400(api: httpx.AsyncClient) -> None:
    response = await api.post(
        "/caliper/event", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400


async def test_a_resent_event_is_stored_once(
    api: httpx.AsyncClient, emu: InProcessEmulator, events: Any
) -> None:
    body = events.envelope(events.activity(), events.time_spent())
    first = (await send(api, body)).json()["jobId"]
    second = (await send(api, body)).json()["jobId"]
    listed = (await api.get("/caliper/events")).json()
    assert listed["pagination"]["total"] == 2
    assert emu.stats()["caliperEventsStored"] == 2
    results = []
    for job in (first, second):
        for _ in range(3):
            status = (await api.get(f"/jobs/{job}/status")).json()
        results.append(status["job"]["returnValue"]["results"])
    assert results[0] == results[1]


async def test_duplicate_ids_within_one_envelope_are_stored_once(
    api: httpx.AsyncClient, events: Any
) -> None:
    event = events.activity()
    await send(api, events.envelope(event, copy.deepcopy(event)))
    assert (await api.get("/caliper/events")).json()["pagination"]["total"] == 1


async def test_job_moves_waiting_active_completed(api: httpx.AsyncClient, events: Any) -> None:
    event = events.activity()
    job_id = (await send(api, events.envelope(event))).json()["jobId"]
    jobs = [(await api.get(f"/jobs/{job_id}/status")).json()["job"] for _ in range(4)]
    assert [j["state"] for j in jobs] == ["waiting", "active", "completed", "completed"]
    assert jobs[0]["processedOn"] is None
    assert jobs[1]["processedOn"] is not None
    result = jobs[2]["returnValue"]
    assert result["status"] == "success"
    assert result["results"][0]["externalId"] == event["id"]
    stored = (await api.get(f"/caliper/events/{quote(event['id'], safe='')}")).json()["event"]
    assert result["results"][0]["allocatedId"] == str(stored["id"])


async def test_job_can_complete_on_the_first_poll(events: Any) -> None:
    emu = InProcessEmulator(seed=None, job_polls=0)
    async with httpx.AsyncClient(transport=emu.transport(), base_url=emu.base_url) as client:
        token = await client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(emu.client_id, emu.client_secret),
        )
        client.headers["Authorization"] = "Bearer " + token.json()["access_token"]
        job_id = (await send(client, events.envelope(events.activity()))).json()["jobId"]
        job = (await client.get(f"/jobs/{job_id}/status")).json()["job"]
    assert job["state"] == "completed"


async def test_failed_job_stores_nothing_and_a_resend_succeeds(
    api: httpx.AsyncClient, emu: InProcessEmulator, events: Any
) -> None:
    emu.fail_next_jobs(reason="queue unavailable")
    body = events.envelope(events.activity())
    job_id = (await send(api, body)).json()["jobId"]
    for _ in range(3):
        job = (await api.get(f"/jobs/{job_id}/status")).json()["job"]
    assert job["state"] == "failed"
    assert job["failedReason"] == "queue unavailable"
    assert (await api.get("/caliper/events")).json()["pagination"]["total"] == 0
    await send(api, body)
    assert (await api.get("/caliper/events")).json()["pagination"]["total"] == 1


async def test_unknown_job_is_404(api: httpx.AsyncClient) -> None:
    response = await api.get("/jobs/nope/status")
    assert response.status_code == 404
    assert response.json()["status"] == "error"


async def test_validate_stores_nothing(api: httpx.AsyncClient, events: Any) -> None:
    response = await send(api, events.envelope(events.activity()), "/caliper/event/validate")
    assert response.status_code == 200
    assert response.json()["status"] == "success"
    assert (await api.get("/caliper/events")).json()["pagination"]["total"] == 0


async def test_validate_reports_errors(api: httpx.AsyncClient, events: Any) -> None:
    body = events.envelope(events.activity())
    body["data"][0]["id"] = "x"
    response = await send(api, body, "/caliper/event/validate")
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"path": "data[0].id", "message": "Must match ^urn:uuid: (a UUID expressed as a URN)"}
    ]


async def test_list_pages_with_offset_and_limit(api: httpx.AsyncClient, events: Any) -> None:
    sent = [events.activity() for _ in range(5)]
    await send(api, events.envelope(*sent))
    page = (await api.get("/caliper/events", params={"limit": 2, "offset": 2})).json()
    assert [e["externalId"] for e in page["events"]] == [sent[2]["id"], sent[3]["id"]]
    assert page["pagination"] == {"total": 5, "totalPages": 3, "currentPage": 2, "limit": 2}
    last = (await api.get("/caliper/events", params={"limit": 2, "offset": 4})).json()
    assert len(last["events"]) == 1


async def test_stored_event_shape(
    api: httpx.AsyncClient, emu: InProcessEmulator, events: Any
) -> None:
    event = events.activity()
    await send(api, events.envelope(event, sensor="https://reading.example.com"))
    stored = (await api.get("/caliper/events")).json()["events"][0]
    assert isinstance(stored["id"], int)
    assert stored["externalId"] == event["id"]
    assert stored["sensor"] == "https://reading.example.com"
    assert stored["actor"] == event["actor"]
    assert stored["generated"] == event["generated"]
    assert stored["deleted_at"] is None
    assert stored["clientAppId"] == emu.client_id
    for member in ("created_at", "updated_at", "sendTime", "target", "session", "extensions"):
        assert member in stored


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actorEmail": "B@EXAMPLE.COM"}, ["b"]),
        ({"actorId": "user-a"}, ["a"]),
        (
            {"actorId": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/user-c"},
            ["c"],
        ),
        ({"sensor": "https://other.example.com"}, ["c"]),
        ({"startDate": "2025-03-02T00:00:00Z"}, ["b", "c"]),
        ({"endDate": "2025-03-02"}, ["a", "b"]),
        ({"startDate": "2025-03-02", "endDate": "2025-03-02"}, ["b"]),
    ],
)
async def test_list_filters(
    api: httpx.AsyncClient, events: Any, params: dict[str, str], expected: list[str]
) -> None:
    a = events.activity(user_id="user-a", email="a@example.com", event_time="2025-03-01T10:00:00Z")
    b = events.activity(user_id="user-b", email="b@example.com", event_time="2025-03-02T10:00:00Z")
    c = events.activity(user_id="user-c", email="c@example.com", event_time="2025-03-03T10:00:00Z")
    await send(api, events.envelope(a, b))
    await send(api, events.envelope(c, sensor="https://other.example.com"))
    listed = (await api.get("/caliper/events", params=params)).json()["events"]
    names = {a["id"]: "a", b["id"]: "b", c["id"]: "c"}
    assert [names[e["externalId"]] for e in listed] == expected


@pytest.mark.parametrize(
    "params", [{"limit": "0"}, {"limit": "x"}, {"offset": "-1"}, {"startDate": "soon"}]
)
async def test_bad_list_parameters_are_400(api: httpx.AsyncClient, params: dict[str, str]) -> None:
    response = await api.get("/caliper/events", params=params)
    assert response.status_code == 400


async def test_get_one_event_by_encoded_external_id(api: httpx.AsyncClient, events: Any) -> None:
    event = events.activity()
    await send(api, events.envelope(event))
    response = await api.get(f"/caliper/events/{quote(event['id'], safe='')}")
    assert response.status_code == 200
    assert response.json()["event"]["externalId"] == event["id"]


async def test_unknown_event_is_404(api: httpx.AsyncClient, events: Any) -> None:
    response = await api.get(f"/caliper/events/{quote(events.new_id(), safe='')}")
    assert response.status_code == 404


async def test_edubridge_ingest_accepts_envelopes_without_data_version(
    api: httpx.AsyncClient, events: Any
) -> None:
    body = events.envelope(events.activity(), events.time_spent())
    del body["dataVersion"]
    response = await send(api, body, "/edubridge/caliper/event")
    assert response.status_code == 200
    assert response.json() == {"success": True, "message": "2 events queued"}
    assert (await api.get("/caliper/events")).json()["pagination"]["total"] == 2


async def test_edubridge_ingest_reports_issues_in_edubridge_shape(
    api: httpx.AsyncClient, events: Any
) -> None:
    body = events.envelope(events.activity())
    body["data"][0]["id"] = "nope"
    response = await send(api, body, "/edubridge/caliper/event")
    assert response.status_code == 400
    issues = response.json()["errors"][0]["meta"]["issues"]
    assert issues[0]["path"] == "data[0].id"


def _transformed(events: Any) -> dict[str, Any]:
    return {
        "@context": events.context,
        "id": events.new_id(),
        "type": "ActivityEvent",
        "profile": "AggregationProfile",
        "action": "Completed",
        "actor": {"type": "Person", "id": events.users_iri + "u-1"},
        "object": {
            "type": "AssignableDigitalResource",
            "id": "https://app.example.com/activities/1",
            "extensions": {"app": {"type": "SoftwareApplication", "name": "AlphaMath"}},
        },
        "eventTime": "2025-03-01T14:05:09.123Z",
        "generated": {
            "id": events.new_id(),
            "type": "ActivityMetricsCollection",
            "items": [
                {
                    "id": events.new_id(),
                    "type": "ActivityMetric",
                    "metricType": "XpEarned",
                    "metricValue": 5,
                }
            ],
        },
        "session": "urn:tag:auto-attach",
    }


async def test_learnwith_ingest_accepts_transformed_events(
    api: httpx.AsyncClient, events: Any
) -> None:
    response = await send(api, events.envelope(_transformed(events)), "/caliper/v1p2")
    assert response.status_code == 200, response.text
    assert (await api.get("/caliper/events")).json()["pagination"]["total"] == 1


async def test_learnwith_ingest_rejects_untransformed_timeback_events(
    api: httpx.AsyncClient, events: Any
) -> None:
    response = await send(api, events.envelope(events.activity()), "/caliper/v1p2")
    assert response.status_code == 400
    assert "transformed" in response.json()["errors"][0]["message"]


async def test_learnwith_metric_names_are_checked(api: httpx.AsyncClient, events: Any) -> None:
    event = _transformed(events)
    event["generated"]["items"][0]["metricType"] = "xpEarned"
    response = await send(api, events.envelope(event), "/caliper/v1p2")
    assert [e["path"] for e in response.json()["errors"]] == [
        "data[0].generated.items[0].metricType"
    ]


@pytest.mark.parametrize("member", ["profile", "type", "action"])
async def test_non_string_terms_are_400_not_500(
    api: httpx.AsyncClient, events: Any, member: str
) -> None:
    body = events.envelope(events.activity())
    body["data"][0][member] = {}
    response = await send(api, body)
    assert response.status_code == 400
    assert f"data[0].{member}" in [e["path"] for e in response.json()["errors"]]
