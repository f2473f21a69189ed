"""Building and encoding envelopes.

The client sends the bytes of `encode_envelope` (with ``Content-Type: application/json``) rather
than letting the HTTP library serialise the dict: the encoding is then exactly the one whose size
`timeback_caliper._batching` measured when splitting a batch.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from timeback_common import ErrorIssue, InputValidationError, short_repr

from ._models import CALIPER_DATA_VERSION, CaliperModel, format_caliper_time, is_iri, utc_now

__all__ = ["build_envelope", "compact_json", "encode_envelope", "encode_json", "encoded_size"]


def encoded_size(value: object) -> int:
    """Size in bytes of ``value`` encoded as `encode_envelope` encodes (compact UTF-8 JSON)."""
    return len(compact_json(value))


def compact_json(value: object) -> bytes:
    """``value`` as compact UTF-8 JSON: the one encoding of everything Caliper sends.

    Sizes measured with it are the sizes `timeback_caliper._batching.plan_batches` counts, and
    the events the buffered sender splices into an envelope are encoded with it too.

    Raises:
        TypeError: A value JSON cannot represent.
        ValueError: NaN or infinity.
    """
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()


def encode_envelope(envelope: Mapping[str, Any]) -> bytes:
    """The request body for an envelope: compact UTF-8 JSON.

    Raises:
        InputValidationError: The envelope holds a value JSON cannot represent (NaN, infinity,
            an object of an unknown type).
    """
    return encode_json(envelope, "Caliper envelope")


def encode_json(value: Mapping[str, Any], what: str) -> bytes:
    """``value`` as compact UTF-8 JSON; ``what`` names it in the error.

    Raises:
        InputValidationError: ``value`` holds a value JSON cannot represent.
    """
    try:
        return compact_json(value)
    except (TypeError, ValueError) as exc:
        raise InputValidationError(
            f"{what} cannot be encoded as JSON: {exc}",
            issues=[ErrorIssue(str(exc), path="data")],
        ) from None


def _check_sensor(sensor: object) -> str:
    if not isinstance(sensor, str) or not is_iri(sensor):
        raise InputValidationError(
            f"sensor must be the IRI of the sending application, not {short_repr(sensor)}",
            issues=[
                ErrorIssue("must be an IRI such as https://reading.example.com", path="sensor")
            ],
        )
    return sensor


def build_envelope(
    data: Sequence[CaliperModel | Mapping[str, Any]],
    *,
    sensor: str,
    send_time: datetime | None = None,
) -> dict[str, Any]:
    """The wire envelope for already-validated events and entities.

    Args:
        data: The items, as models or wire dicts (see ``validate_data``); at least one.
        sensor: IRI of the sending application, e.g. ``https://reading.example.com``.
        send_time: Defaults to now; written as UTC with milliseconds and ``Z``.

    Returns:
        ``{"sensor", "sendTime", "dataVersion", "data"}`` ready for `encode_envelope`.

    Raises:
        InputValidationError: ``sensor`` is not an IRI, or ``data`` is empty.
    """
    _check_sensor(sensor)
    if not data:
        raise InputValidationError(
            "a Caliper envelope needs at least one event",
            issues=[ErrorIssue("must contain at least one event or entity", path="data")],
        )
    return {
        "sensor": sensor,
        "sendTime": format_caliper_time(send_time if send_time is not None else utc_now()),
        "dataVersion": CALIPER_DATA_VERSION,
        "data": [item.to_wire() if isinstance(item, CaliperModel) else dict(item) for item in data],
    }
