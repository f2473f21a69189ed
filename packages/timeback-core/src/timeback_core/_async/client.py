"""`TimebackClient`: one configuration, one token and one connection pool for every service.

The service clients (`OneRosterClient`, `EdubridgeClient`, `CaliperClient`) are created on first
use of ``client.oneroster`` / ``client.edubridge`` / ``client.caliper``, and their packages are
imported only then: ``import timeback_core`` stays cheap, and a program that only rosters never
loads the Caliper models. Each service client is handed this client's resolved settings, its
one auth flow (so one cached token serves all services) and its one ``httpx`` client (so all
services share a connection pool, and token requests travel over it too).

``scripts/unasync.py`` generates the sync twin, `SyncTimebackClient`, from this file.
"""

from __future__ import annotations

import copy
import ssl
import time
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

import httpx
from typing_extensions import Self

from timeback_auth import ClientCredentialsAuth, TokenStore
from timeback_common import (
    DEFAULT_HEADERS,
    DEFAULT_TIMEOUT,
    NOT_GIVEN,
    AsyncClosingContext,
    AsyncServiceClient,
    CircuitBreaker,
    ClientSettings,
    ConfigurationError,
    NotGiven,
    RateLimitLike,
    TimebackError,
    TimeoutTypes,
    UnsupportedOperationError,
    async_open_pool,
    check_client_options,
    check_instance,
    resolve_client_parts,
    resolve_host_controls,
    service_error_class,
)
from timeback_core._health import HealthCheck, HealthReport

if TYPE_CHECKING:
    from timeback_caliper import CaliperClient
    from timeback_edubridge import EdubridgeClient
    from timeback_oneroster import OneRosterClient
    from timeback_powerpath import PowerPathClient
    from timeback_qti import QtiClient
    from timeback_webhooks import WebhooksClient

__all__ = ["TimebackClient"]

ServiceT = TypeVar("ServiceT", bound="AsyncServiceClient[Any]")

SERVICES = ("oneroster", "edubridge", "caliper", "powerpath", "qti", "webhooks")
"""The services a `TimebackClient` reaches, by their names in ``services=``."""


