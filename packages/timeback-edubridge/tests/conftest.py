"""Fixtures shared by timeback-edubridge's tests: plain-JSON Caliper event builders.

The Edubridge client must not depend on ``timeback-caliper``, so tests build Timeback-profile
events (wire contract 6.3-6.5) by hand, exactly as a platform client would put them on the wire.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
USERS = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/"
COURSES = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/courses/"


class CaliperJSON:
    """Builders of Timeback ``ActivityEvent`` / ``TimeSpentEvent`` JSON and envelopes."""

    context = CONTEXT

    def __init__(self, user_id: str, email: str) -> None:
        self.user_id = user_id
        self.email = email

    @staticmethod
    def new_id() -> str:
        return f"urn:uuid:{uuid.uuid4()}"

    def _event(
        self,
        kind: str,
        action: str,
        collection: str,
        items: dict[str, float],
        *,
        at: str,
        subject: str,
        app: str,
        course_id: str | None,
    ) -> dict[str, Any]:
        obj: dict[str, Any] = {
            "id": f"https://{app.lower().replace(' ', '')}.example.com/activities/1",
            "type": "TimebackActivityContext",
            "subject": subject,
            "app": {"name": app},
        }
        if course_id is not None:
            obj["course"] = {"id": COURSES + course_id, "name": f"Course {course_id}"}
        return {
            "@context": CONTEXT,
            "id": self.new_id(),
            "type": kind,
            "profile": "TimebackProfile",
            "action": action,
            "actor": {"id": USERS + self.user_id, "type": "TimebackUser", "email": self.email},
            "object": obj,
            "eventTime": at,
            "generated": {
                "id": self.new_id(),
                "type": collection,
                "items": [{"type": name, "value": value} for name, value in items.items()],
            },
        }

    def activity(
        self,
        at: str,
        *,
        subject: str = "Math",
        app: str = "AlphaMath",
        course_id: str | None = None,
        **metrics: float,
    ) -> dict[str, Any]:
        """An ActivityEvent; ``metrics`` are ``xpEarned=...``, ``totalQuestions=...``..."""
        return self._event(
            "ActivityEvent",
            "Completed",
            "TimebackActivityMetricsCollection",
            metrics,
            at=at,
            subject=subject,
            app=app,
            course_id=course_id,
        )

    def time_spent(
        self,
        at: str,
        *,
        subject: str = "Math",
        app: str = "AlphaMath",
        course_id: str | None = None,
        **seconds: float,
    ) -> dict[str, Any]:
        """A TimeSpentEvent; ``seconds`` are ``active=...``, ``inactive=...``, ``waste=...``
        (``unknown`` and ``anti_pattern`` exist too and are not surfaced by analytics)."""
        items = {name.replace("_", "-"): value for name, value in seconds.items()}
        return self._event(
            "TimeSpentEvent",
            "SpentTime",
            "TimebackTimeSpentMetricsCollection",
            items,
            at=at,
            subject=subject,
            app=app,
            course_id=course_id,
        )

    @staticmethod
    def envelope(*events: dict[str, Any]) -> dict[str, Any]:
        return {
            "sensor": "https://alphamath.example.com",
            "sendTime": "2025-02-17T12:00:00.000Z",
            "dataVersion": CONTEXT,
            "data": list(events),
        }


@pytest.fixture
def caliper_json() -> type[CaliperJSON]:
    """The `CaliperJSON` builder class (tests cannot import conftest under importlib mode)."""
    return CaliperJSON
