"""Helpers shared by the Edubridge handlers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._config import EmulatorConfig
from timeback_emulator._http import BodyError, Issue, edubridge_errors, read_json


def store_of(request: Request) -> Any:
    """The request's store."""
    return request.app.state.store


async def checked_body(
    request: Request, check: Callable[[Any], list[Issue]]
) -> tuple[Any, Response | None]:
    """The request's JSON body, and the 400 answer to give instead when it is not JSON or
    ``check`` finds issues in it (None when the body is good)."""
    try:
        body = await read_json(request)
    except BodyError as exc:
        return None, edubridge_errors([("", exc.message)], "Invalid request body")
    issues = check(body)
    return body, edubridge_errors(issues) if issues else None


def config_of(request: Request) -> EmulatorConfig:
    """The request's emulator configuration."""
    config: EmulatorConfig = request.app.state.config
    return config


def base_url(request: Request) -> str:
    """The origin the client used (for hrefs)."""
    return str(request.base_url).rstrip("/")


def q(value: str) -> str:
    """A quoted filter literal (single quotes inside are doubled)."""
    return "'" + value.replace("'", "''") + "'"


def ref_id(value: Any) -> str | None:
    """The sourcedId of a reference in any of its shapes."""
    if isinstance(value, Mapping):
        sid = value.get("sourcedId")
        return sid if isinstance(sid, str) else None
    return value if isinstance(value, str) else None


def school_year(config: EmulatorConfig) -> tuple[int, dt.date, dt.date]:
    """The current school year: (ending year, first day, last day)."""
    today = config.current_date()
    month, day = config.school_year_start
    start = dt.date(today.year, month, day)
    if today < start:
        start = dt.date(today.year - 1, month, day)
    next_start = dt.date(start.year + 1, month, day)
    return next_start.year, start, next_start - dt.timedelta(days=1)


def is_date(value: Any) -> bool:
    """Whether a value is a ``YYYY-MM-DD`` string."""
    if not isinstance(value, str) or len(value) != 10:
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def number_issues(obj: Mapping[str, Any], keys: tuple[str, ...], path: str) -> list[Issue]:
    """Issues for members of ``obj`` that are present but not numbers."""
    issues: list[Issue] = []
    for key in keys:
        value = obj.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            issues.append((f"{path}.{key}", "Expected number"))
    return issues


def user_school(store: Any, user: Mapping[str, Any]) -> str | None:
    """The user's school: ``primaryOrg``, else the org of the primary role, else any role's org."""
    primary = ref_id(user.get("primaryOrg"))
    if primary:
        return primary
    roles = [r for r in user.get("roles") or [] if isinstance(r, Mapping)]
    for role in sorted(roles, key=lambda r: r.get("roleType") != "primary"):
        org = ref_id(role.get("org"))
        if org:
            return org
    return None


def find_user_by_email(store: Any, email: str) -> dict[str, Any] | None:
    """The user with this email (case-insensitive), if any."""
    found = store.find("users", filter=f"email={q(email)}", limit=1)
    if found:
        return dict(found[0])
    lowered = email.lower()
    for user in store.find("users", filter=f"email~{q(email)}"):
        if str(user.get("email", "")).lower() == lowered:
            return dict(user)
    return None
