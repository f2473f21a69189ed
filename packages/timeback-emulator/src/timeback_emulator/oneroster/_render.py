"""Rendering stored documents into response form.

Rostering responses carry GUIDRefs (``href`` + ``sourcedId`` + ``type``), gradebook and resources
responses carry ``{"sourcedId"}`` Refs. Required-but-nullable members are
filled with ``null`` or ``[]`` and string booleans are emitted as strings.

List pages are assembled from an in-memory render cache (``Store.render_cache``, checked against
each row's revision): rows are rendered once with a placeholder in place of the base URL and the
placeholder is replaced per request, so a page of cached rows needs no JSON parsing at all.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import quote

from timeback_emulator._store import Row, Store

R = "/ims/oneroster/rostering/v1p2"
G = "/ims/oneroster/gradebook/v1p2"
X = "/ims/oneroster/resources/v1p2"

# Service of each collection: decides the reference shape in responses.
SERVICE: dict[str, str] = {
    "users": "R",
    "orgs": "R",
    "academicSessions": "R",
    "courses": "R",
    "classes": "R",
    "enrollments": "R",
    "demographics": "R",
    "courseComponents": "R",
    "componentResources": "R",
    "categories": "G",
    "lineItems": "G",
    "results": "G",
    "scoreScales": "G",
    "assessmentLineItems": "G",
    "assessmentResults": "G",
    "resources": "X",
}

# Path (under the base URL) of the single GET for each GUIDRef type.
HREF_PATHS: dict[str, str] = {
    "org": f"{R}/orgs/",
    "school": f"{R}/schools/",
    "user": f"{R}/users/",
    "student": f"{R}/students/",
    "teacher": f"{R}/teachers/",
    "class": f"{R}/classes/",
    "course": f"{R}/courses/",
    "academicSession": f"{R}/academicSessions/",
    "term": f"{R}/terms/",
    "gradingPeriod": f"{R}/gradingPeriods/",
    "enrollment": f"{R}/enrollments/",
    "demographics": f"{R}/demographics/",
    "courseComponent": f"{R}/courses/components/",
    "componentResource": f"{R}/courses/component-resources/",
    "resource": f"{X}/resources/",
    "category": f"{G}/categories/",
    "lineItem": f"{G}/lineItems/",
    "result": f"{G}/results/",
    "scoreScale": f"{G}/scoreScales/",
    "assessmentLineItem": f"{G}/assessmentLineItems/",
    "assessmentResult": f"{G}/assessmentResults/",
}

# Reference members of each collection and their GUIDRef type: (field, type, is_array).
REFS: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "users": (("agents", "user", True), ("primaryOrg", "org", False)),
    "orgs": (("parent", "org", False), ("children", "org", True)),
    "academicSessions": (
        ("parent", "academicSession", False),
        ("children", "academicSession", True),
        ("org", "org", False),
    ),
    "courses": (
        ("org", "org", False),
        ("schoolYear", "academicSession", False),
        ("academicSession", "academicSession", False),
        ("resources", "resource", True),
    ),
    "classes": (
        ("course", "course", False),
        ("school", "org", False),
        ("terms", "academicSession", True),
        ("resources", "resource", True),
    ),
    "enrollments": (("user", "user", False), ("class", "class", False), ("school", "org", False)),
    "demographics": (),
    "courseComponents": (
        ("course", "course", False),
        ("parent", "courseComponent", False),
        ("courseComponent", "courseComponent", False),
    ),
    "componentResources": (
        ("courseComponent", "courseComponent", False),
        ("resource", "resource", False),
    ),
    "categories": (),
    "lineItems": (
        ("class", "class", False),
        ("school", "org", False),
        ("category", "category", False),
        ("gradingPeriod", "academicSession", False),
        ("academicSession", "academicSession", False),
        ("scoreScale", "scoreScale", False),
    ),
    "results": (
        ("lineItem", "lineItem", False),
        ("student", "user", False),
        ("class", "class", False),
        ("scoreScale", "scoreScale", False),
    ),
    "scoreScales": (("class", "class", False), ("course", "course", False)),
    "assessmentLineItems": (
        ("class", "class", False),
        ("parentAssessmentLineItem", "assessmentLineItem", False),
        ("scoreScale", "scoreScale", False),
        ("component", "courseComponent", False),
        ("componentResource", "componentResource", False),
        ("course", "course", False),
    ),
    "assessmentResults": (
        ("assessmentLineItem", "assessmentLineItem", False),
        ("student", "user", False),
        ("scoreScale", "scoreScale", False),
    ),
    "resources": (),
}

STRING_BOOLEANS: dict[str, tuple[str, ...]] = {
    "users": ("enabledUser",),
    "enrollments": ("primary",),
    "demographics": (
        "americanIndianOrAlaskaNative",
        "asian",
        "blackOrAfricanAmerican",
        "nativeHawaiianOrOtherPacificIslander",
        "white",
        "demographicRaceTwoOrMoreRaces",
        "hispanicOrLatinoEthnicity",
    ),
    "results": ("inProgress", "incomplete", "late", "missing"),
    "assessmentResults": ("inProgress", "incomplete", "late", "missing"),
}

# Members always present in responses (value used when absent).
DEFAULTS: dict[str, tuple[tuple[str, Any], ...]] = {
    "users": (("roles", []), ("agents", []), ("userProfiles", [])),
    "orgs": (("identifier", None), ("children", [])),
    "classes": (("classCode", None), ("location", None), ("classType", "scheduled"), ("terms", [])),
    "enrollments": (("primary", "false"), ("beginDate", None), ("endDate", None)),
    "demographics": tuple(
        (name, None)
        for name in (
            "birthDate",
            "sex",
            *STRING_BOOLEANS["demographics"],
            "countryOfBirthCode",
            "stateOfBirthAbbreviation",
            "cityOfBirth",
            "publicSchoolResidenceStatus",
        )
    ),
    "courseComponents": (("sortOrder", 0),),
    "componentResources": (("sortOrder", 0),),
}

# A base URL stand-in for cached renderings; JSON escapes the NULs, so the encoded form below
# can only come from this placeholder unless a document contains it (checked, see below).
PLACEHOLDER = "\x00tb-base\x00"
PLACEHOLDER_JSON = json.dumps(PLACEHOLDER)[1:-1]
# Rendered rows kept per collection before the cache is emptied (bounds memory).
CACHE_LIMIT = 250_000


def dumps(value: Any) -> str:
    """Compact JSON text (ASCII-only, so any string, even a lone surrogate, encodes)."""
    return json.dumps(value, separators=(",", ":"))


@functools.lru_cache(maxsize=65_536)
def _href_path(ref_type: str, sourced_id: str) -> str:
    return HREF_PATHS.get(ref_type, f"{R}/{ref_type}s/") + quote(sourced_id, safe="")


def href(base: str, ref_type: str, sourced_id: str) -> str:
    """Absolute URL of a referenced object's single GET."""
    return base + _href_path(ref_type, sourced_id)


