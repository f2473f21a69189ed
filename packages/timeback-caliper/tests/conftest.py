"""Fixtures for timeback-caliper's tests: ready-made valid events.

Tests that cross the wire run against the emulator: in-process (``timeback_emulator_app`` with
``AsyncASGITransport`` / ``SyncASGITransport``) or over real HTTP (``timeback_emulator``). Most
use ``seed=None`` (an empty store, quick to build) so that stored-event counts are exact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_caliper import ActivityEvent, activity_completed

SENSOR = "https://reading.example.com"

ACTOR = {
    "id": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u1",
    "type": "TimebackUser",
    "email": "ada@example.com",
    "role": "student",
}
ACTIVITY = {
    "id": "https://reading.example.com/activities/42",
    "type": "TimebackActivityContext",
    "subject": "Reading",
    "app": {"name": "Reading Quest"},
    "course": {"name": "Reading 3", "id": "https://example.com/courses/c1"},
    "activity": {"name": "Chapter 1"},
}


def make_activity_event(**overrides: Any) -> ActivityEvent:
    """A valid Timeback ActivityEvent with a fresh id."""
    overrides.setdefault("actor", ACTOR)
    overrides.setdefault("object", ACTIVITY)
    overrides.setdefault("metrics", {"xpEarned": 10, "totalQuestions": 5, "correctQuestions": 4})
    return activity_completed(**overrides)


@pytest.fixture
def make_event() -> Callable[..., ActivityEvent]:
    """Build a valid ActivityEvent with a fresh id (keyword arguments override members)."""
    return make_activity_event
