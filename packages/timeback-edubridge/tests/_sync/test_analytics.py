# This file is generated from packages/timeback-edubridge/tests/_async/test_analytics.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
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
from timeback_edubridge import SyncEdubridgeClient, EdubridgeError
from timeback_emulator import InProcessEmulator

CHICAGO = "America/Chicago"
ACTIVITY_ROUTE = "/edubridge/analytics/activity"


def utc_ms(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def just_now() -> str:
    return utc_ms(dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))


def test_a_bare_summary_names_the_missing_learner_and_sends_nothing(
    client: SyncEdubridgeClient, emu: InProcessEmulator
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.analytics.summary()

    error = caught.value
    assert isinstance(error, EdubridgeError)
    assert "email" in error.message
    assert "student_id" in error.message
    assert "with_learner" in error.message
    assert "cohort_summary" in error.message
    assert [issue.path for issue in error.issues] == ["email", "student_id"]
    assert emu.stats()["totalRequests"] == 0


def test_summary_refuses_both_email_and_student_id(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(InputValidationError, match="not both"):
        client.analytics.summary(email=seed["student_email"], student_id=seed["student_id"])


def test_summary_defaults_to_the_last_seven_local_days_including_today(
    client: SyncEdubridgeClient, seed: dict[str, Any], feed: Any, caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    feed.send(events.envelope(events.activity(just_now(), subject="Other", xpEarned=3)))
    zone = ZoneInfo(CHICAGO)
    today = dt.datetime.now(zone).date()

    summary = client.analytics.summary(student_id=seed["student_id"], timezone=CHICAGO)

    first = dt.datetime.combine(today - dt.timedelta(days=6), dt.time(), zone)
    last = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(), zone)
    assert summary.start_date == utc_ms(first)
    assert summary.end_date == utc_ms(last - dt.timedelta(milliseconds=1))
    assert summary.subjects["Other"].total_xp == 3
    assert all(first.date().isoformat() <= date <= today.isoformat() for date in summary.dates)


def test_summary_days_sets_the_length_of_the_default_range(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()

    summary = client.analytics.summary(student_id=seed["student_id"], days=1)

    assert summary.start_date == f"{today.isoformat()}T00:00:00.000Z"
    assert summary.end_date == f"{today.isoformat()}T23:59:59.999Z"


def test_summary_from_a_start_date_runs_through_today(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    today = dt.datetime.now(dt.timezone.utc).date()

    summary = client.analytics.summary(
        student_id=seed["student_id"], start_date=today - dt.timedelta(days=2)
    )

    assert summary.end_date == f"{today.isoformat()}T23:59:59.999Z"


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
def test_summary_names_the_bad_argument_before_sending(
    client: SyncEdubridgeClient,
    emu: InProcessEmulator,
    seed: dict[str, Any],
    arguments: dict[str, Any],
    path: str,
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.analytics.summary(student_id=seed["student_id"], **arguments)

    assert isinstance(caught.value, EdubridgeError)
    assert path in [issue.path for issue in caught.value.issues]
    assert emu.request_count(route=ACTIVITY_ROUTE) == 0


def test_with_learner_makes_a_bare_summary_meaningful(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    bound = client.analytics.with_learner(student_id=seed["student_id"], timezone=CHICAGO)

    summary = bound.summary()

    assert (summary.learner, summary.timezone) == (seed["student_id"], CHICAGO)


def test_a_learner_named_in_the_call_wins_over_the_bound_one(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    bound = client.analytics.with_learner(student_id=seed["student_id"], timezone=CHICAGO)

    summary = bound.summary(email=seed["student_email"])

    assert (summary.learner, summary.timezone) == (seed["student_email"], None)


def test_with_learner_needs_exactly_one_learner(client: SyncEdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.analytics.with_learner(timezone=CHICAGO)

    assert isinstance(caught.value, EdubridgeError)
    with pytest.raises(InputValidationError, match="not both"):
        client.analytics.with_learner(email="a@example.com", student_id="a")


def test_activity_needs_a_learner(client: SyncEdubridgeClient) -> None:
    with pytest.raises(InputValidationError, match=r"activity\(\) needs a learner"):
        client.analytics.activity(start_date="2025-02-10", end_date="2025-02-16")


def test_weekly_facts_default_to_the_current_local_week(
    client: SyncEdubridgeClient, seed: dict[str, Any], feed: Any, caliper_json: Any
) -> None:
    events = caliper_json(seed["student_id"], seed["student_email"])
    event = events.activity(just_now(), subject="Other", xpEarned=4)
    feed.send(events.envelope(event))

    records = client.analytics.weekly_facts(email=seed["student_email"])

    assert event["id"] in [record.id for record in records]


def test_enrollment_facts_of_an_unknown_enrollment_raise_not_found(
    client: SyncEdubridgeClient,
) -> None:
    with pytest.raises(NotFoundError, match="Enrollment not found"):
        client.analytics.enrollment_facts("no/such#enrollment")


def test_highest_grade_mastered_reads_every_source(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    highest = client.analytics.highest_grade_mastered(seed["student_id"], "Social Studies")

    assert (highest.student_id, highest.subject) == (seed["student_id"], "Social Studies")
    assert highest.grades.placement_grade is not None
    assert highest.grades.highest_grade_overall is not None


def test_highest_grade_mastered_of_an_unknown_student_raises_not_found(
    client: SyncEdubridgeClient,
) -> None:
    with pytest.raises(NotFoundError):
        client.analytics.highest_grade_mastered("nobody", "Math")


def test_cohort_summary_needs_learners(client: SyncEdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.analytics.cohort_summary(emails=[], student_ids=None)

    assert [issue.path for issue in caught.value.issues] == ["emails", "student_ids"]


def test_cohort_summary_refuses_a_concurrency_below_one(
    client: SyncEdubridgeClient, seed: dict[str, Any]
) -> None:
    with pytest.raises(InputValidationError) as caught:
        client.analytics.cohort_summary(student_ids=[seed["student_id"]], concurrency=0)

    assert [issue.path for issue in caught.value.issues] == ["concurrency"]


def test_cohort_summary_raises_a_learners_failure_as_an_edubridge_error(
    client: SyncEdubridgeClient, emu: InProcessEmulator, seed: dict[str, Any], no_sleep: list[float]
) -> None:
    emu.add_fault(path_prefix=ACTIVITY_ROUTE, status=500, count=None)

    with pytest.raises(InternalServerError) as caught:
        client.analytics.cohort_summary(
            student_ids=[seed["student_id"], seed["teacher_id"], seed["admin_id"]],
            concurrency=2,
        )

    assert isinstance(caught.value, EdubridgeError)
    # Retried (GET) but never more than (1 + 2 retries) per learner.
    assert emu.request_count(route=ACTIVITY_ROUTE) <= 9
