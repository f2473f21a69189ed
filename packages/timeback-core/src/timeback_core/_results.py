"""`BroadcastResults`: what `TimebackManager.broadcast` returns (pure, shared by both managers)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Generic, TypeVar

from ._errors import BroadcastError

__all__ = ["BroadcastResults"]

T = TypeVar("T")


class BroadcastResults(Generic[T]):
    """The outcome of one broadcast: a value or an error per client, in registration order.

    Example:
        >>> results = await manager.broadcast(lambda client: ...)  # doctest: +SKIP
        >>> if results.all_succeeded:  # doctest: +SKIP
        ...     print("synced everywhere")
        >>> for name, error in results.failed:  # doctest: +SKIP
        ...     print(f"{name} failed: {error}")

    Args:
        outcomes: ``(name, value, error)`` per client, in registration order; ``error`` is None
            for a success.
    """

    __slots__ = ("_outcomes",)

    def __init__(self, outcomes: Sequence[tuple[str, T | None, Exception | None]]) -> None:
        self._outcomes = tuple(outcomes)

    @property
    def names(self) -> list[str]:
        """Names of every client the broadcast ran on, in registration order."""
        return [name for name, _, _ in self._outcomes]

    @property
    def succeeded(self) -> list[tuple[str, T]]:
        """``(name, value)`` of each call that succeeded, in registration order."""
        return [(name, value) for name, value, error in self._outcomes if error is None]  # type: ignore[misc]

    @property
    def failed(self) -> list[tuple[str, Exception]]:
        """``(name, error)`` of each call that failed or timed out, in registration order.

        A call that ran past the broadcast's ``timeout`` has a `BroadcastTimeoutError`.
        """
        return [(name, error) for name, _, error in self._outcomes if error is not None]

    @property
    def all_succeeded(self) -> bool:
        """True when every call succeeded (also for a broadcast over no clients)."""
        return all(error is None for _, _, error in self._outcomes)

    @property
    def any_failed(self) -> bool:
        """True when at least one call failed or timed out."""
        return not self.all_succeeded

    def values(self) -> list[T]:
        """Every call's value, in registration order.

        Returns:
            The values, one per client.

        Raises:
            BroadcastError: At least one call failed; it names each failed client and its error
                (``failures``), and the original errors are kept there.
        """
        failures = self.failed
        if failures:
            raise BroadcastError(failures, [name for name, _ in self.succeeded])
        return [value for _, value in self.succeeded]

    def __len__(self) -> int:
        return len(self._outcomes)

    def __iter__(self) -> Iterator[tuple[str, T | None, Exception | None]]:
        """Iterate over ``(name, value, error)`` per client, in registration order."""
        return iter(self._outcomes)

    def __repr__(self) -> str:
        ok = ", ".join(name for name, _ in self.succeeded) or "-"
        failed = ", ".join(name for name, _ in self.failed) or "-"
        return f"BroadcastResults(succeeded=[{ok}], failed=[{failed}])"
