"""Wire value types of OneRoster: open enumerations, string booleans, dates, school years, grades.

These are the small, reusable pieces the models are built from. Each one is tolerant in what it
reads and exact in what it writes (the platform's own spellings vary between endpoints):

* **Open enumerations** (`Status`, `UserRole`, ...) are ``Literal[known values] | str``. Editors
  offer the known values as completions, type checkers accept them, and a value the platform adds
  later is kept as a plain string instead of failing a whole page. Values are always plain ``str``
  at runtime, so they compare, hash and serialize like the strings on the wire.
* `StringBool` (from `timeback_common`, shared by every service) reads ``"true"``/``"false"``
  (and JSON booleans) into a Python ``bool`` and writes the string back in JSON mode.
* `WireDate` is a ``datetime.date`` written ``YYYY-MM-DD``; it also reads a full date-time (the
  platform sometimes sends one) and keeps its calendar date.
* `WireDateTime` is an aware ``datetime`` in UTC, read from any RFC 3339 offset and fractional
  precision and written as ``YYYY-MM-DDTHH:MM:SS.mmmZ``. Naive values are taken to be UTC (every
  platform time is UTC).
* `SchoolYear` is the academic-session ``schoolYear``: a number in responses (``2025``), sent as a
  string on writes (`SchoolYearString`).
* Grades stay the strings the platform sent (``"-1"``, ``"0"``, ``"5"``, ``"K"``, ``"05"``...);
  `normalize_grade` maps every known spelling to one integer and `grade_code` back to the
  Timeback code.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from typing import Annotated, Literal

from pydantic import PlainSerializer
from pydantic_core import SchemaValidator, ValidationError, core_schema

from timeback_common import (
    ErrorIssue,
    InputValidationError,
    NativeFirst,
    StringBool,
    format_utc_millis,
    parse_string_bool,
)

__all__ = [
    "ClassType",
    "EnrollmentRole",
    "GUIDRefType",
    "LessonType",
    "OrgType",
    "ResourceImportance",
    "RoleType",
    "SchoolYear",
    "SchoolYearString",
    "ScoreStatus",
    "SessionType",
    "Sex",
    "Status",
    "StringBool",
    "UserRole",
    "WireDate",
    "WireDateOrDateTime",
    "WireDateTime",
    "format_date",
    "format_datetime",
    "grade_code",
    "normalize_grade",
    "parse_date",
    "parse_datetime",
    "parse_string_bool",
]

# --- open enumerations ---------------------------------------------------------------------------
# `Literal[...] | str`: the literal part documents the known values and drives completion;
# the `str` part keeps values the platform adds later. Pydantic keeps them plain str.

Status = Literal["active", "tobedeleted"] | str
"""Record status. ``inactive`` (OneRoster 1.1) no longer exists but is kept if a server sends it."""

RoleType = Literal["primary", "secondary"] | str
"""Whether a user's role in an org is their primary one."""

UserRole = (
    Literal[
        "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher"
    ]
    | str
)
"""The Timeback user role enumeration."""

OrgType = Literal["department", "school", "district", "local", "state", "national"] | str
"""Kind of organisation; ``R/schools`` holds the ``school`` ones."""

SessionType = Literal["gradingPeriod", "semester", "schoolYear", "term"] | str
"""Kind of academic session."""

ClassType = Literal["homeroom", "scheduled"] | str
"""Kind of class."""

EnrollmentRole = Literal["administrator", "proctor", "student", "teacher"] | str
"""Role of a user in an enrollment."""

Sex = Literal["male", "female", "other", "unspecified"] | str
"""Demographics ``sex``; the create schema documents only ``male`` and ``female`` (and null)."""

ScoreStatus = (
    Literal["exempt", "fully graded", "not submitted", "partially graded", "submitted"] | str
)
"""Grading state of a result; the values contain spaces."""

ResourceImportance = Literal["primary", "secondary"] | str
"""Importance (and the values of ``roles``) of a resource."""

LessonType = (
    Literal["powerpath-100", "quiz", "test-out", "placement", "unit-test", "alpha-read-article"]
    | str
)
"""Timeback lesson type of a component resource."""

GUIDRefType = (
    Literal[
        "academicSession",
        "assessmentLineItem",
        "category",
        "class",
        "course",
        "demographics",
        "enrollment",
        "gradingPeriod",
        "lineItem",
        "org",
        "resource",
        "result",
        "scoreScale",
        "student",
        "teacher",
        "term",
        "user",
        "componentResource",
        "courseComponent",
    ]
    | str
)
"""The ``type`` of a GUIDRef (some schemas leave it a free string)."""

# --- dates and date-times ------------------------------------------------------------------------

