"""Deliveries end to end over real HTTP: emulator -> signed POST -> `WebhookReceiver` -> handler.

The emulator and the receiver each listen on a loopback socket; events go in through the Caliper
client, and what the handler saw is compared with an independent evaluation of the filters.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from timeback_caliper import CaliperClient
from timeback_emulator import EmulatorServer
from timeback_webhooks import (
    StandardWebhooks,
    WebhookDelivery,
    WebhookReceiver,
    WebhooksClient,
    WebhookVerificationError,
)

from .conftest import DeliveryRig

SECRET = "e2e-secret"
SENSOR = "https://reading.example.com"
OTHER_SENSOR = "https://math.example.com"


def wanted(event: dict[str, Any]) -> bool:
    """The filters of the test, evaluated here without the emulator."""
    return event["object"]["subject"] in ("Math", "Reading") and event["extensions"]["score"] >= 3


class Recorder:
    """A handler that keeps every delivery it was called with, and the rejections."""

    def __init__(self) -> None:
        self.deliveries: list[WebhookDelivery] = []
        self.rejected: list[str] = []

    async def __call__(self, delivery: WebhookDelivery) -> None:
        self.deliveries.append(delivery)

    def reject(self, error: WebhookVerificationError) -> None:
        self.rejected.append(error.reason)

    def event_ids(self) -> list[str]:
        return [event.id for d in self.deliveries for event in d.envelope.data]  # type: ignore[union-attr]


async def _register(hooks: WebhooksClient, url: str) -> str:
    hook = await hooks.webhooks.create(name="e2e", target_url=url, secret=SECRET, sensor=SENSOR)
    await hooks.webhooks.filters.create(
        webhook_id=hook.id, key="object.subject", value="Math,Reading", operator="in"
    )
    await hooks.webhooks.filters.create(
        webhook_id=hook.id, key="extensions.score", value=3, operator="gte", type="number"
    )
    # An inactive filter is ignored: it would refuse everything.
    await hooks.webhooks.filters.create(
        webhook_id=hook.id, key="type", value="Nothing", active=False
    )
    return hook.id


@pytest.mark.anyio
async def test_every_matching_event_is_received_verified_exactly_once(rig: DeliveryRig) -> None:
    recorder = Recorder()
    receiver = WebhookReceiver(SECRET, recorder, on_rejected=recorder.reject)
    server = rig.serve_receiver(receiver)
    webhook_id = await _register(rig.hooks, server.url)
    events = [rig.make_event(i) for i in range(200)]
    elsewhere = [rig.make_event(i) for i in range(20)]

    await rig.caliper.events.send(SENSOR, events)
    await rig.caliper.events.send(OTHER_SENSOR, elsewhere)
    log = rig.emulator.webhook_deliveries()

    expected = sorted(e["id"] for e in events if wanted(e))
    assert 0 < len(expected) < 200
    assert sorted(recorder.event_ids()) == expected
    assert len({d.delivery_id for d in recorder.deliveries}) == len(expected)
    assert all(d.webhook_id == webhook_id for d in recorder.deliveries)
    assert all(d.envelope.sensor == SENSOR for d in recorder.deliveries)
    assert recorder.rejected == []
    assert {entry["outcome"] for entry in log["deliveries"]} == {"delivered"}


@pytest.mark.anyio
async def test_a_duplicated_delivery_runs_the_handler_once(rig: DeliveryRig) -> None:
    recorder = Recorder()
    server = rig.serve_receiver(WebhookReceiver(SECRET, recorder))
    await rig.hooks.webhooks.create(name="dup", target_url=server.url, secret=SECRET)
    rig.emulator.add_delivery_fault("duplicate", count=3)
    rig.emulator.add_delivery_fault("delay", count=1, delay_ms=50)
    events = [rig.make_event(i) for i in range(5)]

    await rig.caliper.events.send(SENSOR, events)
    log = rig.emulator.webhook_deliveries()

    delivered = [e for e in log["deliveries"] if e["outcome"] == "delivered"]
    assert len(delivered) == 8  # three deliveries sent twice, two once
    assert sum("delay" in e["faults"] for e in delivered) in (1, 2)  # a duplicated one twice
    assert sorted(recorder.event_ids()) == sorted(e["id"] for e in events)


@pytest.mark.anyio
@pytest.mark.parametrize("fault", ["tamper", "wrong_secret"])
async def test_tampered_or_wrongly_signed_deliveries_never_reach_the_handler(
    rig: DeliveryRig, fault: str
) -> None:
    recorder = Recorder()
    server = rig.serve_receiver(WebhookReceiver(SECRET, recorder, on_rejected=recorder.reject))
    await rig.hooks.webhooks.create(name="bad", target_url=server.url, secret=SECRET)
    rig.emulator.add_delivery_fault(fault)

    await rig.caliper.events.send(SENSOR, [rig.make_event(1)])
    log = rig.emulator.webhook_deliveries()

    assert recorder.deliveries == []
    assert recorder.rejected
    assert set(recorder.rejected) == {"bad_signature"}
    attempts = log["deliveries"]
    assert [a["status"] for a in attempts] == [
        401
    ] * rig.emulator.app.state.emulator.webhooks.max_attempts
    assert attempts[-1]["outcome"] == "gave_up"


@pytest.mark.anyio
async def test_stale_and_unsigned_posts_are_refused_without_detail(
    serve_receiver: Callable[[Any], Any], make_event: Callable[..., dict[str, Any]]
) -> None:
    recorder = Recorder()
    server = serve_receiver(WebhookReceiver(SECRET, recorder, on_rejected=recorder.reject))
    body = (
        b'{"sensor":"https://reading.example.com","sendTime":"2026-11-02T10:00:00.000Z",'
        b'"dataVersion":"http://purl.imsglobal.org/ctx/caliper/v1p2","data":[]}'
    )
    scheme = StandardWebhooks()
    stale = scheme.sign(body, SECRET.encode(), delivery_id="m1", timestamp=time.time() - 3600)
    unsigned = {k: v for k, v in stale.items() if k != "webhook-signature"}

    async with httpx.AsyncClient() as http:
        answers = [
            await http.post(server.url, content=body, headers=stale),
            await http.post(server.url, content=body, headers=unsigned),
            await http.get(server.url),
        ]

    assert [a.status_code for a in answers] == [401, 401, 405]
    assert answers[0].json() == {"ok": False}
    assert recorder.rejected == ["stale_timestamp", "missing_header"]
    assert recorder.deliveries == []


@pytest.mark.anyio
async def test_a_failing_handler_gets_the_delivery_again_on_the_retry(rig: DeliveryRig) -> None:
    calls: list[str] = []

    async def flaky(delivery: WebhookDelivery) -> None:
        calls.append(delivery.delivery_id)
        if len(calls) == 1:
            raise RuntimeError("database down")

    server = rig.serve_receiver(WebhookReceiver(SECRET, flaky))
    await rig.hooks.webhooks.create(name="flaky", target_url=server.url, secret=SECRET)

    await rig.caliper.events.send(SENSOR, [rig.make_event(2)])
    log = rig.emulator.webhook_deliveries()

    assert [a["status"] for a in log["deliveries"]] == [500, 200]
    assert len(calls) == 2
    assert calls[0] == calls[1]


@pytest.mark.anyio
async def test_hex_signed_deliveries_verify_with_the_hex_scheme(
    start_emulator: Callable[..., EmulatorServer],
    settings_of: Callable[[EmulatorServer], dict[str, Any]],
    serve_receiver: Callable[[Any], Any],
    make_event: Callable[..., dict[str, Any]],
) -> None:
    from timeback_webhooks import HexSignature

    emulator = start_emulator(webhook_signing="caliper-hex")
    recorder = Recorder()
    server = serve_receiver(WebhookReceiver(SECRET, recorder, scheme=HexSignature()))
    async with WebhooksClient(**settings_of(emulator)) as hooks:
        hook = await hooks.webhooks.create(name="hex", target_url=server.url, secret=SECRET)
    async with CaliperClient(**settings_of(emulator)) as caliper:
        await caliper.events.send(SENSOR, [make_event(1), make_event(2)])
    emulator.webhook_deliveries()

    assert len(recorder.deliveries) == 2
    assert {d.webhook_id for d in recorder.deliveries} == {hook.id}
    assert all(d.timestamp is None for d in recorder.deliveries)


@pytest.mark.anyio
async def test_non_loopback_targets_are_refused_unless_allowed(
    hooks: WebhooksClient,
    caliper: CaliperClient,
    emulator: EmulatorServer,
    make_event: Callable[..., dict[str, Any]],
) -> None:
    await hooks.webhooks.create(name="far", target_url="http://hooks.example.com/in", secret=SECRET)

    await caliper.events.send(SENSOR, [make_event(1)])
    log = emulator.webhook_deliveries()

    assert [(e["outcome"], e["attempt"]) for e in log["deliveries"]] == [("refused", 0)]
