"""`ClientCredentialsAuth`: an ``httpx.Auth`` for the OAuth2 client-credentials grant.

Like every ``httpx.Auth``, it performs no I/O of its own. Its flow yields the token request and
the client that is sending the API call sends it too, over the same connection pool, then yields
the API request with ``Authorization: Bearer <token>``. The flow is written twice, once with a
thread lock (``sync_auth_flow``, used by ``httpx.Client``) and once with an event-loop lock
(``async_auth_flow``, used by ``httpx.AsyncClient``); both are the same loop of at most two
rounds:

1. take the cached token if it is fresh; else take the key's lock, look again (a concurrent
   caller may have fetched one meanwhile) and only then yield a token request;
2. send the API request with that token;
3. on a 401, drop the cached token if it is still the one just used, and go round once more; the
   second answer, 401 or not, is the caller's.

Token endpoint failures raise `TokenError`. Transport errors (``httpx.TransportError``) raised
while sending the token request are not caught: they leave the flow like any other send error, so
the caller's retry policy sees the same exception types for token and API requests.
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections.abc import AsyncGenerator, Generator
from typing import TYPE_CHECKING, Any

import httpx

from timeback_common import (
    ConfigurationError,
    TelemetrySpan,
    TokenError,
    check_instance,
    telemetry_count,
    telemetry_span,
)

from ._cache import AccessToken, TokenCache, _CacheEntry, default_token_cache
from ._credentials import ClientCredentials
from ._store import StoredToken, TokenStore, now_wall, store_key
from ._token_endpoint import build_token_request, parse_token_response

if TYPE_CHECKING:
    from timeback_common import ClientSettings

__all__ = ["ClientCredentialsAuth"]

logger = logging.getLogger("timeback.auth")

# At most the original send and one replay after a 401.
_ROUNDS = 2


class ClientCredentialsAuth(httpx.Auth):
    """Authenticates httpx requests with an OAuth2 client-credentials bearer token.

    One object serves ``httpx.Client`` and ``httpx.AsyncClient`` alike, from any number of
    threads and event loops. Tokens are cached by (token URL, client id, scope) in ``cache``
    (the process-wide `default_token_cache()` unless given), renewed ``refresh_margin`` seconds
    before they expire, and requested by one caller at a time: concurrent callers that need a
    token share one token request. After a 401 from the API the token is renewed and the request
    replayed once; a second 401 is returned to the caller.

    Args:
        credentials: The client credentials and token endpoint.
        refresh_margin: Seconds before expiry at which a token counts as expired (default 60,
            as the official client). Capped at half a token's lifetime for short-lived tokens.
        cache: Where tokens are kept; defaults to the process-wide cache, so every auth built
            from the same credentials shares one token.

    Raises:
        ConfigurationError: ``credentials`` is not a `ClientCredentials`, or ``refresh_margin``
            is negative or not a finite number.

    Example:
        >>> import httpx
        >>> credentials = ClientCredentials(
        ...     client_id="my-client",
        ...     client_secret="my-secret",
        ...     token_url="http://127.0.0.1:8000/oauth2/token",
        ... )
        >>> client = httpx.Client(auth=ClientCredentialsAuth(credentials))

    Sending a request through a client that uses this auth raises `TokenError` when the token
    endpoint refuses the credentials or fails (a non-2xx status, a body that is not a JSON object,
    no ``access_token``, a token type other than Bearer); transport errors of the token request
    reach the caller as the client's usual ``httpx.TransportError``.
    """

    # The request may be sent twice (replay after a 401), so its body must be replayable.
    requires_request_body = True

    def __init__(
        self,
        credentials: ClientCredentials,
        *,
        refresh_margin: float = 60.0,
        cache: TokenCache | None = None,
        token_store: TokenStore | None = None,
    ) -> None:
        if not isinstance(credentials, ClientCredentials):
            raise ConfigurationError(
                f"credentials must be ClientCredentials, got {type(credentials).__name__}"
            )
        if (
            isinstance(refresh_margin, bool)
            or not isinstance(refresh_margin, (int, float))
            or not math.isfinite(refresh_margin)
            or refresh_margin < 0
        ):
            raise ConfigurationError(
                f"refresh_margin must be a finite number of seconds >= 0, got {refresh_margin!r}"
            )
        if cache is not None and not isinstance(cache, TokenCache):
            raise ConfigurationError(f"cache must be a TokenCache, got {type(cache).__name__}")
        self._credentials = credentials
        self._refresh_margin = float(refresh_margin)
        self._cache = cache if cache is not None else default_token_cache()
        self._entry: _CacheEntry = self._cache._entry(credentials.cache_key)
        if token_store is not None and not isinstance(token_store, TokenStore):
            raise ConfigurationError(
                "token_store must have load, save, discard and lock methods (a TokenStore), "
                f"got {type(token_store).__name__}"
            )
        self._store = token_store
        self._store_key = store_key(*credentials.cache_key) if token_store is not None else ""

    @classmethod
    def from_settings(
        cls, settings: ClientSettings, *, token_store: TokenStore | None = None
    ) -> ClientCredentialsAuth:
        """The auth for resolved client settings (token URL, credentials and scope).

        Every service client and ``TimebackClient`` build their default auth this way.

        Args:
            settings: Settings from ``timeback_common.resolve_settings``.
            token_store: A store shared with other processes (`FileTokenStore`...), or None.

        Returns:
            An auth sharing the process-wide token cache.

        Raises:
            ConfigurationError: ``settings`` is not a ``ClientSettings``, or the credentials in
                it are invalid.
        """
        from timeback_common import ClientSettings

        if settings is None:  # check_instance lets None through ("not given"); here it is required
            raise ConfigurationError("settings must be timeback_common.ClientSettings, not None")
        check_instance(settings, ClientSettings, "settings")
        return cls(
            ClientCredentials(
                client_id=settings.client_id,
                client_secret=settings.client_secret,
                token_url=settings.token_url,
                scope=settings.scope,
            ),
            token_store=token_store,
        )

    @property
    def credentials(self) -> ClientCredentials:
        """The credentials tokens are requested with."""
        return self._credentials

    @property
    def refresh_margin(self) -> float:
        """Seconds before expiry at which a cached token is renewed."""
        return self._refresh_margin

    @property
    def cache(self) -> TokenCache:
        """The token cache this auth reads and fills."""
        return self._cache

    def __repr__(self) -> str:
        c = self._credentials
        return (
            f"ClientCredentialsAuth(client_id={c.client_id!r}, token_url={c.token_url!r}, "
            f"scope={c.scope!r}, auth_method={c.auth_method!r}, "
            f"refresh_margin={self._refresh_margin:g})"
        )

    # -- the two flows: keep them line-for-line alike ------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """The flow for ``httpx.Client``: single-flight through a thread lock.

        Raises:
            TokenError: The token endpoint refused or failed.
        """
        request.read()
        stale: AccessToken | None = None
        for round_ in range(_ROUNDS):
            token = self._fresh_token(stale)
            if token is None:
                seen = self._entry.version
                with self._entry.thread_lock:
                    token = self._token_after_wait(seen, stale, request)
                    if token is None:
                        with self._store_lock():
                            token = self._from_store(stale)
                            if token is None:
                                with self._token_span() as span:
                                    issued_at = self._cache.clock()
                                    token_response = yield self._token_request(request)
                                    token_response.read()
                                    token = self._accept(token_response, issued_at, request, span)
            self._authorize(request, token)
            response = yield request
            if response.status_code != 401 or round_ + 1 == _ROUNDS:
                return
            stale = self._reject(token, request)

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """The flow for ``httpx.AsyncClient``: single-flight through a per-event-loop lock.

        Raises:
            TokenError: The token endpoint refused or failed.
        """
        await request.aread()
        stale: AccessToken | None = None
        for round_ in range(_ROUNDS):
            token = self._fresh_token(stale)
            if token is None:
                seen = self._entry.version
                async with self._entry.async_lock():
                    token = self._token_after_wait(seen, stale, request)
                    if token is None:
                        # The store's lock blocks the event loop while another process fetches
                        # (one coroutine per process waits here: the others wait on the lock
                        # above), which keeps the lock in the thread that took it.
                        with self._store_lock():
                            token = self._from_store(stale)
                            if token is None:
                                with self._token_span() as span:
                                    issued_at = self._cache.clock()
                                    token_response = yield self._token_request(request)
                                    await token_response.aread()
                                    token = self._accept(token_response, issued_at, request, span)
            self._authorize(request, token)
            response = yield request
            if response.status_code != 401 or round_ + 1 == _ROUNDS:
                return
            stale = self._reject(token, request)

    # -- decisions shared by both flows (no I/O, no waiting) -----------------------------------

    def _fresh_token(self, stale: AccessToken | None) -> AccessToken | None:
        """The cached token if it is fresh and not the one the API just rejected."""
        token = self._entry.token
        if token is None or token is stale:
            return None
        if not token.is_fresh(self._cache.clock(), self._refresh_margin):
            return None
        return token

    def _token_after_wait(
        self, seen: int, stale: AccessToken | None, request: httpx.Request
    ) -> AccessToken | None:
        """Called holding the lock: the outcome of a token request that finished while we waited.

        Returns that token (even if short-lived: it was fetched for this very wait), raises its
        error, or returns the fresh cached token; None means this caller must fetch.
        """
        entry = self._entry
        if entry.version != seen:
            if entry.error is not None:
                raise _for_request(entry.error, request)
            token = entry.token
            if token is not None and token is not stale:
                logger.debug("using the token fetched by a concurrent request")
                return token
        return self._fresh_token(stale)

    def _store_lock(self) -> contextlib.AbstractContextManager[Any]:
        return (
            contextlib.nullcontext() if self._store is None else self._store.lock(self._store_key)
        )

    def _from_store(self, stale: AccessToken | None) -> AccessToken | None:
        """Called holding the store's lock: a fresh token another process saved, if any."""
        if self._store is None:
            return None
        saved = self._store.load(self._store_key)
        if saved is None or (stale is not None and saved.value == stale.value):
            return None
        remaining = saved.expires_at - now_wall()
        token = AccessToken(
            saved.value,
            issued_at=self._cache.clock() - (saved.lifetime - remaining),
            lifetime=saved.lifetime,
        )
        if not token.is_fresh(self._cache.clock(), self._refresh_margin):
            return None
        logger.debug("using the token another process saved in the token store")
        self._entry.store(token)
        return token

    def _token_request(self, request: httpx.Request) -> httpx.Request:
        logger.debug(
            "requesting an access token from %s for client %s (%s, scope %s)",
            self._credentials.token_url,
            self._credentials.client_id,
            self._credentials.auth_method,
            "none" if self._credentials.scope is None else repr(self._credentials.scope),
        )
        return build_token_request(self._credentials, request)

    def _token_span(self) -> contextlib.AbstractContextManager[TelemetrySpan]:
        """The telemetry span of one token request (under the operation that needed it)."""
        url = httpx.URL(self._credentials.token_url)
        return telemetry_span(
            "timeback_auth token",
            {
                "http.request.method": "POST",
                "server.address": url.host,
                "url.full": str(url.copy_with(userinfo=b"", query=None, fragment=None)),
            },
        )

    def _accept(
        self,
        response: httpx.Response,
        issued_at: float,
        request: httpx.Request,
        span: TelemetrySpan,
    ) -> AccessToken:
        """Parse the token response and record the outcome for callers waiting on the lock."""
        span.set_attribute("http.response.status_code", response.status_code)
        try:
            token = parse_token_response(
                response,
                credentials=self._credentials,
                issued_at=issued_at,
                request_id=request.headers.get("X-Request-ID"),
            )
        except TokenError as error:
            self._entry.store_failure(error)
            raise
        self._entry.store(token)
        telemetry_count(
            "timeback.auth.tokens_fetched",
            attributes={"server.address": httpx.URL(self._credentials.token_url).host},
            unit="{token}",
            description="Access tokens obtained from the token endpoint.",
        )
        if self._store is not None:
            remaining = token.expires_at - self._cache.clock()
            self._store.save(
                self._store_key,
                StoredToken(token.value, token.lifetime, now_wall() + remaining),
            )
        return token

    def _authorize(self, request: httpx.Request, token: AccessToken) -> None:
        request.headers["Authorization"] = f"Bearer {token.value}"

    def _reject(self, token: AccessToken, request: httpx.Request) -> AccessToken:
        logger.debug(
            "%s %s answered 401; renewing the token and replaying the request once",
            request.method,
            request.url.copy_with(query=None),
        )
        self._entry.drop(token)
        if self._store is not None:
            self._store.discard(self._store_key, token.value)
        return token


def _for_request(error: TokenError, request: httpx.Request) -> TokenError:
    """A copy of a shared token error carrying this caller's request id."""
    copy = TokenError(
        error.message,
        status_code=error.status_code,
        body=error.body,
        error_code=error.error_code,
        method=error.method,
        url=error.url,
        request_id=request.headers.get("X-Request-ID"),
    )
    copy.__cause__ = error.__cause__
    return copy
