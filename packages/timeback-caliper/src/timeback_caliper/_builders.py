"""Builders for the events applications send most, each returning a validated, typed model.

Every builder fills ``@context``, ``id`` (``urn:uuid:`` + a fresh uuid4, unless given) and
``eventTime`` (now, UTC, unless given), accepts a model or a wire-shaped dict for each entity,
and validates the result, raising `InputValidationError` whose
issue paths name the member at fault (``actor.email``, ``generated.items[0].type``).

Example:
    >>> event = activity_completed(
    ...     actor={"id": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u1",
    ...            "type": "TimebackUser", "email": "ada@example.com"},
    ...     object={"id": "https://reading.example.com/activities/42",
    ...             "type": "TimebackActivityContext", "subject": "Reading",
    ...             "app": {"name": "Reading Quest"}},
    ...     metrics={"xpEarned": 10, "totalQuestions": 5, "correctQuestions": 4},
    ... )
    >>> event.to_wire()["generated"]["items"][0]
    {'type': 'xpEarned', 'value': 10}
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, TypeVar

from pydantic.alias_generators import to_camel
from typing_extensions import TypedDict, Unpack

from ._models import (
    CALIPER_CONTEXT,
    ActivityEvent,
    AssessmentItem,
    AssessmentItemEvent,
    Attempt,
    CaliperEvent,
    CaliperModel,
    GradeEvent,
    Response,
    Score,
    TimebackActivityContext,
    TimebackActivityMetric,
    TimebackUser,
    TimeSpentEvent,
    TimeSpentMetric,
    utc_now,
)
from ._validation import validate_event

__all__ = [
    "EventOptions",
    "activity_completed",
    "assessment_item_completed",
    "assessment_item_started",
    "build_event",
    "new_event_id",
    "question_graded",
    "time_spent",
]

EntityInput = str | CaliperModel | Mapping[str, Any]
"""An IRI, an entity model, or a wire-shaped dict."""

ActivityMetricsInput = Mapping[str, float] | Sequence[TimebackActivityMetric | Mapping[str, Any]]
"""``{"xpEarned": 10, "totalQuestions": 5}`` (snake_case keys also accepted) or metric items."""

TimeSpentMetricsInput = (
    Mapping[str, float | timedelta] | Sequence[TimeSpentMetric | Mapping[str, Any]]
)
"""``{"active": 300, "waste": timedelta(minutes=1)}`` (seconds) or metric items."""

_EventT = TypeVar("_EventT", bound=CaliperEvent)


class EventOptions(TypedDict, total=False):
    """Members every builder accepts besides its own.

    Attributes:
        id: The event id; reuse it when re-sending the same event. Default: a fresh
            ``urn:uuid:`` uuid4.
        event_time: When it happened (aware datetime or RFC 3339 string). Default: now.
        ed_app: The application (``edApp``): an IRI or a ``SoftwareApplication`` entity.
        session, group, membership, referrer, target, federated_session: Caliper context
            members, each an IRI or an entity.
        extensions: Free-form extra data.
    """

    id: str
    event_time: datetime | str
    ed_app: EntityInput
    session: EntityInput
    group: EntityInput
    membership: EntityInput
    referrer: EntityInput
    target: EntityInput
    federated_session: EntityInput
    extensions: Mapping[str, Any]


def new_event_id() -> str:
    """A fresh event id: ``urn:uuid:`` followed by a random (version 4) UUID."""
    return f"urn:uuid:{uuid.uuid4()}"


def _wire(value: object) -> object:
    if isinstance(value, CaliperModel):
        return value.to_wire()
    if isinstance(value, Mapping):
        return dict(value)
    return value


def _assemble(
    event_type: str,
    profile: str,
    action: str,
    actor: object,
    object_: object,
    generated: object,
    options: EventOptions,
) -> dict[str, Any]:
    event_time = options.get("event_time")
    wire: dict[str, Any] = {
        "@context": CALIPER_CONTEXT,
        "id": options.get("id") or new_event_id(),
        "type": event_type,
        "profile": profile,
        "actor": _wire(actor),
        "action": action,
        "object": _wire(object_),
        "eventTime": utc_now() if event_time is None else event_time,
    }
    if generated is not None:
        wire["generated"] = _wire(generated)
    for name in (
        "ed_app",
        "session",
        "group",
        "membership",
        "referrer",
        "target",
        "federated_session",
    ):
        value = options.get(name)
        if value is not None:
            wire[to_camel(name)] = _wire(value)
    if options.get("extensions") is not None:
        wire["extensions"] = dict(options["extensions"])
    return wire


def _validated(expected: type[_EventT], wire: dict[str, Any]) -> _EventT:
    model = validate_event(wire)
    if not isinstance(model, expected):  # pragma: no cover - the (type, profile) pair decides
        raise TypeError(f"expected {expected.__name__}, built {type(model).__name__}")
    return model


def _metric_items(metrics: object, *, time_spent: bool) -> list[object]:
    if isinstance(metrics, Mapping):
        items: list[object] = []
        for key, value in metrics.items():
            kind = str(key)
            kind = kind.replace("_", "-") if time_spent else to_camel(kind)
            if isinstance(value, timedelta):
                value = value.total_seconds()
            items.append({"type": kind, "value": value})
        return items
    if isinstance(metrics, (str, bytes)) or not isinstance(metrics, Sequence):
        return [metrics]  # reported by validation as a bad item
    return [_wire(item) for item in metrics]


def activity_completed(
    *,
    actor: TimebackUser | Mapping[str, Any],
    object: TimebackActivityContext | Mapping[str, Any],
    metrics: ActivityMetricsInput,
    attempt: int | None = None,
    collection_id: str | None = None,
    **options: Unpack[EventOptions],
) -> ActivityEvent:
    """An ``ActivityEvent`` (Timeback profile, action ``Completed``): metrics earned in an activity.

    Args:
        actor: The learner, a `TimebackUser` (``id``, ``email`` required).
        object: Where it happened, a `TimebackActivityContext` (``subject``, ``app.name``).
        metrics: ``{"xpEarned": 10, "totalQuestions": 5, "correctQuestions": 4,
            "masteredUnits": 1}`` (any subset; snake_case keys accepted) or metric items.
        attempt: The attempt number (>= 1), sent as ``generated.attempt``.
        collection_id: Id of the metrics collection; default a fresh ``urn:uuid:``.
        **options: `EventOptions` (``id``, ``event_time``, ``ed_app``, ``session``, ...).

    Returns:
        The validated event; send ``event.to_wire()`` or pass the model to the client.

    Raises:
        InputValidationError: A member is missing or wrong; ``issues`` name each path.
    """
    generated: dict[str, Any] = {
        "id": collection_id or new_event_id(),
        "type": "TimebackActivityMetricsCollection",
        "items": _metric_items(metrics, time_spent=False),
    }
    if attempt is not None:
        generated["attempt"] = attempt
    wire = _assemble(
        "ActivityEvent", "TimebackProfile", "Completed", actor, object, generated, options
    )
    return _validated(ActivityEvent, wire)


def time_spent(
    *,
    actor: TimebackUser | Mapping[str, Any],
    object: TimebackActivityContext | Mapping[str, Any],
    metrics: TimeSpentMetricsInput,
    collection_id: str | None = None,
    **options: Unpack[EventOptions],
) -> TimeSpentEvent:
    """A ``TimeSpentEvent`` (Timeback profile, action ``SpentTime``): seconds spent, by kind.

    Args:
        actor: The learner, a `TimebackUser`.
        object: Where the time was spent, a `TimebackActivityContext`.
        metrics: ``{"active": 300, "inactive": 20, "waste": 5}`` in seconds (a `timedelta` is
            converted; kinds: ``active``, ``inactive``, ``waste``, ``unknown``,
            ``anti-pattern``), or `TimeSpentMetric` items to give ``sub_type``, ``start_date``,
            ``end_date``.
        collection_id: Id of the metrics collection; default a fresh ``urn:uuid:``.
        **options: `EventOptions`.

    Returns:
        The validated event.

    Raises:
        InputValidationError: A member is missing or wrong; ``issues`` name each path.
    """
    generated = {
        "id": collection_id or new_event_id(),
        "type": "TimebackTimeSpentMetricsCollection",
        "items": _metric_items(metrics, time_spent=True),
    }
    wire = _assemble(
        "TimeSpentEvent", "TimebackProfile", "SpentTime", actor, object, generated, options
    )
    return _validated(TimeSpentEvent, wire)


def assessment_item_started(
    *,
    actor: EntityInput,
    object: str | AssessmentItem | Mapping[str, Any],
    attempt: str | Attempt | Mapping[str, Any] | None = None,
    **options: Unpack[EventOptions],
) -> AssessmentItemEvent:
    """An ``AssessmentItemEvent`` / ``Started``: a learner was shown a question.

    Args:
        actor: The learner: an IRI or an agent (e.g. a `TimebackUser`).
        object: The question: an IRI or an `AssessmentItem`.
        attempt: The `Attempt` this starts (``generated``), when tracked.
        **options: `EventOptions`; pass ``ed_app`` (the platform expects it).

    Returns:
        The validated event.

    Raises:
        InputValidationError: A member is missing or wrong.
    """
    wire = _assemble(
        "AssessmentItemEvent", "AssessmentProfile", "Started", actor, object, attempt, options
    )
    return _validated(AssessmentItemEvent, wire)


def assessment_item_completed(
    *,
    actor: EntityInput,
    object: str | AssessmentItem | Mapping[str, Any],
    response: str | Response | Mapping[str, Any] | None = None,
    **options: Unpack[EventOptions],
) -> AssessmentItemEvent:
    """An ``AssessmentItemEvent`` / ``Completed``: a learner answered a question.

    Args:
        actor: The learner: an IRI or an agent.
        object: The question: an IRI or an `AssessmentItem`.
        response: What was answered (``generated``), a `Response`.
        **options: `EventOptions`; pass ``ed_app``.

    Returns:
        The validated event.

    Raises:
        InputValidationError: A member is missing or wrong.
    """
    wire = _assemble(
        "AssessmentItemEvent", "AssessmentProfile", "Completed", actor, object, response, options
    )
    return _validated(AssessmentItemEvent, wire)


def question_graded(
    *,
    actor: EntityInput,
    attempt: str | Attempt | Mapping[str, Any],
    score: Score | Mapping[str, Any] | None = None,
    score_given: float | None = None,
    max_score: float | None = None,
    scored_by: EntityInput | None = None,
    comment: str | None = None,
    score_id: str | None = None,
    score_type: str | None = "QUESTION_RESULT",
    **options: Unpack[EventOptions],
) -> GradeEvent:
    """A ``GradeEvent`` / ``Graded``: an attempt at a question was scored.

    Either pass a complete ``score`` or let the builder make the `Score` from the parts.

    Args:
        actor: Who graded (a person or a ``SoftwareApplication``): an IRI or an entity.
        attempt: The attempt graded (the event's ``object``): an IRI or an `Attempt`.
        score: The complete `Score`; when given, the parts below are ignored.
        score_given: The score awarded.
        max_score: The maximum score.
        scored_by: Who scored; default the ``actor``'s id.
        comment: A comment on the score.
        score_id: Id of the score; default a fresh ``urn:uuid:``.
        score_type: Timeback's ``scoreType`` (``QUESTION_RESULT``); ``None`` to omit it.
        **options: `EventOptions`.

    Returns:
        The validated event.

    Raises:
        InputValidationError: A member is missing or wrong.
    """
    if score is None:
        attempt_wire = _wire(attempt)
        attempt_id = attempt_wire.get("id") if isinstance(attempt_wire, dict) else attempt_wire
        actor_wire = _wire(actor)
        actor_id = actor_wire.get("id") if isinstance(actor_wire, dict) else actor_wire
        built: dict[str, Any] = {
            "id": score_id or new_event_id(),
            "type": "Score",
            "attempt": attempt_id,
            "scoredBy": _wire(scored_by) if scored_by is not None else actor_id,
            "scoreGiven": score_given,
            "maxScore": max_score,
            "comment": comment,
            "scoreType": score_type,
        }
        generated: object = {key: value for key, value in built.items() if value is not None}
    else:
        generated = score
    wire = _assemble("GradeEvent", "GradingProfile", "Graded", actor, attempt, generated, options)
    return _validated(GradeEvent, wire)


def build_event(
    *,
    type: str,
    profile: str,
    action: str,
    actor: EntityInput,
    object: EntityInput,
    generated: EntityInput | None = None,
    **options: Unpack[EventOptions],
) -> CaliperEvent:
    """Any Caliper 1.2 event, checked against the profile table.

    Args:
        type: Event type, e.g. ``ToolUseEvent``.
        profile: Profile, e.g. ``ToolUseProfile``.
        action: Action allowed for that type in that profile, e.g. ``Used``.
        actor: An IRI or an agent entity.
        object: An IRI or an entity.
        generated: What the action produced, when any (required by some types).
        **options: `EventOptions`.

    Returns:
        The validated event (typed, e.g. `ActivityEvent`, when the pair is one the SDK models).

    Raises:
        InputValidationError: The type, action or a member breaks a rule.
    """
    wire = _assemble(type, profile, action, actor, object, generated, options)
    return _validated(CaliperEvent, wire)
