"""The in-memory token cache shared by every `ClientCredentialsAuth` of a process.

One `_CacheEntry` per (token URL, client id, scope). An entry holds the current token and the two
locks that make token requests single-flight: a `threading.Lock` for sync flows and, for async
flows, one `anyio.Lock` per running event loop (an asyncio lock is bound to the loop that first
waits on it, so one lock cannot serve two loops). Sync and async flows never wait on each other's
lock: a thread blocking on a lock held across an ``await`` could stall an event loop, so the worst
a sync/async race can cost is one extra token request, never a deadlock.

Tokens live on the cache's clock (`time.monotonic` unless a test injects another), so a change of
the wall clock never makes a token look fresh or stale.
"""

from __future__ import annotations

import os
import threading
import time
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from timeback_common import TokenError

if TYPE_CHECKING:
    import anyio
    from anyio.lowlevel import RunVar

__all__ = ["TokenCache", "default_token_cache"]

Clock = Callable[[], float]


class AccessToken:
    """One issued access token. Its repr never shows the token; equality is identity.

    Attributes:
        value: The token itself (never logged, never in a repr).
        lifetime: Seconds it is valid from ``issued_at``.
        expires_at: ``issued_at + lifetime``, on the clock ``issued_at`` was read from.
    """

    __slots__ = ("expires_at", "lifetime", "value")

    def __init__(self, value: str, *, issued_at: float, lifetime: float) -> None:
        self.value = value
        self.lifetime = lifetime
        self.expires_at = issued_at + lifetime

    def is_fresh(self, now: float, refresh_margin: float) -> bool:
        """True while ``now`` is before expiry minus the refresh margin.

        The margin is capped at half the lifetime: a token that lives less than two margins
        (a 60 s margin against a 30 s test token) would otherwise be stale on arrival and every
        call would fetch a new one.
        """
        margin = min(refresh_margin, self.lifetime / 2)
        return now < self.expires_at - margin

    def __repr__(self) -> str:
        return f"<access token, lifetime {self.lifetime:g}s>"


# Every object holding thread locks, so that a forked child gets fresh ones: a lock another
# thread of the parent held at the moment of os.fork() stays held forever in the child (that
# thread does not exist there), and the child's first token request would wait on it forever.
_LOCK_HOLDERS: weakref.WeakSet[_CacheEntry | TokenCache] = weakref.WeakSet()


def _renew_locks_after_fork() -> None:
    # Runs in the child right after fork, while it has a single thread.
    for holder in list(_LOCK_HOLDERS):
        if isinstance(holder, _CacheEntry):
            holder.thread_lock = threading.Lock()
            holder._guard = threading.Lock()
        else:
            holder._lock = threading.Lock()


if hasattr(os, "register_at_fork"):  # every POSIX Python; Windows has no fork
    os.register_at_fork(after_in_child=_renew_locks_after_fork)


class _CacheEntry:
    """State for one cache key; mutated only under ``_guard`` (never held across I/O)."""

    def __init__(self) -> None:
        self.token: AccessToken | None = None
        # Bumped by every completed token request; a waiter that sees it move while it waited for
        # the lock shares that request's outcome (token or error) instead of making its own.
        self.version = 0
        self.error: TokenError | None = None
        self.thread_lock = threading.Lock()
        self._guard = threading.Lock()
        _LOCK_HOLDERS.add(self)
        self._async_lock_var: RunVar[anyio.Lock] | None = None

    def store(self, token: AccessToken) -> None:
        with self._guard:
            self.token = token
            self.error = None
            self.version += 1

    def store_failure(self, error: TokenError) -> None:
        with self._guard:
            self.error = error
            self.version += 1

    def drop(self, stale: AccessToken) -> None:
        """Forget ``stale`` unless another flow has already replaced it."""
        with self._guard:
            if self.token is stale:
                self.token = None

    def clear(self) -> None:
        with self._guard:
            self.token = None
            self.error = None

    def async_lock(self) -> anyio.Lock:
        """The lock of the running event loop for this entry, created on first use."""
        # anyio is imported here: sync-only programs never need it.
        import anyio
        from anyio.lowlevel import RunVar

        with self._guard:
            if self._async_lock_var is None:
                self._async_lock_var = RunVar(f"timeback-auth-token-lock-{id(self):x}")
            var = self._async_lock_var
        # Only the running loop's thread touches this loop's value: get-then-set cannot race.
        lock = var.get(None)
        if lock is None:
            lock = anyio.Lock()
            var.set(lock)
        return lock


class TokenCache:
    """A thread-safe, in-memory store of access tokens keyed by (token URL, client id, scope).

    Every `ClientCredentialsAuth` built without an explicit cache uses the process-wide
    `default_token_cache()`, so all clients configured with the same credentials share one token.
    Build a separate cache to isolate tests, or to inject a fake clock.

    Args:
        clock: Seconds as a float from a monotonic source; defaults to `time.monotonic`. Tests
            pass a fake clock to move time forward without sleeping.

    Example:
        >>> cache = TokenCache()
        >>> cache
        TokenCache(keys=0)
    """

    def __init__(self, *, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._entries: dict[tuple[str, str, str | None, str], _CacheEntry] = {}
        self._lock = threading.Lock()
        _LOCK_HOLDERS.add(self)

    @property
    def clock(self) -> Clock:
        """The clock tokens are timed with."""
        return self._clock

    def clear(self) -> None:
        """Forget every cached token; the next request of each auth object fetches a new one."""
        with self._lock:
            entries = list(self._entries.values())
        for entry in entries:
            entry.clear()

    def _entry(self, key: tuple[str, str, str | None, str]) -> _CacheEntry:
        entry = self._entries.get(key)
        if entry is None:
            with self._lock:
                entry = self._entries.setdefault(key, _CacheEntry())
        return entry

    def __repr__(self) -> str:
        return f"TokenCache(keys={len(self._entries)})"


_DEFAULT_CACHE = TokenCache()


def default_token_cache() -> TokenCache:
    """The process-wide cache used by every `ClientCredentialsAuth` built without ``cache=``.

    Returns:
        The shared `TokenCache`.
    """
    return _DEFAULT_CACHE
