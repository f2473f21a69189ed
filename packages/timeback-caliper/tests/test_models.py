"""Caliper models: parsing the spec's examples, round trips, unknown members, time formats."""

from __future__ import annotations

import copy
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from timeback_caliper._models import (
    CALIPER_CONTEXT,
    ActivityEvent,
    AssessmentItem,
    AssessmentItemEvent,
    Attempt,
    CaliperEntity,
    CaliperEnvelope,
    CaliperEvent,
    CaliperSendResult,
    GradeEvent,
    Job,
    Score,
    StoredEvent,
    StoredEventList,
    TimebackUser,
    TimeSpentEvent,
    TimeSpentMetric,
    format_caliper_time,
    parse_caliper_time,
)

USER_URL = "https://api.alpha-1edtech.com/ims/oneroster/rostering/v1p2/users/u-1"


def activity_event_wire() -> dict[str, Any]:
    """Example 1 of timeback-events-api.yaml, plus the @context the schema requires."""
    return {
        "@context": CALIPER_CONTEXT,
        "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "actor": {"id": USER_URL, "type": "TimebackUser", "email": "student.email@example.com"},
        "action": "Completed",
        "object": {
            "id": "https://your-app-url.com/ims/activity/context",
            "type": "TimebackActivityContext",
            "subject": "Reading",
            "app": {"name": "PowerPath UI"},
            "activity": {"name": "Answered quiz"},
            "course": {
                "id": "https://api.alpha-1edtech.com/ims/oneroster/rostering/v1p2/courses/c-1",
                "name": "Reading G3",
            },
        },
        "eventTime": "2024-04-24T14:12:00.000Z",
        "generated": {
            "id": "https://your-app-url.com/ims/metrics/collections/activity/1",
            "type": "TimebackActivityMetricsCollection",
            "items": [
                {"type": "totalQuestions", "value": 10},
                {"type": "correctQuestions", "value": 8},
                {"type": "xpEarned", "value": 100},
                {"type": "masteredUnits", "value": 2},
            ],
        },
    }


def time_spent_event_wire() -> dict[str, Any]:
    """The TimeSpentEvent example of timeback-events-api.yaml, with @context."""
    wire = activity_event_wire()
    wire.update(
        type="TimeSpentEvent",
        action="SpentTime",
        generated={
            "id": "https://your-app-url.com/ims/metrics/collections/activity/1",
            "type": "TimebackTimeSpentMetricsCollection",
            "items": [
                {"type": "active", "value": 10},
                {"type": "waste", "value": 2, "subType": "eating"},
                {"type": "inactive", "value": 2},
                {"type": "unknown", "value": 5},
                {"type": "anti-pattern", "value": 8},
            ],
        },
    )
    return wire


def tool_use_event_wire() -> dict[str, Any]:
    """Example 2 of caliper-api.yaml (a standard-profile event with entity members)."""
    return {
        "@context": CALIPER_CONTEXT,
        "id": "urn:uuid:7e10e4f3-a0d8-4430-95bd-783ffae4d916",
        "type": "ToolUseEvent",
        "profile": "ToolUseProfile",
        "actor": {"id": "https://example.edu/users/554433", "type": "Person"},
        "action": "Used",
        "object": {"id": "https://example.edu", "type": "SoftwareApplication"},
        "eventTime": "2016-11-15T10:15:00.000Z",
        "edApp": "https://example.edu",
        "group": {
            "id": "https://example.edu/terms/201601/courses/7/sections/1",
            "type": "CourseSection",
            "extensions": {"courseNumber": "CPS 435-01", "academicSession": "Fall 2016"},
        },
    }


def test_activity_event_example_parses_into_typed_members() -> None:
    event = ActivityEvent.model_validate(activity_event_wire())

    assert event.actor.email == "student.email@example.com"
    assert event.object.app.name == "PowerPath UI"
    assert event.object.course is not None
    assert event.object.course.name == "Reading G3"
    assert [(m.type, m.value) for m in event.generated.items][:2] == [
        ("totalQuestions", 10),
        ("correctQuestions", 8),
    ]
    assert event.event_time == datetime(2024, 4, 24, 14, 12, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("wire", "model"),
    [
        (activity_event_wire(), ActivityEvent),
        (time_spent_event_wire(), TimeSpentEvent),
        (tool_use_event_wire(), CaliperEvent),
    ],
    ids=["activity", "time-spent", "tool-use"],
)
def test_event_round_trips_to_the_same_wire_json(wire: dict[str, Any], model: type) -> None:
    parsed = model.model_validate(copy.deepcopy(wire))

    assert parsed.to_wire() == wire


