"""OneRoster filter grammar: parser and SQL translator.

The grammar::

    filter    = or-expr
    or-expr   = and-expr { " OR " and-expr }        (AND binds tighter than OR)
    and-expr  = term { " AND " term }
    term      = "(" or-expr ")" | predicate
    predicate = field operator value
    field     = name [ "." name ]
    operator  = "!=" | ">=" | "<=" | "=" | ">" | "<" | "~" | "@"
    value     = quoted | number | boolean

The parser is tolerant of extra whitespace between tokens. Parse errors and unknown fields raise
:class:`FilterError`, which the routes turn into 400 ``invalid_filter_field``.

Semantics (emulator decisions, documented here):

- ``=`` and ``!=`` are exact and case-sensitive; ``~`` is a case-insensitive substring match on
  string values (Python ``str.lower``); ``@`` holds one quoted, comma-separated list whose items
  are trimmed, and is true when the value equals any item.
- A missing or ``null`` value satisfies only ``!=``.
- Number fields compare numerically with a numeric literal (bare or quoted); a non-numeric literal
  never equals a number (so ``!=`` is true).
- Date fields compare chronologically when the literal is an ISO 8601 date or date-time: both sides
  are normalised to UTC at millisecond precision (sub-millisecond digits are truncated), and a
  date-only literal means 00:00:00Z of that day. Other literals compare as strings.
- String fields compare as strings with the literal's text (a bare ``5`` or ``true`` is the text
  ``"5"`` or ``"true"``); ordering operators use code-point order.
- A predicate on an array field (``grades``) or through an array of objects (``roles.role``) is true
  when any element matches; an empty or missing array matches nothing.
- ``metadata.<key>`` is typed dynamically: strings as strings, numbers as numbers, JSON booleans as
  the strings ``"true"``/``"false"``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal

__all__ = [
    "BoolOp",
    "FieldSpec",
    "FilterError",
    "Node",
    "Predicate",
    "Value",
    "compile_filter",
    "count_predicates",
    "icontains",
    "normalize_timestamp",
    "parse_filter",
    "resolve_field",
]

Op = Literal["=", "!=", ">", ">=", "<", "<=", "~", "@"]
Kind = Literal["str", "num", "date", "any", "strarr", "ref", "refarr", "obj", "objarr"]

_OPERATORS: tuple[Op, ...] = ("!=", ">=", "<=", "=", ">", "<", "~", "@")
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_NUMBER_RE = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_NUMERIC_TEXT_RE = re.compile(r"\s*-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?\s*")


class FilterError(ValueError):
    """A filter expression that does not parse or names an unknown field."""

    def __init__(self, message: str, position: int | None = None) -> None:
        self.message = message
        self.position = position
        super().__init__(message if position is None else f"{message} (at position {position})")


@dataclass(frozen=True)
class Value:
    """A literal: ``kind`` is how it was written, ``text`` its content (quotes removed)."""

    kind: Literal["str", "num", "bool"]
    text: str


@dataclass(frozen=True)
class Predicate:
    """``field op value``; ``field`` is the dotted path as written."""

    field: str
    op: Op
    value: Value


@dataclass(frozen=True)
class BoolOp:
    """``AND`` or ``OR`` over two or more operands."""

    op: Literal["AND", "OR"]
    items: tuple[Node, ...]


Node = Predicate | BoolOp


# --------------------------------------------------------------------------------------------
# Parser


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def error(self, message: str) -> FilterError:
        return FilterError(message, self.pos)

    def skip_ws(self) -> None:
        text = self.text
        while self.pos < len(text) and text[self.pos].isspace():
            self.pos += 1

    def at_keyword(self, word: str) -> bool:
        """True when ``word`` starts here, preceded by whitespace and followed by ws or '('."""
        text, pos = self.text, self.pos
        if not text.startswith(word, pos):
            return False
        if pos == 0 or not text[pos - 1].isspace():
            return False
        end = pos + len(word)
        return end < len(text) and (text[end].isspace() or text[end] == "(")

    def parse(self) -> Node:
        self.skip_ws()
        if self.pos >= len(self.text):
            raise self.error("empty filter")
        node = self.or_expr()
        self.skip_ws()
        if self.pos != len(self.text):
            raise self.error(f"unexpected {self.text[self.pos : self.pos + 10]!r}")
        return node

    def or_expr(self) -> Node:
        items = [self.and_expr()]
        while True:
            self.skip_ws()
            if self.at_keyword("OR"):
                self.pos += 2
                items.append(self.and_expr())
            else:
                break
        return items[0] if len(items) == 1 else BoolOp("OR", tuple(items))

    def and_expr(self) -> Node:
        items = [self.term()]
        while True:
            self.skip_ws()
            if self.at_keyword("AND"):
                self.pos += 3
                items.append(self.term())
            else:
                break
        return items[0] if len(items) == 1 else BoolOp("AND", tuple(items))

    def term(self) -> Node:
        self.skip_ws()
        if self.pos < len(self.text) and self.text[self.pos] == "(":
            self.pos += 1
            node = self.or_expr()
            self.skip_ws()
            if self.pos >= len(self.text) or self.text[self.pos] != ")":
                raise self.error("missing ')'")
            self.pos += 1
            return node
        return self.predicate()

    def name(self) -> str:
        match = _NAME_RE.match(self.text, self.pos)
        if match is None:
            raise self.error("expected a field name")
        self.pos = match.end()
        return match.group()

    def predicate(self) -> Predicate:
        field_name = self.name()
        if self.text.startswith(".", self.pos):
            self.pos += 1
            field_name += "." + self.name()
        self.skip_ws()
        op = next((o for o in _OPERATORS if self.text.startswith(o, self.pos)), None)
        if op is None:
            raise self.error(f"expected an operator after {field_name!r}")
        self.pos += len(op)
        self.skip_ws()
        return Predicate(field_name, op, self.value())

    def value(self) -> Value:
        text, pos = self.text, self.pos
        if pos < len(text) and text[pos] == "'":
            out: list[str] = []
            i = pos + 1
            while True:
                j = text.find("'", i)
                if j < 0:
                    self.pos = pos
                    raise self.error("unterminated string")
                out.append(text[i:j])
                if text.startswith("''", j):
                    out.append("'")
                    i = j + 2
                    continue
                self.pos = j + 1
                return Value("str", "".join(out))
        for word in ("true", "false"):
            end = pos + len(word)
            if text.startswith(word, pos) and (end == len(text) or not _is_name_char(text[end])):
                self.pos = end
                return Value("bool", word)
        match = _NUMBER_RE.match(text, pos)
        if match is not None and (match.end() == len(text) or not _is_name_char(text[match.end()])):
            self.pos = match.end()
            return Value("num", match.group())
        raise self.error("expected a quoted string, a number or a boolean")


def _is_name_char(ch: str) -> bool:
    return ch.isalnum() or ch in "_.'"


def count_predicates(node: Node) -> int:
    """Number of predicates in an expression."""
    if isinstance(node, Predicate):
        return 1
    return sum(count_predicates(item) for item in node.items)


def _logical_ops(node: Node) -> set[str]:
    if isinstance(node, Predicate):
        return set()
    ops: set[str] = {node.op}
    for item in node.items:
        ops |= _logical_ops(item)
    return ops


def parse_filter(text: str, *, strict: bool = False) -> Node:
    """Parse a filter expression.

    Args:
        text: The expression, already URL-decoded.
        strict: Imitate the LearnWith.AI limits: at most two predicates, AND and OR not mixed.

    Returns:
        The expression tree.

    Raises:
        FilterError: On a syntax error or, in strict mode, an expression over the limits.
    """
    node = _Parser(text).parse()
    if strict:
        if count_predicates(node) > 2:
            raise FilterError("at most two predicates are allowed")
        if len(_logical_ops(node)) > 1:
            raise FilterError("AND and OR may not be mixed")
    return node


# --------------------------------------------------------------------------------------------
# Timestamps and helpers shared with the store

_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATETIME_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?"
    r"(?:([Zz])|([+-])(\d{2}):?(\d{2}))?"
)


def normalize_timestamp(value: object) -> str | None:
    """Normalise an ISO 8601 date or date-time to ``YYYY-MM-DDTHH:MM:SS.mmmZ`` (UTC).

    A date alone means 00:00:00Z; a date-time without an offset is taken as UTC; digits beyond
    milliseconds are truncated. Anything else gives None.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    match = _DATE_RE.fullmatch(text)
    try:
        if match is not None:
            d = datetime(int(match[1]), int(match[2]), int(match[3]))
            return d.strftime("%Y-%m-%d") + "T00:00:00.000Z"
        match = _DATETIME_RE.fullmatch(text)
        if match is None:
            return None
        frac = (match[7] or "")[:6].ljust(6, "0")
        dt = datetime(
            int(match[1]),
            int(match[2]),
            int(match[3]),
            int(match[4]),
            int(match[5]),
            int(match[6] or 0),
            int(frac),
            tzinfo=timezone.utc,
        )
        if match[9]:
            offset = timedelta(hours=int(match[10]), minutes=int(match[11]))
            dt = dt - offset if match[9] == "+" else dt + offset
    except (ValueError, OverflowError):
        return None
    if not 1 <= dt.year <= 9999:
        return None
    return f"{dt.year:04d}-{dt:%m-%dT%H:%M:%S}.{dt.microsecond // 1000:03d}Z"


