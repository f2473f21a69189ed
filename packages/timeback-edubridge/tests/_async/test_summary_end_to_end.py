"""End to end: enroll a learner, report Caliper activity, read it back as facts and summaries.

The events are posted as plain JSON to the emulator's Caliper endpoint (as a learning app would)
and the expected numbers below are worked out by hand from them. Chicago is UTC-6 in February
2025, so events between 00:00 and 06:00 UTC fall on the previous local day: the per-day buckets
differ between ``America/Chicago`` and UTC, and so do the ranges.

    event                                  UTC                 Chicago
    A  Math/AlphaMath  xp 500               Mon 10 Feb 05:59:59 Sun  9 Feb 23:59:59
    B  Math/AlphaMath  xp 20, 10 q, 8 ok,   Tue 11 Feb 05:30    Mon 10 Feb 23:30
       1 unit
    C  Math/AlphaMath  600 s active, 60     Tue 11 Feb 05:45    Mon 10 Feb 23:45
       inactive, 30 waste (+99 unknown)
    D  Math/FastMath   xp 5.5, 4 q, 4 ok    Tue 11 Feb 06:15    Tue 11 Feb 00:15
    E  Reading/AlphaRead xp 12, 6 q, 3 ok   Wed 12 Feb 18:00    Wed 12 Feb 12:00
    F  Reading/AlphaRead 300 s active,      Wed 12 Feb 18:20    Wed 12 Feb 12:20
       15 waste (+40 anti-pattern)
    G  Math/AlphaMath  xp 1000              Mon 17 Feb 07:00    Mon 17 Feb 01:00

Range 10-16 February: in Chicago B-F (A is the Sunday before, G the Monday after); in UTC A-F.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeback_edubridge import EdubridgeClient
from timeback_edubridge._summary import _METRICS as SUMMED_METRICS

CHICAGO = "America/Chicago"


@pytest.fixture
async def learner(
    client: EdubridgeClient, feed: Any, seed: dict[str, Any], caliper_json: Any
) -> dict[str, Any]:
    """The seeded student, enrolled in the seeded course, with events A-G reported."""
    enrollment = await client.enrollments.enroll(seed["student_id"], seed["course_id"])
    events = caliper_json(seed["student_id"], seed["student_email"])
    await feed.send(
        events.envelope(
            events.activity("2025-02-10T05:59:59.000Z", xpEarned=500),
            events.activity(
                "2025-02-11T05:30:00.000Z",
                xpEarned=20,
                totalQuestions=10,
                correctQuestions=8,
                masteredUnits=1,
            ),
            events.time_spent(
                "2025-02-11T05:45:00.000Z", active=600, inactive=60, waste=30, unknown=99
            ),
            events.activity(
                "2025-02-11T06:15:00.000Z",
                app="FastMath",
                xpEarned=5.5,
                totalQuestions=4,
                correctQuestions=4,
            ),
            events.activity(
                "2025-02-12T18:00:00.000Z",
                subject="Reading",
                app="AlphaRead",
                xpEarned=12,
                totalQuestions=6,
                correctQuestions=3,
            ),
            events.time_spent(
                "2025-02-12T18:20:00.000Z",
                subject="Reading",
                app="AlphaRead",
                active=300,
                waste=15,
                anti_pattern=40,
            ),
            events.activity("2025-02-17T07:00:00.000Z", xpEarned=1000),
        )
    )
    return {**seed, "enrollment_id": enrollment.id}


def metrics(
    xp: float = 0,
    questions: int = 0,
    correct: int = 0,
    units: int = 0,
    active: int = 0,
    inactive: int = 0,
    waste: int = 0,
) -> dict[str, Any]:
    return {
        "xp_earned": xp,
        "total_questions": questions,
        "correct_questions": correct,
        "mastered_units": units,
        "active_seconds": active,
        "inactive_seconds": inactive,
        "waste_seconds": waste,
    }


def totals(summary: Any) -> tuple[float, ...]:
    """The seven totals of a summary, in the order of `metrics`' arguments."""
    return tuple(getattr(summary, name) for name in SUMMED_METRICS)


