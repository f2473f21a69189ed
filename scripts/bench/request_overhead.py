"""Per-request cost of the base client against plain httpx, sync and async.

    uv run python scripts/bench/request_overhead.py                 # 2,000 GETs per loop
    uv run python scripts/bench/request_overhead.py --requests 500

Two settings, each timing a loop of sequential GETs (body decoded as JSON) through plain
``httpx.Client`` / ``httpx.AsyncClient`` (the baseline) and through ``SyncAPIClient`` /
``AsyncAPIClient`` (User-Agent, X-Request-ID, URL building, retry bookkeeping, `APIResponse`):

* ``loopback``: a uvicorn server in a child process on 127.0.0.1 (port 0), so the figure
  includes a real HTTP round trip, as users see it;
* ``in-process``: ``httpx.MockTransport`` answering at once, so the figure isolates what the
  client itself adds per request; timed in CPU time of this process, so that other work on a
  shared machine does not count. It also counts the Python function calls per request
  (``cProfile``), a figure that machine load cannot disturb.

Each loop is split into rounds that alternate baseline and client, so drift in machine load
hits both alike; the table shows the best round's microseconds per request (the least
disturbed, as ``timeit`` advises), the overhead and the ratio client/baseline. Loops are
bounded and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx

from timeback_common import AsyncAPIClient, SyncAPIClient

BODY = json.dumps({"user": {"sourcedId": "u1", "givenName": "Ada", "status": "active"}}).encode()
PATH = "/ims/oneroster/rostering/v1p2/users/u1"
ROUNDS = 8


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The smallest ASGI app answering every request with the same JSON."""
    if scope["type"] != "http":
        return
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"%d" % len(BODY)),
            ],
        }
    )
    await send({"type": "http.response.body", "body": BODY})


def serve() -> None:
    """Child process: bind 127.0.0.1:0, print the port, serve `app` with uvicorn."""
    import uvicorn

    # proto=IPPROTO_TCP matters: asyncio only sets TCP_NODELAY on accepted sockets whose proto
    # says TCP, and without it Nagle's algorithm meets delayed ACKs (40 ms per response).
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    print(sock.getsockname()[1], flush=True)
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])


def start_server() -> tuple[subprocess.Popen[str], str]:
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve"], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    port = int(child.stdout.readline())
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 10.0
    while True:  # wait until uvicorn accepts connections
        try:
            httpx.get(base + PATH).raise_for_status()
            return child, base
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                child.kill()
                raise
            time.sleep(0.05)


def mock_transport() -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=BODY, headers={"content-type": "application/json"})

    return httpx.MockTransport(handler)


def time_sync(call: Callable[[], Any], n: int, clock: Callable[[], float]) -> float:
    started = clock()
    for _ in range(n):
        call()
    return clock() - started


async def time_async(
    call: Callable[[], Awaitable[Any]], n: int, clock: Callable[[], float]
) -> float:
    started = clock()
    for _ in range(n):
        await call()
    return clock() - started


def compare_sync(
    base: str, transport: httpx.BaseTransport | None, n: int, clock: Callable[[], float]
) -> tuple[float, float]:
    kwargs: dict[str, Any] = {"transport": transport} if transport else {}
    with httpx.Client(**kwargs) as plain, SyncAPIClient(base_url=base, **kwargs) as client:
        url = base + PATH

        def baseline() -> Any:
            return plain.get(url).json()

        def ours() -> Any:
            return client.get(PATH).json()

        time_sync(baseline, 50, clock), time_sync(ours, 50, clock)  # warm up connections and caches
        per_round = max(n // ROUNDS, 1)
        plain_s: list[float] = []
        ours_s: list[float] = []
        for _ in range(ROUNDS):
            plain_s.append(time_sync(baseline, per_round, clock) / per_round)
            ours_s.append(time_sync(ours, per_round, clock) / per_round)
        return min(plain_s), min(ours_s)


async def compare_async(
    base: str, transport: httpx.AsyncBaseTransport | None, n: int, clock: Callable[[], float]
) -> tuple[float, float]:
    kwargs: dict[str, Any] = {"transport": transport} if transport else {}
    async with (
        httpx.AsyncClient(**kwargs) as plain,
        AsyncAPIClient(base_url=base, **kwargs) as client,
    ):
        url = base + PATH

        async def baseline() -> Any:
            return (await plain.get(url)).json()

        async def ours() -> Any:
            return (await client.get(PATH)).json()

        await time_async(baseline, 50, clock), await time_async(ours, 50, clock)
        per_round = max(n // ROUNDS, 1)
        plain_s: list[float] = []
        ours_s: list[float] = []
        for _ in range(ROUNDS):
            plain_s.append(await time_async(baseline, per_round, clock) / per_round)
            ours_s.append(await time_async(ours, per_round, clock) / per_round)
        return min(plain_s), min(ours_s)


def count_calls(call: Callable[[], Any], n: int) -> float:
    """Python function calls per invocation of ``call``: a figure no machine load disturbs."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(lambda: [call() for _ in range(n)])
    total: int = pstats.Stats(profiler).total_calls  # type: ignore[attr-defined]
    return total / n


def calls_per_request(n: int) -> tuple[float, float]:
    base = "http://bench.local"
    transport = mock_transport()
    with (
        httpx.Client(transport=transport) as plain,
        SyncAPIClient(base_url=base, transport=transport) as client,
    ):

        def baseline() -> Any:
            return plain.get(base + PATH).json()

        def ours() -> Any:
            return client.get(PATH).json()

        baseline(), ours()
        return count_calls(baseline, n), count_calls(ours, n)


def row(setting: str, mode: str, plain: float, ours: float) -> str:
    return (
        f"{setting:<11} {mode:<6} {plain * 1e6:>12.1f} {ours * 1e6:>12.1f} "
        f"{(ours - plain) * 1e6:>12.1f} {ours / plain:>7.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000, help="GETs per loop")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve()
        return 0

    n = args.requests
    python = sys.version.split()[0]
    print(
        f"{n} sequential GETs per loop in {ROUNDS} alternating rounds (best round); python {python}"
    )
    print(
        f"{'setting':<11} {'mode':<6} {'httpx us/req':>12} {'client us/req':>12} "
        f"{'overhead us':>12} {'ratio':>7}"
    )
    child, base = start_server()
    try:
        wall = time.perf_counter
        print(row("loopback", "sync", *compare_sync(base, None, n, wall)))
        print(row("loopback", "async", *asyncio.run(compare_async(base, None, n, wall))))
    finally:
        child.terminate()
        child.wait(timeout=10)
    mock_base = "http://bench.local"
    cpu = time.process_time
    print(row("in-process", "sync", *compare_sync(mock_base, mock_transport(), n, cpu)))
    print(
        row("in-process", "async", *asyncio.run(compare_async(mock_base, mock_transport(), n, cpu)))
    )
    plain_calls, our_calls = calls_per_request(min(n, 500))
    print(
        "\nPython function calls per request (in-process, sync; not disturbed by machine load): "
        f"httpx {plain_calls:.0f}, client {our_calls:.0f}, ratio {our_calls / plain_calls:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
