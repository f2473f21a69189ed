"""Webhooks and webhook filters, in tables of the store's SQLite connection."""

from __future__ import annotations

import json
import sqlite3
import uuid
from contextlib import AbstractContextManager, nullcontext
from typing import Any

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

    # -- webhooks -----------------------------------------------------------------------------
    def create_webhook(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a new webhook; returns its document."""
        now = now_iso()
        doc = {"id": str(uuid.uuid4()), **fields, "createdAt": now, "updatedAt": now}
        with self.lock:
            self.conn.execute(
                "INSERT INTO webhooks (id, seq, doc) VALUES (?, ?, ?)",
                (doc["id"], self._next_seq("webhooks"), json.dumps(doc)),
            )
            self.conn.commit()
        return doc

    def webhooks(self, sensor: str | None = None) -> list[dict[str, Any]]:
        """Every webhook (of one sensor), oldest first."""
        with self.lock:
            rows = self.conn.execute("SELECT doc FROM webhooks ORDER BY seq").fetchall()
        docs = [json.loads(row[0]) for row in rows]
        return [d for d in docs if sensor is None or d.get("sensor") == sensor]

    def webhook(self, webhook_id: str) -> dict[str, Any] | None:
        """One webhook, or None."""
        with self.lock:
            row = self.conn.execute(
                "SELECT doc FROM webhooks WHERE id = ?", (webhook_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def update_webhook(self, webhook_id: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """Change a webhook's members; None when unknown."""
        with self.lock:
            row = self.conn.execute(
                "SELECT doc FROM webhooks WHERE id = ?", (webhook_id,)
            ).fetchone()
            if row is None:
                return None
            doc = {**json.loads(row[0]), **fields, "updatedAt": now_iso()}
            self.conn.execute(
                "UPDATE webhooks SET doc = ? WHERE id = ?", (json.dumps(doc), webhook_id)
            )
            self.conn.commit()
        return doc

    def delete_webhook(self, webhook_id: str) -> bool:
        """Remove a webhook and its filters; False when unknown."""
        with self.lock:
            cursor = self.conn.execute("DELETE FROM webhooks WHERE id = ?", (webhook_id,))
            self.conn.execute("DELETE FROM webhook_filters WHERE webhook_id = ?", (webhook_id,))
            self.conn.commit()
        return cursor.rowcount > 0

    # -- filters ------------------------------------------------------------------------------
    def create_filter(self, fields: dict[str, Any]) -> dict[str, Any]:
        """Store a new filter; returns its document."""
        now = now_iso()
        doc = {"id": str(uuid.uuid4()), **fields, "createdAt": now, "updatedAt": now}
        with self.lock:
            self.conn.execute(
                "INSERT INTO webhook_filters (id, seq, webhook_id, doc) VALUES (?, ?, ?, ?)",
                (doc["id"], self._next_seq("webhook_filters"), doc["webhookId"], json.dumps(doc)),
            )
            self.conn.commit()
        return doc

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

    def filter(self, filter_id: str) -> dict[str, Any] | None:
        """One filter, or None."""
        with self.lock:
            row = self.conn.execute(
                "SELECT doc FROM webhook_filters WHERE id = ?", (filter_id,)
            ).fetchone()
        return json.loads(row[0]) if row else None

    def update_filter(self, filter_id: str, fields: dict[str, Any]) -> dict[str, Any] | None:
        """Replace a filter's members; None when unknown."""
        with self.lock:
            row = self.conn.execute(
                "SELECT doc FROM webhook_filters WHERE id = ?", (filter_id,)
            ).fetchone()
            if row is None:
                return None
            doc = {**json.loads(row[0]), **fields, "updatedAt": now_iso()}
            self.conn.execute(
                "UPDATE webhook_filters SET doc = ?, webhook_id = ? WHERE id = ?",
                (json.dumps(doc), doc["webhookId"], filter_id),
            )
            self.conn.commit()
        return doc

    def delete_filter(self, filter_id: str) -> bool:
        """Remove a filter; False when unknown."""
        with self.lock:
            cursor = self.conn.execute("DELETE FROM webhook_filters WHERE id = ?", (filter_id,))
            self.conn.commit()
        return cursor.rowcount > 0
