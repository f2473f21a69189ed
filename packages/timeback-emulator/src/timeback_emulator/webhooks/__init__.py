"""Webhook routes of the emulator (Caliper host) and the deliveries they cause.

- ``GET /webhooks`` (``?sensor=``), ``POST /webhooks``, ``GET|PUT|DELETE /webhooks/{id}``,
  ``PUT /webhooks/{id}/activate``, ``PUT /webhooks/{id}/deactivate``
- ``GET|POST /webhook-filters``, ``GET|PUT|DELETE /webhook-filters/{id}``,
  ``GET /webhook-filters/webhook/{webhookId}``
- admin: ``GET|DELETE /_emulator/webhooks/deliveries`` (the delivery log),
  ``GET|POST|DELETE /_emulator/webhooks/faults`` (duplicate, delay, tamper, wrong_secret)

Every stored Caliper event is offered to each active webhook whose sensor (when set) equals the
envelope's and whose active filters all match; each match is one signed delivery.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import Any
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from timeback_emulator._http import (
    BodyError,
    caliper_error,
    grouped_routes,
    json_response,
    path_param,
    read_json,
)
from timeback_emulator.webhooks._delivery import (
    DELIVERY_FAULTS,
    SIGNING_SCHEMES,
    Dispatcher,
    FaultSpecError,
    is_loopback_host,
)
from timeback_emulator.webhooks._filters import OPERATORS, TYPES, filter_problem, matches
from timeback_emulator.webhooks._store import Kind, WebhookStore, ensure_schema

Endpoint = Callable[[Request], Awaitable[Response]]

__all__ = [
    "DELIVERY_FAULTS",
    "OPERATORS",
    "SIGNING_SCHEMES",
    "TYPES",
    "Dispatcher",
    "admin_table",
    "deliver",
    "ensure_schema",
    "is_loopback_host",
    "matches",
    "routes",
]


def _store(request: Request) -> WebhookStore:
    return WebhookStore(request.app.state.store)


def _dispatcher(request: Request) -> Dispatcher:
    dispatcher: Dispatcher = request.app.state.emulator.webhooks
    return dispatcher


def deliver(store: Any, dispatcher: Dispatcher, sensor: str | None, events: Iterable[Any]) -> int:
    """Queue one delivery per (active webhook, matching event); returns how many were queued."""
    hooks = WebhookStore(store)
    active = [w for w in hooks.webhooks() if w.get("active")]
    if not active:
        return 0
    filters = {w["id"]: [f for f in hooks.filters(w["id"]) if f.get("active")] for w in active}
    queued = 0
    for event in events:
        for hook in active:
            if hook.get("sensor") and hook["sensor"] != sensor:
                continue
            if all(
                matches(
                    event, f["filterKey"], f["filterOperator"], f["filterType"], f["filterValue"]
                )
                for f in filters[hook["id"]]
            ):
                dispatcher.enqueue(hook, sensor, event)
                queued += 1
    return queued


# What a body check gives: the fields to store, or the problem and its status.
_Checked = tuple[dict[str, Any] | None, str | None, int]


def _document_handlers(
    kind: Kind, check: Callable[[Any, WebhookStore], _Checked], summaries: tuple[str, str, str, str]
) -> tuple[Endpoint, Endpoint, Endpoint, Endpoint]:
    """The create, get, replace and delete handlers of webhooks or of filters.

    Answers carry the document under its kind (``{"webhook": ...}``); ``summaries`` are the
    handlers' docstrings, in that order.
    """
    label = kind.capitalize()

    async def checked_body(request: Request, store: WebhookStore) -> dict[str, Any] | Response:
        try:
            body = await read_json(request)
        except BodyError as exc:
            return caliper_error(exc.message, None, 400)
        fields, problem, status = check(body, store)
        if fields is None:
            return caliper_error(problem or f"invalid {kind}", None, status)
        return fields

    def not_found(doc_id: str) -> Response:
        return caliper_error(f"{label} {doc_id} not found", None, 404)

    async def post(request: Request) -> Response:
        store = _store(request)
        fields = await checked_body(request, store)
        if isinstance(fields, Response):
            return fields
        return json_response({kind: store.create(kind, fields)}, 201)

    async def get(request: Request) -> Response:
        doc_id = path_param(request, "id")
        doc = _store(request).get(kind, doc_id)
        return not_found(doc_id) if doc is None else json_response({kind: doc})

    async def put(request: Request) -> Response:
        doc_id = path_param(request, "id")
        store = _store(request)
        fields = await checked_body(request, store)
        if isinstance(fields, Response):
            return fields
        doc = store.update(kind, doc_id, fields)
        return not_found(doc_id) if doc is None else json_response({kind: doc})

    async def delete(request: Request) -> Response:
        doc_id = path_param(request, "id")
        if not _store(request).delete(kind, doc_id):
            return not_found(doc_id)
        return json_response({"message": f"{label} {doc_id} deleted"})

    verbs = ("create", "get", "put", "delete")
    for verb, endpoint, summary in zip(verbs, (post, get, put, delete), summaries, strict=True):
        endpoint.__name__ = f"{verb}_{kind}"
        endpoint.__doc__ = summary
    return post, get, put, delete


# -- webhooks -----------------------------------------------------------------------------------


def _webhook_fields(body: Any, store: WebhookStore) -> _Checked:
    if not isinstance(body, dict):
        return None, "the body must be a JSON object", 400
    for name in ("name", "targetUrl", "secret"):
        if not isinstance(body.get(name), str) or not body[name]:
            return None, f"{name} is required (a non-empty string)", 400
    if not isinstance(body.get("active"), bool):
        return None, "active is required (a boolean)", 400
    parts = urlsplit(body["targetUrl"])
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None, "targetUrl must be an absolute http or https URL", 400
    for name in ("sensor", "description"):
        if body.get(name) is not None and not isinstance(body[name], str):
            return None, f"{name} must be a string", 400
    fields = {
        name: body.get(name)
        for name in ("name", "targetUrl", "secret", "active", "sensor", "description")
    }
    return fields, None, 200


async def list_webhooks(request: Request) -> Response:
    """Every webhook, or those of ``?sensor=``."""
    sensor = request.query_params.get("sensor") or None
    return json_response({"webhooks": _store(request).webhooks(sensor)})


create_webhook, get_webhook, put_webhook, delete_webhook = _document_handlers(
    "webhook",
    _webhook_fields,
    (
        "Register a webhook.",
        "One webhook.",
        "Replace a webhook.",
        "Remove a webhook and its filters.",
    ),
)


async def _set_active(request: Request, active: bool) -> Response:
    webhook_id = path_param(request, "id")
    doc = _store(request).update("webhook", webhook_id, {"active": active})
    if doc is None:
        return caliper_error(f"Webhook {webhook_id} not found", None, 404)
    return json_response({"webhook": doc})


async def activate_webhook(request: Request) -> Response:
    """Start a webhook's deliveries."""
    return await _set_active(request, True)


