"""The base HTTP client every service client is built on.

It owns nothing a service knows about. It builds absolute URLs itself (one httpx pool serves
services on different hosts, so httpx's ``base_url`` cannot be used), sends the request with the
auth flow passed per request, retries what the pure `RetryPolicy` says may be retried, and turns
every failure into an error of the SDK's tree that is also an instance of the service's root
error class.
"""

from __future__ import annotations

import copy
import logging
import ssl
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any, TypeVar

import httpx
from typing_extensions import Self

from timeback_common._async._closing import AsyncClosingContext
from timeback_common._async._pool import async_open_pool
from timeback_common._async._traced_paging import AsyncTracedPaginator
from timeback_common._concurrency import async_sleep
from timeback_common._controls import HostControls
from timeback_common._errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ConfigurationError,
    ErrorIssue,
    InputValidationError,
    TimebackError,
    TokenError,
    UnsupportedOperationError,
    service_error_class,
    service_errors,
    service_input_error,
)
from timeback_common._options import (
    DEFAULT_HEADERS,
    DEFAULT_TIMEOUT,
    REQUEST_OPTION_KEYS,
    QueryParams,
    RequestOptions,
    TimeoutTypes,
)
from timeback_common._paginators import AsyncPaginator
from timeback_common._paging_rules import Page
from timeback_common._raw import RAW_RESPONSES
from timeback_common._request import (
    build_query,
    encode_path,
    join_encoded,
    new_request_id,
    normalize_base_url,
    user_agent,
)
from timeback_common._response import APIResponse, build_status_error
from timeback_common._retry import (
    Failure,
    RetryDecision,
    RetryPolicy,
    classify_exception,
    parse_retry_after,
)
from timeback_common._service import NOT_GIVEN, NotGiven
from timeback_common._telemetry import Operation, begin_call
from timeback_common._telemetry import enabled as telemetry_enabled
from timeback_common._validation import (
    check_client_options,
    check_request_arguments,
    json_problem,
)

__all__ = ["AsyncAPIClient"]

log = logging.getLogger("timeback.http")

T = TypeVar("T")


def offset_limit(offset: int, limit: int) -> QueryParams:
    """The query of one page of an offset-paged endpoint: ``offset`` and ``limit``."""
    return {"offset": offset, "limit": limit}


