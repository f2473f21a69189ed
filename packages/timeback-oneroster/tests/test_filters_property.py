"""Property tests of the filter builder against an independent reference parser.

Reusable parts (for tests that evaluate generated filters on the emulator over seeded data):

* `parse_reference(text)` parses a filter string by the contract's grammar (4.4) into a tree of
  tuples, and refuses AND and OR mixed at one level without parentheses;
* `expected_tree(expression)` is the tree a builder expression must render to;
* `filter_values()`, `field_names()`, `predicates(...)` and `filter_expressions(...)` are hypothesis
  strategies; `predicates` takes strategies of fields and values, so a caller can draw predicates
  over the fields of a seeded entity.

The tests directory is not a package (pytest runs with ``--import-mode=importlib``); load this
module by path: ``importlib.util.spec_from_file_location("filter_reference", <this file>)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeback_common import InputValidationError
from timeback_oneroster._filters import (
    STRING_BOOLEAN_FIELDS,
    AllOf,
    AnyOf,
    F,
    FilterExpression,
    Predicate,
    all_of,
    any_of,
    check_strict_filter,
    render_filter,
)

# No deadlines: timing is never asserted (the CPUs are shared).
LEAN = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- reference parser ----------------------------------------------------------------------------

Tree = tuple[Any, ...]
_FIELD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)?")
_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
_OPERATORS = ("!=", ">=", "<=", "=", ">", "<", "~", "@")


class ReferenceParseError(ValueError):
    """The text is not a filter by the contract's grammar (or mixes AND/OR without parentheses)."""


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, why: str) -> ReferenceParseError:
        return ReferenceParseError(f"{why} at {self.pos} in {self.text!r}")

    def expression(self) -> Tree:
        terms = [self.term()]
        kind = None
        while True:
            if self.text.startswith(" AND ", self.pos):
                word, size = "and", 5
            elif self.text.startswith(" OR ", self.pos):
                word, size = "or", 4
            else:
                break
            if kind is not None and word != kind:
                raise self.fail("AND and OR mixed without parentheses")
            kind = word
            self.pos += size
            terms.append(self.term())
        return terms[0] if kind is None else (kind, tuple(terms))

    def term(self) -> Tree:
        if self.text.startswith("(", self.pos):
            self.pos += 1
            inner = self.expression()
            if not self.text.startswith(")", self.pos):
                raise self.fail("expected )")
            self.pos += 1
            return inner
        return self.predicate()

    def predicate(self) -> Tree:
        field = _FIELD.match(self.text, self.pos)
        if field is None:
            raise self.fail("expected a field")
        self.pos = field.end()
        for operator in _OPERATORS:
            if self.text.startswith(operator, self.pos):
                self.pos += len(operator)
                break
        else:
            raise self.fail("expected an operator")
        return ("pred", field.group(), operator, self.value())

    def value(self) -> Tree:
        if self.text.startswith("'", self.pos):
            out, i = [], self.pos + 1
            while True:
                end = self.text.find("'", i)
                if end < 0:
                    raise self.fail("unterminated string")
                out.append(self.text[i:end])
                if self.text.startswith("''", end):
                    out.append("'")
                    i = end + 2
                    continue
                self.pos = end + 1
                return ("str", "".join(out))
        for word, boolean in (("true", True), ("false", False)):
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return ("bool", boolean)
        number = _NUMBER.match(self.text, self.pos)
        if number is None:
            raise self.fail("expected a value")
        self.pos = number.end()
        return ("num", Decimal(number.group()))


def parse_reference(text: str) -> Tree:
    """Parse a filter string into ``("and"|"or", parts)`` / ``("pred", field, op, literal)``."""
    parser = _Parser(text)
    tree = parser.expression()
    if parser.pos != len(text):
        raise parser.fail("trailing text")
    return tree


def _instant_literal(value: datetime) -> str:
    utc = (value if value.tzinfo else value.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)
    fraction = (
        f"{utc.microsecond // 1000:03d}"
        if utc.microsecond % 1000 == 0
        else f"{utc.microsecond:06d}"
    )
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{fraction}Z"


def _literal(value: object) -> Tree:
    if isinstance(value, tuple):
        return ("str", ",".join(value))
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, datetime):
        return ("str", _instant_literal(value))
    if isinstance(value, date):
        return ("str", value.isoformat())
    if isinstance(value, (int, Decimal)):
        return ("num", Decimal(value))
    if isinstance(value, float):
        return ("num", Decimal(repr(value)))
    raise AssertionError(f"unexpected value {value!r}")


