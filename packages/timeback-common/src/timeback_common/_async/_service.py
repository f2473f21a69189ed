"""`AsyncServiceClient`: the one base of every service client (OneRoster, Edubridge, Caliper...).

It owns what every service client does the same way: the constructor and its configuration
modes, when to use the default auth, building the base API client, turning every configuration
error into the service's root error, `with_options`, `close`, the context manager and a repr
without secrets. A service client declares only what is its own (its default auth is declared
too: this package cannot depend on ``timeback_auth``, which depends on it)::

    class OneRosterClient(AsyncServiceClient[OneRosterPaths]):
        service_name = "oneroster"
        service_error = OneRosterError
        service_version = __version__
        platform_paths = ONEROSTER_PATHS          # per platform; None where not offered

        @staticmethod
        def default_auth(settings: ClientSettings) -> httpx.Auth:
            return ClientCredentialsAuth.from_settings(settings)

        def _bind_resources(self) -> None:
            self.users = AsyncUsers(self._api, self._paths)

``scripts/unasync.py`` generates the sync twin, ``SyncServiceClient``, from this file.
"""

from __future__ import annotations

import copy
import ssl
from abc import abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import httpx
from typing_extensions import Self

from timeback_common._async._client import AsyncAPIClient
from timeback_common._async._closing import AsyncClosingContext
from timeback_common._controls import (
    CircuitBreaker,
    HostControls,
    RateLimitLike,
    resolve_host_controls,
)
from timeback_common._errors import (
    TimebackError,
    service_errors,
    unsupported_platform_message,
)
from timeback_common._options import DEFAULT_TIMEOUT, TimeoutTypes
from timeback_common._raw import RawResponseProxy
from timeback_common._service import NOT_GIVEN, NotGiven, resolve_client_parts
from timeback_common._settings import ClientSettings, Platform

__all__ = ["AsyncServiceClient"]


PathsT = TypeVar("PathsT")


