"""What the client itself costs per record: ours against a plain httpx + json.loads loop.

    uv run python scripts/bench/client_cost.py                     # 20,000 users, then 50 ms
    uv run python scripts/bench/client_cost.py --users 5000 --latency-users 2000

The emulator renders pages slowly and would hide the client's cost, so this takes the server out:

1. A real emulator (``timeback-emulator serve --seed 2000``) is started once; its users are read
   and the emulator is stopped. Those records are repeated (new ``sourcedId`` each) up to
   ``--users``.
2. A tiny server (a bare asyncio HTTP/1.1 responder in a child process) serves them: every page
   body is rendered once per ``limit`` and then sent as bytes, with ``--latency-ms`` of sleep
   per request when asked. It also answers the token request.
3. Each client runs in a fresh interpreter of its own against that server:

   * ``plain loop``: the baseline: ``httpx.AsyncClient`` GETs the pages (``limit``/``offset``),
     ``json.loads`` each body and keeps the dicts; in the latency run it keeps 8 requests in
     flight (what a careful hand-written script does);
   * ``ours``: ``await client.users.list(...).to_list()``;
   * ``ours streaming``: ``async for user in client.users.list(...)`` (records counted, none kept).

Two runs: **CPU**, no latency, pages of 1,000 (``limit=1000`` for ours): µs of client CPU
(``time.process_time``) per record; and **latency**, ``--latency-ms`` per request, where ours run
with every default (``await client.users.list().to_list()``) and the figure is the wall time.
Then **memory**: the bytes per record held by the collected list (tracemalloc, after the pull,
less what was held before it), ours against the plain dicts. Every figure is printed as a ratio
of the plain loop measured in the same run; the machine may be noisy, so read them as ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

USERS_PATH = "/ims/oneroster/rostering/v1p2/users"
TOKEN_PATH = "/oauth2/token"
CLIENT_ID = "bench-client"
CLIENT_SECRET = "bench-secret"  # a local stand-in server's fixed test credential


# --- records: read once from a real emulator ------------------------------------------------------


def emulator_users(seed: int) -> list[dict[str, Any]]:
    """Every user of an emulator seeded with ``seed`` users, as the emulator renders them."""
    import httpx
    import oneroster_pull

    process, server = oneroster_pull.start_server(seed, 0)
    try:
        with httpx.Client(base_url=server["base"], timeout=120.0) as http:
            token = http.post(
                TOKEN_PATH,
                data={"grant_type": "client_credentials"},
                auth=(server["client_id"], server["client_secret"]),
            ).json()["access_token"]
            users: list[dict[str, Any]] = []
            while True:
                body = http.get(
                    USERS_PATH,
                    params={"limit": 1000, "offset": len(users)},
                    headers={"Authorization": f"Bearer {token}"},
                ).json()
                users.extend(body["users"])
                if not body["users"] or len(users) >= body["totalCount"]:
                    return users
    finally:
        process.terminate()
        process.wait(timeout=30)


def repeat_records(records: list[dict[str, Any]], count: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for index in range(count):
        record = dict(records[index % len(records)])
        record["sourcedId"] = f"{record.get('sourcedId')}-{index}"
        out.append(record)
    return out


# --- the tiny server ------------------------------------------------------------------------------


def serve(records_file: str, latency_ms: float, port_file: str) -> None:
    """Serve the users pre-rendered; answer the token request. Runs until killed."""
    records: list[dict[str, Any]] = json.loads(Path(records_file).read_text())
    encoded = [json.dumps(record, separators=(",", ":")).encode() for record in records]
    total = len(records)
    rendered: dict[tuple[int, int], bytes] = {}
    token_body = json.dumps(
        {"access_token": "bench-token", "token_type": "Bearer", "expires_in": 3600}
    ).encode()

    def page(offset: int, limit: int) -> bytes:
        key = (offset, limit)
        body = rendered.get(key)
        if body is None:
            chunk = b",".join(encoded[offset : offset + limit])
            body = (
                b'{"users":[' + chunk + b'],"totalCount":' + str(total).encode()
                + b',"offset":' + str(offset).encode() + b',"limit":' + str(limit).encode() + b"}"
            )  # fmt: skip
            rendered[key] = body
        return body

    def answer(target: str) -> bytes:
        if target.startswith(TOKEN_PATH):
            return token_body
        query = dict(
            part.split("=", 1) for part in target.partition("?")[2].split("&") if "=" in part
        )
        offset = int(query.get("offset", 0))
        limit = int(query.get("limit", 100))
        return page(offset, limit)

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                target = lines[0].split(" ")[1]
                length = 0
                for line in lines[1:]:
                    if line.lower().startswith("content-length:"):
                        length = int(line.split(":", 1)[1])
                if length:
                    await reader.readexactly(length)
                if latency_ms:
                    await asyncio.sleep(latency_ms / 1000)
                body = answer(target)
                writer.write(
                    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
                    + str(len(body)).encode()
                    + b"\r\n\r\n"
                    + body
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    port_path = Path(port_file)

    async def main() -> None:
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        port = server.sockets[0].getsockname()[1]
        port_path.write_text(str(port))  # noqa: ASYNC240  # once, before serving
        async with server:
            await server.serve_forever()

    asyncio.run(main())


# --- the clients, each in its own interpreter -----------------------------------------------------


async def plain_loop(base: str, page_size: int, in_flight: int) -> list[Any]:
    import httpx

    async with httpx.AsyncClient(base_url=base, timeout=120.0) as http:
        token = json.loads(
            (
                await http.post(
                    TOKEN_PATH,
                    data={"grant_type": "client_credentials"},
                    auth=(CLIENT_ID, CLIENT_SECRET),
                )
            ).content
        )["access_token"]
        headers = {"Authorization": f"Bearer {token}"}

        async def get(offset: int) -> dict[str, Any]:
            response = await http.get(
                USERS_PATH, params={"limit": page_size, "offset": offset}, headers=headers
            )
            body: dict[str, Any] = json.loads(response.content)
            return body

        first = await get(0)
        records: list[Any] = list(first["users"])
        total = first["totalCount"]
        offsets = list(range(page_size, total, page_size))
        for start in range(0, len(offsets), in_flight):
            pages = await asyncio.gather(*(get(o) for o in offsets[start : start + in_flight]))
            for body in pages:
                records.extend(body["users"])
        return records


def _client(base: str) -> Any:
    from timeback_oneroster import OneRosterClient

    return OneRosterClient(
        base_url=base,
        auth_url=base + TOKEN_PATH,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        timeout=120.0,
    )


async def ours(base: str, page_size: int | None) -> list[Any]:
    async with _client(base) as client:
        listing = client.users.list() if page_size is None else client.users.list(limit=page_size)
        users: list[Any] = await listing.to_list()
        return users


async def ours_streaming(base: str, page_size: int | None) -> int:
    async with _client(base) as client:
        listing = client.users.list() if page_size is None else client.users.list(limit=page_size)
        count = 0
        async for _ in listing:
            count += 1
        return count


def child(client: str, base: str, page_size: int | None, memory: bool) -> None:
    import tracemalloc

    import httpx  # noqa: F401  # imported before measuring: the figures are of the pull

    from timeback_oneroster import OneRosterClient  # noqa: F401  # the lazy root loads it here

    if memory:
        tracemalloc.start()
    held_before = tracemalloc.get_traced_memory()[0] if memory else 0
    cpu, wall = time.process_time(), time.perf_counter()
    result: Any
    if client == "plain loop":
        result = asyncio.run(plain_loop(base, page_size or 100, 1 if page_size else 8))
    elif client == "ours":
        result = asyncio.run(ours(base, page_size))
    else:
        result = asyncio.run(ours_streaming(base, page_size))
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    count = result if isinstance(result, int) else len(result)
    held = tracemalloc.get_traced_memory()[0] - held_before if memory else 0
    print(json.dumps({"count": count, "cpu": cpu, "wall": wall, "held": held}))


def child_env(workdir: Path) -> dict[str, str]:
    """The environment of every child: compiled modules cached, as in an installed package.

    An environment that sets ``PYTHONDONTWRITEBYTECODE`` recompiles every module of every
    fresh interpreter from source (ours load theirs lazily, during the pull); the children
    write their bytecode under ``workdir`` instead, as an installed package has it.
    """
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.setdefault("PYTHONPYCACHEPREFIX", str(workdir / "pycache"))
    return env


CHILD_ENV: dict[str, str] | None = None


def run_child(
    client: str, base: str, page_size: int | None, memory: bool = False
) -> dict[str, Any]:
    command = [sys.executable, __file__, "--child", client, "--base-url", base]
    if page_size is not None:
        command += ["--page-size", str(page_size)]
    if memory:
        command.append("--memory")
    done = subprocess.run(command, capture_output=True, text=True, check=False, env=CHILD_ENV)
    if done.returncode != 0:
        raise SystemExit(f"{client} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


class Server:
    """The tiny server in a child process, serving ``records`` with ``latency_ms``."""

    def __init__(self, records_file: Path, latency_ms: float) -> None:
        port_file = records_file.with_suffix(f".{latency_ms}.port")
        port_file.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(records_file), "--latency-ms",
             str(latency_ms), "--port-file", str(port_file)]
        )  # fmt: skip
        for _ in range(600):
            if port_file.exists() and port_file.read_text():
                break
            time.sleep(0.05)
        else:
            raise SystemExit("the stand-in server did not start")
        self.base = f"http://127.0.0.1:{port_file.read_text()}"

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


FIRST_RECORD_PLAIN = f"""
import json, sys
import httpx
base = sys.argv[1]
with httpx.Client(base_url=base) as http:
    token = json.loads(http.post("{TOKEN_PATH}", data={{"grant_type": "client_credentials"}},
                                 auth=("{CLIENT_ID}", "{CLIENT_SECRET}")).content)["access_token"]
    body = json.loads(http.get("{USERS_PATH}", params={{"limit": 100, "offset": 0}},
                               headers={{"Authorization": "Bearer " + token}}).content)
    print(body["users"][0]["sourcedId"])
