# This file is generated from tests/security/_async/test_secrets.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Secrets never appear in logs, reprs or errors.

One scenario drives the SDK through success and every kind of failure with logging at DEBUG for
every logger (the SDK's, httpx's, httpcore's): reads, a 404, a Caliper send, a revoked token, every
token expired, a failing token endpoint, a wrong secret. Then everything the run logged, the
repr of every object a user holds (clients, resources, settings, auth, credentials) and every
error (its ``str``, ``repr``, attributes and formatted traceback) is scanned for the client secret
and for every access token the emulator issued.
"""

from __future__ import annotations

import logging
import traceback
import uuid
from collections.abc import Callable
from typing import Any

import pytest

from timeback_caliper import activity_completed
from timeback_common import TimebackError
from timeback_common.testing import SyncASGITransport
from timeback_core import SyncTimebackClient
from timeback_emulator import InProcessEmulator

USERS = "/ims/oneroster/rostering/v1p2/users"
SENSOR = "https://security.example.com"


def record_issued_tokens(emulator: InProcessEmulator) -> list[str]:
    """Every access token the emulator issues from now on."""
    issued: list[str] = []
    registry = emulator.state.tokens
    issue: Callable[..., str] = registry.issue

    def recording(*args: Any, **kwargs: Any) -> str:
        token = issue(*args, **kwargs)
        issued.append(token)
        return token

    registry.issue = recording  # type: ignore[method-assign]
    return issued


def describe(value: object) -> str:
    """Everything a user could print about ``value``."""
    parts = [repr(value), str(value)]
    if isinstance(value, BaseException):
        parts.append("".join(traceback.format_exception(type(value), value, value.__traceback__)))
        parts.extend(repr(v) for v in vars(value).values())
    return "\n".join(parts)


def test_no_secret_or_token_is_logged_shown_or_carried_by_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    secret = f"sk-{uuid.uuid4().hex}"
    emulator = InProcessEmulator(
        seed="tiny", client_id=f"security-{uuid.uuid4().hex[:12]}", client_secret=secret
    )
    issued = record_issued_tokens(emulator)
    seen: list[object] = []
    errors: list[TimebackError] = []

    def connect(**extra: Any) -> SyncTimebackClient:
        options: dict[str, Any] = {
            "base_url": emulator.base_url,
            "auth_url": emulator.token_url,
            "client_id": emulator.client_id,
            "client_secret": secret,
            "transport": SyncASGITransport(emulator.app),
            "max_retries": 0,
            **extra,
        }
        return SyncTimebackClient(**options)

    caplog.set_level(logging.DEBUG)
    with connect() as client:
        oneroster = client.oneroster
        seen += [client, oneroster, oneroster.users, client.caliper, client.settings, client.auth]
        seen += [vars(client.auth).get("_credentials")]
        seen.append(oneroster.users.list(limit=5).first_page())
        client.caliper.events.send(
            SENSOR,
            [
                activity_completed(
                    actor={"id": "https://example.com/u/1", "type": "TimebackUser",
                           "email": "a@example.com"},
                    object={"id": "https://example.com/a/1", "type": "TimebackActivityContext",
                            "subject": "Reading", "app": {"name": "Security"}},
                    metrics={"xpEarned": 1},
                )
            ],
        )  # fmt: skip
        for action in ("404", "revoked", "expired", "token-500", "token-html"):
            if action == "revoked":
                emulator.add_fault(path_prefix=USERS, status=401, count=2)
            elif action == "expired":
                emulator.expire_tokens()
            elif action == "token-500":
                emulator.expire_tokens()
                emulator.add_fault(path_prefix="/oauth2/token", status=500, count=1)
            elif action == "token-html":
                emulator.expire_tokens()
                emulator.add_fault(path_prefix="/oauth2/token", action="html", status=502)
            try:
                oneroster.users.get("no-such-user" if action == "404" else "x")
            except TimebackError as exc:
                errors.append(exc)
    with connect(client_secret=secret[::-1]) as wrong:
        seen.append(wrong)
        with pytest.raises(TimebackError) as caught:
            wrong.oneroster.users.list().first_page()
        errors.append(caught.value)

    # then: the run logged plenty, raised each kind of error, and leaked nothing
    assert issued, "the emulator issued no token"
    assert len(errors) == 6
    logged = "\n".join(f"{r.name} {r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "timeback" in logged  # the SDK did log at DEBUG
    haystacks = {"logs": logged}
    haystacks.update({f"repr of {type(v).__name__}": describe(v) for v in seen})
    haystacks.update({f"error {type(e).__name__}": describe(e) for e in errors})
    for where, text in haystacks.items():
        assert secret not in text, f"the client secret appears in {where}"
        assert secret[::-1] not in text, f"the wrong secret appears in {where}"
        for token in issued:
            assert token not in text, f"an access token appears in {where}"
