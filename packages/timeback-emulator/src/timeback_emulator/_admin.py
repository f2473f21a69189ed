"""The admin API under ``/_emulator/`` (no token; loopback clients only).

- ``POST /_emulator/faults``: one fault or a list (see ``_faults``) -> 201 ``{"faults": [...]}``
- ``GET /_emulator/faults``: the pending faults; ``DELETE`` clears them -> ``{"cleared": n}``
- ``POST /_emulator/tokens/expire``: expire (revoke) every issued token -> ``{"expired": n}``
- ``GET /_emulator/stats``: request counts by method, route template and status, tokens issued,
  Caliper events stored; ``DELETE`` resets the counters
- ``POST /_emulator/reset``: optional ``{"data", "faults", "stats", "tokens"}`` booleans;
  reseeds the data and clears faults and stats by default
- ``POST /_emulator/jobs/fail``: ``{"count": 1, "reason": "..."}``, the next Caliper jobs end
  ``failed``
- ``GET /_emulator/seed``: the seed summary (counts and well-known ids)
- ``GET /_emulator/openapi.json``: the emulator's own OpenAPI description
"""

from __future__ import annotations

import dataclasses
import importlib
import ipaddress
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from timeback_emulator import webhooks
from timeback_emulator._faults import FaultSpecError
from timeback_emulator._http import BodyError, grouped_routes, json_response, read_json

if TYPE_CHECKING:
    from timeback_emulator.app import EmulatorState

Endpoint = Callable[[Request], Awaitable[Response]]

_LOCAL_NAMES = {"localhost", "testclient", "testserver"}

MAX_FAILING_JOBS = 10_000
"""The most Caliper jobs one ``/_emulator/jobs/fail`` call may fail (each is held in memory)."""


def is_loopback(host: str | None) -> bool:
    """Whether a client address is local (in-process transports count as local)."""
    if host is None or host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _state(request: Request) -> EmulatorState:
    state: EmulatorState = request.app.state.emulator
    return state


# A request carrying one of these came through a proxy: its peer address is the proxy's, not the
# client's, so a loopback peer proves nothing (and a server that rewrites the client address from
# them would let any remote caller claim to be 127.0.0.1).
_FORWARDING_HEADERS = (b"forwarded", b"x-forwarded-for", b"x-real-ip")


def _forwarded(request: Request) -> bool:
    return any(name.lower() in _FORWARDING_HEADERS for name, _ in request.scope["headers"])


def _local_only(endpoint: Endpoint) -> Endpoint:
    async def guarded(request: Request) -> Response:
        host = request.client.host if request.client else None
        if _forwarded(request) or not is_loopback(host):
            return json_response(
                {
                    "error": "forbidden",
                    "message": "The admin API answers direct loopback clients only.",
                },
                403,
            )
        return await endpoint(request)

    guarded.__name__ = endpoint.__name__
    guarded.__doc__ = endpoint.__doc__
    return guarded


def _bad_request(message: str) -> Response:
    return json_response({"error": "invalid_request", "message": message}, 400)


# -- operations shared by the HTTP routes and the in-process helpers ---------------------------


def add_faults(state: EmulatorState, spec: Any) -> list[dict[str, Any]]:
    """Add one fault or a list of faults (all or none).

    Raises:
        FaultSpecError: A description is invalid; nothing is added then.
    """
    specs = spec if isinstance(spec, list) else [spec]
    if not specs or not all(isinstance(s, dict) for s in specs):
        raise FaultSpecError("a fault is a JSON object (or a list of them)")
    return [fault.to_json() for fault in state.faults.add_many(specs)]


def stats_snapshot(state: EmulatorState) -> dict[str, Any]:
    """The stats document."""
    snapshot = state.stats.snapshot()
    snapshot["tokensIssued"] = state.tokens.issued
    snapshot["caliperEventsStored"] = state.caliper_events_stored()
    return snapshot


def seed_document(state: EmulatorState) -> dict[str, Any]:
    """The seed summary as JSON."""
    summary = state.seed_summary
    data = dataclasses.asdict(summary) if summary is not None else None
    return {"seed": state.config.seed, "seedNumber": state.config.seed_number, "summary": data}


# -- routes ------------------------------------------------------------------------------------


async def post_faults(request: Request) -> Response:
    """Program one fault or a list of faults."""
    try:
        body = await read_json(request)
        faults = add_faults(_state(request), body)
    except (BodyError, FaultSpecError) as exc:
        return _bad_request(str(exc))
    return json_response({"faults": faults}, 201)


async def get_faults(request: Request) -> Response:
    """List pending faults."""
    return json_response({"faults": [f.to_json() for f in _state(request).faults.list()]})


async def delete_faults(request: Request) -> Response:
    """Remove every fault (and any pending job failures)."""
    state = _state(request)
    state.failing_jobs.clear()
    return json_response({"cleared": state.faults.clear()})


