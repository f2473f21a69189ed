"""Response helpers shared by the emulator's own routes and middleware."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import unquote

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import Send

JSON = "application/json"

# The codeMinor that goes with each HTTP status.
CODE_MINOR_BY_STATUS: dict[int, str] = {
    400: "invaliddata",
    401: "unauthorisedrequest",
    403: "forbidden",
    404: "unknownobject",
    409: "invaliddata",
    415: "invaliddata",
    422: "invaliddata",
    429: "server_busy",
}

REASONS: dict[int, str] = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    415: "Unsupported Media Type",
    422: "Unprocessable Entity",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}


def dumps(value: Any) -> bytes:
    """Serialise to compact UTF-8 JSON."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_response(
    value: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON response with a pre-rendered body."""
    return Response(dumps(value), status_code=status, headers=headers, media_type=JSON)


def reason(status: int) -> str:
    """The reason phrase of a status (generic when unknown)."""
    return REASONS.get(status, "Error" if status >= 400 else "OK")


def code_minor_for(status: int) -> str:
    """The IMS codeMinor that goes with an HTTP status."""
    if status in CODE_MINOR_BY_STATUS:
        return CODE_MINOR_BY_STATUS[status]
    return "internal_server_error" if status >= 500 else "invaliddata"


def ims_body(
    description: str,
    code_minor: str,
    details: Sequence[Mapping[str, str]] | None = None,
) -> dict[str, Any]:
    """An ``imsx_StatusInfo`` error body."""
    body: dict[str, Any] = {
        "imsx_codeMajor": "failure",
        "imsx_severity": "error",
        "imsx_description": description,
        "imsx_CodeMinor": {
            "imsx_codeMinorField": [
                {
                    "imsx_codeMinorFieldName": "TargetEndSystem",
                    "imsx_codeMinorFieldValue": code_minor,
                }
            ]
        },
    }
    if details:
        body["imsx_error_details"] = [dict(d) for d in details]
    return body


def ims_error(
    status: int,
    description: str,
    code_minor: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An IMS error response."""
    return json_response(
        ims_body(description, code_minor or code_minor_for(status)), status, headers
    )


Issue = tuple[str, str]
"""A validation issue: (path, message)."""


def edubridge_errors(
    issues: Iterable[Issue], message: str = "Validation failed", status: int = 400
) -> Response:
    """An Edubridge ``errors[]`` body listing every issue."""
    issue_list = [{"path": path, "message": text} for path, text in issues]
    detail = "; ".join(f"{i['path']}: {i['message']}" for i in issue_list)
    error: dict[str, Any] = {"message": message, "meta": {"issues": issue_list}}
    if detail:
        error["detail"] = detail
    return json_response({"errors": [error]}, status)


def message_error(status: int, message: str) -> Response:
    """A ``{"message": ...}`` body (Edubridge 404s and plain errors)."""
    return json_response({"message": message}, status)


def caliper_error(message: str, errors: Any = None, status: int = 400) -> Response:
    """A Caliper error body."""
    body: dict[str, Any] = {"status": "error", "message": message}
    if errors is not None:
        body["errors"] = errors
    return json_response(body, status)


def path_param(request: Request, name: str) -> str:
    """A path parameter, percent-decoded exactly once."""
    return unquote(request.path_params[name])


def query_list(request: Request, name: str) -> list[str]:
    """Every value of a repeated query parameter; comma-separated values are split too."""
    values: list[str] = []
    for raw in request.query_params.getlist(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


class BodyError(Exception):
    """The request body is not the JSON document the route expects."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


async def read_json(request: Request, *, allow_empty: bool = False) -> Any:
    """Parse the request body as JSON.

    Raises:
        BodyError: The body is empty (unless allowed) or not valid JSON.
    """
    raw = await request.body()
    if not raw.strip():
        if allow_empty:
            return None
        raise BodyError("Request body is required")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BodyError(f"Malformed JSON body: {exc}") from None


def media_type(request: Request) -> str:
    """The request's media type, lower-cased, without parameters."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def send_raw(
    send: Send,
    status: int,
    body: bytes,
    content_type: str | None,
    headers: Iterable[tuple[str, str]] = (),
) -> None:
    """Send a complete response through a raw ASGI ``send`` (used by middleware)."""
    raw_headers = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    if content_type is not None:
        raw_headers.append((b"content-type", content_type.encode("latin-1")))
    raw_headers.append((b"content-length", str(len(body)).encode("latin-1")))
    await send({"type": "http.response.start", "status": status, "headers": raw_headers})
    await send({"type": "http.response.body", "body": body, "more_body": False})


Endpoint = Callable[[Request], Awaitable[Response]]


def grouped_routes(table: Iterable[tuple[str, str, Endpoint]]) -> list[Route]:
    """One route per path from (method, path, endpoint) rows, dispatching on the method.

    Starlette answers a method mismatch from the first route whose path matches, so one route per
    path is what makes a 405's ``Allow`` header list every method of the path.
    """
    by_path: dict[str, dict[str, Endpoint]] = {}
    for method, path, endpoint in table:
        by_path.setdefault(path, {})[method.upper()] = endpoint
    routes = []
    for path, endpoints in by_path.items():
        if len(endpoints) == 1:
            ((method, endpoint),) = endpoints.items()
            routes.append(Route(path, endpoint, methods=[method]))
            continue

        async def dispatch(
            request: Request, _endpoints: dict[str, Endpoint] = endpoints
        ) -> Response:
            method = "GET" if request.method == "HEAD" else request.method
            return await _endpoints[method](request)

        first = next(iter(endpoints.values()))
        dispatch.__doc__ = (
            " / ".join(
                (e.__doc__ or "").strip().splitlines()[0] for e in endpoints.values() if e.__doc__
            )
            or first.__doc__
        )
        dispatch.__name__ = first.__name__
        route = Route(path, dispatch, methods=list(endpoints))
        route.endpoints = endpoints  # type: ignore[attr-defined]
        routes.append(route)
    return routes
