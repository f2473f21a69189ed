"""The contract every client keeps: what goes wrong ends in its root error; no secret in reprs.

One parametrised test per rule over every client (OneRoster, Edubridge, Caliper, QTI and the
umbrella ``TimebackClient``, whose root is ``TimebackError``). ``tests/contract/_sync/`` is
generated from this file by ``scripts/unasync.py``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from timeback_caliper import CaliperClient, CaliperError
from timeback_common import ConfigurationError, TimebackError, resolve_settings
from timeback_core import TimebackClient
from timeback_edubridge import EdubridgeClient, EdubridgeError
from timeback_oneroster import OneRosterClient, OneRosterError
from timeback_powerpath import PowerPathClient, PowerPathError
from timeback_qti import QtiClient, QtiError
from timeback_webhooks import WebhooksClient, WebhooksError

SECRET = "contract-secret-value-7f3a"
CONFIG: dict[str, Any] = {
    "base_url": "http://127.0.0.1:9",
    "auth_url": "http://127.0.0.1:9/oauth2/token",
    "client_id": "contract-client",
    "client_secret": SECRET,
}


@dataclass(frozen=True)
class Contract:
    client_type: type[Any]
    root: type[TimebackError]
    call: Callable[[Any], Awaitable[object]]  # one operation that would send a request


async def _oneroster_call(client: Any) -> object:
    return await client.users.get("u1")


async def _edubridge_call(client: Any) -> object:
    return await client.subject_tracks.list()


async def _caliper_call(client: Any) -> object:
    return await client.jobs.get("job-1")


async def _powerpath_call(client: Any) -> object:
    return await client.syllabus.get("course-1")


async def _qti_call(client: Any) -> object:
    return await client.items.get("item-1")


async def _webhooks_call(client: Any) -> object:
    return await client.webhooks.get("w1")


async def _umbrella_call(client: Any) -> object:
    return await client.oneroster.users.get("u1")


CONTRACTS = [
    Contract(OneRosterClient, OneRosterError, _oneroster_call),
    Contract(EdubridgeClient, EdubridgeError, _edubridge_call),
    Contract(CaliperClient, CaliperError, _caliper_call),
    Contract(PowerPathClient, PowerPathError, _powerpath_call),
    Contract(QtiClient, QtiError, _qti_call),
    Contract(TimebackClient, TimebackError, _umbrella_call),
    Contract(WebhooksClient, WebhooksError, _webhooks_call),
]
IDS = [contract.client_type.__name__ for contract in CONTRACTS]


@pytest.fixture(autouse=True)
def no_configuration_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ENV", "PLATFORM", "BASE_URL", "TOKEN_URL", "CLIENT_ID", "CLIENT_SECRET"):
        monkeypatch.delenv(f"TIMEBACK_{name}", raising=False)


@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
def test_missing_configuration_is_the_root_error(contract: Contract) -> None:
    with pytest.raises(contract.root) as raised:
        contract.client_type()

    assert isinstance(raised.value, ConfigurationError)
    assert "env" in str(raised.value)


@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
def test_settings_and_arguments_together_are_the_root_error(contract: Contract) -> None:
    settings = resolve_settings(**CONFIG)

    with pytest.raises(contract.root) as raised:
        contract.client_type(settings=settings, client_id="another-client")

    assert isinstance(raised.value, ConfigurationError)
    assert "settings=" in str(raised.value)
    assert "client_id" in str(raised.value)


@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
def test_auth_and_token_store_together_are_the_root_error(contract: Contract) -> None:
    with pytest.raises(contract.root) as raised:
        contract.client_type(**CONFIG, auth=httpx.BasicAuth("a", "b"), token_store=object())

    assert isinstance(raised.value, ConfigurationError)
    assert "token_store=" in str(raised.value)


@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
def test_the_token_store_reaches_the_default_auth(contract: Contract) -> None:
    # The default auth checks the store it is given: a client that dropped it would not raise.
    with pytest.raises(contract.root) as raised:
        contract.client_type(**CONFIG, token_store=object())

    assert isinstance(raised.value, ConfigurationError)
    assert "TokenStore" in str(raised.value)


@pytest.mark.anyio
@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
async def test_an_invalid_with_options_value_is_the_root_error(contract: Contract) -> None:
    async with contract.client_type(**CONFIG) as client:
        with pytest.raises(contract.root) as raised:
            client.with_options(max_retries=-1)

    assert isinstance(raised.value, ConfigurationError)
    assert "max_retries" in str(raised.value)


@pytest.mark.anyio
@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
async def test_a_call_on_a_closed_client_is_the_root_error(contract: Contract) -> None:
    client = contract.client_type(**CONFIG)
    await client.close()

    with pytest.raises(contract.root) as raised:
        await contract.call(client)

    assert isinstance(raised.value, ConfigurationError)
    assert "closed" in str(raised.value)


@pytest.mark.anyio
@pytest.mark.parametrize("contract", CONTRACTS, ids=IDS)
async def test_the_repr_never_shows_the_secret(contract: Contract) -> None:
    async with contract.client_type(**CONFIG) as client:
        copy = client.with_options(timeout=5.0)
        texts = [repr(client), str(client), repr(copy), repr(client.settings)]

    assert all(SECRET not in text for text in texts)
    assert contract.client_type.__name__ in texts[0]
