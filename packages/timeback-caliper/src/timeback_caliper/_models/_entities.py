"""Caliper entities: the generic entity, the Timeback profile entities, and the assessment ones.

Parsing is tolerant (unknown members are kept, enumerations are plain strings) so that a newer
platform never breaks an older client; what may be *sent* is checked by `timeback_caliper`'s
validation, which reports members the schemas forbid.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any, Literal, TypeAlias

from pydantic import BeforeValidator, Discriminator, Field, Tag

from ._base import CaliperDateTime, CaliperModel

__all__ = [
    "ActivityRef",
    "AppRef",
    "AssessmentItem",
    "Attempt",
    "CaliperEntity",
    "CourseRef",
    "EntityRef",
    "Response",
    "Score",
    "TaggedEntity",
    "TimeSpentMetric",
    "TimebackActivityContext",
    "TimebackActivityMetric",
    "TimebackActivityMetricsCollection",
    "TimebackTimeSpentMetricsCollection",
    "TimebackUser",
    "entity_tag",
    "format_duration",
]

Extensions = dict[str, Any]
# Numbers keep their JSON form: an int stays an int (``10``, not ``10.0``) on the way back out.
Number = int | float


class CaliperEntity(CaliperModel):
    """A Caliper 1.2 entity of any type (``Person``, ``SoftwareApplication``, ...).

    Attributes:
        id: IRI of the entity.
        type: Caliper type term, e.g. ``SoftwareApplication``.
    """

    context: str | None = Field(default=None, alias="@context")
    id: str
    type: str
    name: str | None = None
    description: str | None = None
    date_created: CaliperDateTime | None = None
    date_modified: CaliperDateTime | None = None
    other_identifiers: list[Any] | None = None
    extensions: Extensions | None = None


# --- Timeback profile -------------------------------------------------------------------------


class TimebackUser(CaliperModel):
    """The actor of every Timeback-profile event. The schema allows no other members.

    Attributes:
        id: IRI of the user, preferably its OneRoster URL
            (``https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/<id>``).
        email: The user's e-mail address (required).
        role: ``student``, ``teacher``, ``admin`` or ``guide``.
    """

    id: str
    type: Literal["TimebackUser"] = "TimebackUser"
    email: str
    name: str | None = None
    role: str | None = None
    extensions: Extensions | None = None


class AppRef(CaliperModel):
    """The application inside a `TimebackActivityContext` (``app``); ``name`` is required."""

    name: str
    id: str | None = None
    extensions: Extensions | None = None


class CourseRef(CaliperModel):
    """The course inside a `TimebackActivityContext` (``course``), ideally its OneRoster URL."""

    name: str
    id: str | None = None
    extensions: Extensions | None = None


class ActivityRef(CaliperModel):
    """The activity inside a `TimebackActivityContext` (``activity``), e.g. a course component."""

    name: str
    id: str | None = None
    extensions: Extensions | None = None


class TimebackActivityContext(CaliperModel):
    """The object of every Timeback-profile event: where the learning happened.

    Attributes:
        subject: One of ``Science``, ``Math``, ``Reading``, ``Language``, ``Social Studies``,
            ``None`` (published), or ``Vocabulary``, ``Writing``, ``FastMath``, ``Other``
            (accepted, with a warning when sent).
        app: The application (``name`` required). Edubridge buckets facts by its name.
        course: The course, when known.
        activity: The activity, when known.
        process: Whether the platform should process the event into facts.
    """

    id: str
    type: Literal["TimebackActivityContext"] = "TimebackActivityContext"
    subject: str
    app: AppRef
    course: CourseRef | None = None
    activity: ActivityRef | None = None
    process: bool | None = None
    extensions: Extensions | None = None


class TimebackActivityMetric(CaliperModel):
    """One activity metric: ``type`` is ``xpEarned``, ``totalQuestions``, ``correctQuestions``
    or ``masteredUnits``; ``value`` a number."""

    type: str
    value: Number
    extensions: Extensions | None = None


class TimebackActivityMetricsCollection(CaliperModel):
    """The ``generated`` member of an ``ActivityEvent``.

    Attributes:
        id: IRI or ``urn:uuid:`` of the collection.
        items: The metrics; several may go in one collection.
        attempt: Attempt number (integer >= 1); sent by the official client, not in the
            published schema.
    """

    id: str
    type: Literal["TimebackActivityMetricsCollection"] = "TimebackActivityMetricsCollection"
    items: list[TimebackActivityMetric]
    attempt: int | None = None
    extensions: Extensions | None = None


class TimeSpentMetric(CaliperModel):
    """One time-spent metric, in seconds.

    Attributes:
        type: ``active``, ``inactive``, ``waste``, ``unknown`` or ``anti-pattern``.
        value: Seconds.
        sub_type: Free text, e.g. ``eating`` (``subType`` on the wire, never ``sub_type``).
        start_date: When the measured span started (``startDate``).
        end_date: When it ended (``endDate``).
    """

    type: str
    value: Number
    sub_type: str | None = None
    start_date: CaliperDateTime | None = None
    end_date: CaliperDateTime | None = None
    extensions: Extensions | None = None


class TimebackTimeSpentMetricsCollection(CaliperModel):
    """The ``generated`` member of a ``TimeSpentEvent``."""

    id: str
    type: Literal["TimebackTimeSpentMetricsCollection"] = "TimebackTimeSpentMetricsCollection"
    items: list[TimeSpentMetric]
    extensions: Extensions | None = None


# --- Assessment and grading --------------------------------------------------------------------


def format_duration(value: object) -> object:
    """Turn a `timedelta` into an ISO 8601 duration (``PT50M30S``); pass anything else through."""
    if not isinstance(value, timedelta):
        return value
    total = value.total_seconds()
    if total < 0:
        raise ValueError("a duration cannot be negative")
    whole = int(total)
    hours, rest = divmod(whole, 3600)
    minutes, seconds = divmod(rest, 60)
    fraction = round(total - whole, 3)
    sec = f"{seconds + fraction:.3f}".rstrip("0").rstrip(".") if fraction else str(seconds)
    out = "PT"
    if hours:
        out += f"{hours}H"
    if minutes:
        out += f"{minutes}M"
    if seconds or fraction or out == "PT":
        out += f"{sec}S"
    return out


IsoDuration = Annotated[str, BeforeValidator(format_duration)]
"""An ISO 8601 duration string; a `timedelta` is converted."""


class AssessmentItem(CaliperEntity):
    """A question (Caliper ``AssessmentItem``), the object of ``AssessmentItemEvent``."""

    type: Literal["AssessmentItem"] = "AssessmentItem"
    is_part_of: str | CaliperEntity | None = None
    max_score: Number | None = None
    max_attempts: int | None = None
    max_submits: int | None = None
    is_time_dependent: bool | None = None


class Attempt(CaliperEntity):
    """An attempt at an assignable resource (question, assessment).

    Attributes:
        assignee: The learner (IRI or entity).
        assignable: The resource attempted (IRI or entity).
        count: The attempt number, counting this one.
        duration: ISO 8601 duration (a `timedelta` is converted), e.g. ``PT50M30S``.
    """

    type: Literal["Attempt"] = "Attempt"
    assignee: str | CaliperEntity | None = None
    assignable: str | CaliperEntity | None = None
    count: int | None = None
    started_at_time: CaliperDateTime | None = None
    ended_at_time: CaliperDateTime | None = None
    duration: IsoDuration | None = None


class Response(CaliperEntity):
    """What the learner answered (the ``generated`` member of a completed question)."""

    type: str = "Response"
    attempt: str | Attempt | CaliperEntity | None = None
    started_at_time: CaliperDateTime | None = None
    ended_at_time: CaliperDateTime | None = None
    duration: IsoDuration | None = None


class Score(CaliperEntity):
    """The ``generated`` member of a ``GradeEvent``.

    Attributes:
        attempt: The attempt scored (IRI or `Attempt`); required by Caliper.
        scored_by: The agent who scored it (IRI or entity); required by Caliper.
        score_given: The score awarded.
        max_score: The maximum score.
        score_type: Timeback addition (``QUESTION_RESULT`` for question grades), not Caliper.
    """

    type: Literal["Score"] = "Score"
    attempt: str | Attempt | CaliperEntity | None = None
    scored_by: str | CaliperEntity | None = None
    score_given: Number | None = None
    max_score: Number | None = None
    comment: str | None = None
    score_type: str | None = None


# --- Dispatch -----------------------------------------------------------------------------------

# Tags carry a prefix so that they can be told apart from member names in error locations.
TAG_PREFIX = "tag:"

_ENTITY_TAGS = {
    "TimebackUser": "tag:TimebackUser",
    "TimebackActivityContext": "tag:TimebackActivityContext",
    "TimebackActivityMetricsCollection": "tag:TimebackActivityMetricsCollection",
    "TimebackTimeSpentMetricsCollection": "tag:TimebackTimeSpentMetricsCollection",
    "AssessmentItem": "tag:AssessmentItem",
    "Attempt": "tag:Attempt",
    "Score": "tag:Score",
    "Response": "tag:Response",
}


def entity_tag(value: Any) -> str:
    """Which model a member value is parsed into: an IRI string, or an entity by its ``type``."""
    if isinstance(value, str):
        return "tag:iri"
    kind = value.get("type") if isinstance(value, dict) else getattr(value, "type", None)
    return _ENTITY_TAGS.get(kind, "tag:entity") if isinstance(kind, str) else "tag:entity"


TaggedEntity: TypeAlias = (
    Annotated[TimebackUser, Tag("tag:TimebackUser")]
    | Annotated[TimebackActivityContext, Tag("tag:TimebackActivityContext")]
    | Annotated[TimebackActivityMetricsCollection, Tag("tag:TimebackActivityMetricsCollection")]
    | Annotated[TimebackTimeSpentMetricsCollection, Tag("tag:TimebackTimeSpentMetricsCollection")]
    | Annotated[AssessmentItem, Tag("tag:AssessmentItem")]
    | Annotated[Attempt, Tag("tag:Attempt")]
    | Annotated[Score, Tag("tag:Score")]
    | Annotated[Response, Tag("tag:Response")]
    | Annotated[CaliperEntity, Tag("tag:entity")]
)
"""The entity models, each tagged as `entity_tag` names it (the generic entity last)."""

EntityRef = Annotated[Annotated[str, Tag("tag:iri")] | TaggedEntity, Discriminator(entity_tag)]
"""An event member (actor, object, generated, ...): an IRI string or an entity model."""
