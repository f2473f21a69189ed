"""Run one call per client, a bounded number at a time, each under an optional time limit.

`TimebackManager.broadcast` needs this in both worlds, and the two differ in structure, not in
keywords, so this is a hand-written ``async_x`` / ``sync_x`` pair (the manager's ``_async``
source calls `async_run_each`; ``scripts/unasync.py`` renames the call to `sync_run_each`):

- `async_run_each` runs the calls as tasks of one anyio task group, at most ``limit`` at a time
  (an ``anyio.CapacityLimiter``); a call that exceeds ``timeout`` is cancelled (an
  ``anyio.CancelScope`` with a deadline), which cancels its HTTP request too.
- `sync_run_each` runs each call on a worker thread, at most ``limit`` at a time. Python cannot
  cancel a thread: a call that exceeds ``timeout`` is *abandoned* (its slot is freed, its outcome
  recorded as a timeout, and whatever it returns later is discarded); its daemon thread runs on
  until the call returns by itself, which for an HTTP call is at the latest when the client's own
  request timeout fires.

Both return one `Outcome` per call, in the order of the calls, and never raise for a failing
call: an ``Exception`` raised by a call becomes that call's outcome. ``BaseException``\\ s that
are not ``Exception``\\ s (cancellation of the caller, ``KeyboardInterrupt``) propagate.

The time limit of a call starts when the call starts, not while it waits for a free slot.
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

__all__ = ["AsyncCall", "Outcome", "SyncCall", "async_run_each", "sync_run_each"]

A = TypeVar("A")
T = TypeVar("T")

AsyncCall: TypeAlias = Callable[[A], Awaitable[T]]
"""A coroutine function of one argument (``AsyncCall[A, T]``); its sync twin is `SyncCall`."""

SyncCall: TypeAlias = Callable[[A], T]
"""A function of one argument (``SyncCall[A, T]``), the sync twin of `AsyncCall`."""


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What one call produced: its value, or the exception it raised, or a timeout.

    Attributes:
        value: The return value (None when the call failed).
        error: The exception the call raised, or None.
        timed_out: Whether the call was stopped (async) or abandoned (sync) at its time limit.
    """

    value: T | None = None
    error: Exception | None = None
    timed_out: bool = False

    @property
    def ok(self) -> bool:
        """Whether the call returned normally within its time limit."""
        return self.error is None and not self.timed_out


async def async_run_each(
    fn: AsyncCall[A, T],
    args: Sequence[A],
    *,
    limit: int,
    timeout: float | None,
) -> list[Outcome[T]]:
    """Await ``fn(arg)`` for every arg, at most ``limit`` at a time, each given ``timeout`` s.

    Args:
        fn: The coroutine function.
        args: One argument per call.
        limit: How many calls may run at the same time (>= 1).
        timeout: Seconds each call may run before it is cancelled, or None for no limit.

    Returns:
        One outcome per call, in the order of ``args``.
    """
    # anyio is imported here, not at module level: only a broadcast needs it.
    import anyio

    outcomes: list[Outcome[T] | None] = [None] * len(args)
    limiter = anyio.CapacityLimiter(limit)

    async def run(index: int, arg: A) -> None:
        async with limiter:
            deadline = math.inf if timeout is None else anyio.current_time() + timeout
            with anyio.CancelScope(deadline=deadline) as scope:
                try:
                    value = await fn(arg)
                except Exception as exc:  # a failing call is an outcome
                    # Code that turns the cancellation into an exception of its own still timed out.
                    timed_out = scope.cancel_called
                    outcomes[index] = Outcome(timed_out=True) if timed_out else Outcome(error=exc)
                else:
                    outcomes[index] = Outcome(value=value)
            if scope.cancelled_caught:
                outcomes[index] = Outcome(timed_out=True)

    async with anyio.create_task_group() as group:
        for index, arg in enumerate(args):
            group.start_soon(run, index, arg)
    return _complete(outcomes)


def sync_run_each(
    fn: SyncCall[A, T],
    args: Sequence[A],
    *,
    limit: int,
    timeout: float | None,
) -> list[Outcome[T]]:
    """Call ``fn(arg)`` for every arg on worker threads, at most ``limit`` at a time.

    Args:
        fn: The function.
        args: One argument per call.
        limit: How many calls may run at the same time (>= 1).
        timeout: Seconds each call may run before it is abandoned, or None for no limit.

    Returns:
        One outcome per call, in the order of ``args``.
    """
    outcomes: list[Outcome[T] | None] = [None] * len(args)
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
            deadlines[index] = math.inf if timeout is None else time.monotonic() + timeout
            # Each worker runs in a copy of the caller's context (as asyncio tasks do), and is a
            # daemon so that an abandoned call never keeps the interpreter from exiting.
            context = contextvars.copy_context()
            threading.Thread(
                target=context.run,
                args=(work, index, arg),
                name=f"timeback-broadcast-{index}",
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
            continue
        if index not in deadlines:
            continue  # an abandoned call finished late: its outcome is already a timeout
        del deadlines[index]
        if isinstance(result, BaseException):
            raise result
        outcomes[index] = result
    return _complete(outcomes)


def _complete(outcomes: list[Outcome[T] | None]) -> list[Outcome[T]]:
    done = [outcome for outcome in outcomes if outcome is not None]
    if len(done) != len(outcomes):  # pragma: no cover - every call records an outcome
        raise AssertionError("a call finished without an outcome")
    return done