_DATE_TIME_RE = re.compile(
    r"""
    (?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})
    (?:
        [Tt\x20]
        (?P<hour>\d{2}):(?P<minute>\d{2})
        (?::(?P<second>\d{2})(?:[.,](?P<fraction>\d+))?)?
        \x20?(?P<offset>[Zz]|[+-]\d{2}(?::?\d{2})?)?
    )?
    """,
    re.VERBOSE,
)


def _match(text: str) -> re.Match[str]:
    match = _DATE_TIME_RE.fullmatch(text.strip())
    if match is None:
        raise ValueError("expected an ISO 8601 date (YYYY-MM-DD) or RFC 3339 date-time")
    return match


def parse_date(value: object) -> date:
    """Read a ``YYYY-MM-DD`` date; a full date-time keeps its own calendar date.

    Args:
        value: A ``date``, a ``datetime`` or an ISO string.

    Returns:
        The date.

    Raises:
        ValueError: When the value is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        match = _match(value)
        return date(int(match["year"]), int(match["month"]), int(match["day"]))
    raise ValueError("expected a date")


def parse_datetime(value: object) -> datetime:
    """Read an RFC 3339 date-time into an aware UTC ``datetime``.

    Any offset (``Z``, ``+05:30``, ``-0800``) and any fractional precision (digits beyond
    microseconds are dropped) are accepted. A date without a time means midnight UTC, and a value
    without an offset is taken to be UTC.

    Args:
        value: A ``datetime``, a ``date`` or a string.

    Returns:
        The instant, in UTC.

    Raises:
        ValueError: When the value is not a date-time.
    """
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        match = _match(value)
        micro = int((match["fraction"] or "0")[:6].ljust(6, "0"))
        result = datetime(
            int(match["year"]),
            int(match["month"]),
            int(match["day"]),
            int(match["hour"] or 0),
            int(match["minute"] or 0),
            int(match["second"] or 0),
            micro,
            tzinfo=_offset(match["offset"]),
        )
    else:
        raise ValueError("expected a date-time")
    if result.tzinfo is None or result.utcoffset() is None:
        return result.replace(tzinfo=timezone.utc)
    return result.astimezone(timezone.utc)


def _offset(text: str | None) -> timezone | None:
    if text is None:
        return None
    if text in ("Z", "z"):
        return timezone.utc
    digits = text[1:].replace(":", "")
    minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
    if minutes >= 24 * 60:
        raise ValueError("UTC offset out of range")
    return timezone(timedelta(minutes=-minutes if text[0] == "-" else minutes))


def format_date(value: date) -> str:
    """``YYYY-MM-DD`` (a ``datetime`` is cut to its date)."""
    if isinstance(value, datetime):
        value = value.date()
    return value.isoformat()


def format_datetime(value: datetime) -> str:
    """UTC with ``Z`` and millisecond precision: ``2025-03-01T14:05:09.123Z``."""
    return format_utc_millis(parse_datetime(value))


# The spellings read inside pydantic-core: exactly the ones the Python readers above read to the
# same value. Other spellings (spaces, comma fractions, other offsets, naive times) take the
# Python reader. The patterns keep pydantic's own extras (Unix timestamps) out of the fast path.
# Year 0 is left to the reader too: older pydantic-core lets Python's "year 0 is out of range"
# escape instead of reporting it.
_YEAR_RE = r"(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])"
_DATE_RE = rf"^{_YEAR_RE}-[0-9]{{2}}-[0-9]{{2}}$"
_UTC_DATE_TIME_RE = (
    rf"^{_YEAR_RE}-[0-9]{{2}}-[0-9]{{2}}[Tt ][0-9]{{2}}:[0-9]{{2}}(:[0-9]{{2}}(\.[0-9]+)?)?"
    r"([Zz]|[+-]00:?00)$"
)
_DATE_MESSAGE = "expected an ISO 8601 date (YYYY-MM-DD) or RFC 3339 date-time"


def _wire_date_schema() -> core_schema.CoreSchema:
    return core_schema.chain_schema(
        [core_schema.str_schema(strict=True, pattern=_DATE_RE), core_schema.date_schema()]
    )


def _wire_datetime_schema() -> core_schema.CoreSchema:
    return core_schema.chain_schema(
        [
            core_schema.str_schema(strict=True, pattern=_UTC_DATE_TIME_RE),
            core_schema.datetime_schema(tz_constraint=0),
        ]
    )


WireDate = Annotated[
    date,
    NativeFirst(_wire_date_schema(), parse_date, _DATE_MESSAGE),
    PlainSerializer(format_date, return_type=str, when_used="json"),
]
"""A calendar date, ``YYYY-MM-DD`` on the wire; a date-time read here keeps its date."""

WireDateTime = Annotated[
    datetime,
    NativeFirst(_wire_datetime_schema(), parse_datetime, _DATE_MESSAGE),
    PlainSerializer(format_datetime, return_type=str, when_used="json"),
]
"""An aware UTC date-time, ``YYYY-MM-DDTHH:MM:SS.mmmZ`` on the wire."""


def _parse_date_or_datetime(value: object) -> date | datetime:
    if isinstance(value, str) and _match(value)["hour"] is None:
        return parse_date(value)
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    return parse_datetime(value)


def _format_date_or_datetime(value: date | datetime) -> str:
    return format_datetime(value) if isinstance(value, datetime) else format_date(value)


WireDateOrDateTime = Annotated[
    datetime | date,
    NativeFirst(
        core_schema.union_schema(
            [_wire_datetime_schema(), _wire_date_schema()], mode="left_to_right"
        ),
        _parse_date_or_datetime,
        _DATE_MESSAGE,
    ),
    PlainSerializer(_format_date_or_datetime, return_type=str, when_used="json"),
]
"""A member documented as "date or date-time" (course component ``unlockDate``): a ``date`` when
the wire value has no time, else a UTC ``datetime``; written back in the same form."""

# --- school year ---------------------------------------------------------------------------------


def _parse_school_year(value: object) -> object:
    if isinstance(value, str):
        text = value.strip()
        if re.fullmatch(r"-?\d+", text):
            return int(text)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


_LAX_INT = SchemaValidator(core_schema.int_schema())


def _read_school_year(value: object) -> int:
    try:
        year: int = _LAX_INT.validate_python(_parse_school_year(value))
    except ValidationError:
        raise ValueError("expected a year") from None
    return year


_SCHOOL_YEAR_NATIVE = core_schema.union_schema(
    [
        core_schema.int_schema(strict=True),
        core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True, pattern=r"^-?[0-9]+$"),
                core_schema.int_schema(),
            ]
        ),
    ],
    mode="left_to_right",
)

SchoolYear = Annotated[int, NativeFirst(_SCHOOL_YEAR_NATIVE, _read_school_year, "expected a year")]
"""The academic-session ``schoolYear``, e.g. ``2025`` (the year the school year ends).

