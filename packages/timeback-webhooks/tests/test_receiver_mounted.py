"""`WebhookReceiver` mounted in a Starlette application (FastAPI mounts the same way)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Mount

from timeback_webhooks import StandardWebhooks, WebhookDelivery, WebhookReceiver

SECRET = "mounted-secret"


@pytest.mark.anyio
async def test_a_mounted_receiver_verifies_limits_and_answers_without_detail(
    make_event: Callable[..., dict[str, Any]],
) -> None:
    seen: list[str] = []

    def handler(delivery: WebhookDelivery) -> None:  # a plain function: run in a thread
        seen.append(delivery.delivery_id)

    receiver = WebhookReceiver(SECRET, handler, max_body_bytes=4096)
    app = Starlette(routes=[Mount("/hooks/timeback", app=receiver)])
    body = json.dumps(
        {
            "sensor": "https://reading.example.com",
            "sendTime": "2026-11-02T10:00:00.000Z",
            "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
            "data": [make_event(3)],
        }
    ).encode()
    headers = StandardWebhooks().sign(
        body, SECRET.encode(), delivery_id="msg_m", timestamp=time.time()
    )

    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        ok = await http.post("/hooks/timeback/", content=body, headers=headers)
        again = await http.post("/hooks/timeback/", content=body, headers=headers)
        huge = await http.post("/hooks/timeback/", content=b"x" * 5000, headers=headers)
        wrong = await http.post("/hooks/timeback/", content=body + b" ", headers=headers)

    assert [r.status_code for r in (ok, again, huge, wrong)] == [200, 200, 413, 401]
    assert wrong.json() == {"ok": False}
    assert seen == ["msg_m"]
    assert SECRET not in repr(receiver)
