"""``client.events``: send, validate, list and get Caliper events."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from typing_extensions import Unpack

from timeback_caliper._async._posting import AsyncEventPoster
from timeback_caliper._batching import DEFAULT_MAX_ENVELOPE_BYTES, DEFAULT_MAX_ENVELOPE_EVENTS
from timeback_caliper._delivery import SendReceipt
from timeback_caliper._errors import CaliperError
from timeback_caliper._models import StoredEvent, format_caliper_time
from timeback_caliper._validation import EventLike
from timeback_common import (
    APIResponse,
    AsyncPaginator,
    ErrorIssue,
    InputValidationError,
    Page,
    RequestOptions,
    extract_key,
    offset_page_from_response,
    parse_model,
    parse_models,
    service_error_class,
)

__all__ = ["DEFAULT_SEND_CONCURRENCY", "MAX_LIST_PAGE_SIZE", "AsyncEvents"]

DEFAULT_SEND_CONCURRENCY = 4
"""Envelopes of one `AsyncEvents.send` in flight at most."""

MAX_LIST_PAGE_SIZE = 1000
"""The largest ``limit`` asked of ``GET /caliper/events`` (the emulator's bound; the platform
documents none)."""


def _instant(name: str, value: datetime | str | None) -> str | None:
    if value is None or isinstance(value, str):
        return value
    try:
        return format_caliper_time(value)
    except ValueError as exc:
        cls = service_error_class(CaliperError, InputValidationError)
        raise cls(f"invalid {name}: {exc}", [ErrorIssue(str(exc), path=name)]) from None


class AsyncEvents:
    """Caliper events: ``client.events``."""

    def __init__(self, poster: AsyncEventPoster) -> None:
        self._poster = poster
        self._api = poster.api
        self._paths = poster.paths

    async def send(
        self,
        sensor_id: str,
        events: Sequence[EventLike] | EventLike,
        *,
        max_events: int = DEFAULT_MAX_ENVELOPE_EVENTS,
        max_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
        concurrency: int = DEFAULT_SEND_CONCURRENCY,
        **options: Unpack[RequestOptions],
    ) -> SendReceipt:
        """Validate and send events, split into envelopes sent with bounded concurrency.

        Every event is validated first (nothing is sent when one is invalid). On LearnWith.AI
        the events are rewritten to the LearnWith.AI profile it expects. Envelopes hold
        at most ``max_events`` events and ``max_bytes`` bytes, and are sent
        ``concurrency`` at a time, retried after timeouts and 5xx as well as 429: events carry
        ids and the platform stores each id once, so a retry never duplicates an event.

        Args:
            sensor_id: IRI of the sending application, e.g. ``https://reading.example.com``.
            events: Events (models from the builders, or wire-shaped dicts), or one event.
            max_events: Most events per envelope.
            max_bytes: Most bytes per envelope body.
            concurrency: Envelopes in flight at most.
            **options: `RequestOptions` (``timeout``, ``max_retries``, ``extra_headers``...).

        Returns:
            A `SendReceipt`: the answer to each envelope and the job ids
            (``receipt.job_ids``; the platform may create none).

        Raises:
            InputValidationError: An event or an argument is invalid; nothing was sent.
            APIStatusError: The platform refused an envelope (e.g. 400 with ``issues``), after
                retries; envelopes already accepted stay accepted, and sending the same
                events again is safe.
            APIConnectionError: An envelope got no answer, after retries.
            TokenError: No token could be obtained.

        Every error is also a `CaliperError`.

        Example:
            >>> receipt = await client.events.send("https://reading.example.com", [event])
            >>> receipt.job_ids
            ['0b6c...']
        """
        return await self._poster.send_events(
            sensor_id,
            events,
            validate_only=False,
            max_events=max_events,
            max_bytes=max_bytes,
            concurrency=concurrency,
            options=options,
        )

    async def validate(
        self,
        sensor_id: str,
        events: Sequence[EventLike] | EventLike,
        *,
        max_events: int = DEFAULT_MAX_ENVELOPE_EVENTS,
        max_bytes: int = DEFAULT_MAX_ENVELOPE_BYTES,
        concurrency: int = DEFAULT_SEND_CONCURRENCY,
        **options: Unpack[RequestOptions],
    ) -> SendReceipt:
        """Have the platform validate events without storing them (``/caliper/event/validate``).

        The events are checked by the client first, then split into envelopes as by `send`.

        Args:
            sensor_id: IRI of the sending application.
            events: Events (models or wire-shaped dicts), or one event.
            max_events: Most events per envelope.
            max_bytes: Most bytes per envelope body.
            concurrency: Envelopes in flight at most.
            **options: `RequestOptions`.

        Returns:
            A `SendReceipt` with the platform's answer to each envelope.

        Raises:
            UnsupportedOperationError: The platform (LearnWith.AI) has no validate endpoint.
            InputValidationError: An event or an argument is invalid; nothing was sent.
            BadRequestError: The platform found the events invalid; ``issues`` lists why.
            APIError: Any other failure (see `send`).

        Every error is also a `CaliperError`.
        """
        return await self._poster.send_events(
            sensor_id,
            events,
            validate_only=True,
            max_events=max_events,
            max_bytes=max_bytes,
            concurrency=concurrency,
            options=options,
        )

    def list(
        self,
        *,
        sensor: str | None = None,
        start_date: datetime | str | None = None,
        end_date: datetime | str | None = None,
        actor_id: str | None = None,
        actor_email: str | None = None,
        offset: int = 0,
        page_size: int = 100,
        max_items: int | None = None,
        concurrency: int = 4,
        **options: Unpack[RequestOptions],
    ) -> AsyncPaginator[StoredEvent]:
        """Stored events, oldest first, as a paginator (``GET /caliper/events``).

        ``await events.list(...).to_list()`` gives every match; ``async for`` streams them
        page by page; ``.first_page()`` gives one page with its total.

        Args:
            sensor: Only events sent by this sensor.
            start_date: Only events that happened at or after this instant.
            end_date: Only events that happened at or before this instant.
            actor_id: Only events of this actor (its IRI, or the user id at its end).
            actor_email: Only events of the actor with this email.
            offset: Where to start.
            page_size: Events per request (at most 1000).
            max_items: Stop after this many events.
            concurrency: Page requests in flight once the total is known.
            **options: `RequestOptions`.

        Returns:
            An `AsyncPaginator` of `StoredEvent`; no request is sent until it is used.

        Raises:
            UnsupportedOperationError: The platform (LearnWith.AI) cannot list events.
            InputValidationError: A paging option or a date is invalid.
            APIError: When iterated: the platform failed (see `send`).

        Every error is also a `CaliperError`.
        """
        self._paths.require_full_api("events.list")
        params: dict[str, str | None] = {
            "sensor": sensor,
            "startDate": _instant("start_date", start_date),
            "endDate": _instant("end_date", end_date),
            "actorId": actor_id,
            "actorEmail": actor_email,
        }
        return self._api.paginate(
            "/caliper/events",
            read_page=_read_events_page,
            params=params,
            offset=offset,
            page_size=page_size,
            max_items=max_items,
            concurrency=concurrency,
            max_page_size=MAX_LIST_PAGE_SIZE,
            options=options,
        )

    async def get(self, event_id: str, **options: Unpack[RequestOptions]) -> StoredEvent:
        """One stored event by its id (``GET /caliper/events/{externalId}``).

        Args:
            event_id: The event's own id (``urn:uuid:...``); it is percent-encoded.
            **options: `RequestOptions`.

        Returns:
            The `StoredEvent`.

        Raises:
            UnsupportedOperationError: The platform (LearnWith.AI) cannot read events back.
            NotFoundError: No event has that id.
            APIError: Any other failure.

        Every error is also a `CaliperError`.
        """
        self._paths.require_full_api("events.get")
        response = await self._api.get("/caliper/events/{}", event_id, options=options)
        body = response.json()
        event = body.get("event", body) if isinstance(body, Mapping) else body
        return parse_model(StoredEvent, event, response)


def _read_events_page(response: APIResponse, offset: int, limit: int) -> Page[StoredEvent]:
    body = response.json()
    events = extract_key(body, "events", response=response)
    items = parse_models(StoredEvent, events, response, path="events")
    return offset_page_from_response(
        items,
        offset=offset,
        limit=limit,
        body=body,
        headers=response.headers,
        total_key=("pagination", "total"),
    )
