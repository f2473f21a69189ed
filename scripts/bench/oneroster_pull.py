"""A full pull of every user from the emulator: streaming vs concurrent vs plain httpx, and memory.

    uv run python scripts/bench/oneroster_pull.py                        # 50,000 users, 20 ms
    uv run python scripts/bench/oneroster_pull.py --users 5000 --latency-ms 5 --page-size 500

Starts ``timeback-emulator serve --seed N --latency-ms L --port 0`` in a child process (a real
HTTP server on 127.0.0.1), then runs each mode in a fresh interpreter of its own, one after the
other, against that server:

* ``httpx loop``: the baseline: a plain ``httpx.Client`` fetches a token, then GETs the pages one
  after the other (same ``limit``/``offset`` requests) and decodes each JSON body, keeping the
  raw dicts;
* ``sync stream``: ``for user in client.users.list(limit=P, concurrency=1)`` (typed models,
  sequential, bounded memory);
* ``sync concurrent``: ``client.users.list(limit=P, concurrency=C).to_list()`` (threads);
* ``async concurrent``: ``await client.users.list(limit=P, concurrency=C).to_list()`` (anyio).

Times are wall clock; the table gives each as a ratio of the httpx loop measured in the same run
(below 1 = faster than the baseline). Then two more children measure the peak of Python
allocations (tracemalloc) of streaming (counting records, keeping none) against collecting
(``to_list()``), and ``import_time.py`` measures the cold import of ``timeback_oneroster``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
USERS_PATH = "/ims/oneroster/rostering/v1p2/users"


# --- the modes, each run in its own interpreter --------------------------------------------------


def _client_kwargs(base: str) -> dict[str, Any]:
    return {
        "base_url": base,
        "auth_url": base + "/oauth2/token",
        "client_id": os.environ["BENCH_CLIENT_ID"],
        "client_secret": os.environ["BENCH_CLIENT_SECRET"],
        "timeout": 120.0,
    }


def mode_httpx(base: str, page_size: int, concurrency: int) -> int:
    import httpx

    with httpx.Client(base_url=base, timeout=120.0) as http:
        token = http.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(os.environ["BENCH_CLIENT_ID"], os.environ["BENCH_CLIENT_SECRET"]),
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        records: list[dict[str, Any]] = []
        offset = 0
        while True:
            body = http.get(
                USERS_PATH, params={"limit": page_size, "offset": offset}, headers=headers
            ).json()
            page = body["users"]
            records.extend(page)
            offset += len(page)
            if not page or offset >= body["totalCount"]:
                return len(records)


def mode_stream(base: str, page_size: int, concurrency: int) -> int:
    from timeback_oneroster import SyncOneRosterClient

    with SyncOneRosterClient(**_client_kwargs(base)) as client:
        count = 0
        for _ in client.users.list(limit=page_size, concurrency=1):
            count += 1
        return count


def mode_sync_concurrent(base: str, page_size: int, concurrency: int) -> int:
    from timeback_oneroster import SyncOneRosterClient

    with SyncOneRosterClient(**_client_kwargs(base)) as client:
        return len(client.users.list(limit=page_size, concurrency=concurrency).to_list())


def mode_async_concurrent(base: str, page_size: int, concurrency: int) -> int:
    import anyio

    from timeback_oneroster import OneRosterClient

    async def pull() -> int:
        async with OneRosterClient(**_client_kwargs(base)) as client:
            users = await client.users.list(limit=page_size, concurrency=concurrency).to_list()
            return len(users)

    return anyio.run(pull)


def mode_collect(base: str, page_size: int, concurrency: int) -> int:
    from timeback_oneroster import SyncOneRosterClient

    with SyncOneRosterClient(**_client_kwargs(base)) as client:
        return len(client.users.list(limit=page_size, concurrency=1).to_list())


MODES = {
    "httpx loop": mode_httpx,
    "sync stream": mode_stream,
    "sync concurrent": mode_sync_concurrent,
    "async concurrent": mode_async_concurrent,
    "collect": mode_collect,
}


def child(mode: str, base: str, page_size: int, concurrency: int, memory: bool) -> None:
    if memory:
        import tracemalloc

        # Import first, so that the peak counts the pull and not the modules' own allocations.
        import anyio  # noqa: F401
        import httpx  # noqa: F401

        import timeback_oneroster  # noqa: F401

        tracemalloc.start()
    started = time.perf_counter()
    count = MODES[mode](base, page_size, concurrency)
    seconds = time.perf_counter() - started
    peak = 0
    if memory:
        import tracemalloc

        peak = tracemalloc.get_traced_memory()[1]
    print(json.dumps({"count": count, "seconds": seconds, "peak": peak}))


# --- the parent: server, children, table ---------------------------------------------------------


def start_server(users: int, latency_ms: int) -> tuple[subprocess.Popen[str], dict[str, str]]:
    command = [
        sys.executable, "-m", "timeback_emulator._cli", "serve",
        "--seed", str(users), "--latency-ms", str(latency_ms), "--port", "0",
        "--host", "127.0.0.1",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    found: dict[str, str] = {}
    for line in process.stdout:
        for name, pattern in (
            ("base", r"base URL:\s+(\S+)"),
            ("client_id", r"client id:\s+(\S+)"),
            ("client_secret", r"client secret:\s+(\S+)"),
        ):
            match = re.search(pattern, line)
            if match:
                found[name] = match.group(1)
        if "Press Ctrl+C" in line:
            return process, found
    raise SystemExit("the emulator did not start")


def run_child(
    mode: str, server: dict[str, str], args: argparse.Namespace, memory: bool
) -> dict[str, Any]:
    env = {
        **os.environ,
        "BENCH_CLIENT_ID": server["client_id"],
        "BENCH_CLIENT_SECRET": server["client_secret"],
    }
    command = [
        sys.executable, __file__, "--child", mode, "--base-url", server["base"],
        "--page-size", str(args.page_size), "--concurrency", str(args.concurrency),
    ]  # fmt: skip
    if memory:
        command.append("--memory")
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{mode} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--latency-ms", type=int, default=20)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--child", choices=sorted(MODES))
    parser.add_argument("--base-url")
    parser.add_argument("--memory", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.base_url, args.page_size, args.concurrency, args.memory)
        return 0

    print(
        f"full pull of {args.users} users, --latency-ms {args.latency_ms}, "
        f"page size {args.page_size}, concurrency {args.concurrency}",
        flush=True,
    )
    process, server = start_server(args.users, args.latency_ms)
    try:
        timed = {
            mode: run_child(mode, server, args, memory=False)
            for mode in ("httpx loop", "sync stream", "sync concurrent", "async concurrent")
        }
        memory = {
            mode: run_child(mode, server, args, memory=True) for mode in ("sync stream", "collect")
        }
    finally:
        process.terminate()
        process.wait(timeout=30)

    base = timed["httpx loop"]["seconds"]
    print(f"\n{'mode':<18}{'records':>9}{'seconds':>9}{'x httpx loop':>14}")
    for mode, result in timed.items():
        ratio = result["seconds"] / base
        print(f"{mode:<18}{result['count']:>9}{result['seconds']:>9.2f}{ratio:>14.2f}")
    stream_peak = memory["sync stream"]["peak"]
    print(f"\n{'memory (tracemalloc)':<22}{'records':>9}{'peak MiB':>10}{'x streaming':>13}")
    for mode, result in (("streaming", memory["sync stream"]), ("collecting", memory["collect"])):
        peak = result["peak"]
        print(f"{mode:<22}{result['count']:>9}{peak / 2**20:>10.1f}{peak / stream_peak:>13.1f}")
    print("\ncold import:", flush=True)
    subprocess.run(
        [sys.executable, str(ROOT / "scripts/bench/import_time.py"), "timeback_oneroster", "httpx"],
        check=False,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