def icontains(value: object, needle: object) -> int:
    """SQL helper: 1 when ``value`` is a string containing ``needle`` ignoring case."""
    if isinstance(value, str) and isinstance(needle, str):
        return 1 if needle.lower() in value.lower() else 0
    return 0


def _as_number(text: str) -> int | float | None:
    if not _NUMERIC_TEXT_RE.fullmatch(text):
        return None
    try:
        number = float(text)
    except ValueError:  # pragma: no cover - the regex guarantees a float
        return None
    if number != number or number in (float("inf"), float("-inf")):
        return None
    if number.is_integer() and abs(number) < 2**53:
        return int(number)
    return number


# --------------------------------------------------------------------------------------------
# Field schema and SQL translation


@dataclass(frozen=True)
class FieldSpec:
    """How a field is stored.

    ``kind``: ``str``, ``num``, ``date``, ``any`` (dynamically typed), ``strarr`` (array of
    strings), ``ref`` (``{sourcedId, type}``), ``refarr``, ``obj`` (free object such as
    ``metadata``; any one-step sub-field is dynamically typed) or ``objarr`` (array of objects
    whose filterable sub-fields are listed in ``sub``).
    """

    kind: Kind
    sub: Mapping[str, Kind] = field(default_factory=dict)


_REF_SUB: Mapping[str, Kind] = {"sourcedId": "str", "type": "str", "href": "str"}


