"""Fixtures of the client tests: a fresh in-process emulator and clients bound to it.

Written once for the async client; ``scripts/unasync.py`` generates ``tests/_sync/conftest.py``,
whose fixtures build `SyncOneRosterClient` over `SyncASGITransport` instead.

Each client gets its own token cache, so that request counts in the emulator's stats are not
disturbed by a token cached for an emulator of an earlier test (that would cost a 401 and a
replay); `test_client.py` covers the default, shared cache.
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

ClientFactory = Callable[..., OneRosterClient]


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
async def make_client(emulator: InProcessEmulator) -> AsyncIterator[ClientFactory]:
    """Build clients on the emulator in base URL mode (closed after the test)."""
    made: list[OneRosterClient] = []

    def make(**kwargs: Any) -> OneRosterClient:
        kwargs.setdefault("transport", AsyncASGITransport(emulator.app))
        kwargs.setdefault(
            "auth",
            ClientCredentialsAuth(
                ClientCredentials(
                    client_id=emulator.client_id,
                    client_secret=emulator.client_secret,
                    token_url=emulator.token_url,
                ),
                cache=TokenCache(),
            ),
        )
        client = OneRosterClient(
            base_url=emulator.base_url,
            auth_url=emulator.token_url,
            client_id=emulator.client_id,
            client_secret=emulator.client_secret,
            **kwargs,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> OneRosterClient:
    """A client on the emulator."""
    return make_client()