async def deactivate_webhook(request: Request) -> Response:
    """Stop a webhook's deliveries."""
    return await _set_active(request, False)


# -- filters ------------------------------------------------------------------------------------


def _filter_fields(body: Any, store: WebhookStore) -> _Checked:
    if not isinstance(body, dict):
        return None, "the body must be a JSON object", 400
    for name in ("webhookId", "filterKey", "filterValue"):
        if not isinstance(body.get(name), str) or (name != "filterValue" and not body[name]):
            return None, f"{name} is required (a string)", 400
    operator = body.get("filterOperator", "eq")
    kind = body.get("filterType", "string")
    problem = filter_problem(operator, kind, body["filterValue"])
    if problem:
        return None, problem, 400
    active = body.get("active", True)
    if not isinstance(active, bool):
        return None, "active must be a boolean", 400
    if store.get("webhook", body["webhookId"]) is None:
        return None, f"Webhook {body['webhookId']} not found", 404
    fields = {
        "webhookId": body["webhookId"],
        "filterKey": body["filterKey"],
        "filterValue": body["filterValue"],
        "filterType": kind,
        "filterOperator": operator,
        "active": active,
    }
    return fields, None, 200


async def list_filters(request: Request) -> Response:
    """Every filter."""
    return json_response({"filters": _store(request).filters()})


async def list_filters_for(request: Request) -> Response:
    """The filters of one webhook."""
    return json_response({"filters": _store(request).filters(path_param(request, "webhookId"))})


create_filter, get_filter, put_filter, delete_filter = _document_handlers(
    "filter",
    _filter_fields,
    ("Add a filter to a webhook.", "One filter.", "Replace a filter.", "Remove a filter."),
)


def routes() -> list[BaseRoute]:
    """The webhook routes."""
    table = [
        ("GET", "/webhooks", list_webhooks),
        ("POST", "/webhooks", create_webhook),
        ("GET", "/webhooks/{id}", get_webhook),
        ("PUT", "/webhooks/{id}", put_webhook),
        ("DELETE", "/webhooks/{id}", delete_webhook),
        ("PUT", "/webhooks/{id}/activate", activate_webhook),
        ("PUT", "/webhooks/{id}/deactivate", deactivate_webhook),
        ("GET", "/webhook-filters", list_filters),
        ("POST", "/webhook-filters", create_filter),
        ("GET", "/webhook-filters/webhook/{webhookId}", list_filters_for),
        ("GET", "/webhook-filters/{id}", get_filter),
        ("PUT", "/webhook-filters/{id}", put_filter),
        ("DELETE", "/webhook-filters/{id}", delete_filter),
    ]
    return list(grouped_routes(table))


# -- admin --------------------------------------------------------------------------------------


async def get_deliveries(request: Request) -> Response:
    """The delivery log: one entry per attempt, and how many deliveries are in progress."""
    return json_response(_dispatcher(request).log())


async def delete_deliveries(request: Request) -> Response:
    """Forget the delivery log and the delivery faults."""
    _dispatcher(request).clear()
    return json_response({"cleared": True})


async def post_delivery_faults(request: Request) -> Response:
    """Program a delivery fault (or a list): duplicate, delay, tamper, wrong_secret."""
    try:
        body = await read_json(request)
        specs = body if isinstance(body, list) else [body]
        dispatcher = _dispatcher(request)
        faults = [dispatcher.add_fault(spec) for spec in specs]
    except BodyError as exc:
        return json_response({"error": "invalid_request", "message": exc.message}, 400)
    except FaultSpecError as exc:
        return json_response({"error": "invalid_request", "message": str(exc)}, 400)
    return json_response({"faults": [f.to_json() for f in faults]}, 201)


async def get_delivery_faults(request: Request) -> Response:
    """The pending delivery faults."""
    return json_response({"faults": _dispatcher(request).faults()})


async def delete_delivery_faults(request: Request) -> Response:
    """Remove every delivery fault."""
    return json_response({"cleared": _dispatcher(request).clear_faults()})


def admin_table() -> list[tuple[str, str, Any]]:
    """The admin rows (method, path, endpoint), guarded by the admin module."""
    return [
        ("GET", "/_emulator/webhooks/deliveries", get_deliveries),
        ("DELETE", "/_emulator/webhooks/deliveries", delete_deliveries),
        ("POST", "/_emulator/webhooks/faults", post_delivery_faults),
        ("GET", "/_emulator/webhooks/faults", get_delivery_faults),
        ("DELETE", "/_emulator/webhooks/faults", delete_delivery_faults),
    ]
