"""The cursor of an incremental sync (``changes_since``): which page to ask for next. Pure.

The I/O is in ``_async/changes.py``; this module decides, from the pages received so far, the
filter and sort of the next request and which records of a page are new. It walks the
collection by **keyset**, never by offset, because offset paging is not a snapshot (wire
contract 4.5): a record changed during the pull moves to the end of a ``dateLastModified``
order, and every later offset would then skip one record.

The walk, with ``T`` the cursor (initially ``since``) and ``L`` the page size:

1. Ask for ``dateLastModified>='T'`` sorted by ``dateLastModified`` (the server breaks ties by
   ``sourcedId``), offset 0, ``L`` records. Records at exactly ``T`` that were already delivered
   are dropped (the cursor remembers their ids), the rest are delivered in order.
2. A page shorter than ``L`` (or a total the page covers) ends the walk.
3. Otherwise the cursor moves to the newest ``dateLastModified`` of the page and step 1 repeats.
   If the whole page shares the cursor's timestamp (more than ``L`` records modified in the
   same millisecond), the cursor walks that tie by id: ``dateLastModified='T' AND
   sourcedId>'last id'`` sorted by ``sourcedId``; once the tie is exhausted it goes on with
   ``dateLastModified>'T'``.

A record changed while the walk runs gets a newer ``dateLastModified`` than the cursor, so it is
delivered again (in its new version) later in the same walk, or by the next sync. The
high-water mark is the newest ``dateLastModified`` delivered (``since`` while none was).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from timeback_oneroster._filters import F, FilterExpression, FilterLike, all_of
from timeback_oneroster._types import parse_datetime

__all__ = ["DEFAULT_CHANGES_PAGE_SIZE", "ChangeCursor", "ChangeRequest"]

DEFAULT_CHANGES_PAGE_SIZE = 500
"""Records per request of a change feed."""


@dataclass(frozen=True)
class ChangeRequest:
    """One page request of the walk.

    Attributes:
        filter: The filter expression (the caller's filter ANDed in).
        sort: The sort field (``dateLastModified``, or ``sourcedId`` within a tie).
    """

    filter: FilterExpression
    sort: str


class ChangeCursor:
    """Where an incremental walk stands.

    Args:
        since: Deliver records with ``dateLastModified`` at or after this instant (a naive
            datetime is taken as UTC).
        filter: The caller's filter, ANDed with the walk's own predicates.
        page_size: Records per request.
    """

    def __init__(self, since: datetime, filter: FilterLike | None, page_size: int) -> None:
        self.since = parse_datetime(since)
        self.page_size = page_size
        self._filter = filter
        self._cursor = self.since
        self._inclusive = True  # >= the cursor (False after a tie walk: > the cursor)
        self._seen: set[str] = set()  # ids delivered whose dateLastModified is the cursor
        self._tie_after: str | None = None  # walking the tie at the cursor, after this id
        self.done = False

    def _with_filter(self, *parts: FilterExpression) -> FilterExpression:
        if self._filter is None:
            return all_of(*parts) if len(parts) > 1 else parts[0]
        return all_of(*parts, self._filter)

    def next_request(self) -> ChangeRequest | None:
        """The next page to ask for; None when the walk is over."""
        if self.done:
            return None
        stamp = F("dateLastModified")
        if self._tie_after is not None:
            return ChangeRequest(
                self._with_filter(stamp == self._cursor, F("sourcedId") > self._tie_after),
                "sourcedId",
            )
        bound = stamp >= self._cursor if self._inclusive else stamp > self._cursor
        return ChangeRequest(self._with_filter(bound), "dateLastModified")

    def accept(self, records: Sequence[Any], total: int | None) -> list[Any]:
        """Take the page answered to `next_request`; return the records to deliver, in order.

        Args:
            records: The page (models with ``sourced_id`` and ``date_last_modified``).
            total: The total the server reported for the request, if any.
        """
        fresh: list[Any] = []
        newest = self._cursor
        for record in records:
            stamp = record.date_last_modified
            key = record.sourced_id
            if stamp is not None and stamp == self._cursor and key in self._seen:
                continue  # delivered by an earlier page at this same instant
            fresh.append(record)
            if stamp is not None and stamp > newest:
                newest = stamp
        full = len(records) >= self.page_size and (total is None or total > len(records))
        if self._tie_after is not None:
            if full:
                self._tie_after = records[-1].sourced_id
                self._seen.clear()  # ids in the tie come in id order: the keyset suffices
            else:
                self._tie_after = None
                self._inclusive = False  # the whole tie at the cursor is delivered
                self._seen.clear()
            return fresh
        if not full:
            self.done = True
        elif newest > self._cursor:
            self._cursor = newest
            self._inclusive = True
            self._seen = {r.sourced_id for r in records if r.date_last_modified == newest}
        else:
            # A whole page at the cursor's instant: walk that instant by id.
            self._tie_after = records[-1].sourced_id
            self._seen.clear()
        return fresh
