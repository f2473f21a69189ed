"""OpenTelemetry: one span per operation, the attempts, retry and token fetch under it; metrics.

The SDK records through the global tracer and meter providers, which OpenTelemetry lets an
application set once per process. The `recorded` fixture sets in-memory ones and puts the
globals back afterwards (the reset OpenTelemetry's own test utilities perform), so no other test
records anything.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from opentelemetry import metrics, trace
from opentelemetry.metrics import _internal as metrics_internal
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.metrics.export import InMemoryMetricReader
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import (
    InMemorySpanExporter,
)
from opentelemetry.trace import SpanKind, StatusCode
from opentelemetry.util._once import Once

from timeback_caliper import ActivityEvent, AsyncBufferedSender
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

USERS = "/ims/oneroster/rostering/v1p2/users"


class Recorded:
    """What the in-memory exporter and reader hold."""

    def __init__(self, exporter: InMemorySpanExporter, reader: InMemoryMetricReader) -> None:
        self.exporter = exporter
        self.reader = reader

    def spans(self) -> list[ReadableSpan]:
        return list(self.exporter.get_finished_spans())

    def points(self, name: str) -> list[Any]:
        """The data points of metric ``name`` (empty when it was never recorded)."""
        data = self.reader.get_metrics_data()
        found: list[Any] = []
        for resource in data.resource_metrics if data is not None else ():
            for scope in resource.scope_metrics:
                for metric in scope.metrics:
                    if metric.name == name:
                        found.extend(metric.data.data_points)
        return found


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    """In-memory global providers for one test; the previous globals are restored after it."""
    saved = (
        trace._TRACER_PROVIDER,
        trace._TRACER_PROVIDER_SET_ONCE,
        metrics_internal._METER_PROVIDER,
        metrics_internal._METER_PROVIDER_SET_ONCE,
    )
    trace._TRACER_PROVIDER, trace._TRACER_PROVIDER_SET_ONCE = None, Once()
    metrics_internal._METER_PROVIDER, metrics_internal._METER_PROVIDER_SET_ONCE = None, Once()
    exporter = InMemorySpanExporter()
    tracer_provider = TracerProvider()
    tracer_provider.add_span_processor(SimpleSpanProcessor(exporter))
    reader = InMemoryMetricReader()
    meter_provider = MeterProvider(metric_readers=[reader])
    trace.set_tracer_provider(tracer_provider)
    metrics.set_meter_provider(meter_provider)
    try:
        yield Recorded(exporter, reader)
    finally:
        tracer_provider.shutdown()
        meter_provider.shutdown()
        (
            trace._TRACER_PROVIDER,
            trace._TRACER_PROVIDER_SET_ONCE,
            metrics_internal._METER_PROVIDER,
            metrics_internal._METER_PROVIDER_SET_ONCE,
        ) = saved


class Listed:
    """A whole list read through one 503: its emulator, client and users."""

    def __init__(
        self, emulator: InProcessEmulator, client: TimebackClient, users: list[Any]
    ) -> None:
        self.emulator = emulator
        self.client = client
        self.users = users


@pytest.fixture
async def listed(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    recorded: Recorded,
    no_sleep: list[float],
) -> Listed:
    """30 users read 10 a page, one at a time, through one 503 on the second page."""
    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, status=503, count=1, skip=1)
    client = connect(emulator)
    users = await client.oneroster.users.list(limit=10, concurrency=1).to_list()
    return Listed(emulator, client, users)


@pytest.mark.anyio
async def test_a_list_of_three_pages_through_a_503_is_one_operation_span(
    no_sleep: list[float], recorded: Recorded, listed: Listed
) -> None:
    # given a list of three pages read through a 503 (the fixture); then one operation span
    # covers the pages, the token fetch and the retry
    emulator = listed.emulator
    assert len(listed.users) == 30
    spans = recorded.spans()
    operations = [s for s in spans if s.name == f"oneroster list {USERS}"]
    assert len(operations) == 1
    operation = operations[0]
    assert operation.kind is SpanKind.INTERNAL
    assert operation.parent is None
    assert operation.attributes is not None
    assert operation.attributes["url.template"] == USERS
    assert operation.attributes["timeback.service"] == "oneroster"
    children = [s for s in spans if s.parent is not None]
    assert {s.parent.span_id for s in children if s.parent} == {operation.context.span_id}
    assert len(spans) == 1 + len(children)

    attempts = [s for s in children if s.name == f"GET {USERS}"]
    assert [(s.attributes or {}).get("http.response.status_code") for s in attempts] == [
        200,
        503,
        200,
        200,
    ]
    failed = attempts[1]
    assert failed.kind is SpanKind.CLIENT
    assert failed.status.status_code is StatusCode.ERROR
    assert (failed.attributes or {})["error.type"] == "503"
    resent = attempts[2].attributes or {}
    assert resent["http.request.resend_count"] == 1
    assert resent["http.request.method"] == "GET"
    assert resent["server.address"] == emulator.base_url.split("://")[1].split(":")[0]
    assert str(resent["url.full"]).startswith(emulator.base_url + USERS + "?")
    assert "http.request.resend_count" not in (attempts[0].attributes or {})

    tokens = [s for s in children if s.name == "timeback_auth token"]
    assert len(tokens) == 1
    assert (tokens[0].attributes or {})["http.response.status_code"] == 200
    assert emulator.client_secret not in repr([dict(s.attributes or {}) for s in spans])

    retries = [e for e in operation.events if e.name == "retry"]
    assert len(retries) == 1
    assert "503" in str((retries[0].attributes or {})["timeback.retry.reason"])
    assert no_sleep == [(retries[0].attributes or {})["timeback.retry.delay"]]


@pytest.mark.anyio
async def test_requests_retries_and_tokens_are_counted_by_service_operation_and_status(
    no_sleep: list[float], recorded: Recorded, listed: Listed
) -> None:
    # given the list through one 503 (the fixture); when one user is read too
    await listed.client.oneroster.users.get(listed.users[0].sourced_id)

    # then the duration histogram counts each attempt by service, operation and status
    counts = {
        (
            p.attributes["timeback.service"],
            p.attributes["timeback.operation"],
            p.attributes.get("http.response.status_code"),
        ): p.count
        for p in recorded.points("http.client.request.duration")
    }
    assert counts == {
        ("oneroster", f"list {USERS}", 200): 3,
        ("oneroster", f"list {USERS}", 503): 1,
        ("oneroster", f"GET {USERS}/{{}}", 200): 1,
    }
    retries = recorded.points("timeback.client.retries")
    assert [(p.attributes["error.type"], p.value) for p in retries] == [("503", 1)]
    assert sum(p.value for p in recorded.points("timeback.auth.tokens_fetched")) == 1
    # and the get is an operation span of its own
    assert f"oneroster GET {USERS}/{{}}" in {s.name for s in recorded.spans()}


@pytest.mark.anyio
async def test_the_circuit_breaker_reports_its_decisions_as_events(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    no_sleep: list[float],
    recorded: Recorded,
) -> None:
    from timeback_common import APIStatusError, CircuitBreaker, CircuitOpenError

    # given a breaker that opens after one failure, and a host answering 503
    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, status=503, count=None)
    client = connect(
        emulator,
        max_retries=0,
        circuit_breaker=CircuitBreaker(failure_threshold=1, reset_timeout=60),
    )

    # when one call fails and the next one is made at once
    with pytest.raises(APIStatusError):
        await client.oneroster.users.get("u1")
    with pytest.raises(CircuitOpenError):
        await client.oneroster.users.get("u1")

    # then the first operation saw the circuit open, the second was refused without sending
    first, second = (s for s in recorded.spans() if s.name.startswith("oneroster GET"))
    assert [e.name for e in first.events] == ["circuit_breaker.state_change"]
    assert (first.events[0].attributes or {})["timeback.circuit.to"] == "open"
    assert [e.name for e in second.events] == ["circuit_breaker.rejected"]
    assert second.status.status_code is StatusCode.ERROR
    assert (second.attributes or {})["error.type"] == "OneRosterCircuitOpenError"


@pytest.mark.anyio
async def test_pages_fetched_concurrently_stay_under_one_list_span(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    recorded: Recorded,
) -> None:
    # given 30 users fetched 5 a page, 3 pages in flight once the total is known
    client = connect(make_emulator(seed="tiny"))

    # when they are streamed
    seen = [user async for user in client.oneroster.users.list(limit=5, concurrency=3)]

    # then the six page requests are attempts of the one list operation
    assert len(seen) == 30
    spans = recorded.spans()
    (operation,) = (s for s in spans if s.name.startswith("oneroster list"))
    attempts = [s for s in spans if s.name == f"GET {USERS}"]
    assert len(attempts) == 6
    assert {s.parent.span_id for s in attempts if s.parent} == {operation.context.span_id}
    assert {s.context.trace_id for s in spans} == {operation.context.trace_id}


@pytest.mark.anyio
async def test_caliper_events_are_counted_as_spooled_sent_and_refused(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    make_events: Callable[[int], list[ActivityEvent]],
    recorded: Recorded,
    tmp_path: Path,
) -> None:
    # given a spooled sender, and a platform that refuses the envelope of the fourth event
    emulator = make_emulator(seed=None)
    client = connect(emulator)
    events = make_events(4)
    sender = AsyncBufferedSender(
        client.caliper, "https://reliability.example.com", spool=tmp_path / "events.db"
    )

    # when three events are delivered, then one is refused
    async with sender:
        for event in events[:3]:
            await sender.emit(event)
        assert await sender.flush(timeout=20)
        emulator.add_fault(path_prefix="/caliper/event", method="POST", status=422)
        await sender.emit(events[3])
        assert await sender.flush(timeout=20)

    # then the counter holds each outcome
    counted = {
        p.attributes["timeback.caliper.outcome"]: p.value
        for p in recorded.points("timeback.caliper.events")
    }
    assert counted == {"spooled": 4, "sent": 3, "refused": 1}


@pytest.mark.anyio
async def test_a_caliper_send_of_several_envelopes_is_one_operation_span(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    make_events: Callable[[int], list[ActivityEvent]],
    recorded: Recorded,
) -> None:
    # given five events sent two an envelope, two envelopes at a time
    client = connect(make_emulator(seed=None))

    # when they are sent
    await client.caliper.events.send(
        "https://reliability.example.com", make_events(5), max_events=2, concurrency=2
    )

    # then one send operation holds the three envelope posts, and five events are counted
    spans = recorded.spans()
    (operation,) = (s for s in spans if s.name == "caliper send /caliper/event")
    posts = [s for s in spans if s.name == "POST /caliper/event"]
    assert len(posts) == 3
    assert {s.parent.span_id for s in posts if s.parent} == {operation.context.span_id}
    counted = [(p.attributes, p.value) for p in recorded.points("timeback.caliper.events")]
    assert counted == [({"timeback.caliper.outcome": "sent"}, 5)]


@pytest.mark.anyio
async def test_a_bulk_write_is_one_operation_span(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    recorded: Recorded,
) -> None:
    # given four users to write, two at a time
    client = connect(make_emulator(seed="tiny"))
    user = {
        "givenName": "Ada",
        "familyName": "Lovelace",
        "enabledUser": True,
        "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "org-1"}}],
    }
    users = [{**user, "sourcedId": f"usr-telemetry-{n}"} for n in range(4)]

    # when they are upserted in bulk
    report = await client.oneroster.users.bulk_upsert(users, chunk_size=2, concurrency=2)

    # then the four PUTs are attempts of one bulk operation
    assert report.ok
    spans = recorded.spans()
    (operation,) = (s for s in spans if s.name == f"oneroster bulk_upsert {USERS}")
    puts = [s for s in spans if s.name == f"PUT {USERS}/{{}}"]
    assert len(puts) == 4
    assert {s.parent.span_id for s in puts if s.parent} == {operation.context.span_id}


@pytest.mark.anyio
async def test_a_traced_list_still_shows_as_a_paginator(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
    recorded: Recorded,
) -> None:
    client = connect(make_emulator(seed="tiny"))

    listing = client.oneroster.users.list(limit=10)

    assert repr(listing).startswith("AsyncPaginator(next_offset=0, page_size=10")
    assert len(await listing.first_page()) == 10
    assert [s.name for s in recorded.spans()][-1] == f"oneroster list {USERS}"
