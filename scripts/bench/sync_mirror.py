"""The first mirror of a seeded district against a plain pull, and an incremental run's cost.

    uv run python scripts/bench/sync_mirror.py                  # 20,000 users, 5 ms, pages of 250
    uv run python scripts/bench/sync_mirror.py --users 50000    # the district size (much longer)

Starts ``timeback-emulator serve --seed N --latency-ms L`` in a child process (real HTTP on
127.0.0.1), then in this process, one after the other:

* ``plain pull``: the baseline: every mirrored collection pulled with
  ``client.<collection>.list(limit=P, concurrency=C).to_list()`` (typed models, kept in memory);
* ``first mirror``: ``SyncRosterMirror(client, "sqlite:///<tmp>/roster.db").run()`` with the
  same page size and concurrency (pull, staging, apply, change log, all in SQLite);
* ``incremental``: after 1 % of the users were changed on the platform, ``run()`` again; its
  requests are counted by the emulator and compared with the first mirror's.

Goals: the first mirror costs at most 1.3x the plain pull; the incremental run at most 2 % of
the first mirror's requests. Times are wall clock of the same run; no figure is an absolute
promise.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import oneroster_pull as op  # noqa: E402  (the emulator launcher beside this script)

COLLECTIONS = ("orgs", "academic_sessions", "courses", "classes", "users", "enrollments",
               "demographics")  # fmt: skip


def _admin(base: str, method: str, path: str) -> Any:
    request = urllib.request.Request(base + path, method=method)
    with urllib.request.urlopen(request, timeout=60) as response:
        raw = response.read()
    return json.loads(raw) if raw else None


def api_requests(base: str) -> int:
    stats = _admin(base, "GET", "/_emulator/stats")
    return sum(row["count"] for row in stats["requests"] if row["route"].startswith("/ims/"))


def measure(users: int, latency_ms: int, page_size: int, concurrency: int) -> dict[str, Any]:
    """Run the three steps against a fresh emulator; return the figures."""
    from timeback_oneroster import SyncOneRosterClient
    from timeback_sync import SyncRosterMirror

    process, server = op.start_server(users, latency_ms)
    base = server["base"]
    try:
        with (
            SyncOneRosterClient(
                base_url=base,
                auth_url=base + "/oauth2/token",
                client_id=server["client_id"],
                client_secret=server["client_secret"],
                timeout=120.0,
            ) as client,
            tempfile.TemporaryDirectory() as tmp,
        ):
            client.orgs.list(limit=1).first_page()  # token and connections warm
            _admin(base, "DELETE", "/_emulator/stats")
            started = time.perf_counter()
            pulled = {
                name: len(
                    getattr(client, name).list(limit=page_size, concurrency=concurrency).to_list()
                )
                for name in COLLECTIONS
            }
            pull_seconds = time.perf_counter() - started
            pull_requests = api_requests(base)

            mirror = SyncRosterMirror(
                client,
                f"sqlite:///{Path(tmp) / 'roster.db'}",
                batch_size=page_size,
                concurrency=concurrency,
            ).open()
            _admin(base, "DELETE", "/_emulator/stats")
            started = time.perf_counter()
            first = mirror.run()
            mirror_seconds = time.perf_counter() - started
            mirror_requests = api_requests(base)
            mirrored = {run.collection: run.added + run.deleted for run in first.collections}
            if mirrored != pulled:
                raise SystemExit(f"mirror {mirrored} differs from the pull {pulled}")

            changed = max(1, users // 100)
            picked = client.users.list(limit=changed, max_items=changed).to_list()
            report = client.users.bulk_upsert(
                [u.model_copy(update={"given_name": "Changed"}) for u in picked],
                concurrency=concurrency,
            )
            report.raise_for_failures()
            _admin(base, "DELETE", "/_emulator/stats")
            started = time.perf_counter()
            second = mirror.run()
            incremental_seconds = time.perf_counter() - started
            incremental_requests = api_requests(base)
            updated = sum(run.updated + run.deleted for run in second.collections)
            mirror.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    return {
        "records": sum(pulled.values()),
        "pull_seconds": pull_seconds,
        "pull_requests": pull_requests,
        "mirror_seconds": mirror_seconds,
        "mirror_requests": mirror_requests,
        "changed_users": changed,
        "incremental_updated": updated,
        "incremental_seconds": incremental_seconds,
        "incremental_requests": incremental_requests,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=int, default=5)
    parser.add_argument("--page-size", type=int, default=250)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    print(f"seeding {args.users:,} users (this takes a while) ...", file=sys.stderr)
    found = measure(args.users, args.latency_ms, args.page_size, args.concurrency)
    time_ratio = found["mirror_seconds"] / found["pull_seconds"]
    request_ratio = found["incremental_requests"] / found["mirror_requests"]
    print(f"{found['records']:,} records ({args.users:,} users), {args.latency_ms} ms/request, "
          f"pages of {args.page_size}, concurrency {args.concurrency}")  # fmt: skip
    print(f"plain pull      {found['pull_seconds']:8.2f} s  {found['pull_requests']:6} requests")
    print(f"first mirror    {found['mirror_seconds']:8.2f} s  {found['mirror_requests']:6} requests"
          f"  {time_ratio:.2f}x the pull (goal <= 1.3)")  # fmt: skip
    print(f"incremental     {found['incremental_seconds']:8.2f} s  "
          f"{found['incremental_requests']:6} requests  {request_ratio:.2%} of the first mirror's "
          f"(goal <= 2 %), {found['incremental_updated']} of {found['changed_users']} changed "
          "users updated")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
