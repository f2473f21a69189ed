"""Stores of delivery ids already handled, so that a handler runs once per delivery.

A delivery is *claimed* before its handler runs and *released* if the handler fails, so that a
retry of the same delivery (or a duplicate arriving meanwhile) never runs the handler twice,
and a failed one can run again.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import OrderedDict
from pathlib import Path
from typing import Protocol

from timeback_webhooks._errors import SeenStoreError

__all__ = ["MemorySeenStore", "SQLiteSeenStore", "SeenStore"]


class SeenStore(Protocol):
    """Where handled delivery ids are kept (implement it for Redis or a database)."""

    def claim(self, delivery_id: str) -> bool:
        """Mark ``delivery_id`` as taken; False when it already was (a duplicate)."""
        ...

    def release(self, delivery_id: str) -> None:
        """Forget ``delivery_id`` (its handler failed: a retry may run it again)."""
        ...


class MemorySeenStore:
    """Delivery ids in memory, the most recent ``max_entries`` of them (one process only).

    Args:
        max_entries: How many ids to remember; the oldest are forgotten first.
    """

    def __init__(self, max_entries: int = 100_000) -> None:
        self._ids: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()
        self._max = max(1, max_entries)

    def claim(self, delivery_id: str) -> bool:
        """Mark ``delivery_id`` as taken; False when it already was."""
        with self._lock:
            if delivery_id in self._ids:
                return False
            self._ids[delivery_id] = None
            while len(self._ids) > self._max:
                self._ids.popitem(last=False)
            return True

    def release(self, delivery_id: str) -> None:
        """Forget ``delivery_id``."""
        with self._lock:
            self._ids.pop(delivery_id, None)

    def __contains__(self, delivery_id: object) -> bool:
        with self._lock:
            return delivery_id in self._ids

    def __len__(self) -> int:
        with self._lock:
            return len(self._ids)

    def __repr__(self) -> str:
        return f"MemorySeenStore({len(self)} ids)"


class SQLiteSeenStore:
    """Delivery ids in a SQLite file: survives restarts, shared by the processes of one host.

    Args:
        path: The database file (created when missing).
        retention: Seconds an id is remembered; older ones are forgotten (default 7 days).

    Raises:
        SeenStoreError: The file cannot be opened.
    """

    def __init__(self, path: str | Path, *, retention: float = 7 * 24 * 3600) -> None:
        self._path = str(path)
        self._retention = retention
        self._lock = threading.Lock()
        try:
            self._conn = sqlite3.connect(self._path, check_same_thread=False, timeout=30)
            self._conn.execute(
                "CREATE TABLE IF NOT EXISTS webhook_deliveries_seen "
                "(delivery_id TEXT PRIMARY KEY, seen_at REAL NOT NULL)"
            )
            self._conn.commit()
        except sqlite3.Error as exc:
            raise SeenStoreError(
                f"cannot open the seen-delivery store {self._path}: {exc}"
            ) from None

    def claim(self, delivery_id: str) -> bool:
        """Mark ``delivery_id`` as taken; False when it already was.

        Raises:
            SeenStoreError: The database could not be written.
        """
        now = time.time()
        try:
            with self._lock:
                self._conn.execute(
                    "DELETE FROM webhook_deliveries_seen WHERE seen_at < ?",
                    (now - self._retention,),
                )
                cursor = self._conn.execute(
                    "INSERT OR IGNORE INTO webhook_deliveries_seen VALUES (?, ?)",
                    (delivery_id, now),
                )
                self._conn.commit()
                return cursor.rowcount == 1
        except sqlite3.Error as exc:
            raise SeenStoreError(f"the seen-delivery store failed: {exc}") from None

    def release(self, delivery_id: str) -> None:
        """Forget ``delivery_id``.

        Raises:
            SeenStoreError: The database could not be written.
        """
        try:
            with self._lock:
                self._conn.execute(
                    "DELETE FROM webhook_deliveries_seen WHERE delivery_id = ?", (delivery_id,)
                )
                self._conn.commit()
        except sqlite3.Error as exc:
            raise SeenStoreError(f"the seen-delivery store failed: {exc}") from None

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._conn.close()

    def __repr__(self) -> str:
        return f"SQLiteSeenStore({self._path!r})"
