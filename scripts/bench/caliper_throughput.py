"""Caliper events end to end: the batching sender against one envelope per event.

    uv run python scripts/bench/caliper_throughput.py                 # 10,000 events
    uv run python scripts/bench/caliper_throughput.py --events 2000

The emulator runs as ``timeback-emulator serve --port 0 --seed none`` in a child process (its
own interpreter, so the client does not share its GIL) and the client talks to it over real HTTP
on 127.0.0.1. The same pre-built events (Timeback ``ActivityEvent``, about 700 bytes each) are
delivered, each run with fresh ids, by:

* ``per event, send()``: ``client.events.send(sensor, event)`` once per event, one after the
  other, as an application without batching would (the baseline);
* ``per event, sender``: the buffered sender with ``max_batch_events=1`` (the same machinery
  as the batching rows, two envelopes in flight, but no batching);
* ``batching sender``: ``SyncBufferedSender`` with its defaults (up to 500 events or 1 MB per
  envelope, two envelopes in flight), from ``emit`` of the first event to ``close`` returning;
* ``batching sender + spool``: the same with the durable SQLite spool (one commit per event);
* ``async batching sender``: ``AsyncBufferedSender`` with its defaults, on asyncio.

For each: wall-clock seconds, events per second, the POST requests the emulator counted
(``/_emulator/stats``), events per request, and the speed as a ratio to the baseline measured in
the same run. Each run also checks that the emulator stored every event exactly once. Building
the events (validation by the builders) is not timed; validating and encoding them in ``emit``
or ``send`` is. Loops are bounded and nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from timeback_caliper import (
    ActivityEvent,
    AsyncBufferedSender,
    CaliperClient,
    SyncBufferedSender,
    SyncCaliperClient,
    activity_completed,
)

SENSOR = "https://bench.example.com"
SEND = "/caliper/event"


def start_server() -> tuple[subprocess.Popen[str], str]:
    """Start the emulator (empty store) in a child process; returns it and its base URL."""
    command = [
        sys.executable, "-c", "from timeback_emulator._cli import main; raise SystemExit(main())",
        "serve", "--host", "127.0.0.1", "--port", "0", "--seed", "none",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    for line in process.stdout:
        if line.strip().startswith("base URL:"):
            return process, line.split(":", 1)[1].strip()
    process.kill()
    raise RuntimeError("the emulator did not start")


def build_events(count: int) -> list[ActivityEvent]:
    return [
        activity_completed(
            actor={
                "id": f"https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u{n % 50}",
                "type": "TimebackUser",
                "email": f"learner{n % 50}@example.com",
                "role": "student",
            },
            object={
                "id": "https://bench.example.com/activities/1",
                "type": "TimebackActivityContext",
                "subject": "Math",
                "app": {"name": "Bench Quest"},
                "course": {"name": "Math 4"},
                "activity": {"name": f"Lesson {n % 20}"},
            },
            metrics={"xpEarned": n % 30, "totalQuestions": 10, "correctQuestions": n % 10},
        )
        for n in range(count)
    ]


def fresh(events: list[ActivityEvent]) -> list[ActivityEvent]:
    """The same events with new ids (the emulator stores each id once)."""
    return [event.model_copy(update={"id": f"urn:uuid:{uuid.uuid4()}"}) for event in events]


class Admin:
    """The emulator's admin API (stats) over HTTP."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base)

    def reset_stats(self) -> None:
        self.http.delete("/_emulator/stats").raise_for_status()

    def stats(self) -> dict[str, Any]:
        response = self.http.get("/_emulator/stats")
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def posts(self) -> int:
        return sum(
            row["count"]
            for row in self.stats()["requests"]
            if row["method"] == "POST" and row["route"] == SEND
        )

    def stored(self) -> int:
        return int(self.stats()["caliperEventsStored"])


def connect(base: str) -> dict[str, str]:
    return {
        "base_url": base,
        "auth_url": base + "/oauth2/token",
        "client_id": "emulator-client",
        "client_secret": "emulator-secret",
    }


def per_event_send(base: str, events: list[ActivityEvent], _: Path) -> None:
    with SyncCaliperClient(**connect(base)) as client:
        for event in events:
            client.events.send(SENSOR, event)


def sender_run(**options: Any) -> Callable[[str, list[ActivityEvent], Path], None]:
    def run(base: str, events: list[ActivityEvent], tmp: Path) -> None:
        if options.pop("spool", False):
            options["spool"] = tmp / f"spool-{uuid.uuid4()}.db"
        with SyncCaliperClient(**connect(base)) as client:
            sender = SyncBufferedSender(client, SENSOR, **options)
            for event in events:
                sender.emit(event)
            assert sender.close(timeout=None), "not everything was delivered"

    return run


def async_sender_run(base: str, events: list[ActivityEvent], _: Path) -> None:
    async def main() -> None:
        async with CaliperClient(**connect(base)) as client:
            sender = AsyncBufferedSender(client, SENSOR)
            for event in events:
                await sender.emit(event)
            assert await sender.close(timeout=None), "not everything was delivered"

    asyncio.run(main())


