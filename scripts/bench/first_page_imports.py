"""What a script that reads one page of users costs at start-up, measured in fresh interpreters.

    uv run python scripts/bench/first_page_imports.py            # 10 runs
    uv run python scripts/bench/first_page_imports.py --runs 20

Each run is a fresh interpreter that imports `TimebackClient`, builds a client and reads
``client.oneroster.users.list(limit=1).first_page()`` through an in-process transport (no
network: the token and one page are answered in process). It reports, as medians: the time from
its first import to the page (``time.perf_counter`` in the process: imports, client, first
page), and how many ``timeback_oneroster`` modules were loaded; then the modules of the last
run. The baseline is ``import httpx`` timed the same way in a fresh interpreter of the same run.

``-X importtime`` is not used here: it does not see modules loaded through
``importlib.import_module``, which is how the lazy package roots and client attributes load
theirs, so it would under-count exactly what is measured.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

SCRIPT = """
import time
started = time.perf_counter()
import asyncio, json, sys
import httpx
from timeback_core import TimebackClient

USER = {"sourcedId": "u1", "status": "active", "dateLastModified": "2025-01-01T00:00:00.000Z",
        "givenName": "Ada", "familyName": "Lovelace", "roles": [], "enabledUser": "true"}

def answer(request):
    if request.url.path.endswith("/token"):
        return httpx.Response(200, json={"access_token": "t", "token_type": "Bearer",
                                         "expires_in": 3600})
    return httpx.Response(200, json={"users": [USER], "totalCount": 1})

async def main():
    async with TimebackClient(base_url="https://bench.example", client_id="c",
                              auth_url="https://bench.example/oauth2/token", client_secret="s",
                              transport=httpx.MockTransport(answer)) as client:
        page = await client.oneroster.users.list(limit=1).first_page()
        assert page.items[0].sourced_id == "u1"

asyncio.run(main())
ms = (time.perf_counter() - started) * 1000
print(json.dumps([ms, sorted(m for m in sys.modules if m.startswith("timeback_oneroster"))]))
"""

HTTPX = """
import time
started = time.perf_counter()
import httpx
print((time.perf_counter() - started) * 1000)
"""


def run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="fresh processes (10)")
    args = parser.parse_args()
    page_ms: list[float] = []
    counts: list[int] = []
    httpx_ms: list[float] = []
    modules: list[str] = []
    for _ in range(args.runs):
        ms, modules = json.loads(run(SCRIPT))
        page_ms.append(ms)
        counts.append(len(modules))
        httpx_ms.append(float(run(HTTPX)))
    base = statistics.median(httpx_ms)
    page = statistics.median(page_ms)
    print(f"one users page, {args.runs} fresh processes, medians")
    print(f"{'what':<44}{'value':>10}{'x httpx':>9}")
    print(f"{'import httpx, ms':<44}{base:>10.1f}{1.0:>9.2f}")
    print(f"{'imports + client + first page, ms':<44}{page:>10.1f}{page / base:>9.2f}")
    print(f"{'timeback_oneroster modules loaded':<44}{statistics.median(counts):>10.0f}")
    print("\nmodules: " + ", ".join(modules))


if __name__ == "__main__":
    main()
