"""Fixtures of the client tests: a fresh in-process emulator and clients bound to it.

Written once for the async client; ``scripts/unasync.py`` generates ``tests/_sync/conftest.py``,
whose fixtures build `SyncOneRosterClient` over `SyncASGITransport` instead.

Clients share the process-wide token cache: every in-process emulator has an origin of its own,
so no token of an earlier test's emulator is offered to this one and request counts stay exact.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

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
        client = OneRosterClient(**emulator.client_options(), **kwargs)
        made.append(client)
        return client

    yield make
    for client in made:
        await client.close()


@pytest.fixture
def client(make_client: ClientFactory) -> OneRosterClient:
    """A client on the emulator."""
    return make_client()


@pytest.fixture
def new_student(seed: SeedSummary) -> Callable[..., dict[str, Any]]:
    """Build the body of a new enabled student of the seed's school (``**extra`` adds members)."""

    def body(sourced_id: str, **extra: Any) -> dict[str, Any]:
        return {
            "sourced_id": sourced_id,
            "given_name": "New",
            "family_name": sourced_id,
            "enabled_user": True,
            "roles": [{"role_type": "primary", "role": "student", "org": seed.school_id}],
            **extra,
        }

    return body
