"""Base model and the lenient field types Edubridge responses need."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import PlainSerializer
from pydantic_core import SchemaValidator, ValidationError, core_schema

from timeback_common import NativeFirst, StringBool, TimebackModel, dump_model

__all__ = [
    "EdubridgeModel",
    "FlexibleDate",
    "GradeText",
    "Number",
    "OptionalNumber",
    "StringBool",
    "to_number",
]


class EdubridgeModel(TimebackModel):
    """Base of every Edubridge model: tolerant (unknown members kept, optional members may be
    missing), as every `TimebackModel`."""

    def to_body(self) -> dict[str, Any]:
        """The camelCase JSON body of this model with ``None`` members omitted."""
        return dump_model(self, mode="json", by_alias=True, exclude_none=True)


def to_number(value: Any) -> Any:
    """Numbers as JSON numbers: numeric strings (``"12.5"``, the weekly-fact seconds) become
    numbers, whole floats become ints, ``""`` becomes ``None``; anything else is left for the
    field's own validation to accept or refuse."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            return value
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return int(value)
    return value


# Read inside pydantic-core: ints, floats (whole ones as ints) and short integer strings. Other
# spellings ("12.5", " 7 ", "") take `to_number` and then the same number rules.
_NUMBER_NATIVE = [
    core_schema.int_schema(strict=True),
    core_schema.chain_schema([core_schema.float_schema(strict=True), core_schema.int_schema()]),
    # Not whole: a float. Huge ones, NaN and infinities take the reader.
    core_schema.float_schema(strict=True, gt=-(2.0**53), lt=2.0**53),
    core_schema.chain_schema(
        [
            core_schema.str_schema(strict=True, pattern=r"^-?[0-9]{1,15}$"),
            core_schema.int_schema(),
        ]
    ),
]
_NUMBER = SchemaValidator(
    core_schema.union_schema([core_schema.int_schema(), core_schema.float_schema()])
)
_OPTIONAL_NUMBER = SchemaValidator(
    core_schema.nullable_schema(
        core_schema.union_schema([core_schema.int_schema(), core_schema.float_schema()])
    )
)


def _read_number(value: Any) -> int | float:
    try:
        number: int | float = _NUMBER.validate_python(to_number(value))
    except ValidationError:
        raise ValueError("expected a number") from None
    return number


def _read_optional_number(value: Any) -> int | float | None:
    try:
        number: int | float | None = _OPTIONAL_NUMBER.validate_python(to_number(value))
    except ValidationError:
        raise ValueError("expected a number") from None
    return number


Number = Annotated[
    int | float,
    NativeFirst(
        core_schema.union_schema(_NUMBER_NATIVE, mode="left_to_right"),
        _read_number,
        "expected a number",
    ),
]
"""A metric: ``int`` when whole, else ``float``; numeric strings are converted."""

OptionalNumber = Annotated[
    int | float | None,
    NativeFirst(
        core_schema.union_schema(
            [core_schema.none_schema(), *_NUMBER_NATIVE], mode="left_to_right"
        ),
        _read_optional_number,
        "expected a number",
    ),
]
"""A `Number` that may be absent, ``null`` or ``""`` (all read as ``None``)."""


def _grade_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _read_grade_text(value: Any) -> str:
    text = _grade_text(value)
    if isinstance(text, str):
        return text
    raise ValueError("expected a grade")


GradeText = Annotated[
    str,
    NativeFirst(core_schema.str_schema(strict=True), _read_grade_text, "expected a grade"),
]
"""A grade level as text (``"-1"`` ... ``"13"``, ``"K"``); numbers are converted."""


def _flexible_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and len(value) > 10 and value[10] in "Tt ":
        return value[:10]  # a date-time where a date is expected: keep its calendar date
    return value


_LAX_DATE = SchemaValidator(core_schema.date_schema())
# Year 0 is left to the reader: older pydantic-core lets Python's "year 0 is out of range" escape.
_DATE_RE = r"^(?:[1-9][0-9]{3}|0[1-9][0-9]{2}|00[1-9][0-9]|000[1-9])-[0-9]{2}-[0-9]{2}$"


def _read_flexible_date(value: Any) -> dt.date:
    try:
        day: dt.date = _LAX_DATE.validate_python(_flexible_date(value))
    except ValidationError:
        raise ValueError("expected a date (YYYY-MM-DD)") from None
    return day


FlexibleDate = Annotated[
    dt.date,
    NativeFirst(
        core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True, pattern=_DATE_RE),
                core_schema.date_schema(),
            ]
        ),
        _read_flexible_date,
        "expected a date (YYYY-MM-DD)",
    ),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
]
"""A ``YYYY-MM-DD`` date; a full date-time is accepted and truncated to its date."""
