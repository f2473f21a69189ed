"""Date and time parameters of the analytics endpoints.

The official client expands a bare date, in the learner's time zone, to the first or the last
millisecond of that local day and sends it as a UTC date-time with milliseconds and ``Z``; this
module does the same, so that "the 3rd of March" means the learner's 3rd of March.

Rules:

* A bare date (`datetime.date`, or a ``YYYY-MM-DD`` string) becomes the start of that local day
  (``00:00:00.000``) for a start parameter and its end (``23:59:59.999``) for an end parameter,
  in ``timezone`` (UTC when none is given).
* An aware datetime (or a date-time string with an offset or ``Z``) is the instant it names.
* A naive datetime (or a date-time string without offset) is a wall-clock time *in
  ``timezone``*, exactly like a bare date, so a caller who thinks in the learner's local time is
  never silently shifted by the machine's zone; with no ``timezone`` it is UTC.
* Days are measured in instants, not wall-clock labels: the end of a day is the start of the next
  local day minus one millisecond. On ordinary days that is ``23:59:59.999``; on a day where the
  clocks fall back at midnight it is the *second* ``23:59:59.999``, so the whole day is covered,
  and when local midnight does not exist (clocks spring forward at 00:00) the day starts at its
  first existing instant.
* An unknown time zone raises `InputValidationError` naming ``timezone``.
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from timeback_common import ErrorIssue, InputValidationError, format_utc_millis
from timeback_common import short_repr as _shown

__all__ = [
    "DateLike",
    "date_range_params",
    "day_end",
    "day_start",
    "default_date_range",
    "resolve_timezone",
    "to_query_datetime",
    "today_in",
]

DateLike = dt.date | dt.datetime | str
"""A bare date, a datetime, or an ISO 8601 string of either."""

Zone = ZoneInfo | dt.timezone

_ONE_MS = dt.timedelta(milliseconds=1)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?$"
)


def _invalid(param: str, message: str) -> InputValidationError:
    return InputValidationError(f"{param}: {message}", issues=[ErrorIssue(message, path=param)])


def resolve_timezone(timezone: str | ZoneInfo | None, *, param: str = "timezone") -> Zone:
    """The zone for an IANA name (``America/Chicago``); UTC when ``None``.

    Raises:
        InputValidationError: The name is not a known IANA time zone (the issue's path is
            ``param``).
    """
    if timezone is None:
        return dt.timezone.utc
    if isinstance(timezone, ZoneInfo):
        return timezone
    if not isinstance(timezone, str) or not timezone.strip():
        raise _invalid(
            param,
            f"must be an IANA time zone name such as 'America/Chicago', not {_shown(timezone)}",
        )
    try:
        return ZoneInfo(timezone)
    except (KeyError, ValueError, OSError):
        raise _invalid(
            param, f"{timezone!r} is not a known IANA time zone (e.g. 'America/Chicago')"
        ) from None


def _zone_name(timezone: str | ZoneInfo | None) -> str | None:
    if isinstance(timezone, ZoneInfo):
        return timezone.key
    return timezone


def day_start(day: dt.date, zone: Zone) -> dt.datetime:
    """The first instant of local ``day`` in ``zone``, as an aware UTC datetime.

    When local midnight does not exist (clocks spring forward at 00:00), PEP 495's ``fold=0``
    reading maps it to the first instant that does.
    """
    local = dt.datetime(day.year, day.month, day.day, tzinfo=zone)
    return local.astimezone(dt.timezone.utc)


def day_end(day: dt.date, zone: Zone) -> dt.datetime:
    """The last millisecond of local ``day`` in ``zone``, as an aware UTC datetime."""
    return day_start(day + dt.timedelta(days=1), zone) - _ONE_MS


def _parse(value: DateLike, param: str) -> dt.date | dt.datetime:
    if isinstance(value, (dt.date, dt.datetime)):
        return value
    if not isinstance(value, str):
        raise _invalid(
            param, f"must be a date, a datetime or an ISO 8601 string, not {_shown(value)}"
        )
    text = value.strip()
    try:
        match = _DATE.match(text)
        if match:
            return dt.date(*(int(part) for part in match.groups()))
        match = _DATETIME.match(text)
        if match:
            year, month, day, hour, minute, second, fraction, zulu, sign, oh, om = match.groups()
            tz: dt.tzinfo | None = None
            if zulu:
                tz = dt.timezone.utc
            elif sign:
                offset = dt.timedelta(hours=int(oh), minutes=int(om))
                tz = dt.timezone(-offset if sign == "-" else offset)
            return dt.datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second or 0),
                int((fraction or "0")[:6].ljust(6, "0")),
                tzinfo=tz,
            )
    except ValueError as exc:
        raise _invalid(param, f"{value!r} is not a valid date or date-time: {exc}") from None
    raise _invalid(
        param, f"{value!r} is not YYYY-MM-DD or an ISO 8601 date-time (e.g. 2025-03-01T08:00:00Z)"
    )


def _instant(value: DateLike, zone: Zone, *, end: bool, param: str) -> dt.datetime:
    parsed = _parse(value, param)
    if not isinstance(parsed, dt.datetime):
        return day_end(parsed, zone) if end else day_start(parsed, zone)
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        parsed = parsed.replace(tzinfo=zone)  # a wall-clock time in the learner's zone
    try:
        return parsed.astimezone(dt.timezone.utc)
    except OverflowError:
        raise _invalid(param, f"{value!r} is out of range") from None


def to_query_datetime(
    value: DateLike,
    *,
    timezone: str | ZoneInfo | None = None,
    end: bool = False,
    param: str = "date",
) -> str:
    """One date parameter as the UTC ``Z`` date-time the analytics endpoints take.

    Args:
        value: A bare date (expanded to the local day's start, or end when ``end``), an aware
            datetime (used as is), or a naive one (read in ``timezone``); or an ISO string.
        timezone: IANA zone of the learner; UTC when ``None``.
        end: Expand a bare date to the end of its day rather than the start.
        param: Parameter name used in error issues (``start_date``, ``week_date``...).

    Returns:
        E.g. ``"2025-03-01T06:00:00.000Z"`` for ``date(2025, 3, 1)`` in ``America/Chicago``.

    Raises:
        InputValidationError: ``value`` or ``timezone`` is invalid (issue path ``param`` or
            ``timezone``).
    """
    zone = resolve_timezone(timezone)
    return format_utc_millis(_instant(value, zone, end=end, param=param))


def date_range_params(
    start_date: DateLike,
    end_date: DateLike,
    *,
    timezone: str | ZoneInfo | None = None,
) -> dict[str, str]:
    """The ``startDate``/``endDate``/``timezone`` query parameters of ``E/analytics/activity``
    and ``E/analytics/enrollment/{id}``.

    Args:
        start_date: First day (or instant) of the range.
        end_date: Last day (or instant) of the range, inclusive.
        timezone: IANA zone of the learner; sent as ``timezone`` when given, and used to
            expand bare dates and read naive datetimes.

    Returns:
        ``{"startDate": ..., "endDate": ...}`` plus ``"timezone"`` when one was given.

    Raises:
        InputValidationError: A value or the zone is invalid, or the range ends before it
            starts (every problem is reported, each naming its parameter).

    Example:
        >>> date_range_params("2025-03-01", "2025-03-07", timezone="America/Chicago")
        {'startDate': '2025-03-01T06:00:00.000Z', 'endDate': '2025-03-08T05:59:59.999Z', \
'timezone': 'America/Chicago'}
    """
    issues: list[ErrorIssue] = []
    zone: Zone = dt.timezone.utc
    try:
        zone = resolve_timezone(timezone)
    except InputValidationError as exc:
        issues.extend(exc.issues)  # keep checking the dates (in UTC) to report everything
    start: dt.datetime | None = None
    end: dt.datetime | None = None
    try:
        start = _instant(start_date, zone, end=False, param="start_date")
    except InputValidationError as exc:
        issues.extend(exc.issues)
    try:
        end = _instant(end_date, zone, end=True, param="end_date")
    except InputValidationError as exc:
        issues.extend(exc.issues)
    if start is not None and end is not None and end < start:
        issues.append(ErrorIssue("is before start_date", path="end_date"))
    if issues or start is None or end is None:
        raise InputValidationError(
            "invalid date range: " + "; ".join(str(issue) for issue in issues), issues=issues
        )
    params = {"startDate": format_utc_millis(start), "endDate": format_utc_millis(end)}
    name = _zone_name(timezone)
    if name is not None:
        params["timezone"] = name
    return params


def today_in(timezone: str | ZoneInfo | None = None, *, now: dt.datetime | None = None) -> dt.date:
    """Today's date in ``timezone`` (UTC when ``None``).

    Args:
        timezone: IANA zone of the learner.
        now: The current instant (aware); for tests. Defaults to the system clock.
    """
    zone = resolve_timezone(timezone)
    instant = now if now is not None else dt.datetime.now(dt.timezone.utc)
    if instant.tzinfo is None:
        raise _invalid("now", "must be a timezone-aware datetime")
    return instant.astimezone(zone).date()


def default_date_range(
    timezone: str | ZoneInfo | None = None,
    *,
    days: int = 7,
    now: dt.datetime | None = None,
) -> tuple[dt.date, dt.date]:
    """The default range of an analytics summary: the last ``days`` local days, today included.

    Args:
        timezone: IANA zone of the learner (UTC when ``None``), which decides what "today" is.
        days: How many days (>= 1).
        now: The current instant (aware); for tests.

    Returns:
        ``(first_day, today)``, e.g. ``(date(2025, 3, 1), date(2025, 3, 7))`` for 7 days; pass
        them to `date_range_params` with the same ``timezone``.

    Raises:
        InputValidationError: ``days`` < 1 or the zone is unknown.
    """
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        raise _invalid("days", f"must be an integer >= 1, not {days!r}")
    today = today_in(timezone, now=now)
    return today - dt.timedelta(days=days - 1), today
