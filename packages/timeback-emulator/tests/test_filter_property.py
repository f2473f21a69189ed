"""Property test of the filter grammar: the store returns exactly what a plain Python evaluation
of the same expression over the same documents selects.

The expressions are generated as trees here, rendered to filter text here (quoting, parentheses)
and evaluated here by a deliberately simple reference evaluator written from the documented
semantics; the emulator's parser and SQL translation are only exercised through
``Store.find(filter=...)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeback_emulator._seed import seed_oneroster
from timeback_emulator._store import Store

# --------------------------------------------------------------------------------------------
# Reference semantics

UTC = timezone.utc


def ref_timestamp(text: object) -> datetime | None:
    """Date or date-time → aware UTC datetime truncated to milliseconds (reference version)."""
    if not isinstance(text, str):
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return datetime.strptime(text, "%Y-%m-%d").replace(tzinfo=UTC)
        except ValueError:
            return None
    m = re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})", text
    )
    if m is None:
        return None
    micros = int((m[5] or "0")[:6].ljust(6, "0"))
    try:
        dt = datetime.strptime(f"{m[1]} {m[2]}:{m[3]}:{m[4]}", "%Y-%m-%d %H:%M:%S")
    except ValueError:
        return None
    dt = dt.replace(microsecond=micros // 1000 * 1000, tzinfo=UTC)
    if m[6] != "Z":
        sign = 1 if m[6][0] == "+" else -1
        dt -= sign * timedelta(hours=int(m[6][1:3]), minutes=int(m[6][4:6]))
    return dt


def ref_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
}


def ref_scalar(kind: str, value: Any, op: str, text: str) -> bool:
    """One value against one literal, per the documented semantics."""
    if kind == "any":  # metadata members: typed by their JSON type
        if isinstance(value, bool):
            return ref_scalar("str", "true" if value else "false", op, text) if op != "~" else False
        if isinstance(value, (int, float)):
            return ref_scalar("num", value, op, text) if op != "~" else False
        if isinstance(value, str):
            return ref_scalar("str", value, op, text)
        return op == "!="
    if value is None:
        return op == "!="
    if op == "~":
        return isinstance(value, str) and text.lower() in value.lower()
    if op == "@":
        items = [item.strip() for item in text.split(",")]
        if kind == "num":
            wanted = [n for n in (ref_number(i) for i in items) if n is not None]
            return any(float(value) == n for n in wanted)
        if kind == "date":
            stamp = ref_timestamp(value)
            for item in items:
                item_stamp = ref_timestamp(item)
                if item_stamp is not None and stamp == item_stamp:
                    return True
                if item_stamp is None and value == item:
                    return True
            return False
        return value in items
    if kind == "num":
        number = ref_number(text)
        return OPS[op](float(value), number) if number is not None else op == "!="
    if kind == "date":
        literal = ref_timestamp(text)
        if literal is not None:
            stamp = ref_timestamp(value)
            return OPS[op](stamp, literal) if stamp is not None else op == "!="
    return OPS[op](value, text)


def ref_predicate(
    fields: dict[str, str], doc: dict[str, Any], field: str, op: str, text: str
) -> bool:
    kind = fields[field]
    head, _, tail = field.partition(".")
    if kind.startswith("arr:"):  # array of scalars: any element
        return any(ref_scalar(kind[4:], v, op, text) for v in doc.get(head) or [])
    if kind.startswith("objarr:"):  # array of objects, one step in: any element
        return any(
            ref_scalar(kind[7:], e.get(tail) if isinstance(e, dict) else None, op, text)
            for e in doc.get(head) or []
        )
    if tail:
        parent = doc.get(head)
        value = parent.get(tail) if isinstance(parent, dict) else None
    else:
        value = doc.get(head)
    return ref_scalar(kind, value, op, text)


def ref_eval(fields: dict[str, str], tree: Any, doc: dict[str, Any]) -> bool:
    if tree[0] == "pred":
        _, field, op, _kind, text = tree
        return ref_predicate(fields, doc, field, op, text)
    results = [ref_eval(fields, child, doc) for child in tree[1]]
    return all(results) if tree[0] == "AND" else any(results)


# --------------------------------------------------------------------------------------------
# Rendering trees to filter text (independent of the parser)


def render_literal(kind: str, text: str) -> str:
    if kind == "str":
        return "'" + text.replace("'", "''") + "'"
    return text


def render(tree: Any, parenthesize: Callable[[], bool]) -> str:
    if tree[0] == "pred":
        _, field, op, kind, text = tree
        return f"{field}{op}{render_literal(kind, text)}"
    parts = []
    for child in tree[1]:
        text = render(child, parenthesize)
        # AND binds tighter than OR: an OR inside an AND needs parentheses.
        needs = child[0] == "OR" and tree[0] == "AND"
        if (
            needs
            or (child[0] != "pred" and parenthesize())
            or (child[0] == "pred" and parenthesize() and parenthesize())
        ):
            text = f"({text})"
        parts.append(text)
    return f" {tree[0]} ".join(parts)


# --------------------------------------------------------------------------------------------
# Data and strategies

FIELDS: dict[str, dict[str, str]] = {
    "users": {
        "status": "str",
        "givenName": "str",
        "familyName": "str",
        "email": "str",
        "enabledUser": "str",
        "preferredFirstName": "str",
        "dateLastModified": "date",
        "grades": "arr:str",
        "roles.role": "objarr:str",
        "roles.roleType": "objarr:str",
        "primaryOrg.sourcedId": "str",
        "metadata.flag": "any",
        "metadata.n": "any",
    },
    "academicSessions": {
        "title": "str",
        "type": "str",
        "schoolYear": "num",
        "startDate": "date",
        "endDate": "date",
        "parent.sourcedId": "str",
        "children.sourcedId": "objarr:str",
    },
    "courseComponents": {
        "title": "str",
        "sortOrder": "num",
        "unlockDate": "date",
        "course.sourcedId": "str",
        "prerequisites": "arr:str",
    },
}

EXTRA_USERS: list[dict[str, Any]] = [
    {"sourcedId": "x-null", "givenName": "Null", "familyName": None, "email": None, "roles": [],
     "grades": [], "metadata": {"flag": True, "n": 3}},
    {"sourcedId": "x-odd", "givenName": "ÉLODIE", "familyName": "o'brien", "enabledUser": "false",
     "roles": [{"role": "student", "roleType": "primary", "org": {"sourcedId": "sch-001"}},
               {"role": "aide", "roleType": "secondary", "org": {"sourcedId": "sch-002"}}],
     "grades": ["5", "6"], "metadata": {"flag": "true", "n": "3"}},
    {"sourcedId": "x-missing", "givenName": "a,b", "familyName": "Comma, Inc", "metadata": None},
    {"sourcedId": "x-num", "givenName": "5", "familyName": "2024-01-01", "metadata": {"n": 2.5,
     "flag": False}, "dateLastModified": "2024-01-01T00:00:00.000Z"},
]  # fmt: skip


@pytest.fixture(scope="module")
def seeded() -> tuple[Store, dict[str, list[dict[str, Any]]]]:
    store = Store()
    seed_oneroster(store, "tiny", seed=7)
    store.insert_many("users", EXTRA_USERS)
    docs = {name: store.find(name) for name in FIELDS}
    return store, docs


def samples(docs: list[dict[str, Any]], field: str) -> list[str]:
    """String forms of the values present in the data (so that predicates hit)."""
    head, _, tail = field.partition(".")
    out: set[str] = set()
    for doc in docs:
        value = doc.get(head)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if tail:
                v = v.get(tail) if isinstance(v, dict) else None
            if isinstance(v, bool):
                out.add("true" if v else "false")
            elif isinstance(v, (str, int, float)):
                out.add(str(v))
    return sorted(out)


TRICKY = st.sampled_from(["", "'", "''", "O'Brien", "a,b", " spaced ", "Zoë", "%_", "(x)", "AND",
                          "OR", "true", "3", "-1.5", "2025-08-15",
                          "2025-09-01T00:00:00Z"])  # fmt: skip
DATES = st.builds(
    lambda d, h, frac, zone, date_only: (
        d.isoformat() if date_only else f"{d.isoformat()}T{h:02d}:15:30{frac}{zone}"
    ),
    st.dates(min_value=datetime(2024, 12, 1).date(), max_value=datetime(2026, 8, 1).date()),
    st.integers(0, 23),
    st.sampled_from(["", ".5", ".123", ".1239", ".000001"]),
    st.sampled_from(["Z", "+02:00", "-05:30"]),
    st.booleans(),
)


def predicate(fields: dict[str, str], docs: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
    @st.composite
    def build(draw: st.DrawFn) -> Any:
        field = draw(st.sampled_from(sorted(fields)))
        kind = fields[field].split(":")[-1]
        op = draw(st.sampled_from(["=", "!=", ">", ">=", "<", "<=", "~", "@"]))
        present = samples(docs, field)
        if op == "@":
            items = draw(st.lists(st.one_of(st.sampled_from(present or ["x"]), TRICKY,
                                            DATES if kind == "date" else TRICKY),
                                  min_size=1, max_size=4))  # fmt: skip
            text = ",".join(f" {i} " if draw(st.booleans()) else i for i in items)
            return ("pred", field, op, "str", text)
        if kind == "num" and draw(st.booleans()):
            number = draw(st.sampled_from([*present, "0", "-3", "2.5", "2026"]))
            return ("pred", field, op, "num", number)
        if draw(st.integers(0, 9)) == 0 and op != "~":
            return ("pred", field, op, "bool", draw(st.sampled_from(["true", "false"])))
        source = [st.sampled_from(present)] if present else []
        if kind == "date":
            source.append(DATES)
        source += [TRICKY, st.text(alphabet="abcdeOBrién' ,0-9", max_size=6)]
        text = draw(st.one_of(*source))
        if op == "~" and text and draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            text = text[start : start + draw(st.integers(1, 4))].swapcase()
        return ("pred", field, op, "str", text)

    return build()


def trees(fields: dict[str, str], docs: list[dict[str, Any]]) -> st.SearchStrategy[Any]:
    return st.recursive(
        predicate(fields, docs),
        lambda children: st.tuples(st.sampled_from(["AND", "OR"]), st.lists(children, min_size=2,
                                                                             max_size=3)),
        max_leaves=5,
    )  # fmt: skip


def check(seeded: Any, collection: str, tree: Any, data: st.DataObject) -> None:
    store, all_docs = seeded
    docs = all_docs[collection]
    fields = FIELDS[collection]
    text = render(tree, lambda: data.draw(st.booleans()))
    expected = sorted(d["sourcedId"] for d in docs if ref_eval(fields, tree, d))
    got = sorted(d["sourcedId"] for d in store.find(collection, filter=text))
    assert got == expected, text


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(data=st.data())
def test_user_filters_match_reference(seeded: Any, data: st.DataObject) -> None:
    tree = data.draw(trees(FIELDS["users"], seeded[1]["users"]))
    check(seeded, "users", tree, data)


@SETTINGS
@given(data=st.data())
def test_academic_session_filters_match_reference(seeded: Any, data: st.DataObject) -> None:
    tree = data.draw(trees(FIELDS["academicSessions"], seeded[1]["academicSessions"]))
    check(seeded, "academicSessions", tree, data)


@SETTINGS
@given(data=st.data())
def test_course_component_filters_match_reference(seeded: Any, data: st.DataObject) -> None:
    tree = data.draw(trees(FIELDS["courseComponents"], seeded[1]["courseComponents"]))
    check(seeded, "courseComponents", tree, data)
