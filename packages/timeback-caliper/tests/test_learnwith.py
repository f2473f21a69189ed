"""The LearnWith.AI rewrite (wire contract section 6.9), rule by rule."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from timeback_caliper._learnwith import (
    LEARNWITH_AUTO_SESSION,
    to_learnwith_envelope,
    to_learnwith_event,
)
from timeback_caliper._models import CALIPER_CONTEXT

USER_URL = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u-1"
COURSE_URL = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/courses/c-1"
UUID_URN = re.compile(r"^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def activity() -> dict[str, Any]:
    return {
        "@context": CALIPER_CONTEXT,
        "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "actor": {
            "id": USER_URL,
            "type": "TimebackUser",
            "email": "ada@example.com",
            "name": "Ada",
            "role": "student",
        },
        "action": "Completed",
        "object": {
            "id": "https://reading.example.com/activities/1",
            "type": "TimebackActivityContext",
            "subject": "Reading",
            "app": {"name": "Reading Quest", "id": "https://reading.example.com"},
            "course": {"id": COURSE_URL, "name": "Reading G3"},
            "activity": {"name": "Quiz 1"},
        },
        "eventTime": "2024-04-24T14:12:00.000Z",
        "generated": {
            "id": "urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": "xpEarned", "value": 10}, {"type": "totalQuestions", "value": 5}],
        },
    }


def time_spent() -> dict[str, Any]:
    event = activity()
    event.update(
        type="TimeSpentEvent",
        action="SpentTime",
        generated={
            "id": "urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
            "type": "TimebackTimeSpentMetricsCollection",
            "items": [
                {"type": "active", "value": 300},
                {
                    "type": "waste",
                    "value": 20,
                    "subType": "eating",
                    "startDate": "2024-04-24T14:00:00.000Z",
                    "endDate": "2024-04-24T14:00:20.000Z",
                },
                {"type": "anti-pattern", "value": 3},
            ],
        },
    )
    return event


def test_timeback_profile_becomes_aggregation_profile() -> None:
    assert to_learnwith_event(activity())["profile"] == "AggregationProfile"


def test_other_profiles_are_kept() -> None:
    event = activity()
    event.update(type="ViewEvent", profile="ReadingProfile", action="Viewed")

    assert to_learnwith_event(event)["profile"] == "ReadingProfile"


def test_a_missing_context_is_added() -> None:
    event = activity()
    del event["@context"]

    assert to_learnwith_event(event)["@context"] == CALIPER_CONTEXT


def test_a_timeback_user_actor_becomes_a_person_with_the_same_id_only() -> None:
    assert to_learnwith_event(activity())["actor"] == {"type": "Person", "id": USER_URL}


def test_other_actors_are_kept() -> None:
    event = activity()
    event["actor"] = "https://example.edu/users/1"

    assert to_learnwith_event(event)["actor"] == "https://example.edu/users/1"


def test_the_activity_context_becomes_an_assignable_digital_resource() -> None:
    obj = to_learnwith_event(activity())["object"]

    assert obj == {
        "type": "AssignableDigitalResource",
        "id": "https://reading.example.com/activities/1",
        "name": "Quiz 1",
        "isPartOf": {"type": "CourseOffering", "id": COURSE_URL, "name": "Reading G3"},
        "extensions": {
            "app": {
                "type": "SoftwareApplication",
                "id": "https://reading.example.com",
                "name": "Reading Quest",
            }
        },
    }


def test_without_activity_and_course_the_resource_has_no_name_or_parent() -> None:
    event = activity()
    del event["object"]["activity"], event["object"]["course"]
    event["object"]["extensions"] = {"level": 3}
    event["object"]["process"] = True

    obj = to_learnwith_event(event)["object"]

    assert obj == {
        "type": "AssignableDigitalResource",
        "id": "https://reading.example.com/activities/1",
        "extensions": {
            "level": 3,
            "app": {
                "type": "SoftwareApplication",
                "id": "https://reading.example.com",
                "name": "Reading Quest",
            },
        },
    }


@pytest.mark.parametrize(
    ("event_type", "rewritten"),
    [
        ("ActivityEvent", True),
        ("TimeSpentEvent", True),
        ("AssignableEvent", True),
        ("ViewEvent", True),
        ("ToolUseEvent", False),
    ],
)
def test_the_context_object_is_rewritten_only_for_the_four_event_types(
    event_type: str, rewritten: bool
) -> None:
    event = activity()
    event["type"] = event_type

    obj = to_learnwith_event(event)["object"]

    assert (obj["type"] == "AssignableDigitalResource") is rewritten


def test_activity_metrics_become_activity_metric_items_in_pascal_case() -> None:
    generated = to_learnwith_event(activity())["generated"]

    assert generated["type"] == "ActivityMetricsCollection"
    assert generated["id"] == "urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5"
    assert [
        (item["type"], item["metricType"], item["metricValue"]) for item in generated["items"]
    ] == [("ActivityMetric", "XpEarned", 10), ("ActivityMetric", "TotalQuestions", 5)]
    assert all(UUID_URN.match(item["id"]) for item in generated["items"])
    assert all("value" not in item and "subType" not in item for item in generated["items"])


def test_time_spent_metrics_lose_sub_type_and_dates() -> None:
    generated = to_learnwith_event(time_spent())["generated"]

    assert generated["type"] == "TimeSpentMetricsCollection"
    assert [{k: v for k, v in item.items() if k != "id"} for item in generated["items"]] == [
        {"type": "TimeSpentMetric", "metricType": "Active", "metricValue": 300},
        {"type": "TimeSpentMetric", "metricType": "Waste", "metricValue": 20},
        {"type": "TimeSpentMetric", "metricType": "AntiPattern", "metricValue": 3},
    ]


def test_metric_ids_are_stable_across_retries_and_distinct_within_an_event() -> None:
    first = to_learnwith_event(time_spent())["generated"]["items"]
    second = to_learnwith_event(time_spent())["generated"]["items"]

    ids = [item["id"] for item in first]
    assert ids == [item["id"] for item in second]
    assert len(set(ids)) == len(ids)


def test_event_time_is_normalised_to_milliseconds_z() -> None:
    event = activity()
    event["eventTime"] = "2024-04-24T16:12:00.123456+02:00"

    assert to_learnwith_event(event)["eventTime"] == "2024-04-24T14:12:00.123Z"


def test_a_missing_session_is_auto_attached_and_a_given_one_kept() -> None:
    with_session = activity()
    with_session["session"] = "https://reading.example.com/sessions/9"

    assert to_learnwith_event(activity())["session"] == LEARNWITH_AUTO_SESSION
    assert LEARNWITH_AUTO_SESSION == "urn:tag:auto-attach"
    assert to_learnwith_event(with_session)["session"] == "https://reading.example.com/sessions/9"


def test_untouched_members_pass_through() -> None:
    event = activity()
    event["edApp"] = "https://reading.example.com"
    event["extensions"] = {"k": "v"}

    out = to_learnwith_event(event)

    assert out["edApp"] == "https://reading.example.com"
    assert out["extensions"] == {"k": "v"}
    assert (out["id"], out["type"], out["action"]) == (event["id"], event["type"], "Completed")


def test_the_input_is_never_modified() -> None:
    event = time_spent()
    before = copy.deepcopy(event)

    to_learnwith_envelope({"sendTime": "2024-04-24T14:12:00Z", "data": [event]})

    assert event == before


def test_the_envelope_send_time_is_normalised_and_every_event_rewritten() -> None:
    envelope = {
        "sensor": "https://reading.example.com",
        "sendTime": "2025-07-22T21:27:15.304123Z",
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": [activity(), time_spent(), {"id": "https://example.edu/u/1", "type": "Person"}],
    }

    out = to_learnwith_envelope(envelope)

    assert out["sendTime"] == "2025-07-22T21:27:15.304Z"
    assert [item.get("profile") for item in out["data"]] == [
        "AggregationProfile",
        "AggregationProfile",
        None,
    ]
    assert out["data"][2] == {"id": "https://example.edu/u/1", "type": "Person"}
    assert (out["sensor"], out["dataVersion"]) == (envelope["sensor"], envelope["dataVersion"])
