"""The emulator's ASGI application factory, its middleware and a threaded uvicorn server.

Middleware, outermost first (each a small pure-ASGI class):

1. raw-path routing: ``scope["path"]`` becomes the still-encoded raw path (query removed, one
   trailing slash stripped), so ``/x`` and ``/x/`` are one route without redirects and path
   parameters reach handlers percent-encoded, to be decoded exactly once;
2. request id: ``X-Request-ID`` echoed, or generated when absent;
3. stats: every non-admin request counted by method, route template and status;
4. latency: ``latency_ms`` added to every non-admin request;
5. faults: programmed faults, then random 503s at ``fail_rate``;
6. bearer check on every API route.

Admin routes (``/_emulator/...``) skip 3-6; the token endpoints skip 6.
"""

from __future__ import annotations

import abc
import contextlib
import itertools
import json
import os
import socket
import sqlite3
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote_from_bytes

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Mount, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from timeback_emulator import _admin, caliper, edubridge, oneroster, powerpath, qti, webhooks
from timeback_emulator._auth import TOKEN_PATHS, BearerAuthMiddleware, TokenRegistry
from timeback_emulator._auth import make_token_endpoint as _make_token_endpoint
from timeback_emulator._config import EmulatorConfig
from timeback_emulator._faults import (
    REAL_SERVER_KEY,
    FaultMiddleware,
    FaultRegistry,
    LatencyMiddleware,
    RandomFailures,
    format_retry_after,
)
from timeback_emulator._http import caliper_error, ims_error, json_response, message_error
from timeback_emulator._seed import SeedSummary, seed_oneroster
from timeback_emulator._serving import ServerLimits
from timeback_emulator._stats import UNMATCHED, Stats, StatsMiddleware, tag_route
from timeback_emulator._store import Store

ADMIN_PREFIX = "/_emulator"


def is_admin_path(path: str) -> bool:
    """Admin routes: no token, no faults, no latency, not counted."""
    return path == ADMIN_PREFIX or path.startswith(ADMIN_PREFIX + "/")


def needs_auth(path: str) -> bool:
    """Every API route needs a bearer token; the token endpoints, the root and admin do not."""
    return not (path in TOKEN_PATHS or path == "/" or is_admin_path(path))


def is_api_traffic(path: str) -> bool:
    """Requests subject to stats, latency and faults (token endpoints included)."""
    return not is_admin_path(path)


# ---------------------------------------------------------------------------------------------
# Middleware


class RawPathMiddleware:
    """Route on the raw, still-encoded path with one trailing slash removed."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            raw: bytes | None = scope.get("raw_path")
            if raw:
                raw = raw.split(b"?", 1)[0]
                if raw.isascii():
                    path = raw.decode("ascii")
                else:  # raw UTF-8 on the wire: encode it so that handlers decode uniformly
                    path = quote_from_bytes(raw, safe="/%:@!$&'()*+,;=-._~")
            else:
                path = scope["path"]
            if len(path) > 1 and path.endswith("/"):
                path = path[:-1]
            scope["path"] = path
        await self.app(scope, receive, send)


class RequestIdMiddleware:
    """Echo ``X-Request-ID`` on the response, generating one when absent."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id: bytes | None = None
        for name, value in scope["headers"]:
            if name == b"x-request-id":
                request_id = value
                break
        if not request_id:
            request_id = uuid.uuid4().hex.encode("ascii")
        scope.setdefault("state", {})["request_id"] = request_id.decode("latin-1")

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0] != b"x-request-id"]
                headers.append((b"x-request-id", request_id))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_id)


