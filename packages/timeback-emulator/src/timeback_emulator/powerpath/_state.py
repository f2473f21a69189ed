"""PowerPath's own state, beside the OneRoster and QTI stores: one table of JSON documents.

Kinds: ``plan`` (lesson plans), ``attempts`` (one document per student and lesson),
``screening`` (per student), ``assignment`` (test assignments), ``testout`` (per course and
student), ``external`` (external test assignments per student and lesson), ``counter``.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request

_SCHEMA = """
CREATE TABLE IF NOT EXISTS powerpath_state (
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (kind, key)
);
"""


class NotFound(Exception):
    """A referenced record does not exist (404 ``{"message"}``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Invalid(Exception):
    """The request is not acceptable (400 ``{"message"}``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the PowerPath table when missing."""
    conn.executescript(_SCHEMA)


def store_of(request: Request) -> Any:
    """The emulator's store."""
    return request.app.state.store


def now() -> str:
    """UTC now with milliseconds and ``Z``."""
    stamp = dt.datetime.now(dt.timezone.utc)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S.") + f"{stamp.microsecond // 1000:03d}Z"


def get(store: Any, kind: str, key: str) -> dict[str, Any] | None:
    """A stored document, or None."""
    with store.lock:
        row = store.conn.execute(
            "SELECT doc FROM powerpath_state WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
    return None if row is None else dict(json.loads(row[0]))


def put(store: Any, kind: str, key: str, doc: Mapping[str, Any]) -> None:
    """Insert or replace a document (a replaced one keeps its place in the order)."""
    with store.lock:
        row = store.conn.execute(
            "SELECT seq FROM powerpath_state WHERE kind = ? AND key = ?", (kind, key)
        ).fetchone()
        if row is None:
            seq = store.conn.execute(
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM powerpath_state"
            ).fetchone()[0]
            store.conn.execute(
                "INSERT INTO powerpath_state (kind, key, seq, doc) VALUES (?, ?, ?, ?)",
                (kind, key, seq, json.dumps(doc)),
            )
        else:
            store.conn.execute(
                "UPDATE powerpath_state SET doc = ? WHERE kind = ? AND key = ?",
                (json.dumps(doc), kind, key),
            )


def delete(store: Any, kind: str, key: str) -> bool:
    """Delete a document; False when there was none."""
    with store.lock:
        cursor = store.conn.execute(
            "DELETE FROM powerpath_state WHERE kind = ? AND key = ?", (kind, key)
        )
    return bool(cursor.rowcount)


def all_of(store: Any, kind: str) -> list[dict[str, Any]]:
    """Every document of a kind, in insertion order."""
    with store.lock:
        rows = store.conn.execute(
            "SELECT doc FROM powerpath_state WHERE kind = ? ORDER BY seq", (kind,)
        ).fetchall()
    return [dict(json.loads(row[0])) for row in rows]


def next_number(store: Any, name: str) -> int:
    """The next number of a named counter (1, 2, ...), never reused."""
    with store.lock:
        doc = get(store, "counter", name) or {"value": 0}
        doc["value"] = int(doc["value"]) + 1
        put(store, "counter", name, doc)
    return int(doc["value"])
