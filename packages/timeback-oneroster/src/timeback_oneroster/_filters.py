"""A typed builder for OneRoster ``filter`` expressions.

Build a predicate from a field and a Python operator, combine predicates with ``&`` (AND) and
``|`` (OR), and render the expression with `render_filter`::

    from timeback_oneroster import F, render_filter

    active_staff = (F("status") == "active") & (
        (F("role") == "teacher") | (F("role") == "administrator")
    )
    render_filter(active_staff)
    # "status='active' AND (role='teacher' OR role='administrator')"

    render_filter({"status": "active", "grades": ["9", "10"]})
    # "status='active' AND (grades='9' OR grades='10')"

What the renderer guarantees:

* string values are single-quoted with every ``'`` doubled; numbers are written in
  plain decimal notation, booleans bare, dates and date-times quoted ISO 8601 (date-times in UTC
  with ``Z``);
* every group that mixes AND and OR is parenthesised, so the meaning never depends on the server's
  precedence;
* "in list" is rendered as a parenthesised OR of equalities, the form the platform is known to
  accept, unless ``operator="@"`` asks for the Timeback ``@`` extension;
* a boolean compared with a string-boolean field (``enabledUser``, ``primary``, the demographic and
  result flags) is written ``'true'``/``'false'``, as those fields are strings on the wire;
* anything the grammar cannot express (an empty list, ``None``, NaN, a field name that is not
  ``name`` or ``name.name``, an unsupported value type) raises `InputValidationError` when the
  expression is built, instead of sending a guess.

Python's ``and``, ``or``, ``not``, ``in`` and chained comparisons cannot be overloaded; using them
on an expression raises `InputValidationError` pointing at ``&`` and ``|`` instead of silently
keeping one operand. ``&`` and ``|`` bind tighter than ``==``, so parenthesise each comparison.

A raw string is passed through unchanged (for anything the builder does not cover). The
LearnWith.AI platform accepts at most two predicates and no mixing of AND and OR;
`check_strict_filter` (or ``render_filter(..., strict=True)``) enforces that before sending.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Literal, NoReturn, TypeVar

from timeback_common import ErrorIssue, InputValidationError
from timeback_oneroster._types import format_date, parse_datetime

__all__ = [
    "STRING_BOOLEAN_FIELDS",
    "AllOf",
    "AnyOf",
    "F",
    "FilterExpression",
    "FilterField",
    "FilterLike",
    "FilterValue",
    "Operator",
    "Predicate",
    "RawFilter",
    "all_of",
    "any_of",
    "check_strict_filter",
    "render_filter",
]

Operator = Literal["=", "!=", ">", ">=", "<", "<=", "~", "@"]
"""The filter operators: comparisons, ``~`` contains (case-insensitive), ``@`` in list."""

FilterValue = str | int | float | Decimal | bool | date | datetime | Enum
"""A value a predicate can compare with (an ``Enum`` member stands for its value)."""

STRING_BOOLEAN_FIELDS = frozenset(
    {
        "enabledUser",
        "primary",
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
        "inProgress",
        "incomplete",
        "late",
        "missing",
    }
)
"""Fields holding ``"true"``/``"false"`` strings: a Python bool compared with them is quoted."""

_FIELD_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?")
_MISUSE = (
    "a filter expression has no truth value: combine with & (AND) and | (OR), not 'and'/'or'/"
    "'not', use F(...).is_in([...]) instead of 'in', and avoid chained comparisons"
)


def _invalid(message: str, path: str | None = "filter") -> NoReturn:
    raise InputValidationError(f"invalid filter: {message}", [ErrorIssue(message, path)])


class FilterExpression:
    """Base of every filter expression: `Predicate`, `AllOf`, `AnyOf`, `RawFilter`.

    ``a & b`` is AND, ``a | b`` is OR; the result is a new expression, the operands are immutable.
    """

    __slots__ = ()

    def __and__(self, other: object) -> AllOf:
        return AllOf((self, _as_expression(other)))

    def __rand__(self, other: object) -> AllOf:
        return AllOf((_as_expression(other), self))

    def __or__(self, other: object) -> AnyOf:
        return AnyOf((self, _as_expression(other)))

    def __ror__(self, other: object) -> AnyOf:
        return AnyOf((_as_expression(other), self))

    def __bool__(self) -> NoReturn:
        _invalid(_MISUSE, None)

    def __contains__(self, item: object) -> NoReturn:
        _invalid(_MISUSE, None)

    def render(self) -> str:
        """This expression as a filter string (see `render_filter`)."""
        return _render_root(self)

    def __str__(self) -> str:
        return self.render()


def _as_expression(value: object) -> FilterExpression:
    if isinstance(value, FilterExpression):
        return value
    if isinstance(value, str):
        return RawFilter(value)
    if isinstance(value, Mapping):
        return _from_mapping(value)
    if isinstance(value, FilterField):
        _invalid(
            f"field {value.name!r} used without a comparison; "
            "parenthesise each comparison: (F('a') == 1) & (F('b') == 2)"
        )
    _invalid(f"cannot combine a filter with a {type(value).__name__}")


@dataclass(frozen=True, eq=True, repr=True)
class Predicate(FilterExpression):
    """One comparison ``<field><operator><value>``.

    Build predicates with `F` rather than directly: the constructor checks the field name and the
    value, and normalises the value (string-boolean fields, enums, date-times in UTC).

    Attributes:
        field: Field name or one-step dotted path (``course.sourcedId``).
        operator: One of `Operator`.
        value: The value; for ``@`` a tuple of the list items.
    """

    field: str
    operator: Operator
    value: FilterValue | tuple[str, ...]

    __slots__ = ("field", "operator", "value")

    def __post_init__(self) -> None:
        _check_field(self.field)
        if self.operator not in _OPERATORS:
            _invalid(f"unknown operator {self.operator!r}", self.field)
        if self.operator == "@":
            items = self.value if isinstance(self.value, tuple) else None
            if items is None:
                _invalid("'@' needs a list of values", self.field)
            object.__setattr__(self, "value", _list_items(self.field, items))
            return
        value = _normalize_value(self.field, self.value)
        if self.operator == "~" and not isinstance(value, str):
            _invalid("'~' (contains) needs a string", self.field)
        object.__setattr__(self, "value", value)


_OPERATORS = frozenset({"=", "!=", ">", ">=", "<", "<=", "~", "@"})


def _flatten(kind: type[_Group], parts: Iterable[object]) -> tuple[FilterExpression, ...]:
    flat: list[FilterExpression] = []
    for part in parts:
        expression = _as_expression(part)
        while isinstance(expression, _Group) and len(expression.parts) == 1:
            expression = expression.parts[0]  # a one-part group is just its part
        if type(expression) is kind:
            flat.extend(expression.parts)
        else:
            flat.append(expression)
    if not flat:
        _invalid(
            "an empty "
            + ("all_of()" if kind is AllOf else "any_of()")
            + " cannot be expressed; leave the filter out instead"
        )
    return tuple(flat)


@dataclass(frozen=True, eq=True, repr=True)
class _Group(FilterExpression):
    """Parts joined by one operator; nested groups of the same kind are flattened."""

    parts: tuple[FilterExpression, ...]

    __slots__ = ("parts",)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parts", _flatten(type(self), self.parts))


@dataclass(frozen=True, eq=True, repr=True)
class AllOf(_Group):
    """Every part must hold: ``a AND b AND ...``. Nested `AllOf` parts are flattened.

    Attributes:
        parts: The operands (at least one).
    """

    __slots__ = ()


@dataclass(frozen=True, eq=True, repr=True)
class AnyOf(_Group):
    """At least one part must hold: ``a OR b OR ...``. Nested `AnyOf` parts are flattened.

    Attributes:
        parts: The operands (at least one).
    """

    __slots__ = ()


@dataclass(frozen=True, eq=True, repr=True)
class RawFilter(FilterExpression):
    """A filter string written by hand, sent as is (parenthesised when combined with others).

    Attributes:
        text: The filter text.
    """

    text: str

    __slots__ = ("text",)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text.strip():
            _invalid("a raw filter must be a non-empty string")


def all_of(*expressions: FilterExpression | Mapping[str, Any] | str) -> AllOf:
    """AND of the given expressions (dicts and raw strings accepted).

    Raises:
        InputValidationError: When no expression is given (it cannot be expressed).
    """
    return AllOf(tuple(_as_expression(e) for e in expressions))


def any_of(*expressions: FilterExpression | Mapping[str, Any] | str) -> AnyOf:
    """OR of the given expressions (dicts and raw strings accepted).

    Raises:
        InputValidationError: When no expression is given (it cannot be expressed).
    """
    return AnyOf(tuple(_as_expression(e) for e in expressions))


class FilterField:
    """A field to compare, the start of every predicate: ``F("status") == "active"``.

    Comparison operators (``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``) return a `Predicate`; so do
    `contains`, `is_in` and `not_in`.

    Args:
        name: Field name, or one dotted step into a reference: ``course.sourcedId``.
        string_boolean: Treat the field as holding ``"true"``/``"false"`` strings (a Python bool
            is then quoted). Defaults to whether ``name`` is in `STRING_BOOLEAN_FIELDS`.

    Raises:
        InputValidationError: When the name is not ``name`` or ``name.name`` (letters, digits,
            ``_``, starting with a letter).
    """

    __slots__ = ("name", "string_boolean")
    __hash__ = None  # type: ignore[assignment]  # == builds a predicate, so no hashing

    def __init__(self, name: str, *, string_boolean: bool | None = None) -> None:
        _check_field(name)
        self.name = name
        self.string_boolean = (
            name.rsplit(".", 1)[-1] in STRING_BOOLEAN_FIELDS
            if string_boolean is None
            else string_boolean
        )

    def __repr__(self) -> str:
        return f"F({self.name!r})"

    def _value(self, value: object) -> FilterValue:
        if self.string_boolean and isinstance(value, bool):
            return "true" if value else "false"
        return value  # type: ignore[return-value]  # checked by Predicate

    def _predicate(self, operator: Operator, value: object) -> Predicate:
        return Predicate(self.name, operator, self._value(value))

    def __eq__(self, value: object) -> Predicate:  # type: ignore[override]
        return self._predicate("=", value)

    def __ne__(self, value: object) -> Predicate:  # type: ignore[override]
        return self._predicate("!=", value)

    def __lt__(self, value: object) -> Predicate:
        return self._predicate("<", value)

    def __le__(self, value: object) -> Predicate:
        return self._predicate("<=", value)

    def __gt__(self, value: object) -> Predicate:
        return self._predicate(">", value)

    def __ge__(self, value: object) -> Predicate:
        return self._predicate(">=", value)

    def contains(self, text: str) -> Predicate:
        """Case-insensitive substring match: ``familyName~'brien'``."""
        return self._predicate("~", text)

    def is_in(
        self, values: Iterable[FilterValue], *, operator: Literal["or", "@"] = "or"
    ) -> FilterExpression:
        """The field equals one of ``values``.

        Args:
            values: The candidates (at least one).
            operator: ``"or"`` (default) renders ``(f='a' OR f='b')``, the form the platform is
                known to accept; ``"@"`` renders the Timeback extension ``f@'a,b'``, one
                predicate, whose items may not contain commas or surrounding spaces.

        Returns:
            A single `Predicate` for one value or for ``@``, else an `AnyOf` of equalities.

        Raises:
            InputValidationError: When ``values`` is empty, or holds something inexpressible.
        """
        items = _candidates(self.name, values)
        if operator == "@":
            return Predicate(
                self.name, "@", tuple(_list_item(self.name, self._value(v)) for v in items)
            )
        if operator != "or":
            _invalid(f"unknown in-list operator {operator!r}; use 'or' or '@'", self.name)
        predicates = [self._predicate("=", v) for v in items]
        return predicates[0] if len(predicates) == 1 else AnyOf(tuple(predicates))

    def not_in(self, values: Iterable[FilterValue]) -> FilterExpression:
        """The field equals none of ``values``: ``(f!='a' AND f!='b')``.

        Raises:
            InputValidationError: When ``values`` is empty, or holds something inexpressible.
        """
        predicates = [self._predicate("!=", v) for v in _candidates(self.name, values)]
        return predicates[0] if len(predicates) == 1 else AllOf(tuple(predicates))

    def __bool__(self) -> NoReturn:
        _invalid(_MISUSE, None)

    def __contains__(self, item: object) -> NoReturn:
        _invalid(_MISUSE, None)

    def _misplaced(self, other: object) -> NoReturn:
        _invalid(
            f"field {self.name!r} combined before comparing: & and | bind tighter than ==, "
            "so parenthesise each comparison: (F('a') == 1) & (F('b') == 2)"
        )

    __and__ = __rand__ = __or__ = __ror__ = _misplaced


F = FilterField
"""Short name of `FilterField`: ``F("status") == "active"``."""

FilterLike = FilterExpression | Mapping[str, Any] | str
"""What a ``filter=`` argument accepts: an expression, a dict (AND of equalities and in-lists) or
a raw filter string."""

# --- checks and normalisation --------------------------------------------------------------------


def _check_field(name: object) -> None:
    if not isinstance(name, str) or not _FIELD_RE.fullmatch(name):
        shown = repr(name) if isinstance(name, str) else type(name).__name__
        _invalid(
            f"field name {shown} is not a name or a dotted reference path (e.g. course.sourcedId)",
            None,
        )


def _normalize_value(field: str, value: object) -> FilterValue:
    if isinstance(value, Enum):
        value = value.value
    if value is None:
        _invalid("None (null) cannot be expressed in a filter", field)
    if isinstance(value, (str, bool, int, date)):
        if isinstance(value, datetime):
            return parse_datetime(value)
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            _invalid("NaN and infinity cannot be expressed in a filter", field)
        return value
    if isinstance(value, Decimal):
        if not value.is_finite():
            _invalid("NaN and infinity cannot be expressed in a filter", field)
        return value
    _invalid(f"a {type(value).__name__} cannot be expressed in a filter", field)


def _candidates(field: str, values: Iterable[FilterValue]) -> list[FilterValue]:
    if isinstance(values, (str, bytes, Mapping)) or not isinstance(values, Iterable):
        _invalid("expected a list of values", field)
    if isinstance(values, (set, frozenset)):
        # Sets have no order (and str hashing is randomised): sort for a stable filter string.
        items = sorted(values, key=lambda v: (type(v).__name__, str(v)))
    else:
        items = list(values)
    if not items:
        _invalid("an empty list cannot be expressed; leave the filter out instead", field)
    return items


def _list_item(field: str, value: object) -> str:
    normalized = _normalize_value(field, value)
    if isinstance(normalized, bool) or not isinstance(normalized, (str, int)):
        _invalid("'@' lists hold strings or integers", field)
    return str(normalized)


def _list_items(field: str, items: tuple[Any, ...]) -> tuple[str, ...]:
    if not items:
        _invalid("an empty list cannot be expressed; leave the filter out instead", field)
    checked = tuple(_list_item(field, item) for item in items)
    for item in checked:
        if not item or "," in item or item != item.strip():
            _invalid(
                "'@' list items cannot be empty, hold commas or start or end with spaces; "
                "use the default is_in() form",
                field,
            )
    return checked


def _from_mapping(mapping: Mapping[str, Any]) -> FilterExpression:
    parts: list[FilterExpression] = []
    for name, value in mapping.items():
        field = FilterField(name)
        if isinstance(value, (list, tuple, set, frozenset)):
            parts.append(field.is_in(value))
        else:
            parts.append(field == value)
    if not parts:
        _invalid("an empty filter dict cannot be expressed; leave the filter out instead")
    return parts[0] if len(parts) == 1 else AllOf(tuple(parts))


# --- rendering -----------------------------------------------------------------------------------


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _format_number(value: int | float | Decimal) -> str:
    if isinstance(value, int):
        return str(value)
    # Plain decimal notation: the grammar has no exponent (1e-07 -> 0.0000001).
    decimal = value if isinstance(value, Decimal) else Decimal(repr(value))
    return format(decimal, "f")


def _format_instant(value: datetime) -> str:
    utc = parse_datetime(value)
    text = utc.strftime("%Y-%m-%dT%H:%M:%S")
    if utc.microsecond % 1000:
        return f"{text}.{utc.microsecond:06d}Z"  # keep full precision rather than round
    return f"{text}.{utc.microsecond // 1000:03d}Z"


def _render_value(value: FilterValue | tuple[str, ...]) -> str:
    if isinstance(value, tuple):
        return _quote(",".join(value))
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _quote(value)
    if isinstance(value, datetime):
        return _quote(_format_instant(value))
    if isinstance(value, date):
        return _quote(format_date(value))
    if isinstance(value, (int, float, Decimal)):
        return _format_number(value)
    _invalid(f"a {type(value).__name__} cannot be expressed in a filter")  # pragma: no cover


def _render(expression: FilterExpression, parent: type[FilterExpression] | None) -> str:
    if isinstance(expression, Predicate):
        return f"{expression.field}{expression.operator}{_render_value(expression.value)}"
    if isinstance(expression, RawFilter):
        # Unknown structure: group it whenever it is combined with anything.
        return expression.text if parent is None else f"({expression.text})"
    if isinstance(expression, (AllOf, AnyOf)):
        if len(expression.parts) == 1:
            return _render(expression.parts[0], parent)
        joiner = " AND " if isinstance(expression, AllOf) else " OR "
        text = joiner.join(_render(part, type(expression)) for part in expression.parts)
        # Parts are flattened, so a nested group is always of the other kind: parenthesise it.
        return text if parent is None else f"({text})"
    _invalid(f"not a filter expression: {type(expression).__name__}")


_T = TypeVar("_T")


def _deep_guard(walk: Callable[[FilterExpression], _T], expression: FilterExpression) -> _T:
    """``walk(expression)``, refusing a tree too deep for the recursive walk as invalid input."""
    try:
        return walk(expression)
    except RecursionError:
        _invalid(
            "the expression nests AND and OR too deeply; "
            "combine many conditions with all_of(...) or any_of(...) instead"
        )


def _render_root(expression: FilterExpression) -> str:
    return _deep_guard(lambda root: _render(root, None), expression)


def render_filter(filter: FilterLike, *, strict: bool = False) -> str:
    """Render a filter for the ``filter`` query parameter (before percent-encoding).

    Args:
        filter: A `FilterExpression` (built with `F`, ``&``, ``|``, `all_of`, `any_of`); a dict,
            meaning the AND of ``field == value`` for scalars and ``field in values`` for lists;
            or a raw string, returned unchanged.
        strict: Also enforce the LearnWith.AI limits (see `check_strict_filter`).

    Returns:
        The filter string.

    Raises:
        InputValidationError: When the filter cannot be expressed, or breaks the strict limits.

    Example:
        >>> render_filter((F("role") == "student") | (F("role") == "teacher"))
        "role='student' OR role='teacher'"
        >>> render_filter({"familyName": "O'Brien"})
        "familyName='O''Brien'"
    """
    text = filter if isinstance(filter, str) else _render_root(_as_expression(filter))
    if strict:
        check_strict_filter(filter)
    return text


# --- the LearnWith.AI limits ---------------------------------------------------------------------


def _raw_connectives(text: str) -> tuple[int, set[str]]:
    """Count `` AND ``/`` OR `` outside quoted literals (``''`` is an escaped quote)."""
    count, kinds, quoted, i = 0, set(), False, 0
    while i < len(text):
        char = text[i]
        if char == "'":
            quoted = not quoted  # a doubled quote toggles twice: stays inside
        elif not quoted:
            for word in (" AND ", " OR "):
                if text.startswith(word, i):
                    count += 1
                    kinds.add(word.strip())
                    i += len(word) - 1
                    break
        i += 1
    return count + 1, kinds


def _shape(expression: FilterExpression) -> tuple[int, set[str]]:
    if isinstance(expression, Predicate):
        return 1, set()
    if isinstance(expression, RawFilter):
        return _raw_connectives(expression.text)
    if isinstance(expression, (AllOf, AnyOf)):
        total, kinds = 0, set()
        for part in expression.parts:
            count, part_kinds = _shape(part)
            total += count
            kinds |= part_kinds
        if len(expression.parts) > 1:
            kinds.add("AND" if isinstance(expression, AllOf) else "OR")
        return total, kinds
    _invalid(f"not a filter expression: {type(expression).__name__}")


def check_strict_filter(filter: FilterLike) -> None:
    """Enforce the LearnWith.AI filter limits: at most two predicates, AND and OR not mixed.

    An ``@`` in-list counts as one predicate; a default `FilterField.is_in` of three values is
    three (use ``operator="@"`` to stay within the limit).

    Args:
        filter: An expression, a dict or a raw string.

    Raises:
        InputValidationError: When the filter has more than two predicates or mixes AND and OR.
    """
    expression = RawFilter(filter) if isinstance(filter, str) else _as_expression(filter)
    count, kinds = _deep_guard(_shape, expression)
    problems = []
    if count > 2:
        problems.append(
            f"this platform accepts at most 2 predicates per filter, got {count}"
            " (an in-list with operator='@' counts as one)"
        )
    if len(kinds) > 1:
        problems.append("this platform does not accept AND and OR in one filter")
    if problems:
        raise InputValidationError(
            "invalid filter: " + "; ".join(problems),
            [ErrorIssue(problem, "filter") for problem in problems],
        )
