"""Fixtures of the client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncQtiClient`, so every
operation is tested both ways from one source. Each test gets a fresh in-process emulator (tiny
seed), served to the client in-process by the ASGI transports of ``timeback_common.testing``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_qti import QtiClient


@pytest.fixture
def emu(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh in-process emulator."""
    return timeback_emulator_app


def make_client(emu: InProcessEmulator, **kwargs: Any) -> QtiClient:
    """A client in base URL mode pointed at the emulator, as a user would configure it."""
    return QtiClient(
        base_url=emu.base_url,
        auth_url=emu.token_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        transport=AsyncASGITransport(emu.app),
        **kwargs,
    )


@pytest.fixture
async def client(emu: InProcessEmulator) -> AsyncIterator[QtiClient]:
    """A client for the emulator (closed after the test)."""
    async with make_client(emu) as qti:
        yield qti
