"""Fault injection: programmed faults, random 503s and added latency.

A programmed fault matches requests by method and path prefix (the still-encoded path with any
trailing slash removed), lets ``skip`` matching requests through, then fires on the next
``count`` matching requests (``None``: until cleared). Faults are independent: each counts its
own matches, so a fault still skipping never hides a request from another. When several faults
are ready to fire on the same request, the one added first fires and the others keep waiting
(see `FaultRegistry.take`). Actions:

``status``   answer ``status`` (default 503) with an IMS JSON body and optional ``Retry-After``.
``empty``    answer ``status`` (default 502) with an empty body.
``html``     answer ``status`` (default 502) with an HTML error page, as gateways do.
``garbage``  answer ``status`` (default 200) with a truncated, malformed JSON body.
``drop``     close the connection mid-response. Over uvicorn the connection really is cut after
             a partial body; in-process (``httpx.ASGITransport``) the request raises
             ``httpx.RemoteProtocolError``, which is what a client sees from a real server.
``latency``  only delay (``latency_ms``), then serve the request normally.

Every action first waits ``latency_ms`` when given.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from timeback_emulator._http import code_minor_for, dumps, ims_body, reason, send_raw

ACTIONS = ("status", "empty", "html", "garbage", "drop", "latency")

MAX_COUNT = 1_000_000_000
MAX_RETRY_AFTER = 1e30  # a header value only: huge on purpose is allowed, endless digits are not
"""The largest ``count``, ``skip`` and numeric ``retry_after`` a fault accepts."""

MAX_LATENCY_MS = 600_000
"""The longest delay a fault (or the configuration) adds: ten minutes. A longer one would only
hang the client, and beyond about 10^17 ms the event loop cannot even schedule it."""
_DEFAULT_STATUS = {"status": 503, "empty": 502, "html": 502, "garbage": 200, "drop": 200}

REAL_SERVER_KEY = "timeback_emulator.real_server"
"""Scope key set by the emulator's own uvicorn launchers: a real socket can be cut."""

DROPPED_KEY = "timeback_emulator.dropped"
"""Scope key set when a request's connection was dropped on purpose (stats record status 0)."""


class FaultSpecError(ValueError):
    """A fault description is invalid."""


@dataclass
class Fault:
    """One programmed fault."""

    id: int
    action: str
    method: str | None
    path_prefix: str
    count: int | None
    skip: int
    status: int
    retry_after: str | None
    latency_ms: int
    body: Any
    fired: int = 0

    def to_json(self) -> dict[str, Any]:
        """The fault as the admin API shows it."""
        return asdict(self)


