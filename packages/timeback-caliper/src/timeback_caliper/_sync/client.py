# This file is generated from packages/timeback-caliper/src/timeback_caliper/_async/client.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""`SyncCaliperClient`: the Caliper service (wire contract section 6), async.

The sync twin, ``SyncCaliperClient``, is generated from this file by ``scripts/unasync.py``.
Endpoints live in ``resources/`` (``client.events``, ``client.jobs``); this module holds the
configuration, the platform rules and the sending machinery the resources and the buffered
sender share.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from types import TracebackType
from typing import Any

import httpx
from typing_extensions import Self

from timeback_auth import ClientCredentialsAuth
from timeback_caliper._sync.resources.events import SyncEvents
from timeback_caliper._sync.resources.jobs import SyncJobs
from timeback_caliper._concurrency import sync_run_bounded
from timeback_caliper._delivery import (
    SendReceipt,
    assemble_envelope,
    parse_send_result,
    plan_envelopes,
    prepare_event,
    prepare_events,
)
from timeback_caliper._errors import CaliperError, JobFailedError, JobTimeoutError, as_caliper_error
from timeback_caliper._jobs import bounded_timeout, check_wait_times, job_body, job_outcome
from timeback_caliper._models import CaliperModel, CaliperSendResult, Job
from timeback_caliper._validation import EventLike
from timeback_caliper._version import __version__
from timeback_common import (
    DEFAULT_TIMEOUT,
    APIConnectionError,
    SyncAPIClient,
    ClientSettings,
    ErrorIssue,
    InputValidationError,
    RequestOptions,
    TimebackError,
    TimeoutTypes,
    UnsupportedOperationError,
    sync_sleep,
    parse_model,
    resolve_settings,
    service_error_class,
)
from timeback_common._validation import short_repr

__all__ = ["SyncCaliperClient"]

VALIDATE_PATH = "/caliper/event/validate"

_NOT_GIVEN: Any = object()