def expected_tree(expression: FilterExpression) -> Tree:
    """The tree `parse_reference` must give for the rendering of ``expression``."""
    if isinstance(expression, Predicate):
        return ("pred", expression.field, expression.operator, _literal(expression.value))
    if isinstance(expression, (AllOf, AnyOf)):
        parts = tuple(expected_tree(part) for part in expression.parts)
        if len(parts) == 1:
            return parts[0]
        return ("and" if isinstance(expression, AllOf) else "or", parts)
    raise AssertionError(f"unexpected expression {expression!r}")


def _shape(tree: Tree) -> tuple[int, set[str]]:
    if tree[0] == "pred":
        return 1, set()
    count, kinds = 0, {tree[0]}
    for part in tree[1]:
        part_count, part_kinds = _shape(part)
        count += part_count
        kinds |= part_kinds
    return count, kinds


# --- strategies ----------------------------------------------------------------------------------

_OFFSETS = st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


def field_names() -> st.SearchStrategy[str]:
    """Field names and one-step dotted paths, as the grammar allows."""
    return st.from_regex(
        r"[A-Za-z][A-Za-z0-9_]{0,10}(\.[A-Za-z][A-Za-z0-9_]{0,10})?", fullmatch=True
    )


def text_values() -> st.SearchStrategy[str]:
    """Any text, with quotes, ``+``, ``%``, AND/OR words and non-ASCII well represented."""
    tricky = st.sampled_from(
        ["'", "''", "+", "%2B", " AND ", " OR ", "(", ")", ",", "é", "😀", " "]
    )
    return st.one_of(
        st.text(),
        st.lists(st.one_of(tricky, st.text(max_size=3)), max_size=6).map("".join),
    )


def filter_values() -> st.SearchStrategy[Any]:
    """Every kind of value a predicate takes."""
    return st.one_of(
        text_values(),
        st.integers(min_value=-(10**15), max_value=10**15),
        st.floats(allow_nan=False, allow_infinity=False),
        st.decimals(
            allow_nan=False, allow_infinity=False, places=4, min_value=-(10**9), max_value=10**9
        ),
        st.booleans(),
        st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)),
        st.datetimes(
            min_value=datetime(1900, 1, 2),
            max_value=datetime(2200, 12, 30),
            timezones=st.one_of(st.none(), _OFFSETS),
        ),
    )


def _at_items() -> st.SearchStrategy[list[str]]:
    item = st.text(alphabet=st.characters(blacklist_characters=","), min_size=1, max_size=8).map(
        str.strip
    )
    return st.lists(item.filter(bool), min_size=1, max_size=4)


@st.composite
def predicates(
    draw: st.DrawFn,
    fields: st.SearchStrategy[str] | None = None,
    values: st.SearchStrategy[Any] | None = None,
) -> FilterExpression:
    """One builder predicate (or an in-list group) over ``fields`` and ``values``."""
    field = F(draw(fields if fields is not None else field_names()))
    value_strategy = values if values is not None else filter_values()
    kind = draw(
        st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "contains", "in", "@", "not_in"])
    )
    compare: dict[str, Callable[[Any], FilterExpression]] = {
        "==": lambda v: field == v,
        "!=": lambda v: field != v,
        "<": lambda v: field < v,
        "<=": lambda v: field <= v,
        ">": lambda v: field > v,
        ">=": lambda v: field >= v,
    }
    if kind in compare:
        return compare[kind](draw(value_strategy))
    if kind == "contains":
        return field.contains(draw(text_values()))
    if kind == "@":
        return field.is_in(draw(_at_items()), operator="@")
    values_list = draw(st.lists(value_strategy, min_size=1, max_size=3))
    return field.is_in(values_list) if kind == "in" else field.not_in(values_list)


def filter_expressions(
    leaves: st.SearchStrategy[FilterExpression] | None = None, max_leaves: int = 8
) -> st.SearchStrategy[FilterExpression]:
    """Trees of predicates combined with ``&``, ``|``, `all_of` and `any_of`."""
    base = leaves if leaves is not None else predicates()

    def combine(
        children: st.SearchStrategy[FilterExpression],
    ) -> st.SearchStrategy[FilterExpression]:
        pairs = st.tuples(children, children)
        groups = st.lists(children, min_size=1, max_size=3)
        return st.one_of(
            pairs.map(lambda ab: ab[0] & ab[1]),
            pairs.map(lambda ab: ab[0] | ab[1]),
            groups.map(lambda parts: all_of(*parts)),
            groups.map(lambda parts: any_of(*parts)),
        )

    return st.recursive(base, combine, max_leaves=max_leaves)


# --- properties ----------------------------------------------------------------------------------


@LEAN
@given(filter_expressions())
def test_rendered_filter_parses_back_to_the_same_tree(expression: FilterExpression) -> None:
    # given any builder expression, when rendered and parsed by the reference grammar
    tree = parse_reference(render_filter(expression))
    # then it is the expression's tree (and no level mixes AND and OR without parentheses)
    assert tree == expected_tree(expression)


