"""Shared fixtures of the fault matrix: emulators with credentials of their own, data probes.

Every emulator made here gets a client id no other test uses: in-process emulators share one
made-up origin and the SDK caches tokens per (token URL, client id, scope) for the whole
process, so a shared id would hand one emulator's token to another and add requests to the
counts the matrix checks.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from timeback_caliper import ActivityEvent, activity_completed
from timeback_emulator import EmulatorServer, InProcessEmulator
from timeback_emulator._config import DEFAULT_CLIENT_SECRET
from timeback_emulator.caliper import EventStore

SENSOR = "https://reliability.example.com"

_ACTOR = {
    "id": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u1",
    "type": "TimebackUser",
    "email": "ada@example.com",
    "role": "student",
}
_ACTIVITY = {
    "id": "https://reliability.example.com/activities/1",
    "type": "TimebackActivityContext",
    "subject": "Reading",
    "app": {"name": "Reliability"},
    "course": {"name": "Reading 3", "id": "https://example.com/courses/c1"},
    "activity": {"name": "Chapter 1"},
}


def unique_client_id() -> str:
    return f"reliability-{uuid.uuid4().hex[:12]}"


@pytest.fixture
def make_emulator() -> Callable[..., InProcessEmulator]:
    """Fresh in-process emulators (``EmulatorConfig`` fields as keywords), own client id each."""

    def make(**overrides: Any) -> InProcessEmulator:
        overrides.setdefault("client_id", unique_client_id())
        return InProcessEmulator(**overrides)

    return make


@pytest.fixture(scope="module")
def http_emulator() -> Iterator[EmulatorServer]:
    """A real-HTTP emulator (uvicorn on loopback) with 250 users, shared by one module.

    Drops and read timeouts need a real socket. Each test resets faults, stats and data.
    """
    with EmulatorServer(seed=250, client_id=unique_client_id()) as server:
        yield server


@pytest.fixture
def served(http_emulator: EmulatorServer) -> EmulatorServer:
    """The module's real-HTTP emulator with fresh data, no faults and zeroed stats."""
    http_emulator.reset(data=True, faults=True, stats=True, tokens=False)
    return http_emulator


@pytest.fixture(scope="module")
def district_server() -> Iterator[EmulatorServer]:
    """A real-HTTP emulator seeded with a 10,000-user district, shared by one module."""
    with EmulatorServer(seed="district", client_id=unique_client_id()) as server:
        yield server


def _user_ids(emulator: InProcessEmulator | EmulatorServer) -> list[str]:
    """Every user id the emulator holds, sorted (read from its store, not through the API)."""
    store = emulator.app.state.store
    with store.lock:
        rows = store.conn.execute("SELECT sid FROM doc_users").fetchall()
    return sorted(row[0] for row in rows)


def _stored_event_ids(emulator: InProcessEmulator | EmulatorServer) -> list[str]:
    """The ids of the events the emulator stored for `SENSOR`, one entry per stored copy."""
    events, _ = EventStore(emulator.app.state.store).list_events(
        limit=1_000_000, offset=0, sensor=SENSOR
    )
    return [str(event["externalId"]) for event in events]


def _make_events(count: int) -> list[ActivityEvent]:
    """``count`` valid Timeback ActivityEvents, each with a fresh id."""
    return [
        activity_completed(
            actor=_ACTOR,
            object=_ACTIVITY,
            metrics={"xpEarned": 10, "totalQuestions": 5, "correctQuestions": i % 6},
        )
        for i in range(count)
    ]


@pytest.fixture
def user_ids() -> Callable[[InProcessEmulator | EmulatorServer], list[str]]:
    """Every user id an emulator holds, sorted, read from its store (not through the API)."""
    return _user_ids


@pytest.fixture
def stored_event_ids() -> Callable[[InProcessEmulator | EmulatorServer], list[str]]:
    """The ids of the events an emulator stored for `SENSOR`, one entry per stored copy."""
    return _stored_event_ids


@pytest.fixture
def make_events() -> Callable[[int], list[ActivityEvent]]:
    """Build that many valid Timeback ActivityEvents, each with a fresh id."""
    return _make_events


@pytest.fixture(autouse=True)
def _nothing_secret_in_the_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Log every matrix run at DEBUG, then scan what was logged for credentials.

    The matrix drives every fault, retry and token renewal there is, so this is the widest scan
    of the SDK's logging: neither the client secret nor a bearer token may appear.
    """
    caplog.set_level(logging.DEBUG)
    yield
    secret = DEFAULT_CLIENT_SECRET
    for record in caplog.records:
        text = f"{record.getMessage()} {record.exc_text or ''}"
        assert secret not in text, f"the client secret was logged by {record.name}"
        assert "Bearer " not in text, f"a bearer token was logged by {record.name}"
