"""Helpers shared by the PowerPath tests: the right answers of the emulator's seeded QTI items.

The emulator seeds three items per course: ``...-choice`` (answer ``B``), ``...-text`` (answer
``4``) and ``...-order`` (answer ``A B C``); each seeded course's lesson 1 of unit 1 is a
PowerPath 100 lesson and its lesson 2 a test-out.
"""

from __future__ import annotations

from typing import Any

import pytest


class SeededAnswers:
    """Right and wrong responses to the seeded questions, and the seeded lessons."""

    @staticmethod
    def right(question_id: str) -> str | list[str]:
        if question_id.endswith("-choice"):
            return "B"
        if question_id.endswith("-text"):
            return "4"
        return ["A", "B", "C"]

    @staticmethod
    def wrong(question_id: str) -> str | list[str]:
        if question_id.endswith("-order"):
            return ["C", "B", "A"]
        return "A" if question_id.endswith("-choice") else "5"

    @staticmethod
    def lessons(course_id: str) -> tuple[str, str]:
        """The course's first PowerPath 100 lesson and its first test-out lesson."""
        return f"cr-cc-{course_id}-u1-l1", f"cr-cc-{course_id}-u1-l2"


@pytest.fixture
def answers() -> SeededAnswers:
    """Right and wrong responses to the emulator's seeded questions."""
    return SeededAnswers()


class InFlight:
    """An ASGI wrapper counting PowerPath requests in flight, and the most at once.

    Written once for both worlds: the sync transport runs the app on one event loop too.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self.now = 0
        self.peak = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        counted = scope["type"] == "http" and scope["path"].startswith("/powerpath")
        if counted:
            self.now += 1
            self.peak = max(self.peak, self.now)
        try:
            await self.app(scope, receive, send)
        finally:
            if counted:
                self.now -= 1


@pytest.fixture
def in_flight() -> type[InFlight]:
    """The in-flight counting wrapper (``in_flight(app)``)."""
    return InFlight
