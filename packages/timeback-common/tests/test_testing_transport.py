"""The in-process transports of `timeback_common.testing`."""

from __future__ import annotations

import subprocess
import sys
import textwrap

UNCLOSED = textwrap.dedent(
    """
    import httpx
    from timeback_common.testing import SyncASGITransport

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})

    client = httpx.Client(transport=SyncASGITransport(app))  # never closed
    print(client.get("http://testserver/").text)
    """
)


def test_a_sync_transport_nobody_closed_does_not_keep_the_process_alive() -> None:
    finished = subprocess.run(
        [sys.executable, "-c", UNCLOSED], capture_output=True, text=True, timeout=60, check=False
    )
    assert finished.returncode == 0, finished.stderr
    assert finished.stdout.strip() == "ok"
