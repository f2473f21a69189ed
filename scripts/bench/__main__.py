"""Run every benchmark of scripts/bench and print ONE table of ratios measured in the same run.

    uv run python scripts/bench                 # full sizes (about 5 minutes on 2 cores)
    uv run python scripts/bench --quick         # small sizes, for a smoke run (about 1 minute)
    uv run python scripts/bench --only pull,caliper

It imports the per-area scripts beside it and calls their measuring functions (each script still
runs alone and prints its own detailed table):

* ``import``: cold import of every ``timeback_*`` package (``import_time.py``), as a ratio of
  ``import httpx``;
* ``overhead``: per-request time of the base client against plain httpx, sync and async, over
  loopback and in-process (``request_overhead.py``);
* ``pull``: a full pull of ``--users`` users at ``--latency-ms`` per request, sequential streaming,
  sync and async concurrent, against a plain httpx loop; and the peak memory of streaming
  against collecting (``oneroster_pull.py``);
* ``client``: the client's own cost per record against a pre-rendered stand-in server: CPU per
  record, wall time of a latency-bound pull with every default, and bytes per collected record,
  ours (collecting and streaming) against a plain httpx + ``json.loads`` loop
  (``client_cost.py``);
* ``caliper``: Caliper events per second, batching sender (sync and async) against one send per
  event (``caliper_throughput.py``);
* ``emulator``: the emulator's cost per page of 100 users against a bare ``GET /``
  (``emulator_throughput.py``);
* ``mirror``: the first ``timeback_sync`` mirror (SQLite) of ``--mirror-users`` users against a
  plain pull of the same collections, and an incremental run after changing 1 % of the users
  against the first mirror's requests (``sync_mirror.py``);
* ``sync vs async``: the async figure over the sync one for each pair measured above.

Every ratio's baseline is measured in the same run, so figures from a busy or different machine
stay comparable; no figure is an absolute promise. Loops are bounded and nothing leaves
127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if (
    str(HERE) not in sys.path
):  # `python scripts/bench/__main__.py` as well as `python scripts/bench`
    sys.path.insert(0, str(HERE))

AREAS = ("import", "overhead", "pull", "client", "caliper", "emulator", "mirror")


@dataclass
class Row:
    """One line of the table: a measurement, its baseline from the same run, and the ratio."""

    area: str
    measurement: str
    value: float
    unit: str
    baseline: str
    ratio: float
    note: str = ""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- areas --------------------------------------------------------------------------------------


def bench_import(runs: int) -> list[Row]:
    import import_time

    _, httpx_ms = import_time.measure("httpx", runs)
    rows = []
    for module in import_time.default_modules():
        _, reported = import_time.measure(module, runs)
        rows.append(
            Row(
                "import",
                f"cold import {module}",
                reported,
                "ms",
                "import httpx",
                reported / httpx_ms,
            )
        )
    return rows


def bench_overhead(requests: int) -> tuple[list[Row], dict[str, float]]:
    import request_overhead as ro

    rows: list[Row] = []
    per_request: dict[str, float] = {}
    child, base = ro.start_server()
    try:
        wall = time.perf_counter
        for mode, (plain, ours) in (
            ("sync", ro.compare_sync(base, None, requests, wall)),
            ("async", asyncio.run(ro.compare_async(base, None, requests, wall))),
        ):
            per_request[f"loopback {mode}"] = ours
            rows.append(
                Row("overhead", f"GET over loopback, {mode}", ours * 1e6, "us/req",
                    f"httpx {mode}", ours / plain)
            )  # fmt: skip
    finally:
        child.terminate()
        child.wait(timeout=10)
    cpu = time.process_time
    mock = "http://bench.local"
    for mode, (plain, ours) in (
        ("sync", ro.compare_sync(mock, ro.mock_transport(), requests, cpu)),
        ("async", asyncio.run(ro.compare_async(mock, ro.mock_transport(), requests, cpu))),
    ):
        per_request[f"in-process {mode}"] = ours
        rows.append(
            Row("overhead", f"GET in-process (CPU), {mode}", ours * 1e6, "us/req",
                f"httpx {mode}", ours / plain)
        )  # fmt: skip
    plain_calls, our_calls = ro.calls_per_request(min(requests, 500))
    rows.append(
        Row("overhead", "Python calls per GET, sync", our_calls, "calls", "httpx",
            our_calls / plain_calls, "load-independent")
    )  # fmt: skip
    return rows, per_request


def bench_pull(
    users: int, latency_ms: int, page_size: int, concurrency: int
) -> tuple[list[Row], dict[str, float]]:
    import oneroster_pull as op

    args = argparse.Namespace(page_size=page_size, concurrency=concurrency)
    process, server = op.start_server(users, latency_ms)
    try:
        timed = {
            mode: op.run_child(mode, server, args, memory=False)
            for mode in ("httpx loop", "sync stream", "sync concurrent", "async concurrent")
        }
        memory = {
            mode: op.run_child(mode, server, args, memory=True)
            for mode in ("sync stream", "collect")
        }
    finally:
        process.terminate()
        process.wait(timeout=30)
    base = timed["httpx loop"]["seconds"]
    label = f"{users:,} users, {latency_ms} ms/request, pages of {page_size}"
    rows = []
    for mode, result in timed.items():
        if result["count"] != users:
            raise SystemExit(f"pull {mode}: {result['count']} records, not {users}")
        if mode != "httpx loop":
            rows.append(
                Row("pull", f"{mode} ({label})", result["seconds"], "s", "httpx loop",
                    result["seconds"] / base)
            )  # fmt: skip
    rows.insert(0, Row("pull", f"plain httpx loop ({label})", base, "s", "-", 1.0))
    stream, collect = memory["sync stream"]["peak"], memory["collect"]["peak"]
    rows.append(Row("memory", f"peak streaming {users:,} users", stream / 2**20, "MiB", "-", 1.0))
    rows.append(
        Row("memory", f"peak collecting {users:,} users", collect / 2**20, "MiB", "streaming",
            collect / stream)
    )  # fmt: skip
    seconds = {mode: result["seconds"] for mode, result in timed.items()}
    return rows, seconds


def bench_client(users: int, latency_users: int, latency_ms: float) -> list[Row]:
    import client_cost as cc

    with tempfile.TemporaryDirectory() as workdir:
        results = cc.measure(Path(workdir), users, latency_users, latency_ms)
    rows: list[Row] = []
    cpu = results["cpu"]
    base = cpu["plain loop"]["cpu"] / cpu["plain loop"]["count"] * 1e6
    label = f"{users:,} users, pages of 1000, no latency"
    rows.append(Row("client", f"CPU per record, plain loop ({label})", base, "us/rec", "-", 1.0))
    for client in ("ours", "ours streaming"):
        per = cpu[client]["cpu"] / cpu[client]["count"] * 1e6
        rows.append(
            Row("client", f"CPU per record, {client} (limit=1000)", per, "us/rec", "plain loop",
                per / base)
        )  # fmt: skip
    latency = results["latency"]
    wall = latency["plain loop"]["wall"]
    label = f"{latency_users:,} users, {latency_ms:g} ms/request"
    rows.append(
        Row("client", f"pull, plain loop 8 in flight ({label})", wall, "s", "-", 1.0)
    )  # fmt: skip
    for client in ("ours", "ours streaming"):
        seconds = latency[client]["wall"]
        rows.append(
            Row("client", f"pull, {client}, every default", seconds, "s", "plain loop",
                seconds / wall)
        )  # fmt: skip
    memory = results["memory"]
    plain = memory["plain loop"]["held"] / memory["plain loop"]["count"]
    ours = memory["ours"]["held"] / memory["ours"]["count"]
    rows.append(Row("client", "bytes per collected user, plain dicts", plain, "B/rec", "-", 1.0))
    rows.append(
        Row("client", "bytes per collected user, ours", ours, "B/rec", "plain dicts", ours / plain)
    )  # fmt: skip
    return rows


def bench_caliper(events: int) -> tuple[list[Row], dict[str, float]]:
    import caliper_throughput as ct

    runs: dict[str, Callable[[str, list[Any], Path], None]] = {
        "one send() per event, sync": ct.per_event_send,
        "batching sender, sync": ct.sender_run(),
        "batching sender, async": ct.async_sender_run,
    }
    template = ct.build_events(events)
    process, base = ct.start_server()
    admin = ct.Admin(base)
    rate: dict[str, float] = {}
    posts: dict[str, int] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            ct.sender_run()(base, ct.fresh(template[:50]), Path(tmp))  # warm up
            ct.async_sender_run(base, ct.fresh(template[:50]), Path(tmp))
            for name, run in runs.items():
                batch = ct.fresh(template)
                admin.reset_stats()
                before = admin.stored()
                started = time.perf_counter()
                run(base, batch, Path(tmp))
                seconds = time.perf_counter() - started
                stored = admin.stored() - before
                if stored != events:
                    raise SystemExit(f"caliper {name}: {stored} stored, not {events}")
                rate[name] = events / seconds
                posts[name] = admin.posts()
    finally:
        process.terminate()
        process.wait(timeout=30)
    baseline = rate["one send() per event, sync"]
    rows = [
        Row("caliper", f"{name} ({events:,} events, {posts[name]} POSTs)", value, "events/s",
            "one send() per event", value / baseline, "> 1: faster")
        for name, value in rate.items()
    ]  # fmt: skip
    costs = ct.send_cost(template[: min(events, 2000)])
    for name, plain in (
        ("send, ours", "send, plain httpx + json.dumps"),
        ("prepare a batch, ours", "encode, json.dumps of dicts"),
    ):
        rows.append(
            Row("caliper", f"client CPU per event, {name} (in process)", costs[name], "us/event",
                plain, costs[name] / costs[plain])
        )  # fmt: skip
    return rows, rate


def bench_emulator(users: int, requests: int) -> list[Row]:
    import emulator_throughput as et

    process, base = et.start_server(users)
    try:
        bearer = et.token(base)
        paths = {
            "baseline": ["/"] * requests,
            "page": [f"{et.USERS}?limit=100&offset={(i * 100) % max(1, users - 99)}"
                     for i in range(requests)],
        }  # fmt: skip
        et.run_loop(base, bearer, paths["page"][:20], 1)  # warm up
        samples: dict[str, list[float]] = {"baseline": [], "page": []}
        per_round = max(1, requests // et.ROUNDS)
        for _ in range(et.ROUNDS):
            for kind, listed in paths.items():
                seconds, _ = et.run_loop(base, bearer, listed[:per_round], 1)
                samples[kind].append(seconds / per_round)
    finally:
        process.terminate()
        process.wait(timeout=30)
    page = statistics.median(samples["page"])
    baseline = statistics.median(samples["baseline"])
    return [
        Row("emulator", f"users page of 100 ({users:,} seeded)", 1 / page, "req/s",
            "GET / (no store)", page / baseline, "cost per request")
    ]  # fmt: skip


def bench_mirror(users: int, latency_ms: int) -> list[Row]:
    import sync_mirror as sm

    found = sm.measure(users, latency_ms, page_size=250, concurrency=4)
    label = f"{found['records']:,} records ({users:,} users), {latency_ms} ms/request"
    return [
        Row("mirror", f"first mirror, SQLite ({label})", found["mirror_seconds"], "s",
            "plain pull", found["mirror_seconds"] / found["pull_seconds"], "goal <= 1.3"),
        Row("mirror", f"incremental run after 1 % of users changed ({users:,} users)",
            found["incremental_requests"], "requests", "first mirror's requests",
            found["incremental_requests"] / found["mirror_requests"], "goal <= 0.02"),
    ]  # fmt: skip


# -- table --------------------------------------------------------------------------------------


def sync_vs_async(
    overhead: dict[str, float], pull: dict[str, float], caliper: dict[str, float]
) -> list[Row]:
    rows = []
    for setting in ("loopback", "in-process"):
        if f"{setting} sync" in overhead:
            sync, asyn = overhead[f"{setting} sync"], overhead[f"{setting} async"]
            rows.append(
                Row("sync vs async", f"per-request time, {setting}", asyn * 1e6, "us/req",
                    "sync", asyn / sync, "< 1: async faster")
            )  # fmt: skip
    if pull:
        sync, asyn = pull["sync concurrent"], pull["async concurrent"]
        rows.append(
            Row("sync vs async", "concurrent pull time", asyn, "s", "sync (threads)", asyn / sync,
                "< 1: async faster")
        )  # fmt: skip
    if caliper:
        sync, asyn = caliper["batching sender, sync"], caliper["batching sender, async"]
        rows.append(
            Row("sync vs async", "batching sender throughput", asyn, "events/s", "sync",
                asyn / sync, "> 1: async faster")
        )  # fmt: skip
    return rows


def render(rows: list[Row]) -> str:
    header = ("area", "measurement", "value", "unit", "baseline (same run)", "ratio", "")
    cells = [
        (r.area, r.measurement, f"{r.value:,.1f}" if r.value >= 10 else f"{r.value:.3f}", r.unit,
         r.baseline, f"{r.ratio:.2f}", r.note)
        for r in rows
    ]  # fmt: skip
    widths = [max(len(str(c[i])) for c in [header, *cells]) for i in range(len(header))]
    align = ["<", "<", ">", "<", "<", ">", "<"]

    def line(values: tuple[str, ...]) -> str:
        return "  ".join(
            f"{v:{a}{w}}" for v, a, w in zip(values, align, widths, strict=True)
        ).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(c) for c in cells)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes for a smoke run")
    parser.add_argument("--only", help=f"comma-separated areas of {', '.join(AREAS)}")
    parser.add_argument("--users", type=int, help="users of the pull (50,000; quick 5,000)")
    parser.add_argument("--latency-ms", type=int, default=20, help="emulator latency of the pull")
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--events", type=int, help="Caliper events per run (2,000; quick 500)")
    parser.add_argument("--requests", type=int, help="GETs per overhead loop (2,000; quick 400)")
    parser.add_argument("--mirror-users", type=int, help="users of the mirror (5,000; quick 1,000)")
    parser.add_argument("--import-runs", type=int, help="interpreters per module (7; quick 3)")
    args = parser.parse_args(argv)
    quick = args.quick
    users = args.users or (5_000 if quick else 50_000)
    events = args.events or (500 if quick else 2_000)
    requests = args.requests or (400 if quick else 2_000)
    import_runs = args.import_runs or (3 if quick else 7)
    areas = AREAS if not args.only else tuple(a.strip() for a in args.only.split(","))
    unknown = set(areas) - set(AREAS)
    if unknown:
        parser.error(f"unknown area(s): {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    rows: list[Row] = []
    overhead: dict[str, float] = {}
    pull: dict[str, float] = {}
    caliper: dict[str, float] = {}
    if "import" in areas:
        log(f"import: {import_runs} fresh interpreters per module ...")
        rows += bench_import(import_runs)
    if "overhead" in areas:
        log(f"overhead: {requests} GETs per loop ...")
        found, overhead = bench_overhead(requests)
        rows += found
    if "pull" in areas:
        log(f"pull: {users:,} users at {args.latency_ms} ms (seeding takes a while) ...")
        found, pull = bench_pull(users, args.latency_ms, args.page_size, args.concurrency)
        rows += found
    if "client" in areas:
        client_users = 5_000 if quick else 20_000
        log(f"client: {client_users:,} users from a stand-in server, then 50 ms latency ...")
        rows += bench_client(client_users, 2_000 if quick else 5_000, 50.0)
    if "caliper" in areas:
        log(f"caliper: {events:,} events per run ...")
        found, caliper = bench_caliper(events)
        rows += found
    if "emulator" in areas:
        log("emulator: pages of 100 users ...")
        rows += bench_emulator(2_000, max(60, requests // 10))
    if "mirror" in areas:
        mirror_users = args.mirror_users or (1_000 if quick else 5_000)
        log(f"mirror: {mirror_users:,} users at 5 ms (seeding takes a while) ...")
        rows += bench_mirror(mirror_users, 5)
    rows += sync_vs_async(overhead, pull, caliper)

    python = sys.version.split()[0]
    print(
        f"timeback benchmarks, python {python}, {time.perf_counter() - started:.0f} s; every "
        "ratio is value / baseline measured in this run (lower is better unless noted)"
    )
    print(render(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
