"""Analytics summaries computed on the client.

There is no summary endpoint: a summary is computed from ``E/analytics/activity`` (or
``E/analytics/enrollment/{id}``). ``facts`` and ``factsByApp`` hold the same events cut two
ways, so totals come from ``facts`` only (summing both counts every
value twice); ``factsByApp`` is used only for the per-app breakdown, whose totals therefore equal
the overall totals when the platform's two views agree.

Example::

    body = ...  # the JSON of GET /edubridge/analytics/activity
    summary = summarize_activity(body, learner="ada@example.com", timezone="America/Chicago")
    summary.total_xp, summary.accuracy, summary.subjects["Math"].day_count
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import Field

from timeback_common import validate_input

from ._models import ActivityFacts, EdubridgeModel, FactsReport, SubjectMetrics
from ._models._base import Number

__all__ = [
    "AppSummary",
    "CohortSummary",
    "LearnerSummary",
    "MetricTotals",
    "SubjectSummary",
    "combine_summaries",
    "summarize_activity",
]


class MetricTotals(EdubridgeModel):
    """Totals of the activity and time-spent metrics over a set of facts.

    Attributes:
        total_xp: Sum of ``xpEarned``.
        total_questions: Sum of ``totalQuestions``.
        correct_questions: Sum of ``correctQuestions``.
        mastered_units: Sum of ``masteredUnits``.
        active_seconds: Sum of ``activeSeconds`` (likewise ``inactive_seconds``,
            ``waste_seconds``).
        accuracy: ``correct_questions / total_questions``; ``None`` when no questions.
        day_count: Number of dates with at least one fact.
        dates: Those dates (``YYYY-MM-DD``), sorted.
    """

    total_xp: Number = 0
    total_questions: Number = 0
    correct_questions: Number = 0
    mastered_units: Number = 0
    active_seconds: Number = 0
    inactive_seconds: Number = 0
    waste_seconds: Number = 0
    accuracy: float | None = None
    day_count: int = 0
    dates: list[str] = Field(default_factory=list)


class SubjectSummary(MetricTotals):
    """Totals of one subject; ``apps`` lists the apps its facts came from."""

    subject: str
    apps: list[str] = Field(default_factory=list)


class AppSummary(MetricTotals):
    """Totals of one app (from ``factsByApp``); ``subjects`` lists the subjects it served."""

    app: str
    subjects: list[str] = Field(default_factory=list)


class LearnerSummary(MetricTotals):
    """The summary of one learner's facts over a date range.

    Attributes:
        learner: Who it is about (the e-mail or student id the facts were requested for).
        start_date: Start of the range, as the platform reported it.
        end_date: End of the range, as the platform reported it.
        timezone: The IANA zone the facts were bucketed in, when known.
        subject_count: Number of distinct subjects.
        subjects: Per-subject totals, by subject name.
        apps: Per-app totals, by app name.
    """

    learner: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    timezone: str | None = None
    subject_count: int = 0
    subjects: dict[str, SubjectSummary] = Field(default_factory=dict)
    apps: dict[str, AppSummary] = Field(default_factory=dict)


class CohortSummary(MetricTotals):
    """Several learners' summaries and their combined totals.

    ``day_count`` counts distinct dates on which any learner had a fact; ``subjects`` and
    ``apps`` combine every learner's.
    """

    learner_count: int = 0
    subject_count: int = 0
    learners: dict[str, LearnerSummary] = Field(default_factory=dict)
    subjects: dict[str, SubjectSummary] = Field(default_factory=dict)
    apps: dict[str, AppSummary] = Field(default_factory=dict)


_METRICS = (
    "total_xp",
    "total_questions",
    "correct_questions",
    "mastered_units",
    "active_seconds",
    "inactive_seconds",
    "waste_seconds",
)


class _Totals:
    """A mutable accumulator; the models above are built from it once."""

    def __init__(self) -> None:
        self.sums: dict[str, int | float] = dict.fromkeys(_METRICS, 0)
        self.dates: set[str] = set()
        self.names: set[str] = set()

    def add_metrics(self, metrics: SubjectMetrics, date: str) -> None:
        activity, time = metrics.activity_metrics, metrics.time_spent_metrics
        sums = self.sums
        sums["total_xp"] += activity.xp_earned
        sums["total_questions"] += activity.total_questions
        sums["correct_questions"] += activity.correct_questions
        sums["mastered_units"] += activity.mastered_units
        sums["active_seconds"] += time.active_seconds
        sums["inactive_seconds"] += time.inactive_seconds
        sums["waste_seconds"] += time.waste_seconds
        self.dates.add(date)

    def add_totals(self, totals: MetricTotals) -> None:
        for name in _METRICS:
            self.sums[name] += getattr(totals, name)
        self.dates.update(totals.dates)

    def fields(self) -> dict[str, Any]:
        questions = self.sums["total_questions"]
        return {
            **self.sums,
            "accuracy": self.sums["correct_questions"] / questions if questions else None,
            "day_count": len(self.dates),
            "dates": sorted(self.dates),
        }


def _as_report(facts: FactsReport | Mapping[str, Any]) -> FactsReport:
    if isinstance(facts, FactsReport):  # ActivityFacts or EnrollmentFacts
        return facts
    return validate_input(ActivityFacts, facts)


def summarize_activity(
    facts: FactsReport | Mapping[str, Any],
    *,
    learner: str | None = None,
    timezone: str | None = None,
) -> LearnerSummary:
    """Summarise one learner's analytics facts.

    Args:
        facts: The body of ``E/analytics/activity`` or ``E/analytics/enrollment/{id}``, as
            `ActivityFacts` / `EnrollmentFacts` or the decoded JSON.
        learner: Who the facts are about, recorded on the summary.
        timezone: The zone the facts were requested in, recorded on the summary.

    Returns:
        Overall totals from ``facts``, per-subject totals from ``facts``, per-app totals from
        ``factsByApp``.

    Raises:
        InputValidationError: ``facts`` is JSON of the wrong shape.
    """
    report = _as_report(facts)
    overall = _Totals()
    subjects: dict[str, _Totals] = {}
    for date, by_subject in report.facts.items():
        for subject, metrics in by_subject.items():
            overall.add_metrics(metrics, date)
            totals = subjects.setdefault(subject, _Totals())
            totals.add_metrics(metrics, date)
            totals.names.update(metrics.apps)
    apps: dict[str, _Totals] = {}
    for date, by_subject_app in report.facts_by_app.items():
        for subject, by_app in by_subject_app.items():
            for app, metrics in by_app.items():
                totals = apps.setdefault(app, _Totals())
                totals.add_metrics(metrics, date)
                totals.names.add(subject)
                if subject in subjects:
                    subjects[subject].names.add(app)
    return LearnerSummary(
        **overall.fields(),
        learner=learner,
        start_date=report.start_date,
        end_date=report.end_date,
        timezone=timezone,
        subject_count=len(subjects),
        **_breakdowns(subjects, apps),
    )


def _breakdowns(
    subjects: Mapping[str, _Totals], apps: Mapping[str, _Totals]
) -> dict[str, dict[str, Any]]:
    """The ``subjects`` and ``apps`` members of a summary, sorted by name."""
    return {
        "subjects": {
            name: SubjectSummary(subject=name, apps=sorted(t.names), **t.fields())
            for name, t in sorted(subjects.items())
        },
        "apps": {
            name: AppSummary(app=name, subjects=sorted(t.names), **t.fields())
            for name, t in sorted(apps.items())
        },
    }


def combine_summaries(
    summaries: Mapping[str, LearnerSummary] | Iterable[LearnerSummary],
) -> CohortSummary:
    """Combine several learners' summaries into one cohort summary.

    Args:
        summaries: By learner key, or a sequence (keyed by each summary's ``learner``, or its
            position when that is missing).

    Returns:
        Per-learner summaries plus combined totals, subjects and apps.
    """
    if isinstance(summaries, Mapping):
        learners = dict(summaries)
    else:
        learners = {
            summary.learner if summary.learner is not None else str(index): summary
            for index, summary in enumerate(summaries)
        }
    overall = _Totals()
    subjects: dict[str, _Totals] = {}
    apps: dict[str, _Totals] = {}
    for summary in learners.values():
        overall.add_totals(summary)
        for name, subject in summary.subjects.items():
            totals = subjects.setdefault(name, _Totals())
            totals.add_totals(subject)
            totals.names.update(subject.apps)
        for name, app in summary.apps.items():
            totals = apps.setdefault(name, _Totals())
            totals.add_totals(app)
            totals.names.update(app.subjects)
    return CohortSummary(
        **overall.fields(),
        learner_count=len(learners),
        subject_count=len(subjects),
        learners=learners,
        **_breakdowns(subjects, apps),
    )
