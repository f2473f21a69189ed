"""Requests per second of the emulator serving OneRoster user pages over uvicorn.

    uv run python scripts/bench/emulator_throughput.py                  # 2,000 seeded users
    uv run python scripts/bench/emulator_throughput.py --requests 400 --concurrency 4

The emulator runs as ``timeback-emulator serve --port 0`` in a child process (its own
interpreter, so the client does not share its GIL), seeded with ``--users`` users. The client
sends bounded loops of authenticated GETs over one keep-alive connection per worker:

* ``baseline``: ``GET /`` (a tiny JSON document through the whole middleware stack, no store);
* ``users?limit=100`` and ``users?limit=1000``: pages of the user list at rotating offsets
  (``X-Total-Count``, ``Link`` and the body pagination members included).

Each loop is split into rounds that alternate the three kinds, so drift in machine load hits all
alike; the table shows medians over rounds: requests per second, milliseconds per request,
response size, and the cost per request as a ratio to the baseline. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import httpx

USERS = "/ims/oneroster/rostering/v1p2/users"
ROUNDS = 6


def start_server(users: int) -> tuple[subprocess.Popen[str], str]:
    """Start the emulator in a child process; returns it and its base URL."""
    command = [
        sys.executable, "-c", "from timeback_emulator._cli import main; raise SystemExit(main())",
        "serve", "--host", "127.0.0.1", "--port", "0", "--seed", str(users),
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip().startswith("base URL:"):
            return process, line.split(":", 1)[1].strip()
    process.kill()
    raise RuntimeError("the emulator did not start")


def token(base: str) -> str:
    response = httpx.post(
        base + "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("emulator-client", "emulator-secret"),
    )
    response.raise_for_status()
    value: str = response.json()["access_token"]
    return value


def run_loop(base: str, bearer: str, paths: list[str], concurrency: int) -> tuple[float, int]:
    """Send every path (split over ``concurrency`` workers); returns (seconds, bytes received)."""
    received = [0] * concurrency
    errors: list[BaseException] = []

    def worker(index: int) -> None:
        try:
            with httpx.Client(
                base_url=base, headers={"Authorization": f"Bearer {bearer}"}, timeout=60
            ) as client:
                for path in paths[index::concurrency]:
                    response = client.get(path)
                    response.raise_for_status()
                    response.json()
                    received[index] += len(response.content)
        except BaseException as exc:  # reported after the loop
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if errors:
        raise errors[0]
    return elapsed, sum(received)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=2000, help="seeded users (default 2,000)")
    parser.add_argument(
        "--requests",
        type=int,
        default=300,
        help="requests per kind (default 300; pages of 1,000 use a fifth)",
    )
    parser.add_argument("--concurrency", type=int, default=1, help="client workers (default 1)")
    args = parser.parse_args()
    if args.users < 1000:
        parser.error("--users must be at least 1000 to serve a page of 1,000")

    process, base = start_server(args.users)
    try:
        bearer = token(base)
        first = httpx.get(
            base + USERS, params={"limit": 1}, headers={"Authorization": f"Bearer {bearer}"}
        )
        total = int(first.headers["x-total-count"])

        def pages(limit: int, count: int) -> list[str]:
            span = max(1, total - limit + 1)
            return [f"{USERS}?limit={limit}&offset={(i * limit) % span}" for i in range(count)]

        kinds: dict[str, Callable[[int], list[str]]] = {
            "baseline GET /": lambda n: ["/"] * n,
            "users?limit=100": lambda n: pages(100, n),
            "users?limit=1000": lambda n: pages(1000, max(1, n // 5)),
        }
        per_round = max(1, args.requests // ROUNDS)
        for make in kinds.values():  # warm up: imports, caches, connection set-up
            run_loop(base, bearer, make(max(2, per_round // 5)), args.concurrency)
        samples: dict[str, list[tuple[float, float]]] = {name: [] for name in kinds}
        for _ in range(ROUNDS):
            for name, make in kinds.items():
                paths = make(per_round)
                seconds, size = run_loop(base, bearer, paths, args.concurrency)
                samples[name].append((seconds / len(paths), size / len(paths)))
    finally:
        process.terminate()
        process.wait(timeout=30)

    baseline = statistics.median(s for s, _ in samples["baseline GET /"])
    print(
        f"emulator over uvicorn, {total} users, {args.concurrency} worker(s), "
        f"median of {ROUNDS} rounds"
    )
    print(f"{'request':<20}{'req/s':>10}{'ms/req':>10}{'KB/resp':>10}{'x baseline':>12}")
    for name, values in samples.items():
        per_request = statistics.median(s for s, _ in values)
        kilobytes = statistics.median(b for _, b in values) / 1024
        rps = 1 / per_request  # wall time per request over the whole loop: throughput
        print(
            f"{name:<20}{rps:>10.1f}{per_request * 1000:>10.2f}{kilobytes:>10.1f}"
            f"{per_request / baseline:>12.1f}"
        )


if __name__ == "__main__":
    main()
