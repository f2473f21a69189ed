"""OAuth2 client-credentials token endpoint and bearer check.

Emulator decisions: ``401 invalid_client`` for missing, unknown or wrong
credentials (also when Basic and form credentials disagree), ``400 unsupported_grant_type`` for
another grant, ``400 invalid_request`` for a wrong content type or a missing ``grant_type``,
``400 invalid_scope`` only when the emulator is configured with ``allowed_scopes``. Tokens are
random and opaque; every API route rejects a missing, unknown or expired bearer with 401, an IMS
body (codeMinor ``unauthorisedrequest``) and ``WWW-Authenticate: Bearer error="invalid_token"``.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs, unquote_plus

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from timeback_emulator._config import EmulatorConfig
from timeback_emulator._http import dumps, ims_body, json_response, media_type, send_raw

TOKEN_PATHS = ("/oauth2/token", "/auth/1.0/token")

_NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


@dataclass
class _Token:
    client_id: str
    scope: str | None
    expires_at: float


class TokenRegistry:
    """Issued tokens and their expiry (monotonic clock)."""

    def __init__(self) -> None:
        self._tokens: dict[str, _Token] = {}
        self.issued = 0

    def issue(self, client_id: str, scope: str | None, ttl: int) -> str:
        """Issue a new random opaque token valid for ``ttl`` seconds."""
        token = secrets.token_urlsafe(32)
        self._tokens[token] = _Token(client_id, scope, time.monotonic() + ttl)
        self.issued += 1
        return token

    def client_for(self, token: str) -> str | None:
        """The client id a live token was issued to, or ``None`` (unknown or expired)."""
        entry = self._tokens.get(token)
        if entry is None:
            return None
        if time.monotonic() >= entry.expires_at:
            del self._tokens[token]
            return None
        return entry.client_id

    def expire_all(self) -> int:
        """Expire (revoke) every issued token; returns how many were live."""
        now = time.monotonic()
        live = sum(1 for t in self._tokens.values() if t.expires_at > now)
        self._tokens.clear()
        return live

    def reset_counters(self) -> None:
        """Forget the issued-token count (tokens stay valid)."""
        self.issued = 0


def _oauth_error(status: int, error: str, description: str, *, basic: bool = False) -> Response:
    headers = dict(_NO_STORE)
    if status == 401:
        # RFC 6749 §5.2: a 401 for invalid_client names the scheme the client tried.
        headers["WWW-Authenticate"] = 'Basic realm="timeback-emulator"' if basic else "Basic"
    return json_response({"error": error, "error_description": description}, status, headers)


def _basic_credentials(header: str) -> list[tuple[str, str]] | None:
    """Candidate (id, secret) pairs from a Basic header: raw and form-decoded.

    Returns ``None`` when the header is not a well-formed Basic header.
    """
    scheme, _, encoded = header.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        return None
    candidates = [(client_id, secret)]
    form_decoded = (unquote_plus(client_id), unquote_plus(secret))
    if form_decoded != candidates[0]:
        candidates.append(form_decoded)
    return candidates


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def make_token_endpoint(
    config_of: Callable[[], EmulatorConfig], registry: TokenRegistry
) -> Callable[[Request], object]:
    """Build the token endpoint bound to a configuration source and a registry."""

    async def token_endpoint(request: Request) -> Response:
        config = config_of()
        if media_type(request) != "application/x-www-form-urlencoded":
            return _oauth_error(
                400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded"
            )
        raw = await request.body()
        try:
            form = parse_qs(raw.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError:
            return _oauth_error(400, "invalid_request", "The body is not UTF-8")
        fields = {k: v[0] for k, v in form.items()}
        grant_type = fields.get("grant_type")
        if not grant_type:
            return _oauth_error(400, "invalid_request", "grant_type is required")

        auth_header = request.headers.get("authorization")
        basic: list[tuple[str, str]] | None = None
        if auth_header is not None:
            basic = _basic_credentials(auth_header)
            if basic is None:
                return _oauth_error(
                    401, "invalid_client", "Malformed Authorization header", basic=True
                )
        form_id, form_secret = fields.get("client_id"), fields.get("client_secret")
        has_form = form_id is not None or form_secret is not None
        if basic is None and not has_form:
            return _oauth_error(401, "invalid_client", "Client credentials are required")

        def valid(pair: tuple[str, str]) -> bool:
            return _same(pair[0], config.client_id) and _same(pair[1], config.client_secret)

        if basic is not None:
            match = next((pair for pair in basic if valid(pair)), None)
            if match is None:
                return _oauth_error(401, "invalid_client", "Invalid client credentials", basic=True)
            if has_form and (form_id, form_secret) not in basic:
                return _oauth_error(
                    401, "invalid_client", "Basic and form credentials disagree", basic=True
                )
        elif not valid((form_id or "", form_secret or "")):
            return _oauth_error(401, "invalid_client", "Invalid client credentials")

        if grant_type != "client_credentials":
            return _oauth_error(
                400, "unsupported_grant_type", f"Grant type {grant_type!r} is not supported"
            )
        scope = fields.get("scope") or None
        if scope is not None and config.allowed_scopes is not None:
            unknown = [s for s in scope.split() if s not in config.allowed_scopes]
            if unknown:
                return _oauth_error(400, "invalid_scope", f"Scope not allowed: {' '.join(unknown)}")
        token = registry.issue(config.client_id, scope, config.token_ttl)
        body: dict[str, object] = {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": config.token_ttl,
        }
        if scope is not None:
            body["scope"] = scope
        return json_response(body, 200, _NO_STORE)

    return token_endpoint


_UNAUTHORISED_BODY = dumps(
    ims_body("Missing, invalid or expired access token.", "unauthorisedrequest")
)


class BearerAuthMiddleware:
    """Reject API requests without a live bearer token."""

    def __init__(
        self, app: ASGIApp, registry: TokenRegistry, needs_auth: Callable[[str], bool]
    ) -> None:
        self.app = app
        self.registry = registry
        self.needs_auth = needs_auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.needs_auth(scope["path"]):
            await self.app(scope, receive, send)
            return
        token: str | None = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                scheme, _, rest = value.decode("latin-1").partition(" ")
                if scheme.lower() == "bearer" and rest.strip():
                    token = rest.strip()
                break
        client_id = self.registry.client_for(token) if token else None
        if client_id is None:
            await send_raw(
                send,
                401,
                _UNAUTHORISED_BODY,
                "application/json",
                [("WWW-Authenticate", 'Bearer error="invalid_token"')],
            )
            return
        scope.setdefault("state", {})["client_id"] = client_id
        await self.app(scope, receive, send)