class SyncCaliperClient:
    """Client for Caliper 1.2 events with the Timeback profile.

    Configure it like every Timeback client: ``env=`` (environment mode), ``base_url=`` with
    ``auth_url=`` (one origin, e.g. the local emulator) or ``services=`` with ``auth_url=``;
    credentials from the arguments or ``TIMEBACK_CLIENT_ID`` / ``TIMEBACK_CLIENT_SECRET``.
    With ``platform="learnwith-ai"`` events are rewritten for that platform (wire contract
    section 6.9) on every path that sends them, and validate, listing and jobs, which that
    platform lacks, raise ``UnsupportedOperationError`` without sending anything.

    Attributes:
        events: Send, validate, list and get events (`SyncEvents`).
        jobs: Read and wait for processing jobs (`SyncJobs`).

    Example:
        >>> with SyncCaliperClient(env="staging", client_id="...", client_secret="...") as c:
        ...     receipt = c.events.send("https://reading.example.com", [event])
    """

    events: SyncEvents
    jobs: SyncJobs

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
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        settings: ClientSettings | None = None,
        auth: httpx.Auth | None = None,
    ) -> None:
        """Create a Caliper client.

        Args:
            env: ``"staging"`` or ``"production"`` (environment mode; ``TIMEBACK_ENV``).
            platform: ``"beyond-ai"`` (default) or ``"learnwith-ai"`` (``TIMEBACK_PLATFORM``).
            base_url: One origin for every service (base URL mode; ``TIMEBACK_BASE_URL``).
            auth_url: The OAuth2 token URL (``TIMEBACK_TOKEN_URL``).
            token_url: Same as ``auth_url``.
            services: Base URL per service (explicit services mode); needs ``"caliper"``.
            client_id: OAuth2 client id (``TIMEBACK_CLIENT_ID``).
            client_secret: OAuth2 client secret (``TIMEBACK_CLIENT_SECRET``).
            scope: Token scope; defaults to the platform's.
            timeout: Default timeout: seconds, an ``httpx.Timeout``, or None.
            max_retries: Retries after a failed attempt (default 2).
            default_headers: Headers sent with every request.
            http_client: An httpx client (connection pool) to share; not closed by `close`.
            transport: A transport for the httpx client created here (tests, the emulator).
            settings: Already resolved settings (the umbrella client passes its own); the
                configuration arguments above are then ignored.
            auth: An ``httpx.Auth`` to use instead of building client-credentials auth (the
                umbrella client shares one, so all services share one token).

        Raises:
            ConfigurationError: Something is missing, unknown or contradictory (also a
                `CaliperError`).
        """
        try:
            if settings is None:
                settings = resolve_settings(
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
            if auth is None:
                auth = ClientCredentialsAuth.from_settings(settings)
            api = SyncAPIClient(
                base_url=settings.url("caliper"),
                auth=auth,
                service_name="caliper",
                service_version=__version__,
                service_error=CaliperError,
                timeout=timeout,
                max_retries=max_retries,
                default_headers=default_headers,
                http_client=http_client,
                transport=transport,
            )
        except TimebackError as exc:
            raise as_caliper_error(exc) from None
        self._settings = settings
        self._api = api
        self._bind_resources()

    def _bind_resources(self) -> None:
        self.events = SyncEvents(self)
        self.jobs = SyncJobs(self)

    @property
    def settings(self) -> ClientSettings:
        """The resolved configuration (platform, URLs, token URL; the secret is not shown)."""
        return self._settings

    @property
    def api(self) -> SyncAPIClient:
        """The base client requests go through (an escape hatch for endpoints not wrapped)."""
        return self._api

    def with_options(
        self,
        *,
        timeout: TimeoutTypes = _NOT_GIVEN,
        max_retries: int | None = None,
        default_headers: Mapping[str, str] | None = None,
    ) -> Self:
        """A cheap copy with other defaults, sharing this client's connection pool and token.

        Args:
            timeout: New default timeout (None: no timeout).
            max_retries: New number of retries.
            default_headers: Headers merged over the current defaults.

        Returns:
            The copy; closing it does not close the shared pool.

        Raises:
            ConfigurationError: ``max_retries`` is negative (also a `CaliperError`).
        """
        kwargs: dict[str, Any] = {"max_retries": max_retries, "default_headers": default_headers}
        if timeout is not _NOT_GIVEN:
            kwargs["timeout"] = timeout
        try:
            api = self._api.with_options(**kwargs)
        except TimebackError as exc:
            raise as_caliper_error(exc) from None
        clone = copy.copy(self)
        clone._api = api
        clone._bind_resources()
        return clone

    def close(self) -> None:
        """Close the connection pool, unless it was passed in as ``http_client``."""
        self._api.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(platform={self._settings.platform!r}, "
            f"base_url={self._api.base_url!r})"
        )

    # -- shared by the resources and the buffered sender -------------------------------------

    @property
    def _learnwith(self) -> bool:
        # Pitfall 23: the rewrite follows the configured platform, nothing else.
        return self._settings.platform == "learnwith-ai"

    def _require_caliper_api(self, operation: str) -> None:
        if not self._settings.paths.caliper_api:
            cls = service_error_class(CaliperError, UnsupportedOperationError)
            raise cls(
                f"{operation} is not available on the {self._settings.platform} platform "
                "(it only accepts events); nothing was sent"
            )

    def _prepare_event(self, event: EventLike) -> bytes:
        try:
            return prepare_event(event, learnwith=self._learnwith)
        except TimebackError as exc:
            raise as_caliper_error(exc) from None

    def _post_envelope(
        self, path: str, body: bytes, options: RequestOptions
    ) -> CaliperSendResult:
        response = self._api.post(
            path, content=body, headers={"Content-Type": "application/json"}, options=options
        )
        return parse_send_result(response)

    def _send_events(
        self,
        sensor_id: str,
        events: Sequence[EventLike] | EventLike,
        *,
        validate_only: bool,
        max_events: int,
        max_bytes: int,
        concurrency: int,
        options: RequestOptions,
    ) -> SendReceipt:
        if validate_only:
            self._require_caliper_api("events.validate")
        path = VALIDATE_PATH if validate_only else self._settings.paths.caliper_send
        if isinstance(events, (CaliperModel, Mapping)):
            events = [events]
        try:
            if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
                raise InputValidationError(
                    "invalid concurrency",
                    [
                        ErrorIssue(
                            f"must be an integer >= 1, not {short_repr(concurrency)}", "concurrency"
                        )
                    ],
                )
            payloads = prepare_events(events, learnwith=self._learnwith)
            spans = plan_envelopes(
                [len(payload) for payload in payloads],
                sensor=sensor_id,
                max_events=max_events,
                max_bytes=max_bytes,
            )
        except TimebackError as exc:
            raise as_caliper_error(exc) from None
        # Events carry ids and the platform stores each id once, so an envelope may be sent
        # again after a timeout or a 5xx without creating duplicates (wire contract 3.8).
        request_options = RequestOptions(idempotent=True)
        request_options.update(options)

        def send_one(span: range) -> CaliperSendResult:
            body = assemble_envelope(sensor_id, payloads[span.start : span.stop])
            return self._post_envelope(path, body, request_options)

        outcomes = sync_run_bounded(send_one, spans, concurrency, stop_after_error=True)
        results: list[CaliperSendResult] = []
        for outcome in outcomes:
            if isinstance(outcome, Exception):
                raise outcome
            if outcome is not None:
                results.append(outcome)
        return SendReceipt(tuple(results), len(payloads))

    def _get_job(self, api: SyncAPIClient, job_id: str, options: RequestOptions) -> Job:
        response = api.get("/jobs/{}/status", job_id, options=options)
        return parse_model(Job, job_body(response.json()), response)

    def _wait_for_job(
        self, job_id: str, timeout: float, poll_interval: float, options: RequestOptions
    ) -> Job:
        self._require_caliper_api("jobs.wait")
        check_wait_times(timeout, poll_interval)
        if not timeout > 0 or not poll_interval >= 0:
            cls = service_error_class(CaliperError, InputValidationError)
            raise cls(
                "timeout must be > 0 and poll_interval >= 0",
                [ErrorIssue(f"got timeout={timeout!r}, poll_interval={poll_interval!r}")],
            )
        started = time.monotonic()
        job: Job | None = None
        while True:
            remaining = timeout - (time.monotonic() - started)
            if remaining <= 0:
                raise JobTimeoutError(job, job_id, timeout)
            # The deadline counts request time: cut this poll's timeout and retry budget to it.
            api = self._api.with_options(
                retry_policy=replace(self._api.retry_policy, deadline=remaining)
            )
            poll_options = RequestOptions(**options)
            poll_options["timeout"] = bounded_timeout(api.timeout, remaining)
            try:
                job = self._get_job(api, job_id, poll_options)
            except APIConnectionError as exc:  # timeouts included
                if time.monotonic() - started >= timeout:
                    raise JobTimeoutError(job, job_id, timeout) from exc
                raise
            outcome = job_outcome(job)
            if outcome == "completed":
                return job
            if outcome == "failed":
                raise JobFailedError(job, job_id)
            remaining = timeout - (time.monotonic() - started)
            if remaining <= 0:
                raise JobTimeoutError(job, job_id, timeout)
            sync_sleep(min(poll_interval, remaining))
