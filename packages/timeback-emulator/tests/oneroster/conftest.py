"""Fixtures of the OneRoster route tests: a minimal Starlette app built like the real one.

The app mounts ``timeback_emulator.oneroster.routes()`` behind a middleware that routes on the
raw, still-encoded path (query removed, one trailing slash stripped), exactly as the emulator
app does, and keeps a :class:`Store` in ``app.state.store``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from timeback_emulator._seed import SeedSummary, seed_oneroster
from timeback_emulator._store import Store
from timeback_emulator.oneroster import routes

BASE = "http://emu.test"
R = "/ims/oneroster/rostering/v1p2"
G = "/ims/oneroster/gradebook/v1p2"
X = "/ims/oneroster/resources/v1p2"


class RawPath:
    """Set ``scope["path"]`` to the raw path, without query and trailing slash."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope.get("raw_path"):
            path = scope["raw_path"].split(b"?", 1)[0].decode("utf-8", "replace")
            if len(path) > 1 and path.endswith("/"):
                path = path[:-1]
            scope["path"] = path
        await self.app(scope, receive, send)


def make_app(store: Store, **state: Any) -> ASGIApp:
    """The minimal app: OneRoster routes, the store in ``app.state.store``."""
    app = Starlette(routes=routes())
    app.state.store = store
    for key, value in state.items():
        setattr(app.state, key, value)
    return RawPath(app)


@pytest.fixture
def store() -> Store:
    """An empty in-memory store."""
    return Store()


@pytest.fixture
async def client(store: Store) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client bound in-process to the minimal app over ``store``."""
    transport = httpx.ASGITransport(app=make_app(store))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        yield http


@pytest.fixture(scope="module")
def seeded_store() -> tuple[Store, SeedSummary]:
    """A tiny seeded district, shared by the read-only tests of a module."""
    store = Store()
    return store, seed_oneroster(store, "tiny")


@pytest.fixture
def summary(seeded_store: tuple[Store, SeedSummary]) -> SeedSummary:
    """Well-known ids of the seeded district."""
    return seeded_store[1]


@pytest.fixture
async def seeded(seeded_store: tuple[Store, SeedSummary]) -> AsyncIterator[httpx.AsyncClient]:
    """A client over the shared seeded store (tests using it must not write)."""
    transport = httpx.ASGITransport(app=make_app(seeded_store[0]))
    async with httpx.AsyncClient(transport=transport, base_url=BASE) as http:
        yield http


def _assert_ims_error(response: httpx.Response, status: int, code_minor: str) -> dict[str, Any]:
    """Check an imsx_StatusInfo error body and return it."""
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert body["imsx_codeMajor"] == "failure"
    assert body["imsx_severity"] == "error"
    assert isinstance(body["imsx_description"], str)
    assert body["imsx_description"]
    minors = body["imsx_CodeMinor"]["imsx_codeMinorField"]
    assert minors[0]["imsx_codeMinorFieldName"] == "TargetEndSystem"
    assert minors[0]["imsx_codeMinorFieldValue"] == code_minor
    return body


@pytest.fixture
def ims_error() -> Any:
    """``ims_error(response, status, code_minor)`` checks an IMS error body and returns it."""
    return _assert_ims_error
