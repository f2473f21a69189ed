"""The one bounded runner (`async_run_each` / `sync_run_each`) and the fail-fast maps on it."""

from __future__ import annotations

import threading
import time

import anyio
import anyio.lowlevel
import pytest

from timeback_common import (
    Outcome,
    async_map_bounded,
    async_run_each,
    async_sleep,
    sync_map_bounded,
    sync_run_each,
    sync_sleep,
)


class Gauge:
    """Counts calls in flight and remembers the most at once."""

    def __init__(self) -> None:
        self.now = 0
        self.most = 0
        self.started: list[int] = []
        self._lock = threading.Lock()

    def enter(self, item: int) -> None:
        with self._lock:
            self.now += 1
            self.most = max(self.most, self.now)
            self.started.append(item)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


@pytest.mark.anyio
async def test_async_map_keeps_order_and_bounds_calls_in_flight() -> None:
    gauge = Gauge()

    async def square(item: int) -> int:
        gauge.enter(item)
        await anyio.sleep(0.001 * (item % 3))
        gauge.leave()
        return item * item

    results = await async_map_bounded(square, list(range(10)), concurrency=3)

    assert results == [i * i for i in range(10)]
    assert gauge.most == 3


@pytest.mark.anyio
async def test_async_map_raises_the_earliest_failure_and_starts_nothing_after_it() -> None:
    gauge = Gauge()

    async def fail_on_odd(item: int) -> int:
        gauge.enter(item)
        await anyio.lowlevel.checkpoint()
        gauge.leave()
        if item % 2:
            raise ValueError(item)
        return item

    with pytest.raises(ValueError, match="1"):
        await async_map_bounded(fail_on_odd, list(range(20)), concurrency=2)

    assert len(gauge.started) < 20


@pytest.mark.anyio
async def test_async_map_with_concurrency_one_is_sequential() -> None:
    gauge = Gauge()

    async def record(item: int) -> int:
        gauge.enter(item)
        await anyio.lowlevel.checkpoint()
        gauge.leave()
        return item

    assert await async_map_bounded(record, [3, 1, 2], concurrency=1) == [3, 1, 2]
    assert gauge.most == 1


def test_sync_map_keeps_order_and_bounds_threads() -> None:
    gauge = Gauge()

    def square(item: int) -> int:
        gauge.enter(item)
        time.sleep(0.002)
        gauge.leave()
        return item * item

    results = sync_map_bounded(square, list(range(10)), concurrency=3)

    assert results == [i * i for i in range(10)]
    assert 1 < gauge.most <= 3


def test_sync_map_raises_the_earliest_failure() -> None:
    def fail_on_three(item: int) -> int:
        if item >= 3:
            raise ValueError(item)
        return item

    with pytest.raises(ValueError, match="3"):
        sync_map_bounded(fail_on_three, list(range(8)), concurrency=1)
    with pytest.raises(ValueError, match="3"):
        sync_map_bounded(fail_on_three, list(range(8)), concurrency=4)


def test_maps_of_nothing_are_empty() -> None:
    assert sync_map_bounded(str, [], concurrency=4) == []


@pytest.mark.anyio
@pytest.mark.parametrize("limit", [1, 3])
async def test_async_run_each_gives_one_outcome_per_call_in_input_order(limit: int) -> None:
    async def half(n: int) -> float:
        if n == 3:
            raise ArithmeticError("three")
        await anyio.sleep(0.001 * (5 - n))
        return n / 2

    outcomes = await async_run_each(half, [1, 2, 3, 4], limit=limit)

    assert [outcome.value for outcome in outcomes] == [0.5, 1.0, None, 2.0]
    assert isinstance(outcomes[2].error, ArithmeticError)
    assert [outcome.ok for outcome in outcomes] == [True, True, False, True]


@pytest.mark.anyio
@pytest.mark.parametrize("limit", [1, 2])
async def test_async_run_each_can_stop_starting_calls_after_an_error(limit: int) -> None:
    started: list[int] = []

    async def call(n: int) -> int:
        started.append(n)
        await anyio.lowlevel.checkpoint()
        if n == 0:
            raise LookupError("first")
        return n

    outcomes = await async_run_each(call, list(range(6)), limit=limit, stop_after_error=True)

    assert isinstance(outcomes[0].error, LookupError)
    assert started == list(range(limit))
    assert outcomes[limit:] == [Outcome(skipped=True)] * (6 - limit)


@pytest.mark.parametrize("limit", [1, 3])
def test_sync_run_each_gives_one_outcome_per_call_and_stops_after_an_error(limit: int) -> None:
    def call(n: int) -> int:
        if n == 2:
            raise LookupError("two")
        return n * 10

    every = sync_run_each(call, [0, 1, 2, 3], limit=limit)
    stopped = sync_run_each(call, [2, 0, 1, 3, 4, 5, 6], limit=1, stop_after_error=True)

    assert [outcome.value for outcome in every] == [0, 10, None, 30]
    assert isinstance(every[2].error, LookupError)
    assert stopped[1:] == [Outcome(skipped=True)] * 6


def test_sync_sleep_takes_any_length_in_steps_time_sleep_accepts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)

    sync_sleep(200_000.0)
    sync_sleep(-1.0)
    sync_sleep(float("nan"))

    assert slept == [86_400.0, 86_400.0, 27_200.0]


def test_sync_sleep_of_1e10_seconds_never_overflows(monkeypatch: pytest.MonkeyPatch) -> None:
    steps = 0

    def sleep(seconds: float) -> None:
        nonlocal steps
        assert seconds <= 86_400.0
        steps += 1

    monkeypatch.setattr(time, "sleep", sleep)

    sync_sleep(1e10)

    assert steps == 115_741


@pytest.mark.anyio
async def test_async_sleep_of_a_negative_or_nan_length_does_not_wait() -> None:
    with anyio.fail_after(5):
        await async_sleep(-1.0)
        await async_sleep(float("nan"))
