"""HTTP helpers of the OneRoster routes: IMS error bodies, query parameters, list envelopes."""

from __future__ import annotations

import json
import math
from collections.abc import Awaitable, Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, unquote_plus

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._filter import FilterError, Node, parse_filter
from timeback_emulator._store import SortError, Store, StoreError

JSON = "application/json"
MAX_LIMIT = 3000
DEFAULT_LIMIT = 100

Handler = Callable[[Request], Awaitable[Response]]


def imsx_body(
    code_minor: str, description: str, details: Sequence[Mapping[str, str]] | None = None
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


class ApiError(Exception):
    """An error answered with an IMS body."""

    def __init__(
        self,
        status: int,
        code_minor: str,
        description: str,
        details: Sequence[Mapping[str, str]] | None = None,
    ) -> None:
        super().__init__(description)
        self.status = status
        self.code_minor = code_minor
        self.description = description
        self.details = details

    def response(self) -> Response:
        body = imsx_body(self.code_minor, self.description, self.details)
        return json_response(body, self.status)


def not_found(description: str) -> ApiError:
    """404 ``unknownobject``."""
    return ApiError(404, "unknownobject", description)


def bad_request(description: str, code_minor: str = "invaliddata") -> ApiError:
    """400 with the given codeMinor."""
    return ApiError(400, code_minor, description)


def invalid(details: Sequence[Mapping[str, str]], description: str | None = None) -> ApiError:
    """422 ``invaliddata`` naming the failing fields."""
    if description is None:
        names = ", ".join(d.get("field", "?") for d in details)
        description = f"Validation failed: {names}"
    return ApiError(422, "invaliddata", description, details)


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON response (compact, ASCII-only)."""
    text = json.dumps(body, separators=(",", ":"))
    return Response(text.encode(), status, headers=dict(headers or {}), media_type=JSON)


def text_response(
    text: str, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A response whose JSON text is already built."""
    return Response(text.encode(), status, headers=dict(headers or {}), media_type=JSON)


def endpoint(fn: Handler) -> Handler:
    """Wrap a handler: API, filter and sort errors become IMS error responses."""

    async def wrapped(request: Request) -> Response:
        try:
            return await fn(request)
        except ApiError as exc:
            return exc.response()
        except FilterError as exc:
            return ApiError(400, "invalid_filter_field", f"Invalid filter: {exc}").response()
        except SortError as exc:
            return ApiError(400, "invaliddata", str(exc)).response()
        except StoreError as exc:  # pragma: no cover - handlers map the expected ones
            return ApiError(400, "invaliddata", str(exc)).response()

    wrapped.__name__ = getattr(fn, "__name__", "endpoint")
    wrapped.__doc__ = fn.__doc__
    return wrapped


def store_of(request: Request) -> Store:
    """The store the app holds in ``app.state.store``."""
    store: Store = request.app.state.store
    return store


def path_param(request: Request, name: str) -> str:
    """A path parameter, percent-decoded exactly once (the app routes on the raw path)."""
    return unquote(request.path_params[name])


def base_url(request: Request) -> str:
    """Scheme, host and root path of the request, without a trailing slash."""
    return str(request.base_url).rstrip("/")


def strict_filters(request: Request) -> bool:
    """Whether the app runs the filter grammar in strict (LearnWith.AI) mode.

    Read from ``app.state.config.strict_filters`` (or ``app.state.strict_filters``).
    """
    state = request.app.state
    for holder in (getattr(state, "config", None), state):
        value = getattr(holder, "strict_filters", None) if holder is not None else None
        if isinstance(value, bool):
            return value
    return False


async def read_json(request: Request) -> Any:
    """The request body as JSON; 400 ``invaliddata`` when it is not."""
    raw = await request.body()
    if not raw.strip():
        raise bad_request("Request body is empty.")
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise bad_request(f"Malformed JSON body: {exc}") from exc


async def read_object(request: Request) -> dict[str, Any]:
    """The request body as a JSON object."""
    body = await read_json(request)
    if not isinstance(body, dict):
        raise bad_request("Request body must be a JSON object.")
    return body


def unwrap(body: Mapping[str, Any], keys: Sequence[str]) -> dict[str, Any]:
    """The entity under the first present wrapper key; 422 when none is present."""
    for key in keys:
        if key in body:
            value = body[key]
            if not isinstance(value, dict):
                raise invalid([{"field": key, "message": "must be an object"}])
            return value
    raise invalid(
        [{"field": keys[0], "message": "Required"}], f"Request body must contain '{keys[0]}'."
    )


# --------------------------------------------------------------------------------------------
# List parameters and envelopes


@dataclass(frozen=True)
class ListParams:
    """Validated list query parameters."""

    limit: int
    offset: int
    sort: str | None
    descending: bool
    fields: list[str] | None
    filter: Node | None
    search: str | None


def _int_param(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise bad_request(f"Invalid {name}: {raw!r} is not an integer.") from None
    if value < low or (high is not None and value > high):
        bounds = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise bad_request(f"Invalid {name}: must be {bounds}.")
    return value


def fields_param(request: Request, allowed: Collection[str]) -> list[str] | None:
    """The ``fields`` projection; 400 ``invalid_selection_field`` on an unknown name."""
    raw = request.query_params.get("fields")
    if raw is None:
        return None
    names = [name.strip() for name in raw.split(",") if name.strip()]
    if not names:
        return None
    unknown = [name for name in names if name not in allowed]
    if unknown:
        raise bad_request(
            f"Invalid fields: {', '.join(unknown)}", code_minor="invalid_selection_field"
        )
    return names


def list_params(
    request: Request, schema: Mapping[str, Any], extra_fields: Sequence[str] = ()
) -> ListParams:
    """Parse and validate ``limit offset sort orderBy fields filter search``."""
    limit = _int_param(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT)
    offset = _int_param(request, "offset", 0, 0, None)
    query = request.query_params
    sort = (query.get("sort") or "").strip() or None
    order = (query.get("orderBy") or "asc").strip().lower()
    if order not in ("asc", "desc"):
        raise bad_request("Invalid orderBy: must be 'asc' or 'desc'.")
    allowed = {*schema, *extra_fields}
    fields = fields_param(request, allowed)
    raw_filter = query.get("filter")
    node = None
    if raw_filter is not None and raw_filter.strip():
        node = parse_filter(raw_filter, strict=strict_filters(request))
    search = query.get("search")
    return ListParams(
        limit=limit,
        offset=offset,
        sort=sort,
        descending=order == "desc",
        fields=fields,
        filter=node,
        search=search if search else None,
    )


def link_header(request: Request, offset: int, limit: int, total: int) -> str:
    """RFC 8288 ``Link`` with first/prev/next/last; only ``offset`` changes in the URLs."""
    url = request.url
    target = f"{url.scheme}://{url.netloc}{url.path}"
    raw_query = request.scope.get("query_string", b"").decode("latin-1")
    kept = [
        part
        for part in raw_query.split("&")
        if part and unquote_plus(part.split("=", 1)[0]) != "offset"
    ]

    def link(off: int, rel: str) -> str:
        query = "&".join([*kept, f"offset={off}"])
        return f'<{target}?{query}>; rel="{rel}"'

    last = ((total - 1) // limit) * limit if total > 0 else 0
    links = [link(0, "first")]
    if offset > 0:
        links.append(link(max(offset - limit, 0), "prev"))
    if offset + limit < total:
        links.append(link(offset + limit, "next"))
    links.append(link(last, "last"))
    return ", ".join(links)


def list_response(
    request: Request,
    keys: Sequence[str],
    array_text: str,
    total: int,
    params: ListParams,
) -> Response:
    """A list envelope: the page under each key plus totals in the body and the headers."""
    limit, offset = params.limit, params.offset
    members = [f"{json.dumps(key)}:{array_text}" for key in keys]
    members += [
        f'"totalCount":{total}',
        f'"pageCount":{math.ceil(total / limit)}',
        f'"pageNumber":{offset // limit + 1}',
        f'"offset":{offset}',
        f'"limit":{limit}',
    ]
    headers = {"X-Total-Count": str(total), "Link": link_header(request, offset, limit, total)}
    return text_response("{" + ",".join(members) + "}", headers=headers)
