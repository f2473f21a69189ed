"""The typed records a mirror hands out: change events, run summaries, push reports, conflicts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

__all__ = [
    "ChangeEvent",
    "CollectionRun",
    "Conflict",
    "ConflictPolicy",
    "PushItem",
    "PushReport",
    "RunSummary",
]

ConflictPolicy = Literal["platform", "local", "keep"]
"""Who wins when the platform changed a record after the local change was staged: the
``platform`` (the local change is dropped, and recorded), ``local`` (it is pushed anyway), or
nobody yet (``keep``: the conflict waits in the ``conflicts`` table for a person)."""


@dataclass(frozen=True)
class ChangeEvent:
    """One change a run applied to the mirror.

    Attributes:
        run_id: The run that applied it.
        collection: The collection (table) changed.
        sourced_id: The record's id.
        operation: ``created``, ``updated`` or ``deleted`` (deleted records stay as tombstones
            with status ``tobedeleted``).
        date_last_modified: The record's ``dateLastModified`` (UTC, naive).
        record: The record as a typed model (`User`, `Class`, ...).
    """

    run_id: str
    collection: str
    sourced_id: str
    operation: str
    date_last_modified: datetime | None
    record: Any = field(repr=False)


@dataclass(frozen=True)
class CollectionRun:
    """What one run did to one collection.

    Attributes:
        collection: The collection.
        kind: ``full`` (a whole pull) or ``incremental`` (changes since the mark).
        added: Records created in the mirror.
        updated: Records changed.
        deleted: Records that became tombstones.
        unchanged: Records received that the mirror already held in that version.
        seconds: Time the collection took.
        mark: The high-water mark after the run (UTC, naive).
    """

    collection: str
    kind: str
    added: int
    updated: int
    deleted: int
    unchanged: int
    seconds: float
    mark: datetime | None


@dataclass(frozen=True)
class RunSummary:
    """What a run did, collection by collection.

    Attributes:
        run_id: The run's id (the ``run_id`` of its entries in the ``changes`` table).
        collections: One `CollectionRun` per collection, in run order.
    """

    run_id: str
    collections: tuple[CollectionRun, ...]

    @property
    def total_changes(self) -> int:
        """Records added, updated or deleted, over all collections."""
        return sum(c.added + c.updated + c.deleted for c in self.collections)


@dataclass(frozen=True)
class PushItem:
    """The outcome of one staged change.

    Attributes:
        outbox_id: Its row in the ``outbox`` table.
        collection: The collection.
        sourced_id: The record's id.
        operation: ``upsert`` or ``delete``.
        state: ``pushed``, ``failed``, ``conflict`` (waiting for a person) or ``superseded``
            (the platform's newer version won).
        outcome: The error message of a failure, or a note on a conflict.
    """

    outbox_id: int
    collection: str
    sourced_id: str
    operation: str
    state: str
    outcome: str | None = None


@dataclass(frozen=True)
class PushReport:
    """What `push` did with every staged change, in staging order."""

    items: tuple[PushItem, ...]

    def _with(self, state: str) -> list[PushItem]:
        return [item for item in self.items if item.state == state]

    @property
    def pushed(self) -> list[PushItem]:
        """The changes the platform accepted."""
        return self._with("pushed")

    @property
    def failed(self) -> list[PushItem]:
        """The changes the platform refused (they stay in the outbox as ``failed``)."""
        return self._with("failed")

    @property
    def conflicts(self) -> list[PushItem]:
        """The changes kept for a person to decide."""
        return self._with("conflict")

    @property
    def superseded(self) -> list[PushItem]:
        """The changes dropped because the platform's newer version won."""
        return self._with("superseded")


@dataclass(frozen=True)
class Conflict:
    """A local change staged against a version the platform has since replaced.

    Attributes:
        id: Its row in the ``conflicts`` table.
        outbox_id: The staged change.
        collection: The collection.
        sourced_id: The record's id.
        operation: ``upsert`` or ``delete``.
        local_data: The staged record (wire form), None for a delete.
        platform_data: The platform's version when the conflict was found.
        base_modified: The ``dateLastModified`` the local change was based on.
        platform_modified: The platform's ``dateLastModified``.
        detected_at: When the conflict was found (UTC, naive).
        resolution: ``local``, ``platform``, or None while undecided.
        resolved_at: When it was decided (UTC, naive), None while undecided.
    """

    id: int
    outbox_id: int
    collection: str
    sourced_id: str
    operation: str
    local_data: dict[str, Any] | None
    platform_data: dict[str, Any] | None
    base_modified: datetime | None
    platform_modified: datetime | None
    detected_at: datetime
    resolution: str | None
    resolved_at: datetime | None = None
