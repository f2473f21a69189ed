"""The wire types read inside pydantic-core give exactly what the Python readers gave.

The oracle is each type's Python reader (what the models ran on every value before, after
``json.loads``, and what a type still falls back on when its native schema refuses a value). For
every generated wire value, awkward spellings included, the type must accept the same values,
read them to the same value (same type, same UTC offset) and reject the same ones: through
``validate_python`` and through ``validate_json`` straight from bytes.
"""

from __future__ import annotations

import json
import math
import sys
from datetime import date, datetime, timedelta, timezone
from functools import partial
from typing import Annotated, Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BeforeValidator, PlainValidator, TypeAdapter, ValidationError

from timeback_common import StringBool, parse_string_bool
from timeback_oneroster._models._base import Number, _number
from timeback_oneroster._types import (
    SchoolYear,
    WireDate,
    WireDateOrDateTime,
    WireDateTime,
    _parse_date_or_datetime,
    _parse_school_year,
    parse_date,
    parse_datetime,
)

# --- the oracle: the Python readers each type falls back on --------------------------------------
# Every type below is read natively by pydantic-core first and by its Python reader only when the
# native schema refuses a value; both paths must agree on every value.

OLD = {
    "datetime": TypeAdapter(Annotated[datetime, BeforeValidator(parse_datetime)] | None),
    "date": TypeAdapter(Annotated[date, BeforeValidator(parse_date)] | None),
    "date_or_datetime": TypeAdapter(
        Annotated[datetime | date, BeforeValidator(_parse_date_or_datetime)] | None
    ),
    "bool": TypeAdapter(Annotated[bool, BeforeValidator(parse_string_bool)] | None),
    "number": TypeAdapter(Annotated[int | float, PlainValidator(_number)] | None),
    "school_year": TypeAdapter(Annotated[int, BeforeValidator(_parse_school_year)] | None),
}
NEW: dict[str, TypeAdapter[Any]] = {
    "datetime": TypeAdapter(WireDateTime | None),
    "date": TypeAdapter(WireDate | None),
    "date_or_datetime": TypeAdapter(WireDateOrDateTime | None),
    "bool": TypeAdapter(StringBool | None),
    "number": TypeAdapter(Number | None),
    "school_year": TypeAdapter(SchoolYear | None),
}

_FAILED = object()


def _outcome(adapter: TypeAdapter[Any], value: object, *, as_json: bool) -> object:
    try:
        if as_json:
            return adapter.validate_json(json.dumps(value))
        return adapter.validate_python(value)
    except ValidationError:
        return _FAILED


def _old_outcome(adapter: TypeAdapter[Any], value: object, *, as_json: bool) -> object:
    # Before: the body went through json.loads, then the Python readers.
    try:
        return adapter.validate_python(json.loads(json.dumps(value)) if as_json else value)
    except ValidationError:
        return _FAILED


def _same(new: object, old: object) -> bool:
    if new is _FAILED or old is _FAILED:
        return new is old
    if type(new) is not type(old):
        return False
    if isinstance(new, float) and math.isnan(new):
        return isinstance(old, float) and math.isnan(old)
    if isinstance(new, datetime) and isinstance(old, datetime):
        return new == old and new.utcoffset() == old.utcoffset()
    return new == old


def assert_same(kind: str, value: object) -> None:
    for as_json in (False, True):
        new = _outcome(NEW[kind], value, as_json=as_json)
        old = _old_outcome(OLD[kind], value, as_json=as_json)
        assert _same(new, old), (kind, value, as_json, new, old)


# --- generated wire values --------------------------------------------------------------------

_digits = st.integers(min_value=0, max_value=99).map(lambda n: f"{n:02d}")
_offsets = st.sampled_from(
    ["Z", "z", "+00:00", "-00:00", "+0000", "+05:30", "-0800", "+05", "+24:00", "", " Z"]
)
_fractions = st.one_of(
    st.just(""),
    st.integers(min_value=0, max_value=10**9).map(lambda n: f".{n}"),
    st.sampled_from([".", ",5", ".0000000001", ".999999999"]),
)


@st.composite
def date_texts(draw: st.DrawFn) -> str:
    year = draw(st.integers(min_value=0, max_value=9999))
    return f"{year:04d}-{draw(_digits)}-{draw(_digits)}"


@st.composite
def datetime_texts(draw: st.DrawFn) -> str:
    text = draw(date_texts())
    if draw(st.booleans()):
        separator = draw(st.sampled_from(["T", "t", " ", "_"]))
        text += f"{separator}{draw(_digits)}:{draw(_digits)}"
        if draw(st.booleans()):
            text += f":{draw(_digits)}{draw(_fractions)}"
        text += draw(_offsets)
    pad = draw(st.sampled_from(["", " ", "\n"]))
    return pad + text + pad if draw(st.booleans()) else text


_plain_dates = st.dates().map(date.isoformat)
_plain_datetimes = st.datetimes(timezones=st.just(timezone.utc)).map(
    lambda value: value.isoformat().replace("+00:00", "Z")
)
_other_json = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=2),
)

