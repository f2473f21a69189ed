"""Primitives that differ between the async and the sync world, in ``async_x`` / ``sync_x`` pairs.

Code under ``_async/`` reaches them by their async name; ``scripts/unasync.py`` renames them for
the generated ``_sync/`` twin (``async_sleep`` -> ``sync_sleep``). Nothing else in the ``_async``
code may touch asyncio, anyio or threading directly. The pairs are hand-written because the two
worlds differ in structure (anyio tasks in one, threads in the other), not just in keywords:

`async_sleep`         sleep
`async_run_each`      the one bounded runner: one call per argument, at most N at a time, each
                      under an optional time limit; never raises for a call: every call ends as
                      an `Outcome` (value, error, timed out, or skipped: not started because an
                      earlier call failed and ``stop_after_error`` was asked), in argument order
                      (the manager's broadcast, Caliper's envelopes)
`async_map_bounded`   ``[await fn(x) for x in items]`` on top of `async_run_each`: fail fast,
                      nothing new starts after a failure, and the error of the earliest failed
                      item is raised once the running calls are over (bulk writes, cohort
                      summaries)

`async_run_each` runs the calls as tasks of one anyio task group, limited by an
``anyio.CapacityLimiter``; a call past its time limit is cancelled (an ``anyio.CancelScope`` with
a deadline), which cancels its HTTP request too. `sync_run_each` runs each call on a worker
thread; Python cannot cancel a thread, so a call past its time limit is *abandoned* (its slot is
freed, its outcome recorded as a timeout, whatever it returns later discarded) and its daemon
thread runs on until the call returns by itself, for an HTTP call at the latest when the client's
own request timeout fires. The time limit of a call starts when the call starts, not while it
waits for a free slot. ``BaseException``\\ s that are not ``Exception``\\ s (cancellation of the
caller, ``KeyboardInterrupt``) always propagate.
"""

from __future__ import annotations

import contextvars
import math
import queue
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeAlias, TypeVar

__all__ = [
    "AsyncCall",
    "Outcome",
    "SyncCall",
    "async_map_bounded",
    "async_run_each",
    "async_sleep",
    "sync_map_bounded",
    "sync_run_each",
    "sync_sleep",
]

A = TypeVar("A")
T = TypeVar("T")
R = TypeVar("R")


_LONGEST_SLEEP = 86_400.0
"""Seconds one ``time.sleep`` lasts at most: it refuses longer ones (``OverflowError``) from
about 9.2e9 s, so a longer sleep is made of several."""


async def async_sleep(seconds: float) -> None:
    """Sleep without blocking the event loop (asyncio or trio, through anyio).

    Any length is accepted: a negative or NaN one does not wait, ``inf`` waits until cancelled.
    """
    # anyio is imported here, not at module level: only a retry needs it, and it is not cheap.
    import anyio

    await anyio.sleep(seconds if seconds > 0 else 0.0)


def sync_sleep(seconds: float) -> None:
    """Block the calling thread for ``seconds``.

    Any length is accepted (``1e10`` included, which ``time.sleep`` refuses): a negative or NaN
    one does not wait, ``inf`` waits for ever.
    """
    remaining = seconds if seconds > 0 else 0.0
    while remaining > 0:
        step = min(remaining, _LONGEST_SLEEP)
        time.sleep(step)
        remaining -= step


AsyncCall: TypeAlias = Callable[[A], Awaitable[T]]
"""A coroutine function of one argument (``AsyncCall[A, T]``); its sync twin is `SyncCall`."""

SyncCall: TypeAlias = Callable[[A], T]
"""A function of one argument (``SyncCall[A, T]``), the sync twin of `AsyncCall`."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one call produced: its value, or the exception it raised, or a timeout.

    Attributes:
        value: The return value (None when the call did not return).
        error: The exception the call raised, or None.
        timed_out: Whether the call was stopped (async) or abandoned (sync) at its time limit.
        skipped: Whether the call was never started (an earlier call failed and the run was
            asked to stop after an error).
    """

    value: T | None = None
    error: Exception | None = None
    timed_out: bool = False
    skipped: bool = False

    @property
    def ok(self) -> bool:
        """Whether the call ran and returned normally within its time limit."""
        return self.error is None and not self.timed_out and not self.skipped


