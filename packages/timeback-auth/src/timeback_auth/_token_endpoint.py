"""Pure helpers for the token endpoint: build the token request, turn its response into a token.

No I/O happens here; `ClientCredentialsAuth` yields the request and hands back the response.

authlib prepares the request body (`prepare_token_request`) and the client authentication
(`ClientAuth`: ``client_secret_basic`` or ``client_secret_post``). Importing ``authlib.oauth2``
pulls in all of authlib's OAuth2 client and server machinery (measured at 60-130 ms on top of
httpx), so it is imported on the first token request, not when `timeback_auth` is imported.

The token itself is kept in an `AccessToken` of our own rather than authlib's ``OAuth2Token``: that
is a ``dict`` whose repr prints the access token, and its expiry runs on the wall clock in whole
seconds where the cache needs an injectable monotonic clock.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus

import httpx

from timeback_common import TokenError

from ._cache import AccessToken
from ._credentials import ClientCredentials

__all__ = ["build_token_request", "parse_token_response"]

logger = logging.getLogger("timeback.auth")

DEFAULT_EXPIRES_IN = 3600.0
"""When the token endpoint's answer has no ``expires_in``, the token is taken to live one hour."""

BODY_LIMIT = 500
"""Characters of a token endpoint's response text kept on a `TokenError`."""

_MASK = "***"
# Values of token-like members in bodies that are not JSON (e.g. a form-encoded token response).
_TOKEN_LIKE_TEXT = re.compile(
    r"""((?:access_?|refresh_?|id_?)?token["']?\s*[=:]\s*["']?)[^&"'\s,;}]+""", re.IGNORECASE
)
# JSON members of a 2xx body that are safe to show on an error; every other string is masked.
_SAFE_MEMBERS = frozenset({"token_type", "error", "error_description", "error_uri", "scope"})

# Copied from the API request onto the token request so that both share the caller's identity
# (User-Agent) and the operation's request id; httpx only adds client defaults in build_request().
_FORWARDED_HEADERS = ("User-Agent", "X-Request-ID")


def build_token_request(
    credentials: ClientCredentials, api_request: httpx.Request | None = None
) -> httpx.Request:
    """Build the client-credentials token request (an OAuth2 ``client_credentials`` grant).

    Basic credentials are form-encoded before base64 as RFC 6749 section 2.3.1 asks. The official
    client skips that step; for the alphanumeric ids and secrets Cognito issues both give the same
    header, and the emulator accepts both encodings.

    Args:
        credentials: Whose token to request.
        api_request: The API request that needs the token; its ``User-Agent`` and
            ``X-Request-ID`` headers and its timeout are carried over.

    Returns:
        A ``POST`` to the token URL with a form body and ``Accept: application/json``.
    """
    from authlib.oauth2.auth import ClientAuth
    from authlib.oauth2.rfc6749.parameters import prepare_token_request

    params: dict[str, str] = {}
    if credentials.scope is not None:
        params["scope"] = credentials.scope
    body: str = prepare_token_request("client_credentials", **params)

    secret = credentials.client_secret.get_secret_value()
    if credentials.auth_method == "client_secret_basic":
        client_auth = ClientAuth(
            quote_plus(credentials.client_id), quote_plus(secret), "client_secret_basic"
        )
    else:
        client_auth = ClientAuth(credentials.client_id, secret, "client_secret_post")
    headers: dict[str, str] = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/json",
    }
    _, headers, body = client_auth.prepare("POST", credentials.token_url, headers, body)

    extensions: dict[str, Any] = {}
    if api_request is not None:
        for name in _FORWARDED_HEADERS:
            value = api_request.headers.get(name)
            if value is not None:
                headers[name] = value
        # Without a timeout extension httpcore would wait forever: yielded requests do not get
        # the client's default timeout (httpx sets it in send(), before the auth flow runs).
        if "timeout" in api_request.extensions:
            extensions["timeout"] = api_request.extensions["timeout"]
    return httpx.Request(
        "POST",
        credentials.token_url,
        headers=headers,
        content=body.encode("utf-8"),
        extensions=extensions,
    )


