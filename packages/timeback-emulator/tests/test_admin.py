"""Admin API: stats, reset, token expiry, job failures, seed summary, OpenAPI, loopback guard."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio

ENROLL = "/edubridge/enrollments/enroll"


def rows(stats: dict[str, object], route: str) -> dict[tuple[str, int], int]:
    requests = stats["requests"]
    assert isinstance(requests, list)
    return {(r["method"], r["status"]): r["count"] for r in requests if r["route"] == route}


async def test_stats_count_requests_by_method_route_template_and_status(
    api: httpx.AsyncClient, anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    summary = emu.seed_summary()["summary"]
    await api.get(f"/edubridge/enrollments/user/{summary['student_id']}")
    await api.get(f"/edubridge/enrollments/user/{summary['teacher_id']}")
    await api.get("/edubridge/enrollments/user/nobody")
    await anon.get(f"/edubridge/enrollments/user/{summary['student_id']}")
    stats = (await anon.get("/_emulator/stats")).json()
    assert rows(stats, "/edubridge/enrollments/user/{userId}") == {
        ("GET", 200): 2,
        ("GET", 404): 1,
        ("GET", 401): 1,
    }
    assert rows(stats, "/oauth2/token") == {("POST", 200): 1}
    assert stats["tokensIssued"] == 1
    assert emu.request_count("GET", "/edubridge/enrollments/user/{userId}") == 4


async def test_stats_record_faults_and_drops(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix="/edubridge/applications", status=503)
    emu.add_fault(path_prefix="/edubridge/applications", action="drop")
    await api.get("/edubridge/applications")
    with pytest.raises(httpx.TransportError):
        await api.get("/edubridge/applications")
    assert rows(emu.stats(), "/edubridge/applications") == {("GET", 503): 1, ("GET", 0): 1}


async def test_stats_count_stored_caliper_events(
    api: httpx.AsyncClient, emu: InProcessEmulator, events: Any
) -> None:
    before = emu.stats()["caliperEventsStored"]
    await api.post("/caliper/event", json=events.envelope(events.activity(), events.activity()))
    assert emu.stats()["caliperEventsStored"] == before + 2


async def test_admin_requests_are_not_counted(anon: httpx.AsyncClient) -> None:
    await anon.get("/_emulator/faults")
    assert (await anon.get("/_emulator/stats")).json()["totalRequests"] == 0


async def test_stats_can_be_reset(api: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
    await api.get("/edubridge/applications")
    assert (await anon.delete("/_emulator/stats")).status_code == 204
    stats = (await anon.get("/_emulator/stats")).json()
    assert stats["totalRequests"] == 0
    assert stats["tokensIssued"] == 0


async def test_reset_reseeds_and_clears_faults_but_keeps_tokens(
    api: httpx.AsyncClient, anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    summary = emu.seed_summary()["summary"]
    enrolled = await api.post(f"{ENROLL}/{summary['student_id']}/{summary['course_id']}", json={})
    new_id = enrolled.json()["data"]["id"]
    emu.add_fault(path_prefix="/caliper", status=503, count=None)
    response = await anon.post("/_emulator/reset")
    assert response.status_code == 200
    assert emu.store.get("enrollments", new_id) is None
    assert (await anon.get("/_emulator/faults")).json() == {"faults": []}
    assert (await api.get("/caliper/events")).status_code == 200


async def test_reset_can_revoke_tokens(api: httpx.AsyncClient, anon: httpx.AsyncClient) -> None:
    await anon.post("/_emulator/reset", json={"data": False, "tokens": True})
    assert (await api.get("/edubridge/applications")).status_code == 401


async def test_reset_rejects_non_boolean_options(anon: httpx.AsyncClient) -> None:
    response = await anon.post("/_emulator/reset", json={"data": "yes"})
    assert response.status_code == 400


async def test_seed_summary_names_well_known_ids(anon: httpx.AsyncClient) -> None:
    body = (await anon.get("/_emulator/seed")).json()
    assert body["seed"] == "tiny"
    assert body["summary"]["student_id"]
    assert body["summary"]["counts"]["users"] > 0


async def test_non_loopback_clients_are_refused(emu: InProcessEmulator) -> None:
    transport = httpx.ASGITransport(app=emu.app, client=("203.0.113.7", 5000))
    async with httpx.AsyncClient(transport=transport, base_url=emu.base_url) as client:
        response = await client.get("/_emulator/stats")
    assert response.status_code == 403


async def test_ipv6_loopback_is_local(emu: InProcessEmulator) -> None:
    transport = httpx.ASGITransport(app=emu.app, client=("::1", 5000))
    async with httpx.AsyncClient(transport=transport, base_url=emu.base_url) as client:
        response = await client.get("/_emulator/stats")
    assert response.status_code == 200


async def test_openapi_describes_every_service(anon: httpx.AsyncClient) -> None:
    document = (await anon.get("/_emulator/openapi.json")).json()
    paths = document["paths"]
    assert document["openapi"].startswith("3.")
    assert paths["/oauth2/token"]["post"]["security"] == []
    assert "post" in paths["/caliper/event"]
    assert "get" in paths["/jobs/{jobId}/status"]
    assert "put" in paths["/edubridge/subject-track"]
    assert "get" in paths["/ims/oneroster/rostering/v1p2/users/{id}"]
    operation_ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(operation_ids) == len(set(operation_ids))


async def test_openapi_lists_only_served_oneroster_methods(anon: httpx.AsyncClient) -> None:
    paths = (await anon.get("/_emulator/openapi.json")).json()["paths"]
    assert set(paths["/ims/oneroster/rostering/v1p2/students"]) == {"get"}


async def test_openapi_declares_every_path_parameter(anon: httpx.AsyncClient) -> None:
    import re

    paths = (await anon.get("/_emulator/openapi.json")).json()["paths"]
    for template, item in paths.items():
        names = set(re.findall(r"{([^}]+)}", template))
        for method, operation in item.items():
            declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
            assert declared == names, (method, template)
            assert operation["responses"], (method, template)
