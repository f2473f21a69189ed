"""Caliper 1.2 events: the base event and the typed events the SDK builds."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from ._base import CALIPER_CONTEXT, CaliperDateTime, CaliperModel
from ._entities import (
    EntityRef,
    TaggedEntity,
    TimebackActivityContext,
    TimebackActivityMetricsCollection,
    TimebackTimeSpentMetricsCollection,
    TimebackUser,
    entity_tag,
)

__all__ = [
    "ENTITY_MEMBERS_OF_EVENT",
    "EVENT_MEMBERS",
    "ActivityEvent",
    "AssessmentItemEvent",
    "CaliperData",
    "CaliperEvent",
    "GradeEvent",
    "TimeSpentEvent",
    "data_tag",
    "is_event_like",
]

ENTITY_MEMBERS_OF_EVENT = (
    "actor",
    "object",
    "generated",
    "target",
    "edApp",
    "referrer",
    "group",
    "membership",
    "session",
    "federatedSession",
)
"""The members of an event that hold an entity (an IRI or an object), in wire order."""

EVENT_MEMBERS = frozenset(
    {"@context", "id", "type", "profile", "action", "eventTime", "extensions"}
    | set(ENTITY_MEMBERS_OF_EVENT)
)
"""Every member a Caliper 1.2 event may carry on the wire; the schemas reject any other."""


class CaliperEvent(CaliperModel):
    """A Caliper 1.2 event of any profile.

    Attributes:
        context: ``@context`` on the wire; always the Caliper 1.2 context.
        id: ``urn:uuid:<uuid4>``; reuse it when re-sending the same event.
        type: Event type term, e.g. ``ActivityEvent``.
        profile: Profile term, e.g. ``TimebackProfile`` (required by Timeback).
        actor: Who acted: an IRI or an agent entity.
        action: What was done, allowed for the type and profile.
        object: What it was done to: an IRI or an entity.
        event_time: When it happened (``eventTime``, UTC with milliseconds on the wire).
        generated: What the action produced, when any.
        ed_app: The application (``edApp``).
        extensions: Free-form extra data.
    """

    context: str = Field(default=CALIPER_CONTEXT, alias="@context")
    id: str
    type: str
    profile: str
    actor: EntityRef
    action: str
    object: EntityRef
    event_time: CaliperDateTime
    generated: EntityRef | None = None
    target: EntityRef | None = None
    ed_app: EntityRef | None = None
    referrer: EntityRef | None = None
    group: EntityRef | None = None
    membership: EntityRef | None = None
    session: EntityRef | None = None
    federated_session: EntityRef | None = None
    extensions: dict[str, Any] | None = None


class ActivityEvent(CaliperEvent):
    """Timeback profile: a learner completed an activity and earned the metrics in ``generated``."""

    type: Literal["ActivityEvent"] = "ActivityEvent"
    profile: Literal["TimebackProfile"] = "TimebackProfile"
    action: Literal["Completed"] = "Completed"
    actor: TimebackUser
    object: TimebackActivityContext
    generated: TimebackActivityMetricsCollection


class TimeSpentEvent(CaliperEvent):
    """Timeback profile: time a learner spent in an activity, by kind, in ``generated``."""

    type: Literal["TimeSpentEvent"] = "TimeSpentEvent"
    profile: Literal["TimebackProfile"] = "TimebackProfile"
    action: Literal["SpentTime"] = "SpentTime"
    actor: TimebackUser
    object: TimebackActivityContext
    generated: TimebackTimeSpentMetricsCollection


class AssessmentItemEvent(CaliperEvent):
    """Assessment profile: a question was started, skipped or completed."""

    type: Literal["AssessmentItemEvent"] = "AssessmentItemEvent"
    profile: Literal["AssessmentProfile"] = "AssessmentProfile"
    # Members are parsed by their ``type`` (an `AssessmentItem` object; an `Attempt` or a
    # `Response` generated), never by trying each model: ``Response.type`` is free text.


class GradeEvent(CaliperEvent):
    """Grading profile: an attempt was graded; ``generated`` is the `Score`."""

    type: Literal["GradeEvent"] = "GradeEvent"
    profile: Literal["GradingProfile"] = "GradingProfile"
    action: Literal["Graded"] = "Graded"
    # The object is the `Attempt` (often its IRI); ``generated``, the `Score`, is required.
    generated: EntityRef


_EVENT_TAGS = {
    ("ActivityEvent", "TimebackProfile"): "tag:ActivityEvent",
    ("TimeSpentEvent", "TimebackProfile"): "tag:TimeSpentEvent",
    ("AssessmentItemEvent", "AssessmentProfile"): "tag:AssessmentItemEvent",
    ("GradeEvent", "GradingProfile"): "tag:GradeEvent",
}


def is_event_like(item: Any) -> bool:
    """Whether an envelope item is an event (rather than an entity).

    An item is an event when its ``type`` ends with ``Event`` or when it carries ``actor`` or
    ``action``, which no entity has.
    """
    if isinstance(item, CaliperEvent):
        return True
    if isinstance(item, CaliperModel):
        return False
    if not isinstance(item, dict):
        return False
    kind = item.get("type")
    return (isinstance(kind, str) and kind.endswith("Event")) or "actor" in item or "action" in item


def data_tag(value: Any) -> str:
    """Which model an envelope item is parsed into."""
    if isinstance(value, CaliperModel) and not isinstance(value, CaliperEvent):
        return entity_tag(value)
    if not is_event_like(value):
        return entity_tag(value)
    if isinstance(value, dict):
        key = (value.get("type"), value.get("profile"))
    else:
        key = (getattr(value, "type", None), getattr(value, "profile", None))
    return _EVENT_TAGS.get(key, "tag:event")  # type: ignore[arg-type]


CaliperData = Annotated[
    (
        Annotated[ActivityEvent, Tag("tag:ActivityEvent")]
        | Annotated[TimeSpentEvent, Tag("tag:TimeSpentEvent")]
        | Annotated[AssessmentItemEvent, Tag("tag:AssessmentItemEvent")]
        | Annotated[GradeEvent, Tag("tag:GradeEvent")]
        | Annotated[CaliperEvent, Tag("tag:event")]
        | TaggedEntity
    ),
    Discriminator(data_tag),
]
"""An item of an envelope's ``data``: an event (typed by type and profile) or an entity."""