class AsyncServiceClient(AsyncClosingContext, Generic[PathsT]):
    """Configure it in one of three modes, as every Timeback client.

    - **environment**: ``env="staging" | "production"`` (``platform="learnwith-ai"`` for
      LearnWith.AI) derives every URL;
    - **base URL**: ``base_url=`` with ``auth_url=``: every service shares one origin (a
      self-hosted deployment, or the local emulator);
    - **explicit services**: ``services={"<service>": url, ...}`` with ``auth_url=``.

    Pass either ``settings=`` (already resolved, e.g. by ``TimebackClient``) or the individual
    configuration arguments, not both. Arguments left out are read from ``TIMEBACK_ENV``,
    ``TIMEBACK_PLATFORM``, ``TIMEBACK_BASE_URL``, ``TIMEBACK_TOKEN_URL``,
    ``TIMEBACK_CLIENT_ID``, ``TIMEBACK_CLIENT_SECRET`` and ``TIMEBACK_SCOPE``. Nothing is sent
    until the first call. Every error the client raises is an instance of the service's root
    error (``OneRosterError``...) and of the shared class (``NotFoundError``...).

    Args:
        env: ``"staging"`` or ``"production"`` (environment mode).
        platform: ``"beyond-ai"`` (default) or ``"learnwith-ai"``.
        base_url: One origin for every service (base URL mode).
        auth_url: The OAuth2 token URL (required with ``base_url`` or ``services``).
        token_url: Same as ``auth_url``.
        services: Base URL per service name (explicit services mode).
        client_id: OAuth2 client id.
        client_secret: OAuth2 client secret (never shown in reprs, logs or errors).
        scope: Token scope; defaults to the platform's.
        timeout: Default timeout of every request: seconds, an `httpx.Timeout`, or None.
        max_retries: Retries after a failed attempt (default 2).
        default_headers: Headers sent with every request.
        http_client: An httpx client (connection pool) to share; `close` leaves it open.
        transport: A transport for the httpx client created here (tests, the emulator).
        settings: Already resolved settings; then no configuration argument may be given.
        auth: An ``httpx.Auth`` to use instead of the client-credentials flow built from the
            settings (to share one token between clients).
        token_store: Where worker processes share one token (``FileTokenStore`` or one of your
            own): they fetch it once, and once more when it expires. Not with ``auth=``.
        rate_limit: Requests per second per host (a number, or `RateLimit` for a burst), or a
            limiter of your own with ``acquire()`` / ``async acquire()``. Unlimited by default.
            Every attempt waits for it, retries and the pages of a list included.
        max_concurrency: At most this many requests in flight per host. Unlimited by default.
        circuit_breaker: A `CircuitBreaker`: after repeated failures calls to the host fail at
            once with `CircuitOpenError`. Off by default.
        controls: A `HostControls` shared with other clients (``TimebackClient`` passes its
            own); instead of ``rate_limit``, ``max_concurrency`` and ``circuit_breaker``.
        http2: Use HTTP/2 where offered (the ``timeback-common[http2]`` extra).
        proxy: A proxy URL or `httpx.Proxy`.
        verify: True, a CA bundle path, an `ssl.SSLContext`, or False.
        limits: Connection pool limits (`httpx.Limits`).
        event_hooks: httpx event hooks (``{"request": [...], "response": [...]}``).

    Raises:
        ConfigurationError: The configuration is missing, unknown or contradictory (the message
            names the argument and the environment variable that would supply it), also an
            instance of the service's root error.
    """

    service_name: ClassVar[str]
    """The service's name: its key in ``services=`` and in the ``User-Agent``."""
    service_error: ClassVar[type[TimebackError]]
    """The service's root error class; every error the client raises is one."""
    service_version: ClassVar[str | None] = None
    """The service package's version, for the ``User-Agent``."""
    platform_paths: ClassVar[Mapping[Platform, object]]
    """The service's base paths on each platform; None where the platform lacks the service."""

    default_rate_limit: ClassVar[RateLimitLike | None] = None
    """The pacing used when the caller sets none: for a service whose platform is known to
    refuse more (None: unlimited)."""

    _settings: ClientSettings
    _paths: PathsT
    _api: AsyncAPIClient

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
        token_store: Any = None,
        rate_limit: RateLimitLike | None = None,
        max_concurrency: int | None = None,
        circuit_breaker: CircuitBreaker | None = None,
        controls: HostControls | None = None,
        http2: bool = False,
        proxy: str | httpx.Proxy | None = None,
        verify: ssl.SSLContext | str | bool = True,
        limits: httpx.Limits | None = None,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
    ) -> None:
        with service_errors(self.service_error):
            if controls is None and rate_limit is None:
                rate_limit = self.default_rate_limit
            controls = resolve_host_controls(controls, rate_limit, max_concurrency, circuit_breaker)
            settings, auth = resolve_client_parts(
                settings,
                default_auth=self.default_auth,
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
            paths = self.platform_paths.get(settings.platform)
            # Without the service on this platform the URL is never used: requests raise first.
            base = settings.token_url if paths is None else settings.url(self.service_name)
            unsupported = None if paths is not None else self.unsupported_message(settings.platform)
            self._api = AsyncAPIClient(
                base_url=base,
                auth=auth,
                service_name=self.service_name,
                service_version=self.service_version,
                service_error=self.service_error,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                http_client=http_client,
                transport=transport,
                unsupported=unsupported,
                controls=controls,
                http2=http2,
                proxy=proxy,
                verify=verify,
                limits=limits,
                event_hooks=event_hooks,
            )
        self._settings = settings
        # On a platform without the service no resource method gets this far: the base client
        # raises UnsupportedOperationError first. The base paths of the default platform keep
        # the resources' types honest.
        self._paths = paths if paths is not None else self._fallback_paths()  # type: ignore[assignment]
        self._bind_resources()

    @staticmethod
    @abstractmethod
    def default_auth(settings: ClientSettings, *, token_store: Any = None) -> httpx.Auth:
        """The auth flow used when no ``auth=`` is given (the service's client credentials).

        ``token_store`` is passed only when the caller gave one.
        """

    @abstractmethod
    def _bind_resources(self) -> None:
        """Create the resource attributes (``self.users = AsyncUsers(self._api, self._paths)``)."""

    @classmethod
    def unsupported_message(cls, platform: str) -> str:
        """Why a call on ``platform``, which does not offer this service, is refused.

        Args:
            platform: A platform without the service (``learnwith-ai`` for Edubridge).

        Returns:
            The message, naming the platforms that offer the service.
        """
        offered_on = [name for name, paths in cls.platform_paths.items() if paths is not None]
        # The name users know, as in the service's error classes (``PowerPathNotFoundError``).
        title = cls.service_error.__name__.removesuffix("Error")
        return unsupported_platform_message(title, platform, offered_on)

    def _fallback_paths(self) -> object:
        return next(paths for paths in self.platform_paths.values() if paths is not None)

    @property
    def settings(self) -> ClientSettings:
        """The resolved configuration (platform, URLs, token URL; the secret is not shown)."""
        return self._settings

    @property
    def base_url(self) -> str:
        """The service's origin; the API base paths are added per call."""
        return self._api.base_url

    @property
    def api(self) -> AsyncAPIClient:
        """The base client requests go through (for endpoints the resources do not wrap)."""
        return self._api

    @property
    def with_raw_response(self) -> Any:
        """This client with every resource method returning a `RawResponse`.

        ``client.with_raw_response.users.get(id)`` sends what ``client.users.get(id)`` sends;
        its result gives the status, headers and request id, and ``parse()`` the usual result.

        Example:
            >>> raw = await client.with_raw_response.users.get("usr-1")  # doctest: +SKIP
            >>> raw.headers["x-request-id"], raw.parse().given_name  # doctest: +SKIP
        """
        return RawResponseProxy(self)

    @property
    def is_supported(self) -> bool:
        """Whether the configured platform offers this service."""
        return self.platform_paths.get(self._settings.platform) is not None

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A cheap copy with other defaults, sharing this client's connection pool and token.

        Args:
            timeout: New default timeout (None: no timeout; `NOT_GIVEN`: keep the current one).
            max_retries: New number of retries.
            default_headers: Headers merged over the current defaults.

        Returns:
            The copy; closing it leaves the shared pool open.

        Raises:
            ConfigurationError: A value is invalid (also the service's root error).

        Example:
            >>> patient = client.with_options(timeout=120.0, max_retries=5)  # doctest: +SKIP
        """
        with service_errors(self.service_error):
            api = self._api.with_options(
                timeout=timeout, max_retries=max_retries, default_headers=default_headers
            )
        clone = copy.copy(self)
        clone._api = api
        clone._bind_resources()
        return clone

    async def close(self) -> None:
        """Close the connection pool if this client created it (a shared one stays open)."""
        await self._api.close()

    def __repr__(self) -> str:
        where = self._api.base_url if self.is_supported else "unsupported"
        return f"{type(self).__name__}(platform={self._settings.platform!r}, base_url={where!r})"