class AsyncAPIClient(AsyncClosingContext):
    """Sends requests to one service: URLs, headers, auth, retries, typed errors.

    Service clients hold one and their resources call `request` (or `get`, `post`, ...) with a
    path template and the identifiers to encode into it; the answer is an `APIResponse` or a
    `TimebackError` that is also an instance of the service's root error.

    Example:
        >>> api = AsyncAPIClient(base_url="https://api.example", service_name="oneroster")
        >>> response = await api.get("/users/{}", user_id)  # doctest: +SKIP
    """

    def __init__(
        self,
        *,
        base_url: str,
        auth: httpx.Auth | None = None,
        service_name: str = "timeback",
        service_version: str | None = None,
        service_error: type[TimebackError] = TimebackError,
        timeout: TimeoutTypes = DEFAULT_TIMEOUT,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.AsyncClient | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        unsupported: str | None = None,
        controls: HostControls | None = None,
        http2: bool = False,
        proxy: str | httpx.Proxy | None = None,
        verify: ssl.SSLContext | str | bool = True,
        limits: httpx.Limits | None = None,
        event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
    ) -> None:
        """Create a client for one service.

        Args:
            base_url: The service's root, e.g. ``https://api.alpha-1edtech.ai``.
            auth: The auth flow (e.g. ``timeback_auth``'s), applied to every request.
            service_name: Short service name for the ``User-Agent`` and logs.
            service_version: The service package's version, for the ``User-Agent``.
            service_error: The service's root error class; every error raised is one too.
            timeout: Default timeout: seconds, an `httpx.Timeout`, or None for none.
            max_retries: Retries after a failed attempt (default 2); overrides
                ``retry_policy.max_retries``.
            retry_policy: The retry rules (backoff, caps, deadline); `RetryPolicy()` by default.
            default_headers: Headers sent with every request (they win over the SDK's own).
            http_client: An httpx client to share (its pool); it is not closed by `close`.
            transport: A transport for the httpx client created here (tests, the emulator).
            unsupported: Why the configured platform does not offer this service, if it does
                not: every request then raises `UnsupportedOperationError` with this message,
                without sending anything.
            controls: Pacing, concurrency cap and circuit breaker per host (`HostControls`),
                possibly shared with other clients; None for none.
            http2: Speak HTTP/2 where the server offers it (needs the ``h2`` package: the
                ``timeback-common[http2]`` extra).
            proxy: A proxy URL (or `httpx.Proxy`) for every request of the pool created here.
            verify: TLS verification: True (the default CA bundle), a CA bundle path, an
                `ssl.SSLContext`, or False (never in production).
            limits: Connection pool limits (`httpx.Limits`).
            event_hooks: httpx event hooks (``{"request": [...], "response": [...]}``).

        Raises:
            ConfigurationError: ``base_url`` is not a usable http(s) URL, ``timeout``,
                ``max_retries`` or ``default_headers`` has the wrong type or value, both
                ``http_client`` and ``transport`` were given, a transport option was given
                with ``http_client``, or ``http2=True`` without the ``h2`` package.
        """
        check_client_options(
            timeout=timeout, max_retries=max_retries, default_headers=default_headers
        )
        self._base_url = normalize_base_url(base_url)
        self._auth = auth
        self._service_name = service_name
        self._service_error = service_error
        self._unsupported = unsupported
        self._timeout = httpx.Timeout(timeout)
        policy = retry_policy if retry_policy is not None else RetryPolicy()
        if max_retries is not None and max_retries != policy.max_retries:
            policy = replace(policy, max_retries=max_retries)
        self._retry_policy = policy
        # Header names are kept lower-case so that merging never sends one header twice.
        self._headers = _lower_keys(DEFAULT_HEADERS)
        self._headers["user-agent"] = user_agent(service_name, service_version)
        if default_headers:
            self._headers.update(_lower_keys(default_headers))
        self._owns_http = http_client is None
        self._controls = controls if controls is not None and controls.configured else None
        self._http = async_open_pool(
            http_client=http_client,
            transport=transport,
            timeout=self._timeout,
            headers=self._headers,
            http2=http2,
            proxy=proxy,
            verify=verify,
            limits=limits,
            event_hooks=event_hooks,
        )
        self._send_headers = self._headers_not_on_http_client()

    @property
    def base_url(self) -> str:
        """The service's root URL (without a trailing slash)."""
        return self._base_url

    @property
    def service_error(self) -> type[TimebackError]:
        """The service's root error class."""
        return self._service_error

    @property
    def retry_policy(self) -> RetryPolicy:
        """The retry rules in force."""
        return self._retry_policy

    @property
    def controls(self) -> HostControls | None:
        """The pacing, concurrency cap and circuit breaker in force (None when none is set)."""
        return self._controls

    @property
    def timeout(self) -> httpx.Timeout:
        """The default timeout."""
        return self._timeout

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The httpx client (connection pool) requests go through; shared by copies."""
        return self._http

    @property
    def is_closed(self) -> bool:
        """Whether the underlying httpx client is closed."""
        return self._http.is_closed

    def with_options(
        self,
        *,
        timeout: TimeoutTypes | NotGiven = NOT_GIVEN,
        max_retries: int | None = None,
        retry_policy: RetryPolicy | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A cheap copy with other defaults, sharing this client's connection pool and auth.

        Args:
            timeout: New default timeout (None: no timeout).
            max_retries: New number of retries.
            retry_policy: New retry rules.
            default_headers: Headers merged over the current defaults.

        Returns:
            The copy. Closing it does not close the shared pool.

        Raises:
            ConfigurationError: ``timeout``, ``max_retries`` or ``default_headers`` is invalid.
        """
        check_client_options(
            timeout=timeout, max_retries=max_retries, default_headers=default_headers
        )
        clone = copy.copy(self)
        clone._owns_http = False
        if not isinstance(timeout, NotGiven):
            clone._timeout = httpx.Timeout(timeout)
        policy = retry_policy if retry_policy is not None else self._retry_policy
        if max_retries is not None:
            policy = replace(policy, max_retries=max_retries)
        clone._retry_policy = policy
        if default_headers:
            clone._headers = {**self._headers, **_lower_keys(default_headers)}
            clone._send_headers = clone._headers_not_on_http_client()
        return clone

    async def request(
        self,
        method: str,
        path: str,
        *segments: str,
        params: QueryParams | None = None,
        json: Any = None,
        content: bytes | str | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse:
        """Send one logical operation, retrying as the policy allows, and return a 2xx answer.

        Args:
            method: The HTTP method.
            path: A path relative to the base URL, with one ``{}`` per segment, e.g.
                ``"/ims/oneroster/rostering/v1p2/users/{}"``; fixed parts are sent as written.
            *segments: The identifiers for the ``{}``, percent-encoded by `encode_path`.
            params: Query parameters; None values are dropped, a ``+`` is sent as ``%2B``.
            json: A JSON body (``Content-Type: application/json``).
            content: A raw body instead of ``json``.
            headers: Extra headers for this request.
            options: The caller's `RequestOptions`.

        Returns:
            The successful response (any 2xx; its body may be empty).

        Raises:
            UnsupportedOperationError: The configured platform does not offer this service.
            InputValidationError: ``path`` is an absolute URL or holds traversal, an identifier
                is empty or holds a NUL character or an unpaired surrogate, the options are
                unknown or have the wrong type, or the body cannot be encoded as JSON. Nothing
                was sent.
            APIStatusError: The service answered 4xx/5xx (a subclass per status; a 429 is a
                `RateLimitError` with ``retry_after``), after any retries.
            APITimeoutError: A timeout expired on the last attempt.
            APIConnectionError: No answer on the last attempt (refused, reset, dropped).
            TokenError: The auth flow could not obtain a token.
        """
        if self._unsupported is not None:
            unsupported_cls = service_error_class(self._service_error, UnsupportedOperationError)
            raise unsupported_cls(self._unsupported)
        if self._http.is_closed:
            closed_cls = service_error_class(self._service_error, ConfigurationError)
            raise closed_cls(
                f"this {self._service_name} client is closed; create a new client to send requests"
            )
        try:
            check_request_arguments(method, path, headers, options, content)
        except InputValidationError as exc:
            raise self._input_error(exc.message, None, exc.issues) from None
        opts: RequestOptions = options or {}
        if opts and not REQUEST_OPTION_KEYS.issuperset(opts):
            unknown = ", ".join(sorted(set(opts) - REQUEST_OPTION_KEYS))
            raise self._input_error(f"unknown request option(s): {unknown}", "options")
        method = method.upper()
        try:
            url = join_encoded(self._base_url, encode_path(path, *segments))
        except InputValidationError as exc:
            raise self._input_error(exc.message, None, exc.issues) from None
        policy = self._retry_policy
        if "max_retries" in opts:
            policy = replace(policy, max_retries=opts["max_retries"])
        request, request_id = self._build_request(method, url, params, json, content, headers, opts)
        if request.url.query:
            url = str(request.url)  # errors and logs show the query that was sent
        call = begin_call(self._service_name, method, path)  # None unless telemetry records
        if call is None:
            return await self._send_with_retries(request, request_id, url, path, policy, opts, None)
        with call as operation:
            return await self._send_with_retries(
                request, request_id, url, path, policy, opts, operation
            )

    async def _send_with_retries(
        self,
        request: httpx.Request,
        request_id: str,
        url: str,
        template: str,
        policy: RetryPolicy,
        opts: RequestOptions,
        operation: Operation | None,
    ) -> APIResponse:
        """The attempt loop of `request`: send until a 2xx or the retry policy says stop."""
        method = request.method
        controls = self._controls
        host = request.url.netloc.decode("ascii") if controls is not None else ""
        started = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                if controls is None:
                    attempt_started = time.monotonic()
                    if self._auth is None:
                        response = await self._http.send(request)
                    else:
                        response = await self._http.send(request, auth=self._auth)
                else:
                    # Every attempt waits its turn (retries and pages too), then holds a slot.
                    controls.admit(host, self._service_error, method, url)
                    await controls.async_pace(host)
                    async with controls.async_slot(host):
                        attempt_started = time.monotonic()
                        try:
                            response = await self._send(request)
                        except (httpx.HTTPError, TokenError) as exc:
                            # A refused secret says nothing about the host's health.
                            controls.record(host, failed=not isinstance(exc, TokenError))
                            raise
                    status = response.status_code
                    controls.record(host, failed=status == 429 or status >= 500)
            except (httpx.HTTPError, TokenError) as exc:
                ours = _concerns(exc, request)
                error = self._transport_error(exc, ours, method, url, request_id)
                failure = classify_exception(exc, request_was_sent=ours)
                decision = self._decide(policy, method, attempt, failure, opts, started)
                self._log_attempt(
                    operation,
                    request,
                    template,
                    type(exc).__name__,
                    attempt,
                    attempt_started,
                    request_id,
                    decision,
                )
                if not decision.retry:
                    if error is exc:
                        raise
                    raise error from exc
            else:
                status = response.status_code
                if 200 <= status < 300:
                    self._log_attempt(
                        operation, request, template, status, attempt, attempt_started, request_id
                    )
                    answer = APIResponse(
                        response,
                        method=method,
                        url=url,
                        request_id=request_id,
                        service_error=self._service_error,
                    )
                    sink = RAW_RESPONSES.get()  # set only inside with_raw_response
                    if sink is not None:
                        sink.append(answer)
                    return answer
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                failure = Failure.status(status, retry_after)
                decision = self._decide(policy, method, attempt, failure, opts, started)
                self._log_attempt(
                    operation,
                    request,
                    template,
                    status,
                    attempt,
                    attempt_started,
                    request_id,
                    decision,
                )
                if not decision.retry:
                    raise build_status_error(
                        response,
                        method=method,
                        url=url,
                        request_id=request_id,
                        service_error=self._service_error,
                    )
            await async_sleep(decision.delay)

    async def _send(self, request: httpx.Request) -> httpx.Response:
        if self._auth is None:
            return await self._http.send(request)
        return await self._http.send(request, auth=self._auth)

    async def get(
        self,
        path: str,
        *segments: str,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse:
        """``request("GET", ...)``; see `request` for arguments and errors."""
        return await self.request(
            "GET", path, *segments, params=params, headers=headers, options=options
        )

    async def post(
        self,
        path: str,
        *segments: str,
        json: Any = None,
        content: bytes | str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse:
        """``request("POST", ...)``; see `request` for arguments and errors."""
        return await self.request(
            "POST",
            path,
            *segments,
            params=params,
            json=json,
            content=content,
            headers=headers,
            options=options,
        )

    async def put(
        self,
        path: str,
        *segments: str,
        json: Any = None,
        content: bytes | str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse:
        """``request("PUT", ...)``; see `request` for arguments and errors."""
        return await self.request(
            "PUT",
            path,
            *segments,
            params=params,
            json=json,
            content=content,
            headers=headers,
            options=options,
        )

    async def patch(
        self,
        path: str,
        *segments: str,
        json: Any = None,
        content: bytes | str | None = None,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse:
        """``request("PATCH", ...)``; see `request` for arguments and errors."""
        return await self.request(
            "PATCH",
            path,
            *segments,
            params=params,
            json=json,
            content=content,
            headers=headers,
            options=options,
        )

    async def delete(
        self,
        path: str,
        *segments: str,
        params: QueryParams | None = None,
        headers: Mapping[str, str] | None = None,
        options: RequestOptions | None = None,
    ) -> APIResponse:
        """``request("DELETE", ...)``; see `request` for arguments and errors."""
        return await self.request(
            "DELETE", path, *segments, params=params, headers=headers, options=options
        )

    def paginate(
        self,
        path: str,
        *segments: str,
        read_page: Callable[[APIResponse, int, int], Page[T]],
        params: QueryParams | None = None,
        page_query: Callable[[int, int], QueryParams] = offset_limit,
        offset: int = 0,
        page_size: int | None = None,
        max_items: int | None = None,
        concurrency: int | None = None,
        max_page_size: int | None = None,
        options: RequestOptions | None = None,
    ) -> AsyncPaginator[T]:
        """A paginator over a paged ``GET`` endpoint; nothing is sent until it is used.

        Args:
            path: The path (as for `request`), e.g. ``"/ims/oneroster/rostering/v1p2/users"``.
            *segments: The identifiers for its ``{}``.
            read_page: Reads one answer: ``read_page(response, offset, limit)`` returns the
                `Page` (records, total, next offset).
            params: The query sent with every page (filters, sort...).
            page_query: The paging part of one page's query, from its offset and limit;
                ``offset`` and ``limit`` by default.
            offset: Where the walk starts.
            page_size: Records per request (the paginator's default when None).
            max_items: Stop after this many records (None: all of them).
            concurrency: Page requests in flight once the total is known.
            max_page_size: The largest page the endpoint serves.
            options: The caller's `RequestOptions`, for every page request.

        Returns:
            The paginator.

        Raises:
            InputValidationError: An identifier or a paging option is invalid (raised here,
                before anything is sent).
        """
        try:
            check_request_arguments("GET", path, None, options, None)
            encode_path(path, *segments)  # a bad id is refused now, not at the first page
        except InputValidationError as exc:
            raise self._input_error(exc.message, None, exc.issues) from None
        functions: tuple[tuple[str, object], ...] = (
            ("read_page", read_page),
            ("page_query", page_query),
        )
        for name, function in functions:
            if not callable(function):
                kind = type(function).__name__
                raise self._input_error(f"{name} must be a function, not {kind}", name)
        if params is not None:
            self._check_query(params, None)
        fixed: QueryParams = dict(params or {})

        async def fetch_page(page_offset: int, limit: int) -> Page[T]:
            query = {**fixed, **page_query(page_offset, limit)}
            response = await self.request("GET", path, *segments, params=query, options=options)
            page = read_page(response, page_offset, limit)
            # Every page carries the answer it came from (headers, status, request id).
            return page if page.response is not None else replace(page, response=response)

        paging: dict[str, int] = {}
        for name, value in (
            ("page_size", page_size),
            ("max_items", max_items),
            ("concurrency", concurrency),
            ("max_page_size", max_page_size),
        ):
            if value is not None:
                paging[name] = value
        with service_errors(self._service_error):
            if not telemetry_enabled():
                return AsyncPaginator(fetch_page, offset=offset, **paging)
            return AsyncTracedPaginator(
                fetch_page, service=self._service_name, template=path, offset=offset, **paging
            )

    async def close(self) -> None:
        """Close the connection pool if this client created it (a shared one stays open)."""
        if self._owns_http:
            await self._http.aclose()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(service_name={self._service_name!r}, "
            f"base_url={self._base_url!r})"
        )

    # -- internals ---------------------------------------------------------------------------

    def _build_request(
        self,
        method: str,
        url: str,
        params: QueryParams | None,
        json: Any,
        content: bytes | str | None,
        headers: Mapping[str, str] | None,
        opts: RequestOptions,
    ) -> tuple[httpx.Request, str]:
        merged = dict(self._send_headers)
        if headers:
            merged.update(_lower_keys(headers))
        extra_headers = opts.get("extra_headers")
        if extra_headers:
            merged.update(_lower_keys(extra_headers))
        # A caller may bring its own correlation id; otherwise each operation gets a fresh one.
        request_id = merged.get("x-request-id")
        if request_id is None:
            request_id = merged["x-request-id"] = new_request_id()
        extra_body = opts.get("extra_body")
        if extra_body and json is not None:
            if not isinstance(json, Mapping):
                raise self._input_error("extra_body needs a JSON object body", "extra_body")
            json = {**json, **extra_body}
        if json is not None:
            self._check_json(json)
        if params or opts.get("extra_query"):
            self._check_query(params, opts.get("extra_query"))
        timeout = httpx.Timeout(opts["timeout"]) if "timeout" in opts else self._timeout
        try:
            request = self._http.build_request(
                method,
                url,
                params=build_query(params, opts.get("extra_query")),
                json=json,
                content=content,
                headers=merged,
                timeout=timeout,
            )
        except (TypeError, ValueError, RecursionError, httpx.InvalidURL) as exc:
            # json.dumps refuses sets, NaN and the like (and nesting deeper than the
            # interpreter's recursion limit); httpx refuses unusable URLs.
            raise self._input_error(f"the request cannot be encoded: {exc}", None) from None
        return request, request_id

    def _check_json(self, body: Any) -> None:
        issue = json_problem(body)
        if issue is not None:
            where = f"{issue.path}: " if issue.path else ""
            raise self._input_error(
                f"the request body cannot be sent: {where}{issue.message}", issue.path
            )

    def _check_query(self, params: object, extra: Mapping[str, Any] | None) -> None:
        if params is not None and not isinstance(params, Mapping):
            kind = type(params).__name__
            raise self._input_error(f"params must be a mapping, not {kind}", "params")
        issue = json_problem({**(params or {}), **(extra or {})}, max_depth=3)
        if issue is not None:
            where = f"{issue.path}: " if issue.path else ""
            raise self._input_error(f"the query cannot be sent: {where}{issue.message}", issue.path)

    def _headers_not_on_http_client(self) -> dict[str, str]:
        # httpx merges its client's headers into every request; headers it already holds with
        # the same value need not be sent again (for a pool created here: none of ours), which
        # halves httpx's per-request header work. A shared pool keeps its own headers, so
        # whatever differs from them (at least the User-Agent naming this service) is sent.
        current = self._http.headers
        return {key: value for key, value in self._headers.items() if current.get(key) != value}

    def _decide(
        self,
        policy: RetryPolicy,
        method: str,
        attempt: int,
        failure: Failure | None,
        opts: RequestOptions,
        started: float,
    ) -> RetryDecision:
        if failure is None:
            return RetryDecision(False, 0.0, "not a transient failure")
        return policy.decide(
            method=method,
            attempt=attempt,
            failure=failure,
            idempotent=opts.get("idempotent"),
            elapsed=time.monotonic() - started,
        )

    def _transport_error(
        self, exc: Exception, ours: bool, method: str, url: str, request_id: str
    ) -> APIError:
        if isinstance(exc, TokenError):
            # The auth package built it without knowing the service or the operation: give it
            # the request id and make it an instance of the service's root class too, so that
            # `except OneRosterError` also catches a refused secret.
            if isinstance(exc, self._service_error):
                if exc.request_id is None:
                    exc.request_id = request_id
                return exc
            token_cls = service_error_class(self._service_error, TokenError)
            return token_cls(
                exc.message,
                status_code=exc.status_code,
                body=exc.body,
                error_code=exc.error_code,
                method=exc.method,
                url=exc.url,
                request_id=exc.request_id or request_id,
            )
        if isinstance(exc, httpx.TimeoutException):
            specific: type[APIError] = APITimeoutError
            message = f"request timed out ({type(exc).__name__})"
        else:
            specific = APIConnectionError
            detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            message = f"connection failed ({detail})"
        if not ours:
            # The auth flow's token request failed, not the call: name the URL that failed.
            method, url = "POST", _token_request_url(exc, url)
            message += (
                " while obtaining a token; check the token URL (auth_url, TIMEBACK_TOKEN_URL or"
                " env=) and that this machine can reach its host"
            )
        elif specific is APIConnectionError:
            message += "; check the base URL (or env=) and that this machine can reach its host"
        cls = service_error_class(self._service_error, specific)
        return cls(message, method=method, url=url, request_id=request_id)

    def _input_error(
        self, message: str, path: str | None, issues: Sequence[ErrorIssue] = ()
    ) -> InputValidationError:
        issues = issues or [ErrorIssue(message=message, path=path)]
        return service_input_error(self._service_error, message, *issues)

    def _log_attempt(
        self,
        operation: Operation | None,
        request: httpx.Request,
        template: str,
        outcome: object,
        attempt: int,
        attempt_started: float,
        request_id: str,
        decision: RetryDecision | None = None,
    ) -> None:
        """Report one attempt's outcome to telemetry (if it records) and the debug log."""
        method = request.method
        if operation is not None:
            elapsed = time.monotonic() - attempt_started
            operation.attempt(method, request.url, template, outcome, attempt, elapsed, decision)
        if not log.isEnabledFor(logging.DEBUG):
            return
        url = str(request.url)
        elapsed_ms = (time.monotonic() - attempt_started) * 1000.0
        # The same facts as fields, for JSON log formatters and log pipelines; the URL template
        # groups the records of one endpoint whatever the identifiers in the URL.
        fields = {
            "service": self._service_name,
            "method": method,
            "url": url,
            "url_template": template,
            "status": outcome if isinstance(outcome, int) else None,
            "error": None if isinstance(outcome, int) else str(outcome),
            "attempt": attempt,
            "elapsed_ms": round(elapsed_ms, 1),
            "request_id": request_id,
            "retry_reason": None if decision is None or not decision.retry else decision.reason,
            "retry_delay": None if decision is None or not decision.retry else decision.delay,
        }
        log.debug(
            "%s %s -> %s (attempt %d, %.1f ms, request id %s)%s",
            method,
            url,
            outcome,
            attempt,
            elapsed_ms,
            request_id,
            ""
            if decision is None
            else (
                f"; retrying in {decision.delay:.2f} s: {decision.reason}"
                if decision.retry
                else f"; not retrying: {decision.reason}"
            ),
            extra={"timeback": fields},
        )


def _lower_keys(headers: Mapping[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


def _token_request_url(exc: Exception, fallback: str) -> str:
    """The URL of the token request behind ``exc`` (without its query), else ``fallback``."""
    try:
        failed = exc.request if isinstance(exc, httpx.RequestError) else None
    except RuntimeError:  # httpx raises it when no request was attached
        failed = None
    return fallback if failed is None else str(failed.url.copy_with(query=None, fragment=None))


def _concerns(exc: Exception, request: httpx.Request) -> bool:
    """Whether ``exc`` concerns ``request`` (and not the auth flow's token request)."""
    if not isinstance(exc, httpx.RequestError):
        return not isinstance(exc, TokenError)
    try:
        failed = exc.request
    except RuntimeError:  # httpx raises it when no request was attached
        return True
    return failed is request or failed.url == request.url
