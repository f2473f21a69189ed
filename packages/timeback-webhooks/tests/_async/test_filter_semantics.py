"""All 13 operators x 3 types against the emulator, checked against an evaluation written here.

Each valid (operator, type) pair gets a webhook with that one filter; every event is sent once;
what each webhook received is compared with the events this module's own evaluation selects.
Pairs that do not make sense (a text operator on numbers...) are refused by the client before
sending, and by the emulator when sent anyway.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest

from timeback_common import BadRequestError, InputValidationError
from timeback_webhooks import (
    FILTER_OPERATORS,
    FILTER_TYPES,
    WebhookDelivery,
    WebhookReceiver,
)

from .conftest import DeliveryRig

SECRET = "table-secret"
SENSOR = "https://reading.example.com"
KEYS = {"string": "extensions.label", "number": "extensions.score", "boolean": "extensions.passed"}
VALUES: dict[str, dict[str, str]] = {
    "string": {
        "eq": "item-3", "neq": "item-3", "gt": "item-5", "gte": "item-5", "lt": "item-15",
        "lte": "item-15", "contains": "-1", "notContains": "-1", "in": "item-1, item-2",
        "notIn": "item-1,item-2", "startsWith": "item-1", "endsWith": "7",
        "regexp": r"^item-\d$",
    },
    "number": {
        "eq": "3", "neq": "3", "gt": "5", "gte": "5", "lt": "2.5", "lte": "2", "in": "1, 2,3",
        "notIn": "1,2,3",
    },
    "boolean": {"eq": "true", "neq": "true", "in": "true", "notIn": "false"},
}  # fmt: skip


def extensions_of(index: int) -> dict[str, Any]:
    """Varied values, including missing members and values of another JSON type."""
    if index == 20:
        return {}
    if index == 21:
        return {"label": 12, "score": "7", "passed": "true"}
    if index == 22:
        return {"label": None, "score": "seven", "passed": "maybe"}
    return {"label": f"item-{index}", "score": index % 10, "passed": index % 3 == 0}


def reference(found: Any, operator: str, kind: str, value: str) -> bool:
    """The documented semantics, written independently of the emulator."""
    if kind == "string":
        if isinstance(found, str):
            actual: Any = found
        elif isinstance(found, bool):
            actual = "true" if found else "false"
        elif isinstance(found, (int, float)):
            actual = str(found)
        else:
            actual = None
    elif kind == "number":
        try:
            actual = None if isinstance(found, bool) or found is None else float(found)
        except (TypeError, ValueError):
            actual = None
    else:
        lookup = {True: True, False: False, "true": True, "false": False}
        actual = lookup.get(found) if isinstance(found, (bool, str)) else None
    if actual is None:
        return operator in ("neq", "notIn")

    def typed(text: str) -> Any:
        text = text.strip()
        return {"number": float, "boolean": lambda t: t == "true"}.get(kind, str)(text)

    if operator in ("in", "notIn"):
        found_in = actual in [typed(part) for part in value.split(",")]
        return found_in == (operator == "in")
    target = typed(value) if kind != "string" else value
    table: dict[str, Callable[[], bool]] = {
        "eq": lambda: actual == target,
        "neq": lambda: actual != target,
        "gt": lambda: actual > target,
        "gte": lambda: actual >= target,
        "lt": lambda: actual < target,
        "lte": lambda: actual <= target,
        "contains": lambda: value in actual,
        "notContains": lambda: value not in actual,
        "startsWith": lambda: actual[: len(value)] == value,
        "endsWith": lambda: (
            len(actual) >= len(value) and actual[len(actual) - len(value) :] == value
        ),
        "regexp": lambda: bool(re.compile(value).search(actual)),
    }
    return table[operator]()


@pytest.mark.slow  # about 6 s: 30 webhooks, 23 events, some 300 deliveries over real HTTP
@pytest.mark.anyio
async def test_every_operator_and_type_selects_what_the_reference_selects(rig: DeliveryRig) -> None:
    received: dict[str, list[str]] = defaultdict(list)

    def record(delivery: WebhookDelivery) -> None:
        assert delivery.webhook_id is not None
        received[delivery.webhook_id].extend(e.id for e in delivery.envelope.data)  # type: ignore[union-attr]

    server = rig.serve_receiver(WebhookReceiver(SECRET, record))
    pairs: dict[str, tuple[str, str]] = {}
    refused: list[tuple[str, str]] = []
    for kind in FILTER_TYPES:
        for operator in FILTER_OPERATORS:
            value = VALUES[kind].get(operator)
            if value is None:
                with pytest.raises(InputValidationError):
                    await rig.hooks.webhooks.filters.create(
                        webhook_id="w",
                        key=KEYS[kind],
                        value="1",
                        operator=operator,
                        type=kind,  # type: ignore[arg-type]
                    )
                refused.append((operator, kind))
                continue
            hook = await rig.hooks.webhooks.create(
                name=f"{operator}-{kind}", target_url=server.url, secret=SECRET
            )
            await rig.hooks.webhooks.filters.create(
                webhook_id=hook.id,
                key=KEYS[kind],
                value=value,
                operator=operator,
                type=kind,  # type: ignore[arg-type]
            )
            pairs[hook.id] = (operator, kind)
    events = [rig.make_event(i, extensions=extensions_of(i)) for i in range(23)]

    await rig.caliper.events.send(SENSOR, events)
    rig.emulator.webhook_deliveries()

    assert len(pairs) + len(refused) == 39
    selective = 0
    for webhook_id, (operator, kind) in pairs.items():
        member = KEYS[kind].split(".")[1]
        expected = [
            e["id"]
            for e in events
            if reference(e["extensions"].get(member), operator, kind, VALUES[kind][operator])
        ]
        assert sorted(received[webhook_id]) == sorted(expected), (operator, kind)
        selective += 0 < len(expected) < len(events)
    # Every pair selects some events and leaves others: no comparison is of two empty lists.
    assert selective == len(pairs)
    # The rig.emulator refuses the same pairs when a client sends them anyway.
    some_hook = next(iter(pairs))
    for operator, kind in refused:
        body = {
            "webhookId": some_hook,
            "filterKey": KEYS[kind],
            "filterValue": "1",
            "filterOperator": operator,
            "filterType": kind,
        }
        with pytest.raises(BadRequestError):
            await rig.hooks.api.post("/webhook-filters/", json=body)
