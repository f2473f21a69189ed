"""Event builders: they fill id, eventTime and @context and produce valid wire JSON."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from timeback_caliper._builders import (
    activity_completed,
    assessment_item_completed,
    assessment_item_started,
    build_event,
    new_event_id,
    question_graded,
    time_spent,
)
from timeback_caliper._models import (
    CALIPER_CONTEXT,
    ActivityEvent,
    AppRef,
    AssessmentItem,
    Attempt,
    CaliperEvent,
    Response,
    TimebackActivityContext,
    TimebackUser,
    TimeSpentMetric,
)
from timeback_caliper._validation import NonStandardSubjectWarning, find_event_issues
from timeback_common import InputValidationError

USER_URL = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u-1"
MS_Z = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")
WHEN = datetime(2024, 4, 24, 14, 12, tzinfo=timezone.utc)


def actor() -> dict[str, Any]:
    return {"id": USER_URL, "type": "TimebackUser", "email": "student.email@example.com"}


def context() -> dict[str, Any]:
    return {
        "id": "https://your-app-url.com/ims/activity/context",
        "type": "TimebackActivityContext",
        "subject": "Reading",
        "app": {"name": "PowerPath UI"},
        "activity": {"name": "Answered quiz"},
        "course": {
            "id": "https://api.alpha-1edtech.com/ims/oneroster/rostering/v1p2/courses/c-1",
            "name": "Reading G3",
        },
    }


def test_activity_completed_has_the_shape_of_the_spec_example() -> None:
    event = activity_completed(
        actor=actor(),
        object=context(),
        metrics={"totalQuestions": 10, "correctQuestions": 8, "xpEarned": 100, "masteredUnits": 2},
        event_time=WHEN,
        collection_id="https://your-app-url.com/ims/metrics/collections/activity/1",
    )

    wire = event.to_wire()
    assert wire == {
        "@context": CALIPER_CONTEXT,
        "id": wire["id"],
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "actor": actor(),
        "action": "Completed",
        "object": context(),
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
    assert find_event_issues(wire) == []


def test_builders_fill_a_fresh_uuid4_id_and_the_current_time_in_ms_z() -> None:
    before = datetime.now(timezone.utc) - timedelta(milliseconds=1)

    first = activity_completed(actor=actor(), object=context(), metrics={"xpEarned": 1})
    second = activity_completed(actor=actor(), object=context(), metrics={"xpEarned": 1})

    wire = first.to_wire()
    assert wire["id"].startswith("urn:uuid:")
    assert uuid.UUID(wire["id"][9:]).version == 4
    assert wire["id"] != second.to_wire()["id"]
    assert MS_Z.match(wire["eventTime"])
    assert first.event_time >= before
    assert wire["generated"]["id"].startswith("urn:uuid:")


def test_given_id_and_event_time_are_kept_for_resending() -> None:
    event_id = new_event_id()

    event = activity_completed(
        actor=actor(),
        object=context(),
        metrics={"xpEarned": 1},
        id=event_id,
        event_time="2024-04-24T16:12:00.5+02:00",
    )

    assert event.id == event_id
    assert event.to_wire()["eventTime"] == "2024-04-24T14:12:00.500Z"


def test_models_and_dicts_build_the_same_event() -> None:
    from_models = activity_completed(
        actor=TimebackUser(id=USER_URL, email="student.email@example.com"),
        object=TimebackActivityContext(
            id="https://your-app-url.com/ims/activity/context",
            subject="Reading",
            app=AppRef(name="PowerPath UI"),
        ),
        metrics={"xpEarned": 5},
        id="urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        event_time=WHEN,
        collection_id="urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
    )
    ctx = context()
    del ctx["activity"], ctx["course"]
    from_dicts = activity_completed(
        actor=actor(),
        object=ctx,
        metrics=[{"type": "xpEarned", "value": 5}],
        id="urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        event_time=WHEN,
        collection_id="urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
    )

    assert from_models.to_wire() == from_dicts.to_wire()


def test_metric_keys_may_be_snake_case_and_attempt_is_sent() -> None:
    event = activity_completed(
        actor=actor(), object=context(), metrics={"xp_earned": 10, "mastered_units": 1}, attempt=2
    )

    generated = event.to_wire()["generated"]
    assert generated["items"] == [
        {"type": "xpEarned", "value": 10},
        {"type": "masteredUnits", "value": 1},
    ]
    assert generated["attempt"] == 2


def test_a_wrong_member_is_reported_by_its_path() -> None:
    bad_actor = actor()
    del bad_actor["email"]

    with pytest.raises(InputValidationError) as caught:
        activity_completed(actor=bad_actor, object=context(), metrics={"xpEarnd": 1})

    assert [i.path for i in caught.value.issues] == ["actor.email", "generated.items[0].type"]


def test_a_naive_event_time_is_refused() -> None:
    with pytest.raises(InputValidationError) as caught:
        activity_completed(
            actor=actor(),
            object=context(),
            metrics={"xpEarned": 1},
            event_time=datetime(2025, 1, 1),
        )

    assert [i.path for i in caught.value.issues] == ["eventTime"]
    assert "timezone-aware" in caught.value.issues[0].message


def test_time_spent_takes_seconds_or_timedeltas_and_camel_case_metric_items() -> None:
    event = time_spent(
        actor=actor(),
        object=context(),
        metrics={"active": timedelta(minutes=5), "inactive": 20, "anti_pattern": 3},
        event_time=WHEN,
    )
    detailed = time_spent(
        actor=actor(),
        object=context(),
        metrics=[
            TimeSpentMetric(
                type="waste",
                value=120,
                sub_type="eating",
                start_date=WHEN,
                end_date=WHEN + timedelta(minutes=2),
            )
        ],
    )

    assert event.to_wire()["generated"]["items"] == [
        {"type": "active", "value": 300.0},
        {"type": "inactive", "value": 20},
        {"type": "anti-pattern", "value": 3},
    ]
    assert event.to_wire()["action"] == "SpentTime"
    assert detailed.to_wire()["generated"]["items"] == [
        {
            "type": "waste",
            "value": 120,
            "subType": "eating",
            "startDate": "2024-04-24T14:12:00.000Z",
            "endDate": "2024-04-24T14:14:00.000Z",
        }
    ]


def test_a_non_standard_subject_is_sent_with_a_warning() -> None:
    ctx = context()
    ctx["subject"] = "Vocabulary"

    with pytest.warns(NonStandardSubjectWarning):
        event = activity_completed(actor=actor(), object=ctx, metrics={"xpEarned": 1})

    assert event.object.subject == "Vocabulary"


def test_assessment_item_started_and_completed() -> None:
    item = AssessmentItem(id="https://app.example.com/questions/1", name="Q1", max_score=1)

    started = assessment_item_started(
        actor=actor(),
        object=item,
        attempt=Attempt(id="https://app.example.com/attempts/1", count=1),
        ed_app="https://app.example.com",
    )
    completed = assessment_item_completed(
        actor=actor(),
        object="https://app.example.com/questions/1",
        response=Response(id="https://app.example.com/responses/1"),
        ed_app={"id": "https://app.example.com", "type": "SoftwareApplication"},
    )

    s, c = started.to_wire(), completed.to_wire()
    assert (s["type"], s["profile"], s["action"]) == (
        "AssessmentItemEvent",
        "AssessmentProfile",
        "Started",
    )
    assert s["object"] == {
        "id": "https://app.example.com/questions/1",
        "type": "AssessmentItem",
        "name": "Q1",
        "maxScore": 1,
    }
    assert s["generated"]["type"] == "Attempt"
    assert s["edApp"] == "https://app.example.com"
    assert c["action"] == "Completed"
    assert c["generated"] == {"id": "https://app.example.com/responses/1", "type": "Response"}
    assert c["edApp"]["type"] == "SoftwareApplication"
    assert find_event_issues(s) == []
    assert find_event_issues(c) == []


def test_question_graded_builds_a_score_for_the_attempt() -> None:
    event = question_graded(
        actor="https://app.example.com/grader",
        attempt="https://app.example.com/attempts/1",
        score_given=1,
        max_score=1,
        score_id="https://app.example.com/attempts/1/score",
    )

    wire = event.to_wire()
    assert (wire["type"], wire["profile"], wire["action"]) == (
        "GradeEvent",
        "GradingProfile",
        "Graded",
    )
    assert wire["object"] == "https://app.example.com/attempts/1"
    assert wire["generated"] == {
        "id": "https://app.example.com/attempts/1/score",
        "type": "Score",
        "attempt": "https://app.example.com/attempts/1",
        "scoredBy": "https://app.example.com/grader",
        "scoreGiven": 1,
        "maxScore": 1,
        "scoreType": "QUESTION_RESULT",
    }


def test_question_graded_takes_the_attempt_id_from_an_attempt_entity() -> None:
    event = question_graded(
        actor=actor(),
        attempt={"id": "https://app.example.com/attempts/2", "type": "Attempt"},
        score_given=0,
        score_type=None,
    )

    generated = event.to_wire()["generated"]
    assert generated["attempt"] == "https://app.example.com/attempts/2"
    assert generated["scoredBy"] == USER_URL
    assert "scoreType" not in generated


def test_question_graded_refuses_an_attempt_that_is_not_one() -> None:
    with pytest.raises(InputValidationError) as caught:
        question_graded(
            actor=actor(),
            attempt={"id": "https://app.example.com/q/1", "type": "AssessmentItem"},
            score_given=1,
        )

    assert [i.path for i in caught.value.issues] == ["object.type"]


def test_build_event_checks_the_profile_table() -> None:
    tool_use = build_event(
        type="ToolUseEvent",
        profile="ToolUseProfile",
        action="Used",
        actor={"id": "https://example.edu/users/554433", "type": "Person"},
        object={"id": "https://example.edu", "type": "SoftwareApplication"},
        session="https://example.edu/sessions/1",
        extensions={"k": "v"},
    )

    with pytest.raises(InputValidationError) as caught:
        build_event(
            type="ToolUseEvent",
            profile="ToolUseProfile",
            action="Launched",
            actor="https://example.edu/users/1",
            object="https://example.edu",
        )

    assert type(tool_use) is CaliperEvent
    assert tool_use.to_wire()["session"] == "https://example.edu/sessions/1"
    assert [i.path for i in caught.value.issues] == ["action"]


def test_build_event_returns_the_typed_model_for_timeback_events() -> None:
    event = build_event(
        type="ActivityEvent",
        profile="TimebackProfile",
        action="Completed",
        actor=actor(),
        object=context(),
        generated={
            "id": "urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
            "type": "TimebackActivityMetricsCollection",
            "items": [],
        },
    )

    assert isinstance(event, ActivityEvent)
