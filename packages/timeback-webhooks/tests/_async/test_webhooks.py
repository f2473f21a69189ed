"""Managing webhooks and filters against the emulator: shapes, validation, platforms."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from timeback_common import InputValidationError, NotFoundError, UnsupportedOperationError
from timeback_webhooks import FILTER_OPERATORS, FILTER_TYPES, WebhooksClient, WebhooksError

SENSOR = "https://reading.example.com"

SECRET = "s3cret-value-never-shown"

CREDENTIALS = {"client_id": "id", "client_secret": "secret"}


def _recording(sent: list[httpx.Request], status: int) -> httpx.MockTransport:
    """A transport that records each request in ``sent`` and answers ``status``."""

    def record(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(status, json={})

    return httpx.MockTransport(record)


@pytest.fixture
async def offline() -> AsyncIterator[tuple[WebhooksClient, list[httpx.Request]]]:
    """A client whose transport records what would be sent (and answers 500)."""
    sent: list[httpx.Request] = []
    local = {"base_url": "http://127.0.0.1:9", "auth_url": "http://127.0.0.1:9/oauth2/token"}
    async with WebhooksClient(**local, **CREDENTIALS, transport=_recording(sent, 500)) as client:
        yield client, sent


@pytest.mark.anyio
async def test_webhook_lifecycle_create_get_list_update_toggle_delete(
    hooks: WebhooksClient,
) -> None:
    created = await hooks.webhooks.create(
        name="grades", target_url="http://127.0.0.1:9/hook", secret=SECRET, sensor=SENSOR
    )
    assert created.id
    assert created.target_url == "http://127.0.0.1:9/hook"
    assert created.secret is not None
    assert created.secret.get_secret_value() == SECRET
    assert created.active is True

    assert (await hooks.webhooks.get(created.id)).name == "grades"
    assert [w.id for w in await hooks.webhooks.list()] == [created.id]
    assert [w.id for w in await hooks.webhooks.list(sensor=SENSOR)] == [created.id]
    assert await hooks.webhooks.list(sensor="https://other.example.com") == []

    updated = await hooks.webhooks.update(
        created.id, name="renamed", target_url="http://127.0.0.1:9/x", secret=SECRET
    )
    assert (updated.name, updated.sensor) == ("renamed", None)
    assert (await hooks.webhooks.deactivate(created.id)).active is False
    assert (await hooks.webhooks.activate(created.id)).active is True

    await hooks.webhooks.delete(created.id)
    with pytest.raises(NotFoundError) as caught:
        await hooks.webhooks.get(created.id)
    assert isinstance(caught.value, WebhooksError)


@pytest.mark.anyio
async def test_filter_lifecycle_and_listing_per_webhook(hooks: WebhooksClient) -> None:
    first = await hooks.webhooks.create(name="a", target_url="http://localhost/a", secret="x1")
    second = await hooks.webhooks.create(name="b", target_url="http://localhost/b", secret="x2")
    made = await hooks.webhooks.filters.create(
        webhook_id=first.id, key="extensions.score", value=5, operator="gte", type="number"
    )
    other = await hooks.webhooks.filters.create(
        webhook_id=second.id, key="object.subject", value="Math,Reading", operator="in"
    )
    assert (made.filter_key, made.filter_value, made.filter_operator, made.filter_type) == (
        "extensions.score",
        "5",
        "gte",
        "number",
    )
    assert {f.id for f in await hooks.webhooks.filters.list()} == {made.id, other.id}
    assert [f.id for f in await hooks.webhooks.filters.list_for(first.id)] == [made.id]

    changed = await hooks.webhooks.filters.update(
        made.id, webhook_id=first.id, key="extensions.passed", value=True, type="boolean"
    )
    assert (changed.filter_value, changed.filter_type) == ("true", "boolean")
    assert (await hooks.webhooks.filters.get(made.id)).filter_key == "extensions.passed"
    await hooks.webhooks.filters.delete(made.id)
    with pytest.raises(NotFoundError):
        await hooks.webhooks.filters.get(made.id)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"operator": "like"}, "filter_operator"),
        ({"type": "date"}, "filter_type"),
        ({"type": "number", "value": "ten"}, "number"),
        ({"type": "number", "operator": "contains", "value": "1"}, "contains"),
        ({"type": "boolean", "operator": "gt", "value": "true"}, "booleans"),
        ({"type": "boolean", "value": "yes"}, "boolean"),
        ({"type": "number", "operator": "in", "value": "1,two"}, "number"),
        ({"operator": "regexp", "value": "(unclosed"}, "regular expression"),
        ({"key": "actor..id"}, "filter_key"),
        ({"webhook_id": ""}, "webhook_id"),
    ],
)
async def test_invalid_filters_are_refused_before_sending(
    offline: tuple[WebhooksClient, list[httpx.Request]], arguments: dict[str, Any], named: str
) -> None:
    client, sent = offline
    fields: dict[str, Any] = {"webhook_id": "w1", "key": "type", "value": "x", **arguments}

    with pytest.raises(InputValidationError) as caught:
        await client.webhooks.filters.create(**fields)

    assert isinstance(caught.value, WebhooksError)
    assert named in str(caught.value)
    assert sent == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    "arguments",
    [
        {"target_url": "not a url"},
        {"target_url": "ftp://example.com/x"},
        {"name": ""},
        {"secret": ""},
    ],
)
async def test_invalid_webhooks_are_refused_before_sending_without_the_secret(
    offline: tuple[WebhooksClient, list[httpx.Request]], arguments: dict[str, Any]
) -> None:
    client, sent = offline
    fields: dict[str, Any] = {
        "name": "n",
        "target_url": "http://127.0.0.1/h",
        "secret": SECRET,
        **arguments,
    }
    with pytest.raises(InputValidationError) as caught:
        await client.webhooks.create(**fields)

    assert SECRET not in str(caught.value)
    assert SECRET not in repr(caught.value.issues)
    assert sent == []


@pytest.mark.anyio
async def test_the_secret_is_never_in_reprs_dumps_or_logs(
    hooks: WebhooksClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    created = await hooks.webhooks.create(name="n", target_url="http://127.0.0.1/h", secret=SECRET)
    fetched = await hooks.webhooks.get(created.id)

    for text in (
        repr(created),
        str(fetched),
        repr(fetched.model_dump()),
        fetched.model_dump_json(),
        repr(await hooks.webhooks.list()),
        caplog.text,
    ):
        assert SECRET not in text


@pytest.mark.anyio
async def test_learnwith_has_no_webhooks_and_nothing_is_sent() -> None:
    sent: list[httpx.Request] = []
    platform = {"env": "staging", "platform": "learnwith-ai"}
    async with WebhooksClient(**platform, **CREDENTIALS, transport=_recording(sent, 200)) as client:
        assert client.is_supported is False
        calls = [
            lambda: client.webhooks.list(),
            lambda: client.webhooks.get("w1"),
            lambda: client.webhooks.delete("w1"),
            lambda: client.webhooks.activate("w1"),
            lambda: client.webhooks.filters.list(),
            lambda: client.webhooks.filters.list_for("w1"),
        ]
        for call in calls:
            with pytest.raises(UnsupportedOperationError) as caught:
                await call()
            assert isinstance(caught.value, WebhooksError)
    assert sent == []


def test_the_operators_and_types_are_those_of_the_platform() -> None:
    assert len(FILTER_OPERATORS) == 13
    assert FILTER_TYPES == ("string", "number", "boolean")


@pytest.mark.anyio
async def test_environment_mode_uses_the_caliper_host() -> None:
    async with WebhooksClient(env="production", client_id="i", client_secret="s") as client:
        assert client.base_url.startswith("https://caliper.")
