"""`AsyncEventPoster`: prepares, batches and posts event envelopes.

``client.events`` (``send``, ``validate``) and `AsyncBufferedSender` both send through it, so
there is one way events reach the wire. The rules it follows (validation, the LearnWith.AI
rewrite, envelope planning, reading the answer) are the pure functions of ``_delivery``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from timeback_caliper._delivery import (
    SendReceipt,
    assemble_envelope,
    parse_send_result,
    plan_envelopes,
    prepare_event,
    prepare_events,
)
from timeback_caliper._errors import CaliperError
from timeback_caliper._models import CaliperModel, CaliperSendResult
from timeback_caliper._paths import CALIPER_PATHS, CaliperPaths
from timeback_caliper._validation import EventLike
from timeback_common import (
    AsyncAPIClient,
    ErrorIssue,
    InputValidationError,
    RequestOptions,
    async_run_each,
    service_errors,
    short_repr,
    telemetry_count,
    telemetry_operation,
)

if TYPE_CHECKING:
    from timeback_caliper._async.client import CaliperClient

__all__ = ["VALIDATE_PATH", "AsyncEventPoster", "count_events"]

VALIDATE_PATH = "/caliper/event/validate"


def count_events(outcome: str, events: int) -> None:
    """Add ``events`` to the ``timeback.caliper.events`` counter (OpenTelemetry, when recording).

    ``outcome`` is ``"sent"`` (in an envelope the platform accepted), ``"refused"`` (given up
    after the platform refused it) or ``"spooled"`` (committed to a sender's spool file).
    """
    telemetry_count(
        "timeback.caliper.events",
        events,
        {"timeback.caliper.outcome": outcome},
        unit="{event}",
        description="Caliper events sent, refused by the platform, or kept in a spool file.",
    )


class AsyncEventPoster:
    """Sends Caliper events through a base API client.

    Args:
        api: The Caliper client's base API client.
        paths: Caliper on the configured platform.
    """

    def __init__(self, api: AsyncAPIClient, paths: CaliperPaths) -> None:
        self.api = api
        self.paths = paths

    @classmethod
    def of(cls, client: CaliperClient) -> AsyncEventPoster:
        """The poster of ``client`` (its base API client and platform)."""
        return cls(client.api, CALIPER_PATHS[client.settings.platform])

    def prepare_event(self, event: EventLike) -> bytes:
        """One event checked and serialised (rewritten for LearnWith.AI there).

        Raises:
            InputValidationError: The event is invalid (also a `CaliperError`).
        """
        with service_errors(CaliperError):
            return prepare_event(event, learnwith=self.paths.learnwith_profile)

    async def post_envelope(
        self, path: str, body: bytes, options: RequestOptions
    ) -> CaliperSendResult:
        """POST one assembled envelope and read the platform's answer."""
        response = await self.api.post(
            path, content=body, headers={"Content-Type": "application/json"}, options=options
        )
        return parse_send_result(response)

    async def send_events(
        self,
        sensor_id: str,
        events: Sequence[EventLike] | EventLike,
        *,
        validate_only: bool,
        max_events: int,
        max_bytes: int,
        concurrency: int,
        options: RequestOptions,
    ) -> SendReceipt:
        """Validate, batch into envelopes and post them, ``concurrency`` at a time."""
        if validate_only:
            self.paths.require_full_api("events.validate")
        path = VALIDATE_PATH if validate_only else self.paths.send
        if isinstance(events, (CaliperModel, Mapping)):
            events = [events]
        with service_errors(CaliperError):
            if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
                raise InputValidationError(
                    "invalid concurrency",
                    [
                        ErrorIssue(
                            f"must be an integer >= 1, not {short_repr(concurrency)}", "concurrency"
                        )
                    ],
                )
            payloads = prepare_events(events, learnwith=self.paths.learnwith_profile)
            spans = plan_envelopes(
                [len(payload) for payload in payloads],
                sensor=sensor_id,
                max_events=max_events,
                max_bytes=max_bytes,
            )
        # Events carry ids and the platform stores each id once, so an envelope may be sent
        # again after a timeout or a 5xx without creating duplicates.
        request_options = RequestOptions(idempotent=True)
        request_options.update(options)

        async def send_one(span: range) -> CaliperSendResult:
            body = assemble_envelope(sensor_id, payloads[span.start : span.stop])
            return await self.post_envelope(path, body, request_options)

        # One send is one operation however many envelopes it takes.
        with telemetry_operation("caliper", "validate" if validate_only else "send", path):
            outcomes = await async_run_each(
                send_one, spans, limit=concurrency, stop_after_error=True
            )
        results: list[CaliperSendResult] = []
        for outcome in outcomes:
            if outcome.error is not None:
                raise outcome.error
            if outcome.value is not None:
                results.append(outcome.value)
        if not validate_only:
            count_events("sent", len(payloads))
        return SendReceipt(tuple(results), len(payloads))
