"""`EventSpool`: the buffered sender's durable queue, a SQLite file.

Guarantees (at-least-once, nothing lost):

* An event is committed to the file before ``emit`` returns. With the default
  ``synchronous=NORMAL`` in WAL mode the commit survives the *process* dying at any point
  (killed, crashed); ``fsync=True`` (``synchronous=FULL``) makes it survive a power cut or an
  operating-system crash as well, at the cost of one fsync per event.
* A row is deleted only after the platform answered 2xx to an envelope holding it. An event
  whose envelope was in flight when the process died is sent again by the next sender; the
  platform stores each event id once (events carry ids), so the retry creates no duplicate.
* Rows the platform refused (see ``timeback_caliper._delivery.is_rejection``) are moved to the
  ``rejected`` table with the error text, never silently dropped.
* One sender at a time: the file is opened in SQLite's exclusive locking mode, so a second
  sender (in this or another process) cannot open it while the first holds it; the operating
  system releases the lock when a process dies.
* The file remembers the sensor and the platform its events were prepared for (LearnWith.AI
  events are stored already rewritten); opening it for another one is refused rather than
  sending events to the wrong place in the wrong shape.

Rows: ``pending(seq INTEGER PRIMARY KEY AUTOINCREMENT, event BLOB)``, in emit order. The class is
not thread-safe by itself: its owner (``timeback_caliper._buffer.EventBuffer``) serialises calls.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from timeback_common import ConfigurationError

from ._errors import SpoolError

__all__ = ["EventSpool"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS pending (seq INTEGER PRIMARY KEY AUTOINCREMENT,"
    " event BLOB NOT NULL, created_at REAL NOT NULL)",
    "CREATE TABLE IF NOT EXISTS rejected (seq INTEGER PRIMARY KEY, event BLOB NOT NULL,"
    " error TEXT NOT NULL, rejected_at REAL NOT NULL)",
)


class EventSpool:
    """A durable FIFO of encoded events in a SQLite file (see the module docstring).

    Args:
        path: The file; created with its tables when missing.
        sensor: The sensor the events are sent as.
        platform: The platform they were prepared for (``beyond-ai`` or ``learnwith-ai``).
        fsync: Commit with ``synchronous=FULL`` (survives power loss) instead of ``NORMAL``.

    Raises:
        ConfigurationError: The file cannot be opened, is in use by another sender, or belongs
            to another sensor or platform.
    """

    def __init__(
        self, path: str | os.PathLike[str], *, sensor: str, platform: str, fsync: bool = False
    ) -> None:
        self.path = os.fspath(path)
        try:
            # isolation_level=None: every statement commits on its own unless in BEGIN..COMMIT.
            self._conn = sqlite3.connect(
                self.path, timeout=1.0, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as exc:
            raise ConfigurationError(f"cannot open the spool file {self.path!r}: {exc}") from None
        try:
            self._conn.execute("PRAGMA locking_mode=EXCLUSIVE")
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute(f"PRAGMA synchronous={'FULL' if fsync else 'NORMAL'}")
            # The first write takes the exclusive lock, held until close().
            self._conn.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                self._conn.execute(statement)
            self._check_meta({"sensor": sensor, "platform": platform})
        except sqlite3.DatabaseError as exc:
            self._conn.close()
            if "locked" in str(exc):
                raise ConfigurationError(
                    f"the spool file {self.path!r} is in use by another sender"
                ) from None
            raise ConfigurationError(f"cannot use the spool file {self.path!r}: {exc}") from None
        except BaseException:
            self._conn.close()
            raise

    def _check_meta(self, expected: dict[str, str]) -> None:
        # Runs inside the BEGIN IMMEDIATE of __init__.
        conn = self._conn
        stored = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        for key, value in expected.items():
            if key in stored and stored[key] != value:
                conn.execute("ROLLBACK")
                raise ConfigurationError(
                    f"the spool file {self.path!r} holds events for {key} {stored[key]!r}, "
                    f"not {value!r}; deliver them with a sender configured that way, or use "
                    "another file"
                )
        conn.executemany(
            "INSERT OR IGNORE INTO meta (key, value) VALUES (?, ?)", list(expected.items())
        )
        conn.execute("COMMIT")

    @contextmanager
    def _failures(self, action: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise SpoolError(f"could not {action} the spool file {self.path!r}: {exc}") from exc

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        with self._failures(action):
            conn = self._conn
            conn.execute("BEGIN")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise

    def append(self, events: Sequence[bytes]) -> list[int]:
        """Store events durably (one transaction) and return their sequence numbers.

        Raises:
            SpoolError: The file could not be written (nothing was stored).
        """
        now = time.time()
        seqs: list[int] = []
        with self._transaction("write to") as conn:
            for event in events:
                cursor = conn.execute(
                    "INSERT INTO pending (event, created_at) VALUES (?, ?)", (event, now)
                )
                assert cursor.lastrowid is not None
                seqs.append(cursor.lastrowid)
        return seqs

    def totals(self) -> tuple[int, int, int]:
        """(pending events, their total size in bytes, the newest one's sequence number or 0)."""
        with self._failures("read"):
            count, size, last = self._conn.execute(
                "SELECT count(*), coalesce(sum(length(event)), 0), coalesce(max(seq), 0)"
                " FROM pending"
            ).fetchone()
        return int(count), int(size), int(last)

    def read_after(self, seq: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` pending events after sequence number ``seq``, oldest first."""
        with self._failures("read"):
            rows = self._conn.execute(
                "SELECT seq, event FROM pending WHERE seq > ? ORDER BY seq LIMIT ?", (seq, limit)
            ).fetchall()
        return [(int(s), bytes(e)) for s, e in rows]

    def first_after(self, seq: int) -> int | None:
        """The sequence number of the first pending event after ``seq``, if any."""
        with self._failures("read"):
            row = self._conn.execute(
                "SELECT min(seq) FROM pending WHERE seq > ?", (seq,)
            ).fetchone()
        return None if row[0] is None else int(row[0])

    def delete(self, seqs: Iterable[int]) -> None:
        """Forget delivered events."""
        with self._transaction("delete from") as conn:
            conn.executemany("DELETE FROM pending WHERE seq = ?", [(s,) for s in seqs])

    def reject(self, seqs: Iterable[int], error: str) -> None:
        """Move refused events to the ``rejected`` table with the error text."""
        now = time.time()
        rows = list(seqs)
        with self._transaction("write to") as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO rejected (seq, event, error, rejected_at)"
                " SELECT seq, event, ?, ? FROM pending WHERE seq = ?",
                [(error, now, s) for s in rows],
            )
            conn.executemany("DELETE FROM pending WHERE seq = ?", [(s,) for s in rows])

    def rejected_count(self) -> int:
        """How many refused events the file keeps."""
        with self._failures("read"):
            return int(self._conn.execute("SELECT count(*) FROM rejected").fetchone()[0])

    def close(self) -> None:
        """Close the file (releasing the lock). Pending rows stay for the next sender."""
        self._conn.close()
