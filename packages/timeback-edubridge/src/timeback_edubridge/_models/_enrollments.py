"""Enrollments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import ConfigDict, Field

from ._base import EdubridgeModel, FlexibleDate, GradeText, OptionalNumber

__all__ = [
    "DefaultClass",
    "DefaultClassCourse",
    "EnrollOptions",
    "Enrollment",
    "EnrollmentCourse",
    "EnrollmentGoals",
    "EnrollmentMetadata",
    "EnrollmentMetrics",
    "EnrollmentPeriod",
    "EnrollmentSchool",
    "PrimaryApp",
    "ResetGoalsResult",
]


class EnrollmentGoals(EdubridgeModel):
    """Daily goals of an enrollment (``metadata.goals``); every member optional."""

    daily_xp: OptionalNumber = None
    daily_lessons: OptionalNumber = None
    daily_active_minutes: OptionalNumber = None
    daily_accuracy: OptionalNumber = None
    daily_mastered_units: OptionalNumber = None


class EnrollmentMetrics(EdubridgeModel):
    """Course totals of an enrollment (``metadata.metrics``); every member optional."""

    total_xp: OptionalNumber = None
    total_lessons: OptionalNumber = None
    total_grades: OptionalNumber = None
    course_type: str | None = None
    is_supplemental: bool | None = None


class EnrollmentMetadata(EdubridgeModel):
    """``metadata`` of an enrollment or an enroll body: goals, metrics, and any other members."""

    goals: EnrollmentGoals | None = None
    metrics: EnrollmentMetrics | None = None


class PrimaryApp(EdubridgeModel):
    """``course.primaryApp``."""

    id: str | None = None
    name: str | None = None
    domains: list[str] = Field(default_factory=list)


class EnrollmentCourse(EdubridgeModel):
    """The course summary inside an enrollment."""

    id: str
    title: str | None = None
    metadata: dict[str, Any] | None = None
    subjects: list[str] | None = None
    grades: list[GradeText] | None = None
    primary_app: PrimaryApp | None = None


class EnrollmentSchool(EdubridgeModel):
    """The school summary inside an enrollment."""

    id: str
    name: str | None = None


class EnrollmentPeriod(EdubridgeModel):
    """A period of an enrollment's class."""

    id: str | None = None
    title: str | None = None
    start_date: FlexibleDate | None = None
    end_date: FlexibleDate | None = None


class Enrollment(EdubridgeModel):
    """A user's enrollment in a course (``{"data": Enrollment}`` / ``{"data": [Enrollment]}``).

    Attributes:
        role: ``administrator``, ``proctor``, ``student`` or ``teacher`` (others tolerated).
        test_out_supported: ``testOutSupported``; ``False`` when absent.
    """

    id: str
    role: str | None = None
    begin_date: FlexibleDate | None = None
    end_date: FlexibleDate | None = None
    metadata: EnrollmentMetadata | None = None
    course: EnrollmentCourse | None = None
    school: EnrollmentSchool | None = None
    periods: list[EnrollmentPeriod] | None = None
    test_out_supported: bool = False
    test_out_eligible: bool | None = None


class DefaultClassCourse(EdubridgeModel):
    """The course summary of a default class."""

    id: str
    title: str | None = None
    metadata: dict[str, Any] | None = None


class DefaultClass(EdubridgeModel):
    """The class enrollments of a course go into (``E/enrollments/defaultClass/...``)."""

    id: str
    title: str | None = None
    class_code: str | None = None
    subject_codes: list[str] = Field(default_factory=list)
    subjects: list[str] = Field(default_factory=list)
    grades: list[GradeText] = Field(default_factory=list)
    # Objects like an enrollment's periods (what the emulator sends), or bare ids.
    periods: list[EnrollmentPeriod | str] = Field(default_factory=list)
    course: DefaultClassCourse | None = None


class ResetGoalsResult(EdubridgeModel):
    """``{"data": {"updated", "errors"}}`` of ``E/enrollments/resetGoals/{courseId}``."""

    updated: int = 0
    errors: list[str] = Field(default_factory=list)


# --- inputs ---------------------------------------------------------------------------------------


class EnrollOptions(EdubridgeModel):
    """The optional body of ``POST E/enrollments/enroll/{userId}/{courseId}[/{schoolId}]``.

    Accepts the wire shape as a dict (``{"role": "student", "metadata": {"goals":
    {"dailyXp": 50}}}``) or snake_case keyword arguments. Unknown top-level members are refused
    (they are almost always typos); ``metadata`` may carry any extra members.

    Attributes:
        sourced_id: The enrollment's id; the platform allocates one when omitted.
        role: ``student`` (the platform's default), ``teacher``, ``administrator``, ``proctor``.
        begin_date: First day of the enrollment (``YYYY-MM-DD`` on the wire).
        metadata: Goals and metrics.

    Example:
        >>> EnrollOptions(metadata={"goals": {"daily_xp": 50}}).to_body()
        {'metadata': {'goals': {'dailyXp': 50}}}
    """

    model_config = ConfigDict(extra="forbid")

    sourced_id: str | None = None
    role: str | None = None
    begin_date: dt.date | None = None
    metadata: EnrollmentMetadata | None = None

    def to_body(self) -> dict[str, Any]:
        """The JSON body: null members omitted, ``{}`` when nothing is set."""
        body = super().to_body()
        metadata = body.get("metadata")
        if isinstance(metadata, dict):
            metadata = {key: value for key, value in metadata.items() if value != {}}
            if metadata:
                body["metadata"] = metadata
            else:
                del body["metadata"]
        return body
