"""When to retry a failed attempt and how long to wait: pure decisions, no I/O.

The base client describes each failed attempt as a `Failure` and asks `RetryPolicy.decide` what
to do; the answer is a `RetryDecision`. Keeping the decision pure lets every rule be table-tested
and lets the async client and its generated sync twin share it unchanged.

The rules:

* Only these failures are ever retried: the request never got out (connection refused, connect or
  pool timeout, a failed token request), a read or write timeout, a dropped connection, the
  statuses 408, 429, 500, 502, 503 and 504, and a token endpoint failure with 429, 5xx or no
  status at all.
* GET, HEAD, PUT, DELETE and OPTIONS retry on all of them: repeating them is harmless.
* POST and PATCH retry only when the platform cannot have acted on the request: it was never
  sent, the answer was 429, or 503 with ``Retry-After``. A POST that timed out while waiting for
  the answer, or got 502/504, may have created something, so it is not repeated - unless the
  caller marks the operation ``idempotent`` (e.g. Caliper events carrying their own ids).
* Wait ``Retry-After`` when the platform says, up to ``max_retry_after``; a longer wait (or one
  past the deadline) ends the operation, so the caller gets a ``RateLimitError`` carrying
  ``retry_after`` instead of a hung call. Otherwise back off exponentially with jitter.
"""

from __future__ import annotations

import enum
import random
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timezone
from email.utils import parsedate_to_datetime

import httpx

from ._errors import ConfigurationError, TokenError

__all__ = [
    "IDEMPOTENT_METHODS",
    "RETRYABLE_STATUSES",
    "Failure",
    "FailureKind",
    "RetryDecision",
    "RetryPolicy",
    "classify_exception",
    "parse_retry_after",
]

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE"})
"""Methods RFC 9110 defines as idempotent: repeating them has the effect of doing them once."""

RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
"""Statuses that say "try again" for idempotent methods."""

_DELAY_SECONDS = re.compile(r"\d+(?:\.\d+)?")


class FailureKind(enum.Enum):
    """What went wrong with one attempt, as far as retry safety is concerned."""

    NOT_SENT = "not_sent"
    """The request never reached the server: refused, DNS, connect or pool timeout."""
    TIMEOUT = "timeout"
    """A read or write timeout: the server may have received, even processed, the request."""
    CONNECTION_LOST = "connection_lost"
    """The connection was reset or dropped after sending began: the request may have arrived."""
    STATUS = "status"
    """The server answered with an error status (``status_code``)."""
    TOKEN = "token"
    """The token request failed (``status_code`` None when no answer came); nothing was sent."""


@dataclass(frozen=True)
class Failure:
    """One failed attempt, described for the retry policy.

    Attributes:
        kind: What went wrong.
        status_code: The HTTP status, for `FailureKind.STATUS` and `FailureKind.TOKEN`.
        retry_after: Seconds the server asked to wait (``Retry-After``), when it said.
    """

    kind: FailureKind
    status_code: int | None = None
    retry_after: float | None = None

    @classmethod
    def status(cls, status_code: int, retry_after: float | None = None) -> Failure:
        """A failure by status code (``Failure.status(503, retry_after=2.0)``)."""
        return cls(FailureKind.STATUS, status_code, retry_after)


@dataclass(frozen=True)
class RetryDecision:
    """The policy's answer for one failed attempt.

    Attributes:
        retry: Whether to send the request again.
        delay: Seconds to wait first (0.0 when not retrying).
        reason: Why, in a few words, for logs and tests.
    """

    retry: bool
    delay: float
    reason: str


def _no(reason: str) -> RetryDecision:
    return RetryDecision(False, 0.0, reason)


