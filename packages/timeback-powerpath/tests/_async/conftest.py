"""Fixtures of the client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncPowerPathClient`. Each
test gets a fresh in-process emulator (tiny seed), served to the client in-process by the ASGI
transports of ``timeback_common.testing``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

import timeback_common._async._client as base_client_module
from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_emulator.fixtures import emu as emu
from timeback_emulator.fixtures import seed as seed
from timeback_powerpath import PowerPathClient


@pytest.fixture
async def client(emu: InProcessEmulator) -> AsyncIterator[PowerPathClient]:
    """A client for the emulator (closed after the test)."""
    async with PowerPathClient(
        **emu.client_options(), transport=AsyncASGITransport(emu.app)
    ) as powerpath:
        yield powerpath


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the base client's retry waits instead of sleeping them."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(base_client_module, "async_sleep", record)
    return waits