class _RealServerMarker:
    """Marks requests served through a real socket (so that ``drop`` faults can cut it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope[REAL_SERVER_KEY] = True
        await self.app(scope, receive, send)


# ---------------------------------------------------------------------------------------------
# Runtime state


_TEMPLATES: dict[tuple[Any, ...], tuple[sqlite3.Connection, SeedSummary | None]] = {}
_TEMPLATES_LOCK = threading.Lock()
_MAX_TEMPLATES = 4


class EmulatorState:
    """Everything one emulator instance holds besides its routes (``app.state.emulator``)."""

    def __init__(self, config: EmulatorConfig) -> None:
        self.config = config
        self.tokens = TokenRegistry()
        self.faults = FaultRegistry()
        self.stats = Stats()
        self.random_failures = RandomFailures(config.fail_rate, config.fail_seed)
        self.failing_jobs: list[str] = []
        self.webhooks = webhooks.Dispatcher(
            scheme=config.webhook_signing, allowed_hosts=config.webhook_allowed_hosts
        )
        self.seed_summary: SeedSummary | None = None
        self.store: Store | None = None
        self._app: Starlette | None = None

    def attach(self, app: Starlette) -> None:
        """Bind to the application, publish ``app.state.*`` and open (and seed) the store."""
        self._app = app
        app.state.config = self.config
        app.state.emulator = self
        self.open_store(wipe=False)

    def _publish_store(self) -> None:
        if self._app is not None:
            self._app.state.store = self.store

    # -- data -----------------------------------------------------------------------------
    def open_store(self, *, wipe: bool) -> None:
        """Open (or re-open) the store and seed it when it is new.

        In-memory stores are seeded once per process and configuration: later instances copy
        the seeded database with SQLite's backup API (a millisecond instead of a full seed).
        """
        if self.store is not None:
            self.store.close()
            self.store = None
        path = self.config.db
        in_memory = path in (None, ":memory:")
        fresh = True
        if path is not None and not in_memory:
            if wipe:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.remove(path + suffix)
            fresh = not Path(path).exists() or Path(path).stat().st_size == 0
        self.store = Store(None if in_memory else path)
        caliper.ensure_schema(self.store.conn)
        edubridge.ensure_schema(self.store.conn)
        qti.ensure_schema(self.store.conn)
        powerpath.ensure_schema(self.store.conn)
        webhooks.ensure_schema(self.store.conn)
        if fresh and self.config.seed is not None:
            key = self._template_key()
            with _TEMPLATES_LOCK:
                template = _TEMPLATES.get(key) if in_memory else None
                if template is not None:
                    with self.store.lock:
                        template[0].backup(self.store.conn)
                    self.seed_summary = template[1]
                else:
                    self.seed()
                    if in_memory:
                        copy = sqlite3.connect(":memory:", check_same_thread=False)
                        with self.store.lock:
                            self.store.conn.backup(copy)
                        if len(_TEMPLATES) >= _MAX_TEMPLATES:
                            _TEMPLATES.pop(next(iter(_TEMPLATES)))[0].close()
                        _TEMPLATES[key] = (copy, self.seed_summary)
        self._publish_store()

    def _template_key(self) -> tuple[Any, ...]:
        c = self.config
        return (c.seed, c.seed_number, c.today, c.current_date(), c.school_year_start)

    def seed(self) -> None:
        """Seed OneRoster data, then Edubridge extras and Caliper activity over it."""
        store = self.store
        assert store is not None
        assert self.config.seed is not None
        self.seed_summary = seed_oneroster(
            store, self.config.seed, seed=self.config.seed_number, today=self.config.today
        )
        edubridge.seed_extras(self.store, self.config)
        qti.seed_bank(self.store)
        # The well-known student of the seed summary always has activity, so that a summary of
        # the learner tests and the demo pick is never all zeros.
        caliper.seed_activity(self.store, self.config, first=[self.seed_summary.student_id])

    def reset(
        self, *, data: bool = True, faults: bool = True, stats: bool = True, tokens: bool = False
    ) -> None:
        """Return to the state right after start-up (data reseeded, faults and stats cleared)."""
        if faults:
            self.faults.clear()
            self.failing_jobs.clear()
            self.random_failures.reset()
            self.webhooks.clear()
        if stats:
            self.stats.reset()
            self.tokens.reset_counters()
        if tokens:
            self.tokens.expire_all()
        if data:
            self.open_store(wipe=True)

    def caliper_events_stored_hook(self, sensor: str | None, events: list[Any]) -> None:
        """Offer newly stored Caliper events to the webhooks (one delivery per match)."""
        webhooks.deliver(self.store, self.webhooks, sensor, events)

    def caliper_events_stored(self) -> int:
        """How many Caliper events the store holds."""
        return caliper.count_events(self.store)


# ---------------------------------------------------------------------------------------------
# Error pages for unmatched routes


def _error_for(path: str, status: int, text: str) -> Response:
    if path.startswith(("/edubridge", "/goals", "/powerpath")):
        return message_error(status, text)
    if path.startswith(("/caliper", "/jobs")):
        return caliper_error(text, None, status)
    return ims_error(status, text)


async def _http_exception(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    text = {404: "Route not found.", 405: "Method not allowed."}.get(exc.status_code, exc.detail)
    response = _error_for(request.url.path, exc.status_code, text)
    if exc.headers:
        response.headers.update(exc.headers)
    return response


async def _server_error(request: Request, exc: Exception) -> Response:
    # Runs in Starlette's outermost middleware, outside the request-id middleware: add it here.
    response = _error_for(request.url.path, 500, f"Internal emulator error: {type(exc).__name__}")
    request_id = request.scope.get("state", {}).get("request_id")
    if request_id:
        response.headers["X-Request-ID"] = request_id
    return response


async def _root(request: Request) -> Response:
    base = str(request.base_url).rstrip("/")
    config: EmulatorConfig = request.app.state.config
    return json_response(
        {
            "name": "timeback-emulator",
            "baseUrl": base,
            "tokenUrl": base + "/oauth2/token",
            "clientId": config.client_id,
            "openapi": base + ADMIN_PREFIX + "/openapi.json",
        }
    )


# ---------------------------------------------------------------------------------------------
# Factory


def _service_routes() -> list[BaseRoute]:
    return [
        *oneroster.routes(),
        *edubridge.routes(),
        *caliper.routes(),
        *qti.routes(),
        *powerpath.routes(),
        *webhooks.routes(),
    ]


def _tag_routes(routes: list[BaseRoute], prefix: str = "") -> None:
    for route in routes:
        if isinstance(route, Route):
            route.app = tag_route(prefix + route.path, route.app)
        elif isinstance(route, Mount):
            _tag_routes(route.routes, prefix + route.path)


def create_app(config: EmulatorConfig | None = None, **overrides: Any) -> Starlette:
    """Build an emulator ASGI application (seeded, ready to serve).

    Args:
        config: The configuration; defaults to ``EmulatorConfig()``.
        **overrides: Fields of ``EmulatorConfig`` to change, e.g. ``seed="small"``.

    Returns:
        A Starlette application; ``app.state.config``, ``app.state.store`` and
        ``app.state.emulator`` (an ``EmulatorState``) hold its configuration, data and runtime
        state. Serve it with uvicorn or mount it with ``httpx.ASGITransport(app=app)``.

    Raises:
        ValueError: A configuration value is invalid.
    """
    cfg = config or EmulatorConfig()
    if overrides:
        cfg = cfg.replace(**overrides)
    state = EmulatorState(cfg)

    routes: list[BaseRoute] = [
        Route("/", _root, methods=["GET"]),
        *[
            Route(path, _make_token_endpoint(lambda: state.config, state.tokens), methods=["POST"])
            for path in TOKEN_PATHS
        ],
        *_admin.routes(),
        *_service_routes(),
    ]
    _tag_routes(routes)

    def template_of(scope: Scope) -> str:
        for route in routes:
            match, _ = route.matches(scope)
            if match != Match.NONE:
                return str(getattr(route, "path", UNMATCHED))
        return UNMATCHED

    middleware = [
        Middleware(RawPathMiddleware),
        Middleware(RequestIdMiddleware),
        Middleware(
            StatsMiddleware, stats=state.stats, counted=is_api_traffic, template_of=template_of
        ),
        Middleware(
            LatencyMiddleware, latency_ms=lambda: state.config.latency_ms, applies=is_api_traffic
        ),
        Middleware(
            FaultMiddleware,
            registry=state.faults,
            random_failures=lambda: state.random_failures,
            applies=is_api_traffic,
        ),
        Middleware(BearerAuthMiddleware, registry=state.tokens, needs_auth=needs_auth),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={404: _http_exception, 405: _http_exception, Exception: _server_error},
    )
    app.router.redirect_slashes = False
    state.attach(app)
    return app


# ---------------------------------------------------------------------------------------------
# Admin helpers shared by the threaded server and the in-process handle


class AdminHelpers(abc.ABC):
    """Admin operations of a running emulator (faults, tokens, stats, reset)."""

    client_id: str
    client_secret: str

    @property
    @abc.abstractmethod
    def base_url(self) -> str:
        """The origin serving every service."""

    @property
    @abc.abstractmethod
    def token_url(self) -> str:
        """The token endpoint."""

    def client_options(self) -> dict[str, str]:
        """The arguments of a Timeback client in base URL mode for this emulator.

        ``base_url``, ``auth_url``, ``client_id`` and ``client_secret``, the keyword arguments
        every service client takes: ``OneRosterClient(**emulator.client_options())``. An
        in-process emulator also needs its transport (``transport=emulator.transport()``).
        """
        return {
            "base_url": self.base_url,
            "auth_url": self.token_url,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }

    @abc.abstractmethod
    def _admin(self, method: str, path: str, body: Any = None) -> Any:
        """Perform one admin API call (over HTTP or in-process) and return its JSON answer."""

    def add_fault(
        self,
        *,
        path_prefix: str = "/",
        method: str | None = None,
        status: int | None = None,
        action: str | None = None,
        count: int | None = 1,
        skip: int = 0,
        retry_after: Any = None,
        latency_ms: int | None = None,
        body: Any = None,
    ) -> dict[str, Any]:
        """Program a fault (see ``timeback_emulator._faults``).

        Args:
            path_prefix: Requests whose (encoded) path starts with this prefix match.
            method: Only this HTTP method matches; ``None`` matches any.
            status: Status to answer (default per action: 503 status, 502 html/empty, 200 garbage).
            action: ``status``, ``empty``, ``html``, ``garbage``, ``drop`` or ``latency``.
            count: How many matching requests the fault fires on; ``None`` until cleared.
            skip: Matching requests to let through before the fault fires.
            retry_after: ``Retry-After`` as seconds, an HTTP-date string or a ``datetime``.
            latency_ms: Delay before answering (alone: a pure latency fault).
            body: JSON body for a ``status`` fault (default an IMS error body).

        Returns:
            The fault as the admin API stored it.

        Raises:
            ValueError: The fault description is invalid.
        """
        spec: dict[str, Any] = {"path_prefix": path_prefix, "count": count, "skip": skip}
        for key, value in (
            ("method", method),
            ("status", status),
            ("action", action),
            ("latency_ms", latency_ms),
            ("body", body),
        ):
            if value is not None:
                spec[key] = value
        if retry_after is not None:
            spec["retry_after"] = format_retry_after(retry_after)
        faults: list[dict[str, Any]] = self._admin("POST", "/_emulator/faults", spec)["faults"]
        return faults[0]

    def add_delivery_fault(
        self,
        kind: str,
        *,
        count: int | None = 1,
        webhook_id: str | None = None,
        delay_ms: int | None = None,
    ) -> dict[str, Any]:
        """Program a fault on the next webhook deliveries.

        Args:
            kind: ``duplicate`` (sent twice, same delivery id), ``delay`` (held ``delay_ms``),
                ``tamper`` (one byte added after signing) or ``wrong_secret`` (signed with
                another secret).
            count: How many deliveries it affects; ``None`` until cleared.
            webhook_id: Only deliveries of this webhook (default: any).
            delay_ms: The hold of a ``delay`` fault (default 1000).

        Returns:
            The fault as the admin API stored it.

        Raises:
            ValueError: The fault description is invalid.
        """
        spec: dict[str, Any] = {"kind": kind, "count": count}
        if webhook_id is not None:
            spec["webhookId"] = webhook_id
        if delay_ms is not None:
            spec["delayMs"] = delay_ms
        faults: list[dict[str, Any]] = self._admin("POST", "/_emulator/webhooks/faults", spec)[
            "faults"
        ]
        return faults[0]

    def webhook_deliveries(self, *, wait: bool = True, timeout: float = 30.0) -> dict[str, Any]:
        """The webhook delivery log: one entry per attempt, and how many are in progress.

        Args:
            wait: First wait until no delivery is in progress (retries included).
            timeout: Seconds to wait at most.

        Raises:
            TimeoutError: Deliveries were still in progress after ``timeout``.
        """
        deadline = time.monotonic() + timeout
        while True:
            log: dict[str, Any] = self._admin("GET", "/_emulator/webhooks/deliveries")
            if not wait or log["pending"] == 0:
                return log
            if time.monotonic() > deadline:
                raise TimeoutError(f"{log['pending']} webhook deliveries still in progress")
            time.sleep(0.02)

    def clear_faults(self) -> int:
        """Remove every programmed fault; returns how many there were."""
        cleared: int = self._admin("DELETE", "/_emulator/faults")["cleared"]
        return cleared

    def expire_tokens(self) -> int:
        """Expire (revoke) every issued token; returns how many were live."""
        expired: int = self._admin("POST", "/_emulator/tokens/expire")["expired"]
        return expired

    def stats(self) -> dict[str, Any]:
        """Request counts by method, route template and status; tokens issued; events stored."""
        snapshot: dict[str, Any] = self._admin("GET", "/_emulator/stats")
        return snapshot

    def request_count(
        self, method: str | None = None, route: str | None = None, status: int | None = None
    ) -> int:
        """How many requests matched the given method, route template and status."""
        return sum(
            row["count"]
            for row in self.stats()["requests"]
            if (method is None or row["method"] == method.upper())
            and (route is None or row["route"] == route)
            and (status is None or row["status"] == status)
        )

    def reset_stats(self) -> None:
        """Reset the request and token counters."""
        self._admin("DELETE", "/_emulator/stats")

    def reset(
        self, *, data: bool = True, faults: bool = True, stats: bool = True, tokens: bool = False
    ) -> None:
        """Reseed the data and clear faults and stats (each optional); tokens stay valid unless
        ``tokens=True``."""
        self._admin(
            "POST",
            "/_emulator/reset",
            {"data": data, "faults": faults, "stats": stats, "tokens": tokens},
        )

    def fail_next_jobs(self, count: int = 1, reason: str = "Injected job failure") -> None:
        """Make the next ``count`` Caliper jobs end ``failed`` with ``failedReason`` = reason."""
        self._admin("POST", "/_emulator/jobs/fail", {"count": count, "reason": reason})

    def seed_summary(self) -> dict[str, Any]:
        """The seed summary (counts and well-known ids)."""
        summary: dict[str, Any] = self._admin("GET", "/_emulator/seed")
        return summary


class EmulatorServer(AdminHelpers):
    """An emulator served by uvicorn on a background thread (real HTTP on loopback).

    Use it as a context manager, or call ``start()`` / ``stop()``::

        with EmulatorServer(seed="small") as emulator:
            httpx.get(emulator.base_url + "/ims/oneroster/rostering/v1p2/users", ...)

    Attributes:
        app: The served application.
        config: Its configuration.
        base_url: ``http://127.0.0.1:<port>`` once started.
        token_url: ``<base_url>/oauth2/token``.
        client_id: The accepted client id.
        client_secret: Its secret.
        limits: Connection limits (keep-alive and request-head timeouts, request-head size);
            ``None`` means ``ServerLimits()``.
    """

    def __init__(
        self,
        config: EmulatorConfig | None = None,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        limits: ServerLimits | None = None,
        **overrides: Any,
    ) -> None:
        self.app = create_app(config, **overrides)
        self.limits = limits
        self.config: EmulatorConfig = self.app.state.config
        self.client_id = self.config.client_id
        self.client_secret = self.config.client_secret
        self.host = host
        self.port = port
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None

    @property
    def base_url(self) -> str:
        """The origin serving every service."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def token_url(self) -> str:
        """The token endpoint."""
        return self.base_url + "/oauth2/token"

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, timeout: float = 30.0) -> EmulatorServer:
        """Bind, start serving on a background thread and wait until ready.

        Raises:
            RuntimeError: The server did not start.
        """
        import time

        from timeback_emulator._serving import uvicorn_server

        if self.running:
            return self
        sock = bind_socket(self.host, self.port)
        self._socket = sock
        self.port = sock.getsockname()[1]
        self._server = uvicorn_server(self.app, limits=self.limits)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [sock]},
            name=f"timeback-emulator:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the emulator server did not start")
            time.sleep(0.005)
        return self

    def stop(self, timeout: float = 10.0) -> None:
        """Stop serving and join the thread."""
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)
        if self._socket is not None:
            self._socket.close()
        self._server = self._thread = self._socket = None
        self.app.state.emulator.webhooks.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode("utf-8")
        request = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                raw = response.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode("utf-8", "replace")
            raise ValueError(f"admin {method} {path} failed: {exc.code} {detail}") from None
        return json.loads(raw) if raw else None


