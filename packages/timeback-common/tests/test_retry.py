"""The retry policy: which failures are retried for which methods, and how long to wait."""

from __future__ import annotations

import httpx
import pytest

from timeback_common import (
    ConfigurationError,
    Failure,
    FailureKind,
    RetryDecision,
    RetryPolicy,
    TokenError,
    classify_exception,
    parse_retry_after,
)

NOT_SENT = Failure(FailureKind.NOT_SENT)
TIMEOUT = Failure(FailureKind.TIMEOUT)
LOST = Failure(FailureKind.CONNECTION_LOST)

# A policy with no jitter, so delays are exact.
EXACT = RetryPolicy(max_retries=5, initial_delay=0.5, max_delay=8.0, random=lambda: 0.0)


def status(code: int, retry_after: float | None = None) -> Failure:
    return Failure.status(code, retry_after)


def token(code: int | None) -> Failure:
    return Failure(FailureKind.TOKEN, code)


# --- parse_retry_after ------------------------------------------------------------------------

# now = 1445412480.0 is Wed, 21 Oct 2015 07:28:00 GMT.
NOW = 1445412480.0


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("120", 120.0),
        ("0", 0.0),
        (" 3 ", 3.0),
        ("1.5", 1.5),
        ("Wed, 21 Oct 2015 07:28:30 GMT", 30.0),  # IMF-fixdate
        ("Wednesday, 21-Oct-15 07:29:00 GMT", 60.0),  # obsolete RFC 850
        ("Wed Oct 21 07:28:10 2015", 10.0),  # obsolete asctime (no zone: UTC)
        ("Wed, 21 Oct 2015 07:00:00 GMT", 0.0),  # in the past: retry now
        (None, None),
        ("", None),
        ("   ", None),
        ("-5", None),
        ("soon", None),
        ("1e3", None),
        ("Wed, 99 Oct 2015 07:28:00 GMT", None),
    ],
)
def test_parse_retry_after_reads_seconds_and_http_dates(
    value: str | None, expected: float | None
) -> None:
    assert parse_retry_after(value, now=NOW) == expected


def test_parse_retry_after_uses_the_clock_when_now_is_not_given() -> None:
    assert parse_retry_after("Thu, 01 Jan 2099 00:00:00 GMT") > 0


# --- which failures are retried for which methods ---------------------------------------------

IDEMPOTENT = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
UNSAFE = ["POST", "PATCH"]

RETRY_TABLE = [
    # (failure, retried for GET/PUT/DELETE..., retried for POST/PATCH)
    (NOT_SENT, True, True),
    (TIMEOUT, True, False),
    (LOST, True, False),
    (status(408), True, False),
    (status(429), True, True),
    (status(429, 1.0), True, True),
    (status(500), True, False),
    (status(502), True, False),
    (status(503), True, False),
    (status(503, 2.0), True, True),
    (status(504), True, False),
    (status(400), False, False),
    (status(401), False, False),
    (status(403), False, False),
    (status(404), False, False),
    (status(409), False, False),
    (status(422), False, False),
    (status(501), False, False),
    (token(None), True, True),
    (token(429), True, True),
    (token(500), True, True),
    (token(503), True, True),
    (token(400), False, False),
    (token(401), False, False),
]


@pytest.mark.parametrize("method", IDEMPOTENT)
@pytest.mark.parametrize(("failure", "retried", "_unsafe"), RETRY_TABLE)
def test_idempotent_methods_retry_every_transient_failure(
    method: str, failure: Failure, retried: bool, _unsafe: bool
) -> None:
    decision = EXACT.decide(method=method, attempt=1, failure=failure)
    assert decision.retry is retried, decision.reason


@pytest.mark.parametrize("method", UNSAFE)
@pytest.mark.parametrize(("failure", "_safe", "retried"), RETRY_TABLE)
def test_post_and_patch_retry_only_when_the_request_was_not_processed(
    method: str, failure: Failure, _safe: bool, retried: bool
) -> None:
    decision = EXACT.decide(method=method, attempt=1, failure=failure)
    assert decision.retry is retried, decision.reason


@pytest.mark.parametrize(("failure", "retried", "_unsafe"), RETRY_TABLE)
def test_a_post_marked_idempotent_retries_like_a_get(
    failure: Failure, retried: bool, _unsafe: bool
) -> None:
    decision = EXACT.decide(method="POST", attempt=1, failure=failure, idempotent=True)
    assert decision.retry is retried


@pytest.mark.parametrize(("failure", "_safe", "retried"), RETRY_TABLE)
def test_a_get_marked_not_idempotent_retries_like_a_post(
    failure: Failure, _safe: bool, retried: bool
) -> None:
    decision = EXACT.decide(method="GET", attempt=1, failure=failure, idempotent=False)
    assert decision.retry is retried


def test_method_names_are_case_insensitive() -> None:
    assert EXACT.decide(method="get", attempt=1, failure=TIMEOUT).retry


def test_a_refused_decision_says_why() -> None:
    decision = EXACT.decide(method="POST", attempt=1, failure=TIMEOUT)
    assert decision == RetryDecision(False, 0.0, "timeout after sending is not safe to retry")


