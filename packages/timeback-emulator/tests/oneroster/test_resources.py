"""Resources endpoints over HTTP: CRUD, associations, aliases, Common Cartridge export."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import httpx
import pytest

from timeback_emulator._seed import SeedSummary

pytestmark = pytest.mark.anyio

X = "/ims/oneroster/resources/v1p2"
R = "/ims/oneroster/rostering/v1p2"


async def setup(client: httpx.AsyncClient) -> None:
    resource = {"sourcedId": "res-1", "title": "Fractions video", "vendorResourceId": "v-1",
                "metadata": {"type": "video", "xp": 10}}  # fmt: skip
    assert (await client.post(f"{X}/resources", json={"resource": resource})).status_code == 201
    for path, key, body in [
        (f"{R}/courses", "course", {"sourcedId": "c-1", "title": "Math",
                                    "org": {"sourcedId": "s"}}),
        (f"{R}/classes", "class", {"sourcedId": "k-1", "title": "A", "course": {"sourcedId": "c-1"},
                                   "org": {"sourcedId": "s"}, "terms": [{"sourcedId": "t"}]}),
        (f"{R}/users", "user", {"sourcedId": "u-1", "enabledUser": "true", "givenName": "A",
                                "familyName": "B", "roles": [{"roleType": "primary",
                                "role": "student", "org": {"sourcedId": "s"}}]}),
    ]:  # fmt: skip
        assert (await client.post(path, json={key: body})).status_code == 201


async def test_resource_crud(client: httpx.AsyncClient, ims_error: Any) -> None:
    await setup(client)
    got = (await client.get(f"{X}/resources/res-1")).json()["resource"]
    assert got["metadata"] == {"type": "video", "xp": 10}
    put = await client.put(
        f"{X}/resources/res-1", json={"resource": {"title": "Fractions", "vendorResourceId": "v-1"}}
    )
    assert (put.status_code, put.json()["resource"]["title"]) == (200, "Fractions")
    ims_error(
        await client.put(
            f"{X}/resources/nope", json={"resource": {"title": "x", "vendorResourceId": "v"}}
        ),
        404,
        "unknownobject",
    )
    assert (await client.delete(f"{X}/resources/res-1")).status_code == 204
    listed = (await client.get(f"{X}/resources", params={"search": "fractions"})).json()
    assert [r["status"] for r in listed["resources"]] == ["tobedeleted"]


@pytest.mark.parametrize(
    ("kind", "parent"), [("classes", "k-1"), ("courses", "c-1"), ("users", "u-1")]
)
async def test_assign_list_unassign(client: httpx.AsyncClient, kind: str, parent: str) -> None:
    await setup(client)
    path = f"{X}/resources/{kind}/{parent}/resources"
    assigned = await client.post(path, json={"resource": {"sourcedId": "res-1"}})
    assert assigned.status_code == 201
    if kind == "classes":
        assert assigned.json()["sourcedIdPairs"]["allocatedSourcedId"] == "res-1"
    assert [r["sourcedId"] for r in (await client.get(path)).json()["resources"]] == ["res-1"]
    alias = await client.get(f"{X}/{kind}/{parent}/resources")
    assert [r["sourcedId"] for r in alias.json()["resources"]] == ["res-1"]
    assert (await client.delete(f"{path}/res-1")).status_code == 204
    assert (await client.get(path)).json()["resources"] == []
    assert (await client.delete(f"{path}/res-1")).status_code == 404


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("classes", "Class not found."),
        ("courses", "Course not found."),
        ("users", "User not found."),
    ],
)
async def test_scoped_resources_missing_parent(
    seeded: httpx.AsyncClient, kind: str, message: str, ims_error: Any
) -> None:
    response = await seeded.get(f"{X}/resources/{kind}/nope/resources")
    assert ims_error(response, 404, "unknownobject")["imsx_description"] == message


async def test_seeded_class_and_course_resources(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    klass = (await seeded.get(f"{X}/resources/classes/{summary.class_id}/resources")).json()
    assert [r["sourcedId"] for r in klass["resources"]] == [summary.resource_id]
    course = (await seeded.get(f"{X}/resources/courses/{summary.course_id}/resources")).json()
    assert summary.resource_id in [r["sourcedId"] for r in course["resources"]]


async def test_export_is_a_common_cartridge_zip(client: httpx.AsyncClient, ims_error: Any) -> None:
    await setup(client)
    response = await client.post(
        f"{X}/resources/export/res-1", headers={"Accept": "application/zip"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert response.headers["content-disposition"] == 'attachment; filename="res-1.imscc"'
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert set(archive.namelist()) == {"imsmanifest.xml", "resource.json"}
    assert json.loads(archive.read("resource.json"))["sourcedId"] == "res-1"
    ims_error(await client.post(f"{X}/resources/export/nope"), 404, "unknownobject")


async def test_export_route_is_not_a_resource_id(client: httpx.AsyncClient) -> None:
    await setup(client)
    assert (await client.get(f"{X}/resources/export")).status_code == 404
    assert (await client.post(f"{X}/resources/export/res-1")).status_code == 200
