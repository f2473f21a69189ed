"""Base model, constants and the Caliper date-time type shared by every Caliper model."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator

from timeback_common import TimebackModel, dump_model, format_utc_millis

__all__ = [
    "CALIPER_CONTEXT",
    "CALIPER_DATA_VERSION",
    "CaliperDateTime",
    "CaliperModel",
    "format_caliper_time",
    "is_iri",
    "parse_caliper_time",
    "utc_now",
]

CALIPER_CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"
"""The JSON-LD ``@context`` of every Caliper 1.2 event."""

CALIPER_DATA_VERSION = "http://purl.imsglobal.org/ctx/caliper/v1p2"
"""The only ``dataVersion`` an envelope may carry."""

# An IRI as the schemas' ``format: uri`` needs it: a scheme, a colon, no spaces. Deliberately
# loose (``urn:uuid:...`` and ``https:/host`` from the spec's own examples pass).
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def is_iri(value: object) -> bool:
    """Whether ``value`` is a string that looks like an absolute IRI (``scheme:rest``)."""
    return isinstance(value, str) and _IRI.match(value) is not None


# RFC 3339 date-time: any offset, any fractional precision. A space instead of ``T`` is
# accepted (RFC 3339 allows it); leap seconds are not (datetime cannot hold them).
_RFC3339 = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?"
    r"(?:([Zz])|([+-])(\d{2}):(\d{2}))$"
)


def parse_caliper_time(value: object) -> datetime:
    """Parse an RFC 3339 string or an aware datetime into an aware UTC datetime.

    Raises:
        ValueError: ``value`` is not a date-time with an offset (naive datetimes are refused:
            Caliper times are instants, and guessing a zone would silently shift them).
    """
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(
                "a timezone-aware datetime is required (e.g. datetime.now(timezone.utc))"
            )
        try:
            return value.astimezone(timezone.utc)
        except OverflowError:
            raise ValueError(f"{value!r} cannot be expressed in UTC") from None
    if not isinstance(value, str):
        raise ValueError(
            "must be an ISO 8601 date-time string with an offset, e.g. 2025-03-01T14:05:09.123Z"
        )
    match = _RFC3339.match(value)
    if match is None:
        raise ValueError(
            f"{value!r} is not an ISO 8601 date-time with an offset, e.g. 2025-03-01T14:05:09.123Z"
        )
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    if zulu:
        tz = timezone.utc
    else:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        if offset >= timedelta(hours=24):
            raise ValueError(f"{value!r} has an offset out of range")
        tz = timezone(-offset if sign == "-" else offset)
    try:
        parsed = datetime(
            int(year), int(month), int(day), int(hour), int(minute), int(second), micro, tzinfo=tz
        )
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"{value!r} is not a valid date-time: {exc}") from None


def format_caliper_time(value: datetime) -> str:
    """Format an aware datetime as UTC ISO 8601 with milliseconds and ``Z``.

    Sub-millisecond digits are truncated, never rounded, so a time never moves forward.

    Example:
        >>> format_caliper_time(datetime(2025, 3, 1, 14, 5, 9, 123456, tzinfo=timezone.utc))
        '2025-03-01T14:05:09.123Z'
    """
    return format_utc_millis(parse_caliper_time(value))


def utc_now() -> datetime:
    """The current time, aware, in UTC."""
    return datetime.now(timezone.utc)


CaliperDateTime = Annotated[
    datetime,
    PlainValidator(parse_caliper_time),
    PlainSerializer(format_caliper_time, return_type=str),
]
"""An instant: accepts RFC 3339 strings or aware datetimes, emits ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""


class CaliperModel(TimebackModel):
    """Base of every Caliper model.

    Besides the `TimebackModel` behaviour (snake_case attributes, camelCase aliases, unknown
    members kept, validators built on first use), `to_wire` emits defaults (``@context``,
    constant ``type`` values) while omitting ``None`` members: Caliper schemas have no
    nullable members, so "no value" is always written as "absent".
    """

    def to_wire(self) -> dict[str, Any]:
        """The camelCase, JSON-ready dict of this model, as it goes on the wire."""
        return dump_model(self, mode="json", by_alias=True, exclude_none=True)
