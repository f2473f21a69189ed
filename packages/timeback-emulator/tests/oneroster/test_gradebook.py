"""Gradebook endpoints over HTTP: create-or-replace PUT, array-wrapped creates, scoped lists."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from timeback_emulator._seed import SeedSummary

pytestmark = pytest.mark.anyio

G = "/ims/oneroster/gradebook/v1p2"
R = "/ims/oneroster/rostering/v1p2"


def line_item(sid: str | None = "li-1", **extra: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "title": "Homework 1",
        "assignDate": "2025-09-01T08:00:00Z",
        "dueDate": "2025-09-08",
        "class": {"sourcedId": "k-1"},
        "school": {"sourcedId": "sch-1"},
        "category": {"sourcedId": "cat-1"},
        **extra,
    }
    if sid is not None:
        item["sourcedId"] = sid
    return item


def result(sid: str | None = "r-1", **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "lineItem": {"sourcedId": "li-1"},
        "student": {"sourcedId": "s-1"},
        "scoreStatus": "fully graded",
        "scoreDate": "2025-09-09T10:00:00.5+02:00",
        "score": 88,
        "late": True,
        **extra,
    }
    if sid is not None:
        out["sourcedId"] = sid
    return out


async def setup_class(client: httpx.AsyncClient) -> None:
    for path, key, body in [
        (f"{R}/schools", "org", {"sourcedId": "sch-1", "name": "School"}),
        (f"{R}/academicSessions", "academicSession", {
            "sourcedId": "t-1", "title": "Fall", "type": "term", "startDate": "2025-08-01",
            "endDate": "2026-01-01", "schoolYear": 2026, "org": {"sourcedId": "sch-1"}}),
        (f"{R}/classes", "class", {"sourcedId": "k-1", "title": "Math A",
                                   "course": {"sourcedId": "c-1"}, "org": {"sourcedId": "sch-1"},
                                   "terms": [{"sourcedId": "t-1"}]}),
        (f"{G}/categories", "category", {"sourcedId": "cat-1", "title": "Homework", "weight": 0.4}),
    ]:  # fmt: skip
        response = await client.post(path, json={key: body})
        assert response.status_code == 201, response.text


async def test_put_creates_then_replaces_with_201_and_entity(client: httpx.AsyncClient) -> None:
    created = await client.put(f"{G}/categories/cat-9", json={"category": {"title": "Quiz"}})
    assert created.status_code == 201
    assert created.json()["category"]["title"] == "Quiz"
    replaced = await client.put(
        f"{G}/categories/cat-9", json={"category": {"sourcedId": "cat-9", "title": "Test"}}
    )
    assert replaced.status_code == 201
    assert (
        replaced.json()["category"]
        == (await client.get(f"{G}/categories/cat-9")).json()["category"]
    )


async def test_gradebook_references_are_plain_refs(client: httpx.AsyncClient) -> None:
    await setup_class(client)
    await client.post(f"{G}/lineItems", json={"lineItem": line_item()})
    item = (await client.get(f"{G}/lineItems/li-1")).json()["lineItem"]
    assert item["class"] == {"sourcedId": "k-1"}
    assert item["assignDate"] == "2025-09-01T08:00:00.000Z"
    assert item["status"] == "active"


async def test_result_flags_are_strings_and_dates_utc(client: httpx.AsyncClient) -> None:
    await client.put(f"{G}/results/r-1", json={"result": result()})
    got = (await client.get(f"{G}/results/r-1")).json()["result"]
    assert (got["late"], got["score"]) == ("true", 88)
    assert got["scoreDate"] == "2025-09-09T08:00:00.500Z"


async def test_result_validation_names_fields(client: httpx.AsyncClient, ims_error: Any) -> None:
    response = await client.post(f"{G}/results", json={"result": result(scoreStatus="great")})
    body = ims_error(response, 422, "invaliddata")
    assert [d["field"] for d in body["imsx_error_details"]] == ["scoreStatus"]


async def test_assessment_patch_and_delete(client: httpx.AsyncClient) -> None:
    ali = {"sourcedId": "ali-1", "title": "Unit test", "component": {"sourcedId": "cc-1"}}
    assert (
        await client.post(f"{G}/assessmentLineItems", json={"assessmentLineItem": ali})
    ).status_code == 201
    patched = await client.patch(
        f"{G}/assessmentLineItems/ali-1", json={"assessmentLineItem": {"title": "Unit 1 test"}}
    )
    assert patched.status_code == 200
    assert patched.json()["assessmentLineItem"]["component"] == {"sourcedId": "cc-1"}
    ar = {"sourcedId": "ar-1", "assessmentLineItem": {"sourcedId": "ali-1"},
          "student": {"sourcedId": "s-1"}, "scoreDate": "2025-10-01", "scoreStatus": "submitted",
          "metadata": {"xp": 40, "accuracy": 0.9}}  # fmt: skip
    put = await client.put(f"{G}/assessmentResults/ar-1", json={"assessmentResult": ar})
    assert put.status_code == 201
    patch = await client.patch(
        f"{G}/assessmentResults/ar-1", json={"assessmentResult": {"score": 91, "missing": False}}
    )
    assert (
        patch.json()["assessmentResult"]["score"],
        patch.json()["assessmentResult"]["missing"],
    ) == (
        91,
        "false",
    )
    assert (await client.delete(f"{G}/assessmentResults/ar-1")).status_code == 204
    got = (await client.get(f"{G}/assessmentResults/ar-1")).json()["assessmentResult"]
    assert got["status"] == "tobedeleted"


async def test_class_line_items_array_create(client: httpx.AsyncClient) -> None:
    await setup_class(client)
    items = [line_item("li-a", **{"class": None}), line_item(None)]
    del items[0]["class"]
    response = await client.post(f"{G}/classes/k-1/lineItems", json={"lineItems": items})
    assert response.status_code == 201
    pairs = response.json()["sourcedIdPairs"]
    assert isinstance(pairs, list)
    assert pairs[0] == {"suppliedSourcedId": "li-a", "allocatedSourcedId": "li-a"}
    listed = (await client.get(f"{G}/classes/k-1/lineItems")).json()["lineItems"]
    assert {i["sourcedId"] for i in listed} == {p["allocatedSourcedId"] for p in pairs}


async def test_array_create_validates_every_item(client: httpx.AsyncClient, ims_error: Any) -> None:
    await setup_class(client)
    items = [line_item("li-a"), {"title": "no dates"}]
    body = ims_error(
        await client.post(f"{G}/classes/k-1/lineItems", json={"lineItems": items}),
        422,
        "invaliddata",
    )
    assert {d["field"] for d in body["imsx_error_details"]} >= {"lineItems[1].assignDate"}
    assert (await client.get(f"{G}/lineItems/li-a")).status_code == 404


async def test_line_item_results_bulk_create_and_scoped_lists(client: httpx.AsyncClient) -> None:
    await setup_class(client)
    await client.post(f"{G}/lineItems", json={"lineItem": line_item()})
    bulk = [result("r-1"), result("r-2", student={"sourcedId": "s-2"})]
    for item in bulk:
        del item["lineItem"]
    response = await client.post(f"{G}/lineItems/li-1/results", json={"results": bulk})
    assert response.status_code == 201
    assert len(response.json()["sourcedIdPairs"]) == 2
    for path in (f"{G}/lineItems/li-1/results", f"{G}/classes/k-1/results",
                 f"{G}/classes/k-1/lineItems/li-1/results"):  # fmt: skip
        body = (await client.get(path)).json()
        assert {r["sourcedId"] for r in body["results"]} == {"r-1", "r-2"}, path
    unknown_student = await client.get(f"{G}/classes/k-1/students/s-2/results")
    assert unknown_student.status_code == 404


async def test_class_academic_session_results_create(client: httpx.AsyncClient) -> None:
    await setup_class(client)
    response = await client.post(
        f"{G}/classes/k-1/academicSessions/t-1/results", json={"results": [result("r-7")]}
    )
    assert response.status_code == 201
    assert (await client.get(f"{G}/results/r-7")).json()["result"]["class"] == {"sourcedId": "k-1"}


async def test_school_line_items(client: httpx.AsyncClient) -> None:
    await setup_class(client)
    item = line_item("li-s")
    del item["school"]
    response = await client.post(f"{G}/schools/sch-1/lineItems", json={"lineItems": [item]})
    assert response.status_code == 201
    listed = (await client.get(f"{G}/schools/sch-1/lineItems")).json()["lineItems"]
    assert [i["sourcedId"] for i in listed] == ["li-s"]


async def test_seeded_gradebook_scoped_lists(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    s = summary
    for path, key in [
        (f"{G}/classes/{s.class_id}/categories", "categories"),
        (f"{G}/classes/{s.class_id}/lineItems", "lineItems"),
        (f"{G}/classes/{s.class_id}/results", "results"),
        (f"{G}/classes/{s.class_id}/scoreScales", "scoreScales"),
        (f"{G}/classes/{s.class_id}/lineItems/{s.line_item_id}/results", "results"),
        (f"{G}/classes/{s.class_id}/students/{s.student_id}/results", "results"),
        (f"{G}/schools/{s.school_id}/lineItems", "lineItems"),
        (f"{G}/schools/{s.school_id}/scoreScales", "scoreScales"),
        (f"{G}/lineItems/{s.line_item_id}/results", "results"),
        (f"{G}/assessmentLineItems", "assessmentLineItems"),
        (f"{G}/assessmentResults", "assessmentResults"),
    ]:
        body = (await seeded.get(path)).json()
        assert body[key], path
    mine = (await seeded.get(f"{G}/classes/{s.class_id}/students/{s.student_id}/results")).json()
    assert {r["student"]["sourcedId"] for r in mine["results"]} == {s.student_id}
    scales = (await seeded.get(f"{G}/scoreScales")).json()["scoreScales"]
    assert "scoreScaleValue" in scales[0]


@pytest.mark.parametrize(
    ("method", "path", "message"),
    [
        ("GET", "/classes/nope/categories", "Class not found."),
        ("GET", "/classes/nope/lineItems/nope/results", "Class or line item not found."),
        ("GET", "/lineItems/nope", "Line item not found."),
        ("POST", "/lineItems/nope/results", "Line item not found."),
        (
            "POST",
            "/classes/nope/academicSessions/nope/results",
            "Class or academic session not found.",
        ),
    ],
)
async def test_gradebook_404_messages(
    seeded: httpx.AsyncClient, method: str, path: str, message: str, ims_error: Any
) -> None:
    response = await seeded.request(method, G + path, json={"results": [{}]})
    assert ims_error(response, 404, "unknownobject")["imsx_description"] == message
