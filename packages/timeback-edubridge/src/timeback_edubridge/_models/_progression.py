"""Progression: enqueueing a placement flow and creating a course [M]."""

from __future__ import annotations

from typing import Any

from ._base import EdubridgeModel, GradeText, OptionalNumber

__all__ = [
    "CreateCourseDetails",
    "CreateCourseEnrollment",
    "CreateCourseRequest",
    "CreateCourseResult",
    "CreatedCourse",
    "ProgressionEnqueueRequest",
    "ProgressionEnqueueResult",
]


class ProgressionEnqueueRequest(EdubridgeModel):
    """The body of ``POST E/progression/enqueue``.

    Attributes:
        flow_type: ``dcan``, ``existingPlan`` or ``legacy``.
    """

    assignment_id: str
    student_timeback_id: str
    student_email: str
    subject: str
    grade: GradeText
    current_course_sourced_id: str
    flow_type: str
    score: OptionalNumber = None
    test_type: str | None = None
    read_only: bool | None = None
    extended_catalog: bool | None = None
    ai_model: str | None = None
    existing_plan: Any = None


class ProgressionEnqueueResult(EdubridgeModel):
    """``{"success", "messageId"}``."""

    success: bool | None = None
    message_id: str | None = None


class CreateCourseDetails(EdubridgeModel):
    """``courseDetails`` of a create-course body."""

    title: str | None = None
    xp_per_lesson: OptionalNumber = None
    metadata: dict[str, Any] | None = None


class CreateCourseRequest(EdubridgeModel):
    """The body of ``POST E/progression/create-course``."""

    subject: str | None = None
    grade: GradeText | None = None
    app: str | None = None
    email: str | None = None
    next: Any = None
    lesson_ids: list[str] | None = None
    course_details: CreateCourseDetails | None = None


class CreatedCourse(EdubridgeModel):
    """The course a create-course call made."""

    sourced_id: str | None = None
    title: str | None = None
    total_lessons: OptionalNumber = None
    total_xp: OptionalNumber = None


class CreateCourseEnrollment(EdubridgeModel):
    """How enrolling the learner in the new course went."""

    status_code: int | None = None
    message: str | None = None


class CreateCourseResult(EdubridgeModel):
    """The answer of ``POST E/progression/create-course``."""

    success: bool | None = None
    course: CreatedCourse | None = None
    enrollment: CreateCourseEnrollment | None = None
    resources_created: OptionalNumber = None
    resources_failed: OptionalNumber | list[Any] = None
