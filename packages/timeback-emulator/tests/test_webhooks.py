"""Webhook routes, delivery faults and the delivery log (deliveries end to end are tested by
timeback-webhooks against a real receiver)."""

from __future__ import annotations

import httpx
import pytest

from timeback_emulator import EmulatorConfig, InProcessEmulator
from timeback_emulator.webhooks import is_loopback_host, matches
from timeback_emulator.webhooks._delivery import signature_headers

pytestmark = pytest.mark.anyio


async def test_webhook_shapes_and_errors(api: httpx.AsyncClient) -> None:
    missing = await api.post("/webhooks/", json={"name": "x"})
    assert missing.status_code == 400
    created = await api.post(
        "/webhooks/",
        json={"name": "n", "targetUrl": "http://127.0.0.1/h", "secret": "s", "active": True},
    )
    assert created.status_code == 201
    hook = created.json()["webhook"]
    assert {"id", "name", "targetUrl", "secret", "active"} <= set(hook)
    unknown_hook = await api.post(
        "/webhook-filters/",
        json={"webhookId": "nope", "filterKey": "type", "filterValue": "x"},
    )
    assert unknown_hook.status_code == 404
    assert (await api.get("/webhooks/nope")).status_code == 404
    assert (await api.delete(f"/webhooks/{hook['id']}")).json()["message"]


async def test_admin_faults_are_validated_and_listed(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    bad = await anon.post("/_emulator/webhooks/faults", json={"kind": "explode"})
    assert bad.status_code == 400
    made = await anon.post("/_emulator/webhooks/faults", json={"kind": "delay", "delayMs": 5})
    assert made.status_code == 201
    assert [f["kind"] for f in (await anon.get("/_emulator/webhooks/faults")).json()["faults"]] == [
        "delay"
    ]
    assert (await anon.delete("/_emulator/webhooks/faults")).json() == {"cleared": 1}
    log = (await anon.get("/_emulator/webhooks/deliveries")).json()
    assert log == {"pending": 0, "deliveries": []}


def test_loopback_hosts() -> None:
    assert all(map(is_loopback_host, ["localhost", "127.0.0.1", "::1", "[::1]", "127.5.0.1"]))
    assert not any(map(is_loopback_host, ["example.com", "10.0.0.1", "", None]))


def test_the_signing_scheme_is_validated() -> None:
    with pytest.raises(ValueError, match="webhook_signing"):
        EmulatorConfig(webhook_signing="md5")
    hex_headers = signature_headers("caliper-hex", "k", b"{}", "d", 0)
    assert set(hex_headers) == {"X-Caliper-Signature", "X-Caliper-Delivery-Id"}


def test_a_missing_member_matches_only_neq_and_not_in() -> None:
    event = {"type": "ActivityEvent", "actor": "https://x/users/1"}
    assert matches(event, "actor.id", "neq", "string", "a")
    assert matches(event, "actor.id", "notIn", "string", "a,b")
    assert not matches(event, "actor.id", "eq", "string", "a")
    assert not matches(event, "actor.id", "notContains", "string", "a")
