"""The client secret stays out of every dump of the objects that hold it.

People log their configuration with ``dataclasses.asdict(client.settings)``, copy it, pickle it
to hand work to another process. Settings, credentials and the CLI's options hold the secret as
a secret type: ``repr``, ``str``, ``asdict`` (then ``json.dumps(..., default=str)``), ``copy``,
``deepcopy`` and pickles show no trace of its text, while every use of it keeps working.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from timeback_auth import ClientCredentials, ClientCredentialsAuth
from timeback_caliper import CaliperClient, SyncCaliperClient
from timeback_common import ClientSettings, Secret, resolve_settings
from timeback_core import SyncTimebackClient, TimebackClient
from timeback_core._cli._connection import Connection
from timeback_edubridge import EdubridgeClient, SyncEdubridgeClient
from timeback_oneroster import OneRosterClient, SyncOneRosterClient

SECRET = "s3cr3t-\u00e9-VALUE-4f2a"
CONFIG: dict[str, Any] = {
    "base_url": "https://api.example.com",
    "auth_url": "https://idp.example.com/oauth2/token",
    "client_id": "client-1",
    "client_secret": SECRET,
}
CLIENTS: list[Callable[..., Any]] = [
    TimebackClient,
    SyncTimebackClient,
    OneRosterClient,
    SyncOneRosterClient,
    EdubridgeClient,
    SyncEdubridgeClient,
    CaliperClient,
    SyncCaliperClient,
]


def dumps_of(value: Any) -> list[bytes]:
    """Every text and byte form a user might log or store of ``value``."""
    texts = [repr(value), str(value), f"{value}"]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        as_dict = dataclasses.asdict(value)
        texts += [repr(as_dict), json.dumps(as_dict, default=str)]
    texts += [repr(copy.copy(value)), repr(copy.deepcopy(value))]
    pickled = pickle.dumps(value)
    return [text.encode("utf-8", "backslashreplace") for text in texts] + [pickled]


def assert_hidden(value: Any) -> None:
    for dump in dumps_of(value):
        for form in (SECRET.encode("utf-8"), SECRET.encode("unicode_escape"), b"VALUE-4f2a"):
            assert form not in dump


@pytest.mark.parametrize("make", CLIENTS, ids=lambda c: c.__name__)
def test_a_clients_settings_never_show_the_secret(make: Callable[..., Any]) -> None:
    client = make(**CONFIG)
    settings = client.settings
    assert_hidden(settings)
    assert settings.client_secret.get_secret_value() == SECRET


def test_settings_survive_copy_and_pickle_with_the_secret_intact() -> None:
    settings = resolve_settings(**CONFIG)
    for clone in (
        copy.copy(settings),
        copy.deepcopy(settings),
        pickle.loads(pickle.dumps(settings)),
    ):
        assert clone == settings
        assert clone.client_secret.get_secret_value() == SECRET


def test_settings_built_by_hand_with_a_plain_string_hold_a_secret() -> None:
    settings = ClientSettings(
        platform="beyond-ai",
        environment=None,
        service_urls={"oneroster": CONFIG["base_url"]},
        token_url=CONFIG["auth_url"],
        client_id="client-1",
        client_secret=SECRET,  # type: ignore[arg-type]
    )
    assert isinstance(settings.client_secret, Secret)
    assert_hidden(settings)


def test_credentials_never_show_the_secret_and_keep_working() -> None:
    settings = resolve_settings(**CONFIG)
    credentials = ClientCredentialsAuth.from_settings(settings).credentials
    assert_hidden(credentials)
    restored = pickle.loads(pickle.dumps(credentials))
    assert restored.client_secret.get_secret_value() == SECRET
    assert restored == credentials
    again = ClientCredentials(
        client_id="client-1", client_secret=settings.client_secret, token_url=CONFIG["auth_url"]
    )
    assert again == credentials


def test_the_cli_options_never_show_the_secret() -> None:
    options = Connection(client_id="client-1", client_secret=SECRET, base_url=CONFIG["base_url"])
    assert_hidden(options)
    settings = options.settings(environ={"TIMEBACK_TOKEN_URL": CONFIG["auth_url"]})
    assert settings.client_secret.get_secret_value() == SECRET


def test_a_secret_compares_with_the_plain_string_without_showing_it() -> None:
    secret = Secret(SECRET)
    assert secret == SECRET
    assert secret == Secret(SECRET)
    assert secret != "other"
    assert repr(secret) == "Secret('**********')"
    assert f"{secret:>12}" == "**********".rjust(12)
