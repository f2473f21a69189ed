"""A mirror killed with SIGKILL at random points, then resumed: the mirror equals the platform
every time, and the change log never holds the same version of a record twice.

The platform is an emulator served over real HTTP by this process; the mirror runs in a child
process that syncs in a loop (small batches, so a kill lands between or inside commits, in full
pulls and in incremental runs) until it is killed. Between trials the platform changes.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from typing import Any

import pytest
import sqlalchemy as sa

from timeback_emulator.app import EmulatorServer
from timeback_oneroster import SyncOneRosterClient
from timeback_sync import SyncRosterMirror

CHILD = """
import sys
from timeback_oneroster import SyncOneRosterClient
from timeback_sync import SyncRosterMirror

base_url, token_url, client_id, secret, db_url, full = sys.argv[1:7]
with SyncOneRosterClient(
    base_url=base_url, auth_url=token_url, client_id=client_id, client_secret=secret
) as client:
    mirror = SyncRosterMirror(client, db_url, batch_size=3).open()
    print("ready", flush=True)
    runs = 0
    while True:
        mirror.run(full=full == "1" and runs == 0)
        runs += 1
"""


def platform_copy(client: SyncOneRosterClient, collection: str) -> dict[str, Any]:
    records = getattr(client, collection).list(limit=3000).to_list()
    return {record.sourced_id: record.to_wire() for record in records}


def mirror_copy(engine: sa.Engine, mirror: SyncRosterMirror, collection: str) -> dict[str, Any]:
    table = mirror.tables[collection]
    with engine.connect() as connection:
        rows = connection.execute(sa.select(table.c.sourced_id, table.c.data)).all()
    return {sourced_id: dict(data) for sourced_id, data in rows}


def change_platform(client: SyncOneRosterClient, rng: random.Random, trial: int) -> None:
    users = [u for u in client.users.list(limit=3000).to_list() if u.status == "active"]
    school = next(o.sourced_id for o in client.orgs.list().to_list() if o.type == "school")
    client.users.create(
        {
            "sourced_id": f"kill-{trial}",
            "given_name": "Killed",
            "family_name": str(trial),
            "enabled_user": True,
            "roles": [{"role_type": "primary", "role": "student", "org": school}],
        }
    )
    for user in rng.sample(users, 3):
        client.users.update(
            user.sourced_id or "", user.model_copy(update={"given_name": f"T{trial}"})
        )
    client.users.delete(rng.choice(users).sourced_id or "")


@pytest.mark.slow
def test_a_mirror_killed_at_random_points_resumes_with_nothing_lost_or_applied_twice(
    db_url: str,
) -> None:
    rng = random.Random(16)
    with (
        EmulatorServer() as server,
        SyncOneRosterClient(
            base_url=server.base_url,
            auth_url=server.token_url,
            client_id=server.client_id,
            client_secret=server.client_secret,
        ) as client,
    ):
        mirror = SyncRosterMirror(client, db_url, batch_size=3)
        engine = mirror.engine
        for trial in range(10):
            if trial:
                change_platform(client, rng, trial)
            child = subprocess.Popen(
                [
                    sys.executable,
                    "-c",
                    CHILD,
                    server.base_url,
                    server.token_url,
                    server.client_id,
                    server.client_secret,
                    db_url,
                    str((trial % 3 == 1 and 1) or 0),
                ],
                stdout=subprocess.PIPE,
                text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            try:
                child.wait(timeout=rng.uniform(0.05, 1.5))
            except subprocess.TimeoutExpired:
                child.send_signal(signal.SIGKILL)
            assert child.wait(timeout=30) == -signal.SIGKILL, "the child ended by itself"

            mirror.run()  # resume

            for name in mirror.collections:
                assert mirror_copy(engine, mirror, name) == platform_copy(client, name), (
                    trial,
                    name,
                )
            changes = mirror.tables["changes"]
            with engine.connect() as connection:
                versions = connection.execute(
                    sa.select(
                        changes.c.collection, changes.c.sourced_id, changes.c.date_last_modified
                    ).where(changes.c.date_last_modified.is_not(None))
                ).all()
            duplicates = [v for v, n in Counter(tuple(v) for v in versions).items() if n > 1]
            assert duplicates == [], trial
        mirror.close()
