"""The thread primitives of the sync sender accept any wait, however long (no OverflowError).

``threading`` refuses timeouts above ``threading.TIMEOUT_MAX``; a platform asking to wait
``1e10`` seconds once killed the sync sender's worker that way.
"""

from __future__ import annotations

import threading

import pytest

from timeback_caliper._concurrency import SyncCondition, SyncWorker


@pytest.mark.parametrize("within", [1e10, 1e300, float("inf")])
def test_a_condition_waits_any_length_and_wakes_on_notify(within: float) -> None:
    condition = SyncCondition()
    ready = threading.Event()

    def notify() -> None:
        ready.set()
        condition.notify_all()

    timer = threading.Timer(0.05, notify)
    timer.start()

    assert condition.wait_for(ready.is_set, within) is True
    timer.join()


def test_a_worker_can_be_joined_with_any_timeout() -> None:
    worker = SyncWorker("test-worker")
    worker.start(lambda: None)

    assert worker.join(1e10) is True
