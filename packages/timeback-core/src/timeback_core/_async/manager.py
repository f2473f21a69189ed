"""`TimebackManager`: named clients (one per platform or tenant) and broadcasts to them.

``scripts/unasync.py`` generates the sync twin, `SyncTimebackManager`, from this file. The one
place where the two differ in structure, running a broadcast's calls concurrently, is the
hand-written primitive pair in `timeback_common._concurrency`.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, TypeVar

from timeback_common import (
    AsyncCall,
    AsyncClosingContext,
    ConfigurationError,
    ErrorIssue,
    InputValidationError,
    async_run_each,
    short_repr,
)
from timeback_core._async.client import TimebackClient
from timeback_core._errors import (
    BroadcastTimeoutError,
    ClientAlreadyRegisteredError,
    ClientNotRegisteredError,
)
from timeback_core._results import BroadcastResults

__all__ = ["TimebackManager"]

T = TypeVar("T")

DEFAULT_MAX_CONCURRENCY = 8
"""How many clients a broadcast works on at the same time unless told otherwise."""


class TimebackManager(AsyncClosingContext):
    """Named `TimebackClient` instances, e.g. one per platform or tenant, and broadcasts to them.

    The manager owns the clients registered with it: `unregister` and `close` close them.

    Example:
        >>> manager = TimebackManager()
        >>> manager.register("alpha", env="production", client_id="...", client_secret="...")
        ...     # doctest: +SKIP
        >>> results = await manager.broadcast(lambda tb: tb.oneroster.users.get("u1"))
        ...     # doctest: +SKIP
        >>> await manager.close()  # doctest: +SKIP

    Args:
        max_concurrency: Default for `broadcast`: how many clients are worked on at once.
        timeout: Default for `broadcast`: seconds each client's call may take, None for no
            limit.

    Raises:
        ConfigurationError: ``max_concurrency`` is not an integer >= 1, or ``timeout`` is not a
            positive number or None.
    """

    def __init__(
        self,
        *,
        max_concurrency: int = DEFAULT_MAX_CONCURRENCY,
        timeout: float | None = None,
    ) -> None:
        problem = _check_broadcast_options(max_concurrency, timeout)
        if problem is not None:
            raise ConfigurationError(problem.message)
        self._max_concurrency = max_concurrency
        self._timeout = timeout
        self._clients: dict[str, TimebackClient] = {}

    def register(
        self, name: str, client: TimebackClient | None = None, /, **config: Any
    ) -> TimebackClient:
        """Add a client under ``name``: a new one built from ``config``, or a ready one.

        Args:
            name: A unique, non-empty name.
            client: A ready client to register (instead of ``config``).
            **config: The keyword arguments of `TimebackClient` (``env=``, ``client_id=``,
                ``base_url=``, ``transport=``, ...).

        Returns:
            The registered client.

        Raises:
            ClientAlreadyRegisteredError: ``name`` is taken (a `ConfigurationError`).
            ConfigurationError: ``name`` is empty, both ``client`` and ``config`` were given,
                ``client`` is not a `TimebackClient`, or ``config`` is incomplete or invalid
                (nothing is registered then).
        """
        if not isinstance(name, str) or not name.strip():
            raise ConfigurationError(
                f"a client name must be a non-empty string, got {short_repr(name)}"
            )
        if name in self._clients:
            raise ClientAlreadyRegisteredError(name)
        if client is None:
            client = TimebackClient(**config)
        elif config:
            raise ConfigurationError(
                f"register({name!r}, ...) takes a ready client or configuration arguments, not "
                f"both (got {', '.join(sorted(config))})"
            )
        elif not isinstance(client, TimebackClient):
            raise ConfigurationError(
                f"register({name!r}, client) needs a {TimebackClient.__name__}, "
                f"got {type(client).__name__}"
            )
        self._clients[name] = client
        return client

    def get(self, name: str) -> TimebackClient:
        """The client registered under ``name``.

        Args:
            name: The name it was registered with.

        Returns:
            The client.

        Raises:
            ClientNotRegisteredError: No client has that name (also a `LookupError`).
        """
        try:
            return self._clients[self._registered_name(name)]
        except KeyError:
            raise ClientNotRegisteredError(name, list(self._clients)) from None

    def has(self, name: str) -> bool:
        """Whether a client is registered under ``name``.

        Args:
            name: The name to look up.

        Returns:
            True when it is registered.
        """
        return isinstance(name, str) and name in self._clients

    @property
    def names(self) -> list[str]:
        """The registered names, in registration order."""
        return list(self._clients)

    @property
    def size(self) -> int:
        """How many clients are registered."""
        return len(self._clients)

    async def broadcast(
        self,
        fn: AsyncCall[TimebackClient, T],
        *,
        max_concurrency: int | None = None,
        timeout: float | None = None,
    ) -> BroadcastResults[T]:
        """Run ``fn(client)`` on every registered client and collect each outcome.

        Calls run concurrently, at most ``max_concurrency`` at a time. A call that raises, or
        that runs longer than ``timeout`` seconds (counted from its own start), is recorded in
        `BroadcastResults.failed` with its error (a `BroadcastTimeoutError` for the timeout;
        its docstring says what happens to the call itself); the other calls are unaffected. So
        a broadcast never raises because of a client.

        Args:
            fn: Called with each client, e.g. ``lambda tb: tb.oneroster.users.create(user)``;
                what it returns is awaited.
            max_concurrency: How many clients are worked on at once (default: the manager's).
            timeout: Seconds each call may take (default: the manager's, which defaults to none).

        Returns:
            One outcome per client registered when the broadcast started, in registration order.

        Raises:
            InputValidationError: ``max_concurrency`` or ``timeout`` is invalid; nothing ran.
        """
        limit = self._max_concurrency if max_concurrency is None else max_concurrency
        per_call = self._timeout if timeout is None else timeout
        problem = _check_broadcast_options(limit, per_call)
        if problem is not None:
            raise InputValidationError(problem.message, [problem])
        entries = list(self._clients.items())
        outcomes = await async_run_each(
            fn, [client for _, client in entries], limit=limit, timeout=per_call
        )
        results: list[tuple[str, T | None, Exception | None]] = []
        for (name, _), outcome in zip(entries, outcomes, strict=True):
            error = outcome.error
            if outcome.timed_out:
                error = BroadcastTimeoutError(name, per_call or 0.0)
            results.append((name, outcome.value, error))
        return BroadcastResults(results)

    async def unregister(self, name: str) -> None:
        """Remove the client registered under ``name`` and close it.

        Args:
            name: The name it was registered with.

        Raises:
            ClientNotRegisteredError: No client has that name (also a `LookupError`).
            TimebackError: The client failed to close (it is removed regardless).
        """
        client = self._clients.pop(self._registered_name(name), None)
        if client is None:
            raise ClientNotRegisteredError(name, list(self._clients))
        await client.close()

    async def close(self) -> None:
        """Close every registered client and forget them all, even when closing one fails.

        Raises:
            TimebackError: Closing a client failed; raised only after every client was closed
                (the first such failure).
        """
        clients = list(self._clients.values())
        self._clients.clear()
        failures: list[Exception] = []
        for client in clients:
            try:
                await client.close()
            except Exception as exc:  # re-raised once all are closed
                failures.append(exc)
        if failures:
            raise failures[0]

    def __len__(self) -> int:
        return len(self._clients)

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and name in self._clients

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._clients))

    def __repr__(self) -> str:
        return f"{type(self).__name__}(names={self.names!r})"

    def _registered_name(self, name: object) -> str:
        """``name`` when it can be a registered name (a string); a typed error otherwise."""
        if not isinstance(name, str):
            raise ClientNotRegisteredError(f"<a {type(name).__name__}>", list(self._clients))
        return name


def _check_broadcast_options(max_concurrency: object, timeout: object) -> ErrorIssue | None:
    if (
        isinstance(max_concurrency, bool)
        or not isinstance(max_concurrency, int)
        or max_concurrency < 1
    ):
        return ErrorIssue(
            f"max_concurrency must be an integer >= 1, got {short_repr(max_concurrency)}",
            path="max_concurrency",
        )
    if timeout is not None and (
        isinstance(timeout, bool)
        or not isinstance(timeout, (int, float))
        or not math.isfinite(timeout)
        or timeout <= 0
    ):
        return ErrorIssue(
            f"timeout must be a positive number of seconds or None, got {short_repr(timeout)}",
            path="timeout",
        )
    return None
