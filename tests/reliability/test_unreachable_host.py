"""An unreachable host: the error names the URL that failed and what to check.

Nothing listens on the port these tests use (it was bound and released), so connecting is
refused at once, as for a host that is down or a mistyped URL.
"""

from __future__ import annotations

import socket

import pytest

from timeback_common import APIConnectionError
from timeback_core import SyncTimebackClient, TimebackClient
from timeback_emulator import EmulatorServer


@pytest.fixture
def closed_origin() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_an_unreachable_token_endpoint_is_named_with_what_to_check(closed_origin: str) -> None:
    # given a client whose token URL nothing answers
    token_url = f"{closed_origin}/oauth2/token"
    client = SyncTimebackClient(
        base_url=closed_origin,
        auth_url=token_url,
        client_id="unreachable",
        client_secret="not-a-secret",
        max_retries=0,
    )
    # when a call needs a token
    with client, pytest.raises(APIConnectionError) as caught:
        client.oneroster.users.get("usr-1")
    # then the error shows the token request (not the API call) and says what to check
    error = caught.value
    assert (error.method, error.url) == ("POST", token_url)
    assert "while obtaining a token" in str(error)
    assert "check the token URL" in str(error)
    assert token_url in str(error)
    assert "/users/usr-1" not in str(error)


@pytest.mark.anyio
async def test_an_unreachable_api_host_is_named_with_what_to_check(
    timeback_emulator: EmulatorServer, closed_origin: str
) -> None:
    # given a client that gets its token but whose API host nothing answers
    async with TimebackClient(
        base_url=closed_origin,
        auth_url=timeback_emulator.token_url,
        client_id=timeback_emulator.client_id,
        client_secret=timeback_emulator.client_secret,
        max_retries=0,
    ) as client:
        # when it calls the API
        with pytest.raises(APIConnectionError) as caught:
            await client.oneroster.users.get("usr-1")
    # then the error names the API call and the base URL to check, not the token endpoint
    error = caught.value
    assert error.method == "GET"
    assert str(error.url).startswith(closed_origin)
    assert "token" not in str(error)
    assert "check the base URL" in str(error)
