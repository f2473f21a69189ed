"""The async/sync primitive pairs the sender is written with (``timeback_caliper._concurrency``)."""

from __future__ import annotations

import pytest

from timeback_caliper._concurrency import AsyncCondition, AsyncWorker
from timeback_common import async_sleep


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
