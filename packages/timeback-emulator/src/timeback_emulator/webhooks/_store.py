"""Webhooks and webhook filters, in tables of the store's SQLite connection."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import AbstractContextManager, nullcontext
from typing import Any, Literal

from timeback_emulator.webhooks._time import now_iso

_SCHEMA = """
CREATE TABLE IF NOT EXISTS webhooks (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    doc TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS webhook_filters (
    id TEXT PRIMARY KEY,
    seq INTEGER NOT NULL,
    webhook_id TEXT NOT NULL,
    doc TEXT NOT NULL
);
"""


Kind = Literal["webhook", "filter"]

# Per kind: its table, and the columns the table keeps beside ``doc`` (for lookups) with the
# document member each copies.
_TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "webhook": ("webhooks", {}),
    "filter": ("webhook_filters", {"webhook_id": "webhookId"}),
}


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the webhook tables when missing."""
    conn.executescript(_SCHEMA)


class WebhookStore:
    """Webhook and filter documents (guarded by the store's lock)."""

    def __init__(self, store: Any) -> None:
        self.conn: sqlite3.Connection = store.conn
        self.lock: AbstractContextManager[Any] = getattr(store, "lock", None) or nullcontext()

    def _next_seq(self, table: str) -> int:
        row = self.conn.execute(f"SELECT coalesce(max(seq), 0) + 1 FROM {table}").fetchone()
        return int(row[0])

    def create(self, kind: Kind, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a new webhook or filter; returns its document."""
        table, columns = _TABLES[kind]
        now = now_iso()
        doc = {"id": str(uuid.uuid4()), **fields, "createdAt": now, "updatedAt": now}
        names = ", ".join(("id", "seq", *columns, "doc"))
        marks = ", ".join("?" * (len(columns) + 3))
        with self.lock:
            self.conn.execute(
                f"INSERT INTO {table} ({names}) VALUES ({marks})",
                (
                    doc["id"],
                    self._next_seq(table),
                    *(doc[member] for member in columns.values()),
                    json.dumps(doc),
                ),
            )
            self.conn.commit()
        return doc

    def get(self, kind: Kind, doc_id: str) -> dict[str, Any] | None:
        """One webhook or filter, or None."""
        table, _ = _TABLES[kind]
        with self.lock:
            row = self.conn.execute(f"SELECT doc FROM {table} WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def update(self, kind: Kind, doc_id: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """Change the members of a webhook or filter; None when unknown."""
        table, columns = _TABLES[kind]
        assignments = ", ".join(f"{name} = ?" for name in ("doc", *columns))
        with self.lock:
            row = self.conn.execute(f"SELECT doc FROM {table} WHERE id = ?", (doc_id,)).fetchone()
            if row is None:
                return None
            doc = {**json.loads(row[0]), **fields, "updatedAt": now_iso()}
            self.conn.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?",
                (json.dumps(doc), *(doc[member] for member in columns.values()), doc_id),
            )
            self.conn.commit()
        return doc

    def delete(self, kind: Kind, doc_id: str) -> bool:
        """Remove a webhook (and its filters) or a filter; False when unknown."""
        table, _ = _TABLES[kind]
        with self.lock:
            cursor = self.conn.execute(f"DELETE FROM {table} WHERE id = ?", (doc_id,))
            if kind == "webhook":
                self.conn.execute("DELETE FROM webhook_filters WHERE webhook_id = ?", (doc_id,))
            self.conn.commit()
        return cursor.rowcount > 0

    def webhooks(self, sensor: str | None = None) -> list[dict[str, Any]]:
        """Every webhook (of one sensor), oldest first."""
        with self.lock:
            rows = self.conn.execute("SELECT doc FROM webhooks ORDER BY seq").fetchall()
        docs = [json.loads(row[0]) for row in rows]
        return [d for d in docs if sensor is None or d.get("sensor") == sensor]

    def filters(self, webhook_id: str | None = None) -> list[dict[str, Any]]:
        """Every filter (of one webhook), oldest first."""
        with self.lock:
            if webhook_id is None:
                rows = self.conn.execute("SELECT doc FROM webhook_filters ORDER BY seq").fetchall()
            else:
                rows = self.conn.execute(
                    "SELECT doc FROM webhook_filters WHERE webhook_id = ? ORDER BY seq",
                    (webhook_id,),
                ).fetchall()
        return [json.loads(row[0]) for row in rows]
