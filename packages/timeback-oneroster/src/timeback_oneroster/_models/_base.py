"""Bases of the OneRoster models: the model root, references and the common entity members."""

import math
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, model_validator
from pydantic_core import core_schema

from timeback_common import NativeFirst, TimebackModel, validation_issues
from timeback_oneroster._types import GUIDRefType, Status, WireDateTime

__all__ = [
    "Entity",
    "GUIDRef",
    "ListOf",
    "Number",
    "OneRosterModel",
    "Ref",
    "validation_issues",
]

T = TypeVar("T")


def _number(value: object) -> int | float:
    # One validator instead of pydantic's `int | float` union: ints stay ints (3 is not turned
    # into 3.0, so bodies round-trip), numeric strings are read, and an error has one clean path.
    if isinstance(value, bool):
        raise ValueError("expected a number, got a boolean")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("expected a finite number")
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            pass
        try:
            number = float(value)
        except ValueError:
            raise ValueError("expected a number") from None
        if math.isfinite(number):
            return number
    raise ValueError("expected a number")


# JSON numbers and integer strings are read inside pydantic-core; other numeric strings
# (" 5", "1e3", "1_000") take `_number`.
_NUMBER_NATIVE = core_schema.union_schema(
    [
        core_schema.int_schema(strict=True),
        core_schema.float_schema(strict=True, allow_inf_nan=False),
        core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True, pattern=r"^-?[0-9]+$"),
                core_schema.int_schema(),
            ]
        ),
    ],
    mode="left_to_right",
)

Number = Annotated[int | float, NativeFirst(_NUMBER_NATIVE, _number, "expected a number")]
"""A JSON number: ints stay ints, floats stay floats, numeric strings are read."""


def _none_to_empty(value: object) -> object:
    # Wire contract 3.3: a required array that is null or absent means "empty".
    return [] if value is None else value


ListOf = Annotated[list[T], BeforeValidator(_none_to_empty)]
"""A response array: ``null`` reads as ``[]`` (use with ``Field(default_factory=list)``)."""


class OneRosterModel(TimebackModel):
    """Root of every OneRoster model.

    `TimebackModel` builds validators on first use (``defer_build``): with about seventy models
    that halves the import cost of the model modules (measured with ``python -X importtime``:
    about 70 ms instead of 150 ms). Annotations here are evaluated eagerly (no ``from __future__
    import annotations``), a small trim that costs nothing.
    """


class Ref(OneRosterModel):
    """A reference to another record: ``{"sourcedId": "..."}`` (gradebook responses, all writes).

    Also read from a GUIDRef (its ``href`` and ``type`` are kept in ``model_extra``) and from a bare
    id string.

    Attributes:
        sourced_id: The referenced record's ``sourcedId``.
    """

    sourced_id: str

    @model_validator(mode="before")
    @classmethod
    def _from_bare_id(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"sourcedId": data}
        return data


class GUIDRef(Ref):
    """A rostering reference ``{"href", "sourcedId", "type"}``; ``href`` and ``type`` are optional.

    Attributes:
        sourced_id: The referenced record's ``sourcedId``.
        href: Absolute URL of the referenced record's single GET, when the server sent it.
        type: Kind of the referenced record (``org``, ``course``, ``term``, ...), when sent.
    """

    href: str | None = None
    type: GUIDRefType | None = None


class Entity(OneRosterModel):
    """Members every OneRoster record carries.

    Every member of a response model is optional and every array defaults to empty: a record
    missing a member the schema calls required (a ``fields=`` projection, an older or newer
    platform) still parses, and so does the page holding it. Unknown members are kept
    in ``model_extra`` and written back by ``to_wire()``.

    Attributes:
        sourced_id: Stable id of the record.
        status: ``active`` or ``tobedeleted`` (soft-deleted); other values are kept as sent.
        date_last_modified: Last change, UTC (server-controlled).
        metadata: Free-form extension members (Timeback keeps metrics, XP, onboarding here).
    """

    sourced_id: str | None = None
    status: Status | None = None
    date_last_modified: WireDateTime | None = None
    metadata: dict[str, Any] | None = None
