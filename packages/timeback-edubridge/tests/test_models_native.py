"""Edubridge's field types read inside pydantic-core give exactly what the Python readers gave.

The oracle is each type's Python reader as a ``BeforeValidator`` on every value, after
``json.loads`` (how the types were read before, and what they still fall back on when their
native schema refuses a value); every generated wire value must read the same through
``validate_python`` and through ``validate_json`` straight from bytes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import sys
from functools import partial
from typing import Annotated, Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BeforeValidator, TypeAdapter, ValidationError

from timeback_edubridge._models._base import (
    FlexibleDate,
    GradeText,
    Number,
    OptionalNumber,
    _flexible_date,
    _grade_text,
    to_number,
)

# --- the oracle: the Python readers each type falls back on --------------------------------------

OLD: dict[str, TypeAdapter[Any]] = {
    "number": TypeAdapter(Annotated[int | float, BeforeValidator(to_number)]),
    "optional number": TypeAdapter(Annotated[int | float | None, BeforeValidator(to_number)]),
    "grade": TypeAdapter(Annotated[str, BeforeValidator(_grade_text)]),
    "date": TypeAdapter(Annotated[dt.date, BeforeValidator(_flexible_date)]),
}
NEW: dict[str, TypeAdapter[Any]] = {
    "number": TypeAdapter(Number),
    "optional number": TypeAdapter(OptionalNumber),
    "grade": TypeAdapter(GradeText),
    "date": TypeAdapter(FlexibleDate),
}
_FAILED = object()


def _read(adapter: TypeAdapter[Any], value: object, *, from_bytes: bool) -> object:
    try:
        if from_bytes:
            return adapter.validate_json(json.dumps(value))
        return adapter.validate_python(value)
    except ValidationError:
        return _FAILED


def _same(new: object, old: object) -> bool:
    if new is _FAILED or old is _FAILED:
        return new is old
    if isinstance(new, float) and math.isnan(new):
        return isinstance(old, float) and math.isnan(old)
    return type(new) is type(old) and new == old


_json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.floats().map(repr),
    st.integers().map(str),
    st.text(max_size=20),
    st.dates().map(dt.date.isoformat),
    st.datetimes().map(dt.datetime.isoformat),
    st.sampled_from(["", " 7 ", "12.5", "12.0", "1e3", "K", "-1", "05", "2025-02-30", "2025-1-1"]),
)


@settings(max_examples=500, deadline=None)
@given(value=_json_values, kind=st.sampled_from(sorted(NEW)))
def test_types_read_as_before(value: object, kind: str) -> None:
    for from_bytes in (False, True):
        new = _read(NEW[kind], value, from_bytes=from_bytes)
        wire = json.loads(json.dumps(value)) if from_bytes else value
        old = _read(OLD[kind], wire, from_bytes=False)
        assert _same(new, old), (kind, value, from_bytes, new, old)


def test_the_common_spellings_take_the_native_path() -> None:
    calls: list[str] = []

    def profile(frame: Any, event: str, arg: object) -> None:
        if event == "call":
            calls.append(frame.f_code.co_name)

    for kind, body in (
        ("number", b"12"),
        ("number", b"12.5"),
        ("optional number", b"null"),
        ("grade", b'"5"'),
        ("date", b'"2025-03-01"'),
    ):
        run = partial(NEW[kind].validator.validate_json, body)
        run()
        calls.clear()
        sys.setprofile(profile)
        try:
            run()
        finally:
            sys.setprofile(None)
        assert calls == [], (kind, calls)