async def expire_tokens(request: Request) -> Response:
    """Expire every issued token: the next API call with one of them gets a 401."""
    return json_response({"expired": _state(request).tokens.expire_all()})


async def get_stats(request: Request) -> Response:
    """Request counts, tokens issued and Caliper events stored."""
    return json_response(stats_snapshot(_state(request)))


async def delete_stats(request: Request) -> Response:
    """Reset the request and token counters."""
    state = _state(request)
    state.stats.reset()
    state.tokens.reset_counters()
    return Response(status_code=204)


async def post_reset(request: Request) -> Response:
    """Reseed the data and clear faults and stats (each optional)."""
    try:
        body = await read_json(request, allow_empty=True)
    except BodyError as exc:
        return _bad_request(str(exc))
    body = body or {}
    if not isinstance(body, dict):
        return _bad_request("the body must be a JSON object")
    options: dict[str, bool] = {}
    for key in ("data", "faults", "stats", "tokens"):
        if key in body:
            if not isinstance(body[key], bool):
                return _bad_request(f"{key} must be a boolean")
            options[key] = body[key]
    state = _state(request)
    state.reset(**options)
    return json_response({"reset": True, **seed_document(state)})


async def post_fail_jobs(request: Request) -> Response:
    """Make the next Caliper jobs end ``failed``."""
    try:
        body = await read_json(request, allow_empty=True)
    except BodyError as exc:
        return _bad_request(str(exc))
    body = body or {}
    count = body.get("count", 1) if isinstance(body, dict) else None
    reason = body.get("reason", "Injected job failure") if isinstance(body, dict) else None
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_FAILING_JOBS:
        return _bad_request(f"count must be an integer between 1 and {MAX_FAILING_JOBS}")
    if not isinstance(reason, str):
        return _bad_request("reason must be a string")
    state = _state(request)
    state.failing_jobs.extend([reason] * count)
    return json_response({"pending": len(state.failing_jobs)})


async def get_seed(request: Request) -> Response:
    """The seed summary."""
    return json_response(seed_document(_state(request)))


async def get_openapi(request: Request) -> Response:
    """The emulator's own OpenAPI description."""
    base = str(request.base_url).rstrip("/")
    return json_response(build_openapi(request.app.routes, base))


def routes() -> list[BaseRoute]:
    """The admin routes."""
    table: list[tuple[str, str, Endpoint]] = [
        ("POST", "/_emulator/faults", post_faults),
        ("GET", "/_emulator/faults", get_faults),
        ("DELETE", "/_emulator/faults", delete_faults),
        ("POST", "/_emulator/tokens/expire", expire_tokens),
        ("GET", "/_emulator/stats", get_stats),
        ("DELETE", "/_emulator/stats", delete_stats),
        ("POST", "/_emulator/reset", post_reset),
        ("POST", "/_emulator/jobs/fail", post_fail_jobs),
        ("GET", "/_emulator/seed", get_seed),
        ("GET", "/_emulator/openapi.json", get_openapi),
        *webhooks.admin_table(),
    ]
    return list(grouped_routes((m, p, _local_only(e)) for m, p, e in table))


# -- OpenAPI -----------------------------------------------------------------------------------

_PARAM = re.compile(r"{([^}:]+)(?::[^}]+)?}")


def _operation_id(method: str, path: str) -> str:
    words = re.sub(r"[{}]", "", path).replace("/", "_").replace("-", "_").replace(".", "_")
    return f"{method.lower()}{words}".strip("_")


