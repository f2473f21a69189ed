"""Fixtures of the client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncEdubridgeClient`, so every
endpoint is tested both ways from one source. Each test gets a fresh in-process emulator (tiny
seed), served to the client in-process by the ASGI transports of ``timeback_common.testing``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from timeback_common.testing import AsyncASGITransport
from timeback_edubridge import EdubridgeClient
from timeback_emulator import InProcessEmulator
from timeback_emulator.fixtures import emu as emu
from timeback_emulator.fixtures import seed as seed


@pytest.fixture
async def client(emu: InProcessEmulator) -> AsyncIterator[EdubridgeClient]:
    """A client for the emulator (closed after the test)."""
    async with EdubridgeClient(
        **emu.client_options(), transport=AsyncASGITransport(emu.app)
    ) as edubridge:
        yield edubridge


class AsyncPlatformFeed:
    """Posts Caliper envelopes to the emulator's ``/caliper/event`` as plain JSON, the way an
    app reports activity (the Edubridge client is not involved)."""

    def __init__(self, emu: InProcessEmulator) -> None:
        self._emu = emu

    async def _call(self, method: str, path: str, body: Any = None) -> Any:
        emu = self._emu
        async with httpx.AsyncClient(
            transport=AsyncASGITransport(emu.app), base_url=emu.base_url
        ) as http:
            token = await http.post(
                "/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=(emu.client_id, emu.client_secret),
            )
            response = await http.request(
                method,
                path,
                json=body,
                headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            )
        assert response.status_code == 200, response.text
        return response.json()

    async def send(self, envelope: dict[str, Any]) -> None:
        """``POST /caliper/event``."""
        await self._call("POST", "/caliper/event", envelope)

    async def stored_event(self, event_id: str) -> dict[str, Any]:
        """``GET /caliper/events/{id}``: the event as the platform stored it."""
        stored: dict[str, Any] = (
            await self._call("GET", "/caliper/events/" + quote(event_id, safe=""))
        )["event"]
        return stored


@pytest.fixture
def feed(emu: InProcessEmulator) -> AsyncPlatformFeed:
    """The emulator's own Caliper API: ``await feed.send(envelope)``, ``stored_event(id)``."""
    return AsyncPlatformFeed(emu)
