"""Client-side Caliper validation: every rule of wire contract sections 6.2-6.5 and 6.8."""

from __future__ import annotations

import copy
import warnings
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from timeback_caliper._models import (
    CALIPER_CONTEXT,
    ActivityEvent,
    CaliperEntity,
    CaliperEnvelope,
    CaliperEvent,
    TimeSpentEvent,
)
from timeback_caliper._validation import (
    NonStandardSubjectWarning,
    find_envelope_issues,
    find_event_issues,
    issues_from_validation_error,
    validate_data,
    validate_envelope,
    validate_event,
)
from timeback_common import InputValidationError

Wire = dict[str, Any]
USER_URL = "https://api.alpha-1edtech.com/ims/oneroster/rostering/v1p2/users/u-1"


def activity() -> Wire:
    return {
        "@context": CALIPER_CONTEXT,
        "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "actor": {"id": USER_URL, "type": "TimebackUser", "email": "student@example.com"},
        "action": "Completed",
        "object": {
            "id": "https://app.example.com/activities/1",
            "type": "TimebackActivityContext",
            "subject": "Reading",
            "app": {"name": "PowerPath UI"},
        },
        "eventTime": "2024-04-24T14:12:00.000Z",
        "generated": {
            "id": "urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
            "type": "TimebackActivityMetricsCollection",
            "items": [{"type": "xpEarned", "value": 100}],
        },
    }


def time_spent() -> Wire:
    wire = activity()
    wire.update(
        type="TimeSpentEvent",
        action="SpentTime",
        generated={
            "id": "urn:uuid:0d7a2c1e-3f4b-4c5d-8e9f-a0b1c2d3e4f5",
            "type": "TimebackTimeSpentMetricsCollection",
            "items": [
                {"type": "active", "value": 10},
                {"type": "waste", "value": 2, "subType": "eating"},
            ],
        },
    )
    return wire


def grade() -> Wire:
    return {
        "@context": CALIPER_CONTEXT,
        "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        "type": "GradeEvent",
        "profile": "GradingProfile",
        "actor": {"id": "https://app.example.com/grader", "type": "SoftwareApplication"},
        "action": "Graded",
        "object": "https://app.example.com/attempts/1",
        "eventTime": "2024-04-24T14:12:00.000Z",
        "generated": {
            "id": "https://app.example.com/attempts/1/score",
            "type": "Score",
            "attempt": "https://app.example.com/attempts/1",
            "scoredBy": "https://app.example.com/grader",
            "scoreGiven": 1,
        },
    }


def generic(**changes: Any) -> Wire:
    wire: Wire = {
        "@context": CALIPER_CONTEXT,
        "id": "urn:uuid:c51570e4-f8ed-4c18-bb3a-dfe51b2cc594",
        "type": "Event",
        "profile": "GeneralProfile",
        "actor": "https://example.edu/users/1",
        "action": "Created",
        "object": "https://example.edu/things/1",
        "eventTime": "2024-04-24T14:12:00.000Z",
    }
    wire.update(changes)
    return wire


def with_(base: Callable[[], Wire], path: str, value: Any) -> Wire:
    """``base()`` with the member at a dotted ``path`` set (or deleted when value is DELETE)."""
    wire = copy.deepcopy(base())
    *parents, last = path.split(".")
    node: Any = wire
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    key: Any = int(last) if last.isdigit() else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return wire


DELETE = object()

VALID = [
    pytest.param(activity(), id="activity"),
    pytest.param(time_spent(), id="time-spent"),
    pytest.param(grade(), id="grade"),
    pytest.param(generic(), id="general-profile-any-action"),
    pytest.param(generic(action="Frobnicated"), id="general-profile-action-is-free"),
    pytest.param(with_(generic, "@context", DELETE), id="general-profile-needs-no-context"),
    pytest.param(
        generic(
            type="SessionEvent",
            profile="SessionProfile",
            action="TimedOut",
            actor={"id": "https://example.edu", "type": "SoftwareApplication"},
        ),
        id="timed-out-by-software",
    ),
    pytest.param(with_(activity, "generated.attempt", 2), id="activity-with-attempt"),
    pytest.param(with_(activity, "generated.items", []), id="empty-metrics-collection"),
]


