"""Edubridge users by role: one page, no total, Edubridge user shape."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._http import Issue, edubridge_errors, json_response, query_list
from timeback_emulator.edubridge._common import base_url, store_of

USER_ROLES = (
    "administrator", "aide", "guardian", "parent", "proctor", "relative", "student", "teacher",
)  # fmt: skip
SEARCH_FIELDS = ("givenName", "familyName", "email")
MAX_LIMIT = 3000


def render_user(
    doc: Mapping[str, Any], demographics: Mapping[str, Any] | None, base: str
) -> dict[str, Any]:
    """The Edubridge user form: OneRoster members with Edubridge's differences."""
    from timeback_emulator.oneroster._render import render

    out = render("users", doc, base)
    enabled = out.get("enabledUser")
    if isinstance(enabled, bool):
        out["enabledUser"] = "true" if enabled else "false"
    if isinstance(out.get("grades"), list):
        out["grades"] = [str(g) for g in out["grades"]]
    roles = []
    for role in out.get("roles") or []:
        if isinstance(role, dict) and isinstance(role.get("org"), dict):
            org = role["org"]
            # Edubridge roles name the org by href and type only.
            role = {**role, "org": {"href": org.get("href"), "type": org.get("type", "org")}}
        roles.append(role)
    out["roles"] = roles
    out["demographics"] = render("demographics", demographics, base) if demographics else None
    return out


def _int(
    request: Request, name: str, default: int, low: int, high: int, issues: list[Issue]
) -> int:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        issues.append((name, "Expected integer"))
        return default
    if not low <= value <= high:
        issues.append((name, f"Expected a number between {low} and {high}"))
    return value


async def get_users(request: Request) -> Response:
    """#11: users whose roles are all among ``roles`` (optionally in ``orgSourcedIds``)."""
    from timeback_emulator._filter import FilterError
    from timeback_emulator._store import SortError

    issues: list[Issue] = []
    roles = query_list(request, "roles")
    if not roles:
        issues.append(("roles", "Required: at least one role"))
    unknown = [r for r in roles if r not in USER_ROLES]
    if unknown:
        issues.append(("roles", f"Unknown role(s): {', '.join(unknown)}"))
    orgs = query_list(request, "orgSourcedIds")
    limit = _int(request, "limit", 100, 1, MAX_LIMIT, issues)
    offset = _int(request, "offset", 0, 0, 2**62, issues)
    order = request.query_params.get("orderBy", "asc").lower()
    if order not in ("asc", "desc"):
        issues.append(("orderBy", "Expected asc or desc"))
    if issues:
        return edubridge_errors(issues)
    marks = ", ".join("?" * len(roles))
    conditions: list[tuple[str, list[Any]]] = [
        (
            "EXISTS (SELECT 1 FROM json_each(t.doc, '$.roles'))"
            " AND NOT EXISTS (SELECT 1 FROM json_each(t.doc, '$.roles') AS r"
            f" WHERE json_extract(r.value, '$.role') NOT IN ({marks})"
            " OR json_extract(r.value, '$.role') IS NULL)",
            list(roles),
        )
    ]
    if orgs:
        org_marks = ", ".join("?" * len(orgs))
        conditions.append(
            (
                "(EXISTS (SELECT 1 FROM json_each(t.doc, '$.roles') AS r"
                f" WHERE json_extract(r.value, '$.org.sourcedId') IN ({org_marks}))"
                f" OR json_extract(t.doc, '$.primaryOrg.sourcedId') IN ({org_marks}))",
                [*orgs, *orgs],
            )
        )
    store = store_of(request)
    raw_filter = request.query_params.get("filter") or None
    try:
        page = store.page(
            "users",
            filters=[raw_filter] if raw_filter else [],
            conditions=conditions,
            search=request.query_params.get("search") or None,
            search_fields=SEARCH_FIELDS,
            sort=request.query_params.get("sort") or None,
            descending=order == "desc",
            limit=limit,
            offset=offset,
            with_total=False,
        )
    except FilterError as exc:
        return edubridge_errors([("filter", str(exc))])
    except SortError as exc:
        return edubridge_errors([("sort", str(exc))])
    docs = [json.loads(row.doc) for row in page.rows]
    demographics = store.get_many("demographics", [d["sourcedId"] for d in docs])
    base = base_url(request)
    users = [render_user(d, demographics.get(d["sourcedId"]), base) for d in docs]
    fields = [f.strip() for f in request.query_params.get("fields", "").split(",") if f.strip()]
    if fields:
        users = [{k: u[k] for k in fields if k in u} for u in users]
    return json_response({"users": users})
