"""Test-outs: a course's test that lets a student prove mastery of the whole course."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup, read
from timeback_powerpath._models import CreatedTest, StartedTestOut, TestOut
from timeback_powerpath._requests import body, definition_body, require

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
            InputValidationError: An id is empty; nothing sent.
            NotFoundError: Unknown student or course.
            UnsupportedOperationError: The platform has no PowerPath.
            APIError: Any other failure; every error is also a `PowerPathError`.
        """
        require(student=student, course=course)
        response = await self._api.get(
            self._base + "/testOut", params={"student": student, "course": course}, options=options
        )
        return read(response, TestOut)

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
            InputValidationError: An id is empty; nothing sent.
            NotFoundError: Unknown course or student, or the course has no test-out.
            UnsupportedOperationError: The platform has no PowerPath.
        """
        require(course_id=course_id, student_id=student_id)
        response = await self._api.post(
            self._base + "/lessonPlans/startTestOut",
            json=body(courseId=course_id, studentId=student_id),
            options=options,
        )
        return read(response, StartedTestOut)

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
            UnsupportedOperationError: The platform has no PowerPath.
        """
        payload = definition_body(request, EXTERNAL_TEST_MEMBERS, "request")
        response = await self._api.post(
            self._base + "/createExternalTestOut", json=payload, options=options
        )
        return read(response, CreatedTest)