class TimebackClient(AsyncClosingContext):
    """The Timeback platform in one object: OneRoster, Edubridge, Caliper, PowerPath and QTI.

    Configure it in one of three modes (the same as every service client):

    - **environment**: ``env="staging" | "production"`` (``platform="learnwith-ai"`` for
      LearnWith.AI) derives every URL;
    - **base URL**: ``base_url=`` and ``auth_url=``; every service shares that one origin
      (a self-hosted deployment, or the local emulator);
    - **explicit services**: ``services={"oneroster": ..., "edubridge": ..., "caliper": ...}``
      and ``auth_url=``.

    Arguments left out are read from ``TIMEBACK_ENV``, ``TIMEBACK_PLATFORM``,
    ``TIMEBACK_BASE_URL``, ``TIMEBACK_TOKEN_URL``, ``TIMEBACK_CLIENT_ID``,
    ``TIMEBACK_CLIENT_SECRET`` and ``TIMEBACK_SCOPE``.

    Example:
        >>> async with TimebackClient(env="staging", client_id="...", client_secret="...") as tb:
        ...     users = await tb.oneroster.users.list()  # doctest: +SKIP

    Args:
        env: ``"staging"`` or ``"production"`` (environment mode).
        platform: ``"beyond-ai"`` (default) or ``"learnwith-ai"``.
        base_url: One origin for every service (base URL mode).
        auth_url: The OAuth2 token URL (required with ``base_url`` or ``services``).
        token_url: Same as ``auth_url``.
        services: Base URL per service name (explicit services mode).
        client_id: OAuth2 client id.
        client_secret: OAuth2 client secret.
        scope: Token scope; defaults to the platform's (none on Beyond-AI).
        timeout: Default timeout of every request: seconds, an `httpx.Timeout`, or None.
        max_retries: Retries after a failed attempt (default 2).
        default_headers: Headers sent with every request of every service.
        http_client: An ``httpx.AsyncClient`` to use as the shared pool; `close` leaves it open.
        transport: A transport for the pool created here (tests, the emulator in-process).
        settings: Already resolved settings; then no configuration argument may be given.
        auth: An ``httpx.Auth`` to use instead of the client-credentials flow built from the
            settings.
        token_store: Where worker processes share one token (`FileTokenStore` or one of your
            own): they fetch it once, and once more when it expires. Not with ``auth=``.
        rate_limit: Requests per second per host, shared by every service (a number, or
            `RateLimit` for a burst), or a limiter of your own with ``async acquire()``.
            Unlimited by default. Retries and the pages of a list wait for it too.
        max_concurrency: At most this many requests in flight per host. Unlimited by default.
        circuit_breaker: A `CircuitBreaker` per host: after repeated failures calls fail at
            once with `CircuitOpenError` (also the service's root error). Off by default.
        http2: Use HTTP/2 where offered (the ``timeback-common[http2]`` extra).
        proxy: A proxy URL or `httpx.Proxy`.
        verify: True, a CA bundle path, an `ssl.SSLContext`, or False.
        limits: Connection pool limits (`httpx.Limits`).
        event_hooks: httpx event hooks (``{"request": [...], "response": [...]}``).

    Raises:
        ConfigurationError: The configuration is incomplete, unknown or contradictory (the
            message names the argument and the environment variable that would supply it), or
            ``timeout``, ``max_retries`` or ``default_headers`` has the wrong type or value, or
            both ``http_client`` and ``transport`` were given.
    """

    def __init__(
        self,
        *,
        env: str | None = None,
        platform: str | None = None,
        base_url: str | None = None,
        auth_url: str | None = None,
        token_url: str | None = None,
        services: Mapping[str, str] | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        scope: str | None = None,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        settings: ClientSettings | None = None,
        auth: httpx.Auth | None = None,
        token_store: TokenStore | None = None,
        rate_limit: RateLimitLike | None = None,
        max_concurrency: int | None = None,
        circuit_breaker: CircuitBreaker | None = None,
        http2: bool = False,
        proxy: str | httpx.Proxy | None = None,
        verify: ssl.SSLContext | str | bool = True,
        limits: httpx.Limits | None = None,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
    ) -> None:
        check_instance(services, Mapping, "services")
        if services is not None:
            unknown = sorted(set(services) - set(SERVICES))
            if unknown:
                raise ConfigurationError(
                    f"unknown service name(s) {unknown} in services=; expected {list(SERVICES)}"
                )
        # One set of per-host controls for every service: OneRoster and Edubridge share a host,
        # and so share its rate limit, concurrency cap and breaker.
        self._controls = resolve_host_controls(None, rate_limit, max_concurrency, circuit_breaker)
        self._settings, self._auth = resolve_client_parts(
            settings,
            default_auth=ClientCredentialsAuth.from_settings,
            auth=auth,
            token_store=token_store,
            env=env,
            platform=platform,
            base_url=base_url,
            auth_url=auth_url,
            token_url=token_url,
            services=services,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
        )
        check_client_options(
            timeout=timeout, max_retries=max_retries, default_headers=default_headers
        )
        self._owns_http = http_client is None
        self._timeout = timeout
        self._max_retries = max_retries
        self._default_headers = dict(default_headers) if default_headers else None
        # The pool holds the headers every service sends (each service adds only its own
        # User-Agent), so httpx merges them once per request instead of per service.
        headers = {key.lower(): value for key, value in DEFAULT_HEADERS.items()}
        headers.update({k.lower(): v for k, v in (default_headers or {}).items()})
        self._http = async_open_pool(
            http_client=http_client,
            transport=transport,
            timeout=httpx.Timeout(timeout),
            headers=headers,
            http2=http2,
            proxy=proxy,
            verify=verify,
            limits=limits,
            event_hooks=event_hooks,
        )
        # The service clients made so far, by service name (see `_service`).
        self._services: dict[str, AsyncServiceClient[Any]] = {}

    # -- configuration ------------------------------------------------------------------------

    @property
    def settings(self) -> ClientSettings:
        """The resolved configuration: platform, service URLs, token URL, client id."""
        return self._settings

    @property
    def auth(self) -> httpx.Auth:
        """The auth flow every service uses (one cached token for all of them)."""
        return self._auth

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The ``httpx`` client (connection pool) every service sends through."""
        return self._http

    @property
    def is_closed(self) -> bool:
        """Whether the shared connection pool is closed."""
        return self._http.is_closed

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A cheap copy with other request defaults, sharing this client's pool and token.

        Args:
            timeout: New default timeout (None: no timeout).
            max_retries: New number of retries.
            default_headers: Headers merged over the current default headers.

        Returns:
            The copy. Its service clients are created afresh on first use; closing it leaves
            the shared pool open (close the original for that).

        Raises:
            ConfigurationError: ``timeout``, ``max_retries`` or ``default_headers`` is invalid.
        """
        check_client_options(
            timeout=timeout, max_retries=max_retries, default_headers=default_headers
        )
        clone = copy.copy(self)
        clone._owns_http = False
        clone._services = {}
        if not isinstance(timeout, NotGiven):
            clone._timeout = timeout
        if max_retries is not None:
            clone._max_retries = max_retries
        if default_headers:
            clone._default_headers = {**(self._default_headers or {}), **default_headers}
        return clone

    # -- services -----------------------------------------------------------------------------

    @property
    def oneroster(self) -> OneRosterClient:
        """The OneRoster 1.2 client (rostering, gradebook, resources), created on first use.

        Raises:
            OneRosterError: (a `ConfigurationError`) no OneRoster URL is configured, or this
                client is closed.
        """
        from timeback_oneroster import OneRosterClient, OneRosterError

        return self._service("oneroster", OneRosterClient, OneRosterError)

    @property
    def edubridge(self) -> EdubridgeClient:
        """The Edubridge client (enrollments, analytics, ...), created on first use.

        Raises:
            EdubridgeError: (an `UnsupportedOperationError`) the platform has no Edubridge
                (LearnWith.AI); (a `ConfigurationError`) no Edubridge URL is configured, or this
                client is closed.
        """
        from timeback_edubridge import EdubridgeClient, EdubridgeError

        return self._service("edubridge", EdubridgeClient, EdubridgeError)

    @property
    def caliper(self) -> CaliperClient:
        """The Caliper 1.2 client (events, validation, jobs), created on first use.

        Raises:
            CaliperError: (a `ConfigurationError`) no Caliper URL is configured, or this client
                is closed.
        """
        from timeback_caliper import CaliperClient, CaliperError

        return self._service("caliper", CaliperClient, CaliperError)

    @property
    def powerpath(self) -> PowerPathClient:
        """The PowerPath client (lesson plans, the mastery loop, placement...), created on first
        use.

        Raises:
            PowerPathError: (an `UnsupportedOperationError`) the platform has no PowerPath
                (LearnWith.AI); (a `ConfigurationError`) no PowerPath URL is configured, or this
                client is closed.
        """
        from timeback_powerpath import PowerPathClient, PowerPathError

        return self._service("powerpath", PowerPathClient, PowerPathError)

    @property
    def qti(self) -> QtiClient:
        """The QTI 3.0 client (items, tests, scoring, validation), created on first use.

        Raises:
            QtiError: (a `ConfigurationError`) no QTI URL is configured (staging has no default
                QTI host: pass ``services={"qti": ...}`` or set ``TIMEBACK_QTI_URL``), or this
                client is closed.
        """
        from timeback_qti import QtiClient, QtiError

        return self._service("qti", QtiClient, QtiError)

    @property
    def webhooks(self) -> WebhooksClient:
        """The webhooks client (webhooks and their filters), created on first use.

        Raises:
            WebhooksError: (an `UnsupportedOperationError`) the platform has no webhooks
                (LearnWith.AI); (a `ConfigurationError`) no webhooks URL is configured, or this
                client is closed.
        """
        from timeback_webhooks import WebhooksClient, WebhooksError

        return self._service("webhooks", WebhooksClient, WebhooksError)

    # -- health -------------------------------------------------------------------------------

    async def health(self) -> HealthReport:
        """Check the token endpoint and one cheap authenticated call per configured service.

        Never raises for a failed check: each failure is reported with its error's class and
        message (no secret), and every check has its latency. A service the platform lacks is
        ``"skipped"``.

        Returns:
            The `HealthReport`; ``report.ok`` is False when any check failed.
        """
        checks = [await self._check_token()]
        for name in SERVICES:
            checks.append(await self._check_service(name))
        return HealthReport(tuple(checks))

    async def _check_token(self) -> HealthCheck:
        from timeback_auth import ClientCredentials, build_token_request, parse_token_response

        started = time.monotonic()
        try:
            credentials = ClientCredentials(
                client_id=self._settings.client_id,
                client_secret=self._settings.client_secret,
                token_url=self._settings.token_url,
                scope=self._settings.scope,
            )
            response = await self._http.send(build_token_request(credentials))
            token = parse_token_response(response, credentials=credentials, issued_at=started)
        except Exception as exc:  # a health check reports every failure, it never raises
            return _failed("token", started, exc)
        return HealthCheck(
            "token",
            "ok",
            _elapsed_ms(started),
            f"token endpoint answered; token valid {token.lifetime:g} s",
        )

    async def _check_service(self, name: str) -> HealthCheck:
        started = time.monotonic()
        learnwith = self._settings.platform == "learnwith-ai"
        try:
            if name == "oneroster":
                await self.oneroster.users.list(limit=1).first_page()
                detail = "listed one user"
            elif name in ("edubridge", "powerpath", "webhooks") and learnwith:
                return HealthCheck(name, "skipped", detail=f"the platform has no {name} API")
            elif name == "edubridge":
                await self.edubridge.subject_tracks.list()
                detail = "listed the subject tracks"
            elif name == "powerpath":
                assignments = self.powerpath.test_assignments
                await assignments.list_all(page_size=1, max_items=1).first_page()
                detail = "listed one test assignment"
            elif name == "qti":
                try:
                    qti = self.qti
                except ConfigurationError:  # staging has no default QTI host
                    return HealthCheck(name, "skipped", detail="no QTI URL is configured")
                await qti.items.list(limit=1, max_items=1).first_page()
                detail = "listed one item"
            elif name == "webhooks":
                await self.webhooks.webhooks.list()
                detail = "listed the webhooks"
            else:
                caliper = self.caliper
                if learnwith:
                    # That platform's Caliper only accepts events: a token is all that is checked.
                    return HealthCheck(
                        name, "skipped", detail="the platform's Caliper has no read endpoint"
                    )
                await caliper.events.list(page_size=1, max_items=1).first_page()
                detail = "listed one event"
        except Exception as exc:  # a health check reports every failure, it never raises
            return _failed(name, started, exc)
        return HealthCheck(name, "ok", _elapsed_ms(started), detail)

    # -- lifecycle ----------------------------------------------------------------------------

    async def close(self) -> None:
        """Close the service clients and the connection pool (unless it was passed in).

        Safe to call more than once. A client made by `with_options` leaves the shared pool
        open. Afterwards ``client.oneroster`` (and the others) raise the service's
        `ConfigurationError`.

        Raises:
            TimebackError: A service client failed to close (the pool is closed regardless).
        """
        # Every part is closed even when one fails; the first failure is raised afterwards.
        failures: list[Exception] = []
        for service in self._services.values():
            try:
                await service.close()
            except Exception as exc:  # re-raised below
                failures.append(exc)
        if self._owns_http:
            await self._http.aclose()
        if failures:
            raise failures[0]

    def __repr__(self) -> str:
        settings = self._settings
        if settings.service_urls:
            urls = ", ".join(f"{name}={url!r}" for name, url in settings.service_urls.items())
        elif settings.base_url is not None:
            urls = f"base_url={settings.base_url!r}"
        else:
            urls = ", ".join(f"{role}={url!r}" for role, url in settings.hosts.items())
        return (
            f"{type(self).__name__}(platform={self._settings.platform!r}, "
            f"env={self._settings.environment!r}, {urls}, "
            f"client_id={self._settings.client_id!r})"
        )

    # -- internals ----------------------------------------------------------------------------

    def _service_options(self) -> dict[str, Any]:
        return {
            "settings": self._settings,
            "auth": self._auth,
            "http_client": self._http,
            "timeout": self._timeout,
            "max_retries": self._max_retries,
            "default_headers": self._default_headers,
            "controls": self._controls,
        }

    def _service(
        self, name: str, client_class: type[ServiceT], root: type[TimebackError]
    ) -> ServiceT:
        # The client of one service, made on first use over the shared pool. A missing service
        # URL is refused by the service client itself, as its root error; a platform without
        # the service is refused here, at first use.
        client = self._services.get(name)
        if client is None or self._http.is_closed:
            if self._http.is_closed:
                error = service_error_class(root, ConfigurationError)
                raise error(f"this {type(self).__name__} is closed; create a new one")
            client = client_class(**self._service_options())
            if not client.is_supported:
                raise service_error_class(root, UnsupportedOperationError)(
                    client.unsupported_message(self._settings.platform)
                )
            self._services[name] = client
        return cast(ServiceT, client)


def _elapsed_ms(started: float) -> float:
    return round((time.monotonic() - started) * 1000.0, 1)


def _failed(name: str, started: float, exc: Exception) -> HealthCheck:
    return HealthCheck(name, "failed", _elapsed_ms(started), str(exc), type(exc).__name__)