@pytest.mark.parametrize("event", VALID)
def test_valid_event_has_no_issues(event: Wire) -> None:
    assert find_event_issues(event) == []


BAD = [
    # id pattern
    (with_(activity, "id", DELETE), "id", "required"),
    (with_(activity, "id", "https://example.com/events/1"), "id", "urn:uuid"),
    (with_(activity, "id", "urn:uuid:not-a-uuid"), "id", "urn:uuid"),
    # profile known
    (with_(activity, "profile", DELETE), "profile", "TimebackProfile"),
    (with_(activity, "profile", "TimebackActivityProfile"), "profile", "not a known profile"),
    # (type, action) allowed for the profile
    (with_(activity, "type", "TimebackActivityEvent"), "type", "not an event type"),
    (with_(activity, "profile", "AssessmentProfile"), "type", "belongs to TimebackProfile"),
    (with_(activity, "action", "Started"), "action", "allowed: Completed"),
    (with_(time_spent, "action", "Completed"), "action", "allowed: SpentTime"),
    (with_(grade, "action", "Scored"), "action", "allowed: Graded"),
    (
        generic(
            type="AssessmentEvent",
            profile="AssessmentProfile",
            action="Reset",
            generated="https://g.example/1",
        ),
        "action",
        "not allowed",
    ),
    (
        generic(type="ThreadEvent", profile="ForumProfile", action="MarkedAsUnread"),
        "action",
        "MarkedAsUnRead",
    ),
    (with_(activity, "action", DELETE), "action", "required"),
    # required members for that type
    (with_(activity, "generated", DELETE), "generated", "required"),
    (with_(grade, "generated", DELETE), "generated", "required"),
    (with_(activity, "@context", DELETE), "@context", "required"),
    (with_(activity, "eventTime", DELETE), "eventTime", "required"),
    (with_(activity, "actor", DELETE), "actor", "required"),
    (with_(activity, "object", DELETE), "object", "required"),
    (
        generic(type="NavigationEvent", profile="MediaProfile", action="NavigatedTo"),
        "target",
        "required",
    ),
    (
        generic(type="QuestionnaireItemEvent", profile="SurveyProfile", action="Skipped"),
        "generated",
        "required",
    ),
    (
        generic(type="AnnotationEvent", profile="AnnotationProfile", action="Tagged"),
        "generated",
        "required",
    ),
    # base member values
    (
        with_(activity, "@context", "http://purl.imsglobal.org/ctx/caliper/v1p1"),
        "@context",
        "must be",
    ),
    (with_(activity, "eventTime", "2024-04-24 2pm"), "eventTime", "date-time"),
    (with_(activity, "eventTime", "2024-04-24T14:12:00"), "eventTime", "offset"),
    (with_(activity, "extensions", ["a"]), "extensions", "object"),
    (generic(actor=42), "actor", "IRI string or an entity"),
    (generic(actor="not an iri"), "actor", "not an IRI"),
    (generic(object={"type": "DigitalResource"}), "object.id", "required"),
    (generic(object={"id": "https://example.edu/r/1"}), "object.type", "required"),
    # member types from the profile table
    (
        with_(grade, "object", {"id": "https://example.edu/p/1", "type": "Person"}),
        "object.type",
        "'Attempt'",
    ),
    (with_(grade, "generated.type", "Result"), "generated.type", "'Score'"),
    (
        generic(
            type="SessionEvent",
            profile="SessionProfile",
            action="TimedOut",
            actor={"id": "https://example.edu/u/1", "type": "Person"},
        ),
        "actor.type",
        "SoftwareApplication",
    ),
    (
        generic(
            type="AssessmentItemEvent",
            profile="AssessmentProfile",
            action="Started",
            object={"id": "https://example.edu/q/1", "type": "Assessment"},
        ),
        "object.type",
        "AssessmentItem",
    ),
    # unknown members (additionalProperties: false)
    (with_(activity, "customField", 1), "customField", "extensions"),
    (with_(activity, "event_time", "2024-04-24T14:12:00.000Z"), "event_time", "'eventTime'"),
    # Timeback entity schemas: TimebackUser
    (with_(activity, "actor", USER_URL), "actor", "TimebackUser object"),
    (with_(activity, "actor.type", "Person"), "actor.type", "'TimebackUser'"),
    (with_(activity, "actor.email", DELETE), "actor.email", "required"),
    (with_(activity, "actor.email", "not-an-email"), "actor.email", "e-mail"),
    (with_(activity, "actor.role", "principal"), "actor.role", "student"),
    (with_(activity, "actor.givenName", "Ada"), "actor.givenName", "extensions"),
    (with_(activity, "actor.id", "u-1"), "actor.id", "IRI"),
    # TimebackActivityContext
    (with_(activity, "object.type", "ActivityContext"), "object.type", "TimebackActivityContext"),
    (with_(activity, "object.subject", DELETE), "object.subject", "required"),
    (with_(activity, "object.subject", "History"), "object.subject", "Social Studies"),
    (with_(activity, "object.app", DELETE), "object.app", "required"),
    (with_(activity, "object.app", "PowerPath"), "object.app", "object"),
    (with_(activity, "object.app.name", DELETE), "object.app.name", "required"),
    (
        with_(activity, "object.course", {"id": "https://x.example/c/1"}),
        "object.course.name",
        "required",
    ),
    (
        with_(activity, "object.activity", {"name": "Quiz", "id": "quiz 1"}),
        "object.activity.id",
        "IRI",
    ),
    (with_(activity, "object.process", "yes"), "object.process", "boolean"),
    # metrics collections and metrics
    (
        with_(activity, "generated.type", "TimebackTimeSpentMetricsCollection"),
        "generated.type",
        "TimebackActivityMetricsCollection",
    ),
    (with_(activity, "generated", "https://x.example/metrics/1"), "generated", "object"),
    (with_(activity, "generated.id", DELETE), "generated.id", "required"),
    (with_(activity, "generated.items", DELETE), "generated.items", "required"),
    (with_(activity, "generated.items", {"type": "xpEarned"}), "generated.items", "array"),
    (with_(activity, "generated.attempt", 0), "generated.attempt", ">= 1"),
    (with_(activity, "generated.items.0.type", "xp"), "generated.items[0].type", "xpEarned"),
    (with_(activity, "generated.items.0.type", "active"), "generated.items[0].type", "not one of"),
    (with_(activity, "generated.items.0.value", "100"), "generated.items[0].value", "number"),
    (with_(activity, "generated.items.0.value", True), "generated.items[0].value", "number"),
    (with_(activity, "generated.items.0.value", DELETE), "generated.items[0].value", "required"),
    (with_(activity, "generated.items.0", 5), "generated.items[0]", "metric object"),
    (
        with_(time_spent, "generated.items.1.type", "eating"),
        "generated.items[1].type",
        "anti-pattern",
    ),
    (
        with_(time_spent, "generated.items.1.sub_type", "eating"),
        "generated.items[1].sub_type",
        "'subType'",
    ),
    (
        with_(time_spent, "generated.items.0.start_date", "2024-04-24T14:00:00Z"),
        "generated.items[0].start_date",
        "'startDate'",
    ),
    (
        with_(time_spent, "generated.items.0.end_date", "2024-04-24T14:00:00Z"),
        "generated.items[0].end_date",
        "'endDate'",
    ),
    (
        with_(time_spent, "generated.items.0.startDate", "today"),
        "generated.items[0].startDate",
        "date-time",
    ),
    (with_(time_spent, "generated.items.1.subType", 3), "generated.items[1].subType", "string"),
]