@dataclass(frozen=True)
class RetryPolicy:
    """Method-aware retry rules with exponential backoff, jitter and ``Retry-After``.

    Attributes:
        max_retries: Retries after the first attempt (so ``max_retries + 1`` attempts at most).
        initial_delay: Backoff before the first retry, in seconds; doubled for each next one.
        max_delay: Upper bound of the backoff, in seconds.
        jitter: Fraction of the backoff taken off at random (0.25: wait 75-100 % of it), so
            that many clients failing together do not retry together.
        max_retry_after: The longest ``Retry-After`` honoured, in seconds; longer waits end the
            operation (a 429 then surfaces as ``RateLimitError`` with ``retry_after`` set).
        deadline: Optional budget in seconds for the whole operation, retries and waits
            included; no retry starts a wait that would end past it.
        random: Source of uniform numbers in [0, 1) for the jitter (inject one in tests).

    Raises:
        ConfigurationError: A count or delay is negative, or ``jitter`` is outside [0, 1].

    Example:
        >>> policy = RetryPolicy(max_retries=3, random=lambda: 0.0)
        >>> policy.decide(method="GET", attempt=1, failure=Failure.status(503))
        RetryDecision(retry=True, delay=0.5, reason='HTTP 503')
    """

    max_retries: int = 2
    initial_delay: float = 0.5
    max_delay: float = 8.0
    jitter: float = 0.25
    max_retry_after: float = 60.0
    deadline: float | None = None
    random: Callable[[], float] = field(default=random.random, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0:
            raise ConfigurationError(f"max_retries must be >= 0, got {self.max_retries}")
        if self.initial_delay < 0 or self.max_delay < 0 or self.max_retry_after < 0:
            raise ConfigurationError("retry delays must be >= 0")
        if not 0.0 <= self.jitter <= 1.0:
            raise ConfigurationError(f"jitter must be between 0 and 1, got {self.jitter}")
        if self.deadline is not None and self.deadline <= 0:
            raise ConfigurationError(f"deadline must be > 0, got {self.deadline}")

    def backoff(self, attempt: int) -> float:
        """The jittered exponential delay before retrying after failed attempt ``attempt``.

        Args:
            attempt: The 1-based number of the attempt that just failed.

        Returns:
            A delay in ``[base * (1 - jitter), base]`` where
            ``base = min(initial_delay * 2 ** (attempt - 1), max_delay)``.
        """
        base = min(self.initial_delay * 2.0 ** max(attempt - 1, 0), self.max_delay)
        return base * (1.0 - self.jitter * self.random())

    def decide(
        self,
        *,
        method: str,
        attempt: int,
        failure: Failure,
        idempotent: bool | None = None,
        elapsed: float = 0.0,
    ) -> RetryDecision:
        """Decide whether to retry after a failed attempt, and after how long.

        Args:
            method: The HTTP method of the request.
            attempt: The 1-based number of the attempt that just failed.
            failure: What went wrong.
            idempotent: The caller's override of the method's retry safety (None: by method).
            elapsed: Seconds spent on the operation so far (for ``deadline``).

        Returns:
            The decision, with the delay to wait and the reason.
        """
        if attempt > self.max_retries:
            return _no(f"gave up after {attempt} attempt{'s' if attempt != 1 else ''}")
        safe = method.upper() in IDEMPOTENT_METHODS if idempotent is None else idempotent
        reason = _retryable_reason(failure, safe)
        if reason is None:
            return _no(
                _describe(failure) + (" is not retried" if safe else " is not safe to retry")
            )

        remaining = None if self.deadline is None else max(self.deadline - elapsed, 0.0)
        if failure.retry_after is not None:
            limit = (
                self.max_retry_after if remaining is None else min(self.max_retry_after, remaining)
            )
            if failure.retry_after > limit:
                return _no(f"Retry-After {failure.retry_after:g} s exceeds the {limit:g} s allowed")
            return RetryDecision(True, failure.retry_after, f"{reason}, Retry-After honoured")
        delay = self.backoff(attempt)
        if remaining is not None and delay > remaining:
            return _no(f"{reason}, but the {self.deadline:g} s deadline is reached")
        return RetryDecision(True, delay, reason)


def _describe(failure: Failure) -> str:
    if failure.kind is FailureKind.STATUS:
        return f"HTTP {failure.status_code}"
    if failure.kind is FailureKind.TOKEN:
        status = "no response" if failure.status_code is None else f"HTTP {failure.status_code}"
        return f"token request failed ({status})"
    return {
        FailureKind.NOT_SENT: "connection failed before sending",
        FailureKind.TIMEOUT: "timeout after sending",
        FailureKind.CONNECTION_LOST: "connection lost after sending",
    }[failure.kind]


def _retryable_reason(failure: Failure, safe: bool) -> str | None:
    """The reason to retry, or None when this failure must not be retried."""
    kind = failure.kind
    if kind is FailureKind.NOT_SENT:
        return _describe(failure)
    if kind is FailureKind.TOKEN:
        code = failure.status_code
        if code is None or code in (408, 429) or code >= 500:
            return _describe(failure)
        return None
    if kind is FailureKind.STATUS:
        code = failure.status_code
        if code not in RETRYABLE_STATUSES:
            return None
        # 429 (and 503 with Retry-After) mean the request was turned away unprocessed.
        if safe or code == 429 or (code == 503 and failure.retry_after is not None):
            return _describe(failure)
        return None
    # TIMEOUT, CONNECTION_LOST: the server may have acted on the request.
    return _describe(failure) if safe else None


def classify_exception(exc: Exception, *, request_was_sent: bool = True) -> Failure | None:
    """Describe an exception raised while sending a request, for the retry policy.

    Args:
        exc: An ``httpx`` exception, or a `TokenError` from the auth flow.
        request_was_sent: False when the exception came from another request (the token
            request of the auth flow), so the API request itself never left.

    Returns:
        The failure, or None when the exception is not a transient one (e.g. an unsupported
        URL scheme) and must not be retried.
    """
    if isinstance(exc, TokenError):
        return Failure(FailureKind.TOKEN, exc.status_code)
    if isinstance(exc, (httpx.UnsupportedProtocol, httpx.LocalProtocolError)):
        return None
    if not isinstance(exc, httpx.TransportError):
        return None
    if not request_was_sent or isinstance(
        exc, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.ProxyError)
    ):
        return Failure(FailureKind.NOT_SENT)
    if isinstance(exc, httpx.TimeoutException):
        return Failure(FailureKind.TIMEOUT)
    return Failure(FailureKind.CONNECTION_LOST)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Parse a ``Retry-After`` header (RFC 9110 section 10.2.3) into seconds to wait.

    Args:
        value: The header value: delay-seconds (``"120"``) or an HTTP-date
            (``"Wed, 21 Oct 2015 07:28:00 GMT"``). Missing or blank gives None.
        now: The current POSIX time, for HTTP-dates (defaults to ``time.time()``).

    Returns:
        Seconds to wait (0.0 for a date in the past), or None when absent or unparseable.

    Example:
        >>> parse_retry_after("3")
        3.0
        >>> parse_retry_after("Thu, 01 Jan 1970 00:01:00 GMT", now=0.0)
        60.0
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    if _DELAY_SECONDS.fullmatch(value):
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    current = time.time() if now is None else now
    return max(when.timestamp() - current, 0.0)