def test_metric_values_keep_their_json_number_type() -> None:
    event = ActivityEvent.model_validate(activity_event_wire())

    values = [item["value"] for item in event.to_wire()["generated"]["items"]]

    assert all(type(v) is int for v in values)


def test_time_spent_metric_members_are_camel_case_on_the_wire() -> None:
    metric = TimeSpentMetric(
        type="waste",
        value=2,
        sub_type="eating",
        start_date=datetime(2025, 3, 1, 14, 0, tzinfo=timezone.utc),
        end_date="2025-03-01T15:00:00+01:00",
    )

    assert metric.to_wire() == {
        "type": "waste",
        "value": 2,
        "subType": "eating",
        "startDate": "2025-03-01T14:00:00.000Z",
        "endDate": "2025-03-01T14:00:00.000Z",
    }


def test_unknown_members_are_kept_at_every_level() -> None:
    wire = tool_use_event_wire()
    wire["object"]["version"] = "2.1"
    wire["group"]["subOrganizationOf"] = {"id": "https://example.edu", "type": "Organization"}

    event = CaliperEvent.model_validate(wire)

    assert event.to_wire()["object"]["version"] == "2.1"
    assert event.to_wire()["group"]["subOrganizationOf"]["type"] == "Organization"


def test_unknown_top_level_member_is_kept_by_the_model_for_validation_to_report() -> None:
    wire = activity_event_wire()
    wire["customField"] = 1

    event = ActivityEvent.model_validate(wire)

    assert event.model_extra == {"customField": 1}


def test_context_defaults_to_caliper_1_2_and_is_always_emitted() -> None:
    wire = activity_event_wire()
    del wire["@context"]

    event = ActivityEvent.model_validate(wire)

    assert event.to_wire()["@context"] == CALIPER_CONTEXT


def test_entity_members_are_parsed_by_their_type() -> None:
    wire = tool_use_event_wire()
    wire["actor"] = {"id": USER_URL, "type": "TimebackUser", "email": "a@example.com"}

    event = CaliperEvent.model_validate(wire)

    assert isinstance(event.actor, TimebackUser)
    assert isinstance(event.object, CaliperEntity)
    assert event.ed_app == "https://example.edu"


def test_grade_event_types_its_attempt_and_score() -> None:
    event = GradeEvent.model_validate(
        {
            "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
            "actor": "https://example.edu/autograder",
            "object": {"id": "https://example.edu/attempts/1", "type": "Attempt", "count": 1},
            "eventTime": "2016-11-15T10:57:06.000Z",
            "generated": {
                "id": "https://example.edu/attempts/1/scores/1",
                "type": "Score",
                "attempt": "https://example.edu/attempts/1",
                "scoredBy": "https://example.edu/autograder",
                "scoreGiven": 1,
                "maxScore": 1,
                "scoreType": "QUESTION_RESULT",
            },
        }
    )

    assert isinstance(event.object, Attempt)
    assert isinstance(event.generated, Score)
    assert event.generated.score_type == "QUESTION_RESULT"
    assert event.to_wire()["generated"]["scoredBy"] == "https://example.edu/autograder"


@pytest.mark.parametrize(
    ("duration", "iso"),
    [
        (timedelta(minutes=50, seconds=30), "PT50M30S"),
        (timedelta(hours=2), "PT2H"),
        (timedelta(0), "PT0S"),
        (timedelta(seconds=1.5), "PT1.5S"),
    ],
)
def test_attempt_duration_accepts_a_timedelta(duration: timedelta, iso: str) -> None:
    attempt = Attempt(id="https://example.edu/attempts/1", duration=duration)

    assert attempt.to_wire()["duration"] == iso


def test_envelope_parses_events_and_entities_in_data() -> None:
    envelope = CaliperEnvelope.model_validate(
        {
            "sensor": "https://alpharead.alpha.school",
            "sendTime": "2025-07-22T21:27:15.304Z",
            "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
            "data": [activity_event_wire(), {"id": "https://example.edu", "type": "Person"}],
        }
    )

    assert isinstance(envelope.data[0], ActivityEvent)
    assert isinstance(envelope.data[1], CaliperEntity)
    assert envelope.to_wire()["sendTime"] == "2025-07-22T21:27:15.304Z"