Read from a number or a numeric string; kept as a number.
"""

SchoolYearString = Annotated[
    int,
    NativeFirst(_SCHOOL_YEAR_NATIVE, _read_school_year, "expected a year"),
    PlainSerializer(str, return_type=str, when_used="json"),
]
"""``schoolYear`` on academic-session writes: an ``int`` in Python, the string ``"2025"`` on the
wire, as the create schema requires."""

# --- grades --------------------------------------------------------------------------------------

_GRADE_WORDS: dict[str, int] = {
    # CEDS grade-level codes and common spellings below kindergarten
    "it": -1,
    "pr": -1,
    "pk": -1,
    "prek": -1,
    "prekindergarten": -1,
    "preschool": -1,
    # kindergarten
    "k": 0,
    "kg": 0,
    "tk": 0,
    "kindergarten": 0,
}
_GRADE_ORDINAL_RE = re.compile(r"(?:grade)?(\d{1,2})(?:st|nd|rd|th)?(?:grade)?")


def normalize_grade(value: str | int) -> int | None:
    """Map any known spelling of a grade level to one integer.

    ``-1`` is pre-kindergarten, ``0`` kindergarten, ``1``..``12`` the grades and ``13`` the
    thirteenth year. Accepted spellings include the Timeback codes (``"-1"``, ``"0"``, ``"5"``),
    zero-padded CEDS codes (``"05"``), ``"K"``/``"KG"``, ``"pre-k"``/``"PK"`` and ordinals such as
    ``"4th grade"``.

    Args:
        value: A grade as sent by the platform (or an int).

    Returns:
        The grade as an integer, or ``None`` when the value names no grade level (``"UG"``,
        ``"PS"``, ``"Other"``, anything unknown). It never raises.

    Example:
        >>> [normalize_grade(g) for g in ["-1", "K", "05", "4th grade", "UG"]]
        [-1, 0, 5, 4, None]
    """
    number: int | None
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = value.strip().lower()
        key = re.sub(r"[\s_.\-]", "", text)
        if re.fullmatch(r"-?\d+", text):
            number = int(text)
        elif key in _GRADE_WORDS:
            number = _GRADE_WORDS[key]
        else:
            match = _GRADE_ORDINAL_RE.fullmatch(key)
            number = int(match.group(1)) if match else None
    return number if number is not None and -1 <= number <= 13 else None


def grade_code(grade: int) -> str:
    """The Timeback wire code of a grade level: ``-1`` -> ``"-1"``, ``5`` -> ``"5"``.

    Args:
        grade: An integer from -1 (pre-kindergarten) to 13.

    Returns:
        The string to send in ``grades``.

    Raises:
        InputValidationError: When the grade is not an integer from -1 to 13.
    """
    if isinstance(grade, bool) or not isinstance(grade, int) or not -1 <= grade <= 13:
        raise InputValidationError(
            "a grade level is an integer from -1 (pre-K) to 13",
            [ErrorIssue(message="expected an integer from -1 to 13", path="grade")],
        )
    return str(grade)
