"""`EventBuffer`: the state of a buffered sender, and every decision about it. No network I/O.

The buffered sender (``_async/sender.py`` and its generated twin) only moves batches between
this buffer and the platform; what is queued, when a batch is due, what a batch holds, what a
flush waits for and when an ``emit`` must wait are decided here, under one lock, so the async and
the sync sender behave the same and the rules can be tested without a network.

Life of an event: ``add`` gives it a sequence number and queues it (in memory, or in the spool
file when there is one) -> ``take`` moves it into an in-flight `Batch` -> ``settle`` (delivered),
``reject`` (refused by the platform) or ``abandon`` (the sender closed first) ends it. An event
counts as *pending* from ``add`` to its end, and ``max_pending`` bounds the pending events.

When the spool file cannot be written (typically a full disk), an event that has ended still
ends: removing it from the file is kept in a backlog and tried again before every later write,
so delivery goes on with what is already spooled and nothing is sent twice by this sender (a
sender opened on the file before the backlog is written sends those events again, and the
platform stores each event id once). ``add`` raises `SpoolError` while the file cannot be
written: the event is not accepted, and the caller keeps it.

When a batch is due (``ready``):

* it is full: ``max_batch_events`` events, or the next event would push the envelope past
  ``max_batch_bytes``;
* ``max_batch_age`` seconds have passed since the first event arrived in an empty queue, or
  since the previous batch was taken (so an event waits at most about twice that long);
* a flush asked for the events queued so far, or the sender is closing;
* events recovered from the spool at start are due at once.
"""

from __future__ import annotations

import enum
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from ._batching import envelope_overhead, plan_batches
from ._errors import SpoolError
from ._spool import EventSpool

__all__ = ["AddResult", "Batch", "EventBuffer", "SenderStats"]


class AddResult(enum.Enum):
    """What `EventBuffer.add` did."""

    FULL = "full"
    """Not queued: ``max_pending`` events are pending."""
    CLOSED = "closed"
    """Not queued: the buffer is closing (decided under the lock, so no event slips in after
    `EventBuffer.close`)."""
    QUEUED = "queued"
    """Queued; the worker need not be woken."""
    WAKE = "wake"
    """Queued, and the worker should look again (the first event to wait, or a batch is full)."""


@dataclass(frozen=True)
class Batch:
    """Events that travel in one envelope.

    Attributes:
        seqs: Their sequence numbers, ascending.
        payloads: The encoded events, in the same order.
    """

    seqs: tuple[int, ...]
    payloads: tuple[bytes, ...]

    def __len__(self) -> int:
        return len(self.seqs)

    def halves(self) -> tuple[Batch, Batch]:
        """The first and the second half (for finding the event a platform refuses)."""
        middle = len(self.seqs) // 2
        return (
            Batch(self.seqs[:middle], self.payloads[:middle]),
            Batch(self.seqs[middle:], self.payloads[middle:]),
        )


@dataclass(frozen=True)
class SenderStats:
    """Counters of one buffered sender (a snapshot).

    Attributes:
        emitted: Events accepted by ``emit``.
        recovered: Events found in the spool when the sender started (from an earlier run).
        delivered: Events in envelopes the platform accepted (2xx).
        rejected: Events the platform refused even on their own (400/413/415/422).
        abandoned: Events not delivered when the sender closed (kept in the spool if any).
        pending: Events accepted (or recovered) and not yet delivered, rejected or abandoned.
        envelopes: Envelopes the platform accepted.
        failed_attempts: Envelope sends that failed (after the client's own retries).
        spool_failures: Writes to the spool file that failed (e.g. the disk was full).
        spool_backlog: Events that have ended (delivered or refused) but are still in the
            spool file, because it could not be written; they are removed once it can.
    """

    emitted: int = 0
    recovered: int = 0
    delivered: int = 0
    rejected: int = 0
    abandoned: int = 0
    pending: int = 0
    envelopes: int = 0
    failed_attempts: int = 0
    spool_failures: int = 0
    spool_backlog: int = 0


