"""The pydantic base every Timeback model derives from, and the wire forms it shares."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, PlainSerializer
from pydantic_core import CoreSchema, core_schema
from typing_extensions import Self

__all__ = [
    "NativeFirst",
    "StringBool",
    "TimebackModel",
    "camel_alias",
    "format_utc_millis",
    "gc_paused",
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


# --- pausing the cyclic garbage collector while a page is built --------------------------------

_gc_lock = threading.Lock()
_gc_pauses = 0  # pages being built right now, in every thread
_gc_resume = False  # whether the collector was enabled when the first of them began


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection while a page of records is built.

    A page creates thousands of tracked objects (every model instance is one) at once; every
    collection pass on the way scans them, and everything the caller already holds, again:
    without the pause a 20,000-user pull spends most of its CPU in the collector. Reference
    counting still frees everything at once; cycles wait until the page is built.

    The collector is process-wide, so the pause is counted: the first page to begin disables
    the collector if it was enabled, and the last to end enables it again, only then and only
    if it was enabled before (a collector the application disabled stays disabled; overlapping
    pages in several threads keep it paused until all are built). A child forked while a page
    was being built starts with the collector as it was before that page.
    """
    global _gc_pauses, _gc_resume
    with _gc_lock:
        if _gc_pauses == 0:
            _gc_resume = gc.isenabled()
            if _gc_resume:
                gc.disable()
        _gc_pauses += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0 and _gc_resume:
                gc.enable()


def _gc_after_fork_in_child() -> None:
    # The threads building pages did not follow into the child: no pause is in progress.
    global _gc_lock, _gc_pauses
    _gc_lock = threading.Lock()
    if _gc_pauses:
        _gc_pauses = 0
        if _gc_resume:
            gc.enable()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_gc_after_fork_in_child)


# --- shared bookkeeping of model instances ------------------------------------------------------


class _SharedFieldsSet(set[str]):
    """A model's set of given members, shared by every instance read with the same members.

    Never changed in place: a model copies it before its first change (`TimebackModel`), and
    every copy (``copy``, ``deepcopy``, pickling) is a plain ``set``.
    """

    __slots__ = ()

    def __copy__(self) -> set[str]:
        return set(self)

    def __deepcopy__(self, memo: dict[int, Any]) -> set[str]:
        return set(self)

    def __reduce__(self) -> tuple[Any, ...]:
        return (set, (list(self),))


class _SharedExtras(dict[str, Any]):
    """The empty ``model_extra`` shared by every instance without unknown members.

    Never changed in place: a model replaces it with its own dict before storing an unknown
    member, and every copy is a plain ``dict``.
    """

    __slots__ = ()

    def __copy__(self) -> dict[str, Any]:
        return {}

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return {}

    def __reduce__(self) -> tuple[Any, ...]:
        return (dict, ())


_NO_EXTRAS = _SharedExtras()
# Distinct member sets seen so far. Wire records of one collection share a handful of shapes;
# the bound keeps a server sending every combination from growing the table without end.
_SHARED_FIELDS_SETS: dict[frozenset[str], _SharedFieldsSet] = {}
_SHARED_FIELDS_SETS_LIMIT = 4096
_set_slot = object.__setattr__


class TimebackModel(BaseModel):
    """Base of response and request models of every service.

    Attributes are snake_case in Python and camelCase on the wire (`camel_alias`). Unknown
    members are kept (``model_extra``), so a newer platform never breaks an older client;
    ``model_dump`` with ``by_alias=True`` gives the wire form back. ``defer_build``: pydantic
    builds a model's validator on its first use instead of at import, which keeps importing a
    service's models cheap (each model pays its build once, when first used).

    Instances read with the same members share their bookkeeping (see `model_post_init`); a
    subclass that defines its own ``model_post_init`` calls ``super().model_post_init(context)``.
    """

    model_config = ConfigDict(
        alias_generator=camel_alias,
        populate_by_name=True,
        extra="allow",
        protected_namespaces=(),
        defer_build=True,
    )

    def model_post_init(self, context: Any, /) -> None:
        """Share the bookkeeping every instance of one shape holds alike.

        A model read from the wire holds, besides its values, the set of members it was given
        (``model_fields_set``) and its unknown members (``model_extra``). The set alone weighs
        more than the record's values (about 2 kB for a user), and instances of one collection
        are given the same members: one set per shape is kept and shared, and an empty
        ``model_extra`` is one shared empty dict. Each is replaced by an instance's own copy
        before anything changes it (attribute assignment, or handing it out through
        ``model_fields_set`` / ``model_extra``), so sharing is never observable.
        """
        fields_set = self.__pydantic_fields_set__
        key = frozenset(fields_set)
        shared = _SHARED_FIELDS_SETS.get(key)
        if shared is None and len(_SHARED_FIELDS_SETS) < _SHARED_FIELDS_SETS_LIMIT:
            shared = _SHARED_FIELDS_SETS.setdefault(key, _SharedFieldsSet(key))
        if shared is not None:
            _set_slot(self, "__pydantic_fields_set__", shared)
        extra = self.__pydantic_extra__
        if extra is not None and not extra:
            _set_slot(self, "__pydantic_extra__", _NO_EXTRAS)

    def _own_bookkeeping(self) -> None:
        # Before a change: this instance's own set and extras instead of the shared ones.
        if type(self.__pydantic_fields_set__) is _SharedFieldsSet:
            _set_slot(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        if self.__pydantic_extra__ is _NO_EXTRAS:
            _set_slot(self, "__pydantic_extra__", {})

    def _own_copied_bookkeeping(self) -> None:
        # After unpickling or deep-copying: copying memoises, so instances that shared one set
        # or one empty extras dict would share one plain copy of it, changed in place later.
        _set_slot(self, "__pydantic_fields_set__", set(self.__pydantic_fields_set__))
        if self.__pydantic_extra__ is not None:
            _set_slot(self, "__pydantic_extra__", dict(self.__pydantic_extra__))

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        copied = super().__deepcopy__(memo)
        copied._own_copied_bookkeeping()
        return copied

    def __setstate__(self, state: dict[Any, Any]) -> None:
        super().__setstate__(state)
        self._own_copied_bookkeeping()

    @property
    def model_fields_set(self) -> set[str]:
        """The names of the members given explicitly (read from the wire or passed in)."""
        self._own_bookkeeping()
        return self.__pydantic_fields_set__

    @property
    def model_extra(self) -> dict[str, Any] | None:
        """Unknown members, by their wire names (kept and written back by `to_wire`)."""
        self._own_bookkeeping()
        return self.__pydantic_extra__

    if not TYPE_CHECKING:  # a declared __setattr__ would let type checkers accept any attribute

        def __setattr__(self, name: str, value: Any) -> None:
            self._own_bookkeeping()
            super().__setattr__(name, value)

        def __delattr__(self, name: str) -> None:
            self._own_bookkeeping()
            super().__delattr__(name)

    def to_wire(self) -> dict[str, object]:
        """The camelCase JSON-ready dict of this model, without unset members."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
