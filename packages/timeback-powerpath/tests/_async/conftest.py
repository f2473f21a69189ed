"""Fixtures of the client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncPowerPathClient`. Each
test gets a fresh in-process emulator (tiny seed), served to the client in-process by the ASGI
transports of ``timeback_common.testing``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

import timeback_common._async._client as base_client_module
from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_emulator.fixtures import emu as emu
from timeback_emulator.fixtures import seed as seed
from timeback_powerpath import PowerPathClient


def make_client(emu: InProcessEmulator, app: Any = None, **kwargs: Any) -> PowerPathClient:
    """A client pointed at the emulator, as a user would configure it.

    ``app`` serves the requests instead of the emulator's application (a wrapper of it).
    """
    transport = AsyncASGITransport(emu.app if app is None else app)
    return PowerPathClient(**emu.client_options(), transport=transport, **kwargs)


@pytest.fixture
async def client(emu: InProcessEmulator) -> AsyncIterator[PowerPathClient]:
    """A client for the emulator (closed after the test)."""
    async with make_client(emu) as powerpath:
        yield powerpath


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the base client's retry waits instead of sleeping them."""
    waits: list[float] = []

    async def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(base_client_module, "async_sleep", record)
    return waits