def _in_process_transport() -> httpx.MockTransport:
    """Answers the token request and every envelope at once, in process (no network)."""
    token = {"access_token": "bench-token", "token_type": "Bearer", "expires_in": 3600}

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token"):
            return httpx.Response(200, json=token)
        return httpx.Response(200, json={"status": "ok"})

    return httpx.MockTransport(answer)


def send_cost(events: list[ActivityEvent], rounds: int = 5) -> dict[str, float]:
    """µs of CPU per event for ``send``, in process, against plain httpx + ``json.dumps``.

    Both deliver one envelope per event through the same in-process transport, so the figure
    is what the client itself does per event: ours validates, checks, serialises and encodes
    the event (`client.events.send`); the baseline posts ``json.dumps`` of an envelope holding
    the event's already serialised dict, which does none of that. Also the cost of preparing
    a batch (validation, checks and encoding of every event, no HTTP), against ``json.dumps``
    of the same dicts. Best of ``rounds`` rounds, taking turns.
    """
    import json

    from timeback_caliper._delivery import prepare_events

    base = "https://caliper.bench.example"
    wires = [event.to_wire() for event in events]
    best: dict[str, float] = {}

    def plain_send() -> None:
        with httpx.Client(base_url=base, transport=_in_process_transport()) as http:
            for wire in wires:
                envelope = {"sensor": SENSOR, "sendTime": "2025-03-01T14:05:09.123Z",
                            "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
                            "data": [wire]}  # fmt: skip
                http.post(
                    SEND,
                    content=json.dumps(envelope, separators=(",", ":")).encode(),
                    headers={"Content-Type": "application/json"},
                )

    def ours_send() -> None:
        with SyncCaliperClient(
            base_url=base, auth_url=base + "/oauth2/token", client_id="bench",
            client_secret="bench-secret", transport=_in_process_transport(),
        ) as client:  # fmt: skip
            for event in events:
                client.events.send(SENSOR, event)

    def plain_encode() -> None:
        for wire in wires:
            json.dumps(wire, separators=(",", ":")).encode()

    def ours_prepare() -> None:
        prepare_events(events, learnwith=False)

    runs = {
        "send, plain httpx + json.dumps": plain_send,
        "send, ours": ours_send,
        "encode, json.dumps of dicts": plain_encode,
        "prepare a batch, ours": ours_prepare,
    }
    ours_send()  # warm up: imports, validators, token
    for _ in range(rounds):
        for name, run in runs.items():
            started = time.process_time()
            run()
            per_event = (time.process_time() - started) / len(events) * 1e6
            best[name] = min(best.get(name, per_event), per_event)
    return best


def print_send_cost(costs: dict[str, float]) -> None:
    print("\nclient CPU per event, in process (best of 5 rounds)")
    print(f"{'what':<34}{'µs/event':>10}{'x plain':>9}")
    for name, plain in (
        ("send, ours", "send, plain httpx + json.dumps"),
        ("prepare a batch, ours", "encode, json.dumps of dicts"),
    ):
        print(f"{plain:<34}{costs[plain]:>10.1f}{1.0:>9.2f}")
        print(f"{name:<34}{costs[name]:>10.1f}{costs[name] / costs[plain]:>9.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000, help="events per run (10,000)")
    args = parser.parse_args()
    if args.events < 1:
        parser.error("--events must be >= 1")

    runs: dict[str, Callable[[str, list[ActivityEvent], Path], None]] = {
        "per event, send()": per_event_send,
        "per event, sender": sender_run(max_batch_events=1, block_timeout=60),
        "batching sender": sender_run(),
        "batching sender + spool": sender_run(spool=True),
        "async batching sender": async_sender_run,
    }
    template = build_events(args.events)
    size = len(template[0].model_dump_json(by_alias=True, exclude_none=True))
    process, base = start_server()
    admin = Admin(base)
    results: list[tuple[str, float, int]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            # warm up: token, imports (anyio for the async sender), connection pools
            sender_run()(base, fresh(template[:50]), Path(tmp))
            async_sender_run(base, fresh(template[:50]), Path(tmp))
            for name, run in runs.items():
                events = fresh(template)
                admin.reset_stats()
                before = admin.stored()
                started = time.perf_counter()
                run(base, events, Path(tmp))
                seconds = time.perf_counter() - started
                stored = admin.stored() - before
                assert stored == args.events, f"{name}: {stored} stored, not {args.events}"
                results.append((name, seconds, admin.posts()))
                print(f"  {name}: {seconds:.2f} s", file=sys.stderr)
    finally:
        process.terminate()
        process.wait(timeout=30)

    baseline = results[0][1]
    print(
        f"{args.events} Caliper events (~{size} bytes each) to the emulator over uvicorn "
        "(child process, 127.0.0.1); every run stored each event exactly once"
    )
    print(
        f"{'delivery':<26}{'seconds':>9}{'events/s':>10}{'POSTs':>8}{'events/POST':>13}"
        f"{'x baseline':>12}"
    )
    for name, seconds, posts in results:
        print(
            f"{name:<26}{seconds:>9.2f}{args.events / seconds:>10.0f}{posts:>8}"
            f"{args.events / max(posts, 1):>13.1f}{baseline / seconds:>12.1f}"
        )
    print_send_cost(send_cost(template[: min(args.events, 2000)]))


if __name__ == "__main__":
    main()