@dataclass(frozen=True)
class ResolvedField:
    """Where a filter path points: a scalar at ``path``, or elements of the array at
    ``array_path`` (``path`` then relative to each element, or None for scalar elements)."""

    kind: Kind
    path: str | None
    array_path: str | None = None


def resolve_field(schema: Mapping[str, FieldSpec], name: str) -> ResolvedField:
    """Resolve a (possibly dotted) field name against a collection schema.

    Raises:
        FilterError: The field is unknown or cannot be compared as written.
    """
    head, _, tail = name.partition(".")
    spec = schema.get(head)
    if spec is None:
        raise FilterError(f"unknown field {name!r}")
    kind = spec.kind
    if not tail:
        if kind in ("str", "num", "date", "any"):
            return ResolvedField(kind, f"$.{head}")
        if kind == "strarr":
            return ResolvedField("str", None, f"$.{head}")
        raise FilterError(f"field {name!r} is an object; name one of its members")
    if kind == "ref":
        sub = _REF_SUB.get(tail)
        if sub is None:
            raise FilterError(f"unknown field {name!r}")
        return ResolvedField(sub, f"$.{head}.{tail}")
    if kind == "obj":
        return ResolvedField("any", f"$.{head}.{tail}")
    if kind in ("refarr", "objarr"):
        subs = _REF_SUB if kind == "refarr" else spec.sub
        sub = subs.get(tail)
        if sub is None:
            raise FilterError(f"unknown field {name!r}")
        return ResolvedField(sub, f"$.{tail}", f"$.{head}")
    raise FilterError(f"field {name!r} has no members")


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


_SQL_OPS = {"=": "=", "!=": "IS NOT", ">": ">", ">=": ">=", "<": "<", "<=": "<="}


