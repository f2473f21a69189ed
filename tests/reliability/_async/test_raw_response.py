"""``with_raw_response``: the parsed result plus the status, headers and request id."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from timeback_common import ConfigurationError, NotFoundError, RawResponse
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator


@pytest.mark.anyio
async def test_a_get_returns_its_response_and_the_parsed_record(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    # given a user on the emulator
    client = connect(make_emulator(seed="tiny"))
    first = (await client.oneroster.users.list(limit=1).first_page()).items[0]

    # when it is read through with_raw_response
    raw = await client.oneroster.with_raw_response.users.get(first.sourced_id)

    # then the response's status, headers and request id come with the usual parsed result
    assert isinstance(raw, RawResponse)
    assert raw.status_code == 200
    assert raw.headers["content-type"].startswith("application/json")
    assert raw.request_id == raw.http_response.request_id
    assert len(raw.request_id) > 8
    assert raw.parse() == await client.oneroster.users.get(first.sourced_id)
    assert len(raw.responses) == 1


@pytest.mark.anyio
async def test_errors_still_raise_and_a_call_that_sent_nothing_has_no_response(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    client = connect(make_emulator(seed="tiny"))
    raw_users = client.oneroster.with_raw_response.users

    # a missing record is the usual typed error
    with pytest.raises(NotFoundError):
        await raw_users.get("no-such-user")

    # a list is lazy: its paginator comes back, and no response exists yet
    listed = raw_users.list(limit=1)
    assert listed.responses == ()
    with pytest.raises(ConfigurationError, match="sent no request"):
        _ = listed.status_code
