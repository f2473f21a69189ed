"""Every attempt's DEBUG record carries its facts as fields; TIMEBACK_LOG prints them."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Callable

import pytest

from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

USERS = "/ims/oneroster/rostering/v1p2/users"


@pytest.mark.anyio
async def test_attempt_records_carry_structured_fields(
    make_emulator: Callable[..., InProcessEmulator],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given one 503 before the answer
    from timeback_common.testing import AsyncASGITransport

    emulator = make_emulator(seed="tiny")
    emulator.add_fault(path_prefix=USERS, status=503, count=1)
    caplog.set_level(logging.DEBUG, logger="timeback.http")
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=AsyncASGITransport(emulator.app),
    ) as client:
        await client.oneroster.users.list(limit=1).first_page()

    # then two attempt records: the 503 with its retry reason, then the 200
    fields = [r.timeback for r in caplog.records if r.name == "timeback.http"]  # type: ignore[attr-defined]
    assert [f["status"] for f in fields] == [503, 200]
    assert [f["attempt"] for f in fields] == [1, 2]
    assert fields[0]["retry_reason"]
    assert fields[1]["retry_reason"] is None
    assert fields[0]["request_id"] == fields[1]["request_id"]
    assert {f["service"] for f in fields} == {"oneroster"}
    assert {f["url_template"] for f in fields} == {USERS}
    assert all(f["elapsed_ms"] >= 0 and f["url"].startswith(emulator.base_url) for f in fields)
    assert emulator.client_secret not in repr(fields)


@pytest.mark.parametrize(("value", "level"), [("debug", 10), ("info", 20), ("", 0)])
def test_timeback_log_installs_a_handler(value: str, level: int) -> None:
    code = (
        "import logging, timeback_common; lg = logging.getLogger('timeback'); "
        "print(lg.level, sum(isinstance(h, logging.StreamHandler) for h in lg.handlers))"
    )
    env = {**os.environ, "TIMEBACK_LOG": value}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == [str(level), "1" if level else "0"]
