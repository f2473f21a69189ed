"""Analytics (wire contract 5.2 #7-#10) and summary arguments, against the emulator.

The hand-computed facts and summaries across a time-zone day boundary are in
``test_summary_end_to_end.py``; this file covers defaults, the other endpoints and the errors.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from timeback_common import InputValidationError, InternalServerError, NotFoundError
from timeback_edubridge import EdubridgeClient, EdubridgeError
from timeback_emulator import InProcessEmulator

CHICAGO = "America/Chicago"
ACTIVITY_ROUTE = "/edubridge/analytics/activity"


def utc_ms(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def just_now() -> str:
    return utc_ms(dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))


@pytest.mark.anyio
async def test_a_bare_summary_names_the_missing_learner_and_sends_nothing(
    client: EdubridgeClient, emu: InProcessEmulator
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.analytics.summary()

    error = caught.value
    assert isinstance(error, EdubridgeError)
    assert "email" in error.message
    assert "student_id" in error.message
    assert "with_learner" in error.message
    assert "cohort_summary" in error.message
    assert [issue.path for issue in error.issues] == ["email", "student_id"]
    assert emu.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_summary_refuses_both_email_and_student_id(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(InputValidationError, match="not both"):
        await client.analytics.summary(email=seed["student_email"], student_id=seed["student_id"])


@pytest.mark.anyio
async def test_summary_defaults_to_the_last_seven_local_days_including_today(
    client: EdubridgeClient, seed: dict[str, Any], feed: Any, caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    await feed.send(events.envelope(events.activity(just_now(), subject="Other", xpEarned=3)))
    zone = ZoneInfo(CHICAGO)
    today = dt.datetime.now(zone).date()

    summary = await client.analytics.summary(student_id=seed["student_id"], timezone=CHICAGO)

    first = dt.datetime.combine(today - dt.timedelta(days=6), dt.time(), zone)
    last = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), zone)
    assert summary.start_date == utc_ms(first)
    assert summary.end_date == utc_ms(last - dt.timedelta(milliseconds=1))
    assert summary.subjects["Other"].total_xp == 3
    assert all(first.date().isoformat() <= date <= today.isoformat() for date in summary.dates)


@pytest.mark.anyio
async def test_summary_days_sets_the_length_of_the_default_range(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()

    summary = await client.analytics.summary(student_id=seed["student_id"], days=1)

    assert summary.start_date == f"{today.isoformat()}T00:00:00.000Z"
    assert summary.end_date == f"{today.isoformat()}T23:59:59.999Z"


@pytest.mark.anyio
async def test_summary_from_a_start_date_runs_through_today(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()

    summary = await client.analytics.summary(
        student_id=seed["student_id"], start_date=today - dt.timedelta(days=2)
    )

    assert summary.end_date == f"{today.isoformat()}T23:59:59.999Z"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"end_date": "2025-02-16"}, "start_date"),
        ({"days": 0}, "days"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"start_date": "2025-02-16", "end_date": "2025-02-10"}, "end_date"),
        ({"start_date": "16/02/2025"}, "start_date"),
    ],
)
async def test_summary_names_the_bad_argument_before_sending(
    client: EdubridgeClient,
    emu: InProcessEmulator,
    seed: dict[str, Any],
    arguments: dict[str, Any],
    path: str,
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.analytics.summary(student_id=seed["student_id"], **arguments)

    assert isinstance(caught.value, EdubridgeError)
    assert path in [issue.path for issue in caught.value.issues]
    assert emu.request_count(route=ACTIVITY_ROUTE) == 0


@pytest.mark.anyio
async def test_with_learner_makes_a_bare_summary_meaningful(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    bound = client.analytics.with_learner(student_id=seed["student_id"], timezone=CHICAGO)

    summary = await bound.summary()

    assert (summary.learner, summary.timezone) == (seed["student_id"], CHICAGO)


@pytest.mark.anyio
async def test_a_learner_named_in_the_call_wins_over_the_bound_one(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    bound = client.analytics.with_learner(student_id=seed["student_id"], timezone=CHICAGO)

    summary = await bound.summary(email=seed["student_email"])

    assert (summary.learner, summary.timezone) == (seed["student_email"], None)


@pytest.mark.anyio
async def test_with_learner_needs_exactly_one_learner(client: EdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.analytics.with_learner(timezone=CHICAGO)

    assert isinstance(caught.value, EdubridgeError)
    with pytest.raises(InputValidationError, match="not both"):
        client.analytics.with_learner(email="a@example.com", student_id="a")


@pytest.mark.anyio
async def test_activity_needs_a_learner(client: EdubridgeClient) -> None:
    with pytest.raises(InputValidationError, match=r"activity\(\) needs a learner"):
        await client.analytics.activity(start_date="2025-02-10", end_date="2025-02-16")


@pytest.mark.anyio
async def test_weekly_facts_default_to_the_current_local_week(
    client: EdubridgeClient, seed: dict[str, Any], feed: Any, caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    event = events.activity(just_now(), subject="Other", xpEarned=4)
    await feed.send(events.envelope(event))

    records = await client.analytics.weekly_facts(email=seed["student_email"])

    assert event["id"] in [record.id for record in records]


@pytest.mark.anyio
async def test_enrollment_facts_of_an_unknown_enrollment_raise_not_found(
    client: EdubridgeClient,
) -> None:
    with pytest.raises(NotFoundError, match="Enrollment not found"):
        await client.analytics.enrollment_facts("no/such#enrollment")


@pytest.mark.anyio
async def test_highest_grade_mastered_reads_every_source(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    highest = await client.analytics.highest_grade_mastered(seed["student_id"], "Social Studies")

    assert (highest.student_id, highest.subject) == (seed["student_id"], "Social Studies")
    assert highest.grades.placement_grade is not None
    assert highest.grades.highest_grade_overall is not None


@pytest.mark.anyio
async def test_highest_grade_mastered_of_an_unknown_student_raises_not_found(
    client: EdubridgeClient,
) -> None:
    with pytest.raises(NotFoundError):
        await client.analytics.highest_grade_mastered("nobody", "Math")


@pytest.mark.anyio
async def test_cohort_summary_needs_learners(client: EdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.analytics.cohort_summary(emails=[], student_ids=None)

    assert [issue.path for issue in caught.value.issues] == ["emails", "student_ids"]


@pytest.mark.anyio
async def test_cohort_summary_refuses_a_concurrency_below_one(
    client: EdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.analytics.cohort_summary(student_ids=[seed["student_id"]], concurrency=0)

    assert [issue.path for issue in caught.value.issues] == ["concurrency"]


@pytest.mark.anyio
async def test_cohort_summary_raises_a_learners_failure_as_an_edubridge_error(
    client: EdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any], no_sleep: list[float]
) -> None:
    emu.add_fault(path_prefix=ACTIVITY_ROUTE, status=500, count=None)

    with pytest.raises(InternalServerError) as caught:
        await client.analytics.cohort_summary(
            student_ids=[seed["student_id"], seed["teacher_id"], seed["admin_id"]],
            concurrency=2,
        )

    assert isinstance(caught.value, EdubridgeError)
    # Retried (GET) but never more than (1 + 2 retries) per learner.
    assert emu.request_count(route=ACTIVITY_ROUTE) <= 9
