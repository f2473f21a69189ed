"""The bounded concurrent maps (async and sync) behind cohort summaries and bulk writes."""

from __future__ import annotations

import threading
import time

import anyio
import anyio.lowlevel
import pytest

from timeback_common._concurrency import async_map_bounded, sync_map_bounded


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
