"""Lesson plans: a student's copy of a course's tree, with its log of operations.

A lesson plan mirrors the course's components (units, lessons) and component resources; the
operations a teacher or app records (skip, move, add a resource) are kept in a log that can be
replayed (`sync_operations`) or replayed onto a fresh copy of the course (`recreate`).
"""

from __future__ import annotations

import builtins
from collections.abc import Mapping
from typing import Any

from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_powerpath._async.resources._base import AsyncEndpointGroup, read_list, read_object
from timeback_powerpath._errors import input_error
from timeback_powerpath._models import (
    CourseProgress,
    CreatedLessonPlan,
    LessonPlanOperation,
    LessonPlanTree,
    OperationsResult,
    StoredOperation,
    SyncedLessonPlans,
)
from timeback_powerpath._requests import body, require

__all__ = ["AsyncLessonPlans"]


class AsyncLessonPlans(AsyncEndpointGroup):
    """``client.powerpath.lesson_plans``: build, read and edit students' lesson plans."""

    async def create(
        self,
        course_id: str,
        user_id: str,
        class_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CreatedLessonPlan:
        """Create the student's lesson plan for a course (or return the existing one).

        Args:
            course_id: The course's ``sourcedId``.
            user_id: The student's ``sourcedId``.
            class_id: The class the plan belongs to, if any.
            **options: Per-call `RequestOptions`.

        Returns:
            The lesson plan's id.

        Raises:
            NotFoundError: Unknown course or student.
        """
        require(course_id=course_id, user_id=user_id)
        if class_id is not None:
            require(class_id=class_id)
        return await self._post(
            CreatedLessonPlan,
            self._base + "/lessonPlans",
            json=body(courseId=course_id, userId=user_id, classId=class_id),
            options=options,
        )

    async def tree(
        self, course_id: str, user_id: str, **options: Unpack[RequestOptions]
    ) -> LessonPlanTree:
        """The student's lesson plan for a course, as a tree.

        Args:
            course_id: The course's ``sourcedId``.
            user_id: The student's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The course and its components, lessons and resources.

        Raises:
            NotFoundError: No lesson plan for this course and student.
        """
        return await self._get(
            LessonPlanTree, self._base + "/lessonPlans/{}/{}", course_id, user_id, options=options
        )

    async def get(self, lesson_plan_id: str, **options: Unpack[RequestOptions]) -> LessonPlanTree:
        """A lesson plan by id, as a tree.

        Args:
            lesson_plan_id: The lesson plan's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The course and its components, lessons and resources.

        Raises:
            NotFoundError: Unknown lesson plan.
        """
        return await self._get(
            LessonPlanTree, self._base + "/lessonPlans/tree/{}", lesson_plan_id, options=options
        )

    async def structure(
        self, lesson_plan_id: str, **options: Unpack[RequestOptions]
    ) -> LessonPlanTree:
        """A lesson plan's structure: ids, titles, order and skipped flags, without content.

        Args:
            lesson_plan_id: The lesson plan's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The structure (`LessonPlanTree.components` lists it).

        Raises:
            NotFoundError: Unknown lesson plan.
        """
        return await self._get(
            LessonPlanTree,
            self._base + "/lessonPlans/tree/{}/structure",
            lesson_plan_id,
            options=options,
        )

    async def delete_all(self, course_id: str, **options: Unpack[RequestOptions]) -> None:
        """Delete every lesson plan of a course.

        Args:
            course_id: The course's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Raises:
            NotFoundError: Unknown course.
        """
        await self._api.delete(self._base + "/lessonPlans/{}/deleteAll", course_id, options=options)

    async def store_operation(
        self,
        lesson_plan_id: str,
        operation: Mapping[str, Any],
        reason: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> StoredOperation:
        """Record an operation in a lesson plan's log and apply it.

        Args:
            lesson_plan_id: The lesson plan's id.
            operation: ``{"type": ..., "payload": {...}}``; the types are ``set-skipped``,
                ``add-custom-resource``, ``move-item-before``, ``move-item-after``,
                ``move-item-to-start``, ``move-item-to-end`` and ``change-item-parent``.
            reason: Why (kept in the log).
            **options: Per-call `RequestOptions`.

        Returns:
            Whether it was stored, and the operation's id.

        Raises:
            InputValidationError: ``operation`` has no ``type``; nothing sent.
            NotFoundError: Unknown lesson plan.
        """
        if not isinstance(operation, Mapping) or not isinstance(operation.get("type"), str):
            raise input_error(
                "operation must be a mapping with a 'type' and a 'payload'; nothing was sent"
            )
        return await self._post(
            StoredOperation,
            self._base + "/lessonPlans/{}/operations",
            lesson_plan_id,
            json=body(operation=dict(operation), reason=reason),
            options=options,
        )

    async def operations(
        self, lesson_plan_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[LessonPlanOperation]:
        """A lesson plan's log of operations, in the order they were recorded.

        Args:
            lesson_plan_id: The lesson plan's id.
            **options: Per-call `RequestOptions`.

        Returns:
            The operations.

        Raises:
            NotFoundError: Unknown lesson plan.
        """
        response = await self._api.get(
            self._base + "/lessonPlans/{}/operations", lesson_plan_id, options=options
        )
        return read_list(response, LessonPlanOperation, "operations")

    async def sync_operations(
        self, lesson_plan_id: str, **options: Unpack[RequestOptions]
    ) -> OperationsResult:
        """Replay the log onto the lesson plan (after operations were stored elsewhere).

        Args:
            lesson_plan_id: The lesson plan's id.
            **options: Per-call `RequestOptions`.

        Returns:
            How many operations were applied, and each one's outcome.

        Raises:
            NotFoundError: Unknown lesson plan.
        """
        return await self._post(
            OperationsResult,
            self._base + "/lessonPlans/{}/operations/sync",
            lesson_plan_id,
            options=options,
        )

    async def recreate(
        self, lesson_plan_id: str, **options: Unpack[RequestOptions]
    ) -> OperationsResult:
        """Rebuild the lesson plan from the course as it is now, then replay the log.

        Args:
            lesson_plan_id: The lesson plan's id.
            **options: Per-call `RequestOptions`.

        Returns:
            How many operations were replayed, and each one's outcome.

        Raises:
            NotFoundError: Unknown lesson plan.
        """
        return await self._post(
            OperationsResult,
            self._base + "/lessonPlans/{}/recreate",
            lesson_plan_id,
            options=options,
        )

    async def sync_course(
        self, course_id: str, **options: Unpack[RequestOptions]
    ) -> SyncedLessonPlans:
        """Bring every lesson plan of a course up to date after the course changed.

        Args:
            course_id: The course's ``sourcedId``.
            **options: Per-call `RequestOptions`.

        Returns:
            The ids of the lesson plans that were rebuilt.

        Raises:
            NotFoundError: Unknown course.
        """
        return await self._post(
            SyncedLessonPlans,
            self._base + "/lessonPlans/course/{}/sync",
            course_id,
            options=options,
        )

    async def course_progress(
        self,
        course_id: str,
        student_id: str,
        lesson_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> CourseProgress:
        """A student's results across a course (or one lesson of it).

        Args:
            course_id: The course's ``sourcedId``.
            student_id: The student's ``sourcedId``.
            lesson_id: Only this lesson (component resource ``sourcedId``).
            **options: Per-call `RequestOptions`.

        Returns:
            One line item per assessed component or lesson, with the student's results.

        Raises:
            NotFoundError: Unknown course or student.
        """
        return await self._get(
            CourseProgress,
            self._base + "/lessonPlans/getCourseProgress/{}/student/{}",
            course_id,
            student_id,
            params={"lessonId": lesson_id},
            options=options,
        )

    async def update_item_response(
        self,
        student_id: str,
        component_resource_id: str,
        result: Mapping[str, Any],
        **options: Unpack[RequestOptions],
    ) -> dict[str, Any]:
        """Record a student's result for a lesson that PowerPath does not score itself.

        Args:
            student_id: The student's ``sourcedId``.
            component_resource_id: The lesson's component resource ``sourcedId``.
            result: The assessment result: ``scoreStatus`` and ``scoreDate`` at least, and
                ``score``, ``metadata`` (XP, accuracy...) as needed.
            **options: Per-call `RequestOptions`.

        Returns:
            The lesson's assessment line item and the student's result
            (``componentResourceLineItem`` and ``componentResourceResult``).

        Raises:
            InputValidationError: An id is empty or ``result`` is not a mapping; nothing sent.
            NotFoundError: Unknown student or lesson.
        """
        require(student_id=student_id, component_resource_id=component_resource_id)
        if not isinstance(result, Mapping):
            raise input_error("result must be a mapping; nothing was sent")
        response = await self._api.post(
            self._base + "/lessonPlans/updateStudentItemResponse",
            json=body(
                studentId=student_id, componentResourceId=component_resource_id, result=dict(result)
            ),
            options=options,
        )
        return read_object(response)
