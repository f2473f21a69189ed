"""Property: for generated filters over the seeded users, the records the emulator returns for
``client.users.list(filter=...)`` are exactly those an independent Python evaluation of the same
predicate selects among all users fetched unfiltered.

The predicates are drawn with the strategies of ``test_filters_property.py`` (loaded by path),
with values taken from the seeded data (and near misses) so that filters select something. The
Python side evaluates the *rendered* filter, parsed by that module's reference parser, with the
wire contract's semantics (4.4 and the emulator decisions there): ``=``/``!=`` exact, ``~``
case-insensitive containment, ``@`` membership in a trimmed comma-separated list, dates compared
chronologically at millisecond precision, an array field true when any element matches (an empty
one matches nothing), a null or missing value satisfies only ``!=``.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from timeback_common.testing import SyncASGITransport
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import F, FilterExpression, SyncOneRosterClient, render_filter

_spec = importlib.util.spec_from_file_location(
    "filter_reference", Path(__file__).with_name("test_filters_property.py")
)
assert _spec is not None
assert _spec.loader is not None
reference = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(reference)

PROPERTY = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

STRING_FIELDS = ("status", "givenName", "familyName", "sourcedId", "email")
ARRAY_FIELDS = ("roles.role",)


class Seeded:
    """One emulator for the module: a client and the users as wire-like flat dicts."""

    def __init__(self) -> None:
        self.emulator = InProcessEmulator(seed="tiny")
        self.client = SyncOneRosterClient(
            base_url=self.emulator.base_url,
            auth_url=self.emulator.token_url,
            client_id=self.emulator.client_id,
            client_secret=self.emulator.client_secret,
            transport=SyncASGITransport(self.emulator.app),
        )
        self.users = [
            {
                "sourcedId": u.sourced_id,
                "status": u.status,
                "givenName": u.given_name,
                "familyName": u.family_name,
                "email": u.email,
                "enabledUser": None if u.enabled_user is None else str(u.enabled_user).lower(),
                "dateLastModified": u.date_last_modified,
                "roles.role": [r.role for r in u.roles],
            }
            for u in self.client.users.list(limit=3000).to_list()
        ]

    def pool(self, field: str) -> list[Any]:
        found: list[Any] = []
        for user in self.users:
            value = user[field]
            found.extend(value if isinstance(value, list) else [value])
        return sorted({v for v in found if v is not None}, key=str)


@pytest.fixture(scope="module")
def seeded() -> Iterator[Seeded]:
    data = Seeded()
    yield data
    data.client.close()


# --- strategies: predicates over the users' fields, valued from the seed ------------------------


def _near(text: str) -> st.SearchStrategy[str]:
    """The value, a part of it, or it with its case changed: hits and near misses."""
    return st.one_of(
        st.just(text),
        st.integers(0, max(len(text) - 1, 0)).map(lambda i: text[i:]),
        st.integers(1, max(len(text), 1)).map(lambda i: text[:i]),
        st.just(text.swapcase()),
    )


def string_predicates(data: Seeded) -> st.SearchStrategy[FilterExpression]:
    def for_field(field: str) -> st.SearchStrategy[FilterExpression]:
        pool = data.pool(field)
        values = st.sampled_from(pool).flatmap(_near) if pool else st.text(max_size=4)
        return reference.predicates(fields=st.just(field), values=values)

    return st.sampled_from(STRING_FIELDS + ARRAY_FIELDS).flatmap(for_field)


def boolean_predicates() -> st.SearchStrategy[FilterExpression]:
    return reference.predicates(fields=st.just("enabledUser"), values=st.booleans())


def date_predicates(data: Seeded) -> st.SearchStrategy[FilterExpression]:
    stamps = data.pool("dateLastModified")
    instants = st.tuples(st.sampled_from(stamps), st.integers(-2, 2)).map(
        lambda pair: pair[0] + timedelta(milliseconds=pair[1])
    )
    field = F("dateLastModified")
    return st.one_of(
        instants.map(lambda t: field == t),
        instants.map(lambda t: field != t),
        instants.map(lambda t: field < t),
        instants.map(lambda t: field <= t),
        instants.map(lambda t: field > t),
        instants.map(lambda t: field >= t),
    )


def filters(data: Seeded) -> st.SearchStrategy[FilterExpression]:
    leaves = st.one_of(string_predicates(data), boolean_predicates(), date_predicates(data))
    return reference.filter_expressions(leaves=leaves, max_leaves=4)


# --- the independent evaluation ------------------------------------------------------------------


def _text(literal: tuple[Any, ...]) -> str:
    kind, value = literal
    if kind == "bool":
        return "true" if value else "false"
    if kind == "num":
        return str(value) if isinstance(value, Decimal) else value
    return str(value)


def _instant(text: str) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    parsed = parsed.astimezone(timezone.utc)
    return parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)


def _compare(value: Any, op: str, literal: tuple[Any, ...]) -> bool:
    text = _text(literal)
    if op == "@":
        return _canonical(value) in [item.strip() for item in text.split(",")]
    if isinstance(value, datetime):
        instant = _instant(text)
        if instant is not None and op != "~":
            left: Any = value
            right: Any = instant
        else:
            left, right = _canonical(value), text
    else:
        left, right = value, text
    if op == "~":
        return str(right).lower() in str(left).lower()
    return {
        "=": left == right,
        "!=": left != right,
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
    }[op]


def _canonical(value: Any) -> str:
    if isinstance(value, datetime):
        utc = value.astimezone(timezone.utc)
        return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"
    return str(value)


def holds(tree: tuple[Any, ...], record: dict[str, Any]) -> bool:
    if tree[0] == "and":
        return all(holds(part, record) for part in tree[1])
    if tree[0] == "or":
        return any(holds(part, record) for part in tree[1])
    _, field, op, literal = tree
    value = record.get(field)
    if field in ARRAY_FIELDS:
        return any(_compare(element, op, literal) for element in value or [])
    if value is None:
        return bool(op == "!=")
    return _compare(value, op, literal)


# --- the property --------------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::hypothesis.errors.NonInteractiveExampleWarning")
def test_the_emulator_selects_what_a_python_evaluation_selects(seeded: Seeded) -> None:
    @PROPERTY
    @given(filters(seeded))
    def check(expression: FilterExpression) -> None:
        # given a generated filter, when the emulator applies it
        text = render_filter(expression)
        # the client refuses a NUL or an unpaired surrogate before sending (tested elsewhere);
        # "contains" and "@" predicates draw free text whatever the field's values are
        assume("\x00" not in text and not any(0xD800 <= ord(c) <= 0xDFFF for c in text))
        served = {u.sourced_id for u in seeded.client.users.list(filter=expression, limit=3000)}
        # then it returns exactly the users the reference evaluation of the same text selects
        tree = reference.parse_reference(text)
        expected = {u["sourcedId"] for u in seeded.users if holds(tree, u)}
        assert served == expected, text

    check()
