"""A real OAuth2 token endpoint and a bearer-checking API, served over HTTP for the auth tests.

The app is small on purpose and independent of `timeback_emulator`: it records every token
request exactly as it arrived, can be told to answer the next token requests with canned
responses, to slow down (to widen the window in which concurrent callers pile up), and to reject
the tokens it issued so far (or every token) on its API route.

It runs under uvicorn in a background thread on 127.0.0.1, on a port the OS picks; one server
serves the whole session and every test starts from a clean state.
"""

from __future__ import annotations

import base64
import binascii
import itertools
import json
import secrets
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qs, unquote_plus

import anyio
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from timeback_auth import ClientCredentials, ClientCredentialsAuth, TokenCache

SECRET = "SECRET-do-not-leak-7f3a9c"
TOKEN_PREFIX = "TOKEN-"


@dataclass
class TokenRequestRecord:
    """One request received by the token endpoint, as it arrived."""

    headers: dict[str, str]
    form: dict[str, str]
    raw_body: bytes


@dataclass
class CannedResponse:
    status: int
    body: bytes
    content_type: str = "application/json"


@dataclass
class ServerState:
    clients: dict[str, str] = field(default_factory=dict)
    expires_in: int | None = 3600
    token_delay: float = 0.0
    canned: list[CannedResponse] = field(default_factory=list)
    token_requests: list[TokenRequestRecord] = field(default_factory=list)
    issued: list[str] = field(default_factory=list)
    revoked: set[str] = field(default_factory=set)
    reject_every_token: bool = False
    api_calls: list[str | None] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reset(self) -> None:
        with self.lock:
            self.clients.clear()
            self.expires_in = 3600
            self.token_delay = 0.0
            self.canned.clear()
            self.token_requests.clear()
            self.issued.clear()
            self.revoked.clear()
            self.reject_every_token = False
            self.api_calls.clear()

    def respond_next(
        self, status: int, body: str | bytes | object, content_type: str = "application/json"
    ) -> None:
        """Answer the next token request with this response instead of issuing a token."""
        if isinstance(body, str):
            raw = body.encode()
        elif isinstance(body, bytes):
            raw = body
        else:
            raw = json.dumps(body).encode()
        with self.lock:
            self.canned.append(CannedResponse(status, raw, content_type))

    def revoke_issued(self) -> None:
        """Make the API reject every token issued so far (new tokens are accepted)."""
        with self.lock:
            self.revoked.update(self.issued)


def _basic_credentials(header: str) -> tuple[str, str] | None:
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(value, validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    if not sep:
        return None
    # RFC 6749 section 2.3.1: both parts are form-encoded before base64.
    return unquote_plus(user), unquote_plus(password)


def _oauth_error(status: int, error: str) -> JSONResponse:
    return JSONResponse({"error": error, "error_description": f"test server: {error}"}, status)


def build_app(state: ServerState) -> Starlette:
    counter = itertools.count(1)

    async def token(request: Request) -> Response:
        raw = await request.body()
        form = {k: v[0] for k, v in parse_qs(raw.decode(), keep_blank_values=True).items()}
        with state.lock:
            state.token_requests.append(TokenRequestRecord(dict(request.headers), form, raw))
            canned = state.canned.pop(0) if state.canned else None
        if state.token_delay:
            await anyio.sleep(state.token_delay)
        if canned is not None:
            return Response(canned.body, canned.status, media_type=canned.content_type)
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type")
        presented = _basic_credentials(request.headers.get("authorization", ""))
        if presented is None:
            presented = (form.get("client_id", ""), form.get("client_secret", ""))
        client_id, secret = presented
        if not client_id or state.clients.get(client_id) != secret:
            return _oauth_error(401, "invalid_client")
        access_token = f"{TOKEN_PREFIX}{next(counter)}-{secrets.token_hex(8)}"
        with state.lock:
            state.issued.append(access_token)
        payload: dict[str, object] = {"access_token": access_token, "token_type": "Bearer"}
        if state.expires_in is not None:
            payload["expires_in"] = state.expires_in
        return JSONResponse(payload, headers={"Cache-Control": "no-store"})

    async def api(request: Request) -> Response:
        body = await request.body()
        header = request.headers.get("authorization", "")
        bearer = header[len("Bearer ") :] if header.startswith("Bearer ") else None
        with state.lock:
            state.api_calls.append(bearer)
            accepted = (
                bearer is not None
                and bearer in state.issued
                and bearer not in state.revoked
                and not state.reject_every_token
            )
        if not accepted:
            return JSONResponse(
                {"imsx_codeMajor": "failure", "imsx_description": "invalid token"},
                401,
                headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
            )
        return JSONResponse({"ok": True, "body": body.decode()})

    return Starlette(
        routes=[
            Route("/oauth2/token", token, methods=["POST"]),
            Route("/api/thing", api, methods=["GET", "POST", "PUT"]),
        ]
    )


@dataclass
class LiveServer:
    state: ServerState
    base_url: str

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/oauth2/token"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/thing"


@pytest.fixture(scope="session")
def _live_server() -> Iterator[LiveServer]:
    state = ServerState()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(build_app(state), lifespan="off", log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        if not thread.is_alive():
            raise RuntimeError("the test token server failed to start")
        time.sleep(0.01)
    try:
        yield LiveServer(state, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join()
        sock.close()


@pytest.fixture
def server(_live_server: LiveServer) -> LiveServer:
    """The token server, with no state left over from earlier tests."""
    _live_server.state.reset()
    return _live_server


class FakeClock:
    """A monotonic clock that only moves when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def secret() -> str:
    """The client secret of every test client: tests scan output for it."""
    return SECRET


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def cache() -> TokenCache:
    """A cache private to the test (the process-wide default is shared across tests)."""
    return TokenCache()


@pytest.fixture
def make_credentials(
    server: LiveServer, request: pytest.FixtureRequest
) -> Callable[..., ClientCredentials]:
    """Register a client id unique to this test on the server and build credentials for it."""
    names = itertools.count(1)

    def make(**overrides: object) -> ClientCredentials:
        client_id = str(overrides.pop("client_id", f"{request.node.name[:40]}-{next(names)}"))
        secret = str(overrides.pop("client_secret", SECRET))
        server.state.clients[client_id] = secret
        values: dict[str, object] = {
            "client_id": client_id,
            "client_secret": secret,
            "token_url": server.token_url,
        }
        values.update(overrides)
        return ClientCredentials(**values)  # type: ignore[arg-type]

    return make


@pytest.fixture
def credentials(make_credentials: Callable[..., ClientCredentials]) -> ClientCredentials:
    return make_credentials()


@pytest.fixture
def auth(credentials: ClientCredentials, cache: TokenCache) -> ClientCredentialsAuth:
    return ClientCredentialsAuth(credentials, cache=cache)