async def async_run_each(
    fn: AsyncCall[A, T],
    args: Sequence[A],
    *,
    limit: int,
    timeout: float | None = None,
    stop_after_error: bool = False,
) -> list[Outcome[T]]:
    """Await ``fn(arg)`` for every arg, at most ``limit`` at a time, each given ``timeout`` s.

    Args:
        fn: The coroutine function.
        args: One argument per call.
        limit: How many calls may run at the same time (>= 1; 1 runs them one after another).
        timeout: Seconds each call may run before it is cancelled, or None for no limit.
        stop_after_error: Once a call has failed, start no new one (those end as skipped).

    Returns:
        One outcome per call, in the order of ``args``.
    """
    # anyio is imported here, not at module level: only running calls needs it. With limit 1 the
    # calls still run one after another, in order (the limiter serves waiting tasks first come,
    # first served).
    import anyio

    outcomes: list[Outcome[T] | None] = [None] * len(args)
    limiter = anyio.CapacityLimiter(limit)
    failed = False

    async def run(index: int, arg: A) -> None:
        nonlocal failed
        async with limiter:
            if failed and stop_after_error:
                outcomes[index] = Outcome(skipped=True)
                return
            deadline = math.inf if timeout is None else anyio.current_time() + timeout
            with anyio.CancelScope(deadline=deadline) as scope:
                try:
                    value = await fn(arg)
                except Exception as exc:  # a failing call is an outcome
                    # Code that turns the cancellation into an exception of its own still timed out.
                    timed_out = scope.cancel_called
                    outcomes[index] = Outcome(timed_out=True) if timed_out else Outcome(error=exc)
                    failed = True
                else:
                    outcomes[index] = Outcome(value=value)
            if scope.cancelled_caught:
                outcomes[index] = Outcome(timed_out=True)
                failed = True

    async with anyio.create_task_group() as group:
        for index, arg in enumerate(args):
            group.start_soon(run, index, arg)
    return _complete(outcomes)


def sync_run_each(
    fn: SyncCall[A, T],
    args: Sequence[A],
    *,
    limit: int,
    timeout: float | None = None,
    stop_after_error: bool = False,
) -> list[Outcome[T]]:
    """Call ``fn(arg)`` for every arg on worker threads, at most ``limit`` at a time.

    Args:
        fn: The function (each call runs in a copy of the caller's context).
        args: One argument per call.
        limit: How many calls may run at the same time (>= 1; 1 runs them one after another
            on the calling thread when there is no time limit).
        timeout: Seconds each call may run before it is abandoned, or None for no limit.
        stop_after_error: Once a call has failed, start no new one (those end as skipped).

    Returns:
        One outcome per call, in the order of ``args``.
    """
    if timeout is None and (limit <= 1 or len(args) <= 1):
        return _sync_run_in_turn(fn, args, stop_after_error)
    outcomes: list[Outcome[T] | None] = [None] * len(args)
    failed = False
    finished: queue.SimpleQueue[tuple[int, Outcome[T] | BaseException]] = queue.SimpleQueue()
    waiting = deque(enumerate(args))
    deadlines: dict[int, float] = {}  # running (not abandoned) calls

    def work(index: int, arg: A) -> None:
        try:
            result: Outcome[T] | BaseException = Outcome(value=fn(arg))
        except Exception as exc:  # a failing call is an outcome, not an error
            result = Outcome(error=exc)
        except BaseException as exc:  # handed to the calling thread, which re-raises it
            result = exc
        finished.put((index, result))

    while waiting or deadlines:
        while waiting and len(deadlines) < limit:
            index, arg = waiting.popleft()
            if failed and stop_after_error:
                outcomes[index] = Outcome(skipped=True)
                continue
            deadlines[index] = math.inf if timeout is None else time.monotonic() + timeout
            # Each worker runs in a copy of the caller's context (as asyncio tasks do), and is a
            # daemon so that an abandoned call never keeps the interpreter from exiting.
            context = contextvars.copy_context()
            threading.Thread(
                target=context.run,
                args=(work, index, arg),
                name=f"timeback-run-each-{index}",
                daemon=True,
            ).start()
        nearest = min(deadlines.values())
        wait = None if nearest == math.inf else max(0.0, nearest - time.monotonic())
        try:
            index, result = finished.get(timeout=wait)
        except queue.Empty:
            now = time.monotonic()
            for index in [i for i, deadline in deadlines.items() if deadline <= now]:
                del deadlines[index]
                outcomes[index] = Outcome(timed_out=True)
                failed = True
            continue
        if index not in deadlines:
            continue  # an abandoned call finished late: its outcome is already a timeout
        del deadlines[index]
        if isinstance(result, BaseException):
            raise result
        outcomes[index] = result
        failed = failed or result.error is not None
    return _complete(outcomes)


