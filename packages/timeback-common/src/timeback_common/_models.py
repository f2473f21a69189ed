"""The pydantic base every Timeback model derives from, and the wire forms it shares."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import CoreSchema, core_schema

__all__ = [
    "NativeFirst",
    "StringBool",
    "TimebackModel",
    "camel_alias",
    "format_utc_millis",
    "parse_string_bool",
]


class NativeFirst:
    """``Annotated`` marker: read a value inside pydantic-core, with a Python reader as fallback.

    The spellings the platform actually sends are read by ``native`` (a pydantic-core schema:
    no Python code runs per value, and ``validate_json`` stays in Rust). Any other input goes to
    ``fallback``, the tolerant Python reader, so rare spellings (``" TRUE "``, a naive time, a
    numeric string with spaces) read exactly as the reader reads them. ``native`` must accept
    only inputs it reads to the same value as ``fallback``.

    Args:
        native: The pydantic-core schema of the fast spellings.
        fallback: Reads any other input, raising ``ValueError`` when it cannot.
        message: The error message when neither reads the value.
    """

    __slots__ = ("_fallback", "_message", "_native")

    def __init__(self, native: CoreSchema, fallback: Callable[[Any], Any], message: str) -> None:
        self._native = native
        self._fallback = fallback
        self._message = message

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.union_schema(
            [self._native, core_schema.no_info_plain_validator_function(self._fallback)],
            mode="left_to_right",
            custom_error_type="wire_value",
            custom_error_message=self._message,
        )


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


_STRING_BOOL_NATIVE = core_schema.union_schema(
    [
        core_schema.bool_schema(strict=True),
        core_schema.chain_schema(
            [
                core_schema.str_schema(strict=True),
                core_schema.literal_schema(["true", "false", "1", "0", "yes", "no"]),
                core_schema.bool_schema(),
            ]
        ),
    ],
    mode="left_to_right",
)


def _read_string_bool(value: object) -> bool:
    # An absent value ("", null) is not a bool: an optional field reads null before this runs.
    result = parse_string_bool(value)
    if result is None:
        raise ValueError("expected 'true' or 'false'")
    return result


StringBool = Annotated[
    bool,
    NativeFirst(_STRING_BOOL_NATIVE, _read_string_bool, "expected 'true' or 'false'"),
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
