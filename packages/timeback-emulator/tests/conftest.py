"""Generic fixtures for the emulator's own tests (in-process through httpx.ASGITransport)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from timeback_emulator import InProcessEmulator


@pytest.fixture
def emu(timeback_emulator_app: InProcessEmulator) -> InProcessEmulator:
    """A fresh in-process emulator (tiny seed unless a marker says otherwise)."""
    return timeback_emulator_app


@pytest.fixture
async def anon(emu: InProcessEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client without credentials."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url=emu.base_url) as client:
        yield client


async def fetch_token(client: httpx.AsyncClient, emu: InProcessEmulator) -> str:
    """A bearer token obtained with HTTP Basic credentials."""
    response = await client.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


@pytest.fixture
async def api(emu: InProcessEmulator) -> AsyncIterator[httpx.AsyncClient]:
    """A client carrying a valid bearer token."""
    async with httpx.AsyncClient(transport=emu.transport(), base_url=emu.base_url) as client:
        token = await fetch_token(client, emu)
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
USERS_IRI = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/"


def new_id() -> str:
    """A fresh ``urn:uuid:`` event id."""
    import uuid

    return f"urn:uuid:{uuid.uuid4()}"


def activity_event(
    *,
    user_id: str = "student-1",
    email: str = "student1@example.com",
    subject: str = "Math",
    app: str = "AlphaMath",
    event_time: str = "2025-03-01T14:05:09.123Z",
    metrics: dict[str, float] | None = None,
    course: dict[str, str] | None = None,
    event_id: str | None = None,
) -> dict[str, object]:
    """A valid Timeback ActivityEvent."""
    obj: dict[str, object] = {
        "id": "https://app.example.com/activities/1",
        "type": "TimebackActivityContext",
        "subject": subject,
        "app": {"name": app},
    }
    if course is not None:
        obj["course"] = course
    items = metrics if metrics is not None else {"xpEarned": 10, "totalQuestions": 5}
    return {
        "@context": CONTEXT,
        "id": event_id or new_id(),
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "action": "Completed",
        "actor": {"id": USERS_IRI + user_id, "type": "TimebackUser", "email": email},
        "object": obj,
        "eventTime": event_time,
        "generated": {
            "id": new_id(),
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": k, "value": v} for k, v in items.items()],
        },
    }


def time_spent_event(*, seconds: dict[str, float] | None = None, **about: Any) -> dict[str, object]:
    """A valid Timeback TimeSpentEvent (``about``: the keywords of `activity_event` but
    ``metrics``)."""
    event = activity_event(**about)
    items = seconds if seconds is not None else {"active": 60}
    event.update(
        type="TimeSpentEvent",
        action="SpentTime",
        generated={
            "id": new_id(),
            "type": "TimebackTimeSpentMetricsCollection",
            "items": [{"type": k, "value": v} for k, v in items.items()],
        },
    )
    return event


def envelope(*events: object, sensor: str = "https://app.example.com") -> dict[str, object]:
    """A Caliper envelope around some events."""
    return {
        "sensor": sensor,
        "sendTime": "2025-03-01T14:05:10.000Z",
        "dataVersion": CONTEXT,
        "data": list(events),
    }


class Events:
    """Caliper test-data builders (fixture ``events``)."""

    new_id = staticmethod(new_id)
    activity = staticmethod(activity_event)
    time_spent = staticmethod(time_spent_event)
    envelope = staticmethod(envelope)
    context = CONTEXT
    users_iri = USERS_IRI


@pytest.fixture
def events() -> type[Events]:
    """Builders of valid Timeback events and envelopes."""
    return Events