# --- how many times ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("max_retries", "attempt", "retried"),
    [(2, 1, True), (2, 2, True), (2, 3, False), (0, 1, False), (1, 1, True), (1, 2, False)],
)
def test_retries_stop_after_max_retries(max_retries: int, attempt: int, retried: bool) -> None:
    policy = RetryPolicy(max_retries=max_retries)
    assert policy.decide(method="GET", attempt=attempt, failure=status(503)).retry is retried


# --- how long ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attempt", "delay"), [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (5, 8.0), (6, 8.0), (20, 8.0)]
)
def test_backoff_doubles_up_to_the_maximum(attempt: int, delay: float) -> None:
    assert EXACT.backoff(attempt) == delay


@pytest.mark.parametrize("draw", [0.0, 0.25, 0.5, 0.999999])
@pytest.mark.parametrize("attempt", [1, 2, 3, 10])
def test_jitter_takes_at_most_the_jitter_fraction_off(draw: float, attempt: int) -> None:
    policy = RetryPolicy(jitter=0.25, random=lambda: draw)
    base = min(0.5 * 2 ** (attempt - 1), 8.0)
    delay = policy.backoff(attempt)
    assert base * 0.75 <= delay <= base
    assert delay == pytest.approx(base * (1 - 0.25 * draw))


def test_decide_waits_the_backoff_when_the_server_gives_no_retry_after() -> None:
    decision = EXACT.decide(method="GET", attempt=2, failure=status(503))
    assert decision == RetryDecision(True, 1.0, "HTTP 503")


@pytest.mark.parametrize("retry_after", [0.0, 0.2, 3.0, 59.0, 60.0])
def test_retry_after_is_honoured_up_to_the_cap(retry_after: float) -> None:
    decision = EXACT.decide(method="GET", attempt=1, failure=status(429, retry_after))
    assert decision.retry
    assert decision.delay == retry_after


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_retry_after_beyond_the_cap_ends_the_operation(method: str) -> None:
    decision = EXACT.decide(method=method, attempt=1, failure=status(429, 61.0))
    assert decision.retry is False
    assert "exceeds" in decision.reason


def test_the_cap_is_configurable() -> None:
    policy = RetryPolicy(max_retry_after=5.0)
    assert not policy.decide(method="GET", attempt=1, failure=status(429, 6.0)).retry
    assert policy.decide(method="GET", attempt=1, failure=status(429, 5.0)).retry


def test_retry_after_beyond_the_remaining_deadline_ends_the_operation() -> None:
    policy = RetryPolicy(deadline=10.0)
    decision = policy.decide(method="GET", attempt=1, failure=status(429, 4.0), elapsed=7.0)
    assert decision.retry is False
    assert "3 s" in decision.reason


def test_backoff_beyond_the_remaining_deadline_ends_the_operation() -> None:
    policy = RetryPolicy(deadline=1.0, random=lambda: 0.0)
    assert policy.decide(method="GET", attempt=1, failure=status(503), elapsed=0.4).retry
    assert not policy.decide(method="GET", attempt=1, failure=status(503), elapsed=0.6).retry


def test_the_jitter_source_does_not_affect_policy_equality() -> None:
    assert RetryPolicy(random=lambda: 0.1) == RetryPolicy(random=lambda: 0.9)


# --- classifying exceptions -------------------------------------------------------------------

REQUEST = httpx.Request("GET", "https://api.example/x")


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ConnectError("refused"), FailureKind.NOT_SENT),
        (httpx.ConnectTimeout("slow"), FailureKind.NOT_SENT),
        (httpx.PoolTimeout("busy"), FailureKind.NOT_SENT),
        (httpx.ProxyError("proxy"), FailureKind.NOT_SENT),
        (httpx.ReadTimeout("slow"), FailureKind.TIMEOUT),
        (httpx.WriteTimeout("slow"), FailureKind.TIMEOUT),
        (httpx.ReadError("reset"), FailureKind.CONNECTION_LOST),
        (httpx.WriteError("reset"), FailureKind.CONNECTION_LOST),
        (httpx.RemoteProtocolError("dropped"), FailureKind.CONNECTION_LOST),
        (TokenError("no token", status_code=503), FailureKind.TOKEN),
    ],
)
def test_exceptions_are_classified_by_whether_the_request_may_have_arrived(
    exc: Exception, kind: FailureKind
) -> None:
    failure = classify_exception(exc)
    assert failure is not None
    assert failure.kind is kind


def test_a_token_error_keeps_its_status() -> None:
    assert classify_exception(TokenError("x", status_code=429)) == token(429)


def test_a_failure_of_another_request_means_ours_was_not_sent() -> None:
    failure = classify_exception(httpx.ReadTimeout("token host slow"), request_was_sent=False)
    assert failure == NOT_SENT


@pytest.mark.parametrize(
    "exc",
    [httpx.UnsupportedProtocol("ftp"), httpx.LocalProtocolError("bad"), ValueError("x")],
)
def test_permanent_errors_are_not_classified_as_transient(exc: Exception) -> None:
    assert classify_exception(exc) is None


@pytest.mark.parametrize(
    "settings",
    [
        {"max_retries": -1},
        {"initial_delay": -0.1},
        {"max_delay": -1.0},
        {"max_retry_after": -1.0},
        {"jitter": 1.5},
        {"jitter": -0.1},
        {"deadline": 0.0},
    ],
)
def test_impossible_policies_are_configuration_errors(settings: dict[str, float]) -> None:
    with pytest.raises(ConfigurationError):
        RetryPolicy(**settings)  # type: ignore[arg-type]
