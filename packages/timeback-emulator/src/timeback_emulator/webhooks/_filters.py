"""Webhook filter validation and evaluation against one Caliper event. Pure.

``filterKey`` is a dotted path into the event; the value found and ``filterValue`` are compared
as ``filterType`` says. ``in``/``notIn`` take a comma-separated ``filterValue``; ``regexp`` is
searched in the string; a missing path (or a value that cannot be read as the type) matches
only ``neq`` and ``notIn``.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

OPERATORS = (
    "eq", "neq", "gt", "gte", "lt", "lte", "contains", "notContains", "in", "notIn",
    "startsWith", "endsWith", "regexp",
)  # fmt: skip
TYPES = ("string", "number", "boolean")
_LIST = frozenset({"in", "notIn"})
_TEXT = frozenset({"contains", "notContains", "startsWith", "endsWith", "regexp"})
_ORDER = frozenset({"gt", "gte", "lt", "lte"})
_MISSING = object()


def _number(text: str) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _boolean(text: str) -> bool | None:
    lowered = text.strip().lower()
    return {"true": True, "false": False}.get(lowered)


def filter_problem(operator: Any, kind: Any, value: Any) -> str | None:
    """Why a filter cannot be stored, or None."""
    if operator not in OPERATORS:
        return f"filterOperator must be one of {', '.join(OPERATORS)}"
    if kind not in TYPES:
        return f"filterType must be one of {', '.join(TYPES)}"
    if not isinstance(value, str):
        return "filterValue must be a string"
    items = value.split(",") if operator in _LIST else [value]
    if kind == "number":
        if operator in _TEXT:
            return f"filterOperator {operator} does not apply to numbers"
        if any(_number(item) is None for item in items):
            return "filterValue must be a number"
    if kind == "boolean":
        if operator not in ("eq", "neq", *_LIST):
            return f"filterOperator {operator} does not apply to booleans"
        if any(_boolean(item) is None for item in items):
            return "filterValue must be true or false"
    if operator == "regexp":
        try:
            re.compile(value)
        except re.error:
            return "filterValue is not a valid regular expression"
    return None


def _lookup(event: Any, key: str) -> Any:
    current = event
    for part in key.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        else:
            return _MISSING
    return current


def _read(found: Any, kind: str) -> Any:
    if found is _MISSING or found is None or isinstance(found, (dict, list)):
        return _MISSING
    if kind == "string":
        if isinstance(found, str):
            return found
        return json.dumps(found)
    if kind == "number":
        if isinstance(found, bool):
            return _MISSING
        if isinstance(found, (int, float)):
            return float(found)
        number = _number(found) if isinstance(found, str) else None
        return _MISSING if number is None else number
    if isinstance(found, bool):
        return found
    flag = _boolean(found) if isinstance(found, str) else None
    return _MISSING if flag is None else flag


def _parse(text: str, kind: str) -> Any:
    if kind == "number":
        return _number(text)
    if kind == "boolean":
        return _boolean(text)
    return text


def matches(event: Any, key: str, operator: str, kind: str, value: str) -> bool:
    """Whether ``event`` meets one (valid) filter."""
    actual = _read(_lookup(event, key), kind)
    if actual is _MISSING:
        return operator in ("neq", "notIn")
    if operator in _LIST:
        inside = any(actual == _parse(item.strip(), kind) for item in value.split(","))
        return inside if operator == "in" else not inside
    wanted = _parse(value, kind)
    if operator == "eq":
        return bool(actual == wanted)
    if operator == "neq":
        return bool(actual != wanted)
    if operator == "gt":
        return bool(actual > wanted)
    if operator == "gte":
        return bool(actual >= wanted)
    if operator == "lt":
        return bool(actual < wanted)
    if operator == "lte":
        return bool(actual <= wanted)
    if operator == "contains":
        return value in actual
    if operator == "notContains":
        return value not in actual
    if operator == "startsWith":
        return bool(actual.startswith(value))
    if operator == "endsWith":
        return bool(actual.endswith(value))
    return re.search(value, actual) is not None
