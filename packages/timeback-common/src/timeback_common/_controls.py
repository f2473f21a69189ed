"""Production controls per host: pacing, a concurrency cap and a circuit breaker.

One `HostControls` holds the state of every host a client reaches: a token bucket per host for
``rate_limit=``, a semaphore per host for ``max_concurrency=`` and a breaker per host for
``circuit_breaker=``. A `TimebackClient` creates one and hands it to each of its service clients,
so OneRoster and Edubridge calls to the same host share one budget. Every HTTP attempt goes
through it (retries and the pages of a list included), just before it is sent.

Nothing here runs when no control is configured: the base client then holds no `HostControls`.
"""

from __future__ import annotations

import inspect
import logging
import math
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Protocol, TypeAlias, Union, cast, runtime_checkable

from ._errors import CircuitOpenError, ConfigurationError, TimebackError, service_error_class
from ._telemetry import current_span_event
from ._validation import short_repr

if TYPE_CHECKING:
    import anyio

__all__ = [
    "AsyncLimiter",
    "CircuitBreaker",
    "CircuitState",
    "HostControls",
    "RateLimit",
    "RateLimitLike",
    "SyncLimiter",
    "resolve_host_controls",
]

log = logging.getLogger("timeback.controls")

CircuitState: TypeAlias = Literal["closed", "open", "half-open"]


@runtime_checkable
class SyncLimiter(Protocol):
    """A limiter a sync client asks before each request: ``acquire()`` blocks until allowed."""

    def acquire(self) -> Any:
        """Block until one more request may be sent."""


@runtime_checkable
class AsyncLimiter(Protocol):
    """A limiter an async client awaits before each request: ``await acquire()``."""

    async def acquire(self) -> Any:
        """Wait until one more request may be sent."""


def _require_positive(value: object, name: str, expected: str) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value <= 0
    ):
        raise ConfigurationError(f"{name} must be {expected}, not {short_repr(value)}")


