"""Placement: which grade a student starts at in a subject, and the tests that decide it."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup, read_object
from timeback_powerpath._models import (
    CurrentLevel,
    NextPlacementTest,
    PlacementReset,
    PlacementTests,
    SubjectProgress,
)

__all__ = ["AsyncPlacement"]


class AsyncPlacement(AsyncEndpointGroup):
    """``client.powerpath.placement``: place a student in a subject."""

    async def all_tests(
        self, student: str, subject: str, **options: Unpack[RequestOptions]
    ) -> PlacementTests:
        """Every placement test of a subject, with the student's results where taken.

        Args:
            student: The student's ``sourcedId``.
            subject: The subject (``Math``, ``Reading``, ``Language``, ``Science``...).
            **options: Per-call `RequestOptions`.

        Returns:
            The placement tests.

        Raises:
            NotFoundError: Unknown student.
        """
        ids = {"student": student, "subject": subject}
        return await self._get_for(
            PlacementTests, self._base + "/placement/getAllPlacementTests", ids, options
        )

    async def current_level(
        self, student: str, subject: str, **options: Unpack[RequestOptions]
    ) -> CurrentLevel:
        """The grade the student is placed at in a subject, and whether onboarding is done.

        Args:
            student: The student's ``sourcedId``.
            subject: The subject.
            **options: Per-call `RequestOptions`.

        Returns:
            The grade level (None before any placement), onboarding, tests left.

        Raises:
            NotFoundError: Unknown student.
        """
        ids = {"student": student, "subject": subject}
        return await self._get_for(
            CurrentLevel, self._base + "/placement/getCurrentLevel", ids, options
        )

    async def next_test(
        self, student: str, subject: str, **options: Unpack[RequestOptions]
    ) -> NextPlacementTest:
        """The placement test the student should take next in a subject.

        Take it through the question loop (`mastery`) with the returned ``lesson``; finalising
        it moves the student's level.

        Args:
            student: The student's ``sourcedId``.
            subject: The subject.
            **options: Per-call `RequestOptions`.

        Returns:
            The next test's lesson (None when the tests are exhausted), and the current level.

        Raises:
            NotFoundError: Unknown student.
        """
        ids = {"student": student, "subject": subject}
        return await self._get_for(
            NextPlacementTest, self._base + "/placement/getNextPlacementTest", ids, options
        )

    async def subject_progress(
        self, student: str, subject: str, **options: Unpack[RequestOptions]
    ) -> SubjectProgress:
        """The student's progress in every course of a subject: lessons done, XP earned.

        Args:
            student: The student's ``sourcedId``.
            subject: The subject.
            **options: Per-call `RequestOptions`.

        Returns:
            One entry per course of the subject.

        Raises:
            NotFoundError: Unknown student.
        """
        ids = {"student": student, "subject": subject}
        return await self._get_for(
            SubjectProgress, self._base + "/placement/getSubjectProgress", ids, options
        )

    async def student_data(
        self, student_id: str, **options: Unpack[RequestOptions]
    ) -> dict[str, Any]:
        """The student's placement data in every subject, keyed by subject.

        Args:
            student_id: The student's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            ``{subject: {startingGrade, currentGrade, results, status, nextTestId, ...}}``.

        Raises:
            NotFoundError: Unknown student.
        """
        response = await self._api.get(self._base + "/placement/{}", student_id, options=options)
        return read_object(response)

    async def reset(
        self, student: str, subject: str, **options: Unpack[RequestOptions]
    ) -> PlacementReset:
        """Forget a student's placement in a subject (results and onboarding).

        Args:
            student: The student's ``sourcedId``.
            subject: The subject.
            **options: Per-call `RequestOptions`.

        Returns:
            What was removed.

        Raises:
            NotFoundError: Unknown student.
        """
        ids = {"student": student, "subject": subject}
        return await self._post_for(
            PlacementReset, self._base + "/placement/resetUserPlacement", ids, options
        )