def _ref(value: Any, default_type: str, base: str | None) -> Any:
    if not isinstance(value, Mapping):
        if isinstance(value, str):
            value = {"sourcedId": value}
        else:
            return value
    sid = value.get("sourcedId")
    if base is None:
        return {"sourcedId": sid}
    ref_type = value.get("type") or default_type
    return {"href": base + _href_path(ref_type, str(sid)), "sourcedId": sid, "type": ref_type}


def _bool_text(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def render(collection: str, doc: Mapping[str, Any], base: str) -> dict[str, Any]:
    """The response form of a stored document.

    Args:
        collection: Collection wire name.
        doc: The stored document.
        base: Base URL (scheme, host, root path; no trailing slash) used in GUIDRef hrefs.

    Returns:
        A new dict ready to serialise.
    """
    out = dict(doc)
    rostering = SERVICE.get(collection) == "R"
    ref_base = base if rostering else None
    for name, default in DEFAULTS.get(collection, ()):
        if name not in out:
            out[name] = list(default) if isinstance(default, list) else default
    for name, ref_type, is_array in REFS.get(collection, ()):
        value = out.get(name)
        if value is None:
            continue
        if is_array and isinstance(value, list):
            out[name] = [_ref(item, ref_type, ref_base) for item in value]
        elif not is_array:
            out[name] = _ref(value, ref_type, ref_base)
    if collection == "users":
        roles = out.get("roles")
        if isinstance(roles, list):
            out["roles"] = [
                {**role, "org": _ref(role["org"], "org", ref_base)}
                if isinstance(role, Mapping) and role.get("org") is not None
                else role
                for role in roles
            ]
        demographics = out.get("demographics")
        if isinstance(demographics, Mapping):
            out["demographics"] = render("demographics", demographics, base)
    elif collection == "academicSessions":
        year = out.get("schoolYear")
        if isinstance(year, str) and year.strip().lstrip("-").isdigit():
            out["schoolYear"] = int(year)
    for name in STRING_BOOLEANS.get(collection, ()):
        if name in out:
            out[name] = _bool_text(out[name])
    return out


def project(doc: Mapping[str, Any], fields: Sequence[str] | None) -> dict[str, Any]:
    """Keep only the requested members (in the requested order)."""
    if not fields:
        return dict(doc)
    return {name: doc[name] for name in fields if name in doc}


def render_row_text(collection: str, row: Row, base: str) -> tuple[str, str | None]:
    """Render one row: (text with the real base, cacheable text with the placeholder or None)."""
    doc = json.loads(row.doc)
    if PLACEHOLDER_JSON in row.doc:
        return dumps(render(collection, doc, base)), None
    cached = dumps(render(collection, doc, PLACEHOLDER))
    return cached, cached


def render_rows(
    store: Store,
    collection: str,
    rows: Iterable[Row],
    base: str,
    fields: Sequence[str] | None = None,
    extra: Mapping[str, Any] | None = None,
) -> str:
    """A JSON array (text) of rendered rows, using and filling the in-memory render cache.

    Args:
        store: The store (its cache is filled for rows rendered here).
        collection: Collection wire name.
        rows: Rows from :meth:`Store.page`.
        base: Base URL for hrefs.
        fields: Projection, or None for whole objects.
        extra: Members merged into every object before projection (bypasses the cache).

    Returns:
        The array text.
    """
    if fields or extra:
        docs = []
        for row in rows:
            rendered = render(collection, json.loads(row.doc), base)
            if extra:
                rendered.update(extra)
            docs.append(project(rendered, fields))
        return dumps(docs)
    base_json = dumps(base)[1:-1]
    cache = store.render_cache.setdefault(collection, {})
    if len(cache) > CACHE_LIMIT:
        cache.clear()
    parts: list[str] = []
    for row in rows:
        entry = cache.get(row.sid)
        if entry is not None and entry[0] == row.rev:
            text = entry[1]
        else:
            text, cacheable = render_row_text(collection, row, base)
            if cacheable is None:
                parts.append(text)
                continue
            cache[row.sid] = (row.rev, cacheable)
        parts.append(text.replace(PLACEHOLDER_JSON, base_json))
    return "[" + ",".join(parts) + "]"


def render_one(
    collection: str, doc: Mapping[str, Any], base: str, fields: Sequence[str] | None = None
) -> dict[str, Any]:
    """Render and project one document."""
    return project(render(collection, doc, base), fields)
