"""A crash test of the durable spool: a process killed with SIGKILL loses no accepted event.

A child process emits events into a spool file and is killed (no ``close``, no ``atexit``, no
chance to flush), either before anything was sent or while envelopes are in flight. A new
sender opened on the file delivers them; the emulator (over real HTTP, shared with the child)
then holds every event exactly once: the spool gives at-least-once, the event ids and the
platform's deduplication turn a resent envelope into no duplicate.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from timeback_caliper import SyncBufferedSender, SyncCaliperClient
from timeback_emulator import EmulatorServer
from timeback_emulator.caliper import EventStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")

SENSOR = "https://crash.example.com"
EVENTS = 120

CHILD = r"""
import json, sys, time
from timeback_caliper import SyncBufferedSender, SyncCaliperClient, activity_completed

base_url, token_url, client_id, secret, spool, mode = sys.argv[1:7]
client = SyncCaliperClient(
    base_url=base_url, auth_url=token_url, client_id=client_id, client_secret=secret
)
mid_delivery = mode == "mid-delivery"
sender = SyncBufferedSender(
    client,
    "https://crash.example.com",
    spool=spool,
    max_batch_events=10 if mid_delivery else 10_000,
    max_batch_age=3600,
    concurrency=2,
)
ids = []
for n in range(int(sys.argv[7])):
    event = activity_completed(
        actor={"id": f"https://example.com/users/u{n % 7}", "type": "TimebackUser",
               "email": f"u{n % 7}@example.com"},
        object={"id": "https://crash.example.com/activities/1",
                "type": "TimebackActivityContext", "subject": "Math",
                "app": {"name": "Crash Course"}},
        metrics={"xpEarned": n},
    )
    sender.emit(event)
    ids.append(event.id)
if mid_delivery:
    while sender.stats.delivered == 0:  # at least one envelope through, others in flight
        time.sleep(0.005)
print(json.dumps(ids), flush=True)
time.sleep(600)  # killed long before this ends
"""


def stored_ids(server: EmulatorServer) -> list[str]:
    events, _ = EventStore(server.app.state.store).list_events(
        limit=100_000, offset=0, sensor=SENSOR
    )
    return [str(event["externalId"]) for event in events]


@pytest.mark.timeback_emulator(seed=None)
@pytest.mark.parametrize("mode", ["before-flushing", "mid-delivery"])
def test_a_new_sender_delivers_every_event_a_killed_process_left_in_its_spool(
    timeback_emulator: EmulatorServer, tmp_path: Path, mode: str
) -> None:
    # given a child that emitted events into its spool
    server = timeback_emulator
    spool = tmp_path / "events.db"
    if mode == "mid-delivery":
        server.add_fault(path_prefix="/caliper/event", method="POST", latency_ms=100, count=None)
    args = [server.base_url, server.token_url, server.client_id, server.client_secret]
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, *args, str(spool), mode, str(EVENTS)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        emitted = json.loads(line)

        # when it is killed without any chance to flush
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    before = stored_ids(server)
    if mode == "before-flushing":
        assert before == []
    server.clear_faults()

    # then a new sender on the same spool delivers all of them, each exactly once
    with (
        SyncCaliperClient(
            **server.client_options(),
        ) as client,
        SyncBufferedSender(client, SENSOR, spool=spool) as sender,
    ):
        # (in flight at the kill: maybe stored already, still in the spool, so sent again)
        assert sender.stats.recovered >= EVENTS - len(before)
        assert sender.flush(timeout=60)

    after = stored_ids(server)
    assert len(emitted) == EVENTS
    assert sorted(after) == sorted(emitted)
    assert len(after) == len(set(after))