def parse_token_response(
    response: httpx.Response,
    *,
    credentials: ClientCredentials,
    issued_at: float,
    request_id: str | None = None,
) -> AccessToken:
    """Turn a token endpoint response (body already read) into an access token.

    Args:
        response: The token endpoint's response.
        credentials: The credentials the token was requested with (to keep the secret out of
            any error text).
        issued_at: Cache-clock time at which the request was sent; expiry counts from it.
        request_id: The operation's request id, set on a raised error.

    Returns:
        The access token, expiring ``expires_in`` seconds (default 3600) after ``issued_at``.

    Raises:
        TokenError: The status was not 2xx, the body was not a JSON object, ``access_token`` was
            missing, empty or not visible ASCII, or ``token_type`` was not ``Bearer``. The error
            carries the status, the RFC 6749 ``error`` member as ``error_code`` and up to 500
            characters of the body.
    """
    fail = _ErrorFactory(response, credentials, request_id)
    try:
        payload: object = json.loads(response.content)
    except ValueError:  # JSONDecodeError and UnicodeDecodeError
        payload = None
        if response.is_success:
            raise fail("the token endpoint answered with a body that is not JSON") from None

    if not response.is_success:
        raise fail(f"the token request failed with HTTP {response.status_code}", payload)
    if not isinstance(payload, Mapping):
        raise fail("the token endpoint answered with JSON that is not an object", payload)

    access_token = payload.get("access_token")
    if not isinstance(access_token, str) or not access_token:
        raise fail("the token endpoint's answer has no access_token", payload)
    if not _HEADER_SAFE_TOKEN.fullmatch(access_token):
        # It goes into an Authorization header, which carries visible ASCII only.
        raise fail("the token endpoint issued an access_token a header cannot carry", payload)
    token_type = payload.get("token_type", "Bearer")
    if not isinstance(token_type, str) or token_type.lower() != "bearer":
        raise fail(f"the token endpoint issued a token of unsupported type {token_type!r}", payload)

    lifetime = _lifetime(payload.get("expires_in"))
    logger.debug("received an access token from %s, valid %gs", credentials.token_url, lifetime)
    return AccessToken(access_token, issued_at=issued_at, lifetime=lifetime)


_HEADER_SAFE_TOKEN = re.compile(r"[\x21-\x7e]+")


def _lifetime(raw: object) -> float:
    # Tolerant: a number, or a string holding one (some servers quote it); anything else is
    # treated as absent rather than failing a request that did get a token.
    value: float | None = None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        value = float(raw)
    elif isinstance(raw, str):
        try:
            value = float(raw)
        except ValueError:
            value = None
    if value is None or not math.isfinite(value):
        if raw is not None:
            logger.debug("ignoring unusable expires_in of type %s", type(raw).__name__)
        return DEFAULT_EXPIRES_IN
    return max(value, 0.0)


class _ErrorFactory:
    """Builds `TokenError`s for one response, with the secret and tokens scrubbed from the text."""

    def __init__(
        self, response: httpx.Response, credentials: ClientCredentials, request_id: str | None
    ) -> None:
        self._response = response
        self._credentials = credentials
        self._request_id = request_id
        secret = credentials.client_secret.get_secret_value()
        self._secrets = sorted({secret, quote_plus(secret)}, key=len, reverse=True)

    def __call__(self, reason: str, payload: object = None) -> TokenError:
        response = self._response
        error_code = description = None
        if isinstance(payload, Mapping):
            code, desc = payload.get("error"), payload.get("error_description")
            error_code = self._scrub(code) if isinstance(code, str) and code else None
            description = self._scrub(desc) if isinstance(desc, str) and desc else None
        message = reason
        if error_code:
            message += f": {error_code}"
        if description:
            message += f" ({description})"
        logger.debug(
            "token endpoint %s answered HTTP %d (%s)",
            self._credentials.token_url,
            response.status_code,
            error_code or reason,
        )
        return TokenError(
            message,
            status_code=response.status_code,
            body=self._body_text(payload) or None,
            error_code=error_code,
            method="POST",
            url=self._credentials.token_url,
            request_id=self._request_id,
        )

    def _body_text(self, payload: object) -> str:
        if self._response.is_success:
            # A 2xx body may hold a token under an unexpected name: show its shape, not values.
            if payload is not None:
                text = json.dumps(_masked(payload), ensure_ascii=False)
            else:
                text = _TOKEN_LIKE_TEXT.sub(rf"\g<1>{_MASK}", self._response.text)
        else:
            text = self._response.text
        return self._scrub(text.strip())[:BODY_LIMIT]

    def _scrub(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, _MASK)
        return text


def _masked(value: object, member: str | None = None) -> object:
    if isinstance(value, Mapping):
        return {str(k): _masked(v, str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_masked(v) for v in value]
    if isinstance(value, str) and member not in _SAFE_MEMBERS:
        return _MASK
    return value
