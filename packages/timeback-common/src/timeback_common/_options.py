"""Defaults of the base client and the per-call options every public method accepts.

Public resource methods take ``**options: Unpack[RequestOptions]`` and hand them to the base
client unchanged, so every call can override the timeout, the number of retries, add headers or
query parameters, or declare a POST safe to retry::

    await client.oneroster.users.get("u1", timeout=5.0, max_retries=0)
    await client.caliper.events.send(envelope, idempotent=True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypeAlias

import httpx
from typing_extensions import TypedDict

__all__ = [
    "DEFAULT_HEADERS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "QueryParams",
    "QueryValue",
    "RequestOptions",
    "TimeoutTypes",
]

TimeoutTypes: TypeAlias = float | httpx.Timeout | None
"""Seconds for every phase, an `httpx.Timeout` per phase, or None for no timeout at all."""

QueryValue: TypeAlias = str | int | float | bool | Sequence[str | int | float | bool] | None
"""A query value: a scalar, or a sequence sent as a repeated parameter. None drops the key."""

QueryParams: TypeAlias = Mapping[str, QueryValue]

# Connecting should be quick (a slow connect usually means a dead host), waiting for a free pooled
# connection may take a little longer under concurrency, and the platform's big list pages can
# take a while to produce: so every phase is set on purpose rather than inherited from httpx.
DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=5.0, pool=10.0)

# Two retries, as openai-python and the Azure SDK default to: enough to ride over a blip, few
# enough that a real outage surfaces within a minute.
DEFAULT_MAX_RETRIES = 2

# Concurrent page fetches and several services share one pool; keep-alive connections save a
# TLS handshake per call.
DEFAULT_LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=20)

DEFAULT_HEADERS: Mapping[str, str] = {"Accept": "application/json"}


class RequestOptions(TypedDict, total=False):
    """Per-call options accepted by every public method (all optional).

    Attributes:
        timeout: Overrides the client's timeout for this call: seconds, an `httpx.Timeout`, or
            None for no timeout.
        max_retries: Overrides the client's number of retries for this call (0 disables them).
        extra_headers: Headers added to (or replacing) the ones the SDK sends.
        extra_query: Query parameters added to (or replacing) the ones the SDK sends.
        extra_body: Members merged into the JSON object body (ignored when there is no body).
        idempotent: Declares whether repeating the call is harmless. True lets a POST or PATCH
            be retried like a GET (e.g. Caliper events that carry ids); False stops a GET, PUT
            or DELETE from being retried after the request may have reached the server.
    """

    timeout: TimeoutTypes
    max_retries: int
    extra_headers: Mapping[str, str]
    extra_query: Mapping[str, Any]
    extra_body: Mapping[str, Any]
    idempotent: bool


REQUEST_OPTION_KEYS = frozenset(RequestOptions.__annotations__)