def format_retry_after(value: Any) -> str | None:
    """Normalise a ``retry_after`` value: seconds (number), an HTTP-date string or a datetime.

    The emulator only writes the header and never waits for it, so any non-negative finite
    number is accepted: a client must survive a platform asking it to wait for centuries.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise FaultSpecError("retry_after must be seconds, an HTTP-date or null")
    if isinstance(value, int):
        if not 0 <= value <= MAX_RETRY_AFTER:
            raise FaultSpecError(f"retry_after must be between 0 and {MAX_RETRY_AFTER:g} seconds")
        return str(value)
    if isinstance(value, float):
        if not (math.isfinite(value) and 0 <= value <= MAX_RETRY_AFTER):
            raise FaultSpecError(f"retry_after must be between 0 and {MAX_RETRY_AFTER:g} seconds")
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        return email.utils.format_datetime(aware.astimezone(dt.timezone.utc), usegmt=True)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise FaultSpecError("retry_after must be seconds, an HTTP-date or null")


def _int_field(
    spec: Mapping[str, Any], name: str, default: int | None, minimum: int, maximum: int = MAX_COUNT
) -> int | None:
    value = spec.get(name, default)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise FaultSpecError(f"{name} must be an integer between {minimum} and {maximum}")
    return value


def _normalise_prefix(prefix: str) -> str:
    if not prefix.startswith("/"):
        prefix = "/" + prefix
    return prefix.rstrip("/") or "/"


class FaultRegistry:
    """The programmed faults of one emulator instance, matched in the order they were added."""

    def __init__(self) -> None:
        self._faults: list[Fault] = []
        self._next_id = 1

    def add(self, spec: Mapping[str, Any]) -> Fault:
        """Add a fault from its admin-API description.

        Raises:
            FaultSpecError: The description is invalid.
        """
        return self.add_many([spec])[0]

    def add_many(self, specs: Sequence[Mapping[str, Any]]) -> list[Fault]:
        """Add several faults, all or none.

        Raises:
            FaultSpecError: A description is invalid; nothing is added then.
        """
        faults = [self._build(spec, self._next_id + i) for i, spec in enumerate(specs)]
        self._next_id += len(faults)
        self._faults.extend(faults)
        return faults

    @staticmethod
    def _build(spec: Mapping[str, Any], fault_id: int) -> Fault:
        known = {
            "method", "path_prefix", "count", "skip", "status", "retry_after", "latency_ms",
            "action", "body",
        }  # fmt: skip
        unknown = sorted(set(spec) - known)
        if unknown:
            raise FaultSpecError(f"unknown fault members: {', '.join(unknown)}")
        action = spec.get("action")
        if action is None:
            only_latency = "latency_ms" in spec and "status" not in spec
            action = "latency" if only_latency else "status"
        if action not in ACTIONS:
            raise FaultSpecError(f"action must be one of {', '.join(ACTIONS)}")
        method = spec.get("method")
        if method is not None and (not isinstance(method, str) or not method.strip()):
            raise FaultSpecError("method must be an HTTP method or null")
        normalised_method = None if method in (None, "*") else str(method).strip().upper()
        prefix = spec.get("path_prefix", "/")
        if not isinstance(prefix, str):
            raise FaultSpecError("path_prefix must be a string")
        status = _int_field(spec, "status", _DEFAULT_STATUS.get(action, 200), 100)
        assert status is not None
        if status > 599:
            raise FaultSpecError("status must be between 100 and 599")
        count = _int_field(spec, "count", 1, 1) if "count" in spec else 1
        skip = _int_field(spec, "skip", 0, 0) or 0
        latency = _int_field(spec, "latency_ms", 0, 0, MAX_LATENCY_MS) or 0
        if action == "latency" and latency == 0:
            raise FaultSpecError("a latency fault needs latency_ms > 0")
        return Fault(
            id=fault_id,
            action=action,
            method=normalised_method,
            path_prefix=_normalise_prefix(prefix),
            count=count,
            skip=skip,
            status=status,
            retry_after=format_retry_after(spec.get("retry_after")),
            latency_ms=latency,
            body=spec.get("body"),
        )

    def clear(self) -> int:
        """Remove every fault; returns how many there were."""
        n = len(self._faults)
        self._faults.clear()
        return n

    def list(self) -> list[Fault]:
        """The pending faults."""
        return list(self._faults)

    def take(self, method: str, path: str) -> Fault | None:
        """The fault this request fires, or ``None``; every matching fault counts the request.

        Each fault counts its own matches, independently of the others: every matching fault
        still in its ``skip`` phase counts the request as one of the requests it lets through;
        of the matching faults whose ``skip`` phase was already over, the first added fires
        (using one of its ``count``), and the others wait for the next matching request.
        """
        firing: Fault | None = None
        for fault in self._faults:
            if fault.method is not None and fault.method != method:
                continue
            if fault.path_prefix != "/" and not path.startswith(fault.path_prefix):
                continue
            if fault.skip > 0:
                fault.skip -= 1
            elif firing is None:
                firing = fault
        if firing is None:
            return None
        firing.fired += 1
        if firing.count is not None:
            firing.count -= 1
            if firing.count <= 0:
                self._faults.remove(firing)
        return firing


class RandomFailures:
    """Random 503s at a fixed rate, reproducible from a seed."""

    def __init__(self, rate: float, seed: int | None) -> None:
        self.rate = rate
        self.seed = seed
        self._rng = random.Random(seed)

    def reset(self) -> None:
        """Restart the sequence of decisions from the seed."""
        self._rng = random.Random(self.seed)

    def fire(self) -> bool:
        """Whether the next request fails."""
        return self.rate > 0 and self._rng.random() < self.rate


_GARBAGE = b'{"status":"success","data":[{"sourcedId":"emulator-garbage","title":"unterminated'


def _html_page(status: int) -> bytes:
    phrase = reason(status)
    return (
        f"<!DOCTYPE html>\n<html><head><title>{status} {phrase}</title></head>\n"
        f"<body><center><h1>{status} {phrase}</h1></center>\n"
        "<hr><center>timeback-emulator gateway</center></body></html>\n"
    ).encode()


def _transport_error() -> Exception:
    try:
        import httpx
    except ImportError:  # pragma: no cover - ASGITransport implies httpx
        return ConnectionResetError("Server disconnected without sending a complete response")
    return httpx.RemoteProtocolError("Server disconnected without sending a complete response.")


async def respond_with_fault(fault: Fault, scope: Scope, send: Send) -> None:
    """Answer a request as the fault says (latency faults are handled by the caller)."""
    headers: list[tuple[str, str]] = []
    if fault.retry_after is not None:
        headers.append(("Retry-After", fault.retry_after))
    if fault.action == "status":
        body = (
            fault.body
            if fault.body is not None
            else ims_body(
                f"Injected fault: {fault.status} {reason(fault.status)}",
                code_minor_for(fault.status),
            )
        )
        await send_raw(send, fault.status, dumps(body), "application/json", headers)
    elif fault.action == "empty":
        await send_raw(send, fault.status, b"", None, headers)
    elif fault.action == "html":
        await send_raw(send, fault.status, _html_page(fault.status), "text/html", headers)
    elif fault.action == "garbage":
        await send_raw(send, fault.status, _GARBAGE, "application/json", headers)
    elif fault.action == "drop":
        scope[DROPPED_KEY] = True
        if not scope.get(REAL_SERVER_KEY):
            raise _transport_error()
        # Promise more than is sent, then return: uvicorn closes the socket mid-body.
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json"), (b"content-length", b"4096")],
            }
        )
        await send({"type": "http.response.body", "body": b'{"partial":', "more_body": True})


class LatencyMiddleware:
    """Delay every request on a path that ``applies`` to by the configured latency."""

    def __init__(
        self, app: ASGIApp, latency_ms: Callable[[], int], applies: Callable[[str], bool]
    ) -> None:
        self.app = app
        self.latency_ms = latency_ms
        self.applies = applies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.applies(scope["path"]):
            delay = self.latency_ms()
            if delay > 0:
                await anyio.sleep(delay / 1000)
        await self.app(scope, receive, send)


class FaultMiddleware:
    """Fire programmed faults and random 503s before the request reaches auth and routing."""

    def __init__(
        self,
        app: ASGIApp,
        registry: FaultRegistry,
        random_failures: Callable[[], RandomFailures],
        applies: Callable[[str], bool],
    ) -> None:
        self.app = app
        self.registry = registry
        self.random_failures = random_failures
        self.applies = applies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.applies(scope["path"]):
            await self.app(scope, receive, send)
            return
        fault = self.registry.take(scope["method"], scope["path"])
        if fault is not None:
            if fault.latency_ms:
                await anyio.sleep(fault.latency_ms / 1000)
            if fault.action != "latency":
                await respond_with_fault(fault, scope, send)
                return
        elif self.random_failures().fire():
            body = dumps(ims_body("Injected random failure (fail-rate).", "internal_server_error"))
            await send_raw(send, 503, body, "application/json")
            return
        await self.app(scope, receive, send)
