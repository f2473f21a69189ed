"""External and internal tests: placement tests and unit tests, and assigning external ones."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup
from timeback_powerpath._async.resources.test_outs import EXTERNAL_TEST_MEMBERS
from timeback_powerpath._models import CreatedTest, ExternalTestAssignment
from timeback_powerpath._requests import body, require

__all__ = ["AsyncExternalTests"]


class AsyncExternalTests(AsyncEndpointGroup):
    """``client.powerpath.external_tests``: create tests and assign external ones."""

    async def create_placement(
        self, request: Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> CreatedTest:
        """Add a placement test taken in an external tool to a course.

        Args:
            request: The camelCase members: ``courseId``, ``toolProvider``, ``lessonType``,
                ``grades`` at least; optionally ``courseIdOnFail``, ``xp``, titles...
            **options: Per-call `RequestOptions`.

        Returns:
            The lesson, component and resource created.

        Raises:
            InputValidationError: A required member is missing; nothing sent.
            NotFoundError: Unknown course.
        """
        return await self._create_test(
            self._base + "/createExternalPlacementTest", request, EXTERNAL_TEST_MEMBERS, options
        )

    async def create_internal(
        self, request: Mapping[str, Any], **options: Unpack[RequestOptions]
    ) -> CreatedTest:
        """Add a test served by PowerPath itself (a QTI test or an assessment bank) to a course.

        Args:
            request: The camelCase members: ``courseId``, ``lessonType``, ``testType``
                (``qti`` with ``qti: {"url": ...}``, or ``assessment-bank`` with
                ``assessmentBank: {"resources": [...]}``); optionally ``xp``, ``grades``...
            **options: Per-call `RequestOptions`.

        Returns:
            The lesson, component and resource created.

        Raises:
            InputValidationError: A required member is missing; nothing sent.
            NotFoundError: Unknown course.
        """
        return await self._create_test(
            self._base + "/createInternalTest",
            request,
            ("courseId", "lessonType", "testType"),
            options,
        )

    async def assign(
        self,
        student: str,
        lesson: str,
        application_name: str | None = None,
        *,
        test_id: str | None = None,
        skip_course_enrollment: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> ExternalTestAssignment:
        """Assign an external test lesson to a student (the tool's login comes back).

        Args:
            student: The student's ``sourcedId``.
            lesson: The test lesson's component resource ``sourcedId``.
            application_name: The application assigning it.
            test_id: A specific test of the tool.
            skip_course_enrollment: Do not enroll the student in the course.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignment, its test URL and the tool's credentials (not in the repr).

        Raises:
            NotFoundError: Unknown student or lesson.
        """
        require(student=student, lesson=lesson)
        return await self._post(
            ExternalTestAssignment,
            self._base + "/makeExternalTestAssignment",
            json=body(
                student=student,
                lesson=lesson,
                applicationName=application_name,
                testId=test_id,
                skipCourseEnrollment=skip_course_enrollment,
            ),
            options=options,
        )

    async def import_results(
        self,
        student: str,
        lesson: str,
        application_name: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> ExternalTestAssignment:
        """Import the results of an external test from its tool.

        Args:
            student: The student's ``sourcedId``.
            lesson: The test lesson's component resource ``sourcedId``.
            application_name: The application that assigned it.
            **options: Per-call `RequestOptions`.

        Returns:
            The assignment, with ``finalized`` once the tool has results.

        Raises:
            NotFoundError: Unknown student or lesson, or no such assignment.
        """
        require(student=student, lesson=lesson)
        return await self._get(
            ExternalTestAssignment,
            self._base + "/importExternalTestAssignmentResults",
            params={"student": student, "lesson": lesson, "applicationName": application_name},
            options=options,
        )