def _sync_run_in_turn(
    fn: SyncCall[A, T], args: Sequence[A], stop_after_error: bool
) -> list[Outcome[T]]:
    outcomes: list[Outcome[T]] = []
    for arg in args:
        if stop_after_error and any(outcome.error is not None for outcome in outcomes):
            outcomes.append(Outcome(skipped=True))
            continue
        try:
            outcomes.append(Outcome(value=fn(arg)))
        except Exception as exc:  # a failing call is an outcome
            outcomes.append(Outcome(error=exc))
    return outcomes


async def async_map_bounded(
    fn: AsyncCall[T, R], items: Sequence[T], *, concurrency: int
) -> list[R]:
    """``[await fn(item) for item in items]`` with up to ``concurrency`` calls in flight.

    Args:
        fn: The coroutine function to apply.
        items: The inputs, in the order the results are wanted.
        concurrency: Calls in flight at most (>= 1; 1 is strictly sequential).

    Returns:
        The results, in the order of ``items``.

    Raises:
        Exception: Whatever ``fn`` raised for the earliest failed item, once the calls already
            running have finished; no new call starts after a failure.
    """
    outcomes = await async_run_each(fn, items, limit=concurrency, stop_after_error=True)
    return _values_or_first_error(outcomes)


def sync_map_bounded(fn: SyncCall[T, R], items: Sequence[T], *, concurrency: int) -> list[R]:
    """``[fn(item) for item in items]`` on up to ``concurrency`` threads.

    Args:
        fn: The function to apply (each call runs in a copy of the caller's context).
        items: The inputs, in the order the results are wanted.
        concurrency: Calls in flight at most (>= 1; 1 runs everything on the calling thread).

    Returns:
        The results, in the order of ``items``.

    Raises:
        Exception: Whatever ``fn`` raised for the earliest failed item, once the calls already
            running have finished; no new call starts after a failure.
    """
    return _values_or_first_error(
        sync_run_each(fn, items, limit=concurrency, stop_after_error=True)
    )


def _values_or_first_error(outcomes: list[Outcome[R]]) -> list[R]:
    for outcome in outcomes:
        if outcome.error is not None:
            raise outcome.error
    # Every call ran (nothing is skipped without an error before it) and returned a value.
    return [outcome.value for outcome in outcomes]  # type: ignore[misc]


def _complete(outcomes: list[Outcome[T] | None]) -> list[Outcome[T]]:
    done = [outcome for outcome in outcomes if outcome is not None]
    if len(done) != len(outcomes):  # pragma: no cover - every call records an outcome
        raise AssertionError("a call finished without an outcome")
    return done
