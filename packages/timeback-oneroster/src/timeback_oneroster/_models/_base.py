"""Bases of the OneRoster models: the model root, references and the common entity members."""

import math
from typing import Annotated, Any, TypeVar

from pydantic import BeforeValidator, PlainValidator, ValidationError, model_validator

from timeback_common import ErrorIssue, TimebackModel
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


# Names pydantic gives the alternatives of a union in an error location; not wire members.
_UNION_TAGS = frozenset({"str", "int", "float", "bool", "date", "datetime", "none", "list", "dict"})


def _format_loc(loc: tuple[int | str, ...], prefix: str | None = None) -> str | None:
    path = prefix or ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" in part or part in _UNION_TAGS:
            continue
        else:
            path += f".{part}" if path else part
    return path or None


def validation_issues(exc: ValidationError, prefix: str | None = None) -> list[ErrorIssue]:
    """One `ErrorIssue` per pydantic error, with a wire path and never the offending value.

    Args:
        exc: The pydantic error.
        prefix: Path to put in front (e.g. ``lineItems`` for the items of an array body).

    Returns:
        The issues, in pydantic's order.
    """
    issues: list[ErrorIssue] = []
    seen: set[str | None] = set()
    for error in exc.errors(include_url=False, include_input=False, include_context=False):
        path = _format_loc(error["loc"], prefix)
        if path in seen and path is not None:
            continue  # the other alternatives of a union failing at the same place
        seen.add(path)
        message = "unknown member" if error["type"] == "extra_forbidden" else error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        issues.append(ErrorIssue(message=message, path=path))
    return issues
