"""The async/sync primitive pairs the sender is written with (``timeback_caliper._concurrency``)."""

from __future__ import annotations

import pytest

from timeback_caliper._concurrency import AsyncCondition, AsyncWorker, async_run_bounded
from timeback_common import async_sleep


@pytest.mark.anyio
async def test_run_bounded_returns_outcomes_in_order_with_exceptions_captured() -> None:
    async def half(n: int) -> float:
        if n == 3:
            raise ValueError("three")
        await async_sleep(0.001 * (5 - n))
        return n / 2

    outcomes = await async_run_bounded(half, [1, 2, 3, 4], 3)

    assert outcomes[:2] == [0.5, 1.0]
    assert isinstance(outcomes[2], ValueError)
    assert outcomes[3] == 2.0


@pytest.mark.anyio
async def test_run_bounded_keeps_at_most_limit_calls_in_flight_and_uses_them() -> None:
    in_flight = 0
    most = 0

    async def call(n: int) -> int:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        await async_sleep(0.05)
        in_flight -= 1
        return n

    outcomes = await async_run_bounded(call, list(range(9)), 3)

    assert outcomes == list(range(9))
    assert most == 3


@pytest.mark.anyio
async def test_run_bounded_can_stop_starting_calls_after_an_error() -> None:
    calls: list[int] = []

    async def call(n: int) -> int:
        calls.append(n)
        if n == 1:
            raise RuntimeError("boom")
        return n

    outcomes = await async_run_bounded(call, [0, 1, 2, 3], 1, stop_after_error=True)

    assert calls == [0, 1]
    assert outcomes[0] == 0
    assert isinstance(outcomes[1], RuntimeError)
    assert outcomes[2:] == [None, None]


@pytest.mark.anyio
async def test_condition_wait_for_gives_up_after_the_time_given() -> None:
    assert not await AsyncCondition().wait_for(lambda: False, 0.01)
    assert await AsyncCondition().wait_for(lambda: True, None)


@pytest.mark.anyio
async def test_condition_wakes_a_waiter_that_a_background_worker_notifies() -> None:
    condition = AsyncCondition()
    state = {"done": False}

    async def work() -> None:
        await async_sleep(0.01)
        state["done"] = True
        condition.notify_all()

    worker = AsyncWorker("test-worker")
    worker.start(work)

    assert await condition.wait_for(lambda: state["done"], 20.0)
    assert await worker.join(20.0)
    assert not worker.running


@pytest.mark.anyio
async def test_join_of_a_worker_never_started_is_immediate() -> None:
    assert await AsyncWorker("idle").join(0)
