"""Test-outs: a course's test that lets a student prove mastery of the whole course."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup
from timeback_powerpath._models import CreatedTest, StartedTestOut, TestOut
from timeback_powerpath._requests import body, require

__all__ = ["AsyncTestOuts"]

EXTERNAL_TEST_MEMBERS = ("courseId", "toolProvider", "lessonType", "grades")


class AsyncTestOuts(AsyncEndpointGroup):
    """``client.powerpath.test_outs``: find, start and create test-outs."""

    async def get(self, student: str, course: str, **options: Unpack[RequestOptions]) -> TestOut:
        """The course's test-out lesson, if any, and the student's standing in it.

        Args:
            student: The student's ``sourcedId``.
            course: The course's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The test-out (``lesson_id`` None when the course has none).

        Raises:
            NotFoundError: Unknown student or course.
        """
        ids = {"student": student, "course": course}
        return await self._get_for(TestOut, self._base + "/testOut", ids, options)

    async def start(
        self, course_id: str, student_id: str, **options: Unpack[RequestOptions]
    ) -> StartedTestOut:
        """Assign the course's test-out to the student (the existing assignment if any).

        Args:
            course_id: The course's ``sourcedId``.
            student_id: The student's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignment, its lesson and resource, and whether it was ``created`` now.

        Raises:
            NotFoundError: Unknown course or student, or the course has no test-out.
        """
        require(course_id=course_id, student_id=student_id)
        return await self._post(
            StartedTestOut,
            self._base + "/lessonPlans/startTestOut",
            json=body(courseId=course_id, studentId=student_id),
            options=options,
        )

    async def create_external(
        self, request: Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> CreatedTest:
        """Add a test-out taken in an external tool to a course.

        Args:
            request: The camelCase members: ``courseId``, ``toolProvider`` (``edulastic`` or
                ``mastery-track``), ``lessonType``, ``grades`` and ``xp`` at least; optionally
                ``lessonTitle``, ``unitTitle``, ``launchUrl``, ``vendorId``...
            **options: Per-call `RequestOptions`.

        Returns:
            The lesson, component and resource created.

        Raises:
            InputValidationError: A required member is missing; nothing sent.
            NotFoundError: Unknown course.
        """
        return await self._create_test(
            self._base + "/createExternalTestOut", request, EXTERNAL_TEST_MEMBERS, options
        )
