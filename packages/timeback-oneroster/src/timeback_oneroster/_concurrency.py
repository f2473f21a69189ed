"""Bounded concurrency, one per world: `async_run_each` and `sync_run_each`.

Code under ``_async/`` (the bulk writes) calls `async_run_each`; ``scripts/unasync.py`` renames
it to `sync_run_each` in the generated twin (the ``async_x -> sync_x`` rule). They are written
by hand because the two worlds differ in structure: anyio tasks in one, a thread pool in the
other (the sync client is safe to share between threads, as the sync paginator already relies
on).

Both call ``fn(index)`` for every index of ``range(count)`` with at most ``concurrency`` calls in
flight, in index order of starting, and return once every call has finished. ``fn`` is expected
to record its own outcome and not to raise; if it raises anyway, nothing new is started and the
error propagates once the running calls are over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

__all__ = ["async_run_each", "sync_run_each"]


async def async_run_each(
    fn: Callable[[int], Awaitable[None]], count: int, *, concurrency: int
) -> None:
    """``for i in range(count): await fn(i)`` with up to ``concurrency`` calls in flight.

    Args:
        fn: The coroutine function to call with each index.
        count: How many calls.
        concurrency: Calls in flight at most (1 is strictly sequential, without anyio).
    """
    if concurrency <= 1 or count <= 1:
        for index in range(count):
            await fn(index)
        return
    import anyio  # only a concurrent run needs it

    cursor = 0

    async def worker() -> None:
        nonlocal cursor
        # No await between reading and advancing the cursor: no two workers take one index.
        while cursor < count:
            index = cursor
            cursor += 1
            await fn(index)

    async with anyio.create_task_group() as task_group:
        for _ in range(min(concurrency, count)):
            task_group.start_soon(worker)


def sync_run_each(fn: Callable[[int], None], count: int, *, concurrency: int) -> None:
    """``for i in range(count): fn(i)`` on up to ``concurrency`` threads.

    Args:
        fn: The function to call with each index (in a copy of the caller's context); it must
            be thread-safe.
        count: How many calls.
        concurrency: Calls in flight at most (1 runs everything on the calling thread).
    """
    if concurrency <= 1 or count <= 1:
        for index in range(count):
            fn(index)
        return
    import contextvars
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(
        max_workers=min(concurrency, count), thread_name_prefix="timeback-oneroster-bulk"
    ) as pool:
        futures = [pool.submit(contextvars.copy_context().run, fn, i) for i in range(count)]
        try:
            for future in futures:
                future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise
