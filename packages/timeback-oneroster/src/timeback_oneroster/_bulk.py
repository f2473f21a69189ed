"""What a bulk write reports: `BulkReport`, one `BulkItemResult` per input item, `BulkError`. Pure.

The bulk operations (``client.users.bulk_create(...)``, ``bulk_upsert``, ``bulk_delete``; the
I/O is in ``_async/bulk.py``) never stop at the first failure unless asked to, and never drop an
item silently: the report has exactly one result per input item, in input order, each one
``succeeded``, ``failed`` (with the typed error, a `OneRosterError`) or ``skipped`` (not attempted
because ``stop_on_error`` stopped the run). `BulkReport.raise_for_failures` turns an incomplete
run into one `BulkError` carrying the report.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar, overload

from timeback_oneroster._errors import OneRosterError

__all__ = [
    "DEFAULT_BULK_CHUNK_SIZE",
    "DEFAULT_BULK_CONCURRENCY",
    "BulkError",
    "BulkItemResult",
    "BulkOperation",
    "BulkOutcome",
    "BulkReport",
]

DEFAULT_BULK_CHUNK_SIZE = 100
"""Items read from the input at a time (and at most per array-wrapped create)."""

DEFAULT_BULK_CONCURRENCY = 4
"""Requests in flight at most, the same default as list pages."""

R = TypeVar("R")

BulkOperation = Literal["create", "upsert", "delete"]
"""The bulk operations."""

BulkOutcome = Literal["succeeded", "failed", "skipped"]
"""What happened to one item: done, failed with an error, or not attempted."""


@dataclass(frozen=True)
class BulkItemResult(Generic[R]):
    """The outcome of one input item of a bulk write.

    Attributes:
        index: Position of the item in the input (0-based).
        sourced_id: The record's id: the one the item carried, the allocated one for a create
            that succeeded without one, None when neither is known.
        outcome: ``"succeeded"``, ``"failed"`` or ``"skipped"`` (not attempted: an earlier
            item failed and ``stop_on_error`` was set).
        created: True when the record was created, False when an existing one was replaced;
            None when the platform does not say (gradebook PUT) or for deletes and failures.
        result: What the single operation returns (`SourcedIdPair` for a create, `UpsertResult`
            without the record for an upsert, None for a delete or a failure).
        error: The typed error for a failed item (also a `OneRosterError`), else None.
    """

    index: int
    sourced_id: str | None
    outcome: BulkOutcome
    created: bool | None = None
    result: R | None = None
    error: OneRosterError | None = None

    @property
    def ok(self) -> bool:
        """True when the item succeeded."""
        return self.outcome == "succeeded"


@dataclass(frozen=True)
class BulkReport(Generic[R]):
    """Every item of a bulk write with its outcome, in input order.

    Iterating, ``len()`` and indexing go over all items; `succeeded`, `failed` and `skipped` are
    views by outcome.

    Attributes:
        operation: ``"create"``, ``"upsert"`` or ``"delete"``.
        items: One result per input item, in input order.
    """

    operation: BulkOperation
    items: tuple[BulkItemResult[R], ...] = field(default=())

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[BulkItemResult[R]]:
        return iter(self.items)

    @overload
    def __getitem__(self, index: int) -> BulkItemResult[R]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[BulkItemResult[R]]: ...
    def __getitem__(self, index: int | slice) -> BulkItemResult[R] | Sequence[BulkItemResult[R]]:
        return self.items[index]

    @property
    def succeeded(self) -> list[BulkItemResult[R]]:
        """The items that succeeded, in input order."""
        return [item for item in self.items if item.outcome == "succeeded"]

    @property
    def failed(self) -> list[BulkItemResult[R]]:
        """The items that failed (each with its ``error``), in input order."""
        return [item for item in self.items if item.outcome == "failed"]

    @property
    def skipped(self) -> list[BulkItemResult[R]]:
        """The items not attempted because ``stop_on_error`` stopped the run."""
        return [item for item in self.items if item.outcome == "skipped"]

    @property
    def ok(self) -> bool:
        """True when every item succeeded (an empty input is ok)."""
        return all(item.outcome == "succeeded" for item in self.items)

    def raise_for_failures(self) -> BulkReport[R]:
        """Raise `BulkError` unless every item succeeded.

        Returns:
            The report itself, when every item succeeded.

        Raises:
            BulkError: Some items failed or were skipped; ``err.report`` has them all.
        """
        if not self.ok:
            raise BulkError(self)
        return self

    def __repr__(self) -> str:
        return (
            f"BulkReport(operation={self.operation!r}, items={len(self.items)}, "
            f"succeeded={len(self.succeeded)}, failed={len(self.failed)}, "
            f"skipped={len(self.skipped)})"
        )


class BulkError(OneRosterError):
    """A bulk write did not succeed for every item (raised by `BulkReport.raise_for_failures`).

    Attributes:
        report: The whole report (``report.failed`` has each failure with its typed error).
        failures: The failed items, in input order.
    """

    def __init__(self, report: BulkReport[Any]) -> None:
        self.report = report
        self.failures = tuple(report.failed)
        skipped = len(report.skipped)
        message = f"bulk {report.operation}: {len(self.failures)} of {len(report)} items failed"
        if skipped:
            message += f", {skipped} skipped"
        if self.failures:
            first = self.failures[0]
            message += (
                f"; first at index {first.index} ({first.sourced_id!r}): "
                f"{type(first.error).__name__}: {first.error}"
            )
        super().__init__(message)
