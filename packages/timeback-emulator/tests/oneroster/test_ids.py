"""Identifiers containing reserved characters reach exactly one resource (wire contract §3.4)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx
import pytest

from timeback_emulator._seed import SeedSummary

pytestmark = pytest.mark.anyio

R = "/ims/oneroster/rostering/v1p2"
G = "/ims/oneroster/gradebook/v1p2"
AWKWARD = ["a/b", "a?x=1", "a#b", "100%", "50%2F", "O'Brien", "with space", "a+b", "ünï", "a/b/c"]


def enc(sid: str) -> str:
    return quote(sid, safe="")


@pytest.mark.parametrize("sid", AWKWARD)
async def test_awkward_id_round_trip(client: httpx.AsyncClient, sid: str) -> None:
    body = {"category": {"sourcedId": sid, "title": f"t {sid}"}}
    assert (await client.post(f"{G}/categories", json=body)).status_code == 201
    await client.post(f"{G}/categories", json={"category": {"sourcedId": "a", "title": "decoy"}})
    got = await client.get(f"{G}/categories/{enc(sid)}")
    assert got.status_code == 200
    assert got.json()["category"]["sourcedId"] == sid
    put = await client.put(
        f"{G}/categories/{enc(sid)}", json={"category": {"sourcedId": sid, "title": "new"}}
    )
    assert put.json()["category"]["title"] == "new"
    assert (await client.delete(f"{G}/categories/{enc(sid)}")).status_code == 204
    assert (await client.get(f"{G}/categories/a")).json()["category"]["status"] == "active"


async def test_encoded_slash_never_reaches_another_route(client: httpx.AsyncClient) -> None:
    await client.post(f"{G}/categories", json={"category": {"sourcedId": "x", "title": "X"}})
    response = await client.get(f"{R}/users/{enc('x/classes')}")
    assert response.status_code == 404
    assert response.json()["imsx_description"] == "User not found."


async def test_decoding_happens_once(client: httpx.AsyncClient) -> None:
    await client.post(f"{G}/categories", json={"category": {"sourcedId": "%41", "title": "pct"}})
    await client.post(f"{G}/categories", json={"category": {"sourcedId": "A", "title": "A"}})
    got = await client.get(f"{G}/categories/{enc('%41')}")
    assert got.json()["category"]["title"] == "pct"


async def test_seeded_awkward_users_and_hrefs(
    seeded: httpx.AsyncClient, summary: SeedSummary
) -> None:
    for sid in summary.awkward_user_ids:
        response = await seeded.get(f"{R}/users/{enc(sid)}")
        assert response.status_code == 200, sid
        assert response.json()["user"]["sourcedId"] == sid
        found = await seeded.get(
            f"{R}/users", params={"filter": "sourcedId='" + sid.replace("'", "''") + "'"}
        )
        assert [u["sourcedId"] for u in found.json()["users"]] == [sid]


async def test_href_encodes_ids(client: httpx.AsyncClient) -> None:
    user: dict[str, Any] = {"sourcedId": "u/1", "enabledUser": "true", "givenName": "A",
                            "familyName": "B", "roles": [{"roleType": "primary", "role": "student",
                            "org": {"sourcedId": "s/1 ?"}}]}  # fmt: skip
    await client.post(f"{R}/users", json={"user": user})
    got = (await client.get(f"{R}/users/{enc('u/1')}")).json()["user"]
    assert got["roles"][0]["org"]["href"] == f"http://emu.test{R}/orgs/s%2F1%20%3F"
