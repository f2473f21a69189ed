"""Fixtures of the mirror tests: a fresh in-process emulator, a client on it, and mirrors.

Written once for the async mirror; ``scripts/unasync.py`` generates ``tests/_sync/conftest.py``
(`SyncOneRosterClient` over `SyncASGITransport`, `SyncRosterMirror`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from timeback_auth import ClientCredentials, ClientCredentialsAuth, TokenCache
from timeback_common.testing import AsyncASGITransport
from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import OneRosterClient
from timeback_sync import RosterMirror

MirrorFactory = Callable[..., RosterMirror]


@pytest.fixture
def emulator(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh, seeded (``tiny``) in-process emulator."""
    return timeback_emulator_app


@pytest.fixture
def seed(emulator: InProcessEmulator) -> SeedSummary:
    """The well-known ids of the emulator's seed."""
    summary = emulator.state.seed_summary
    assert summary is not None
    return summary


@pytest.fixture
async def client(emulator: InProcessEmulator) -> AsyncIterator[OneRosterClient]:
    """A client on the emulator, with a token cache of its own (request counts stay exact)."""
    client = OneRosterClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=AsyncASGITransport(emulator.app),
        auth=ClientCredentialsAuth(
            ClientCredentials(
                client_id=emulator.client_id,
                client_secret=emulator.client_secret,
                token_url=emulator.token_url,
            ),
            cache=TokenCache(),
        ),
    )
    yield client
    await client.close()


@pytest.fixture
async def make_mirror(client: OneRosterClient, db_url: str) -> AsyncIterator[MirrorFactory]:
    """Build mirrors of the emulator in the test's database (closed after the test)."""
    made: list[RosterMirror] = []

    def make(**kwargs: Any) -> RosterMirror:
        mirror = RosterMirror(client, kwargs.pop("url", db_url), **kwargs)
        made.append(mirror)
        return mirror

    yield make
    for mirror in made:
        await mirror.close()
