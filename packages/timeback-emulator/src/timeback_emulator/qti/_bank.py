"""The QTI store: stimuli, items and tests as JSON documents, and feedback, in SQLite.

Tests keep their parts, sections and item references inside their document (as the service
returns them); sub-resource routes edit that document and rewrite the test's XML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import sqlite3
from collections.abc import Callable, Mapping
from typing import Any

__all__ = [
    "ListQueryError",
    "delete",
    "ensure_schema",
    "exists",
    "get",
    "insert",
    "list_page",
    "now",
    "put",
]

_SCHEMA = """
CREATE TABLE IF NOT EXISTS qti_documents (
    kind TEXT NOT NULL,
    identifier TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (kind, identifier)
);
CREATE TABLE IF NOT EXISTS qti_feedback (
    id TEXT PRIMARY KEY,
    lesson_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL
);
"""


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the QTI tables when missing."""
    conn.executescript(_SCHEMA)


def now() -> str:
    """UTC now with milliseconds and ``Z``."""
    stamp = dt.datetime.now(dt.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def _next_seq(store: Any, table: str) -> int:
    row = store.conn.execute(f"SELECT COALESCE(MAX(seq), 0) + 1 FROM {table}").fetchone()
    return int(row[0])


def get(store: Any, kind: str, identifier: str) -> dict[str, Any] | None:
    """A stored document, or None."""
    with store.lock:
        row = store.conn.execute(
            "SELECT doc FROM qti_documents WHERE kind = ? AND identifier = ?", (kind, identifier)
        ).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def exists(store: Any, kind: str, identifier: str) -> bool:
    """Whether a document is stored."""
    return get(store, kind, identifier) is not None


def insert(store: Any, kind: str, doc: Mapping[str, Any]) -> bool:
    """Store a new document; False when its identifier is taken."""
    with store.lock:
        try:
            store.conn.execute(
                "INSERT INTO qti_documents (kind, identifier, seq, doc) VALUES (?, ?, ?, ?)",
                (kind, doc["identifier"], _next_seq(store, "qti_documents"), json.dumps(doc)),
            )
        except sqlite3.IntegrityError:
            return False
    return True


def put(store: Any, kind: str, identifier: str, doc: Mapping[str, Any]) -> None:
    """Replace a stored document (its identifier may change with it)."""
    with store.lock:
        store.conn.execute(
            "UPDATE qti_documents SET identifier = ?, doc = ? WHERE kind = ? AND identifier = ?",
            (doc["identifier"], json.dumps(doc), kind, identifier),
        )


def delete(store: Any, kind: str, identifier: str) -> bool:
    """Delete a document; False when there was none."""
    with store.lock:
        cursor = store.conn.execute(
            "DELETE FROM qti_documents WHERE kind = ? AND identifier = ?", (kind, identifier)
        )
    return bool(cursor.rowcount)


def all_docs(store: Any, kind: str) -> list[dict[str, Any]]:
    """Every document of a kind, in insertion order."""
    with store.lock:
        rows = store.conn.execute(
            "SELECT doc FROM qti_documents WHERE kind = ? ORDER BY seq", (kind,)
        ).fetchall()
    return [dict(json.loads(row[0])) for row in rows]


# -- feedback ---------------------------------------------------------------------------------


def insert_feedback(store: Any, doc: Mapping[str, Any]) -> None:
    """Store one feedback record."""
    with store.lock:
        store.conn.execute(
            "INSERT INTO qti_feedback (id, lesson_id, seq, doc) VALUES (?, ?, ?, ?)",
            (doc["id"], doc["lessonId"], _next_seq(store, "qti_feedback"), json.dumps(doc)),
        )


def feedback_for_lesson(store: Any, lesson_id: str) -> list[dict[str, Any]]:
    """Feedback on a lesson, oldest first."""
    with store.lock:
        rows = store.conn.execute(
            "SELECT doc FROM qti_feedback WHERE lesson_id = ? ORDER BY seq", (lesson_id,)
        ).fetchall()
    return [dict(json.loads(row[0])) for row in rows]


def delete_feedback(store: Any, feedback_id: str) -> bool:
    """Delete one feedback record; False when there was none."""
    with store.lock:
        cursor = store.conn.execute("DELETE FROM qti_feedback WHERE id = ?", (feedback_id,))
    return bool(cursor.rowcount)


# -- lists ------------------------------------------------------------------------------------


class ListQueryError(Exception):
    """A list parameter is invalid (400)."""


_PREDICATE = re.compile(
    r"^\s*([A-Za-z_][\w.\-]*)\s*(!=|>=|<=|=|>|<|~)\s*'((?:[^']|'')*)'\s*$", re.DOTALL
)
MAX_LIMIT = 3000


def _lookup(doc: Mapping[str, Any], path: str) -> Any:
    value: Any = doc
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _compare(value: Any, op: str, literal: str) -> bool:
    if value is None:
        return op == "!="
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        return any(_compare(v, op, literal) for v in value)
    else:
        text = str(value)
    if op == "~":
        return literal.casefold() in text.casefold()
    if op == "=":
        return text == literal
    if op == "!=":
        return text != literal
    left: Any = text
    right: Any = literal
    with contextlib.suppress(ValueError):
        left, right = float(text), float(literal)
    return bool(
        {">": left > right, ">=": left >= right, "<": left < right, "<=": left <= right}[op]
    )


def parse_filter(expression: str) -> Callable[[Mapping[str, Any]], bool]:
    """A predicate from ``field op 'value'`` terms joined by AND or OR (AND binds tighter).

    Raises:
        ListQueryError: The expression is malformed.
    """
    alternatives = []
    for alternative in re.split(r"\s+OR\s+", expression.strip()):
        terms = []
        for term in re.split(r"\s+AND\s+", alternative):
            match = _PREDICATE.match(term)
            if match is None:
                raise ListQueryError(
                    f"invalid filter term {term.strip()!r}: expected field op 'value' with op "
                    "one of =, !=, >, >=, <, <=, ~"
                )
            field, op, literal = match.group(1), match.group(2), match.group(3)
            terms.append((field, op, literal.replace("''", "'")))
        alternatives.append(terms)

    def predicate(doc: Mapping[str, Any]) -> bool:
        return any(
            all(_compare(_lookup(doc, f), op, lit) for f, op, lit in terms)
            for terms in alternatives
        )

    return predicate


def _int(params: Mapping[str, str], name: str, default: int, high: int) -> int:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ListQueryError(f"{name} must be an integer, got {raw!r}") from None
    if not 1 <= value <= high:
        raise ListQueryError(f"{name} must be between 1 and {high}, got {value}")
    return value


def list_page(
    docs: list[dict[str, Any]],
    params: Mapping[str, str],
    *,
    sort_fields: tuple[str, ...],
    default_sort: str = "createdAt",
    filterable: bool = False,
    exact: Mapping[str, str] | None = None,
    render: Callable[[dict[str, Any]], dict[str, Any]] = lambda d: d,
) -> dict[str, Any]:
    """One page of ``docs`` with totals (``items``, ``total``, ``page``, ``pages``, ``limit``,
    ``sort``, ``order``).

    Raises:
        ListQueryError: ``page``, ``limit``, ``sort``, ``order`` or ``filter`` is invalid.
    """
    page = _int(params, "page", 1, 10**9)
    limit = _int(params, "limit", 10, MAX_LIMIT)
    sort = params.get("sort") or default_sort
    if sort not in sort_fields:
        raise ListQueryError(f"sort must be one of {list(sort_fields)}, got {sort!r}")
    order = params.get("order") or "desc"
    if order not in ("asc", "desc"):
        raise ListQueryError(f"order must be 'asc' or 'desc', got {order!r}")
    query = (params.get("query") or "").strip().casefold()
    if query:
        docs = [
            d
            for d in docs
            if query in str(d.get("identifier", "")).casefold()
            or query in str(d.get("title", "")).casefold()
        ]
    for name, member in (exact or {}).items():
        wanted = params.get(name)
        if wanted:
            docs = [d for d in docs if str(d.get(member)) == wanted]
    expression = params.get("filter")
    if filterable and expression:
        predicate = parse_filter(expression)
        docs = [d for d in docs if predicate(d)]
    indexed = list(enumerate(docs))
    indexed.sort(key=lambda pair: (str(pair[1].get(sort) or ""), pair[0]), reverse=order == "desc")
    total = len(indexed)
    window = indexed[(page - 1) * limit : page * limit]
    return {
        "items": [render(d) for _, d in window],
        "total": total,
        "page": page,
        "pages": math.ceil(total / limit) if total else 0,
        "limit": limit,
        "sort": sort,
        "order": order,
    }