@LEAN
@given(field_names(), text_values())
def test_any_text_value_survives_quoting(name: str, value: str) -> None:
    tree = parse_reference(render_filter(F(name, string_boolean=False) == value))
    assert tree == ("pred", name, "=", ("str", value))


@LEAN
@given(st.text(alphabet=st.characters(codec="utf-8")))
def test_value_survives_url_encoding_with_form_decoding(value: str) -> None:
    # pitfall 4: the emulator decodes the query with form semantics (+ means space)
    text = render_filter(F("email") == value)
    query = httpx.URL("https://x.test/users", params={"filter": text}).query.decode()
    assert parse_qs(query, keep_blank_values=True)["filter"] == [text]


@LEAN
@given(filter_expressions())
def test_rendering_is_deterministic(expression: FilterExpression) -> None:
    assert render_filter(expression) == render_filter(expression)


@LEAN
@given(
    st.dictionaries(
        field_names(),
        st.one_of(filter_values(), st.lists(filter_values(), min_size=1, max_size=3)),
        min_size=1,
        max_size=4,
    )
)
def test_dict_form_means_and_of_equalities_and_in_lists(mapping: dict[str, Any]) -> None:
    parts = [F(k).is_in(v) if isinstance(v, list) else F(k) == v for k, v in mapping.items()]
    assert parse_reference(render_filter(mapping)) == expected_tree(all_of(*parts))


@LEAN
@given(filter_expressions(max_leaves=4))
def test_strict_check_rejects_exactly_what_learnwith_ai_cannot_take(
    expression: FilterExpression,
) -> None:
    count, kinds = _shape(expected_tree(expression))
    allowed = count <= 2 and len(kinds) <= 1
    if allowed:
        check_strict_filter(expression)
        check_strict_filter(render_filter(expression))  # the raw-string path agrees
    else:
        with pytest.raises(InputValidationError):
            check_strict_filter(expression)
        with pytest.raises(InputValidationError):
            check_strict_filter(render_filter(expression))


@LEAN
@given(
    field_names().filter(lambda n: n.rsplit(".", 1)[-1] not in STRING_BOOLEAN_FIELDS), st.booleans()
)
def test_booleans_are_bare_except_on_string_boolean_fields(name: str, value: bool) -> None:
    assert parse_reference(render_filter(F(name) == value)) == ("pred", name, "=", ("bool", value))


# --- invalid inputs raise ------------------------------------------------------------------------


@LEAN
@given(
    st.text().filter(
        lambda n: re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)?", n) is None
    )
)
def test_any_other_field_name_is_rejected(name: str) -> None:
    with pytest.raises(InputValidationError):
        F(name)


@LEAN
@given(
    st.one_of(
        st.none(),
        st.just(float("nan")),
        st.just(float("inf")),
        st.just(float("-inf")),
        st.just(Decimal("NaN")),
        st.binary(),
        st.lists(st.integers()),
        st.dictionaries(st.text(), st.integers()),
        st.complex_numbers(),
        st.builds(object),
    )
)
def test_inexpressible_values_are_rejected(value: object) -> None:
    with pytest.raises(InputValidationError):
        F("a") == value  # noqa: B015


@LEAN
@given(
    st.lists(st.text(max_size=4), min_size=1, max_size=4).filter(
        lambda items: any("," in i or i != i.strip() or not i for i in items)
    )
)
def test_at_lists_that_would_not_survive_splitting_are_rejected(items: list[str]) -> None:
    with pytest.raises(InputValidationError):
        F("role").is_in(items, operator="@")


@pytest.mark.parametrize(
    "text",
    ["a=1 AND b=2 OR c=3", "a=1 OR b=2 AND c=3", "(a=1", "a='x", "a=1 and b=2", "a = 1", "a=x"],
)
def test_reference_parser_refuses_what_the_builder_must_never_produce(text: str) -> None:
    with pytest.raises(ReferenceParseError):
        parse_reference(text)


def test_reference_parser_reads_the_contract_examples() -> None:
    assert parse_reference("(role='student' OR role='teacher') AND class.sourcedId='cls-1'") == (
        "and",
        (
            (
                "or",
                (
                    ("pred", "role", "=", ("str", "student")),
                    ("pred", "role", "=", ("str", "teacher")),
                ),
            ),
            ("pred", "class.sourcedId", "=", ("str", "cls-1")),
        ),
    )
    assert parse_reference("familyName='O''Brien'") == (
        "pred",
        "familyName",
        "=",
        ("str", "O'Brien"),
    )
