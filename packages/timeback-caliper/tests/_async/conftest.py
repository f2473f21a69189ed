"""Fixtures of the client and sender tests, written once against the async classes.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncCaliperClient` and
`SyncBufferedSender`, so every endpoint family and the sender are tested both ways from one
source. Each test gets a fresh in-process emulator, served to the client by the ASGI transports
of ``timeback_common.testing``; ``seed=None`` keeps its Caliper store empty so that counts of
stored events are exact.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from timeback_caliper import AsyncBufferedSender, CaliperClient
from timeback_common import async_sleep
from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_emulator.caliper import EventStore
from timeback_emulator.fixtures import emu as emu

SENSOR = "https://reading.example.com"
SEND_ROUTE = "/caliper/event"


@pytest.fixture
async def connect(emu: InProcessEmulator) -> AsyncIterator[Callable[..., CaliperClient]]:
    """Build clients for the emulator in base URL mode (all closed after the test)."""
    made: list[CaliperClient] = []

    def build(**kwargs: Any) -> CaliperClient:
        if "http_client" not in kwargs:
            kwargs.setdefault("transport", AsyncASGITransport(emu.app))
        client = CaliperClient(**emu.client_options(), **kwargs)
        made.append(client)
        return client

    yield build
    for client in made:
        await client.close()


@pytest.fixture
def client(connect: Callable[..., CaliperClient]) -> CaliperClient:
    """A Beyond-AI client for the emulator."""
    return connect()


@pytest.fixture
def make_sender() -> Callable[..., AsyncBufferedSender]:
    """Build a buffered sender of `SENSOR` (or ``sensor=``) on a client, retrying after 10-50 ms
    (other keyword arguments are the sender's)."""

    def build(client: CaliperClient, **kwargs: Any) -> AsyncBufferedSender:
        kwargs.setdefault("retry_initial_delay", 0.01)
        kwargs.setdefault("retry_max_delay", 0.05)
        return AsyncBufferedSender(client, kwargs.pop("sensor", SENSOR), **kwargs)

    return build


@pytest.fixture
def stored(emu: InProcessEmulator) -> Callable[..., list[str]]:
    """The ids of the events the emulator stored (for a sensor), in the order it stored them."""

    def ids(sensor: str | None = SENSOR) -> list[str]:
        events, _ = EventStore(emu.store).list_events(limit=100_000, offset=0, sensor=sensor)
        return [str(event["externalId"]) for event in events]

    return ids


@pytest.fixture
def eventually() -> Callable[[Callable[[], bool]], Awaitable[None]]:
    """Wait until a condition holds (checked every 10 ms; fails after 20 s, never a timing)."""

    async def wait(condition: Callable[[], bool]) -> None:
        deadline = time.monotonic() + 20.0
        while not condition():
            assert time.monotonic() < deadline, "the condition was never reached"
            await async_sleep(0.01)

    return wait
