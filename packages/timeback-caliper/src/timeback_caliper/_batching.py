"""Splitting a batch of events into envelopes under an event-count and a byte-size limit.

The platform documents no maximum envelope size or event count, and
the official client never splits; a huge POST is slow to retry and risks a gateway's body limit.
So the SDK splits, greedily and in order: each envelope takes as many consecutive events as fit
under both ``max_events`` and ``max_bytes`` (the size of the envelope as `encode_envelope` writes
it). Each event is measured once. An event is never split.

An event that does not fit in an envelope *on its own* is refused with `InputValidationError`
before anything is sent (rather than sent alone over the limit): the limits then always hold, and
a batch is never half-sent because of one oversized event. Raise ``max_bytes`` if such events are
legitimate.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from timeback_common import ErrorIssue, InputValidationError

from ._envelope import _check_sensor, build_envelope, encoded_size
from ._models import CALIPER_DATA_VERSION, CaliperModel

__all__ = [
    "DEFAULT_MAX_ENVELOPE_BYTES",
    "DEFAULT_MAX_ENVELOPE_EVENTS",
    "envelope_overhead",
    "plan_batches",
    "split_events",
    "split_into_envelopes",
]

DEFAULT_MAX_ENVELOPE_EVENTS = 500
"""Default cap on events per envelope (a client choice; the platform documents none)."""

DEFAULT_MAX_ENVELOPE_BYTES = 1_000_000
"""Default cap on the encoded size of one envelope, in bytes (a client choice)."""

_SAMPLE_SEND_TIME = "2000-01-01T00:00:00.000Z"  # every sendTime the SDK writes has this length


def envelope_overhead(sensor: str) -> int:
    """Bytes of an envelope for ``sensor`` with an empty ``data`` array.

    An envelope holding events of sizes ``s1..sk`` then takes
    ``overhead + s1 + ... + sk + (k - 1)`` bytes (the commas between events).
    """
    return encoded_size(
        {
            "sensor": sensor,
            "sendTime": _SAMPLE_SEND_TIME,
            "dataVersion": CALIPER_DATA_VERSION,
            "data": [],
        }
    )


def _check_limits(max_events: int, max_bytes: int) -> None:
    issues = []
    if isinstance(max_events, bool) or not isinstance(max_events, int) or max_events < 1:
        issues.append(ErrorIssue(f"must be an integer >= 1, not {max_events!r}", path="max_events"))
    if isinstance(max_bytes, bool) or not isinstance(max_bytes, int) or max_bytes < 1:
        issues.append(ErrorIssue(f"must be an integer >= 1, not {max_bytes!r}", path="max_bytes"))
    if issues:
        raise InputValidationError("invalid envelope limits", issues=issues)


def plan_batches(
    sizes: Sequence[int], *, max_events: int, max_bytes: int, overhead: int
) -> list[range]:
    """Group consecutive items into batches under both limits (the pure core of splitting).

    Args:
        sizes: Encoded size of each item, in order.
        max_events: Most items per batch.
        max_bytes: Most bytes per batch, counting ``overhead`` and one separator between items.
        overhead: Bytes of a batch with no items.

    Returns:
        Index ranges, in order, covering every item exactly once (empty when ``sizes`` is).

    Raises:
        InputValidationError: An item does not fit in a batch on its own (path ``data[i]``),
            or a limit is not a positive integer.
    """
    _check_limits(max_events, max_bytes)
    too_big = [
        ErrorIssue(
            f"this event takes {size} bytes; with the envelope ({overhead} bytes) it exceeds"
            f" max_bytes={max_bytes} even on its own",
            path=f"data[{index}]",
        )
        for index, size in enumerate(sizes)
        if overhead + size > max_bytes
    ]
    if too_big:
        raise InputValidationError(
            f"{len(too_big)} event(s) are larger than one envelope may be (max_bytes={max_bytes})",
            issues=too_big,
        )
    batches: list[range] = []
    start = 0
    used = overhead
    for index, size in enumerate(sizes):
        count = index - start
        extra = size + (1 if count else 0)
        if count and (count >= max_events or used + extra > max_bytes):
            batches.append(range(start, index))
            start, used, extra = index, overhead, size
        used += extra
    if start < len(sizes):
        batches.append(range(start, len(sizes)))
    return batches


def split_events(
    events: Sequence[CaliperModel | Mapping[str, Any]],
    *,
    sensor: str,
    max_events: int = DEFAULT_MAX_ENVELOPE_EVENTS,
    max_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
) -> list[list[dict[str, Any]]]:
    """Split validated events into groups, one per envelope, preserving order.

    Args:
        events: Validated models or wire dicts (see ``validate_data``).
        sensor: The envelope's sensor IRI (its length counts towards ``max_bytes``).
        max_events: Most events per envelope.
        max_bytes: Most bytes per encoded envelope.

    Returns:
        The wire dicts of the events, grouped; concatenating the groups gives ``events`` back.
        Build each envelope with ``build_envelope(group, sensor=...)`` when sending it.

    Raises:
        InputValidationError: An event does not fit in an envelope alone, a limit is invalid,
            or ``sensor`` is not an IRI.
    """
    _check_sensor(sensor)
    wires = [item.to_wire() if isinstance(item, CaliperModel) else dict(item) for item in events]
    try:
        sizes = [encoded_size(wire) for wire in wires]
    except (TypeError, ValueError) as exc:
        raise InputValidationError(
            f"a Caliper event cannot be encoded as JSON: {exc}",
            issues=[ErrorIssue(str(exc), path="data")],
        ) from None
    batches = plan_batches(
        sizes, max_events=max_events, max_bytes=max_bytes, overhead=envelope_overhead(sensor)
    )
    return [[wires[index] for index in batch] for batch in batches]


def split_into_envelopes(
    events: Sequence[CaliperModel | Mapping[str, Any]],
    *,
    sensor: str,
    max_events: int = DEFAULT_MAX_ENVELOPE_EVENTS,
    max_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
    send_time: datetime | None = None,
) -> list[dict[str, Any]]:
    """Split validated events into complete envelopes under both limits.

    Args:
        events: Validated models or wire dicts.
        sensor: IRI of the sending application.
        max_events: Most events per envelope.
        max_bytes: Most bytes per envelope as `encode_envelope` writes it.
        send_time: ``sendTime`` of every envelope; default now.

    Returns:
        Wire envelopes in order; empty when ``events`` is empty.

    Raises:
        InputValidationError: As for `split_events`.
    """
    groups = split_events(events, sensor=sensor, max_events=max_events, max_bytes=max_bytes)
    return [build_envelope(group, sensor=sensor, send_time=send_time) for group in groups]
