"""Fidelity: every path and method of the OneRoster OpenAPI file (and of the endpoint index) is
served by the emulator, or listed in ``NOT_EMULATED`` with a reason."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from timeback_emulator.oneroster import NOT_EMULATED, served_endpoints

pytestmark = pytest.mark.anyio

METHODS = {"get", "post", "put", "patch", "delete"}


def _specs_dir() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "specs"
        if candidate.is_dir():
            return candidate
        candidate = parent.parent / "shared" / "specs"
        if candidate.is_dir():
            return candidate
    return None


SPECS = _specs_dir()


def _template(path: str) -> str:
    path = path.rstrip("/") or "/"
    return re.sub(r"\{[^}]+\}", "{}", path)


def openapi_operations(path: Path) -> list[tuple[str, str]]:
    """(METHOD, path) of an OpenAPI YAML file, read line by line (paths at two spaces)."""
    operations: list[tuple[str, str]] = []
    current: str | None = None
    in_paths = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("paths:"):
            in_paths = True
            continue
        if in_paths and line and not line.startswith(" "):
            in_paths = False
        if not in_paths:
            continue
        match = re.match(r"^  (/\S*):\s*$", line)
        if match:
            current = match.group(1)
            continue
        match = re.match(r"^    (\w+):\s*$", line)
        if match and current and match.group(1) in METHODS:
            operations.append((match.group(1).upper(), current))
    return operations


def index_operations(path: Path) -> list[tuple[str, str]]:
    rows = path.read_text(encoding="utf-8").splitlines()[1:]
    return [(cols[1], cols[2]) for cols in (row.split("\t") for row in rows if row.strip())]


def _not_emulated() -> set[tuple[str, str]]:
    return {(method, _template(path)) for method, path, _reason in NOT_EMULATED}


def test_not_emulated_entries_have_reasons() -> None:
    assert all(reason.strip() for _m, _p, reason in NOT_EMULATED)


@pytest.mark.skipif(SPECS is None, reason="shared specs folder not available")
@pytest.mark.parametrize(
    "source", ["timeback/oneroster-api.yaml", "timeback/oneroster-api.ts-sdk-2025-05.yaml", "index"]
)
def test_every_documented_operation_is_in_the_route_table(source: str) -> None:
    assert SPECS is not None
    if source == "index":
        operations = index_operations(SPECS / "oneroster-endpoint-index.tsv")
    else:
        operations = openapi_operations(SPECS / source)
    assert len(operations) > 50
    served = {(method, _template(path)) for method, path in served_endpoints()}
    missing = [
        (method, path)
        for method, path in operations
        if (method, _template(path)) not in served | _not_emulated()
    ]
    assert missing == []


@pytest.mark.skipif(SPECS is None, reason="shared specs folder not available")
async def test_every_openapi_operation_is_routed(client: httpx.AsyncClient) -> None:
    """A request to each documented operation never meets "no such route" (404 without an IMS
    body) or "method not allowed" (405)."""
    assert SPECS is not None
    operations = openapi_operations(SPECS / "timeback" / "oneroster-api.yaml")
    unrouted = []
    for method, path in operations:
        if (method, _template(path)) in _not_emulated():
            continue
        url = re.sub(r"\{[^}]+\}", "x", path)
        response = await client.request(method, url, json={})
        is_ims = response.headers.get("content-type", "").startswith("application/json") and (
            "imsx_codeMajor" in response.text or response.status_code < 400
        )
        if response.status_code == 405 or (response.status_code == 404 and not is_ims):
            unrouted.append((method, path, response.status_code))
    assert unrouted == []
