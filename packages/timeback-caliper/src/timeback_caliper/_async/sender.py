"""`AsyncBufferedSender`: ``emit`` an event and move on; it is batched and delivered behind you.

Written once, async; ``scripts/unasync.py`` generates ``SyncBufferedSender`` from it. Where the
two differ (a background task or a thread, how to wait) the code goes through the primitive
pairs of ``timeback_caliper._concurrency``; every decision about the queue (when a batch is due,
what it holds, what a flush waits for) is taken by ``timeback_caliper._buffer.EventBuffer``.

The worker's round: wait until a batch is due -> take up to ``concurrency`` envelopes (first any
that failed before) -> send them together -> per envelope: accepted (forget the events),
refused for its content (split it in halves to isolate the offending events; a single event
refused on its own is given up and reported), or failed otherwise (report, keep it, and send it
again after a growing delay).
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from typing_extensions import Self

from timeback_caliper._async._posting import AsyncEventPoster, count_events
from timeback_caliper._batching import (
    DEFAULT_MAX_ENVELOPE_BYTES,
    DEFAULT_MAX_ENVELOPE_EVENTS,
    envelope_overhead,
)
from timeback_caliper._buffer import AddResult, Batch, EventBuffer, SenderStats
from timeback_caliper._concurrency import AsyncCondition, AsyncWorker
from timeback_caliper._delivery import (
    DeliveryFailure,
    DeliveryOutcome,
    assemble_envelope,
    is_rejection,
    retry_delay,
    sender_retry_policy,
)
from timeback_caliper._envelope import _check_sensor
from timeback_caliper._errors import (
    BufferFullError,
    CaliperError,
    SenderClosedError,
    SpoolError,
    as_caliper_error,
)
from timeback_caliper._models import CaliperSendResult
from timeback_caliper._spool import EventSpool
from timeback_caliper._validation import EventLike
from timeback_common import (
    AsyncClosingContext,
    ErrorIssue,
    InputValidationError,
    Outcome,
    RateLimitError,
    RequestOptions,
    TimebackError,
    async_run_each,
    async_sleep,
    service_error_class,
)

if TYPE_CHECKING:
    from timeback_caliper._async.client import CaliperClient

__all__ = ["DEFAULT_MAX_PENDING", "DEFAULT_MAX_PENDING_SPOOLED", "AsyncBufferedSender"]

log = logging.getLogger("timeback.caliper")

DEFAULT_MAX_PENDING = 10_000
"""Pending events a sender holds at most when they are kept in memory."""

DEFAULT_MAX_PENDING_SPOOLED = 1_000_000
"""Pending events a sender holds at most when they are kept in a spool file."""


class AsyncBufferedSender(AsyncClosingContext):
    """Batches events in the background and delivers them reliably.

    ``emit(event)`` validates the event (and rewrites it for LearnWith.AI when the client is
    configured for that platform), queues it and returns; a background worker sends envelopes
    when ``max_batch_events`` or ``max_batch_bytes`` is reached, or ``max_batch_age`` seconds
    after the first event arrived in an empty queue or after the previous envelope was taken
    (as OpenTelemetry's batch processor does). `flush` and `close` deliver what is queued.

    **When the buffer is full** (``max_pending`` events accepted and not yet delivered),
    ``emit`` waits up to ``block_timeout`` seconds for room, then raises `BufferFullError`;
    the event is then *not* accepted and stays with the caller. Nothing already accepted is
    ever dropped to make room: back-pressure, not loss. ``block_timeout=0`` never waits.

    **Delivery**: an envelope is sent again after any failure that may pass (connection
    errors, timeouts, 401/403/404, 429, 5xx), with a growing delay (``retry_initial_delay``
    doubling up to ``retry_max_delay``, never shorter than a ``Retry-After`` up to that cap),
    for as long as the sender is open. No answer of the platform stops the worker: whatever
    goes wrong in a delivery is logged, reported and retried. Events carry ids and the
    platform stores each id once, so resending never duplicates an event. An envelope the
    platform refuses for its content (400, 413, 415, 422) is split in halves until the
    refused events are isolated; those are given up. Every failure is logged (logger
    ``timeback.caliper``) and passed to ``on_error`` as a `DeliveryFailure`; no event is ever
    lost silently.

    **Durable spool** (``spool="events.db"``): each event is committed to a SQLite file before
    ``emit`` returns and deleted only after the platform accepted its envelope; a new sender
    opened on the file first delivers what an earlier one left (after a crash, a kill, or a
    close that ran out of time). At-least-once: an envelope in flight at a crash is sent again,
    and the platform's deduplication by event id keeps that from creating duplicates. When
    the file cannot be written (a full disk), what it already holds is still delivered,
    ``on_error`` hears of it (``"spool_error"``, counted in `stats`), ``emit`` refuses new
    events with `SpoolError`, and the sender recovers by itself once the file can be written.

    A sender belongs to one event loop (or, for the sync twin, may be shared by threads).
    Close it (or use it as a context manager): the background worker is not stopped otherwise.

    Args:
        client: The Caliper client to send through (e.g. ``TimebackClient(...).caliper``).
        sensor: IRI of the sending application, the envelopes' ``sensor``.
        max_batch_events: Most events per envelope.
        max_batch_bytes: Most bytes per envelope body.
        max_batch_age: Seconds a partly filled batch may wait to fill up (see above).
        max_pending: Events accepted and not yet delivered, at most (default 10,000 in
            memory, 1,000,000 with a spool).
        block_timeout: Seconds ``emit`` waits for room when the buffer is full.
        concurrency: Envelopes in flight at most.
        spool: Path of the SQLite spool file; None keeps events in memory only.
        spool_fsync: Commit each event with an fsync (survives power loss, slower).
        retry_initial_delay: First delay before resending a failed envelope, in seconds.
        retry_max_delay: Longest delay between resends, in seconds (a longer ``Retry-After``
            is cut to it).
        on_error: Called with a `DeliveryFailure` for each failed attempt, refusal and
            abandonment, on the worker; keep it quick. Exceptions it raises are logged.

    Raises:
        InputValidationError: An argument is out of range or ``sensor`` is not an IRI.
        ConfigurationError: The spool file cannot be used (in use by another sender, or
            written for another sensor or platform).

    Every error is also a `CaliperError`.

    Example:
        >>> async with AsyncBufferedSender(client, "https://reading.example.com") as sender:
        ...     await sender.emit(activity_completed(actor=..., object=..., metrics=...))
    """

    def __init__(
        self,
        client: CaliperClient,
        sensor: str,
        *,
        max_batch_events: int = DEFAULT_MAX_ENVELOPE_EVENTS,
        max_batch_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
        max_batch_age: float = 1.0,
        max_pending: int | None = None,
        block_timeout: float = 1.0,
        concurrency: int = 2,
        spool: str | os.PathLike[str] | None = None,
        spool_fsync: bool = False,
        retry_initial_delay: float = 0.5,
        retry_max_delay: float = 30.0,
        on_error: Callable[[DeliveryFailure], object] | None = None,
    ) -> None:
        if max_pending is None:
            max_pending = DEFAULT_MAX_PENDING if spool is None else DEFAULT_MAX_PENDING_SPOOLED
        try:
            _check_sensor(sensor)
            _check_arguments(
                max_batch_events=max_batch_events,
                max_batch_bytes=max_batch_bytes,
                max_pending=max_pending,
                concurrency=concurrency,
                max_batch_age=max_batch_age,
                block_timeout=block_timeout,
                retry_initial_delay=retry_initial_delay,
                retry_max_delay=retry_max_delay,
            )
            store = (
                None
                if spool is None
                else EventSpool(
                    spool, sensor=sensor, platform=client.settings.platform, fsync=spool_fsync
                )
            )
        except TimebackError as exc:
            raise as_caliper_error(exc) from None
        self._client = client
        self._sensor = sensor
        self._poster = AsyncEventPoster.of(client)
        self._path = self._poster.paths.send
        self._max_batch_bytes = max_batch_bytes
        self._overhead = envelope_overhead(sensor)
        self._block_timeout = block_timeout
        self._concurrency = concurrency
        self._retry_policy = sender_retry_policy(
            initial=retry_initial_delay, maximum=retry_max_delay
        )
        self._on_error = on_error
        self._request_options = RequestOptions(idempotent=True)
        self._buffer = EventBuffer(
            sensor=sensor,
            max_batch_events=max_batch_events,
            max_batch_bytes=max_batch_bytes,
            max_batch_age=max_batch_age,
            max_pending=max_pending,
            spool=store,
        )
        self._wake = AsyncCondition()  # the worker waits on it
        self._signals = 0  # bumped by every wake-up, so the worker recomputes its deadline
        self._progress = AsyncCondition()  # emit (room) and flush (delivery) wait on it
        self._worker = AsyncWorker(f"timeback-caliper-sender {sensor}")
        self._closed = False
        self._aborted = False
        self._held: list[Batch] = []  # the batches the worker holds between rounds

    @property
    def sensor(self) -> str:
        """The envelopes' sensor."""
        return self._sensor

    @property
    def closed(self) -> bool:
        """Whether `close` was called."""
        return self._closed

    @property
    def stats(self) -> SenderStats:
        """Counters: emitted, delivered, rejected, abandoned, pending, envelopes, ..."""
        return self._buffer.stats()

    async def start(self) -> None:
        """Start the background worker (done by the first `emit` or `flush` otherwise).

        Start it explicitly to deliver what a spool file holds from an earlier run without
        emitting anything new.

        Raises:
            SenderClosedError: The sender is closed.
        """
        if self._closed:
            raise SenderClosedError("the sender is closed")
        self._worker.start(self._run)

    async def emit(self, event: EventLike) -> None:
        """Queue one event for delivery; returns at once unless the buffer is full.

        Args:
            event: A model (e.g. from `activity_completed`) or a wire-shaped dict.

        Raises:
            InputValidationError: The event is invalid, or too large for an envelope.
            BufferFullError: ``max_pending`` events stayed pending for ``block_timeout``
                seconds; the event was not accepted.
            SenderClosedError: The sender is closed.
            SpoolError: The spool file could not be written; the event was not accepted.
            ConfigurationError: Called in a process forked after the sender was created, or
                from an event loop other than the one that started the sender.

        Every error is also a `CaliperError`.
        """
        # Before the closed check: a worker cancelled with its event loop closes the sender,
        # and the caller should learn why (another loop or process), not only that it is closed.
        self._worker.check_owner()
        if self._closed:
            raise SenderClosedError("the sender is closed; events can no longer be emitted")
        payload = self._poster.prepare_event(event)
        if self._overhead + len(payload) > self._max_batch_bytes:
            cls = service_error_class(CaliperError, InputValidationError)
            message = (
                f"this event takes {len(payload)} bytes; with the envelope it exceeds "
                f"max_batch_bytes={self._max_batch_bytes} on its own"
            )
            raise cls(message, [ErrorIssue(message)])
        await self.start()
        result = self._buffer.add(payload)
        if result is AddResult.FULL:
            result = await self._add_when_room(payload)
        if result is AddResult.CLOSED:  # closed by another thread meanwhile
            raise SenderClosedError("the sender is closed; events can no longer be emitted")
        if self._buffer.spooled:
            count_events("spooled", 1)
        if result is AddResult.WAKE:
            self._signal()
            # Let the worker start on the batch now: an application emitting in a tight loop
            # would otherwise keep it from sending until its next pause.
            await async_sleep(0)

    async def _add_when_room(self, payload: bytes) -> AddResult:
        deadline = time.monotonic() + self._block_timeout
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                pending = self._buffer.pending
                raise BufferFullError(
                    f"the sender's buffer is full ({pending} events pending) and stayed full "
                    f"for {self._block_timeout:g} s; the event was not accepted",
                    pending=pending,
                )
            await self._progress.wait_for(self._buffer.has_room, remaining)
            result = self._buffer.add(payload)
            if result is AddResult.CLOSED:
                raise SenderClosedError("the sender was closed while waiting for room")
            if result is not AddResult.FULL:
                return result

    async def flush(self, timeout: float | None = None) -> bool:
        """Send everything emitted so far now, and wait until it is delivered.

        Args:
            timeout: Seconds to wait at most; None waits as long as it takes (a platform
                outage then blocks until it ends).

        Returns:
            True when every event emitted before the call has been delivered, or refused by
            the platform and reported; False when the time ran out first.

        Raises:
            SenderClosedError: The sender is closed.
        """
        await self.start()
        target = self._buffer.mark_flush()
        self._signal()
        done = await self._progress.wait_for(
            lambda: self._aborted or self._buffer.flushed(target), timeout
        )
        return done and not self._aborted

    async def close(self, timeout: float | None = 30.0) -> bool:
        """Stop accepting events, deliver what is pending, and stop the worker.

        After ``timeout`` seconds the sender gives up on what is left: with a spool those
        events stay in the file for the next sender; without one they are reported to
        ``on_error`` (and logged) as ``abandoned``. The client is not closed.

        Args:
            timeout: Seconds to spend delivering at most; None waits as long as it takes.

        Returns:
            True when everything pending was delivered (or refused and reported).

        Raises:
            ConfigurationError: Called in a process forked after the sender was created, or
                from an event loop other than the one that started the sender.
        """
        self._worker.check_owner()
        if self._closed:
            await self._worker.join()
            self._buffer.release()
            return self._buffer.idle() and not self._aborted
        self._closed = True
        self._buffer.close()
        if not self._buffer.idle():
            self._worker.start(self._run)  # e.g. spooled events of an earlier run
        self._signal()
        self._progress.notify_all()
        drained = await self._progress.wait_for(self._buffer.idle, timeout)
        if not drained:
            self._aborted = True
            self._signal()
        await self._worker.join()
        self._buffer.release()
        return drained

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    def __repr__(self) -> str:
        stats = self._buffer.stats()
        return (
            f"{type(self).__name__}(sensor={self._sensor!r}, pending={stats.pending}, "
            f"spooled={self._buffer.spooled}, closed={self._closed})"
        )

    # -- the worker --------------------------------------------------------------------------

    def _signal(self) -> None:
        self._signals += 1
        self._wake.notify_all()

    def _should_look(self) -> bool:
        buffer = self._buffer
        return self._aborted or buffer.ready() or (buffer.closing and buffer.idle())

    def _woken(self, seen: int) -> bool:
        return self._signals != seen or self._should_look()

    async def _run(self) -> None:
        try:
            await self._deliver_until_closed()
        except BaseException:
            # Only what no round may swallow gets here (the task cancelled, the interpreter
            # exiting). Nothing goes silently: report what the worker held as abandoned, and
            # close the sender so that flush and close answer at once instead of waiting.
            log.exception("Caliper sender %s: the worker stopped", self._sensor)
            self._closed = True
            self._buffer.close()
            self._aborted = True
            self._abandon(self._held)
            self._held = []
            raise

    async def _deliver_until_closed(self) -> None:
        buffer = self._buffer
        failures = 0  # consecutive rounds with a failure worth waiting for
        while True:
            if self._aborted:
                self._abandon(self._held)
                self._held = []
                return
            retry = self._held
            seen = self._signals  # read before looking, so no signal can slip in between
            try:
                if buffer.spool_backlog:
                    self._report_spool_error(buffer.write_spool_backlog(), ())
                if not retry:
                    if buffer.closing and buffer.idle():
                        return
                    if not buffer.ready():
                        # Any signal ends the wait, even when no batch is due yet: the first
                        # event queued starts the age clock, so the deadline must be recomputed.
                        await self._wake.wait_for(
                            partial(self._woken, seen), buffer.seconds_until_due()
                        )
                        continue
                self._held = retry + buffer.take(self._concurrency - len(retry))
                if not self._held:
                    continue
                outcomes = await async_run_each(self._deliver, self._held, limit=self._concurrency)
                self._held, wait = self._settle(self._held, outcomes)
                self._progress.notify_all()
                if wait is None:
                    failures = 0
                    continue
                failures += 1
                await self._pause(retry_delay(self._retry_policy, failures, wait))
            except Exception:  # a bug or a broken spool file: keep the worker (and events)
                log.exception("Caliper sender %s: unexpected error in the worker", self._sensor)
                self._progress.notify_all()
                failures += 1
                await self._pause(retry_delay(self._retry_policy, failures))

    async def _pause(self, seconds: float) -> None:
        """Wait ``seconds`` (bounded by the retry policy), or less when the sender gives up."""
        try:
            await self._wake.wait_for(lambda: self._aborted, seconds)
        except Exception:  # the wait itself failed: wait without it, still bounded
            log.exception("Caliper sender %s: unexpected error while waiting", self._sensor)
            await async_sleep(seconds)

    async def _deliver(self, batch: Batch) -> CaliperSendResult:
        body = assemble_envelope(self._sensor, batch.payloads)
        return await self._poster.post_envelope(self._path, body, self._request_options)

    def _settle(
        self, batches: list[Batch], outcomes: list[Outcome[CaliperSendResult]]
    ) -> tuple[list[Batch], float | None]:
        """Book each envelope's outcome; returns the batches to resend and the wait before.

        The wait is None when nothing failed in a way that calls for waiting (halves of a
        refused envelope go out again at once), else the longest ``Retry-After`` (or 0).
        """
        buffer = self._buffer
        retry: list[Batch] = []
        wait: float | None = None
        for batch, outcome in zip(batches, outcomes, strict=True):
            error = outcome.error
            if error is None:
                self._report_spool_error(buffer.settle(batch), batch.payloads)
                count_events("sent", len(batch))
                continue
            buffer.record_failed_attempt()
            if is_rejection(error):
                if len(batch) > 1:
                    retry.extend(batch.halves())
                    continue
                self._report_spool_error(buffer.reject(batch, str(error)), batch.payloads)
                count_events("refused", len(batch))
                self._report("rejected", error, batch)
                continue
            retry.append(batch)
            self._report("retrying", error, batch)
            asked = error.retry_after if isinstance(error, RateLimitError) else None
            wait = max(wait or 0.0, asked or 0.0)
        return retry, wait

    def _report_spool_error(self, error: SpoolError | None, payloads: tuple[bytes, ...]) -> None:
        if error is not None:
            self._notify(DeliveryFailure("spool_error", error, payloads, True))

    def _abandon(self, in_flight: list[Batch]) -> None:
        spooled = self._buffer.spooled
        left_in_spool = self._buffer.pending
        for batch in self._buffer.abandon(in_flight):
            self._report("abandoned", None, batch)
        if spooled and left_in_spool > 0:
            log.warning(
                "Caliper sender %s: closed with %d undelivered events left in the spool; the "
                "next sender opened on it delivers them",
                self._sensor,
                left_in_spool,
            )
        self._progress.notify_all()

    def _report(self, outcome: DeliveryOutcome, error: BaseException | None, batch: Batch) -> None:
        spooled = self._buffer.spooled and outcome != "rejected"
        if outcome == "retrying":
            log.warning(
                "Caliper sender %s: sending %d events failed, will retry: %s",
                self._sensor,
                len(batch),
                error,
            )
        elif outcome == "rejected":
            log.error(
                "Caliper sender %s: the platform refused %d event(s), giving up on them: %s",
                self._sensor,
                len(batch),
                error,
            )
        else:
            log.log(
                logging.WARNING if spooled else logging.ERROR,
                "Caliper sender %s: closed before delivering %d events%s",
                self._sensor,
                len(batch),
                " (kept in the spool)" if spooled else "",
            )
        self._notify(DeliveryFailure(outcome, error, batch.payloads, spooled))

    def _notify(self, failure: DeliveryFailure) -> None:
        if failure.outcome == "spool_error":
            log.error(
                "Caliper sender %s: the spool file cannot be written (%s); %d delivered or "
                "refused events wait to be removed from it, new events are refused",
                self._sensor,
                failure.error,
                self._buffer.spool_backlog,
            )
        if self._on_error is None:
            return
        try:
            self._on_error(failure)
        except Exception:
            log.exception("Caliper sender %s: the on_error callback raised", self._sensor)


def _check_arguments(**values: float) -> None:
    issues: list[ErrorIssue] = []
    for name in ("max_batch_events", "max_batch_bytes", "max_pending", "concurrency"):
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            issues.append(ErrorIssue(f"must be an integer >= 1, not {value!r}", path=name))
    for name in ("max_batch_age", "block_timeout", "retry_initial_delay", "retry_max_delay"):
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not value >= 0:
            issues.append(ErrorIssue(f"must be a number >= 0, not {value!r}", path=name))
    if issues:
        raise InputValidationError("invalid buffered sender settings", issues)
