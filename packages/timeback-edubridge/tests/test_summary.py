"""Client-side analytics summaries (wire contract section 5.5), hand-computed examples."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common import InputValidationError
from timeback_edubridge._models import ActivityFacts, EnrollmentFacts
from timeback_edubridge._summary import _METRICS as SUMMED_METRICS
from timeback_edubridge._summary import (
    CohortSummary,
    LearnerSummary,
    combine_summaries,
    summarize_activity,
)


def metrics(
    xp: float = 0,
    questions: int = 0,
    correct: int = 0,
    units: int = 0,
    active: float = 0,
    inactive: float = 0,
    waste: float = 0,
    apps: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "activityMetrics": {
            "xpEarned": xp,
            "totalQuestions": questions,
            "correctQuestions": correct,
            "masteredUnits": units,
        },
        "timeSpentMetrics": {
            "activeSeconds": active,
            "inactiveSeconds": inactive,
            "wasteSeconds": waste,
        },
        "apps": apps or [],
    }


def two_subjects_two_apps() -> dict[str, Any]:
    """Two days; Math from two apps, Reading from one.

    Day 1: Math = MathAcademy (xp 30, 10 q, 8 ok, 600 s) + FastMath (xp 10, 5 q, 5 ok, 120 s)
           Reading = ReadQuest (xp 20, 4 q, 2 ok, 1 unit, 300 s active, 30 inactive, 15 waste)
    Day 2: Math = MathAcademy (xp 15, 5 q, 4 ok, 1 unit, 240 s active, 10 waste)
    """
    return {
        "message": "ok",
        "startDate": "2025-03-01",
        "endDate": "2025-03-07",
        "facts": {
            "2025-03-03": {
                "Math": metrics(40, 15, 13, 0, 720, apps=["MathAcademy", "FastMath"]),
                "Reading": metrics(20, 4, 2, 1, 300, 30, 15, apps=["ReadQuest"]),
            },
            "2025-03-04": {"Math": metrics(15, 5, 4, 1, 240, 0, 10, apps=["MathAcademy"])},
        },
        "factsByApp": {
            "2025-03-03": {
                "Math": {
                    "MathAcademy": metrics(30, 10, 8, 0, 600),
                    "FastMath": metrics(10, 5, 5, 0, 120),
                },
                "Reading": {"ReadQuest": metrics(20, 4, 2, 1, 300, 30, 15)},
            },
            "2025-03-04": {"Math": {"MathAcademy": metrics(15, 5, 4, 1, 240, 0, 10)}},
        },
    }


def test_overall_totals_are_summed_from_facts_only() -> None:
    summary = summarize_activity(two_subjects_two_apps(), learner="ada@example.com")

    assert (summary.total_xp, summary.total_questions, summary.correct_questions) == (75, 24, 19)
    assert summary.mastered_units == 2
    assert (summary.active_seconds, summary.inactive_seconds, summary.waste_seconds) == (
        1260,
        30,
        25,
    )
    assert summary.accuracy == pytest.approx(19 / 24)
    assert (summary.day_count, summary.subject_count) == (2, 2)
    assert summary.dates == ["2025-03-03", "2025-03-04"]
    assert summary.learner == "ada@example.com"
    assert (summary.start_date, summary.end_date) == ("2025-03-01", "2025-03-07")


def test_per_subject_totals() -> None:
    summary = summarize_activity(two_subjects_two_apps())

    math, reading = summary.subjects["Math"], summary.subjects["Reading"]
    assert (math.total_xp, math.total_questions, math.correct_questions) == (55, 20, 17)
    assert math.accuracy == pytest.approx(0.85)
    assert math.day_count == 2
    assert math.apps == ["FastMath", "MathAcademy"]
    assert (reading.total_xp, reading.mastered_units, reading.day_count) == (20, 1, 1)
    assert reading.accuracy == pytest.approx(0.5)
    assert reading.apps == ["ReadQuest"]


def test_per_app_totals_come_from_facts_by_app() -> None:
    summary = summarize_activity(two_subjects_two_apps())

    academy, fast = summary.apps["MathAcademy"], summary.apps["FastMath"]
    assert (academy.total_xp, academy.total_questions, academy.active_seconds) == (45, 15, 840)
    assert academy.day_count == 2
    assert academy.subjects == ["Math"]
    assert (fast.total_xp, fast.accuracy, fast.day_count) == (10, 1.0, 1)
    assert sorted(summary.apps) == ["FastMath", "MathAcademy", "ReadQuest"]


def test_per_app_totals_add_up_to_the_overall_totals() -> None:
    summary = summarize_activity(two_subjects_two_apps())

    for field in SUMMED_METRICS:
        assert sum(getattr(app, field) for app in summary.apps.values()) == getattr(summary, field)


def test_facts_by_app_are_never_added_to_the_totals() -> None:
    only_by_app = two_subjects_two_apps()
    only_by_app["facts"] = {}

    summary = summarize_activity(only_by_app)

    assert (summary.total_xp, summary.day_count, summary.subject_count) == (0, 0, 0)
    assert summary.apps["MathAcademy"].total_xp == 45


def test_accuracy_is_none_without_questions() -> None:
    facts = {"facts": {"2025-03-03": {"Math": metrics(xp=10, active=60)}}}

    summary = summarize_activity(facts)

    assert summary.total_questions == 0
    assert summary.accuracy is None
    assert summary.subjects["Math"].accuracy is None
    assert summary.day_count == 1


def test_no_facts_give_an_empty_summary() -> None:
    summary = summarize_activity({"message": "no data", "facts": {}, "factsByApp": {}})

    assert summary.total_xp == 0
    assert summary.accuracy is None
    assert (summary.day_count, summary.subject_count) == (0, 0)
    assert summary.subjects == {}
    assert summary.apps == {}


def test_a_date_without_subjects_is_not_a_day_with_facts() -> None:
    facts = {"facts": {"2025-03-03": {}, "2025-03-04": {"Math": metrics(xp=1)}}}

    assert summarize_activity(facts).day_count == 1


def test_string_and_fractional_numbers_are_summed_as_numbers() -> None:
    facts = {
        "facts": {
            "2025-03-03": {"Math": metrics(xp=2.5, active=10.25)},
            "2025-03-04": {
                "Math": {
                    "activityMetrics": {"xpEarned": "1.5"},
                    "timeSpentMetrics": {"activeSeconds": "5"},
                }
            },
        }
    }

    summary = summarize_activity(facts)

    assert summary.total_xp == 4
    assert summary.active_seconds == 15.25


def test_models_and_enrollment_facts_are_accepted() -> None:
    activity = ActivityFacts.model_validate(two_subjects_two_apps())
    enrollment = EnrollmentFacts.model_validate(
        {**two_subjects_two_apps(), "enrollmentId": "enr-1"}
    )

    assert summarize_activity(activity).total_xp == 75
    assert summarize_activity(enrollment, timezone="America/Chicago").timezone == "America/Chicago"


def test_facts_of_the_wrong_shape_are_an_input_error_naming_the_path() -> None:
    with pytest.raises(InputValidationError) as caught:
        summarize_activity(
            {"facts": {"2025-03-03": {"Math": {"activityMetrics": {"xpEarned": "lots"}}}}}
        )

    assert caught.value.issues[0].path is not None
    assert caught.value.issues[0].path.startswith("facts.2025-03-03.Math.activityMetrics.xpEarned")


def test_summary_serialises_with_the_section_5_5_names() -> None:
    wire = summarize_activity(two_subjects_two_apps()).model_dump(by_alias=True)

    assert {
        "totalXp",
        "totalQuestions",
        "correctQuestions",
        "masteredUnits",
        "activeSeconds",
        "inactiveSeconds",
        "wasteSeconds",
        "dayCount",
        "subjectCount",
        "accuracy",
    } <= set(wire)


def test_cohort_summary_combines_learners() -> None:
    ada = summarize_activity(two_subjects_two_apps(), learner="ada")
    bob = summarize_activity(
        {
            "facts": {"2025-03-05": {"Science": metrics(xp=5, questions=2, correct=1, active=100)}},
            "factsByApp": {
                "2025-03-05": {
                    "Science": {"LabSim": metrics(xp=5, questions=2, correct=1, active=100)}
                }
            },
        },
        learner="bob",
    )

    cohort = combine_summaries([ada, bob])

    assert isinstance(cohort, CohortSummary)
    assert cohort.learner_count == 2
    assert sorted(cohort.learners) == ["ada", "bob"]
    assert (cohort.total_xp, cohort.total_questions, cohort.correct_questions) == (80, 26, 20)
    assert cohort.accuracy == pytest.approx(20 / 26)
    assert cohort.day_count == 3
    assert cohort.subject_count == 3
    assert cohort.subjects["Math"].total_xp == 55
    assert cohort.apps["LabSim"].subjects == ["Science"]


def test_cohort_day_count_counts_shared_dates_once() -> None:
    same = two_subjects_two_apps()

    cohort = combine_summaries({"a": summarize_activity(same), "b": summarize_activity(same)})

    assert cohort.total_xp == 150
    assert cohort.day_count == 2
    assert cohort.subjects["Math"].day_count == 2


def test_an_empty_cohort_has_zero_totals() -> None:
    cohort = combine_summaries([])

    assert (cohort.learner_count, cohort.total_xp, cohort.accuracy) == (0, 0, None)


metric_values = st.integers(0, 1000)


@st.composite
def consistent_facts(draw: st.DrawFn) -> dict[str, Any]:
    """Random facts whose ``facts`` are the per-app sums of ``factsByApp`` (as on the platform)."""
    facts: dict[str, Any] = {}
    by_app: dict[str, Any] = {}
    dates = draw(
        st.lists(st.sampled_from([f"2025-03-0{d}" for d in range(1, 8)]), unique=True, max_size=4)
    )
    for date in dates:
        for subject in draw(
            st.lists(
                st.sampled_from(["Math", "Reading", "Science"]), unique=True, min_size=1, max_size=3
            )
        ):
            per_app = {
                app: metrics(
                    draw(metric_values),
                    draw(metric_values),
                    0,
                    draw(metric_values),
                    draw(metric_values),
                )
                for app in draw(
                    st.lists(st.sampled_from(["A", "B", "C"]), unique=True, min_size=1, max_size=3)
                )
            }
            total = metrics(
                sum(m["activityMetrics"]["xpEarned"] for m in per_app.values()),
                sum(m["activityMetrics"]["totalQuestions"] for m in per_app.values()),
                0,
                sum(m["activityMetrics"]["masteredUnits"] for m in per_app.values()),
                sum(m["timeSpentMetrics"]["activeSeconds"] for m in per_app.values()),
            )
            facts.setdefault(date, {})[subject] = total
            by_app.setdefault(date, {})[subject] = per_app
    return {"facts": facts, "factsByApp": by_app}


@given(consistent_facts())
def test_per_app_and_per_subject_totals_equal_the_overall_totals(facts: dict[str, Any]) -> None:
    summary: LearnerSummary = summarize_activity(facts)

    for field in ("total_xp", "total_questions", "mastered_units", "active_seconds"):
        overall = getattr(summary, field)
        assert sum(getattr(app, field) for app in summary.apps.values()) == overall
        assert sum(getattr(s, field) for s in summary.subjects.values()) == overall
    assert summary.day_count == len(facts["facts"])