TEMPORAL_VALUES = st.one_of(
    date_texts(), datetime_texts(), _plain_dates, _plain_datetimes, _other_json
)
BOOL_VALUES = st.one_of(
    st.sampled_from(["true", "false", "TRUE", "False", " true ", "1", "0", "yes", "no", ""]),
    st.sampled_from(["on", "off", "t", "f", "y", "n", "2", "nope"]),
    st.sampled_from(["true", "false", "yes", "no", "1", "0"]).map(
        lambda text: "".join(c.upper() if i % 2 else c for i, c in enumerate(text))
    ),
    _other_json,
)
NUMBER_VALUES = st.one_of(
    st.integers(),
    st.floats(),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        ["007", "-0", "+5", " 5 ", "1_000", "1e3", "5.0", "", "-", "0x10", "١٢", "nan", "inf"]
    ),
    _other_json,
)


@settings(max_examples=400, deadline=None)
@given(value=TEMPORAL_VALUES, kind=st.sampled_from(["datetime", "date", "date_or_datetime"]))
def test_temporal_types_read_as_before(value: object, kind: str) -> None:
    assert_same(kind, value)


@settings(max_examples=300, deadline=None)
@given(value=BOOL_VALUES)
def test_string_bools_read_as_before(value: object) -> None:
    assert_same("bool", value)


@settings(max_examples=300, deadline=None)
@given(value=NUMBER_VALUES, kind=st.sampled_from(["number", "school_year"]))
def test_numbers_read_as_before(value: object, kind: str) -> None:
    assert_same(kind, value)


def test_python_values_read_as_before() -> None:
    # Values a caller builds in Python (not from the wire) also read the same way.
    samples: list[object] = [
        datetime(2025, 3, 1, 14, 5, tzinfo=timezone(timedelta(hours=5))),
        datetime(2025, 3, 1, 14, 5),
        date(2025, 3, 1),
    ]
    for value in samples:
        for kind in ("datetime", "date", "date_or_datetime"):
            new, old = NEW[kind].validate_python(value), OLD[kind].validate_python(value)
            assert _same(new, old), (kind, value, new, old)


def _python_calls(run: Any) -> list[str]:
    """The Python functions called while ``run()`` runs (pydantic-core's own work calls none)."""
    calls: list[str] = []

    def profile(frame: Any, event: str, arg: object) -> None:
        if event == "call":
            calls.append(frame.f_code.co_name)

    sys.setprofile(profile)
    try:
        run()
    finally:
        sys.setprofile(None)
    return calls


def test_the_platform_spellings_take_the_native_path() -> None:
    wire = {
        "datetime": b'"2025-03-01T14:05:09.123Z"',
        "date": b'"2025-03-01"',
        "date_or_datetime": b'"2025-03-01"',
        "bool": b'"false"',
        "number": b'"42"',
        "school_year": b"2025",
    }
    for kind, body in wire.items():
        adapter = NEW[kind]
        adapter.validate_json(body)  # built before measuring
        assert _python_calls(partial(adapter.validator.validate_json, body)) == [], kind
    # An awkward spelling does take the Python reader (the check above can fail).
    assert _python_calls(partial(NEW["bool"].validator.validate_json, b'" TRUE "')) != []


# --- whole pages: read from bytes in one pass, or the detailed way -----------------------------

_field_values = st.one_of(TEMPORAL_VALUES, BOOL_VALUES, NUMBER_VALUES)
_user_records = st.fixed_dictionaries(
    {"sourcedId": st.text(max_size=8)},
    optional={
        "status": st.one_of(st.sampled_from(["active", "tobedeleted", "inactive"]), _other_json),
        "dateLastModified": TEMPORAL_VALUES,
        "enabledUser": BOOL_VALUES,
        "roles": st.one_of(
            st.none(),
            st.lists(
                st.fixed_dictionaries(
                    {"role": st.sampled_from(["student", "robot"])},
                    optional={
                        "beginDate": TEMPORAL_VALUES,
                        "org": st.one_of(
                            st.text(max_size=5), st.fixed_dictionaries({"sourcedId": st.text()})
                        ),
                    },
                ),
                max_size=2,
            ),
        ),
        "grades": st.one_of(st.none(), st.lists(st.sampled_from(["K", "05", "-1", 5]))),
        "unknownMember": _field_values,
    },
)


@settings(max_examples=200, deadline=None)
@given(records=st.lists(_user_records, max_size=4), key=st.sampled_from(["users", "other"]))
def test_a_page_read_from_bytes_is_the_page_read_the_detailed_way(
    records: list[dict[str, Any]], key: str
) -> None:
    from timeback_common import APIResponseValidationError
    from timeback_oneroster._models import User, from_wire_list, from_wire_page

    content = json.dumps({key: records, "totalCount": 9}).encode()
    fast = from_wire_page(content, ("users",), User)
    try:
        body = json.loads(content)
        detailed = from_wire_list(body["users"], User) if "users" in body else None
    except APIResponseValidationError:
        detailed = None
    if fast is None:
        # Only what the detailed way also refuses (or a page without the member) falls back.
        assert detailed is None
        return
    items, envelope = fast
    assert detailed is not None
    assert [item.model_dump() for item in items] == [item.model_dump() for item in detailed]
    assert [item.model_extra for item in items] == [item.model_extra for item in detailed]
    assert envelope["totalCount"] == 9
