"""Analytics facts."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ._base import EdubridgeModel, FlexibleDate, GradeText, Number, OptionalNumber

__all__ = [
    "ActivityFacts",
    "ActivityMetrics",
    "EnrollmentFacts",
    "FactsByApp",
    "FactsByDate",
    "FactsReport",
    "HighestGrade",
    "HighestGrades",
    "SubjectMetrics",
    "TimeSpentMetrics",
    "WeeklyFactRecord",
    "WeeklyFacts",
]


class ActivityMetrics(EdubridgeModel):
    """``activityMetrics`` of one subject on one date; missing members count as 0."""

    xp_earned: Number = 0
    total_questions: Number = 0
    correct_questions: Number = 0
    mastered_units: Number = 0


class TimeSpentMetrics(EdubridgeModel):
    """``timeSpentMetrics`` of one subject on one date, in seconds; missing members count as 0."""

    active_seconds: Number = 0
    inactive_seconds: Number = 0
    waste_seconds: Number = 0


class SubjectMetrics(EdubridgeModel):
    """The facts of one subject (and, in ``factsByApp``, one app) on one date.

    Attributes:
        apps: Names of the apps the facts came from.
    """

    activity_metrics: ActivityMetrics = Field(default_factory=ActivityMetrics)
    time_spent_metrics: TimeSpentMetrics = Field(default_factory=TimeSpentMetrics)
    apps: list[str] = Field(default_factory=list)


FactsByDate = dict[str, dict[str, SubjectMetrics]]
"""``facts``: date (``YYYY-MM-DD``) -> subject -> metrics."""

FactsByApp = dict[str, dict[str, dict[str, SubjectMetrics]]]
"""``factsByApp``: date -> subject -> app name -> metrics."""


class FactsReport(EdubridgeModel):
    """What `ActivityFacts` and `EnrollmentFacts` share.

    ``facts`` and ``factsByApp`` hold the same events cut two ways: sum one of them, never both
    (that counts every event twice); `timeback_edubridge` summaries use ``facts`` for totals.
    """

    message: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    facts: FactsByDate = Field(default_factory=dict)
    facts_by_app: FactsByApp = Field(default_factory=dict)


class ActivityFacts(FactsReport):
    """``GET E/analytics/activity`` (no wrapper)."""


class EnrollmentFacts(FactsReport):
    """``GET E/analytics/enrollment/{enrollmentId}`` (no wrapper)."""

    enrollment_id: str | None = None


class WeeklyFactRecord(EdubridgeModel):
    """One row of ``GET E/analytics/facts/weekly``.

    The platform sends ``activeSeconds``, ``inactiveSeconds`` and ``wasteSeconds`` as strings;
    they are converted to numbers here.
    """

    id: str | int | None = None
    email: str | None = None
    date: FlexibleDate | None = None
    datetime: dt.datetime | None = None
    source: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    day_of_week: int | str | None = None
    username: str | None = None
    user_grade: GradeText | None = None
    user_family_name: str | None = None
    user_given_name: str | None = None
    user_id: str | None = None
    subject: str | None = None
    app: str | None = None
    course_id: str | None = None
    course_name: str | None = None
    campus_id: str | None = None
    campus_name: str | None = None
    enrollment_id: str | None = None
    activity_id: str | None = None
    activity_name: str | None = None
    total_questions: OptionalNumber = None
    correct_questions: OptionalNumber = None
    xp_earned: OptionalNumber = None
    mastered_units: OptionalNumber = None
    active_seconds: OptionalNumber = None
    inactive_seconds: OptionalNumber = None
    waste_seconds: OptionalNumber = None
    alpha_level: str | int | None = None
    generated_at: dt.datetime | None = None
    send_time: dt.datetime | None = None
    sensor: str | None = None
    event_type: str | None = None


class WeeklyFacts(EdubridgeModel):
    """``{"facts": [WeeklyFactRecord]}``."""

    facts: list[WeeklyFactRecord] = Field(default_factory=list)


class HighestGrades(EdubridgeModel):
    """The highest grade mastered according to each source (``None`` when unknown)."""

    rit_grade: GradeText | None = None
    edulastic_grade: GradeText | None = None
    placement_grade: GradeText | None = None
    test_out_grade: GradeText | None = None
    highest_grade_overall: GradeText | None = None


class HighestGrade(EdubridgeModel):
    """``GET E/analytics/highestGradeMastered/{studentId}/{subject}`` (no wrapper)."""

    student_id: str | None = None
    subject: str | None = None
    grades: HighestGrades = Field(default_factory=HighestGrades)
