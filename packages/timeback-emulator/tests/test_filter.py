"""Unit tests of the filter grammar: parsing, precedence, literals, errors, strict mode."""

from __future__ import annotations

import pytest

from timeback_emulator._filter import (
    BoolOp,
    FilterError,
    Predicate,
    Value,
    normalize_timestamp,
    parse_filter,
)


def test_predicate_with_quoted_string() -> None:
    assert parse_filter("status='active'") == Predicate("status", "=", Value("str", "active"))


def test_doubled_quote_is_one_quote() -> None:
    node = parse_filter("familyName='O''Brien'")
    assert node == Predicate("familyName", "=", Value("str", "O'Brien"))


def test_operators_match_longest_first() -> None:
    ops = [parse_filter(f"x{op}'1'") for op in ("!=", ">=", "<=", "=", ">", "<", "~", "@")]
    assert [p.op for p in ops if isinstance(p, Predicate)] == [
        "!=", ">=", "<=", "=", ">", "<", "~", "@",
    ]  # fmt: skip


def test_bare_numbers_and_booleans() -> None:
    assert parse_filter("sortOrder>-3.5") == Predicate("sortOrder", ">", Value("num", "-3.5"))
    assert parse_filter("x=true") == Predicate("x", "=", Value("bool", "true"))


def test_dotted_reference_path() -> None:
    node = parse_filter("course.sourcedId='c-42'")
    assert node == Predicate("course.sourcedId", "=", Value("str", "c-42"))


def test_and_binds_tighter_than_or() -> None:
    node = parse_filter("a='1' OR b='2' AND c='3'")
    assert isinstance(node, BoolOp)
    assert node.op == "OR"
    assert node.items[1] == BoolOp(
        "AND", (Predicate("b", "=", Value("str", "2")), Predicate("c", "=", Value("str", "3")))
    )


def test_parentheses_group() -> None:
    node = parse_filter("(role='student' OR role='teacher') AND class.sourcedId='cls-1'")
    assert isinstance(node, BoolOp)
    assert node.op == "AND"
    assert isinstance(node.items[0], BoolOp)
    assert node.items[0].op == "OR"


def test_keywords_inside_quotes_are_text() -> None:
    node = parse_filter("title='A AND B OR (C)'")
    assert node == Predicate("title", "=", Value("str", "A AND B OR (C)"))


@pytest.mark.parametrize(
    "text",
    [
        "",
        "status",
        "status=",
        "status='active",
        "status=active",
        "(status='a'",
        "status='a')",
        "status='a' and x='b'",
        "status='a' AND",
        "a.b.c='x'",
        "1a='x'",
        "x=12abc",
    ],
)
def test_malformed_filters_raise(text: str) -> None:
    with pytest.raises(FilterError):
        parse_filter(text)


def test_strict_mode_allows_two_predicates() -> None:
    parse_filter("a='1' AND b='2'", strict=True)


def test_strict_mode_rejects_three_predicates() -> None:
    with pytest.raises(FilterError):
        parse_filter("a='1' AND b='2' AND c='3'", strict=True)


def test_strict_mode_rejects_mixing() -> None:
    with pytest.raises(FilterError):
        parse_filter("(a='1' OR b='2') AND c='3'", strict=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-01-01", "2024-01-01T00:00:00.000Z"),
        ("2024-01-01T10:20:30Z", "2024-01-01T10:20:30.000Z"),
        ("2024-01-01T10:20:30.1234567Z", "2024-01-01T10:20:30.123Z"),
        ("2024-01-01T01:00:00+02:00", "2023-12-31T23:00:00.000Z"),
        ("2024-01-01T10:20", "2024-01-01T10:20:00.000Z"),
        ("2024-02-30", None),
        ("yesterday", None),
    ],
)
def test_normalize_timestamp(text: str, expected: str | None) -> None:
    assert normalize_timestamp(text) == expected
