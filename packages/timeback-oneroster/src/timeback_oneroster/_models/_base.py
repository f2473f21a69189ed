"""Bases of the OneRoster models: the model root, references and the common entity members."""

import math
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler
from pydantic_core import core_schema

from timeback_common import BARE_ID_ERROR, NativeFirst, TimebackModel, validation_issues
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


def _empty_list(_: None) -> list[Any]:
    return []


class _NullAsEmpty:
    """A response array, read inside pydantic-core; only ``null`` calls Python (giving ``[]``).

    The alternatives are tagged ``list`` and ``none`` (left out of issue paths), and the
    ``none_required`` complaint of the ``null`` branch is dropped when the array itself failed.
    """

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.union_schema(
            [
                (handler(source), "list"),
                (
                    core_schema.chain_schema(
                        [
                            core_schema.none_schema(),
                            core_schema.no_info_plain_validator_function(_empty_list),
                        ]
                    ),
                    "none",
                ),
            ],
            mode="left_to_right",
        )


ListOf = Annotated[list[T], _NullAsEmpty()]
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

    # Built at import: a deferred model's own schema hook is skipped when another model that
    # refers to it is built first (two small schemas, a few milliseconds).
    model_config = ConfigDict(defer_build=False)

    sourced_id: str

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        # An object is read by the model's own schema inside pydantic-core; only a bare id
        # string calls Python. The id alternative's error is dropped when the object failed.
        def from_bare_id(sourced_id: str) -> BaseModel:
            return cls(sourced_id=sourced_id)

        bare_id = core_schema.custom_error_schema(
            core_schema.chain_schema(
                [
                    core_schema.str_schema(strict=True),
                    core_schema.no_info_plain_validator_function(from_bare_id),
                ]
            ),
            custom_error_type=BARE_ID_ERROR,
            custom_error_message="expected an object with a sourcedId, or an id",
        )
        return core_schema.union_schema(
            [(handler(source), "dict"), (bare_id, "str")], mode="left_to_right"
        )


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