@pytest.mark.parametrize(
    ("event", "path", "fragment"),
    BAD,
    ids=[f"{case[1]}-{index}" for index, case in enumerate(BAD)],
)
def test_each_broken_rule_is_reported_at_its_path(event: Wire, path: str, fragment: str) -> None:
    issues = find_event_issues(event, "data[3]")

    assert [issue.path for issue in issues] == [f"data[3].{path}"], issues
    assert fragment in issues[0].message


def test_time_span_ending_before_it_starts_is_reported() -> None:
    event = time_spent()
    event["generated"]["items"][0].update(
        startDate="2024-04-24T14:00:00Z", endDate="2024-04-24T13:00:00Z"
    )

    issues = find_event_issues(event)

    assert [(i.path, i.message) for i in issues] == [
        ("generated.items[0].endDate", "is before startDate")
    ]


def test_every_problem_of_an_event_is_reported_at_once_in_section_6_8_order() -> None:
    event = activity()
    event.update(id="e-1", profile="TimebackProfile", action="Started", customField=1)
    event["actor"]["foo"] = "bar"
    event["generated"]["items"][0]["type"] = "xp"

    paths = [issue.path for issue in find_event_issues(event)]

    assert paths == ["id", "action", "customField", "actor.foo", "generated.items[0].type"]


