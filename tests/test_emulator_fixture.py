"""The emulator's in-process fixture serves the SDK's sync and async clients alike.

A sync client given the async ``.transport()`` used to fail with "'ASGITransport' object has no
attribute 'handle_request'"; ``.sync_transport()`` of the same fixture serves it.
"""

from __future__ import annotations

import pytest

from timeback_emulator import InProcessEmulator
from timeback_oneroster import OneRosterClient, SyncOneRosterClient


def test_a_sync_sdk_client_is_served_by_the_fixtures_sync_transport(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emulator = timeback_emulator_app
    with SyncOneRosterClient(
        base_url=emulator.base_url,
        token_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=emulator.sync_transport(),
    ) as client:
        teachers = client.users.list(filter="role='teacher'").to_list()

    assert teachers
    assert all(any(r.role == "teacher" for r in t.roles) for t in teachers)


@pytest.mark.anyio
async def test_an_async_sdk_client_is_served_by_the_fixtures_transport(
    timeback_emulator_app: InProcessEmulator,
) -> None:
    emulator = timeback_emulator_app
    async with OneRosterClient(
        base_url=emulator.base_url,
        token_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=emulator.transport(),
    ) as client:
        teachers = await client.users.list(filter="role='teacher'").to_list()

    assert teachers
