"""Clients for the fault matrix, written once (async); `scripts/unasync.py` writes the sync twin.

`connect` builds a `TimebackClient` in base URL mode for an emulator (in-process through
`AsyncASGITransport`, or over real HTTP), on an ``httpx`` client of our own so that a test can
watch responses go by and act in the middle of an operation (`Trigger`). `no_sleep` records the
base client's retry waits instead of sleeping them, so the matrix runs in seconds while the
waits it would have made stay checkable.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

import timeback_common._async._client as base_client_module
from timeback_common.testing import AsyncASGITransport
from timeback_core import TimebackClient
from timeback_emulator import EmulatorServer, InProcessEmulator


class Trigger:
    """An httpx response hook that runs ``action`` once, after the ``after``-th 2xx answer to a
    request whose path starts with ``path`` (to act in the middle of an operation)."""

    def __init__(self, path: str, after: int, action: Callable[[], object]) -> None:
        self.path = path
        self.after = after
        self.action = action
        self.seen = 0

    async def __call__(self, response: httpx.Response) -> None:
        if response.request.url.path.startswith(self.path) and response.is_success:
            self.seen += 1
            if self.seen == self.after:
                self.action()


@pytest.fixture
async def connect() -> AsyncIterator[Callable[..., TimebackClient]]:
    """Build `TimebackClient` objects for emulators; everything is closed after the test.

    ``connect(emulator, trigger=None, timeout=..., ...)``: in-process emulators are served
    through `AsyncASGITransport`, `EmulatorServer` ones over real HTTP.
    """
    pools: list[httpx.AsyncClient] = []
    clients: list[TimebackClient] = []

    def build(
        emulator: InProcessEmulator | EmulatorServer,
        trigger: Trigger | None = None,
        **kwargs: Any,
    ) -> TimebackClient:
        transport = (
            AsyncASGITransport(emulator.app) if isinstance(emulator, InProcessEmulator) else None
        )
        hooks: dict[str, list[Any]] = {"response": [trigger] if trigger else []}
        pool = httpx.AsyncClient(transport=transport, event_hooks=hooks, timeout=30.0)
        pools.append(pool)
        client = TimebackClient(
            base_url=emulator.base_url,
            auth_url=emulator.token_url,
            client_id=emulator.client_id,
            client_secret=emulator.client_secret,
            http_client=pool,
            **kwargs,
        )
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.close()
    for pool in pools:
        await pool.aclose()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the base client's retry waits instead of sleeping them."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(base_client_module, "async_sleep", record)
    return waits
