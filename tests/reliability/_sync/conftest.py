# This file is generated from tests/reliability/_async/conftest.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Clients for the fault matrix, written once (async); `scripts/unasync.py` writes the sync twin.

`connect` builds a `SyncTimebackClient` in base URL mode for an emulator (in-process through
`SyncASGITransport`, or over real HTTP), on an ``httpx`` client of our own so that a test can
watch responses go by and act in the middle of an operation (`Trigger`). `no_sleep` records the
base client's retry waits instead of sleeping them, so the matrix runs in seconds while the
waits it would have made stay checkable.
"""

from __future__ import annotations

from collections.abc import Iterator, Callable
from typing import Any

import httpx
import pytest

import timeback_common._sync._client as base_client_module
from timeback_common.testing import SyncASGITransport
from timeback_core import SyncTimebackClient
from timeback_emulator import EmulatorServer, InProcessEmulator


class Trigger:
    """An httpx response hook that runs ``action`` once, after the ``after``-th 2xx answer to a
    request whose path starts with ``path`` (to act in the middle of an operation)."""

    def __init__(self, path: str, after: int, action: Callable[[], object]) -> None:
        self.path = path
        self.after = after
        self.action = action
        self.seen = 0

    def __call__(self, response: httpx.Response) -> None:
        if response.request.url.path.startswith(self.path) and response.is_success:
            self.seen += 1
            if self.seen == self.after:
                self.action()


@pytest.fixture
def connect() -> Iterator[Callable[..., SyncTimebackClient]]:
    """Build `SyncTimebackClient` objects for emulators; everything is closed after the test.

    ``connect(emulator, trigger=None, timeout=..., ...)``: in-process emulators are served
    through `SyncASGITransport`, `EmulatorServer` ones over real HTTP.
    """
    pools: list[httpx.Client] = []
    clients: list[SyncTimebackClient] = []

    def build(
        emulator: InProcessEmulator | EmulatorServer,
        trigger: Trigger | None = None,
        **kwargs: Any,
    ) -> SyncTimebackClient:
        transport = (
            SyncASGITransport(emulator.app) if isinstance(emulator, InProcessEmulator) else None
        )
        hooks: dict[str, list[Any]] = {"response": [trigger] if trigger else []}
        pool = httpx.Client(transport=transport, event_hooks=hooks, timeout=30.0)
        pools.append(pool)
        client = SyncTimebackClient(
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
        client.close()
    for pool in pools:
        pool.close()


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the base client's retry waits instead of sleeping them."""
    waits: list[float] = []

    def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(base_client_module, "sync_sleep", record)
    return waits
