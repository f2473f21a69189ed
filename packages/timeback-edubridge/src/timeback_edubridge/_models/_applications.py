"""Applications, application metrics, MAP profiles and time saved."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import EdubridgeModel, FlexibleDate, GradeText, OptionalNumber

__all__ = ["Application", "ApplicationMetrics", "MapProfile", "TimeSaved"]


class Application(EdubridgeModel):
    """One of ``{"applications": [...]}``."""

    sourced_id: str
    name: str | None = None
    description: str | None = None
    domain: list[str] = Field(default_factory=list)
    metadata: dict[str, Any] | None = None


class ApplicationMetrics(EdubridgeModel):
    """``{"data": ApplicationMetrics}`` of ``E/applicationMetrics/{applicationSourcedId}``."""

    application_sourced_id: str | None = None
    total_users: OptionalNumber = None
    active_users: OptionalNumber = None
    total_sessions: OptionalNumber = None
    avg_session_duration: OptionalNumber = None
    metadata: dict[str, Any] | None = None


class MapProfile(EdubridgeModel):
    """A learner's NWEA MAP profile (``E/learning-reports/map-profile/{userId}``); extra members
    are common and kept."""

    user_id: str | None = None
    rit_score: OptionalNumber = None
    percentile: OptionalNumber = None
    grade_level: GradeText | None = None
    test_date: FlexibleDate | None = None
    subject: str | None = None
    metadata: dict[str, Any] | None = None


class TimeSaved(EdubridgeModel):
    """``E/time-saved/user/{userId}``: school time the learner saved."""

    total_hours_saved: OptionalNumber = None
    total_days_saved: OptionalNumber = None
    school_days_elapsed: OptionalNumber = None
    earliest_start_date: FlexibleDate | None = None
    school_year_start_date: FlexibleDate | None = None
    calculation: Any = None


class SubjectGoal(EdubridgeModel):
    """One subject of a learner's goal snapshot.

    The platform documents this endpoint only in prose ("baseline daily target XP, goal, pacing,
    computed XP, pace, projection"), so every member is optional and whatever else the platform
    sends is kept in ``model_extra``.
    """

    subject: str | None = None
    baseline_daily_xp: OptionalNumber = None
    daily_xp_goal: OptionalNumber = None
    pacing: str | None = None
    xp_earned_last7_days: OptionalNumber = None
    average_daily_xp: OptionalNumber = None
    projected_weekly_xp: OptionalNumber = None


class GoalSnapshot(EdubridgeModel):
    """``GET /goals/{studentId}/subjects``: a learner's per-subject goals and pace."""

    student_id: str | None = None
    subjects: list[SubjectGoal] = Field(default_factory=list)
