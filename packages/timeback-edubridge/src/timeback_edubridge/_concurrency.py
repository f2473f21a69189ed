"""Bounded concurrent maps, one per world: `async_map_bounded` and `sync_map_bounded`.

Code under ``_async/`` calls `async_map_bounded`; ``scripts/unasync.py`` renames it to
`sync_map_bounded` in the generated twin (the ``async_x -> sync_x`` rule), so the cohort summary
is written once. They are hand-written because the two worlds differ in structure: anyio tasks
in one, a thread pool in the other (the sync client is safe to share between threads, as the
sync paginator of ``timeback_common`` already does).

Both keep the order of ``items``, run at most ``concurrency`` calls at once, start nothing new
once a call has failed, wait for the calls already running, and then raise the error of the
earliest failed item unchanged.

(They belong next to ``async_sleep``/``sync_sleep`` in ``timeback_common._concurrency``; they
live here until that package takes them, since only Edubridge needs them so far.)
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

__all__ = ["async_map_bounded", "sync_map_bounded"]

T = TypeVar("T")
R = TypeVar("R")


async def async_map_bounded(
    fn: Callable[[T], Awaitable[R]], items: Sequence[T], *, concurrency: int
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
            running have finished.
    """
    if concurrency <= 1 or len(items) <= 1:
        return [await fn(item) for item in items]
    import anyio  # only a concurrent map needs it

    results: dict[int, R] = {}
    errors: dict[int, Exception] = {}
    cursor = 0

    async def worker() -> None:
        nonlocal cursor
        # No await between reading and advancing the cursor: no two workers take one item.
        while not errors and cursor < len(items):
            index = cursor
            cursor += 1
            try:
                results[index] = await fn(items[index])
            except Exception as exc:  # kept for the caller, so the task group never sees it
                errors[index] = exc
                return

    async with anyio.create_task_group() as task_group:
        for _ in range(min(concurrency, len(items))):
            task_group.start_soon(worker)
    if errors:
        raise errors[min(errors)]
    return [results[index] for index in range(len(items))]


def sync_map_bounded(fn: Callable[[T], R], items: Sequence[T], *, concurrency: int) -> list[R]:
    """``[fn(item) for item in items]`` on up to ``concurrency`` threads.

    Args:
        fn: The function to apply (each call runs in a copy of the caller's context).
        items: The inputs, in the order the results are wanted.
        concurrency: Calls in flight at most (>= 1; 1 runs everything on the calling thread).

    Returns:
        The results, in the order of ``items``.

    Raises:
        Exception: Whatever ``fn`` raised for the earliest failed item, once the calls already
            running have finished (the ones not started are cancelled).
    """
    if concurrency <= 1 or len(items) <= 1:
        return [fn(item) for item in items]
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(
        max_workers=min(concurrency, len(items)), thread_name_prefix="timeback-edubridge"
    ) as pool:
        futures = [pool.submit(contextvars.copy_context().run, fn, item) for item in items]
        try:
            return [future.result() for future in futures]
        except BaseException:
            for future in futures:
                future.cancel()
            raise
