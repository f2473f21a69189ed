"""Base model and the lenient field types Edubridge responses need."""

from __future__ import annotations

import datetime as dt
import math
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer

from timeback_common import StringBool, TimebackModel, dump_model

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


Number = Annotated[int | float, BeforeValidator(to_number)]
"""A metric: ``int`` when whole, else ``float``; numeric strings are converted."""

OptionalNumber = Annotated[int | float | None, BeforeValidator(to_number)]
"""A `Number` that may be absent, ``null`` or ``""`` (all read as ``None``)."""


def _grade_text(value: Any) -> Any:
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


GradeText = Annotated[str, BeforeValidator(_grade_text)]
"""A grade level as text (``"-1"`` ... ``"13"``, ``"K"``); numbers are converted."""


def _flexible_date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, str) and len(value) > 10 and value[10] in "Tt ":
        return value[:10]  # a date-time where a date is expected: keep its calendar date
    return value


FlexibleDate = Annotated[
    dt.date,
    BeforeValidator(_flexible_date),
    PlainSerializer(lambda d: d.isoformat(), return_type=str),
]
"""A ``YYYY-MM-DD`` date; a full date-time is accepted and truncated to its date."""
