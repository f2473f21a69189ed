"""Screening: the external screening test (a session per student, results, assignment)."""

from __future__ import annotations

import builtins
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions, parse_models
from timeback_powerpath._async.resources._base import AsyncEndpointGroup
from timeback_powerpath._models import ScreeningAssignment, ScreeningSession
from timeback_powerpath._requests import body, require

__all__ = ["AsyncScreening"]


class AsyncScreening(AsyncEndpointGroup):
    """``client.powerpath.screening``: screening sessions, tests and results."""

    async def results(self, user_id: str, **options: Unpack[RequestOptions]) -> dict[str, Any]:
        """The student's screening results, as the platform sends them.

        Args:
            user_id: The student's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The results.

        Raises:
            NotFoundError: Unknown student.
        """
        response = await self._api.get(
            self._base + "/screening/results/{}", user_id, options=options
        )
        data = response.json()
        return dict(data) if isinstance(data, dict) else {"results": data}

    async def session(self, user_id: str, **options: Unpack[RequestOptions]) -> ScreeningSession:
        """The student's screening session (its password and pin stay out of the repr).

        Args:
            user_id: The student's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The session.

        Raises:
            NotFoundError: Unknown student, or no session.
        """
        return await self._get(
            ScreeningSession, self._base + "/screening/session/{}", user_id, options=options
        )

    async def assign_test(
        self, user_id: str, subject: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[ScreeningAssignment]:
        """Assign the screening test of a subject to a student.

        Args:
            user_id: The student's ``sourcedId``.
            subject: ``Math``, ``Reading``, ``Language`` or ``Science``.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignments made.

        Raises:
            NotFoundError: Unknown student.
        """
        require(user_id=user_id, subject=subject)
        response = await self._api.post(
            self._base + "/screening/tests/assign",
            json=body(userId=user_id, subject=subject),
            options=options,
        )
        data = response.json()
        items = data if isinstance(data, list) else [data]
        return parse_models(ScreeningAssignment, items, response)

    async def reset_session(self, user_id: str, **options: Unpack[RequestOptions]) -> None:
        """Reset the student's screening session.

        Args:
            user_id: The student's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: Unknown student.
        """
        require(user_id=user_id)
        await self._api.post(
            self._base + "/screening/session/reset",
            json=body(userId=user_id),
            options=options,
        )
