"""The ``timeback_emulator_app`` fixture serves async and sync clients alike, in-process."""

from __future__ import annotations

import threading

import httpx
import pytest

from timeback_emulator import InProcessEmulator

USERS = "/ims/oneroster/rostering/v1p2/users"


def _token_sync(client: httpx.Client, emulator: InProcessEmulator) -> str:
    response = client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(emulator.client_id, emulator.client_secret),
    )
    token: str = response.json()["access_token"]
    return token


def test_a_sync_client_is_served_through_sync_transport(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emulator = timeback_emulator_app
    with httpx.Client(transport=emulator.sync_transport(), base_url=emulator.base_url) as client:
        token = _token_sync(client, emulator)
        response = client.get(USERS, headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 200
    assert len(response.json()["users"]) == 30


def test_the_sync_client_sees_the_same_emulator_as_the_admin_helpers(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emulator = timeback_emulator_app
    emulator.add_fault(path_prefix=USERS, status=503, count=1)
    with httpx.Client(transport=emulator.sync_transport(), base_url=emulator.base_url) as client:
        token = _token_sync(client, emulator)
        headers = {"Authorization": f"Bearer {token}"}
        statuses = [client.get(USERS, headers=headers).status_code for _ in range(2)]

    assert statuses == [503, 200]
    assert emulator.request_count("GET", USERS, 503) == 1


def test_a_drop_fault_reaches_a_sync_client_as_a_transport_error(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emulator = timeback_emulator_app
    emulator.add_fault(path_prefix=USERS, action="drop")
    with (
        httpx.Client(transport=emulator.sync_transport(), base_url=emulator.base_url) as client,
        pytest.raises(httpx.RemoteProtocolError),
    ):
        client.get(USERS)


@pytest.mark.anyio
async def test_an_async_client_is_served_through_transport(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emulator = timeback_emulator_app
    async with httpx.AsyncClient(
        transport=emulator.transport(), base_url=emulator.base_url
    ) as client:
        response = await client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(emulator.client_id, emulator.client_secret),
        )

    assert response.status_code == 200


def test_close_stops_the_loops_of_sync_transports_left_open() -> None:
    emulator = InProcessEmulator(seed=None)
    client = httpx.Client(transport=emulator.sync_transport(), base_url=emulator.base_url)
    assert client.get("/").status_code == 200
    loops_before = {t for t in threading.enumerate() if t.daemon}

    emulator.close()
    emulator.close()  # idempotent

    loops_after = {t for t in threading.enumerate() if t.daemon}
    assert len(loops_after) < len(loops_before)
