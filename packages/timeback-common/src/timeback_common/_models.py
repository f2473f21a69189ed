"""The pydantic base every Timeback model derives from, and the wire forms it shares."""

from __future__ import annotations

from datetime import datetime, timezone
from functools import cache
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, PlainSerializer

__all__ = ["StringBool", "TimebackModel", "camel_alias", "format_utc_millis", "parse_string_bool"]

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


def parse_string_bool(value: object) -> bool | None:
    """Read a boolean the platform sends as a string.

    Args:
        value: ``"true"``/``"false"`` (any case, also ``"1"``/``"0"``, ``"yes"``/``"no"``), a
            JSON boolean, ``None`` or ``""`` (both read as ``None``).

    Returns:
        The boolean, or ``None`` when the value is absent.

    Raises:
        ValueError: For any other value (pydantic reports it as a validation error of the field).
    """
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        if not text:
            return None
    raise ValueError("expected 'true' or 'false'")


def _bool_to_wire(value: bool) -> str:
    return "true" if value else "false"


StringBool = Annotated[
    bool,
    BeforeValidator(parse_string_bool),
    PlainSerializer(_bool_to_wire, return_type=str, when_used="json"),
]
"""A boolean the platform sends as the JSON string ``"true"``/``"false"``.

Python code sees a ``bool`` (``"false"`` is truthy in Python, so the string never reaches caller
code); ``model_dump(mode="json")``, and so every request body, writes the string back.
"""


@cache
def camel_alias(name: str) -> str:
    """The wire name of a model attribute: ``sourced_id`` -> ``sourcedId``.

    The same as pydantic's ``to_camel`` for attribute names, without its regular expressions and
    cached: the services' models hold hundreds of fields sharing a few dozen names, and the
    aliases are computed at import.

    Args:
        name: A snake_case attribute name.

    Returns:
        Its camelCase form.
    """
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def format_utc_millis(value: datetime) -> str:
    """An aware datetime as UTC ``YYYY-MM-DDTHH:MM:SS.mmmZ``, the platform's instant format.

    Sub-millisecond digits are truncated, never rounded, so a time never moves forward.

    Args:
        value: An aware datetime (a naive one is taken as local time, as
            ``datetime.astimezone`` does).

    Returns:
        The formatted instant.

    Example:
        >>> format_utc_millis(datetime(2025, 3, 1, 14, 5, 9, 123456, tzinfo=timezone.utc))
        '2025-03-01T14:05:09.123Z'
    """
    utc = value.astimezone(timezone.utc)
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}.{utc.microsecond // 1000:03d}Z"
    )


class TimebackModel(BaseModel):
    """Base of response and request models of every service.

    Attributes are snake_case in Python and camelCase on the wire (`camel_alias`). Unknown
    members are kept (``model_extra``), so a newer platform never breaks an older client;
    ``model_dump`` with ``by_alias=True`` gives the wire form back. ``defer_build``: pydantic
    builds a model's validator on its first use instead of at import, which keeps importing a
    service's models cheap (each model pays its build once, when first used).
    """

    model_config = ConfigDict(
        alias_generator=camel_alias,
        populate_by_name=True,
        extra="allow",
        protected_namespaces=(),
        defer_build=True,
    )

    def to_wire(self) -> dict[str, object]:
        """The camelCase JSON-ready dict of this model, without unset members."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
