"""Pure decisions of delivery: encoding, envelopes, outcomes, retry delays. No I/O.

Both ways of sending (``client.events.send`` and the buffered sender) go through these:

1. `prepare_events` / `prepare_event`: validate, serialise,
   apply the LearnWith.AI rewrite when that platform is configured (the choice
   follows the configured platform, never a flag), and encode each event **once**
   as compact UTF-8 JSON;
2. `plan_envelopes`: group the encoded events into envelopes under the count and byte limits
   (`timeback_caliper._batching.plan_batches`);
3. `assemble_envelope`: splice the already-encoded events into the envelope's bytes. The body
   is byte for byte what ``encode_envelope(build_envelope(...))`` writes, without encoding the
   events a second time.

Then, for what comes back: `is_rejection` tells a refused envelope (the content is at fault;
sending it again cannot help) from a failure worth retrying, `retry_delay` spaces the buffered
sender's retries (through a `timeback_common.RetryPolicy`, every wait capped), and
`parse_send_result` reads a send's answer leniently (any 2xx is success).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from pydantic_core import PydanticSerializationError, to_json

from timeback_common import (
    APIResponse,
    APIStatusError,
    ErrorIssue,
    InputValidationError,
    RetryPolicy,
)

from ._batching import envelope_overhead, plan_batches
from ._envelope import _check_sensor, compact_json, encode_json
from ._learnwith import to_learnwith_event
from ._models import CALIPER_DATA_VERSION, CaliperModel, CaliperSendResult, format_caliper_time
from ._models import utc_now as _utc_now
from ._validation import EventLike, find_event_issues, validate_event
from ._validation import _raise as _invalid

__all__ = [
    "REJECTION_STATUSES",
    "DeliveryFailure",
    "SendReceipt",
    "assemble_envelope",
    "encode_event",
    "is_rejection",
    "parse_send_result",
    "plan_envelopes",
    "prepare_event",
    "prepare_events",
    "retry_delay",
    "sender_retry_policy",
]

REJECTION_STATUSES = frozenset({400, 413, 415, 422})
"""Statuses that say "this envelope's content is wrong": sending it again cannot succeed."""


def encode_event(wire: Mapping[str, Any]) -> bytes:
    """One wire event as compact UTF-8 JSON (the form it takes inside an envelope).

    Raises:
        InputValidationError: The event holds a value JSON cannot represent.
    """
    return encode_json(wire, "a Caliper event")


def _checked_wire(item: object, path: str) -> tuple[dict[str, Any] | None, list[ErrorIssue]]:
    """The wire form of one event, checked; (None, issues) when it is invalid.

    A model is serialised once and that very dict is checked and sent; a dict goes through
    `validate_event`, whose model also normalises it (times to milliseconds and ``Z``...).
    """
    if isinstance(item, CaliperModel):
        wire = item.to_wire()
        issues = find_event_issues(wire, path)
        return (None, issues) if issues else (wire, [])
    try:
        return validate_event(item, path=path).to_wire(), []  # type: ignore[arg-type]
    except InputValidationError as exc:
        return None, list(exc.issues)


def _encode_for(wire: dict[str, Any], learnwith: bool) -> bytes:
    return _encode_serialised(to_learnwith_event(wire) if learnwith else wire)


def _encode_serialised(wire: dict[str, Any]) -> bytes:
    """`encode_event` for a dict a model serialised (JSON types only), in one pydantic-core call.

    pydantic-core writes the same compact UTF-8 JSON as `encode_event` several times faster
    (floats below 1e-4 are spelled ``1e-7`` rather than ``1e-07``: the same number). What it
    would not refuse (NaN, infinity) or cannot write goes through `encode_event`, whose error
    says what is wrong; a string that merely contains ``NaN`` is written by it too.
    """
    try:
        body = to_json(wire, inf_nan_mode="constants")
    except PydanticSerializationError:
        return encode_event(wire)
    if b"NaN" in body or b"Infinity" in body:
        return encode_event(wire)
    return body


def prepare_events(events: Sequence[EventLike], *, learnwith: bool) -> list[bytes]:
    """Validate, rewrite for the platform and encode a list of events.

    Args:
        events: Models or wire-shaped dicts, in sending order.
        learnwith: Whether the configured platform is LearnWith.AI (apply its rewrite).

    Returns:
        The encoded events, in order.

    Raises:
        InputValidationError: An event is invalid (every problem listed, paths ``data[i]...``)
            or the list is empty.
    """
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Sequence):
        raise InputValidationError(
            "events must be a list of Caliper events (models or dicts)",
            issues=[ErrorIssue(f"expected a list, got {type(events).__name__}", path="data")],
        )
    payloads: list[bytes] = []
    issues: list[ErrorIssue] = []
    for index, item in enumerate(events):
        wire, found = _checked_wire(item, f"data[{index}]")
        if wire is None:
            issues.extend(found)
        elif not issues:
            payloads.append(_encode_for(wire, learnwith))
    if not events:
        issues.append(ErrorIssue("at least one event is required", path="data"))
    if issues:
        raise _invalid("events", issues)
    return payloads


def prepare_event(event: EventLike, *, learnwith: bool) -> bytes:
    """`prepare_events` for a single event (issue paths start at the event's members).

    Raises:
        InputValidationError: The event is invalid.
    """
    wire, issues = _checked_wire(event, "")
    if wire is None:
        raise _invalid("event", issues)
    return _encode_for(wire, learnwith)


def plan_envelopes(
    sizes: Sequence[int], *, sensor: str, max_events: int, max_bytes: int
) -> list[range]:
    """Group encoded events (by size) into envelopes under both limits, preserving order.

    Args:
        sizes: The byte size of each encoded event.
        sensor: The envelope's sensor (its length counts).
        max_events: Most events per envelope.
        max_bytes: Most bytes per envelope body.

    Returns:
        Index ranges, one per envelope.

    Raises:
        InputValidationError: An event does not fit in an envelope on its own, a limit is not
            a positive integer, or ``sensor`` is not an IRI.
    """
    _check_sensor(sensor)
    return plan_batches(
        sizes, max_events=max_events, max_bytes=max_bytes, overhead=envelope_overhead(sensor)
    )


def assemble_envelope(
    sensor: str, events: Sequence[bytes], *, send_time: datetime | None = None
) -> bytes:
    """The body of one envelope holding already-encoded events.

    Args:
        sensor: IRI of the sending application.
        events: Encoded events (see `encode_event`), at least one.
        send_time: ``sendTime``; default now.

    Returns:
        Bytes equal to ``encode_envelope(build_envelope(decoded events, ...))``.

    Raises:
        InputValidationError: ``events`` is empty.
    """
    if not events:
        raise InputValidationError(
            "a Caliper envelope needs at least one event",
            issues=[ErrorIssue("must contain at least one event or entity", path="data")],
        )
    head = compact_json(
        {
            "sensor": sensor,
            "sendTime": format_caliper_time(send_time if send_time is not None else _utc_now()),
            "dataVersion": CALIPER_DATA_VERSION,
            "data": [],
        }
    )
    # head ends with b'[]}': put the events between the brackets.
    return b"".join((head[:-2], b",".join(events), b"]}"))


def is_rejection(error: BaseException) -> bool:
    """Whether the platform refused the envelope's content (400, 413, 415, 422).

    Such an envelope is not sent again as it is: the buffered sender splits it in halves to
    find the offending events, and gives up only on a single event that is refused on its own.
    Everything else (connection failures, timeouts, 401/403, 404, 429, 5xx) may pass.
    """
    return isinstance(error, APIStatusError) and error.status_code in REJECTION_STATUSES


def sender_retry_policy(*, initial: float, maximum: float) -> RetryPolicy:
    """The buffered sender's spacing of resends, as a `timeback_common.RetryPolicy`.

    Only its delays are used: the sender resends for as long as it is open, so the policy's
    retry count does not apply. ``maximum`` bounds every wait, a ``Retry-After`` included: a
    platform asking for more (even ``1e10`` seconds, or an HTTP date in the year 9999) is
    asked again after ``maximum`` seconds, and answers 429 again while it is still busy.

    Args:
        initial: The first delay, in seconds.
        maximum: The longest delay between two sends, in seconds.

    Returns:
        The policy.

    Raises:
        ConfigurationError: A delay is negative.
    """
    return RetryPolicy(initial_delay=initial, max_delay=maximum, max_retry_after=maximum)


def retry_delay(policy: RetryPolicy, failures: int, retry_after: float | None = None) -> float:
    """Seconds the buffered sender waits before sending a failed envelope again.

    The policy's jittered exponential backoff (`RetryPolicy.backoff`), and never less than the
    platform's ``Retry-After``, itself capped at the policy's ``max_retry_after``: every wait is
    bounded, whatever the platform answers.

    Args:
        policy: The sender's policy (see `sender_retry_policy`).
        failures: Consecutive failed rounds so far (>= 1).
        retry_after: What the platform asked for (429/503), when it did.

    Returns:
        The delay in seconds, at most ``max(policy.max_delay, policy.max_retry_after)``.
    """
    asked = 0.0 if retry_after is None or retry_after != retry_after else retry_after  # NaN
    return max(policy.backoff(failures), min(asked, policy.max_retry_after))


def parse_send_result(response: APIResponse) -> CaliperSendResult:
    """Read the answer to a send or validate, leniently.

    Any 2xx means the platform took the envelope, so a body that is
    empty, not JSON, or of an unknown shape gives an empty result rather than an error; a
    ``jobId`` is optional.
    """
    try:
        body = response.json()
    except Exception:  # APIResponseValidationError: the status already said "accepted"
        return CaliperSendResult()
    if not isinstance(body, Mapping):
        return CaliperSendResult()
    try:
        return CaliperSendResult.model_validate(body)
    except Exception:  # pydantic's ValidationError, e.g. "jobId": {...}
        return CaliperSendResult(
            status=body.get("status") if isinstance(body.get("status"), str) else None,
            message=body.get("message") if isinstance(body.get("message"), str) else None,
        )


@dataclass(frozen=True)
class SendReceipt:
    """What sending (or validating) a list of events produced, envelope by envelope.

    Attributes:
        results: The platform's answer to each envelope, in order.
        event_count: How many events were sent.

    Example:
        >>> receipt = await client.events.send(sensor_id, events)  # doctest: +SKIP
        >>> receipt.job_ids  # doctest: +SKIP
        ['5d2f...']
    """

    results: tuple[CaliperSendResult, ...]
    event_count: int

    @property
    def envelope_count(self) -> int:
        """How many envelopes (POST requests) the events took."""
        return len(self.results)

    @property
    def job_ids(self) -> list[str]:
        """The processing jobs the platform created, in envelope order (may be empty)."""
        return [result.job_id for result in self.results if result.job_id]

    @property
    def ok(self) -> bool:
        """Whether every envelope's answer reported success (any 2xx counts as accepted)."""
        return all(result.ok for result in self.results)


DeliveryOutcome = Literal["retrying", "rejected", "abandoned", "spool_error"]


@dataclass(frozen=True)
class DeliveryFailure:
    """Events a buffered sender could not deliver (yet), handed to its ``on_error`` callback.

    Attributes:
        outcome: ``"retrying"``: a failure that may pass (connection, timeout, 429, 5xx, ...);
            the events will be sent again. ``"rejected"``: the platform refused these events
            (400/413/415/422) even one by one; they are not sent again (with a spool they are
            kept in its ``rejected`` table). ``"abandoned"``: the sender was closed before it
            could deliver them (or its worker stopped on an unexpected error); with a spool they
            stay there for the next sender, without one this callback is their last stop.
            ``"spool_error"``: the spool file could not be written (typically a full disk):
            these events were delivered (or refused) but are still in the file; the sender
            removes them once it can write again. Until then ``emit`` refuses new events with
            `SpoolError`, and a sender opened on the file sends them again (the platform
            stores each event id once).
        error: The last error, or None for ``abandoned`` events that were never attempted.
        payloads: The encoded events, exactly as they would be sent.
        spooled: Whether the events are (still) in the durable spool.
    """

    outcome: DeliveryOutcome
    error: BaseException | None
    payloads: tuple[bytes, ...] = field(repr=False)
    spooled: bool

    @property
    def events(self) -> list[dict[str, Any]]:
        """The events as wire dicts (decoded from `payloads`)."""
        return [json.loads(payload) for payload in self.payloads]

    @property
    def event_ids(self) -> list[str]:
        """The ids of the events."""
        return [str(event.get("id")) for event in self.events]

    def __repr__(self) -> str:
        return (
            f"DeliveryFailure(outcome={self.outcome!r}, events={len(self.payloads)}, "
            f"spooled={self.spooled}, error={self.error!r})"
        )