def flat(facts: dict[str, dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    """date -> subject -> the seven metrics, from ``ActivityFacts.facts``."""
    return {
        date: {
            subject: {
                **m.activity_metrics.model_dump(),
                **m.time_spent_metrics.model_dump(),
            }
            for subject, m in by_subject.items()
        }
        for date, by_subject in facts.items()
    }


@pytest.mark.anyio
async def test_activity_in_chicago_buckets_by_local_day(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    facts = await client.analytics.activity(
        student_id=learner["student_id"],
        start_date=dt.date(2025, 2, 10),
        end_date="2025-02-16",
        timezone=CHICAGO,
    )

    assert flat(facts.facts) == {
        "2025-02-10": {"Math": metrics(20, 10, 8, 1, 600, 60, 30)},  # B + C
        "2025-02-11": {"Math": metrics(5.5, 4, 4)},  # D
        "2025-02-12": {"Reading": metrics(12, 6, 3, 0, 300, 0, 15)},  # E + F
    }
    assert facts.facts["2025-02-10"]["Math"].apps == ["AlphaMath"]
    assert set(facts.facts_by_app["2025-02-11"]["Math"]) == {"FastMath"}
    # Bare dates went out as the first and last millisecond of the local days, in UTC.
    assert (facts.start_date, facts.end_date) == (
        "2025-02-10T06:00:00.000Z",
        "2025-02-17T05:59:59.999Z",
    )


@pytest.mark.anyio
async def test_activity_in_utc_buckets_the_same_events_by_utc_day(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    facts = await client.analytics.activity(
        email=learner["student_email"], start_date="2025-02-10", end_date="2025-02-16"
    )

    assert flat(facts.facts) == {
        "2025-02-10": {"Math": metrics(500)},  # A
        "2025-02-11": {"Math": metrics(25.5, 14, 12, 1, 600, 60, 30)},  # B + C + D
        "2025-02-12": {"Reading": metrics(12, 6, 3, 0, 300, 0, 15)},  # E + F
    }


@pytest.mark.anyio
async def test_activity_between_two_instants_uses_them_as_given(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    # From B to D inclusive, given as aware datetimes in two different offsets.
    start = dt.datetime(2025, 2, 10, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-6)))
    end = dt.datetime(2025, 2, 11, 6, 15, tzinfo=dt.timezone.utc)

    facts = await client.analytics.activity(
        student_id=learner["student_id"], start_date=start, end_date=end
    )

    assert flat(facts.facts) == {"2025-02-11": {"Math": metrics(25.5, 14, 12, 1, 600, 60, 30)}}


@pytest.mark.anyio
async def test_weekly_facts_in_chicago_hold_one_record_per_event_of_the_local_week(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    records = await client.analytics.weekly_facts(
        student_id=learner["student_id"], week_date=dt.date(2025, 2, 12), timezone=CHICAGO
    )

    assert [(r.date, r.subject, r.app) for r in records] == [
        (dt.date(2025, 2, 10), "Math", "AlphaMath"),  # B
        (dt.date(2025, 2, 10), "Math", "AlphaMath"),  # C
        (dt.date(2025, 2, 11), "Math", "FastMath"),  # D
        (dt.date(2025, 2, 12), "Reading", "AlphaRead"),  # E
        (dt.date(2025, 2, 12), "Reading", "AlphaRead"),  # F
    ]
    assert sum(r.xp_earned or 0 for r in records) == 37.5
    # Sent as strings ("600"), read as numbers.
    assert [r.active_seconds for r in records if r.active_seconds] == [600, 300]
    assert sum(r.waste_seconds or 0 for r in records) == 45
    assert all(r.user_id == learner["student_id"] for r in records)


@pytest.mark.anyio
async def test_weekly_facts_in_utc_take_the_utc_week(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    records = await client.analytics.weekly_facts(
        email=learner["student_email"], week_date="2025-02-16"
    )

    assert [r.date for r in records][:1] == [dt.date(2025, 2, 10)]  # A, a Monday in UTC
    assert len(records) == 6  # A-F
    assert sum(r.xp_earned or 0 for r in records) == 537.5


@pytest.mark.anyio
async def test_summary_in_chicago_equals_the_hand_computation(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    summary = await client.analytics.summary(
        email=learner["student_email"],
        start_date="2025-02-10",
        end_date=dt.date(2025, 2, 16),
        timezone=CHICAGO,
    )

    # B + C + D + E + F
    assert totals(summary) == (37.5, 20, 15, 1, 900, 60, 45)
    assert summary.accuracy == 0.75
    assert summary.dates == ["2025-02-10", "2025-02-11", "2025-02-12"]
    assert (summary.day_count, summary.subject_count) == (3, 2)
    assert (summary.learner, summary.timezone) == (learner["student_email"], CHICAGO)
    math, reading = summary.subjects["Math"], summary.subjects["Reading"]
    assert totals(math) == (25.5, 14, 12, 1, 600, 60, 30)
    assert math.accuracy == 12 / 14
    assert (math.dates, math.apps) == (["2025-02-10", "2025-02-11"], ["AlphaMath", "FastMath"])
    assert totals(reading) == (12, 6, 3, 0, 300, 0, 15)
    assert reading.accuracy == 0.5
    assert sorted(summary.apps) == ["AlphaMath", "AlphaRead", "FastMath"]
    alpha_math = summary.apps["AlphaMath"]
    assert totals(alpha_math) == (20, 10, 8, 1, 600, 60, 30)
    assert alpha_math.subjects == ["Math"]
    assert summary.apps["FastMath"].total_xp == 5.5


@pytest.mark.anyio
async def test_summary_in_utc_moves_the_day_boundary_and_counts_event_a(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    summary = await client.analytics.summary(
        student_id=learner["student_id"], start_date="2025-02-10", end_date="2025-02-16"
    )

    # A + B + C + D + E + F
    assert totals(summary) == (537.5, 20, 15, 1, 900, 60, 45)
    assert summary.dates == ["2025-02-10", "2025-02-11", "2025-02-12"]
    assert summary.subjects["Math"].dates == ["2025-02-10", "2025-02-11"]
    assert summary.timezone is None


@pytest.mark.anyio
async def test_summary_of_one_local_day_covers_it_to_its_last_millisecond(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    summary = await client.analytics.summary(
        student_id=learner["student_id"],
        start_date="2025-02-10",
        end_date="2025-02-10",
        timezone=CHICAGO,
    )

    assert totals(summary) == (20, 10, 8, 1, 600, 60, 30)
    assert summary.dates == ["2025-02-10"]


@pytest.mark.anyio
async def test_summary_of_a_bound_learner_needs_no_arguments_but_dates(
    client: EdubridgeClient, learner: dict[str, Any]
) -> None:
    ada = client.analytics.with_learner(email=learner["student_email"], timezone=CHICAGO)

    summary = await ada.summary(start_date="2025-02-10", end_date="2025-02-16")

    assert (summary.total_xp, summary.timezone) == (37.5, CHICAGO)


@pytest.mark.anyio
async def test_cohort_summary_combines_learners_and_keeps_each_one(
    client: EdubridgeClient, learner: dict[str, Any], feed: Any, caliper_json: Any
) -> None:
    other = caliper_json(learner["teacher_id"], "someone@example.com")
    await feed.send(
        other.envelope(other.activity("2025-02-13T15:00:00.000Z", xpEarned=7, totalQuestions=5))
    )

    cohort = await client.analytics.cohort_summary(
        emails=[learner["student_email"]],
        student_ids=[learner["teacher_id"], "nobody"],
        start_date="2025-02-10",
        end_date="2025-02-16",
        timezone=CHICAGO,
        concurrency=2,
    )

    assert list(cohort.learners) == [learner["student_email"], learner["teacher_id"], "nobody"]
    assert cohort.learners[learner["student_email"]].total_xp == 37.5
    assert cohort.learners[learner["teacher_id"]].total_xp == 7
    assert cohort.learners["nobody"].day_count == 0
    assert (cohort.learner_count, cohort.total_xp, cohort.total_questions) == (3, 44.5, 25)
    assert cohort.dates == ["2025-02-10", "2025-02-11", "2025-02-12", "2025-02-13"]
    assert cohort.subjects["Math"].total_xp == 32.5


@pytest.mark.anyio
async def test_enrollment_summary_counts_only_events_of_the_enrollments_course(
    client: EdubridgeClient, learner: dict[str, Any], feed: Any, caliper_json: Any
) -> None:
    enrollment_id = learner["enrollment_id"]
    events = caliper_json(learner["student_id"], learner["student_email"])
    await feed.send(
        events.envelope(
            events.activity("2025-02-14T16:00:00.000Z", course_id=learner["course_id"], xpEarned=9),
            events.time_spent(
                "2025-02-14T16:05:00.000Z", course_id=learner["course_id"], active=120
            ),
        )
    )

    facts = await client.analytics.enrollment_facts(
        enrollment_id, start_date="2025-02-10", end_date="2025-02-16", timezone=CHICAGO
    )
    summary = await client.analytics.enrollment_summary(
        enrollment_id, start_date="2025-02-01", end_date="2025-02-28", timezone=CHICAGO
    )

    assert list(facts.facts) == ["2025-02-14"]
    assert facts.enrollment_id == enrollment_id
    assert (summary.total_xp, summary.active_seconds, summary.dates) == (9, 120, ["2025-02-14"])
    assert summary.learner == enrollment_id
