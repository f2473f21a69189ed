"""Rewriting Timeback-profile events for the LearnWith.AI platform.

LearnWith.AI (``platform.timeback.com``) takes Caliper at ``POST /caliper/v1p2`` and does not
know the Timeback profile, so every event is rewritten before sending. The client MUST choose
this by the configured platform, never by a separate flag.

Rewrite each event *before* splitting a batch into envelopes, since the rewrite changes an
event's size: ``validate_data`` -> ``to_wire()`` -> `to_learnwith_event` -> ``split_events`` ->
``build_envelope`` -> ``encode_envelope``. `to_learnwith_envelope` is for a single envelope built
by other means.

The functions are pure: they take wire dicts (as validated and serialised by the SDK) and return
new dicts, never touching their input. Rules, each applied wherever its input appears:

====================================================  ============================================
input                                                 output
====================================================  ============================================
``profile: "TimebackProfile"``                        ``profile: "AggregationProfile"``
missing ``@context``                                  the Caliper 1.2 context
actor of type ``TimebackUser``                        ``{"type": "Person", "id": <same id>}``
object ``TimebackActivityContext`` (for ActivityEvent,  ``AssignableDigitalResource`` with ``id``,
TimeSpentEvent, AssignableEvent, ViewEvent)           ``name`` (activity name), ``isPartOf``
                                                      ``CourseOffering`` (course), and
                                                      ``extensions.app`` ``SoftwareApplication``;
                                                      ``subject`` dropped
``TimebackActivityMetricsCollection``                 ``ActivityMetricsCollection`` of
                                                      ``ActivityMetric`` items
``TimebackTimeSpentMetricsCollection``                ``TimeSpentMetricsCollection`` of
                                                      ``TimeSpentMetric`` items; ``subType``,
                                                      ``startDate``, ``endDate`` dropped
``eventTime``, ``sendTime``                           millisecond precision, ``Z``
missing ``session``                                   ``"urn:tag:auto-attach"``
====================================================  ============================================

Metric items get ``metricType`` in PascalCase (``xpEarned`` -> ``XpEarned``, ``anti-pattern`` ->
``AntiPattern``), ``metricValue``, and an ``id``. The id is a name-based ``urn:uuid:`` (UUID v5)
derived from the event id, the collection id and the item's position, so transforming the same
event twice (a retry) yields the same ids, which a random id would not.

Decisions where the LearnWith.AI schema is silent: other members of the collection (``id``,
``attempt``, ``extensions``) and of each item (``extensions``) are kept; the object's own
``extensions`` are kept beside ``app``; ``process`` is dropped with ``subject``; ``isPartOf``
carries only the members the course has. The ``@context``, ``eventTime`` and ``session`` rules apply
to every event in the envelope; entities in ``data`` pass through unchanged.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from ._models import CALIPER_CONTEXT, format_caliper_time, is_event_like, parse_caliper_time

__all__ = [
    "LEARNWITH_AUTO_SESSION",
    "to_learnwith_envelope",
    "to_learnwith_event",
]

LEARNWITH_AUTO_SESSION = "urn:tag:auto-attach"
"""The ``session`` LearnWith.AI events carry when the event has none."""

_CONTEXT_OBJECT_EVENT_TYPES = frozenset(
    {"ActivityEvent", "TimeSpentEvent", "AssignableEvent", "ViewEvent"}
)
_COLLECTIONS = {
    "TimebackActivityMetricsCollection": ("ActivityMetricsCollection", "ActivityMetric"),
    "TimebackTimeSpentMetricsCollection": ("TimeSpentMetricsCollection", "TimeSpentMetric"),
}
_DROPPED_METRIC_MEMBERS = ("type", "value", "subType", "startDate", "endDate")


def _pascal(term: str) -> str:
    """``xpEarned`` -> ``XpEarned``; ``anti-pattern`` -> ``AntiPattern``."""
    parts = [part for part in term.replace("_", "-").split("-") if part]
    return "".join(part[:1].upper() + part[1:] for part in parts)


def _normalise_time(value: object) -> object:
    try:
        return format_caliper_time(parse_caliper_time(value))
    except ValueError:
        return value  # not ours to fix; the platform reports it


def _actor(actor: object) -> object:
    if isinstance(actor, Mapping) and actor.get("type") == "TimebackUser":
        return {"type": "Person", "id": actor.get("id")}
    return actor


def _object(obj: object, event_type: object) -> object:
    if not (
        isinstance(obj, Mapping)
        and obj.get("type") == "TimebackActivityContext"
        and event_type in _CONTEXT_OBJECT_EVENT_TYPES
    ):
        return obj
    out: dict[str, Any] = {"type": "AssignableDigitalResource", "id": obj.get("id")}
    activity = obj.get("activity")
    if isinstance(activity, Mapping) and activity.get("name") is not None:
        out["name"] = activity["name"]
    course = obj.get("course")
    if isinstance(course, Mapping):
        part_of: dict[str, Any] = {"type": "CourseOffering"}
        for key in ("id", "name"):
            if course.get(key) is not None:
                part_of[key] = course[key]
        out["isPartOf"] = part_of
    extensions: dict[str, Any] = dict(obj.get("extensions") or {})
    app = obj.get("app")
    if isinstance(app, Mapping):
        software: dict[str, Any] = {"type": "SoftwareApplication"}
        for key in ("id", "name", "extensions"):
            if app.get(key) is not None:
                software[key] = app[key]
        extensions["app"] = software
    out["extensions"] = extensions
    return out


def _generated(generated: object, event_id: object) -> object:
    if not isinstance(generated, Mapping) or generated.get("type") not in _COLLECTIONS:
        return generated
    collection_type, item_type = _COLLECTIONS[str(generated["type"])]
    out = {key: value for key, value in generated.items() if key != "items"}
    out["type"] = collection_type
    items = generated.get("items")
    if isinstance(items, list):
        out["items"] = [
            _metric(item, item_type, f"{event_id}|{generated.get('id')}|{index}")
            for index, item in enumerate(items)
        ]
    return out


def _metric(item: object, item_type: str, seed: str) -> object:
    if not isinstance(item, Mapping):
        return item
    out: dict[str, Any] = {
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed)}",
        "type": item_type,
        "metricType": _pascal(str(item.get("type", ""))),
        "metricValue": item.get("value"),
    }
    out.update((k, v) for k, v in item.items() if k not in _DROPPED_METRIC_MEMBERS)
    return out


def to_learnwith_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """Rewrite one wire event for LearnWith.AI (see the module docstring for the rules).

    Args:
        event: A wire event, e.g. ``ActivityEvent(...).to_wire()``. Not modified.

    Returns:
        A new dict; entities (non-events) come back as an unchanged copy.
    """
    if not is_event_like(dict(event)):
        return dict(event)
    out = dict(event)
    out.setdefault("@context", CALIPER_CONTEXT)
    if out.get("profile") == "TimebackProfile":
        out["profile"] = "AggregationProfile"
    if "actor" in out:
        out["actor"] = _actor(out["actor"])
    if "object" in out:
        out["object"] = _object(out["object"], out.get("type"))
    if "generated" in out:
        out["generated"] = _generated(out["generated"], out.get("id"))
    if out.get("eventTime") is not None:
        out["eventTime"] = _normalise_time(out["eventTime"])
    if out.get("session") is None:
        out["session"] = LEARNWITH_AUTO_SESSION
    return out


def to_learnwith_envelope(envelope: Mapping[str, Any]) -> dict[str, Any]:
    """Rewrite a wire envelope for ``POST /caliper/v1p2`` on LearnWith.AI.

    Args:
        envelope: A wire envelope (see ``build_envelope``). Not modified.

    Returns:
        A new envelope: ``sendTime`` normalised and every item passed through
        `to_learnwith_event`.
    """
    out = dict(envelope)
    if out.get("sendTime") is not None:
        out["sendTime"] = _normalise_time(out["sendTime"])
    data = envelope.get("data")
    if isinstance(data, list):
        out["data"] = [
            to_learnwith_event(item) if isinstance(item, Mapping) else item for item in data
        ]
    return out