"""
FIRST_RECORD_OURS = f"""
import sys
from timeback_oneroster import SyncOneRosterClient
base = sys.argv[1]
with SyncOneRosterClient(base_url=base, auth_url=base + "{TOKEN_PATH}", client_id="{CLIENT_ID}",
                         client_secret="{CLIENT_SECRET}") as client:
    print(client.users.list().first_page().items[0].sourced_id)
"""


def first_record(base: str, python: str, runs: int) -> dict[str, float]:
    """Best wall time of a fresh process printing the first user: plain httpx script and ours."""
    best: dict[str, float] = {}
    for name, script in (("plain httpx", FIRST_RECORD_PLAIN), ("ours", FIRST_RECORD_OURS)):
        for _ in range(runs):
            started = time.perf_counter()
            subprocess.run(
                [python, "-c", script, base], check=True, capture_output=True, env=CHILD_ENV
            )
            seconds = time.perf_counter() - started
            best[name] = min(best.get(name, seconds), seconds)
    return best


def best_of(repeat: int, base: str, page_size: int | None, figure: str) -> dict[str, Any]:
    """Each client ``repeat`` times, taking turns; the run with the least ``figure`` of each.

    The least disturbed run, as ``timeit`` advises: on a shared machine other load only ever
    adds time, and taking turns spreads it over every client alike.
    """
    best: dict[str, dict[str, Any]] = {}
    for _ in range(repeat):
        for client in ("plain loop", "ours", "ours streaming"):
            result = run_child(client, base, page_size)
            if client not in best or result[figure] < best[client][figure]:
                best[client] = result
    return best


def measure(
    workdir: Path,
    users: int,
    latency_users: int,
    latency_ms: float,
    first_record_python: str | None = None,
    repeat: int = 3,
) -> dict[str, Any]:
    """Every figure of this benchmark, as a dict (``__main__.py`` builds its rows from it)."""
    global CHILD_ENV
    CHILD_ENV = child_env(workdir)
    source = emulator_users(2000)
    results: dict[str, Any] = {}
    for name, count, latency, page_size in (
        ("cpu", users, 0.0, 1000),
        ("latency", latency_users, latency_ms, None),
    ):
        records_file = workdir / f"users-{name}.json"
        records_file.write_text(json.dumps(repeat_records(source, count)))
        server = Server(records_file, latency)
        try:
            # Warm-up pulls render every page the runs will ask for and compile every module.
            run_child("plain loop", server.base, page_size or 100)
            run_child("ours", server.base, page_size)
            run = best_of(repeat, server.base, page_size, "cpu" if name == "cpu" else "wall")
            if name == "cpu":
                results["first record"] = first_record(server.base, sys.executable, 5)
                if first_record_python:
                    results["first record, other environment"] = first_record(
                        server.base, first_record_python, 5
                    )
                results["memory"] = {
                    client: run_child(client, server.base, page_size, memory=True)
                    for client in ("plain loop", "ours")
                }
        finally:
            server.close()
        results[name] = run
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--latency-users", type=int, default=5_000)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--child", choices=["plain loop", "ours", "ours streaming"])
    parser.add_argument("--serve")
    parser.add_argument("--port-file")
    parser.add_argument("--base-url")
    parser.add_argument("--page-size", type=int)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs of each client, taking turns; the best is kept"
    )
    parser.add_argument(
        "--first-record-python",
        help="also time the first record with this interpreter (e.g. a venv without click/rich)",
    )
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.latency_ms, args.port_file)
        return 0
    if args.child:
        child(args.child, args.base_url, args.page_size, args.memory)
        return 0

    import tempfile

    with tempfile.TemporaryDirectory() as workdir:
        results = measure(
            Path(workdir),
            args.users,
            args.latency_users,
            args.latency_ms,
            args.first_record_python,
            max(1, args.repeat),
        )
    print_table(results, args)
    return 0


def print_table(results: dict[str, Any], args: argparse.Namespace) -> None:
    cpu = results["cpu"]
    base = cpu["plain loop"]
    print(
        f"\nCPU: {args.users} users, pages of 1,000, no latency (ours: limit=1000); "
        f"best of {args.repeat} runs each"
    )
    print(
        f"{'client':<16}{'records':>9}{'µs CPU/rec':>12}{'x plain':>9}{'wall s':>8}{'x plain':>9}"
    )
    for client, run in cpu.items():
        per = run["cpu"] / run["count"] * 1e6
        base_per = base["cpu"] / base["count"] * 1e6
        print(
            f"{client:<16}{run['count']:>9}{per:>12.1f}{per / base_per:>9.2f}"
            f"{run['wall']:>8.2f}{run['wall'] / base['wall']:>9.2f}"
        )
    latency = results["latency"]
    base = latency["plain loop"]
    print(
        f"\nlatency: {args.latency_users} users, {args.latency_ms:g} ms per request "
        "(plain: pages of 100, 8 in flight; ours: every default)"
    )
    print(f"{'client':<16}{'records':>9}{'wall s':>8}{'x plain':>9}")
    for client, run in latency.items():
        print(f"{client:<16}{run['count']:>9}{run['wall']:>8.2f}{run['wall'] / base['wall']:>9.2f}")
    for key in ("first record", "first record, other environment"):
        if key in results:
            times = results[key]
            print(
                f"\ntime to first record ({key}: process start, import, token, first page of "
                f"100): plain httpx {times['plain httpx'] * 1000:.0f} ms, ours "
                f"{times['ours'] * 1000:.0f} ms, x plain {times['ours'] / times['plain httpx']:.2f}"
            )
    memory = results["memory"]
    base_bytes = memory["plain loop"]["held"] / memory["plain loop"]["count"]
    print("\nmemory held by the collected records (tracemalloc)")
    print(f"{'client':<16}{'records':>9}{'bytes/rec':>11}{'x plain':>9}")
    for client, run in memory.items():
        per = run["held"] / run["count"]
        print(f"{client:<16}{run['count']:>9}{per:>11.0f}{per / base_bytes:>9.2f}")


if __name__ == "__main__":
    raise SystemExit(main())
