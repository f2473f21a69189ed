"""The first mirror of a seeded district against a plain pull, and an incremental run's cost.

    uv run python scripts/bench/sync_mirror.py                  # 20,000 users, 5 ms, pages of 250
    uv run python scripts/bench/sync_mirror.py --users 50000    # the district size (much longer)

Starts ``timeback-emulator serve --seed N --latency-ms L`` in a child process (real HTTP on
127.0.0.1), then in this process, ``--rounds`` times (default 3) one after the other:

* ``plain pull``: the baseline: every mirrored collection pulled with
  ``client.<collection>.list(limit=P, concurrency=C).to_list()`` (typed models, kept in memory);
* ``first mirror``: ``SyncRosterMirror(client, "sqlite:///<tmp>/roster.db").run()`` with the
  same page size and concurrency (pull, staging, apply, change log, all in SQLite);

and once at the end:

* ``incremental``: after 1 % of the users were changed on the platform, ``run()`` again; its
  requests are counted by the emulator and compared with the first mirror's.

Goals: the first mirror costs at most 1.3x the plain pull (the median of the rounds' ratios);
the incremental run at most 2 % of the first mirror's requests. Times are wall clock of the same
run, with this process's CPU time beside them (steadier on a loaded machine); no figure is an
absolute promise.
"""

from __future__ import annotations

import argparse
import json
import statistics
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


def _timed(step: Any) -> tuple[Any, float, float]:
    """``step()``, its wall-clock seconds and this process's CPU seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = step()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def measure(
    users: int, latency_ms: int, page_size: int, concurrency: int, rounds: int
) -> dict[str, Any]:
    """Run the steps against a fresh emulator; return the figures.

    Each round pulls, then mirrors into a new database: on a shared machine the load changes
    from one minute to the next, so each ratio compares two neighbouring measurements, and
    the median of the rounds is the figure.
    """
    from timeback_oneroster import SyncOneRosterClient
    from timeback_sync import SyncRosterMirror

    process, server = op.start_server(users, latency_ms)
    base = server["base"]
    found: dict[str, Any] = {"rounds": []}
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
            for number in range(rounds):
                _admin(base, "DELETE", "/_emulator/stats")
                pulled, pull_seconds, pull_cpu = _timed(
                    lambda: {
                        name: len(
                            getattr(client, name)
                            .list(limit=page_size, concurrency=concurrency)
                            .to_list()
                        )
                        for name in COLLECTIONS
                    }
                )
                pull_requests = api_requests(base)

                mirror = SyncRosterMirror(
                    client,
                    f"sqlite:///{Path(tmp) / f'roster-{number}.db'}",
                    batch_size=page_size,
                    concurrency=concurrency,
                ).open()
                _admin(base, "DELETE", "/_emulator/stats")
                first, mirror_seconds, mirror_cpu = _timed(mirror.run)
                mirror_requests = api_requests(base)
                mirrored = {run.collection: run.added + run.deleted for run in first.collections}
                if mirrored != pulled:
                    raise SystemExit(f"mirror {mirrored} differs from the pull {pulled}")
                found["rounds"].append(
                    {
                        "pull_seconds": pull_seconds,
                        "pull_cpu": pull_cpu,
                        "mirror_seconds": mirror_seconds,
                        "mirror_cpu": mirror_cpu,
                    }
                )
                if number < rounds - 1:
                    mirror.close()

            changed = max(1, users // 100)
            picked = client.users.list(limit=changed, max_items=changed).to_list()
            report = client.users.bulk_upsert(
                [u.model_copy(update={"given_name": "Changed"}) for u in picked],
                concurrency=concurrency,
            )
            report.raise_for_failures()
            _admin(base, "DELETE", "/_emulator/stats")
            second, incremental_seconds, _ = _timed(mirror.run)
            incremental_requests = api_requests(base)
            updated = sum(run.updated + run.deleted for run in second.collections)
            mirror.close()
    finally:
        process.terminate()
        process.wait(timeout=30)
    found.update(
        records=sum(pulled.values()),
        pull_requests=pull_requests,
        mirror_requests=mirror_requests,
        changed_users=changed,
        incremental_updated=updated,
        incremental_seconds=incremental_seconds,
        incremental_requests=incremental_requests,
    )
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=20_000)
    parser.add_argument("--latency-ms", type=int, default=5)
    parser.add_argument("--page-size", type=int, default=250)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3, help="pull + mirror rounds (median)")
    args = parser.parse_args()
    print(f"seeding {args.users:,} users (this takes a while) ...", file=sys.stderr)
    found = measure(args.users, args.latency_ms, args.page_size, args.concurrency, args.rounds)
    print(f"{found['records']:,} records ({args.users:,} users), {args.latency_ms} ms/request, "
          f"pages of {args.page_size}, concurrency {args.concurrency}")  # fmt: skip
    print("round  plain pull (wall, cpu)   first mirror (wall, cpu)   ratio wall  ratio cpu")
    ratios = []
    for number, row in enumerate(found["rounds"], 1):
        ratio = row["mirror_seconds"] / row["pull_seconds"]
        ratios.append(ratio)
        print(f"{number:5}  {row['pull_seconds']:8.2f} s {row['pull_cpu']:7.2f} s    "
              f"{row['mirror_seconds']:8.2f} s {row['mirror_cpu']:7.2f} s      {ratio:6.2f}x"
              f"  {row['mirror_cpu'] / row['pull_cpu']:8.2f}x")  # fmt: skip
    print(f"requests: plain pull {found['pull_requests']}, first mirror "
          f"{found['mirror_requests']}")  # fmt: skip
    print(f"first mirror: median {statistics.median(ratios):.2f}x the plain pull (goal <= 1.3)")
    request_ratio = found["incremental_requests"] / found["mirror_requests"]
    print(f"incremental     {found['incremental_seconds']:8.2f} s  "
          f"{found['incremental_requests']:6} requests  {request_ratio:.2%} of the first mirror's "
          f"(goal <= 2 %), {found['incremental_updated']} of {found['changed_users']} changed "
          "users updated")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
