"""Where the database work of a mirror runs.

The async mirror drives SQLAlchemy's ordinary (blocking) engine from a worker thread, one call
at a time, so the event loop keeps serving the HTTP pages meanwhile; its generated sync twin
calls the same functions directly (``scripts/unasync.py`` maps `in_worker_thread` to
`in_this_thread`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import anyio.to_thread
from typing_extensions import ParamSpec

__all__ = ["in_this_thread", "in_worker_thread"]

T = TypeVar("T")
P = ParamSpec("P")


async def in_worker_thread(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``function(*args, **kwargs)`` in a worker thread and return its result."""
    return await anyio.to_thread.run_sync(functools.partial(function, *args, **kwargs))


def in_this_thread(function: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run ``function(*args, **kwargs)`` here (the sync mirror's `in_worker_thread`)."""
    return function(*args, **kwargs)