def build_openapi(app_routes: list[BaseRoute], base_url: str) -> dict[str, Any]:
    """An OpenAPI 3.1 description generated from the routes and their registered metadata.

    Services register details (parameters, bodies, responses) in ``OPENAPI_OPERATIONS`` of their
    package; every other route gets a generic description.
    """
    from timeback_emulator import caliper, edubridge, powerpath, qti

    details: dict[tuple[str, str], dict[str, Any]] = {}
    for module in (edubridge, caliper, qti, powerpath):
        details.update(getattr(module, "OPENAPI_OPERATIONS", {}))
    oneroster = _optional_oneroster()
    if oneroster is not None:
        details.update(getattr(oneroster, "OPENAPI_OPERATIONS", {}))

    served: dict[str, set[str]] = {}
    if oneroster is not None and hasattr(oneroster, "served_endpoints"):
        for method, template in oneroster.served_endpoints():
            served.setdefault(template, set()).add(method.upper())
    paths: dict[str, dict[str, Any]] = {}
    for route in app_routes:
        if not isinstance(route, Route) or route.path == "/" or not route.methods:
            continue
        template = _PARAM.sub(lambda m: "{" + m.group(1) + "}", route.path)
        methods = served.get(route.path, route.methods) - {"HEAD", "OPTIONS"}
        for method in sorted(methods):
            operation = _generic_operation(method, route.path, template, route)
            if route.path in served and method == "GET":
                operation["parameters"] = operation.get("parameters", []) + _oneroster_query(
                    route.path
                )
            extra = details.get((method, route.path))
            if extra:
                parameters = operation.get("parameters", []) + extra.get("parameters", [])
                operation.update(extra)
                if parameters:
                    operation["parameters"] = parameters
            if route.path.startswith("/_emulator"):
                operation["tags"] = ["emulator-admin"]
                if (method, route.path) == ("DELETE", "/_emulator/stats"):
                    operation["responses"] = {"204": {"description": "Counters reset"}}
            if operation.get("security") != []:
                operation["responses"].setdefault(
                    "401",
                    {
                        "description": "Missing, invalid or expired bearer token",
                        "content": _json_schema_ref("ImsxStatusInfo"),
                    },
                )
            paths.setdefault(template, {})[method.lower()] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Timeback emulator",
            "version": _version(),
            "description": (
                "Local emulator of the Timeback platform (OneRoster, Edubridge, Caliper). "
                "Generated from the emulator's routes."
            ),
        },
        "servers": [{"url": base_url}],
        "components": {
            "securitySchemes": {
                "OAuth2": {
                    "type": "oauth2",
                    "flows": {"clientCredentials": {"tokenUrl": "/oauth2/token", "scopes": {}}},
                },
                "BearerAuth": {"type": "http", "scheme": "bearer"},
            },
            "schemas": _COMPONENT_SCHEMAS,
        },
        "security": [{"BearerAuth": []}],
        "paths": dict(sorted(paths.items())),
    }


def _generic_operation(method: str, path: str, template: str, route: Route) -> dict[str, Any]:
    endpoint = getattr(route, "endpoints", {}).get(method, route.endpoint)
    doc = (endpoint.__doc__ or "").strip().splitlines()
    operation: dict[str, Any] = {
        "operationId": _operation_id(method, path),
        "summary": doc[0] if doc else f"{method} {template}",
        "responses": {
            "default": {
                "description": "Any response",
                "content": {"application/json": {"schema": {}}},
            }
        },
    }
    names = _PARAM.findall(path)
    if names:
        operation["parameters"] = [
            {"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names
        ]
    if path.startswith("/_emulator") or path in ("/oauth2/token", "/auth/1.0/token"):
        operation["security"] = []
    if path in ("/oauth2/token", "/auth/1.0/token"):
        operation["requestBody"] = {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "grant_type": {"type": "string", "enum": ["client_credentials"]},
                            "scope": {"type": "string"},
                            "client_id": {"type": "string"},
                            "client_secret": {"type": "string"},
                        },
                        "required": ["grant_type"],
                    }
                }
            },
        }
        operation["responses"] = {
            "200": {"description": "A token", "content": _json_schema_ref("TokenResponse")},
            "400": {"description": "Bad request", "content": _json_schema_ref("OAuthError")},
            "401": {"description": "Bad credentials", "content": _json_schema_ref("OAuthError")},
        }
    elif method in ("POST", "PUT", "PATCH") and "requestBody" not in operation:
        operation["requestBody"] = {
            "required": False,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    return operation


def _oneroster_query(path: str) -> list[dict[str, Any]]:
    """Query parameters of a OneRoster GET: every list parameter, or ``fields`` only."""
    fields = {"name": "fields", "in": "query", "schema": {"type": "string"}}
    if path.endswith("}"):
        return [fields]
    return [
        {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 3000},
        },
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
        {"name": "sort", "in": "query", "schema": {"type": "string"}},
        {"name": "orderBy", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "filter", "in": "query", "schema": {"type": "string"}},
        {"name": "search", "in": "query", "schema": {"type": "string"}},
        fields,
    ]


def _json_schema_ref(name: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}


_COMPONENT_SCHEMAS: dict[str, Any] = {
    "TokenResponse": {
        "type": "object",
        "properties": {
            "access_token": {"type": "string"},
            "token_type": {"type": "string"},
            "expires_in": {"type": "integer"},
            "scope": {"type": "string"},
        },
        "required": ["access_token", "token_type", "expires_in"],
    },
    "OAuthError": {
        "type": "object",
        "properties": {"error": {"type": "string"}, "error_description": {"type": "string"}},
        "required": ["error"],
    },
    "ImsxStatusInfo": {
        "type": "object",
        "properties": {
            "imsx_codeMajor": {"type": "string"},
            "imsx_severity": {"type": "string"},
            "imsx_description": {"type": "string"},
            "imsx_CodeMinor": {"type": "object"},
            "imsx_error_details": {"type": "array"},
        },
        "required": ["imsx_codeMajor", "imsx_severity", "imsx_description", "imsx_CodeMinor"],
    },
}


def _optional_oneroster() -> Any:
    try:
        return importlib.import_module("timeback_emulator.oneroster")
    except ModuleNotFoundError:
        return None


def _version() -> str:
    from timeback_emulator import __version__

    return __version__
