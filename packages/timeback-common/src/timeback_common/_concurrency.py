"""Primitives that differ between the async and the sync world, in ``async_x`` / ``sync_x`` pairs.

Code under ``_async/`` reaches them by their async name; ``scripts/unasync.py`` renames them for
the generated ``_sync/`` twin (``async_sleep`` -> ``sync_sleep``). Nothing else in the ``_async``
code may touch asyncio, anyio or threading directly.
"""

from __future__ import annotations

import time

__all__ = ["async_sleep", "sync_sleep"]


async def async_sleep(seconds: float) -> None:
    """Sleep without blocking the event loop (asyncio or trio, through anyio)."""
    # anyio is imported here, not at module level: only a retry needs it, and it is not cheap.
    import anyio

    await anyio.sleep(seconds)


def sync_sleep(seconds: float) -> None:
    """Block the calling thread for ``seconds``."""
    time.sleep(seconds)
