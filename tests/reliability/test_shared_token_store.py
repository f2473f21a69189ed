"""Worker processes with one `FileTokenStore` share one token: one request, one more on expiry.

Each worker is a fresh interpreter (as a gunicorn or Celery worker is) making 50 concurrent calls
through its own `TimebackClient` against one real-HTTP emulator.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from timeback_auth import FileTokenStore
from timeback_common import ConfigurationError
from timeback_core import TimebackClient
from timeback_emulator import EmulatorServer

from .conftest import unique_client_id

WORKER = """
import asyncio, sys
from timeback_auth import FileTokenStore
from timeback_core import TimebackClient

base_url, token_url, client_id, secret, directory = sys.argv[1:]

async def main():
    async with TimebackClient(
        base_url=base_url, auth_url=token_url, client_id=client_id, client_secret=secret,
        token_store=FileTokenStore(directory),
    ) as client:
        users = client.oneroster.users
        pages = await asyncio.gather(*(users.list(limit=1).first_page() for _ in range(50)))
        assert all(len(page.items) == 1 for page in pages)

asyncio.run(main())
"""


def token_requests(emulator: EmulatorServer) -> int:
    return sum(
        row["count"]
        for row in emulator.stats()["requests"]
        if "token" in row["route"] and row["status"] == 200
    )


def run_workers(emulator: EmulatorServer, directory: Path, count: int = 4) -> None:
    arguments = [
        emulator.base_url,
        emulator.token_url,
        emulator.client_id,
        emulator.client_secret,
        str(directory),
    ]
    workers = [subprocess.Popen([sys.executable, "-c", WORKER, *arguments]) for _ in range(count)]
    assert [worker.wait(timeout=120) for worker in workers] == [0] * count


@pytest.mark.slow
def test_four_processes_of_50_calls_make_one_token_request_and_one_more_after_expiry(
    tmp_path: Path,
) -> None:
    # given an emulator issuing tokens for 4 s (fresh for 2 s: the refresh margin is capped at
    # half the lifetime) and one token directory
    with EmulatorServer(seed="tiny", client_id=unique_client_id(), token_ttl=4) as emulator:
        # when 4 worker processes make 50 concurrent calls each
        run_workers(emulator, tmp_path)

        # then exactly one token was requested
        assert token_requests(emulator) == 1

        # and when the token has expired and 4 workers run again, exactly one more
        time.sleep(4.2)
        run_workers(emulator, tmp_path)
        assert token_requests(emulator) == 2

    # and the token file is the owner's only and holds no secret
    files = list(tmp_path.glob("*.json"))
    assert len(files) == 1
    assert stat.S_IMODE(os.stat(files[0]).st_mode) == 0o600
    saved = json.loads(files[0].read_text())
    assert set(saved) == {"value", "lifetime", "expires_at"}
    assert emulator.client_secret not in files[0].read_text()


def test_a_token_store_with_an_auth_of_ones_own_is_refused(tmp_path: Path) -> None:
    from timeback_auth import ClientCredentials, ClientCredentialsAuth

    auth = ClientCredentialsAuth(
        ClientCredentials(client_id="c", client_secret="s", token_url="http://127.0.0.1:9/t")
    )
    with pytest.raises(ConfigurationError, match="token_store"):
        TimebackClient(
            base_url="http://127.0.0.1:9",
            auth_url="http://127.0.0.1:9/t",
            client_id="c",
            client_secret="s",
            auth=auth,
            token_store=FileTokenStore(tmp_path),
        )


def test_a_store_without_the_methods_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="token_store"):
        TimebackClient(
            base_url="http://127.0.0.1:9",
            auth_url="http://127.0.0.1:9/t",
            client_id="c",
            client_secret="s",
            token_store=object(),  # type: ignore[arg-type]
        )