def test_an_event_that_is_not_an_object_is_reported() -> None:
    assert [(i.path, i.message) for i in find_event_issues("urn:uuid:x", "data[0]")] == [
        ("data[0]", "must be an event or entity object, not a string")
    ]


def test_subject_outside_the_published_six_warns_but_passes() -> None:
    event = with_(activity, "object.subject", "FastMath")

    with pytest.warns(NonStandardSubjectWarning, match="FastMath"):
        issues = find_event_issues(event)

    assert issues == []


@pytest.mark.parametrize(
    "subject", ["Science", "Math", "Reading", "Language", "Social Studies", "None"]
)
def test_published_subjects_pass_without_warning(subject: str) -> None:
    event = with_(activity, "object.subject", subject)

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert find_event_issues(event) == []


def test_an_entity_in_data_may_only_carry_the_generic_entity_members() -> None:
    entity = {"id": "https://example.edu/users/1", "type": "Person", "email": "a@example.com"}

    issues = find_event_issues(entity, "data[1]")

    assert [i.path for i in issues] == ["data[1].email"]


def test_an_entity_in_data_needs_an_iri_and_a_type() -> None:
    issues = find_event_issues({"name": "x"}, "data[0]")

    assert [i.path for i in issues] == ["data[0].id", "data[0].type"]


# --- envelopes ------------------------------------------------------------------------------


def envelope(*data: Wire) -> Wire:
    return {
        "sensor": "https://reading.example.com",
        "sendTime": "2025-07-22T21:27:15.304Z",
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": list(data) or [activity()],
    }


def test_valid_envelope_has_no_issues() -> None:
    assert find_envelope_issues(envelope(activity(), time_spent(), grade())) == []


@pytest.mark.parametrize(
    ("member", "value", "message"),
    [
        ("sensor", DELETE, "is required"),
        ("sensor", "reading app", "not an IRI"),
        ("sendTime", DELETE, "is required"),
        ("sendTime", "2025-07-22T21:27:15.304", "offset"),
        ("dataVersion", DELETE, "is required"),
        ("dataVersion", "http://purl.imsglobal.org/ctx/caliper/v1p1", "must be"),
        ("data", DELETE, "is required"),
        ("data", [], "at least one"),
        ("data", {"id": "x"}, "array"),
    ],
)
def test_each_envelope_member_rule_is_reported(member: str, value: Any, message: str) -> None:
    wire = with_(envelope, member, value)

    issues = find_envelope_issues(wire)

    assert [i.path for i in issues] == [member]
    assert message in issues[0].message


