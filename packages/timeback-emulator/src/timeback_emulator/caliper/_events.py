"""Stored Caliper events and jobs, in tables of the store's SQLite connection.

An event id (``externalId``) is stored at most once: re-sending an event is how clients retry
safely, so a duplicate maps to the already allocated id and is not stored again.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from timeback_emulator.caliper._validate import parse_datetime

_SCHEMA = """
CREATE TABLE IF NOT EXISTS caliper_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    external_id TEXT NOT NULL UNIQUE,
    sensor TEXT,
    type TEXT,
    profile TEXT,
    action TEXT,
    event_time TEXT,
    event_ts REAL,
    send_time TEXT,
    created_at TEXT NOT NULL,
    actor_id TEXT,
    actor_user TEXT,
    actor_email TEXT,
    client_app_id TEXT,
    doc TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS ix_caliper_events_actor_user ON caliper_events(actor_user);
CREATE INDEX IF NOT EXISTS ix_caliper_events_actor_email ON caliper_events(actor_email);
CREATE INDEX IF NOT EXISTS ix_caliper_events_ts ON caliper_events(event_ts);
CREATE TABLE IF NOT EXISTS caliper_jobs (
    id TEXT PRIMARY KEY,
    created_at REAL NOT NULL,
    polls INTEGER NOT NULL DEFAULT 0,
    processed_on REAL,
    finished_on REAL,
    results TEXT NOT NULL,
    failed_reason TEXT
);
"""

EVENT_MEMBERS = (
    "actor", "object", "generated", "target", "referrer", "edApp", "group", "membership",
    "session", "federatedSession", "extensions",
)  # fmt: skip


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the Caliper tables when missing."""
    conn.executescript(_SCHEMA)