def test_envelope_requires_at_least_one_item() -> None:
    with pytest.raises(ValidationError):
        CaliperEnvelope(
            sensor="https://s.example.com", send_time=datetime.now(timezone.utc), data=[]
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025-03-01T14:05:09.123Z", "2025-03-01T14:05:09.123Z"),
        ("2025-03-01T14:05:09Z", "2025-03-01T14:05:09.000Z"),
        ("2025-03-01T14:05:09.123456789Z", "2025-03-01T14:05:09.123Z"),
        ("2025-03-01T16:05:09.1+02:00", "2025-03-01T14:05:09.100Z"),
        ("2025-03-01t09:05:09-05:00", "2025-03-01T14:05:09.000Z"),
        ("2025-03-01 14:05:09.999999z", "2025-03-01T14:05:09.999Z"),
    ],
)
def test_times_are_emitted_in_utc_with_milliseconds(text: str, expected: str) -> None:
    assert format_caliper_time(parse_caliper_time(text)) == expected


@pytest.mark.parametrize(
    "value",
    [
        "2025-03-01",
        "2025-03-01T14:05:09",
        "2025-02-30T00:00:00Z",
        "yesterday",
        datetime(2025, 3, 1, 14, 5),
        1700000000,
    ],
    ids=["date-only", "no-offset", "impossible-date", "prose", "naive-datetime", "epoch"],
)
def test_times_without_an_offset_or_malformed_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        parse_caliper_time(value)


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(9000, 1, 1),
        timezones=st.timezones(),
    )
)
def test_formatting_never_moves_an_instant_by_a_millisecond_or_more(value: datetime) -> None:
    text = format_caliper_time(value)

    back = parse_caliper_time(text)

    assert text.endswith("Z")
    assert len(text) == 24
    assert timedelta(0) <= value - back < timedelta(milliseconds=1)


def test_send_result_reads_both_success_shapes_and_an_optional_job_id() -> None:
    caliper = CaliperSendResult.model_validate({"status": "success", "message": "2 events"})
    edubridge = CaliperSendResult.model_validate({"success": True, "message": "queued"})
    with_job = CaliperSendResult.model_validate({"status": "success", "jobId": "j-1"})

    assert caliper.ok
    assert caliper.job_id is None
    assert edubridge.ok
    assert with_job.job_id == "j-1"


def test_stored_event_keeps_the_snake_case_timestamps_of_the_platform() -> None:
    page = StoredEventList.model_validate(
        {
            "events": [
                {
                    "id": 7,
                    "externalId": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
                    "created_at": "2025-03-01T14:05:09.123Z",
                    "clientAppId": "app-1",
                }
            ],
            "pagination": {"total": 1, "totalPages": 1, "currentPage": 1, "limit": 100},
        }
    )

    event = page.events[0]
    assert isinstance(event, StoredEvent)
    assert event.created_at == "2025-03-01T14:05:09.123Z"
    assert event.to_wire()["created_at"] == "2025-03-01T14:05:09.123Z"
    assert page.pagination is not None
    assert page.pagination.total == 1


def test_job_reads_results_and_an_undocumented_failure_reason() -> None:
    job = Job.model_validate(
        {
            "id": "j-1",
            "state": "failed",
            "failedReason": "bad event",
            "returnValue": {
                "status": "error",
                "results": [{"allocatedId": "9", "externalId": "x"}],
            },
            "processedOn": 1700000000000,
        }
    )

    assert job.is_finished
    assert job.failed_reason == "bad event"
    assert job.return_value is not None
    assert job.return_value.results[0].allocated_id == "9"


def test_assessment_item_event_members_are_parsed_by_their_type() -> None:
    event = AssessmentItemEvent.model_validate(
        {
            "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
            "actor": USER_URL,
            "action": "Started",
            "object": {"id": "https://example.edu/q/1", "type": "AssessmentItem"},
            "eventTime": "2024-04-24T14:12:00.000Z",
            "generated": {"id": "https://example.edu/attempts/1", "type": "Attempt"},
        }
    )

    assert isinstance(event.object, AssessmentItem)
    assert isinstance(event.generated, Attempt)