@contextlib.contextmanager
def run_in_thread(
    config: EmulatorConfig | None = None,
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    **overrides: Any,
) -> Iterator[EmulatorServer]:
    """Run an emulator over real HTTP for the duration of a ``with`` block.

    Args:
        config: The configuration (default ``EmulatorConfig()``).
        host: Interface to bind (loopback by default).
        port: Port to bind; 0 picks a free one.
        **overrides: Fields of ``EmulatorConfig`` to change.

    Yields:
        The started ``EmulatorServer``.
    """
    server = EmulatorServer(config, host=host, port=port, **overrides)
    server.start()
    try:
        yield server
    finally:
        server.stop()


_IN_PROCESS_IDS = itertools.count(1)


class InProcessEmulator(AdminHelpers):
    """An emulator application for ``httpx.ASGITransport`` with the same admin helpers.

    Attributes:
        app: The ASGI application.
        base_url: A made-up origin to use with the transport, different for every instance:
            clients cache tokens per token URL, so two emulators must never share one.
        token_url: ``<base_url>/oauth2/token``.
    """

    def __init__(self, config: EmulatorConfig | None = None, **overrides: Any) -> None:
        self._base_url = f"http://emulator-{next(_IN_PROCESS_IDS)}.timeback.test"
        self.app = create_app(config, **overrides)
        self.config: EmulatorConfig = self.app.state.config
        self.client_id = self.config.client_id
        self.client_secret = self.config.client_secret
        self._sync_transports: list[Any] = []

    @property
    def base_url(self) -> str:
        """A made-up origin, different for every instance (to use with the transport)."""
        return self._base_url

    @property
    def token_url(self) -> str:
        """The token endpoint."""
        return self._base_url + "/oauth2/token"

    @property
    def state(self) -> EmulatorState:
        """The runtime state."""
        state: EmulatorState = self.app.state.emulator
        return state

    @property
    def store(self) -> Any:
        """The data store."""
        return self.app.state.store

    def transport(self) -> Any:
        """A fresh transport for an ``httpx.AsyncClient`` (``httpx.ASGITransport``).

        A sync ``httpx.Client`` cannot use it: give it `sync_transport` instead.
        """
        import httpx

        return httpx.ASGITransport(app=self.app)

    def sync_transport(self) -> Any:
        """A fresh transport for a sync ``httpx.Client``, serving the same application.

        The application runs on an event loop in a background thread, started on the first
        request and stopped when the client (or the transport, or this emulator) is closed.
        """
        from timeback_emulator._transport import SyncEmulatorTransport

        transport = SyncEmulatorTransport(self.app)
        self._sync_transports.append(transport)
        return transport

    def close(self) -> None:
        """Stop the background loops of every `sync_transport` not closed yet (idempotent)."""
        transports, self._sync_transports = self._sync_transports, []
        for transport in transports:
            transport.close()
        self.state.webhooks.close()

    def _admin(self, method: str, path: str, body: Any = None) -> Any:
        state = self.state
        key = (method, path)
        if key == ("POST", "/_emulator/faults"):
            return {"faults": _admin.add_faults(state, body)}
        if key == ("DELETE", "/_emulator/faults"):
            state.failing_jobs.clear()
            return {"cleared": state.faults.clear()}
        if key == ("POST", "/_emulator/tokens/expire"):
            return {"expired": state.tokens.expire_all()}
        if key == ("GET", "/_emulator/stats"):
            return _admin.stats_snapshot(state)
        if key == ("DELETE", "/_emulator/stats"):
            state.stats.reset()
            state.tokens.reset_counters()
            return None
        if key == ("POST", "/_emulator/reset"):
            state.reset(**(body or {}))
            return _admin.seed_document(state)
        if key == ("POST", "/_emulator/jobs/fail"):
            state.failing_jobs.extend([body["reason"]] * body["count"])
            return {"pending": len(state.failing_jobs)}
        if key == ("GET", "/_emulator/seed"):
            return _admin.seed_document(state)
        if key == ("POST", "/_emulator/webhooks/faults"):
            return {"faults": [state.webhooks.add_fault(body).to_json()]}
        if key == ("GET", "/_emulator/webhooks/deliveries"):
            return state.webhooks.log()
        raise ValueError(f"unknown admin operation {method} {path}")


def bind_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket (port 0 picks a free port)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY only on accepted sockets whose protocol
    # says TCP; without it small responses wait ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serving_app(app: ASGIApp) -> ASGIApp:
    """Wrap an emulator app for a real socket server (enables real connection drops)."""
    return _RealServerMarker(app)


__all__ = [
    "AdminHelpers",
    "EmulatorServer",
    "EmulatorState",
    "InProcessEmulator",
    "create_app",
    "run_in_thread",
]
