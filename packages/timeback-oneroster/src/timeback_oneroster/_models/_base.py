"""Bases of the OneRoster models: the model root, references and the common entity members."""

import math
from functools import cache
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, ConfigDict, PlainValidator, model_validator

from timeback_common import TimebackModel, validation_issues
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


Number = Annotated[int | float, PlainValidator(_number, json_schema_input_type=int | float)]
"""A JSON number: ints stay ints, floats stay floats, numeric strings are read."""


def _none_to_empty(value: object) -> object:
    # Wire contract 3.3: a required array that is null or absent means "empty".
    return [] if value is None else value


ListOf = Annotated[list[T], BeforeValidator(_none_to_empty)]
"""A response array: ``null`` reads as ``[]`` (use with ``Field(default_factory=list)``)."""


@cache
def camel_alias(name: str) -> str:
    """``sourced_id`` -> ``sourcedId``: what `TimebackModel`'s ``to_camel`` gives for our names,
    without its regular expressions and cached (hundreds of fields share a few dozen names)."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


class OneRosterModel(TimebackModel):
    """Root of every OneRoster model.

    ``defer_build=True``: pydantic builds a model's validator on its first use instead of at
    import. With about seventy models this halves the import cost of the model modules (measured
    with ``python -X importtime``, interleaved runs on the 2-core dev box: about 70 ms instead of
    150 ms, best of ten); each model pays its build once, on first use. Annotations are evaluated
    eagerly (no ``from __future__ import annotations``) and `camel_alias` is cached; those two trims
    are small but free.
    """

    model_config = ConfigDict(defer_build=True, alias_generator=camel_alias)


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
    """Members every OneRoster record carries (wire contract 4.11).

    Every member of a response model is optional and every array defaults to empty: a record
    missing a member the schema calls required (a ``fields=`` projection, an older or newer
    platform) still parses, and so does the page holding it (pitfall 20). Unknown members are kept
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