def iso_millis(moment: dt.datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.mmmZ`` in UTC."""
    utc = moment.astimezone(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"


def now_iso() -> str:
    """The current UTC time with milliseconds."""
    return iso_millis(dt.datetime.now(dt.timezone.utc))


def actor_user_id(actor_id: str | None) -> str | None:
    """The user id an actor IRI names: the last path segment, percent-decoded once."""
    if not actor_id:
        return None
    parts = urlsplit(actor_id)
    if parts.scheme in ("http", "https") and parts.path.strip("/"):
        return unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    if actor_id.startswith("urn:"):
        return actor_id.rsplit(":", 1)[-1]
    return actor_id


def _actor_fields(actor: Any) -> tuple[str | None, str | None]:
    if isinstance(actor, str):
        return actor, None
    if isinstance(actor, dict):
        actor_id = actor.get("id") if isinstance(actor.get("id"), str) else None
        email = actor.get("email")
        if not isinstance(email, str):
            extensions = actor.get("extensions")
            email = extensions.get("email") if isinstance(extensions, dict) else None
        return actor_id, email.lower() if isinstance(email, str) else None
    return None, None


@dataclass(frozen=True)
class Stored:
    """The outcome of storing one event."""

    external_id: str
    allocated_id: int
    duplicate: bool


class EventStore:
    """Caliper events and jobs on a SQLite connection (guarded by the store's lock)."""

    def __init__(self, store: Any) -> None:
        self.conn: sqlite3.Connection = store.conn
        self.lock: AbstractContextManager[Any] = getattr(store, "lock", None) or nullcontext()
        self._transaction = getattr(store, "transaction", None)

    # -- events -------------------------------------------------------------------------------
    def store(
        self,
        events: Iterable[Mapping[str, Any]],
        *,
        sensor: str | None,
        send_time: str | None,
        client_app_id: str | None,
    ) -> list[Stored]:
        """Store events, each id at most once; returns one outcome per event, in order."""
        out: list[Stored] = []
        created = now_iso()
        with self._transaction() if self._transaction else self.lock:
            for event in events:
                out.append(self._store_one(event, sensor, send_time, client_app_id, created))
        return out

    def _store_one(
        self,
        event: Mapping[str, Any],
        sensor: str | None,
        send_time: str | None,
        client_app_id: str | None,
        created: str,
    ) -> Stored:
        external_id = str(event["id"])
        existing = self.conn.execute(
            "SELECT id FROM caliper_events WHERE external_id = ?", (external_id,)
        ).fetchone()
        if existing is not None:
            return Stored(external_id, int(existing[0]), True)
        actor_id, email = _actor_fields(event.get("actor"))
        moment = parse_datetime(event.get("eventTime"))
        cursor = self.conn.execute(
            "INSERT INTO caliper_events (external_id, sensor, type, profile, action, event_time,"
            " event_ts, send_time, created_at, actor_id, actor_user, actor_email, client_app_id,"
            " doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                external_id,
                sensor,
                event.get("type"),
                event.get("profile"),
                event.get("action"),
                event.get("eventTime"),
                moment.timestamp() if moment else None,
                send_time,
                created,
                actor_id,
                actor_user_id(actor_id),
                email,
                client_app_id,
                json.dumps(event, separators=(",", ":")),
            ),
        )
        assert cursor.lastrowid is not None
        return Stored(external_id, cursor.lastrowid, False)

    def count(self) -> int:
        """How many events are stored."""
        with self.lock:
            return int(self.conn.execute("SELECT count(*) FROM caliper_events").fetchone()[0])

    def _where(
        self,
        *,
        sensor: str | None = None,
        start: float | None = None,
        end: float | None = None,
        actor_id: str | None = None,
        actor_email: str | None = None,
    ) -> tuple[str, list[Any]]:
        parts: list[str] = []
        params: list[Any] = []
        if sensor is not None:
            parts.append("sensor = ?")
            params.append(sensor)
        if start is not None:
            parts.append("event_ts >= ?")
            params.append(start)
        if end is not None:
            parts.append("event_ts <= ?")
            params.append(end)
        if actor_id is not None:
            parts.append("(actor_id = ? OR actor_user = ?)")
            params += [actor_id, actor_id]
        if actor_email is not None:
            parts.append("actor_email = ?")
            params.append(actor_email.lower())
        return (" WHERE " + " AND ".join(parts)) if parts else "", params

    def list_events(
        self, *, limit: int, offset: int, **filters: Any
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of stored events (oldest first) and the total matching."""
        where, params = self._where(**filters)
        with self.lock:
            total = int(
                self.conn.execute(f"SELECT count(*) FROM caliper_events{where}", params).fetchone()[
                    0
                ]
            )
            rows = self.conn.execute(
                f"SELECT * FROM caliper_events{where} ORDER BY id LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [self._stored_event(row) for row in rows], total

    def get(self, external_id: str) -> dict[str, Any] | None:
        """One stored event by its ``externalId``."""
        with self.lock:
            row = self.conn.execute(
                "SELECT * FROM caliper_events WHERE external_id = ?", (external_id,)
            ).fetchone()
        return None if row is None else self._stored_event(row)

    def _stored_event(self, row: Sequence[Any]) -> dict[str, Any]:
        (
            internal_id, external_id, sensor, event_type, profile, action, event_time, _ts,
            send_time, created_at, _actor_id, _user, _email, client_app_id, doc,
        ) = row  # fmt: skip
        event = json.loads(doc)
        stored: dict[str, Any] = {
            "id": internal_id,
            "externalId": external_id,
            "sensor": sensor,
            "type": event_type,
            "profile": profile,
            "action": action,
            "eventTime": event_time,
            "sendTime": send_time,
            "created_at": created_at,
            "updated_at": created_at,
            "deleted_at": None,
        }
        for key in EVENT_MEMBERS:
            stored[key] = event.get(key)
        stored["clientAppId"] = client_app_id
        if "@context" in event:
            stored["@context"] = event["@context"]
        return stored

    def timeback_events(
        self,
        *,
        user_ids: Sequence[str] = (),
        emails: Sequence[str] = (),
        start: float | None = None,
        end: float | None = None,
    ) -> list[dict[str, Any]]:
        """Timeback-profile ActivityEvent and TimeSpentEvent documents of some actors.

        Each document carries ``_meta``: ``ts`` (event time, epoch seconds), ``sensor``,
        ``sendTime`` and ``createdAt``.
        """
        who: list[str] = []
        params: list[Any] = []
        if user_ids:
            who.append(f"actor_user IN ({', '.join('?' * len(user_ids))})")
            params += list(user_ids)
        if emails:
            who.append(f"actor_email IN ({', '.join('?' * len(emails))})")
            params += [e.lower() for e in emails]
        if not who:
            return []
        sql = (
            "SELECT doc, event_ts, sensor, send_time, created_at FROM caliper_events"
            " WHERE profile = 'TimebackProfile'"
            " AND type IN ('ActivityEvent', 'TimeSpentEvent') AND (" + " OR ".join(who) + ")"
        )
        if start is not None:
            sql += " AND event_ts >= ?"
            params.append(start)
        if end is not None:
            sql += " AND event_ts <= ?"
            params.append(end)
        sql += " ORDER BY event_ts, id"
        with self.lock:
            rows = self.conn.execute(sql, params).fetchall()
        out = []
        for doc, ts, sensor, send_time, created_at in rows:
            event = json.loads(doc)
            event["_meta"] = {
                "ts": ts, "sensor": sensor, "sendTime": send_time, "createdAt": created_at,
            }  # fmt: skip
            out.append(event)
        return out

    def app_usage(self, app_name: str) -> list[tuple[str | None, str | None, float | None, str]]:
        """(actor user, type, event time, doc) of Timeback events recorded in one app."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT actor_user, type, event_ts, doc FROM caliper_events"
                " WHERE profile = 'TimebackProfile'"
                " AND json_extract(doc, '$.object.app.name') = ?",
                (app_name,),
            ).fetchall()
        return [(r[0], r[1], r[2], r[3]) for r in rows]

    # -- jobs ---------------------------------------------------------------------------------
    def create_job(self, results: list[dict[str, Any]], failed_reason: str | None) -> str:
        """Record a job for one accepted envelope."""
        job_id = str(uuid.uuid4())
        with self.lock:
            self.conn.execute(
                "INSERT INTO caliper_jobs (id, created_at, results, failed_reason)"
                " VALUES (?, ?, ?, ?)",
                (job_id, time.time(), json.dumps(results), failed_reason),
            )
        return job_id

    def poll_job(self, job_id: str, polls_per_state: int) -> dict[str, Any] | None:
        """The job's status document; each poll advances it (waiting -> active -> done)."""
        with self.lock:
            row = self.conn.execute(
                "SELECT created_at, polls, processed_on, finished_on, results, failed_reason"
                " FROM caliper_jobs WHERE id = ?",
                (job_id,),
            ).fetchone()
            if row is None:
                return None
            created_at, polls, processed_on, finished_on, results, failed_reason = row
            if polls < polls_per_state:
                state = "waiting"
            elif polls < 2 * polls_per_state:
                state = "active"
            else:
                state = "failed" if failed_reason else "completed"
            now = time.time()
            if state != "waiting" and processed_on is None:
                processed_on = now
            if state in ("completed", "failed") and finished_on is None:
                finished_on = now
            self.conn.execute(
                "UPDATE caliper_jobs SET polls = polls + 1, processed_on = ?, finished_on = ?"
                " WHERE id = ?",
                (processed_on, finished_on, job_id),
            )
        job: dict[str, Any] = {
            "id": job_id,
            "state": state,
            "timestamp": int(created_at * 1000),
            "processedOn": int(processed_on * 1000) if processed_on else None,
            "finishedOn": int(finished_on * 1000) if finished_on else None,
            "returnValue": None,
        }
        if state == "completed":
            job["returnValue"] = {"status": "success", "results": json.loads(results)}
        elif state == "failed":
            job["returnValue"] = {"status": "error", "results": []}
            job["failedReason"] = failed_reason
        return {"job": job}
