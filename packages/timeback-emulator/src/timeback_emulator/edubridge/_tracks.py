"""Edubridge subject tracks and applications."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._config import EmulatorConfig
from timeback_emulator._http import (
    Issue,
    json_response,
    message_error,
    path_param,
)
from timeback_emulator.caliper._events import EventStore
from timeback_emulator.edubridge._catalog import APPLICATIONS, APPLICATIONS_BY_ID
from timeback_emulator.edubridge._common import checked_body, config_of, store_of

_SCHEMA = """
CREATE TABLE IF NOT EXISTS edubridge_subject_tracks (
    id TEXT PRIMARY KEY,
    subject TEXT NOT NULL,
    grade TEXT NOT NULL,
    course_id TEXT NOT NULL,
    org_id TEXT,
    updated_at TEXT NOT NULL
);
"""

_TRACK_NAMESPACE = uuid.UUID("6f1d2a4e-3c1b-4f7e-9a55-2b8f0e6d7c31")


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the subject-track table when missing."""
    conn.executescript(_SCHEMA)


def track_id(subject: str, grade: str, org_id: str | None) -> str:
    """The server-derived id of the track keyed by subject + grade + org."""
    return str(uuid.uuid5(_TRACK_NAMESPACE, json.dumps([subject, grade, org_id])))


def upsert_track(store: Any, subject: str, grade: str, course_id: str, org_id: str | None) -> str:
    """Insert or update the track of (subject, grade, org); returns its id."""
    ident = track_id(subject, grade, org_id)
    with store.lock:
        store.conn.execute(
            "INSERT INTO edubridge_subject_tracks (id, subject, grade, course_id, org_id,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET"
            " course_id = excluded.course_id, updated_at = excluded.updated_at",
            (
                ident,
                subject,
                grade,
                course_id,
                org_id,
                dt.datetime.now(dt.timezone.utc).isoformat(),
            ),
        )
    return ident


def _rows(store: Any, where: str = "", params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    with store.lock:
        return list(
            store.conn.execute(
                "SELECT id, subject, grade, course_id, org_id FROM edubridge_subject_tracks"
                f"{where} ORDER BY subject, CAST(grade AS INTEGER), grade, org_id, id",
                params,
            )
        )


def _render(store: Any, row: tuple[Any, ...]) -> dict[str, Any]:
    ident, subject, grade, course_id, org_id = row
    course = store.get("courses", course_id) or {}
    track: dict[str, Any] = {
        "id": ident,
        "subject": subject,
        "grade": grade,
        "course": {
            "sourcedId": course_id,
            "title": course.get("title"),
            "metadata": course.get("metadata") or {},
        },
    }
    if org_id is not None:
        org = store.get("orgs", org_id) or {}
        track["org"] = {"sourcedId": org_id, "name": org.get("name")}
    return track


async def get_tracks(request: Request) -> Response:
    """Every subject track."""
    store = store_of(request)
    return json_response({"subjectTrack": [_render(store, r) for r in _rows(store)]})


def _track_issues(body: Any) -> list[Issue]:
    if not isinstance(body, dict):
        return [("", "Expected object")]
    issues: list[Issue] = []
    for key in ("subject", "courseId"):
        if key not in body or body[key] is None:
            issues.append((key, "Required"))
        elif not isinstance(body[key], str) or not body[key].strip():
            issues.append((key, "Expected non-empty string"))
    grade = body.get("grade")
    if grade is None:
        issues.append(("grade", "Required"))
    elif isinstance(grade, bool) or not isinstance(grade, (str, int)) or str(grade).strip() == "":
        issues.append(("grade", "Expected string"))
    org = body.get("orgSourcedId")
    if org is not None and (not isinstance(org, str) or not org):
        issues.append(("orgSourcedId", "Expected string or null"))
    return issues


async def put_track(request: Request) -> Response:
    """Upsert the track keyed by subject + grade + org."""
    body, refused = await checked_body(request, _track_issues)
    if refused is not None:
        return refused
    store = store_of(request)
    if store.get("courses", body["courseId"]) is None:
        return message_error(404, "Course not found")
    org = body.get("orgSourcedId")
    if org is not None and store.get("orgs", org) is None:
        return message_error(404, "Org not found")
    ident = upsert_track(store, body["subject"], str(body["grade"]).strip(), body["courseId"], org)
    row = _rows(store, " WHERE id = ?", (ident,))[0]
    return json_response({"subjectTrack": _render(store, row)})


async def delete_track(request: Request) -> Response:
    """Delete one track."""
    store = store_of(request)
    ident = path_param(request, "id")
    with store.lock:
        cursor = store.conn.execute("DELETE FROM edubridge_subject_tracks WHERE id = ?", (ident,))
    if cursor.rowcount == 0:
        return message_error(404, "Subject track not found")
    return json_response({"message": "Subject track deleted", "id": ident})


async def get_groups(request: Request) -> Response:
    """Tracks grouped: one global group, one group per campus."""
    store = store_of(request)
    groups: dict[str | None, list[dict[str, Any]]] = {None: []}
    for row in _rows(store):
        groups.setdefault(row[4], []).append(_render(store, row))
    out = [
        {
            "id": "global",
            "name": "Global",
            "description": "Subject tracks that apply to every campus",
            "tracks": groups.pop(None),
        }
    ]
    for org_id in sorted(k for k in groups if k is not None):
        org = store.get("orgs", org_id) or {}
        out.append(
            {
                "id": f"campus-{org_id}",
                "name": org.get("name") or org_id,
                "description": f"Subject tracks of {org.get('name') or org_id}",
                "tracks": groups[org_id],
            }
        )
    return json_response({"groups": out})


async def get_applications(request: Request) -> Response:
    """The application catalog."""
    return json_response({"applications": [dict(a) for a in APPLICATIONS]})


def application_metrics(
    store: Any, config: EmulatorConfig, app: Mapping[str, Any]
) -> dict[str, Any]:
    """Usage of one application, computed from the Timeback events recorded in it."""
    usage = EventStore(store).app_usage(app["name"])
    end = dt.datetime.combine(config.current_date(), dt.time.max, tzinfo=dt.timezone.utc)
    window_start = (end - dt.timedelta(days=7)).timestamp()
    users = {u for u, _, _, _ in usage if u}
    active = {u for u, _, ts, _ in usage if u and ts is not None and ts >= window_start}
    durations = []
    for _, kind, _, doc in usage:
        if kind != "TimeSpentEvent":
            continue
        items = (json.loads(doc).get("generated") or {}).get("items") or []
        durations.append(
            sum(
                i.get("value", 0)
                for i in items
                if isinstance(i, dict) and i.get("type") == "active"
            )
        )
    average = round(sum(durations) / len(durations), 1) if durations else 0
    return {
        "applicationSourcedId": app["sourcedId"],
        "totalUsers": len(users),
        "activeUsers": len(active),
        "totalSessions": len(durations),
        "avgSessionDuration": average,
        "metadata": {"source": "caliper-events", "activeWindowDays": 7, "durationUnit": "seconds"},
    }


async def get_application_metrics(request: Request) -> Response:
    """Usage metrics of one application."""
    app = APPLICATIONS_BY_ID.get(path_param(request, "applicationSourcedId"))
    if app is None:
        return message_error(404, "Application not found")
    return json_response({"data": application_metrics(store_of(request), config_of(request), app)})