def _require_count(value: object, name: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(f"{name} must be an integer >= 1, not {short_repr(value)}")


@dataclass(frozen=True)
class RateLimit:
    """At most ``per_second`` requests per second per host, with bursts of up to ``burst``.

    Over any interval of ``t`` seconds at most ``burst + per_second * t`` requests start.

    Attributes:
        per_second: The sustained rate (requests per second, > 0).
        burst: How many requests may start back to back after a quiet spell (>= 1).
    """

    per_second: float
    burst: int = 1

    def __post_init__(self) -> None:
        _require_positive(self.per_second, "rate_limit", "a positive number of requests per second")
        _require_count(self.burst, "rate_limit burst")


# A real union (not a string): typing.get_type_hints of the clients must resolve it.
RateLimitLike: TypeAlias = Union[float, RateLimit, SyncLimiter, AsyncLimiter]  # noqa: UP007


@dataclass(frozen=True)
class CircuitBreaker:
    """Stop calling a host that keeps failing; off unless given as ``circuit_breaker=``.

    After ``failure_threshold`` consecutive failed attempts of the retryable kinds (no answer,
    a timeout, 429 or 5xx) the circuit opens: calls to the host fail at once with
    `CircuitOpenError`, nothing sent. After ``reset_timeout`` seconds one probe call is let
    through (half-open): its success closes the circuit, its failure opens it again.

    Attributes:
        failure_threshold: Consecutive failures that open the circuit (>= 1).
        reset_timeout: Seconds the circuit stays open before a probe (> 0).
        on_state_change: Called as ``(host, old_state, new_state)`` on every change (for
            alerts or metrics); it must not raise.
    """

    failure_threshold: int = 5
    reset_timeout: float = 30.0
    on_state_change: Callable[[str, CircuitState, CircuitState], None] | None = None

    def __post_init__(self) -> None:
        _require_count(self.failure_threshold, "failure_threshold")
        _require_positive(self.reset_timeout, "reset_timeout", "a positive number")


class _Bucket:
    """A token bucket kept as its theoretical arrival time (GCRA): one float, one lock."""

    def __init__(self, limit: RateLimit) -> None:
        self._interval = 1.0 / limit.per_second
        self._tolerance = (limit.burst - 1) * self._interval
        self._tat = 0.0
        self._lock = threading.Lock()

    def try_start(self) -> float:
        """Take a slot if one is free now (0.0), else the seconds until one may be.

        Nothing is reserved ahead: a slot is taken at the moment a request is about to go, so
        waiters that wake late (a busy event loop, a descheduled thread) cannot all go at once
        on slots booked before they slept.
        """
        now = time.monotonic()
        with self._lock:
            tat = max(self._tat, now)
            allowed_at = tat - self._tolerance
            if allowed_at > now:
                return allowed_at - now
            self._tat = tat + self._interval
        return 0.0


class _Breaker:
    def __init__(self, host: str, config: CircuitBreaker) -> None:
        self._host = host
        self._config = config
        self._lock = threading.Lock()
        self.state: CircuitState = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._probe_started: float | None = None

    def admit(self) -> float | None:
        """None when a call may go; else the seconds until a probe will be let through."""
        now = time.monotonic()
        with self._lock:
            if self.state == "closed":
                return None
            reset = self._config.reset_timeout
            if self.state == "open":
                left = self._opened_at + reset - now
                if left > 0:
                    return left
                self._change("half-open")
                self._probe_started = now
                return None
            # half-open: one probe is out. A probe that never reported back (cancelled) does
            # not hold the circuit forever: after another reset_timeout a new one may go.
            if self._probe_started is not None and now - self._probe_started < reset:
                return self._probe_started + reset - now
            self._probe_started = now
            return None

    def record(self, failed: bool) -> None:
        with self._lock:
            if not failed:
                self._failures = 0
                if self.state != "closed":
                    self._probe_started = None
                    self._change("closed")
                return
            self._failures += 1
            if self.state == "half-open" or (
                self.state == "closed" and self._failures >= self._config.failure_threshold
            ):
                self._opened_at = time.monotonic()
                self._probe_started = None
                self._change("open")

    def _change(self, new: CircuitState) -> None:
        old, self.state = self.state, new
        log.warning(
            "circuit breaker of %s: %s -> %s",
            self._host,
            old,
            new,
            extra={"host": self._host, "circuit_from": old, "circuit_to": new},
        )
        current_span_event(
            "circuit_breaker.state_change",
            {
                "server.address": self._host,
                "timeback.circuit.from": old,
                "timeback.circuit.to": new,
            },
        )
        if self._config.on_state_change is not None:
            try:
                self._config.on_state_change(self._host, old, new)
            except Exception:  # a listener's bug must not break the call that reported
                log.exception("circuit breaker listener failed")


def _check_concurrency(value: object) -> int | None:
    if value is None:
        return None
    _require_count(value, "max_concurrency")
    return cast(int, value)


class HostControls:
    """Pacing, concurrency cap and circuit breaker per host, shared by several clients.

    Args:
        rate_limit: Requests per second per host (a number, or `RateLimit` for a burst), or a
            limiter object of your own with ``acquire()`` (sync clients call it) or
            ``async acquire()`` (async clients await it), e.g. one backed by Redis and shared
            across processes; that object then paces every host itself.
        max_concurrency: At most this many requests in flight per host.
        circuit_breaker: The breaker settings; None for no breaker.

    Raises:
        ConfigurationError: A value has the wrong type or is out of range.
    """

    def __init__(
        self,
        *,
        rate_limit: RateLimitLike | None = None,
        max_concurrency: int | None = None,
        circuit_breaker: CircuitBreaker | None = None,
    ) -> None:
        self._limit: RateLimit | None = None
        self._limiter: object | None = None
        if isinstance(rate_limit, RateLimit):
            self._limit = rate_limit
        elif isinstance(rate_limit, (int, float)) and not isinstance(rate_limit, bool):
            self._limit = RateLimit(float(rate_limit))
        elif rate_limit is not None:
            if not callable(getattr(rate_limit, "acquire", None)):
                raise ConfigurationError(
                    "rate_limit must be a number of requests per second, a RateLimit, or an "
                    f"object with an acquire() method, not {type(rate_limit).__name__}"
                )
            self._limiter = rate_limit
        self._max_concurrency = _check_concurrency(max_concurrency)
        if circuit_breaker is not None and not isinstance(circuit_breaker, CircuitBreaker):
            raise ConfigurationError(
                f"circuit_breaker must be a CircuitBreaker, not {type(circuit_breaker).__name__}"
            )
        self._breaker_config = circuit_breaker
        self._lock = threading.Lock()
        self._buckets: dict[str, _Bucket] = {}
        self._breakers: dict[str, _Breaker] = {}
        self._sync_slots: dict[str, threading.BoundedSemaphore] = {}
        self._async_slots: dict[str, anyio.Semaphore] = {}

    @property
    def configured(self) -> bool:
        """Whether any control is set (else clients skip this object entirely)."""
        return (
            self._limit is not None
            or self._limiter is not None
            or self._max_concurrency is not None
            or self._breaker_config is not None
        )

    def circuit_state(self, host: str) -> CircuitState:
        """The breaker state of ``host`` (``"closed"`` without a breaker or before any call)."""
        breaker = self._breakers.get(host)
        return "closed" if breaker is None else breaker.state

    # -- the breaker ----------------------------------------------------------------------

    def admit(self, host: str, service_error: type[TimebackError], method: str, url: str) -> None:
        """Raise `CircuitOpenError` (also ``service_error``) if ``host``'s circuit is open."""
        if self._breaker_config is None:
            return
        breaker = self._breaker(host)
        wait = breaker.admit()
        if wait is not None:
            current_span_event(
                "circuit_breaker.rejected",
                {"server.address": host, "timeback.circuit.retry_in": wait},
            )
            cls = service_error_class(service_error, CircuitOpenError)
            raise cls(
                f"the circuit breaker of {host} is open after repeated failures; nothing was "
                f"sent (a probe call is let through in {wait:.1f} s)",
                retry_in=wait,
                method=method,
                url=url,
            )

    def record(self, host: str, failed: bool) -> None:
        """Report one attempt's outcome to ``host``'s breaker (failed: a retryable kind)."""
        if self._breaker_config is not None:
            self._breaker(host).record(failed)

    def _breaker(self, host: str) -> _Breaker:
        breaker = self._breakers.get(host)
        if breaker is None:
            assert self._breaker_config is not None
            with self._lock:
                breaker = self._breakers.setdefault(host, _Breaker(host, self._breaker_config))
        return breaker

    # -- pacing ---------------------------------------------------------------------------

    def _bucket(self, host: str) -> _Bucket:
        assert self._limit is not None
        bucket = self._buckets.get(host)
        if bucket is None:
            with self._lock:
                bucket = self._buckets.setdefault(host, _Bucket(self._limit))
        return bucket

    async def async_pace(self, host: str) -> None:
        """Wait until ``host``'s rate limit lets one more request go."""
        if self._limit is not None:
            from ._concurrency import async_sleep

            bucket = self._bucket(host)
            while (wait := bucket.try_start()) > 0:
                await async_sleep(wait)
        elif self._limiter is not None:
            result = self._limiter.acquire()  # type: ignore[attr-defined]
            if inspect.isawaitable(result):
                await result

    def sync_pace(self, host: str) -> None:
        """Block until ``host``'s rate limit lets one more request go."""
        if self._limit is not None:
            from ._concurrency import sync_sleep

            bucket = self._bucket(host)
            while (wait := bucket.try_start()) > 0:
                sync_sleep(wait)
        elif self._limiter is not None:
            result = self._limiter.acquire()  # type: ignore[attr-defined]
            if inspect.isawaitable(result):
                raise ConfigurationError(
                    "a sync client was given a rate limiter whose acquire() is async; "
                    "give it a limiter with a blocking acquire()"
                )

    # -- the concurrency cap --------------------------------------------------------------

    @asynccontextmanager
    async def async_slot(self, host: str) -> AsyncIterator[None]:
        """Hold one of ``host``'s ``max_concurrency`` slots."""
        if self._max_concurrency is None:
            yield
            return
        slots = self._async_slots.get(host)
        if slots is None:
            import anyio

            with self._lock:
                slots = self._async_slots.setdefault(host, anyio.Semaphore(self._max_concurrency))
        async with slots:
            yield

    @contextmanager
    def sync_slot(self, host: str) -> Iterator[None]:
        """Hold one of ``host``'s ``max_concurrency`` slots."""
        if self._max_concurrency is None:
            yield
            return
        slots = self._sync_slots.get(host)
        if slots is None:
            with self._lock:
                slots = self._sync_slots.setdefault(
                    host, threading.BoundedSemaphore(self._max_concurrency)
                )
        with slots:
            yield


def resolve_host_controls(
    controls: HostControls | None,
    rate_limit: RateLimitLike | None,
    max_concurrency: int | None,
    circuit_breaker: CircuitBreaker | None,
) -> HostControls | None:
    """The per-host controls of a client, from its constructor's arguments.

    Args:
        controls: `HostControls` shared with other clients, instead of the next three.
        rate_limit: Requests per second per host, a `RateLimit`, or a limiter.
        max_concurrency: At most this many requests in flight per host.
        circuit_breaker: A `CircuitBreaker`.

    Returns:
        ``controls``, new `HostControls` of the other three, or None when none was given.

    Raises:
        ConfigurationError: ``controls`` and one of the three it replaces were both given, or
            ``controls`` is not a `HostControls` (a value of the three that is invalid is
            refused by `HostControls`).
    """
    if controls is not None:
        if rate_limit is not None or max_concurrency is not None or circuit_breaker is not None:
            raise ConfigurationError(
                "pass either controls= or rate_limit=/max_concurrency=/circuit_breaker=, not both"
            )
        if not isinstance(controls, HostControls):
            raise ConfigurationError(
                f"controls must be a HostControls, not {type(controls).__name__}"
            )
        return controls
    if rate_limit is None and max_concurrency is None and circuit_breaker is None:
        return None
    return HostControls(
        rate_limit=rate_limit, max_concurrency=max_concurrency, circuit_breaker=circuit_breaker
    )
