# This file is generated from packages/timeback-caliper/tests/_async/test_concurrency.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""The async/sync primitive pairs the sender is written with (``timeback_caliper._concurrency``)."""

from __future__ import annotations

import pytest

from timeback_caliper._concurrency import SyncCondition, SyncWorker, sync_run_bounded
from timeback_common import sync_sleep


def test_run_bounded_returns_outcomes_in_order_with_exceptions_captured() -> None:
    def half(n: int) -> float:
        if n == 3:
            raise ValueError("three")
        sync_sleep(0.001 * (5 - n))
        return n / 2

    outcomes = sync_run_bounded(half, [1, 2, 3, 4], 3)

    assert outcomes[:2] == [0.5, 1.0]
    assert isinstance(outcomes[2], ValueError)
    assert outcomes[3] == 2.0


def test_run_bounded_keeps_at_most_limit_calls_in_flight_and_uses_them() -> None:
    in_flight = 0
    most = 0

    def call(n: int) -> int:
        nonlocal in_flight, most
        in_flight += 1
        most = max(most, in_flight)
        sync_sleep(0.05)
        in_flight -= 1
        return n

    outcomes = sync_run_bounded(call, list(range(9)), 3)

    assert outcomes == list(range(9))
    assert most == 3


def test_run_bounded_can_stop_starting_calls_after_an_error() -> None:
    calls: list[int] = []

    def call(n: int) -> int:
        calls.append(n)
        if n == 1:
            raise RuntimeError("boom")
        return n

    outcomes = sync_run_bounded(call, [0, 1, 2, 3], 1, stop_after_error=True)

    assert calls == [0, 1]
    assert outcomes[0] == 0
    assert isinstance(outcomes[1], RuntimeError)
    assert outcomes[2:] == [None, None]


def test_condition_wait_for_gives_up_after_the_time_given() -> None:
    assert not SyncCondition().wait_for(lambda: False, 0.01)
    assert SyncCondition().wait_for(lambda: True, None)


def test_condition_wakes_a_waiter_that_a_background_worker_notifies() -> None:
    condition = SyncCondition()
    state = {"done": False}

    def work() -> None:
        sync_sleep(0.01)
        state["done"] = True
        condition.notify_all()

    worker = SyncWorker("test-worker")
    worker.start(work)

    assert condition.wait_for(lambda: state["done"], 20.0)
    assert worker.join(20.0)
    assert not worker.running


def test_join_of_a_worker_never_started_is_immediate() -> None:
    assert SyncWorker("idle").join(0)
