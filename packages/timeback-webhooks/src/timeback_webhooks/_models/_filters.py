"""A webhook filter: one condition an event must meet to be delivered (all must match)."""

from __future__ import annotations

import math
import re
from typing import Any, Literal, get_args

from pydantic import Field, field_validator, model_validator
from typing_extensions import Self

from timeback_webhooks._models._webhooks import WebhooksModel

__all__ = [
    "FILTER_OPERATORS",
    "FILTER_TYPES",
    "FilterOperator",
    "FilterType",
    "WebhookFilter",
    "WebhookFilterInput",
]

FilterOperator = Literal[
    "eq",
    "neq",
    "gt",
    "gte",
    "lt",
    "lte",
    "contains",
    "notContains",
    "in",
    "notIn",
    "startsWith",
    "endsWith",
    "regexp",
]
"""How a filter compares the event's value with ``filter_value``."""

FilterType = Literal["string", "number", "boolean"]
"""How the two values are read before comparing."""

FILTER_OPERATORS: tuple[str, ...] = get_args(FilterOperator)
"""The 13 operators, in the platform's order."""
FILTER_TYPES: tuple[str, ...] = get_args(FilterType)
"""The 3 value types."""

_LIST_OPERATORS = frozenset({"in", "notIn"})
_TEXT_OPERATORS = frozenset({"contains", "notContains", "startsWith", "endsWith", "regexp"})
_ORDER_OPERATORS = frozenset({"gt", "gte", "lt", "lte"})


class WebhookFilter(WebhooksModel):
    """A webhook filter as the platform returns it.

    Attributes:
        id: The filter's id.
        webhook_id: The webhook it belongs to.
        filter_key: A dotted path into the event (``type``, ``actor.id``, ``extensions.x``).
        filter_value: The value compared with (a comma-separated list for ``in``/``notIn``).
        filter_type: ``string``, ``number`` or ``boolean``.
        filter_operator: One of the 13 operators.
        active: Whether the filter applies.
    """

    id: str
    webhook_id: str | None = None
    filter_key: str | None = None
    filter_value: str | None = None
    filter_type: str | None = None
    filter_operator: str | None = None
    active: bool | None = None

    @field_validator("id", "webhook_id", "filter_value", mode="before")
    @classmethod
    def _text(cls, value: Any) -> Any:
        if isinstance(value, (int, float, bool)):
            return str(value).lower() if isinstance(value, bool) else str(value)
        return value


def _check_number(text: str) -> None:
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is not a finite number")


class WebhookFilterInput(WebhooksModel):
    """What filter `create` and `update` send, checked before sending.

    The value must fit the type (a number for ``number``, ``true``/``false`` for ``boolean``;
    for ``in``/``notIn`` each comma-separated item must), ``regexp`` must compile, and
    order and text operators need the types they compare.

    Attributes:
        webhook_id: The webhook the filter belongs to.
        filter_key: A dotted path into the event (``type``, ``actor.id``, ``extensions.x``).
        filter_value: The value compared with (a comma-separated list for ``in``/``notIn``).
        filter_type: ``string`` (default), ``number`` or ``boolean``.
        filter_operator: One of the 13 operators (default ``eq``).
        active: Whether the filter applies (default True).
    """

    webhook_id: str = Field(min_length=1)
    filter_key: str = Field(min_length=1)
    filter_value: str
    filter_type: FilterType = "string"
    filter_operator: FilterOperator = "eq"
    active: bool = True

    @field_validator("filter_value", mode="before")
    @classmethod
    def _value_text(cls, value: Any) -> Any:
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, float)):
            return repr(value) if isinstance(value, float) else str(value)
        return value

    @field_validator("filter_key")
    @classmethod
    def _dotted(cls, value: str) -> str:
        if any(not part for part in value.split(".")):
            raise ValueError("must be a dotted path without empty parts (actor.id)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        op, kind, value = self.filter_operator, self.filter_type, self.filter_value
        items = [item.strip() for item in value.split(",")] if op in _LIST_OPERATORS else [value]
        if kind == "number":
            if op in _TEXT_OPERATORS:
                raise ValueError(f"operator {op!r} compares text; use filter_type 'string'")
            for item in items:
                _check_number(item.strip())
        elif kind == "boolean":
            if op not in ("eq", "neq", *_LIST_OPERATORS):
                raise ValueError(f"operator {op!r} does not apply to booleans")
            for item in items:
                if item.strip().lower() not in ("true", "false"):
                    raise ValueError(f"{item!r} is not a boolean (true or false)")
        if op == "regexp":
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"not a valid regular expression: {exc}") from None
        return self

    def to_body(self) -> dict[str, Any]:
        """The JSON body sent to the platform."""
        return self.model_dump(mode="json", by_alias=True)
