"""Pacing and the concurrency cap, measured where the requests arrive: at the emulator.

An ASGI wrapper around the in-process emulator writes down when each API request arrives and
how many are being served at once (the emulator's own request log counts requests but keeps no
times). Token requests are left out: they go to the token endpoint, not the paced API.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

import pytest

from timeback_common import ConfigurationError, HostControls, RateLimit
from timeback_common.testing import AsyncASGITransport
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

from .conftest import unique_client_id

Scope = MutableMapping[str, Any]
ASGIApp = Callable[[Scope, Any, Any], Awaitable[None]]


class ArrivalLog:
    """ASGI middleware: arrival times and the most API requests in flight at once."""

    def __init__(self, app: ASGIApp, *, delay: float = 0.0) -> None:
        self.app = app
        self.delay = delay
        self.arrivals: list[float] = []
        self.in_flight = 0
        self.peak = 0

    async def __call__(self, scope: Scope, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or "token" in scope["path"]:
            await self.app(scope, receive, send)
            return
        self.arrivals.append(time.monotonic())
        self.in_flight += 1
        self.peak = max(self.peak, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


def busiest_second(arrivals: list[float]) -> int:
    """The most arrivals in any window of one second (two pointers over sorted times)."""
    times = sorted(arrivals)
    most = start = 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


def connect(emulator: InProcessEmulator, log: ArrivalLog, **kwargs: Any) -> TimebackClient:
    return TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=AsyncASGITransport(log),  # type: ignore[arg-type]
        **kwargs,
    )


@pytest.mark.anyio
async def test_a_rate_limit_paces_the_pages_of_a_list_and_every_service_shares_it() -> None:
    # given a client limited to 25 requests per second (bursts of 2) on one host
    emulator = InProcessEmulator(seed="tiny", client_id=unique_client_id())
    log = ArrivalLog(emulator.app)
    async with connect(emulator, log, rate_limit=RateLimit(25, burst=2)) as client:
        # when a list is read in pages of 2 while Edubridge calls the same host
        ids = [user.sourced_id async for user in client.oneroster.users.list(limit=2)]
        assert client.edubridge.api.controls is client.oneroster.api.controls

    # then no second held more than 25 + 2 request arrivals, and the pages were all read
    assert len(ids) == len(set(ids)) > 20
    assert len(log.arrivals) >= len(ids) // 2
    assert busiest_second(log.arrivals) <= 25 + 2


@pytest.mark.slow
@pytest.mark.anyio
async def test_a_2000_user_pull_at_rate_limit_20_never_exceeds_20_plus_burst_a_second() -> None:
    # given 2,000 students and a client limited to 20 requests per second (default burst 1)
    emulator = InProcessEmulator(seed=2000, client_id=unique_client_id())
    log = ArrivalLog(emulator.app)
    async with connect(emulator, log, rate_limit=20) as client:
        # when every user is pulled in pages of 10 (some 200 requests, about ten seconds)
        users = [user async for user in client.oneroster.users.list(limit=10)]

    # then every user came, and no one-second window of the server's log holds more than 21
    assert len(users) >= 2000
    assert len(log.arrivals) >= 200
    assert busiest_second(log.arrivals) <= 20 + 1


@pytest.mark.anyio
async def test_max_concurrency_3_never_has_a_fourth_request_in_flight() -> None:
    # given a server that takes 50 ms per request and a client capped at 3 in flight
    emulator = InProcessEmulator(seed="tiny", client_id=unique_client_id())
    log = ArrivalLog(emulator.app, delay=0.05)
    async with connect(emulator, log, max_concurrency=3) as client:
        page = [user async for user in client.oneroster.users.list(max_items=12)]
        ids = [user.sourced_id for user in page]

        # when 12 gets are started at once
        got = await asyncio.gather(*(client.oneroster.users.get(i) for i in ids))

    # then all answered, and the server never saw more than 3 at a time (but did see 3)
    assert [user.sourced_id for user in got] == ids
    assert log.peak == 3


@pytest.mark.anyio
async def test_a_limiter_of_ones_own_is_awaited_before_every_attempt() -> None:
    # given a limiter object with an async acquire() that counts its calls
    class Counting:
        calls = 0

        async def acquire(self) -> None:
            Counting.calls += 1

    emulator = InProcessEmulator(seed="tiny", client_id=unique_client_id())
    emulator.add_fault(path_prefix="/ims/oneroster/rostering/v1p2/users", status=503, count=1)
    log = ArrivalLog(emulator.app)
    async with connect(emulator, log, rate_limit=Counting(), max_retries=1) as client:
        # when one call meets a 503 and is retried
        page = await client.oneroster.users.list(limit=1).first_page()

    # then the limiter was asked for the first attempt and for the retry
    assert len(page.items) == 1
    assert Counting.calls == len(log.arrivals) == 2


@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"rate_limit": 0}, "rate_limit"),
        ({"rate_limit": "fast"}, "rate_limit"),
        ({"max_concurrency": 0}, "max_concurrency"),
        ({"max_concurrency": True}, "max_concurrency"),
        ({"circuit_breaker": 5}, "circuit_breaker"),
    ],
)
def test_bad_controls_are_refused_naming_the_option(options: dict[str, Any], named: str) -> None:
    with pytest.raises(ConfigurationError, match=named):
        HostControls(**options)
    with pytest.raises(ConfigurationError, match=named):
        TimebackClient(
            base_url="http://127.0.0.1:9",
            auth_url="http://127.0.0.1:9/token",
            client_id="c",
            client_secret="s",
            **options,
        )


def test_a_rate_limit_of_no_requests_or_no_burst_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="rate_limit"):
        RateLimit(float("nan"))
    with pytest.raises(ConfigurationError, match="burst"):
        RateLimit(5, burst=0)


def test_a_service_may_declare_a_default_rate_limit_the_caller_can_override() -> None:
    from timeback_oneroster import OneRosterClient

    class PacedOneRoster(OneRosterClient):
        default_rate_limit = RateLimit(5, burst=2)

    arguments: dict[str, Any] = {
        "base_url": "http://127.0.0.1:9",
        "auth_url": "http://127.0.0.1:9/token",
        "client_id": "c",
        "client_secret": "s",
    }
    assert OneRosterClient(**arguments).api.controls is None
    paced = PacedOneRoster(**arguments).api.controls
    assert paced is not None
    assert paced.configured
    own = HostControls(max_concurrency=2)
    assert PacedOneRoster(**arguments, controls=own).api.controls is own
