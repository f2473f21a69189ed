"""TLS verification stays on unless the caller explicitly turns it off.

Every pool the SDK creates (service clients, `TimebackClient`, sync and async) verifies
certificates and host names; no source file of any package disables verification; a caller who
wants it off must bring an ``httpx`` client of their own built with ``verify=False``.
"""

from __future__ import annotations

import re
import ssl
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from timeback_caliper import CaliperClient, SyncCaliperClient
from timeback_core import SyncTimebackClient, TimebackClient
from timeback_edubridge import EdubridgeClient, SyncEdubridgeClient
from timeback_oneroster import OneRosterClient, SyncOneRosterClient

ROOT = Path(__file__).resolve().parents[2]
CONFIG: dict[str, Any] = {"env": "staging", "client_id": "id", "client_secret": "secret"}
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


def ssl_context_of(pool: httpx.Client | httpx.AsyncClient) -> ssl.SSLContext:
    context = pool._transport._pool._ssl_context  # type: ignore[union-attr]
    assert isinstance(context, ssl.SSLContext)
    return context


def pool_of(client: Any) -> httpx.Client | httpx.AsyncClient:
    if isinstance(client, (TimebackClient, SyncTimebackClient)):
        return client.http_client
    pool = client.api.http_client if hasattr(client, "api") else client._api.http_client
    assert isinstance(pool, (httpx.Client, httpx.AsyncClient))
    return pool


@pytest.mark.parametrize("make", CLIENTS, ids=lambda c: c.__name__)
def test_every_pool_the_sdk_creates_verifies_certificates_and_host_names(
    make: Callable[..., Any],
) -> None:
    context = ssl_context_of(pool_of(make(**CONFIG)))
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert context.minimum_version >= ssl.TLSVersion.TLSv1_2


def test_verification_is_off_only_in_a_pool_the_caller_built_so() -> None:
    mine = httpx.AsyncClient(verify=False)
    client = TimebackClient(**CONFIG, http_client=mine)
    assert ssl_context_of(client.oneroster._api.http_client).verify_mode == ssl.CERT_NONE
    assert ssl_context_of(TimebackClient(**CONFIG).http_client).verify_mode == ssl.CERT_REQUIRED


def test_no_package_source_turns_verification_off() -> None:
    disabling = re.compile(
        r"verify\s*=\s*False|CERT_NONE|check_hostname\s*=\s*False|_create_unverified_context"
    )
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted(ROOT.glob("packages/*/src/**/*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if disabling.search(line)
    ]
    assert offenders == []