class _Compiler:
    def __init__(
        self,
        schema: Mapping[str, FieldSpec],
        doc: str,
        canonical_dates: frozenset[str],
        columns: Mapping[str, str],
        arrays: Mapping[str, tuple[str, Mapping[str, str]]],
        sid: str,
    ):
        self.schema = schema
        self.doc = doc
        self.columns = columns
        self.arrays = arrays
        self.sid = sid
        self.canonical_dates = canonical_dates
        self.params: list[Any] = []

    def node(self, node: Node) -> str:
        if isinstance(node, BoolOp):
            joiner = f" {node.op} "
            return "(" + joiner.join(self.node(item) for item in node.items) + ")"
        return self.predicate(node)

    def predicate(self, pred: Predicate) -> str:
        resolved = resolve_field(self.schema, pred.field)
        if pred.op == "@" and pred.value.kind != "str":
            raise FilterError(f"'@' needs a quoted list in {pred.field!r}")
        if resolved.array_path is None:
            assert resolved.path is not None
            expr = self.columns.get(resolved.path) or (
                f"json_extract({self.doc}, {_sql_str(resolved.path)})"
            )
            canonical = pred.field in self.canonical_dates
            if resolved.kind == "any":
                return self.dynamic(pred, resolved.path)
            return self.compare(expr, resolved.kind, pred, canonical)
        side = self.arrays.get(resolved.array_path)
        if side is not None and resolved.path is not None and resolved.path in side[1]:
            table, columns = side
            inner = self.compare(f"s.{columns[resolved.path]}", resolved.kind, pred, False)
            return f"{self.sid} IN (SELECT s.sid FROM {table} AS s WHERE {inner})"
        if resolved.path is None:
            element = "je.value"
        else:
            element = f"json_extract(je.value, {_sql_str(resolved.path)})"
        inner = self.compare(element, resolved.kind, pred, False)
        return (
            f"EXISTS (SELECT 1 FROM json_each({self.doc}, {_sql_str(resolved.array_path)}) AS je"
            f" WHERE {inner})"
        )

    def compare(self, expr: str, kind: Kind, pred: Predicate, canonical: bool) -> str:
        op, value = pred.op, pred.value
        if op == "~":
            self.params.append(value.text)
            return f"tb_icontains({expr}, ?)"
        if kind == "num":
            return self.compare_num(expr, op, value.text)
        if kind == "date":
            dated = self.compare_date(expr, op, value.text, canonical)
            if dated is not None:
                return dated
        if op == "@":
            items = [item.strip() for item in value.text.split(",")]
            self.params.extend(items)
            return f"{expr} IN ({', '.join('?' * len(items))})"
        self.params.append(value.text)
        return f"{expr} {_SQL_OPS[op]} ?"

    def compare_num(self, expr: str, op: Op, text: str) -> str:
        if op == "@":
            numbers = [n for n in (_as_number(i.strip()) for i in text.split(",")) if n is not None]
            if not numbers:
                return "0"
            self.params.extend(numbers)
            return f"{expr} IN ({', '.join('?' * len(numbers))})"
        number = _as_number(text)
        if number is None:
            return "1" if op == "!=" else "0"
        self.params.append(number)
        return f"{expr} {_SQL_OPS[op]} ?"

    def compare_date(self, expr: str, op: Op, text: str, canonical: bool) -> str | None:
        target = expr if canonical else f"tb_ts({expr})"
        if op == "@":
            items = [item.strip() for item in text.split(",")]
            stamps = [normalize_timestamp(item) for item in items]
            dates = [s for s in stamps if s is not None]
            others = [item for item, s in zip(items, stamps, strict=True) if s is None]
            parts = []
            if dates:
                self.params.extend(dates)
                parts.append(f"{target} IN ({', '.join('?' * len(dates))})")
            if others:
                self.params.extend(others)
                parts.append(f"{expr} IN ({', '.join('?' * len(others))})")
            return "(" + " OR ".join(parts) + ")"
        stamp = normalize_timestamp(text)
        if stamp is None:
            return None
        self.params.append(stamp)
        return f"{target} {_SQL_OPS[op]} ?"

    def dynamic(self, pred: Predicate, path: str) -> str:
        """Compare a dynamically typed value (metadata members) by its JSON type."""
        expr = f"json_extract({self.doc}, {_sql_str(path)})"
        jtype = f"json_type({self.doc}, {_sql_str(path)})"
        as_text = self.compare(expr, "str", pred, False)
        as_num = self.compare(expr, "num", pred, False) if pred.op != "~" else "0"
        bool_expr = f"(CASE {jtype} WHEN 'true' THEN 'true' ELSE 'false' END)"
        as_bool = self.compare(bool_expr, "str", pred, False) if pred.op != "~" else "0"
        missing = "1" if pred.op == "!=" else "0"
        return (
            f"(CASE WHEN {jtype} = 'text' THEN {as_text}"
            f" WHEN {jtype} IN ('integer', 'real') THEN {as_num}"
            f" WHEN {jtype} IN ('true', 'false') THEN {as_bool} ELSE {missing} END)"
        )


def compile_filter(
    node: Node,
    schema: Mapping[str, FieldSpec],
    *,
    doc: str = "doc",
    canonical_dates: Sequence[str] = ("dateLastModified",),
    columns: Mapping[str, str] | None = None,
    arrays: Mapping[str, tuple[str, Mapping[str, str]]] | None = None,
    sid: str = "sid",
) -> tuple[str, list[Any]]:
    """Translate a parsed filter to an SQL boolean expression over a JSON column.

    Args:
        node: The parsed expression.
        schema: Field specs of the collection.
        doc: SQL expression of the JSON document column.
        canonical_dates: Date fields known to be stored normalised (compared without a
            conversion function, so an index or a plain scan suffices).
        columns: SQL expressions holding the value of some JSON paths (``{"$.status":
            "t.status"}``), used instead of ``json_extract`` (same values, no JSON parsing).
        arrays: Side tables mirroring arrays of objects: array path -> (table, {element
            sub-path: column}); a predicate through such an array becomes a look-up in the
            side table (one row per element, with a ``sid`` column).
        sid: SQL expression of the document's sourcedId (for side-table look-ups).

    Returns:
        The SQL text and its positional parameters. The SQL uses the functions ``tb_icontains``
        and ``tb_ts``, which the store registers.

    Raises:
        FilterError: A field is unknown or used in a way that cannot be compared.
    """
    compiler = _Compiler(schema, doc, frozenset(canonical_dates), columns or {}, arrays or {}, sid)
    return compiler.node(node), compiler.params
