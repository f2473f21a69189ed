"""Envelopes for the Edubridge Caliper ingest, ``POST E/caliper/event``.

This package does not depend on ``timeback-caliper`` (services never import each other), so it
takes events as plain JSON objects, or as any pydantic model (a ``timeback_caliper`` event, say),
which is written in its wire form. Pure, no I/O.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel

from timeback_common import ErrorIssue, format_utc_millis, short_repr

from ._errors import input_error
from ._models import EdubridgeModel

__all__ = [
    "CALIPER_DATA_VERSION",
    "CaliperIngestResult",
    "build_envelope",
    "check_envelope",
    "is_idempotent",
]

CALIPER_DATA_VERSION = "http://purl.imsglobal.org/ctx/caliper/v1p2"


class CaliperIngestResult(EdubridgeModel):
    """The answer of ``POST E/caliper/event``: ``{success, message}`` (other members kept).

    Multi-event envelopes are split and queued by the platform; ``success`` says they were
    accepted, not yet processed.
    """

    success: bool | None = None
    message: str | None = None


def _event_json(event: object, index: int) -> dict[str, Any]:
    if isinstance(event, BaseModel):
        to_wire = getattr(event, "to_wire", None)
        data = (
            to_wire()
            if callable(to_wire)
            else event.model_dump(mode="json", by_alias=True, exclude_none=True)
        )
        if isinstance(data, Mapping):
            return dict(data)
    elif isinstance(event, Mapping):
        return dict(event)
    message = f"must be a JSON object or a pydantic model, not {type(event).__name__}"
    raise input_error(f"events[{index}] {message}", ErrorIssue(message, path=f"events[{index}]"))


def build_envelope(
    sensor: str,
    events: Sequence[Mapping[str, Any] | BaseModel],
    *,
    send_time: dt.datetime | None = None,
) -> dict[str, Any]:
    """A Caliper envelope ``{sensor, sendTime, dataVersion, data}``.

    Args:
        sensor: IRI of the sending application, e.g. ``https://reading.example.com``.
        events: The events (or entities), as JSON objects or pydantic models.
        send_time: When the envelope is sent (aware); now by default. Sent in UTC with
            milliseconds and ``Z``.

    Returns:
        The envelope as JSON-ready data.

    Raises:
        InputValidationError: An empty sensor, no events, an event that is neither a JSON object
            nor a model, or a naive ``send_time``.
    """
    if not isinstance(sensor, str) or not sensor.strip():
        message = f"must be the sending application's IRI, not {short_repr(sensor)}"
        raise input_error(f"sensor {message}", ErrorIssue(message, path="sensor"))
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Sequence):
        message = "must be a list of events"
        raise input_error(f"events {message}", ErrorIssue(message, path="events"))
    if not events:
        message = "must hold at least one event"
        raise input_error(f"events {message}", ErrorIssue(message, path="events"))
    moment = send_time if send_time is not None else dt.datetime.now(dt.timezone.utc)
    if moment.tzinfo is None or moment.utcoffset() is None:
        message = "must be a timezone-aware datetime"
        raise input_error(f"send_time {message}", ErrorIssue(message, path="send_time"))
    return {
        "sensor": sensor,
        "sendTime": format_utc_millis(moment),
        "dataVersion": CALIPER_DATA_VERSION,
        "data": [_event_json(event, index) for index, event in enumerate(events)],
    }


def is_idempotent(envelope: Mapping[str, Any]) -> bool:
    """Whether re-sending ``envelope`` is harmless: every item carries an ``id``.

    The platform stores an event id once ("reuse the same id when re-sending
    the same event"), so such a POST may be retried like a GET.
    """
    data = envelope.get("data")
    return (
        isinstance(data, list)
        and bool(data)
        and all(isinstance(item, Mapping) and isinstance(item.get("id"), str) for item in data)
    )


def check_envelope(envelope: object) -> dict[str, Any]:
    """An envelope built elsewhere, as JSON-ready data, checked for the members Edubridge needs.

    ``dataVersion`` is optional on this endpoint; ``sensor`` and a
    non-empty ``data`` list are not.

    Raises:
        InputValidationError: Not an object, or ``sensor`` or ``data`` missing or empty.
    """
    body = _event_json(envelope, 0) if isinstance(envelope, BaseModel) else envelope
    if not isinstance(body, Mapping):
        message = f"must be a JSON object, not {type(envelope).__name__}"
        raise input_error(f"envelope {message}", ErrorIssue(message, path="envelope"))
    issues = []
    if not isinstance(body.get("sensor"), str) or not body["sensor"].strip():
        issues.append(ErrorIssue("required: the sending application's IRI", path="sensor"))
    if not isinstance(body.get("data"), list) or not body["data"]:
        issues.append(ErrorIssue("required: a list of at least one event", path="data"))
    if issues:
        raise input_error("invalid envelope: " + "; ".join(map(str, issues)), *issues)
    return dict(body)
