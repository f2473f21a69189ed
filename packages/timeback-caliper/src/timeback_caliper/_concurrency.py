"""What differs between the async and the sync world, as ``AsyncX`` / ``SyncX`` pairs.

The sending code (``_async/``) is written once, async; ``scripts/unasync.py`` writes the sync twin
and renames ``AsyncCondition`` to ``SyncCondition`` and so on. Everything the sender needs from
asyncio, anyio or threading lives here (or, for running calls with a bound, in
`timeback_common.async_run_each`), so each pair can be read side by side:

==========================  ====================================  ===============================
primitive                   async                                 sync
==========================  ====================================  ===============================
`AsyncCondition`            an ``anyio.Event`` renewed per wakeup  a ``threading.Condition``
`AsyncWorker`               an asyncio task                       a daemon thread
==========================  ====================================  ===============================

anyio and asyncio are imported inside the async functions: only sending needs them, and they
are not cheap to import.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Coroutine
from typing import TYPE_CHECKING, Any

from timeback_caliper._errors import CaliperError
from timeback_common import (
    ConfigurationError,
    fork_generation,
    service_error_class,
)

if TYPE_CHECKING:
    import asyncio

    import anyio

__all__ = [
    "AsyncCondition",
    "AsyncWorker",
    "SyncCondition",
    "SyncWorker",
    "check_same_process",
]

_LONGEST_WAIT = 86_400.0
"""Seconds one low-level wait lasts at most; a longer wait is made of several.

``threading`` refuses timeouts beyond ``threading.TIMEOUT_MAX`` with ``OverflowError``, so any
timeout (``1e10``, ``inf``) is waited for in slices against a deadline instead.
"""


def _deadline(within: float | None) -> float:
    """The monotonic time a wait of ``within`` seconds ends (inf: never; NaN or <= 0: now)."""
    if within is None:
        return math.inf
    return time.monotonic() + within if within > 0 else time.monotonic()


def _slice(deadline: float) -> float:
    """The next low-level wait towards ``deadline`` (0 once it has passed)."""
    return max(min(deadline - time.monotonic(), _LONGEST_WAIT), 0.0)


def check_same_process(generation: int) -> None:
    """Refuse to run a sender's worker in a process forked after the sender was created.

    The worker (a thread or a task) stayed behind in the parent, and the queue, the spool's
    database connection and the pooled connections were copied mid-use: a sender is not
    restarted behind the caller's back, where it would deliver the parent's queued events a
    second time.

    Args:
        generation: `fork_generation()` when the sender was created.

    Raises:
        ConfigurationError: This is a forked child (also a `CaliperError`).
    """
    if generation != fork_generation():
        error = service_error_class(CaliperError, ConfigurationError)
        raise error(
            "this Caliper sender was created in another process, before os.fork(); its "
            "background worker does not run here. Create a new sender in this process "
            "(for example in a post-fork hook such as gunicorn's post_fork or Celery's "
            "worker_process_init)"
        )


class AsyncCondition:
    """Wait until a predicate holds; `notify_all` makes waiters look again.

    For one event loop: call every method from that loop. The predicate is evaluated on the loop
    with nothing in between the check and the wait, so a notification is never lost.
    """

    def __init__(self) -> None:
        self._event: anyio.Event | None = None

    def notify_all(self) -> None:
        """Wake every waiter (each re-evaluates its predicate)."""
        event, self._event = self._event, None
        if event is not None:
            event.set()

    async def wait_for(self, predicate: Callable[[], bool], within: float | None) -> bool:
        """Wait until ``predicate()`` is true or ``within`` seconds have passed.

        Args:
            predicate: Checked now and after every notification.
            within: Seconds to wait at most; None waits as long as it takes.

        Returns:
            The predicate's last value.
        """
        import anyio

        if predicate():
            return True
        deadline = _deadline(within)
        while True:
            remaining = _slice(deadline)
            if remaining <= 0:
                return predicate()
            if self._event is None:
                self._event = anyio.Event()
            event = self._event
            with anyio.move_on_after(remaining):
                await event.wait()
            if predicate():
                return True


class SyncCondition:
    """Wait until a predicate holds; `notify_all` makes waiters look again (thread-safe).

    The predicate is evaluated under the condition's lock and the notification takes the same
    lock, so a notification sent after a state change is never lost.
    """

    def __init__(self) -> None:
        self._condition = threading.Condition()

    def notify_all(self) -> None:
        """Wake every waiting thread (each re-evaluates its predicate)."""
        with self._condition:
            self._condition.notify_all()

    def wait_for(self, predicate: Callable[[], bool], within: float | None) -> bool:
        """Block until ``predicate()`` is true or ``within`` seconds have passed.

        Args:
            predicate: Checked now and after every notification.
            within: Seconds to wait at most; None waits as long as it takes.

        Returns:
            The predicate's last value.
        """
        deadline = _deadline(within)
        with self._condition:
            while not predicate():
                remaining = _slice(deadline)
                if remaining <= 0:
                    return predicate()
                self._condition.wait(remaining)
            return True


class AsyncWorker:
    """Runs one coroutine in the background as an asyncio task.

    It belongs to the process that created it and to the event loop that started it: in a
    forked child, or once started from another event loop (a later ``asyncio.run()``), `start`
    and `check_owner` raise (see `check_same_process`).

    Args:
        name: The task's name (shown in debuggers and task dumps).
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._task: asyncio.Task[None] | None = None
        self._generation = fork_generation()

    def check_owner(self) -> None:
        """Raise unless called in the process that created the worker and, once it was
        started, in the event loop that started it.

        Raises:
            ConfigurationError: Called in a forked child or from another event loop (also a
                `CaliperError`).
        """
        import asyncio

        check_same_process(self._generation)
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # not in asyncio (another async library): nothing to compare
            return
        if self._task is not None and self._task.get_loop() is not loop:
            error = service_error_class(CaliperError, ConfigurationError)
            raise error(
                "this Caliper sender was started in another event loop (an earlier "
                "asyncio.run() or another thread's loop); its background worker does not run "
                "in this one. Create a new sender in this event loop, and close each sender in "
                "the loop that started it"
            )

    @property
    def running(self) -> bool:
        """Whether the work was started and has not finished."""
        return self._task is not None and not self._task.done()

    def start(self, target: Callable[[], Coroutine[Any, Any, None]]) -> None:
        """Start ``target()`` on the running event loop (at most once).

        Args:
            target: The coroutine function to run; it must handle its own errors.
        """
        import asyncio

        self.check_owner()
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(target(), name=self._name)

    async def join(self, timeout: float | None = None) -> bool:  # noqa: ASYNC109 - as sync
        """Wait for the work to finish, without cancelling it.

        Args:
            timeout: Seconds to wait at most; None waits as long as it takes.

        Returns:
            Whether it has finished (True as well when it was never started).
        """
        import asyncio

        task = self._task
        if task is None:
            return True
        deadline = _deadline(timeout)
        while not task.done() and _slice(deadline) > 0:
            await asyncio.wait({task}, timeout=_slice(deadline))
        return task.done()


