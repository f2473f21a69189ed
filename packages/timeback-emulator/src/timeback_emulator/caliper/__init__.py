"""Caliper routes of the emulator.

- ``POST /caliper/event``: validate, store (each event id once), create a job
- ``POST /caliper/event/validate``: validate only
- ``GET /caliper/events``: stored events, paged (``limit``, ``offset``, filters)
- ``GET /caliper/events/{externalId}``: one stored event
- ``GET /jobs/{jobId}/status``: the job; each poll advances it ``waiting -> active -> completed``
  (or ``failed`` with ``failedReason``)
- ``POST /caliper/v1p2``: LearnWith.AI ingest of transformed events
- ``POST /edubridge/caliper/event``: Edubridge ingest, ``dataVersion`` optional, answers
  ``{success, message}``
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from timeback_emulator._config import EmulatorConfig
from timeback_emulator._http import (
    MAX_QUERY_INT,
    BodyError,
    caliper_error,
    edubridge_errors,
    json_response,
    media_type,
    message_error,
    parse_query_int,
    path_param,
    read_json,
)
from timeback_emulator._openapi import json_content
from timeback_emulator.caliper._events import EventStore, Stored
from timeback_emulator.caliper._events import ensure_schema as _ensure_schema
from timeback_emulator.caliper._seed import seed_activity
from timeback_emulator.caliper._validate import (
    CONTEXT,
    DATA_VERSION,
    LEARNWITH_PROFILE,
    PROFILES,
    Issue,
    parse_datetime,
    validate_envelope,
)

__all__ = [
    "OPENAPI_OPERATIONS",
    "EventStore",
    "count_events",
    "ensure_schema",
    "routes",
    "seed_activity",
]


def ensure_schema(conn: Any) -> None:
    """Create the Caliper tables when missing."""
    _ensure_schema(conn)


def count_events(store: Any) -> int:
    """How many Caliper events are stored."""
    return EventStore(store).count()


def _events(request: Request) -> EventStore:
    return EventStore(request.app.state.store)


def _is_json(request: Request) -> bool:
    kind = media_type(request)
    return kind == "application/json" or kind.endswith("+json")


def _issue_list(issues: list[Issue]) -> list[dict[str, str]]:
    return [{"path": path, "message": message} for path, message in issues]


class _Rejected(Exception):
    def __init__(self, status: int, message: str, issues: list[Issue] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.issues = issues or []

    def response(self) -> Response:
        """The Caliper error answer; its ``errors`` list the issues when there are any."""
        errors = _issue_list(self.issues) if self.issues else None
        return caliper_error(self.message, errors, self.status)


async def _ingest(
    request: Request, *, store: bool, require_data_version: bool = True, learnwith: bool = False
) -> tuple[int, str | None]:
    """Validate (and store) an envelope; returns (events accepted, job id).

    Raises:
        _Rejected: The request or the envelope is invalid.
    """
    if not _is_json(request):
        raise _Rejected(415, "Content-Type must be application/json")
    try:
        body = await read_json(request)
    except BodyError as exc:
        raise _Rejected(400, exc.message) from None
    issues, event_indexes = validate_envelope(
        body, require_data_version=require_data_version, learnwith=learnwith
    )
    if issues:
        noun = "error" if len(issues) == 1 else "errors"
        raise _Rejected(400, f"Invalid Caliper envelope: {len(issues)} {noun}", issues)
    if not store:
        return len(event_indexes), None
    events = [body["data"][i] for i in event_indexes]
    state = request.app.state.emulator
    failure = state.failing_jobs.pop(0) if state.failing_jobs else None
    stored: list[Stored] = []
    if failure is None:
        client_id = getattr(request.state, "client_id", None)
        stored = _events(request).store(
            events,
            sensor=body.get("sensor"),
            send_time=body.get("sendTime"),
            client_app_id=client_id,
        )
        fresh = {s.external_id for s in stored if not s.duplicate}
        state.caliper_events_stored_hook(
            body.get("sensor"), [e for e in events if str(e["id"]) in fresh]
        )
    results = [{"allocatedId": str(s.allocated_id), "externalId": s.external_id} for s in stored]
    job_id = _events(request).create_job(results, failure)
    return len(events), job_id


def _plural(n: int) -> str:
    return f"{n} event" if n == 1 else f"{n} events"


async def _accept(request: Request, *, learnwith: bool = False) -> Response:
    """Validate and store an envelope; the answer names the job that tracks it."""
    try:
        count, job_id = await _ingest(request, store=True, learnwith=learnwith)
    except _Rejected as exc:
        return exc.response()
    return json_response(
        {"status": "success", "message": f"{_plural(count)} accepted", "jobId": job_id}
    )


async def post_event(request: Request) -> Response:
    """Send a Caliper envelope: validated, stored (each event id once) and tracked by a job."""
    return await _accept(request)


async def post_validate(request: Request) -> Response:
    """Validate a Caliper envelope without storing anything."""
    try:
        count, _ = await _ingest(request, store=False)
    except _Rejected as exc:
        return exc.response()
    return json_response({"status": "success", "message": f"{_plural(count)} valid", "errors": []})


async def post_learnwith(request: Request) -> Response:
    """LearnWith.AI ingest: accepts transformed envelopes and stores them."""
    return await _accept(request, learnwith=True)


async def post_edubridge_event(request: Request) -> Response:
    """Edubridge Caliper ingest: ``dataVersion`` optional; events split and queued."""
    try:
        count, _ = await _ingest(request, store=True, require_data_version=False)
    except _Rejected as exc:
        if exc.issues:
            return edubridge_errors(exc.issues, exc.message, exc.status)
        return message_error(exc.status, exc.message)
    return json_response({"success": True, "message": f"{_plural(count)} queued"})


def _int_param(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    value = parse_query_int(raw)
    if value is None:
        raise _Rejected(400, f"{name} must be an integer")
    top = high if high is not None else MAX_QUERY_INT
    if not low <= value <= top:
        bound = f">= {low}" if high is None and value < low else f"between {low} and {top}"
        raise _Rejected(400, f"{name} must be {bound}")
    return value


def _instant(request: Request, name: str, *, end: bool) -> float | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    moment = parse_datetime(raw)
    if moment is None:
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            raise _Rejected(400, f"{name} must be an ISO 8601 date or date-time") from None
        moment = dt.datetime.combine(
            day, dt.time.max if end else dt.time.min, tzinfo=dt.timezone.utc
        )
    return moment.timestamp()


async def list_events(request: Request) -> Response:
    """Stored events, oldest first, with page information."""
    try:
        limit = _int_param(request, "limit", 100, 1, 1000)
        offset = _int_param(request, "offset", 0, 0, None)
        start = _instant(request, "startDate", end=False)
        end = _instant(request, "endDate", end=True)
    except _Rejected as exc:
        return exc.response()  # parameter errors carry no issues
    q = request.query_params
    events, total = _events(request).list_events(
        limit=limit,
        offset=offset,
        sensor=q.get("sensor") or None,
        start=start,
        end=end,
        actor_id=q.get("actorId") or None,
        actor_email=q.get("actorEmail") or None,
    )
    return json_response(
        {
            "events": events,
            "pagination": {
                "total": total,
                "totalPages": -(-total // limit),
                "currentPage": offset // limit + 1,
                "limit": limit,
            },
        }
    )


async def get_event(request: Request) -> Response:
    """One stored event by its ``externalId`` (the event's ``urn:uuid`` id)."""
    external_id = path_param(request, "externalId")
    event = _events(request).get(external_id)
    if event is None:
        return caliper_error(f"Event {external_id} not found", None, 404)
    return json_response({"event": event})


async def get_job_status(request: Request) -> Response:
    """A job's status; each poll advances it one state."""
    config: EmulatorConfig = request.app.state.config
    job = _events(request).poll_job(path_param(request, "jobId"), config.job_polls)
    if job is None:
        return caliper_error("Job not found", None, 404)
    return json_response(job)


def routes() -> list[BaseRoute]:
    """The Caliper routes."""
    return [
        Route("/caliper/event", post_event, methods=["POST"]),
        Route("/caliper/event/validate", post_validate, methods=["POST"]),
        Route("/caliper/events", list_events, methods=["GET"]),
        Route("/caliper/events/{externalId}", get_event, methods=["GET"]),
        Route("/jobs/{jobId}/status", get_job_status, methods=["GET"]),
        Route("/caliper/v1p2", post_learnwith, methods=["POST"]),
        Route("/edubridge/caliper/event", post_edubridge_event, methods=["POST"]),
    ]


def _schema(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": required}


_STATUS_BODY = _schema(
    {"status": {"type": "string"}, "message": {"type": "string"}, "errors": {}, "jobId": {}},
    ["status", "message"],
)
_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "@context": {"type": "string", "const": CONTEXT},
        "id": {"type": "string", "pattern": "^urn:uuid:"},
        "type": {"type": "string"},
        "profile": {"type": "string", "enum": sorted(PROFILES)},
        "actor": {"type": ["string", "object"]},
        "action": {"type": "string"},
        "object": {"type": ["string", "object"]},
        "eventTime": {"type": "string", "format": "date-time"},
    },
    "required": ["id", "type", "profile", "actor", "action", "object", "eventTime"],
}
_ENVELOPE = _schema(
    {
        "sensor": {"type": "string", "format": "uri"},
        "sendTime": {"type": "string", "format": "date-time"},
        "dataVersion": {"type": "string", "const": DATA_VERSION},
        "data": {"type": "array", "minItems": 1, "items": _EVENT_SCHEMA},
    },
    ["sensor", "sendTime", "dataVersion", "data"],
)
_LEARNWITH_ENVELOPE = copy.deepcopy(_ENVELOPE)
_LEARNWITH_ENVELOPE["properties"]["data"]["items"]["properties"]["profile"]["enum"] = sorted(
    (PROFILES - {"TimebackProfile"}) | {LEARNWITH_PROFILE}
)
_DATE_OR_TIME: dict[str, Any] = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]
}


