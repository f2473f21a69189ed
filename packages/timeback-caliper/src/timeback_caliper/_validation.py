"""Client-side validation of Caliper events and envelopes, before anything is sent.

Two layers:

* ``find_event_issues`` / ``find_envelope_issues`` check a wire dict exactly as given and return
  every problem, in the platform's order of checks (envelope members -> ``dataVersion`` ->
  each item: event or entity -> ``id`` pattern -> ``profile`` known -> (``type``, ``action``)
  allowed for the profile -> required members -> Timeback entity schemas). The rules come from
  the table in `timeback_caliper._profiles`.
* ``validate_event`` / ``validate_data`` / ``validate_envelope`` accept models or dicts, apply the
  two normalisations the SDK always performs on what it sends (a missing ``@context`` is added;
  ``None`` members are dropped, since Caliper has no nullable members), run the checks, and
  either return typed models or raise one `InputValidationError` carrying one `ErrorIssue` per
  problem, each with a path such as ``data[3].action`` or ``data[0].actor.email``.

Dicts must have the wire shape (camelCase members, ``@context``); snake_case members are
reported with the camelCase spelling to use. ``subject`` values
outside the six published ones but among the four the platform also accepts are sent, with a
`NonStandardSubjectWarning`.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeAlias

from pydantic import ValidationError
from pydantic.alias_generators import to_camel

from timeback_common import ErrorIssue, InputValidationError

from ._models import (
    CALIPER_CONTEXT,
    CALIPER_DATA_VERSION,
    ENTITY_MEMBERS_OF_EVENT,
    EVENT_MEMBERS,
    ActivityEvent,
    AssessmentItem,
    AssessmentItemEvent,
    Attempt,
    CaliperData,
    CaliperEntity,
    CaliperEnvelope,
    CaliperEvent,
    CaliperModel,
    GradeEvent,
    Response,
    Score,
    TimebackActivityContext,
    TimebackActivityMetricsCollection,
    TimebackTimeSpentMetricsCollection,
    TimebackUser,
    TimeSpentEvent,
    is_event_like,
    is_iri,
    parse_caliper_time,
)
from ._models._event import data_tag
from ._profiles import (
    BASE_REQUIRED_MEMBERS,
    KNOWN_PROFILES,
    PROFILES,
    PUBLISHED_SUBJECTS,
    SUBJECTS,
    TIMEBACK_PROFILE,
    EventRule,
    MemberRule,
    event_rule,
    profiles_for_type,
)

__all__ = [
    "ENTITY_MEMBERS",
    "EnvelopeLike",
    "EventLike",
    "NonStandardSubjectWarning",
    "find_envelope_issues",
    "find_event_issues",
    "issues_from_validation_error",
    "validate_data",
    "validate_envelope",
    "validate_event",
]

EventLike = CaliperModel | Mapping[str, Any]
"""An event or entity given as a model or as a wire-shaped dict."""

EnvelopeLike = CaliperEnvelope | Mapping[str, Any]

ENTITY_MEMBERS = frozenset(
    {
        "@context",
        "id",
        "type",
        "name",
        "description",
        "dateCreated",
        "dateModified",
        "extensions",
        "otherIdentifiers",
    }
)
"""Members the generic ``Entity`` schema allows for an entity sent on its own in ``data``."""

_TIMEBACK_USER_MEMBERS = frozenset({"id", "type", "email", "name", "role", "extensions"})
_TIMEBACK_ROLES = ("student", "teacher", "admin", "guide")
_ACTIVITY_METRIC_TYPES = ("xpEarned", "totalQuestions", "correctQuestions", "masteredUnits")
_TIME_SPENT_METRIC_TYPES = ("active", "inactive", "waste", "unknown", "anti-pattern")
_SNAKE_METRIC_MEMBERS = {"sub_type": "subType", "start_date": "startDate", "end_date": "endDate"}

_EVENT_ID = re.compile(
    r"^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")


class NonStandardSubjectWarning(UserWarning):
    """A ``subject`` the platform accepts but the published schemas do not list was sent."""


# --- paths and the issue collector --------------------------------------------------------------


_Path: TypeAlias = "str | tuple[_Path, str | int]"
"""Where a value is: a path string, or (its parent's path, its key). A valid event is checked
without building any path string; the string is spelled out only for an issue."""


def _at(path: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def _spelled(path: _Path) -> str:
    if isinstance(path, str):
        return path
    parent, key = path
    return _at(_spelled(parent), key)


class _Issues:
    __slots__ = ("items",)

    def __init__(self) -> None:
        self.items: list[ErrorIssue] = []

    def add(self, path: _Path, message: str) -> None:
        self.items.append(ErrorIssue(message, path=_spelled(path) or None))


_MAPPING = (dict, Mapping)
"""What an object is checked against: ``dict`` first, since the abstract check is slow."""


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, _MAPPING):
        return "an object"
    if isinstance(value, (list, tuple)):
        return "an array"
    return type(value).__name__


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _absent(out: _Issues, path: _Path, value: object, required: bool) -> bool:
    """Whether ``value`` is absent (None); a required one is reported missing."""
    if value is None and required:
        out.add(path, "is required")
    return value is None


def _check_iri(out: _Issues, path: _Path, value: object, *, required: bool = True) -> None:
    if _absent(out, path, value, required):
        return
    if not isinstance(value, str):
        out.add(path, f"must be an IRI string, not {_describe(value)}")
    elif not is_iri(value):
        out.add(path, f"{value!r} is not an IRI (expected e.g. https://example.com/things/1)")


def _check_string(out: _Issues, path: _Path, value: object, *, required: bool = False) -> None:
    if _absent(out, path, value, required):
        return
    if not isinstance(value, str):
        out.add(path, f"must be a string, not {_describe(value)}")
    elif required and not value.strip():
        out.add(path, "must not be empty")


def _check_object(out: _Issues, path: _Path, value: object) -> None:
    if value is not None and not isinstance(value, _MAPPING):
        out.add(path, f"must be an object, not {_describe(value)}")


def _check_time(out: _Issues, path: _Path, value: object, *, required: bool = False) -> None:
    if _absent(out, path, value, required):
        return
    try:
        parse_caliper_time(value)
    except ValueError as exc:
        out.add(path, str(exc))


def _check_enum(out: _Issues, path: _Path, value: object, allowed: Sequence[str]) -> None:
    if not isinstance(value, str):
        out.add(path, f"must be a string, not {_describe(value)}")
    elif value not in allowed:
        out.add(path, f"{value!r} is not one of: {', '.join(allowed)}")


def _camel_hint(key: str, allowed: Iterable[str]) -> str:
    camel = to_camel(key)
    if camel != key and camel in allowed:
        return f"; use {camel!r} (members are camelCase on the wire)"
    return ""


# --- events -------------------------------------------------------------------------------------


def find_event_issues(event: object, path: str = "") -> list[ErrorIssue]:
    """Check one wire-shaped event (or entity) exactly as given; return every problem found.

    Args:
        event: The item as it would be serialised (camelCase members, ``@context``).
        path: Prefix for issue paths, e.g. ``data[3]``.

    Returns:
        One `ErrorIssue` per problem, in the platform's order of checks; empty when valid.
    """
    out = _Issues()
    _check_item(out, path, event)
    return out.items


def _check_item(out: _Issues, path: _Path, item: object) -> None:
    if not isinstance(item, _MAPPING):
        out.add(path, f"must be an event or entity object, not {_describe(item)}")
        return
    if is_event_like(item if isinstance(item, dict) else dict(item)):
        _check_event(out, path, item)
    else:
        _check_entity(out, path, item)


def _check_entity(out: _Issues, path: _Path, entity: Mapping[str, Any]) -> None:
    _check_iri(out, (path, "id"), entity.get("id"))
    _check_string(out, (path, "type"), entity.get("type"), required=True)
    for key in entity:
        if key not in ENTITY_MEMBERS:
            out.add(
                (path, key),
                "unknown member; an entity sent on its own may carry only "
                + ", ".join(sorted(ENTITY_MEMBERS))
                + _camel_hint(key, ENTITY_MEMBERS),
            )


def _check_event(out: _Issues, path: _Path, event: Mapping[str, Any]) -> None:
    # 1. id pattern
    event_id = event.get("id")
    if event_id is None:
        out.add((path, "id"), "is required (urn:uuid:<uuid4>)")
    elif not isinstance(event_id, str) or not _EVENT_ID.match(event_id):
        out.add(
            (path, "id"), f"{event_id!r} is not urn:uuid:<uuid> (e.g. urn:uuid:{_EXAMPLE_UUID})"
        )

    # 2. profile known
    profile = event.get("profile")
    event_type = event.get("type")
    profile_ok = False
    if profile is None:
        hint = ""
        if isinstance(event_type, str) and profiles_for_type(event_type):
            hint = f" (e.g. {profiles_for_type(event_type)[0]} for {event_type})"
        out.add((path, "profile"), f"is required{hint}")
    elif not isinstance(profile, str) or profile not in KNOWN_PROFILES:
        out.add(
            (path, "profile"),
            f"{profile!r} is not a known profile; expected one of: "
            + ", ".join(sorted(KNOWN_PROFILES)),
        )
    else:
        profile_ok = True

    # 3. (type, action) allowed for the profile
    rule = None
    action = event.get("action")
    if event_type is None:
        out.add((path, "type"), "is required")
    elif not isinstance(event_type, str):
        out.add((path, "type"), f"must be a string, not {_describe(event_type)}")
    elif profile_ok:
        rule = event_rule(str(profile), event_type)
        if rule is None:
            allowed_types = ", ".join(PROFILES[str(profile)])
            elsewhere = profiles_for_type(event_type)
            where = f"; {event_type} belongs to {', '.join(elsewhere)}" if elsewhere else ""
            out.add(
                (path, "type"),
                f"{event_type!r} is not an event type of {profile}"
                f" (allowed: {allowed_types}){where}",
            )
    if action is None:
        out.add((path, "action"), "is required")
    elif not isinstance(action, str) or not action:
        out.add((path, "action"), f"must be a non-empty string, not {_describe(action)}")
    elif rule is not None and rule.actions is not None and action not in rule.actions:
        out.add(
            (path, "action"),
            f"{action!r} is not allowed for {event_type} in {profile}"
            f" (allowed: {', '.join(sorted(rule.actions))})",
        )

    # 4. required members for that type
    required = _OTHER_BASE_MEMBERS if rule is None else _required_members(rule)
    for member in required:
        if event.get(member) is None:
            out.add((path, member), f"is required for {event_type}" if rule else "is required")

    # Values of the base members.
    context = event.get("@context")
    if context is not None and context != CALIPER_CONTEXT:
        out.add((path, "@context"), f"must be {CALIPER_CONTEXT!r}, not {context!r}")
    if event.get("eventTime") is not None:
        _check_time(out, (path, "eventTime"), event.get("eventTime"))
    _check_object(out, (path, "extensions"), event.get("extensions"))

    member_rules: Mapping[str, MemberRule] = rule.members if rule else {}
    if rule is not None and isinstance(action, str) and action in rule.action_members:
        member_rules = {**member_rules, **rule.action_members[action]}
    timeback = rule is not None and profile == TIMEBACK_PROFILE
    for member in sorted(
        _ENTITY_MEMBER_SET.intersection(event), key=_ENTITY_MEMBER_ORDER.__getitem__
    ):
        value = event[member]
        if value is None:
            continue
        member_path = (path, member)
        member_rule = member_rules.get(member)
        if isinstance(value, str):
            if member_rule is not None and member_rule.object_only:
                kinds = " or ".join(sorted(member_rule.types))
                out.add(member_path, f"must be a {kinds} object, not an IRI string")
            else:
                _check_iri(out, member_path, value)
        elif isinstance(value, _MAPPING):
            kind = value.get("type")
            if member_rule is not None and member_rule.types and kind not in member_rule.types:
                kinds = " or ".join(repr(t) for t in sorted(member_rule.types))
                out.add((member_path, "type"), f"must be {kinds}, not {kind!r}")
            elif not (timeback and member in member_rules):
                # Timeback entities get their full schema check below.
                _check_iri(out, (member_path, "id"), value.get("id"))
                _check_string(out, (member_path, "type"), kind, required=True)
        else:
            out.add(
                member_path, f"must be an IRI string or an entity object, not {_describe(value)}"
            )

    # Unknown members: every Caliper event schema sets additionalProperties: false.
    for key in () if event.keys() <= EVENT_MEMBERS else event:
        if key not in EVENT_MEMBERS:
            out.add(
                (path, key),
                "unknown member; Caliper events do not allow it (put custom data in extensions)"
                + _camel_hint(key, EVENT_MEMBERS),
            )

    # 5. Timeback entity schemas
    if timeback:
        actor, obj, generated = event.get("actor"), event.get("object"), event.get("generated")
        if isinstance(actor, _MAPPING) and actor.get("type") == "TimebackUser":
            _check_timeback_user(out, (path, "actor"), actor)
        if isinstance(obj, _MAPPING) and obj.get("type") == "TimebackActivityContext":
            _check_activity_context(out, (path, "object"), obj)
        # Only the collection the event type calls for; a wrong one was reported above.
        expected = (
            "TimebackTimeSpentMetricsCollection"
            if event_type == "TimeSpentEvent"
            else "TimebackActivityMetricsCollection"
        )
        if isinstance(generated, _MAPPING) and generated.get("type") == expected:
            _check_collection(
                out,
                (path, "generated"),
                generated,
                time_spent=event_type == "TimeSpentEvent",
            )


_EXAMPLE_UUID = "c51570e4-f8ed-4c18-bb3a-dfe51b2cc594"

_ENTITY_MEMBER_ORDER = {member: index for index, member in enumerate(ENTITY_MEMBERS_OF_EVENT)}
_ENTITY_MEMBER_SET = frozenset(ENTITY_MEMBERS_OF_EVENT)

_OTHER_BASE_MEMBERS = tuple(
    m for m in BASE_REQUIRED_MEMBERS if m not in ("id", "type", "profile", "action")
)
"""The base members not checked one by one above (``actor``, ``object``, ``eventTime``)."""

_REQUIRED_BY_RULE: dict[int, tuple[str, ...]] = {}
"""Required members per `EventRule` (keyed by identity: the rules are module constants)."""


def _required_members(rule: EventRule) -> tuple[str, ...]:
    """The members an event under ``rule`` must carry, in the order they are reported."""
    required = _REQUIRED_BY_RULE.get(id(rule))
    if required is None:
        context = ("@context",) if rule.context_required else ()
        required = _OTHER_BASE_MEMBERS + rule.required + context
        _REQUIRED_BY_RULE[id(rule)] = required
    return required


def _check_timeback_user(out: _Issues, path: _Path, user: Mapping[str, Any]) -> None:
    _check_iri(out, (path, "id"), user.get("id"))
    email = user.get("email")
    if email is None:
        out.add((path, "email"), "is required on a TimebackUser")
    elif not isinstance(email, str) or not _EMAIL.match(email):
        out.add((path, "email"), f"{email!r} is not an e-mail address")
    _check_string(out, (path, "name"), user.get("name"))
    if user.get("role") is not None:
        _check_enum(out, (path, "role"), user.get("role"), _TIMEBACK_ROLES)
    _check_object(out, (path, "extensions"), user.get("extensions"))
    for key in user:
        if key not in _TIMEBACK_USER_MEMBERS:
            out.add(
                (path, key),
                "unknown member; a TimebackUser may carry only id, type, email, name, role and"
                " extensions (put anything else in extensions)",
            )


def _check_named_ref(out: _Issues, path: _Path, value: object, *, required: bool) -> None:
    if _absent(out, path, value, required):
        return
    if not isinstance(value, _MAPPING):
        out.add(path, f"must be an object with a name, not {_describe(value)}")
        return
    _check_string(out, (path, "name"), value.get("name"), required=True)
    _check_iri(out, (path, "id"), value.get("id"), required=False)
    _check_object(out, (path, "extensions"), value.get("extensions"))


def _check_activity_context(out: _Issues, path: _Path, context: Mapping[str, Any]) -> None:
    _check_iri(out, (path, "id"), context.get("id"))
    subject = context.get("subject")
    subject_path = (path, "subject")
    if subject is None:
        out.add(subject_path, "is required")
    elif not isinstance(subject, str) or subject not in SUBJECTS:
        out.add(
            subject_path,
            f"{subject!r} is not a subject the platform accepts; expected one of: "
            + ", ".join(sorted(SUBJECTS)),
        )
    elif subject not in PUBLISHED_SUBJECTS:
        # The message names the subject but not the path, so that the default warning filter
        # reports each subject once rather than once per event of a batch.
        warnings.warn(
            f"subject {subject!r} is accepted by the platform but is not one of the published"
            f" subjects ({', '.join(sorted(PUBLISHED_SUBJECTS))})",
            NonStandardSubjectWarning,
            stacklevel=2,
        )
    _check_named_ref(out, (path, "app"), context.get("app"), required=True)
    _check_named_ref(out, (path, "course"), context.get("course"), required=False)
    _check_named_ref(out, (path, "activity"), context.get("activity"), required=False)
    process = context.get("process")
    if process is not None and not isinstance(process, bool):
        out.add((path, "process"), f"must be a boolean, not {_describe(process)}")
    _check_object(out, (path, "extensions"), context.get("extensions"))


def _check_collection(
    out: _Issues, path: _Path, collection: Mapping[str, Any], *, time_spent: bool
) -> None:
    _check_iri(out, (path, "id"), collection.get("id"))
    _check_object(out, (path, "extensions"), collection.get("extensions"))
    if not time_spent and collection.get("attempt") is not None:
        attempt = collection.get("attempt")
        if isinstance(attempt, bool) or not isinstance(attempt, int) or attempt < 1:
            out.add((path, "attempt"), f"must be an integer >= 1, not {attempt!r}")
    items = collection.get("items")
    items_path = (path, "items")
    if items is None:
        out.add(items_path, "is required")
        return
    if not isinstance(items, (list, tuple)):
        out.add(items_path, f"must be an array, not {_describe(items)}")
        return
    allowed = _TIME_SPENT_METRIC_TYPES if time_spent else _ACTIVITY_METRIC_TYPES
    for index, metric in enumerate(items):
        metric_path = (items_path, index)
        if not isinstance(metric, _MAPPING):
            out.add(metric_path, f"must be a metric object, not {_describe(metric)}")
            continue
        if metric.get("type") is None:
            out.add((metric_path, "type"), f"is required (one of: {', '.join(allowed)})")
        else:
            _check_enum(out, (metric_path, "type"), metric.get("type"), allowed)
        value = metric.get("value")
        if value is None:
            out.add((metric_path, "value"), "is required")
        elif not _is_number(value):
            out.add((metric_path, "value"), f"must be a finite number, not {_describe(value)}")
        _check_object(out, (metric_path, "extensions"), metric.get("extensions"))
        if time_spent:
            _check_string(out, (metric_path, "subType"), metric.get("subType"))
            _check_time(out, (metric_path, "startDate"), metric.get("startDate"))
            _check_time(out, (metric_path, "endDate"), metric.get("endDate"))
            start, end = metric.get("startDate"), metric.get("endDate")
            if start is not None and end is not None:
                try:
                    if parse_caliper_time(end) < parse_caliper_time(start):
                        out.add((metric_path, "endDate"), "is before startDate")
                except ValueError:
                    pass  # already reported above
            for snake, camel in _SNAKE_METRIC_MEMBERS.items():
                if snake in metric:
                    out.add(
                        (metric_path, snake),
                        f"use {camel!r}: members are camelCase on the wire (the platform would"
                        " silently ignore this one)",
                    )


# --- envelopes ----------------------------------------------------------------------------------


def find_envelope_issues(envelope: object) -> list[ErrorIssue]:
    """Check a wire-shaped envelope exactly as given; return every problem found.

    Returns:
        One `ErrorIssue` per problem (paths ``sensor``, ``dataVersion``, ``data[3].action``...),
        in the platform's order of checks; empty when valid.
    """
    out = _Issues()
    if not isinstance(envelope, _MAPPING):
        out.add("", f"an envelope must be an object, not {_describe(envelope)}")
        return out.items
    _check_envelope_members(out, envelope)
    data = envelope.get("data")
    if isinstance(data, (list, tuple)):
        for index, item in enumerate(data):
            _check_item(out, ("data", index), item)
    return out.items


def _check_envelope_members(out: _Issues, envelope: Mapping[str, Any]) -> None:
    _check_iri(out, "sensor", envelope.get("sensor"))
    _check_time(out, "sendTime", envelope.get("sendTime"), required=True)
    data = envelope.get("data")
    if data is None:
        out.add("data", "is required")
    elif not isinstance(data, (list, tuple)):
        out.add("data", f"must be an array of events or entities, not {_describe(data)}")
    elif not data:
        out.add("data", "must contain at least one event or entity")
    version = envelope.get("dataVersion")
    if version is None:
        out.add("dataVersion", f"is required ({CALIPER_DATA_VERSION})")
    elif version != CALIPER_DATA_VERSION:
        out.add("dataVersion", f"must be {CALIPER_DATA_VERSION!r}, not {version!r}")


# --- models and dicts in, models out -----------------------------------------------------------

_CLASS_BY_TAG: dict[str, type[CaliperModel]] = {
    "tag:ActivityEvent": ActivityEvent,
    "tag:TimeSpentEvent": TimeSpentEvent,
    "tag:AssessmentItemEvent": AssessmentItemEvent,
    "tag:GradeEvent": GradeEvent,
    "tag:event": CaliperEvent,
    "tag:TimebackUser": TimebackUser,
    "tag:TimebackActivityContext": TimebackActivityContext,
    "tag:TimebackActivityMetricsCollection": TimebackActivityMetricsCollection,
    "tag:TimebackTimeSpentMetricsCollection": TimebackTimeSpentMetricsCollection,
    "tag:AssessmentItem": AssessmentItem,
    "tag:Attempt": Attempt,
    "tag:Score": Score,
    "tag:Response": Response,
    "tag:entity": CaliperEntity,
}


def issues_from_validation_error(exc: ValidationError, path: str = "") -> list[ErrorIssue]:
    """Turn a pydantic `ValidationError` into issues whose paths use wire names."""
    issues: list[ErrorIssue] = []
    for error in exc.errors():
        where = path
        for part in error["loc"]:
            if isinstance(part, int) or (not part.startswith("tag:") and "[" not in part):
                where = _at(where, part)
        issues.append(ErrorIssue(error["msg"], path=where or None))
    return issues


def _normalised(item: Mapping[str, Any]) -> dict[str, Any]:
    wire = {key: value for key, value in item.items() if value is not None}
    if "@context" not in wire and is_event_like(wire):
        wire["@context"] = CALIPER_CONTEXT
    return wire


def _prepare(item: object, path: str) -> tuple[CaliperData | None, list[ErrorIssue]]:
    """Check one item; return its model (``None`` on failure) and its issues."""
    if isinstance(item, CaliperModel):
        issues = find_event_issues(item.to_wire(), path)
        return (None if issues else item), issues  # type: ignore[return-value]
    if not isinstance(item, _MAPPING):
        return None, [
            ErrorIssue(
                f"must be a Caliper model or a dict, not {_describe(item)}", path=path or None
            )
        ]
    wire = _normalised(item)
    issues = find_event_issues(wire, path)
    if issues:
        return None, issues
    model_class = _CLASS_BY_TAG[data_tag(wire)]
    try:
        return model_class.model_validate(wire), []  # type: ignore[return-value]
    except ValidationError as exc:  # the checks above should have caught it; keep the paths
        return None, issues_from_validation_error(exc, path)


def _raise(what: str, issues: Sequence[ErrorIssue]) -> InputValidationError:
    shown = "; ".join(str(issue) for issue in issues[:3])
    more = f" (and {len(issues) - 3} more)" if len(issues) > 3 else ""
    count = f"{len(issues)} problem{'s' if len(issues) != 1 else ''}"
    return InputValidationError(f"Invalid Caliper {what}, {count}: {shown}{more}", issues=issues)


def validate_event(event: EventLike, *, path: str = "") -> CaliperData:
    """Validate one event (or entity) before sending and return it as a model.

    Args:
        event: A model, or a dict of the wire shape. A missing ``@context`` is added and
            ``None`` members are dropped.
        path: Prefix for issue paths (e.g. ``data[3]``).

    Returns:
        The typed model: `ActivityEvent`, `TimeSpentEvent`, `AssessmentItemEvent`, `GradeEvent`,
        a generic `CaliperEvent`, or an entity model.

    Raises:
        InputValidationError: The event breaks a rule; ``issues`` lists every problem.

    Example:
        >>> validate_event({"id": "urn:uuid:...", "type": "ActivityEvent", ...})
    """
    model, issues = _prepare(event, path)
    if issues or model is None:
        raise _raise("event", issues)
    return model


def validate_data(items: Iterable[EventLike], *, path: str = "data") -> list[CaliperData]:
    """Validate a sequence of events and entities, reporting every problem of every item.

    Args:
        items: Models or wire-shaped dicts, in sending order.
        path: Prefix for issue paths; item ``i`` is reported as ``data[i]``.

    Returns:
        The items as typed models, in the same order.

    Raises:
        InputValidationError: At least one item is invalid (or there are none); ``issues`` has
            one entry per problem, e.g. ``data[3].action``.
    """
    models: list[CaliperData] = []
    issues: list[ErrorIssue] = []
    for index, item in enumerate(items):
        model, found = _prepare(item, _at(path, index))
        issues.extend(found)
        if model is not None:
            models.append(model)
    if not models and not issues:
        issues.append(ErrorIssue("at least one event is required", path=path))
    if issues:
        raise _raise("events", issues)
    return models


def validate_envelope(envelope: EnvelopeLike) -> CaliperEnvelope:
    """Validate a whole envelope before sending and return it as a model.

    Envelope members are checked as given (a missing ``dataVersion`` is an error); the items of
    ``data`` are normalised as in `validate_event`.

    Args:
        envelope: A `CaliperEnvelope` or a dict of the wire shape.

    Returns:
        The envelope as a model whose ``data`` items are typed.

    Raises:
        InputValidationError: With one issue per problem, paths like ``data[3].action``.
    """
    if isinstance(envelope, CaliperEnvelope):
        issues = find_envelope_issues(envelope.to_wire())
        if issues:
            raise _raise("envelope", issues)
        return envelope
    if not isinstance(envelope, _MAPPING):
        raise _raise(
            "envelope", [ErrorIssue(f"an envelope must be an object, not {_describe(envelope)}")]
        )
    out = _Issues()
    _check_envelope_members(out, envelope)
    issues = list(out.items)
    models: list[CaliperData] = []
    data = envelope.get("data")
    if isinstance(data, (list, tuple)):
        for index, item in enumerate(data):
            model, found = _prepare(item, _at("data", index))
            issues.extend(found)
            if model is not None:
                models.append(model)
    if issues:
        raise _raise("envelope", issues)
    wire = {key: value for key, value in envelope.items() if key != "data" and value is not None}
    try:
        return CaliperEnvelope.model_validate({**wire, "data": models})
    except ValidationError as exc:
        raise _raise("envelope", issues_from_validation_error(exc)) from None
