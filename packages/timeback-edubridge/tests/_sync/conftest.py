# This file is generated from packages/timeback-edubridge/tests/_async/conftest.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Fixtures of the client tests, written once against the async client.

``scripts/unasync.py`` turns this folder into ``tests/_sync/`` for `SyncEdubridgeClient`, so every
endpoint is tested both ways from one source. Each test gets a fresh in-process emulator (tiny
seed), served to the client in-process by the ASGI transports of ``timeback_common.testing``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest

import timeback_common._sync._client as base_client_module
from timeback_common.testing import SyncASGITransport
from timeback_edubridge import SyncEdubridgeClient
from timeback_emulator import InProcessEmulator


@pytest.fixture
def emu(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh in-process emulator."""
    return timeback_emulator_app


@pytest.fixture
def seed(emu: InProcessEmulator) -> dict[str, Any]:
    """The emulator's well-known ids (``student_id``, ``student_email``, ``course_id``...)."""
    summary: dict[str, Any] = emu.seed_summary()["summary"]
    return summary


def make_client(emu: InProcessEmulator, **kwargs: Any) -> SyncEdubridgeClient:
    """A client in base URL mode pointed at the emulator, as a user would configure it."""
    return SyncEdubridgeClient(
        base_url=emu.base_url,
        auth_url=emu.token_url,
        client_id=emu.client_id,
        client_secret=emu.client_secret,
        transport=SyncASGITransport(emu.app),
        **kwargs,
    )


@pytest.fixture
def client(emu: InProcessEmulator) -> Iterator[SyncEdubridgeClient]:
    """A client for the emulator (closed after the test)."""
    with make_client(emu) as edubridge:
        yield edubridge


@pytest.fixture
def no_sleep(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Record the base client's retry waits instead of sleeping them."""
    waits: list[float] = []

    def record(seconds: float) -> None:
        waits.append(seconds)

    monkeypatch.setattr(base_client_module, "sync_sleep", record)
    return waits


class SyncPlatformFeed:
    """Posts Caliper envelopes to the emulator's ``/caliper/event`` as plain JSON, the way an
    app reports activity (the Edubridge client is not involved)."""

    def __init__(self, emu: InProcessEmulator) -> None:
        self._emu = emu

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        emu = self._emu
        with httpx.Client(
            transport=SyncASGITransport(emu.app), base_url=emu.base_url
        ) as http:
            token = http.post(
                "/oauth2/token",
                data={"grant_type": "client_credentials"},
                auth=(emu.client_id, emu.client_secret),
            )
            response = http.request(
                method,
                path,
                json=body,
                headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            )
        assert response.status_code == 200, response.text
        return response.json()

    def send(self, envelope: dict[str, Any]) -> None:
        """``POST /caliper/event``."""
        self._call("POST", "/caliper/event", envelope)

    def stored_event(self, event_id: str) -> dict[str, Any]:
        """``GET /caliper/events/{id}``: the event as the platform stored it."""
        stored: dict[str, Any] = (
            self._call("GET", "/caliper/events/" + quote(event_id, safe=""))
        )["event"]
        return stored


@pytest.fixture
def feed(emu: InProcessEmulator) -> SyncPlatformFeed:
    """The emulator's own Caliper API: ``feed.send(envelope)``, ``stored_event(id)``."""
    return SyncPlatformFeed(emu)
