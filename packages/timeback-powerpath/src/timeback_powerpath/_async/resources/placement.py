"""Placement: which grade a student starts at in a subject, and the tests that decide it."""

from __future__ import annotations

from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup, read
from timeback_powerpath._models import (
    CurrentLevel,
    NextPlacementTest,
    PlacementReset,
    PlacementTests,
    SubjectProgress,
)
from timeback_powerpath._requests import body, require

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
            InputValidationError: An argument is empty; nothing sent.
            NotFoundError: Unknown student.
            UnsupportedOperationError: The platform has no PowerPath.
            APIError: Any other failure; every error is also a `PowerPathError`.
        """
        require(student=student, subject=subject)
        response = await self._api.get(
            self._base + "/placement/getAllPlacementTests",
            params={"student": student, "subject": subject},
            options=options,
        )
        return read(response, PlacementTests)

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
            InputValidationError: An argument is empty; nothing sent.
            NotFoundError: Unknown student.
            UnsupportedOperationError: The platform has no PowerPath.
        """
        require(student=student, subject=subject)
        response = await self._api.get(
            self._base + "/placement/getCurrentLevel",
            params={"student": student, "subject": subject},
            options=options,
        )
        return read(response, CurrentLevel)

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
            InputValidationError: An argument is empty; nothing sent.
            NotFoundError: Unknown student.
            UnsupportedOperationError: The platform has no PowerPath.
        """
        require(student=student, subject=subject)
        response = await self._api.get(
            self._base + "/placement/getNextPlacementTest",
            params={"student": student, "subject": subject},
            options=options,
        )
        return read(response, NextPlacementTest)

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
            InputValidationError: An argument is empty; nothing sent.
            NotFoundError: Unknown student.
            UnsupportedOperationError: The platform has no PowerPath.
        """
        require(student=student, subject=subject)
        response = await self._api.get(
            self._base + "/placement/getSubjectProgress",
            params={"student": student, "subject": subject},
            options=options,
        )
        return read(response, SubjectProgress)

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
            UnsupportedOperationError: The platform has no PowerPath.
        """
        response = await self._api.get(self._base + "/placement/{}", student_id, options=options)
        data = response.json()
        return dict(data) if isinstance(data, dict) else {}

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
            InputValidationError: An argument is empty; nothing sent.
            NotFoundError: Unknown student.
            UnsupportedOperationError: The platform has no PowerPath.
        """
        require(student=student, subject=subject)
        response = await self._api.post(
            self._base + "/placement/resetUserPlacement",
            json=body(student=student, subject=subject),
            options=options,
        )
        return read(response, PlacementReset)