class SyncWorker:
    """Runs one function in the background on a daemon thread.

    Daemon, so that a forgotten sender never keeps the interpreter from exiting; close the
    sender to drain it. A thread does not survive ``os.fork()``: in a forked child `start` and
    `check_owner` raise (see `check_same_process`).

    Args:
        name: The thread's name.
    """

    def __init__(self, name: str) -> None:
        self._name = name
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._generation = fork_generation()

    def check_owner(self) -> None:
        """Raise unless called in the process that created the worker.

        Raises:
            ConfigurationError: Called in a forked child (also a `CaliperError`).
        """
        check_same_process(self._generation)

    @property
    def running(self) -> bool:
        """Whether the work was started and has not finished."""
        return self._thread is not None and self._thread.is_alive()

    def start(self, target: Callable[[], None]) -> None:
        """Start ``target()`` on a new thread (at most once, even when called concurrently).

        Args:
            target: The function to run; it must handle its own errors.
        """
        self.check_owner()
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=target, name=self._name, daemon=True)
                self._thread.start()

    def join(self, timeout: float | None = None) -> bool:
        """Wait for the work to finish.

        Args:
            timeout: Seconds to wait at most; None waits as long as it takes.

        Returns:
            Whether it has finished (True as well when it was never started).
        """
        thread = self._thread
        if thread is None:
            return True
        if thread is not threading.current_thread():
            deadline = _deadline(timeout)
            while thread.is_alive() and _slice(deadline) > 0:
                thread.join(_slice(deadline))
        return not thread.is_alive()