def _send_doc(summary: str, envelope: dict[str, Any] = _ENVELOPE) -> dict[str, Any]:
    return {
        "summary": summary,
        "requestBody": {"required": True, "content": json_content(envelope)},
        "responses": {
            "200": {"description": "Accepted", "content": json_content(_STATUS_BODY)},
            "400": {"description": "Invalid envelope", "content": json_content(_STATUS_BODY)},
            "415": {"description": "Not JSON", "content": json_content(_STATUS_BODY)},
        },
    }


OPENAPI_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    ("POST", "/caliper/event"): _send_doc("Send a Caliper envelope"),
    ("POST", "/caliper/event/validate"): _send_doc("Validate a Caliper envelope"),
    ("POST", "/caliper/v1p2"): _send_doc(
        "Send transformed events (LearnWith.AI shape)", _LEARNWITH_ENVELOPE
    ),
    ("POST", "/edubridge/caliper/event"): {
        "summary": "Send a Caliper envelope through Edubridge",
        "requestBody": {"required": True, "content": json_content(_ENVELOPE)},
        "responses": {
            "200": {"description": "Queued", "content": json_content({"type": "object"})},
            "400": {"description": "Invalid envelope", "content": json_content({"type": "object"})},
            "415": {"description": "Not JSON", "content": json_content({"type": "object"})},
        },
    },
    ("GET", "/caliper/events"): {
        "summary": "List stored events",
        "parameters": [
            {
                "name": "limit",
                "in": "query",
                "schema": {"type": "integer", "minimum": 1, "maximum": 1000},
            },
            {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
            {"name": "sensor", "in": "query", "schema": {"type": "string"}},
            {"name": "startDate", "in": "query", "schema": _DATE_OR_TIME},
            {"name": "endDate", "in": "query", "schema": _DATE_OR_TIME},
            {"name": "actorId", "in": "query", "schema": {"type": "string"}},
            {"name": "actorEmail", "in": "query", "schema": {"type": "string"}},
        ],
        "responses": {
            "200": {
                "description": "A page of events",
                "content": json_content(
                    _schema(
                        {"events": {"type": "array"}, "pagination": {"type": "object"}},
                        ["events", "pagination"],
                    )
                ),
            },
            "400": {"description": "Bad parameter", "content": json_content(_STATUS_BODY)},
        },
    },
    ("GET", "/caliper/events/{externalId}"): {
        "summary": "Get one stored event",
        "responses": {
            "200": {
                "description": "The event",
                "content": json_content(_schema({"event": {}}, ["event"])),
            },
            "404": {"description": "Unknown event", "content": json_content(_STATUS_BODY)},
        },
    },
    ("GET", "/jobs/{jobId}/status"): {
        "summary": "Get a job's status",
        "responses": {
            "200": {
                "description": "The job",
                "content": json_content(_schema({"job": {}}, ["job"])),
            },
            "404": {"description": "Unknown job", "content": json_content(_STATUS_BODY)},
        },
    },
}