def test_envelope_issues_come_in_section_6_8_order_with_item_indexes() -> None:
    wire = envelope(activity(), with_(activity, "action", "Started"), activity())
    wire["data"][2]["actor"]["email"] = 5
    wire["dataVersion"] = "v1p1"
    del wire["sensor"]

    paths = [issue.path for issue in find_envelope_issues(wire)]

    assert paths == ["sensor", "dataVersion", "data[1].action", "data[2].actor.email"]


def test_validate_envelope_raises_one_error_carrying_every_issue() -> None:
    wire = envelope(with_(activity, "action", "Started"), with_(grade, "generated", DELETE))

    with pytest.raises(InputValidationError) as caught:
        validate_envelope(wire)

    assert [i.path for i in caught.value.issues] == ["data[0].action", "data[1].generated"]
    assert "2 problems" in str(caught.value)


def test_validate_envelope_returns_typed_items() -> None:
    result = validate_envelope(envelope(activity(), time_spent()))

    assert isinstance(result, CaliperEnvelope)
    assert isinstance(result.data[0], ActivityEvent)
    assert isinstance(result.data[1], TimeSpentEvent)


def test_validate_envelope_checks_a_model_too() -> None:
    model = validate_envelope(envelope())
    model.data_version = "v1p1"

    with pytest.raises(InputValidationError) as caught:
        validate_envelope(model)

    assert [i.path for i in caught.value.issues] == ["dataVersion"]


# --- the normalising front doors ------------------------------------------------------------


def test_validate_event_adds_a_missing_context_and_drops_null_members() -> None:
    wire = with_(activity, "@context", DELETE)
    wire["session"] = None

    model = validate_event(wire)

    assert isinstance(model, ActivityEvent)
    assert model.to_wire()["@context"] == CALIPER_CONTEXT
    assert "session" not in model.to_wire()


def test_validate_event_normalises_event_time_to_milliseconds_z() -> None:
    model = validate_event(with_(activity, "eventTime", "2024-04-24T16:12:00.123456+02:00"))

    assert model.to_wire()["eventTime"] == "2024-04-24T14:12:00.123Z"


def test_validate_event_checks_a_model() -> None:
    model = CaliperEvent.model_validate(with_(activity, "action", "Started"))

    with pytest.raises(InputValidationError) as caught:
        validate_event(model, path="data[0]")

    assert [i.path for i in caught.value.issues] == ["data[0].action"]


def test_validate_event_returns_the_generic_model_for_other_profiles() -> None:
    model = validate_event(generic())

    assert type(model) is CaliperEvent


def test_validate_data_reports_every_item_and_names_its_index() -> None:
    items = [activity(), with_(activity, "actor.email", DELETE), "not an event", grade()]

    with pytest.raises(InputValidationError) as caught:
        validate_data(items)

    assert [i.path for i in caught.value.issues] == ["data[1].actor.email", "data[2]"]


def test_validate_data_needs_at_least_one_item() -> None:
    with pytest.raises(InputValidationError) as caught:
        validate_data([])

    assert [i.path for i in caught.value.issues] == ["data"]


def test_validate_data_keeps_entities_as_entity_models() -> None:
    items = validate_data([activity(), {"id": "https://example.edu/u/1", "type": "Person"}])

    assert isinstance(items[1], CaliperEntity)


def test_pydantic_errors_become_issues_with_wire_paths() -> None:
    wire = generic(actor={"id": USER_URL, "type": "TimebackUser"})

    with pytest.raises(ValidationError) as caught:
        CaliperEvent.model_validate(wire)
    issues = issues_from_validation_error(caught.value, "data[0]")

    assert [i.path for i in issues] == ["data[0].actor.email"]
