"""Fixtures of the client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncQtiClient`, so every
operation is tested both ways from one source. Each test gets a fresh in-process emulator (tiny
seed), served to the client in-process by the ASGI transports of ``timeback_common.testing``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from timeback_common.testing import AsyncASGITransport
from timeback_emulator import InProcessEmulator
from timeback_emulator.fixtures import emu as emu
from timeback_qti import QtiClient


@pytest.fixture
async def client(emu: InProcessEmulator) -> AsyncIterator[QtiClient]:
    """A client for the emulator (closed after the test)."""
    async with QtiClient(**emu.client_options(), transport=AsyncASGITransport(emu.app)) as qti:
        yield qti