class EventBuffer:
    """Queued and in-flight events of one buffered sender (thread-safe).

    Args:
        sensor: The envelopes' sensor (its length counts towards ``max_batch_bytes``).
        max_batch_events: Most events per envelope.
        max_batch_bytes: Most bytes per envelope body.
        max_batch_age: Seconds a partly filled batch may wait (see the module docstring).
        max_pending: Most pending events; `add` answers `AddResult.FULL` beyond.
        spool: The durable queue, or None to queue in memory.
        clock: Monotonic seconds (tests inject one).
    """

    def __init__(
        self,
        *,
        sensor: str,
        max_batch_events: int,
        max_batch_bytes: int,
        max_batch_age: float,
        max_pending: int,
        spool: EventSpool | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lock = threading.Lock()
        self._max_events = max_batch_events
        self._max_bytes = max_batch_bytes
        self._max_age = max_batch_age
        self._max_pending = max_pending
        self._overhead = envelope_overhead(sensor)
        self._spool = spool
        self._clock = clock
        self._queue: deque[tuple[int, bytes]] = deque()  # memory mode only
        self._next_seq = 1  # memory mode only
        self._last_taken = 0  # sequence number of the newest event taken
        self._last_seq = 0  # sequence number of the newest event queued
        self._untaken = 0
        self._untaken_bytes = 0
        self._due_at: float | None = None
        self._flush_upto = 0
        self._closing = False
        # Sequence numbers in flight, in the (ascending) order they were taken.
        self._inflight: dict[int, None] = {}
        self._pending = 0
        self._emitted = self._recovered = self._delivered = self._rejected = 0
        self._abandoned = self._envelopes = self._failed_attempts = 0
        self._spool_failures = 0
        # Removals the spool file could not take yet: (seqs, None) to delete delivered events,
        # (seqs, error text) to move refused ones to the rejected table. Oldest first.
        self._backlog: list[tuple[tuple[int, ...], str | None]] = []
        if spool is not None:
            count, size, last = spool.totals()
            if count:
                self._untaken = self._pending = self._recovered = count
                self._untaken_bytes = size
                self._last_seq = last
                self._due_at = clock()  # left over from an earlier run: due at once

    # -- emit side ---------------------------------------------------------------------------

    @property
    def spooled(self) -> bool:
        """Whether events are kept in a spool file."""
        return self._spool is not None

    def add(self, payload: bytes) -> AddResult:
        """Queue one encoded event, unless ``max_pending`` events are pending.

        With a spool the event is committed to the file before this returns.
        """
        with self._lock:
            if self._closing:
                return AddResult.CLOSED
            if self._pending >= self._max_pending:
                return AddResult.FULL
            was_ready = self._size_ready()
            if self._spool is not None:
                self._write_backlog()  # frees room first, when it can
                try:
                    seq = self._spool.append([payload])[0]
                except SpoolError:
                    self._spool_failures += 1
                    raise
            else:
                seq = self._next_seq
                self._next_seq += 1
                self._queue.append((seq, payload))
            first = self._untaken == 0
            self._last_seq = seq
            self._untaken += 1
            self._untaken_bytes += len(payload)
            self._pending += 1
            self._emitted += 1
            if first:
                self._due_at = self._clock() + self._max_age
            return (
                AddResult.WAKE
                if first or (not was_ready and self._size_ready())
                else (AddResult.QUEUED)
            )

    def has_room(self) -> bool:
        """Whether `add` would queue an event now (or the sender is closing)."""
        with self._lock:
            return self._closing or self._pending < self._max_pending

    @property
    def pending(self) -> int:
        """Events accepted and not yet delivered, rejected or abandoned."""
        return self._pending

    # -- worker side -------------------------------------------------------------------------

    def _size_ready(self) -> bool:
        if self._untaken >= self._max_events:
            return True
        size = self._overhead + self._untaken_bytes + max(self._untaken - 1, 0)
        return self._untaken > 1 and size > self._max_bytes

    def _due(self, now: float) -> bool:
        return (
            self._closing
            or self._flush_upto > self._last_taken
            or (self._due_at is not None and now >= self._due_at)
        )

    def ready(self) -> bool:
        """Whether a batch is due now (see the module docstring)."""
        with self._lock:
            return self._untaken > 0 and (self._size_ready() or self._due(self._clock()))

    def seconds_until_due(self) -> float | None:
        """Seconds until a batch is due by age (0 when one is due now; None: nothing queued)."""
        with self._lock:
            if self._untaken == 0:
                return None
            now = self._clock()
            if self._size_ready() or self._due(now) or self._due_at is None:
                return 0.0
            return max(self._due_at - now, 0.0)

    def take(self, max_envelopes: int) -> list[Batch]:
        """Move the next due batches (at most ``max_envelopes``) in flight.

        Full batches are always taken; a last, partly filled one only when it is due by age,
        flush or close. An event larger than ``max_batch_bytes`` allows (possible only when a
        spool written with a larger limit is reopened) travels alone.
        """
        with self._lock:
            if self._untaken == 0 or max_envelopes < 1:
                return []
            due = self._due(self._clock())
            limit = max_envelopes * self._max_events
            if self._spool is not None:
                items = self._spool.read_after(self._last_taken, limit)
            else:
                items = list(islice(self._queue, limit))
            sizes = [len(payload) for _, payload in items]
            max_bytes = max(self._max_bytes, self._overhead + max(sizes))
            ranges = plan_batches(
                sizes, max_events=self._max_events, max_bytes=max_bytes, overhead=self._overhead
            )[:max_envelopes]
            last = ranges[-1]
            complete = len(last) >= self._max_events or last.stop < len(items)
            if not due and not complete:
                ranges.pop()
            if not ranges:
                return []
            count = ranges[-1].stop
            if self._spool is None:
                for _ in range(count):
                    self._queue.popleft()
            taken_bytes = sum(sizes[:count])
            self._last_taken = items[count - 1][0]
            self._untaken -= count
            self._untaken_bytes -= taken_bytes
            # What is left (younger than what went) gets a full max_batch_age from now, the
            # way OpenTelemetry's batch processor schedules exports: keeping the old deadline
            # would make every later batch due at once and send them half-filled.
            self._due_at = None if self._untaken == 0 else self._clock() + self._max_age
            batches = []
            for span in ranges:
                chosen = items[span.start : span.stop]
                seqs = tuple(seq for seq, _ in chosen)
                self._inflight.update(dict.fromkeys(seqs))
                batches.append(Batch(seqs, tuple(payload for _, payload in chosen)))
            return batches

    def _finish(self, batch: Batch) -> int:
        # Counts only events still in flight, so ending a batch twice changes nothing.
        ended = 0
        for seq in batch.seqs:
            if seq in self._inflight:
                del self._inflight[seq]
                ended += 1
        self._pending -= ended
        return ended

    def settle(self, batch: Batch) -> SpoolError | None:
        """The platform accepted ``batch``: forget it (deleting it from the spool).

        Returns:
            None, or the error of a spool file that could not be written: the events count as
            delivered all the same, and their deletion waits in the backlog.
        """
        with self._lock:
            self._delivered += self._finish(batch)
            self._envelopes += 1
            return self._remove_from_spool(batch.seqs, None)

    def reject(self, batch: Batch, error: str) -> SpoolError | None:
        """The platform refused ``batch`` for good (moved to the spool's rejected table).

        Returns:
            None, or the error of a spool file that could not be written (see `settle`).
        """
        with self._lock:
            self._rejected += self._finish(batch)
            return self._remove_from_spool(batch.seqs, error)

    def _remove_from_spool(self, seqs: tuple[int, ...], error: str | None) -> SpoolError | None:
        if self._spool is None:
            return None
        self._backlog.append((seqs, error))
        return self._write_backlog()

    def _write_backlog(self) -> SpoolError | None:
        # Called under the lock. Stops at the first failure, keeping the order of removals.
        spool = self._spool
        while spool is not None and self._backlog:
            seqs, error = self._backlog[0]
            try:
                if error is None:
                    spool.delete(seqs)
                else:
                    spool.reject(seqs, error)
            except SpoolError as exc:
                self._spool_failures += 1
                return exc
            self._backlog.pop(0)
        return None

    def write_spool_backlog(self) -> SpoolError | None:
        """Try again to remove ended events from the spool file (see `settle`).

        Returns:
            None when the backlog is empty now, else the spool file's error.
        """
        with self._lock:
            return self._write_backlog()

    @property
    def spool_backlog(self) -> int:
        """Ended events still in the spool file because it could not be written."""
        return sum(len(seqs) for seqs, _ in self._backlog)

    def record_failed_attempt(self) -> None:
        """Count one failed envelope send."""
        with self._lock:
            self._failed_attempts += 1

    def abandon(self, in_flight: list[Batch]) -> list[Batch]:
        """Give up on everything not delivered (the sender is closing and out of time).

        Args:
            in_flight: The batches the worker still held.

        Returns:
            Every abandoned batch, for reporting: ``in_flight`` and, in memory mode, the
            queued events (with a spool these stay in the file and are not listed).
        """
        with self._lock:
            abandoned = [batch for batch in in_flight if len(batch)]
            count = sum(self._finish(batch) for batch in in_flight)
            if self._spool is None and self._queue:
                queued = list(self._queue)
                self._queue.clear()
                abandoned.append(Batch(tuple(s for s, _ in queued), tuple(p for _, p in queued)))
            # Queued events: in memory they are listed above; in a spool they stay in the file.
            count += self._untaken
            self._pending -= self._untaken
            self._abandoned += count
            self._untaken = self._untaken_bytes = 0
            self._due_at = None
            return abandoned

    # -- flush and close ---------------------------------------------------------------------

    def mark_flush(self) -> int:
        """Make every event queued so far due now; returns the newest one's sequence number."""
        with self._lock:
            self._flush_upto = max(self._flush_upto, self._last_seq)
            return self._last_seq

    def flushed(self, target: int) -> bool:
        """Whether every event up to sequence number ``target`` has ended (or been abandoned)."""
        with self._lock:
            if self._inflight and next(iter(self._inflight)) <= target:
                return False
            if self._untaken == 0:
                return True
            if self._spool is not None:
                first = self._spool.first_after(self._last_taken)
            else:
                first = self._queue[0][0] if self._queue else None
            return first is None or first > target

    def close(self) -> None:
        """Stop accepting events; everything queued becomes due."""
        with self._lock:
            self._closing = True

    @property
    def closing(self) -> bool:
        """Whether `close` was called."""
        return self._closing

    def idle(self) -> bool:
        """Whether no event is pending."""
        with self._lock:
            return self._pending == 0

    def release(self) -> None:
        """Close the spool file, if any (its pending rows stay for the next sender).

        A last attempt writes the backlog first; what it cannot write stays in the file as
        pending, and the next sender opened on it sends those events again.
        """
        with self._lock:
            if self._spool is not None:
                self._write_backlog()
                self._spool.close()

    def stats(self) -> SenderStats:
        """A snapshot of the counters."""
        with self._lock:
            return SenderStats(
                emitted=self._emitted,
                recovered=self._recovered,
                delivered=self._delivered,
                rejected=self._rejected,
                abandoned=self._abandoned,
                pending=self._pending,
                envelopes=self._envelopes,
                failed_attempts=self._failed_attempts,
                spool_failures=self._spool_failures,
                spool_backlog=self.spool_backlog,
            )
