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
from timeback_powerpath import PowerPathClient


@pytest.fixture
def emu(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh in-process emulator."""
    return timeback_emulator_app


@pytest.fixture
def seed(emu: InProcessEmulator) -> dict[str, Any]:
    """The emulator's well-known ids (``student_id``, ``course_id``...)."""
    summary: dict[str, Any] = emu.seed_summary()["summary"]
    return summary


def make_client(emu: InProcessEmulator, app: Any = None, **kwargs: Any) -> PowerPathClient:
    """A client in base URL mode pointed at the emulator, as a user would configure it.

    ``app`` serves the requests instead of the emulator's application (a wrapper of it).
    """
    return PowerPathClient(
        base_url=emu.base_url,
        auth_url=emu.token_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        transport=AsyncASGITransport(emu.app if app is None else app),
        **kwargs,
    )


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
