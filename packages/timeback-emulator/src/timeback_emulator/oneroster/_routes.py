"""The OneRoster route table: rostering (``R/``), gradebook (``G/``) and resources (``X/``)."""

from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any
from xml.sax.saxutils import escape

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from timeback_emulator._store import Store, column_sql, now_iso, side_tables
from timeback_emulator.oneroster._http import (
    ApiError,
    Handler,
    base_url,
    endpoint,
    fields_param,
    invalid,
    json_response,
    not_found,
    path_param,
    read_object,
    store_of,
    unwrap,
)
from timeback_emulator.oneroster._render import G, R, X, render_one
from timeback_emulator.oneroster._views import (
    HOOKS,
    Condition,
    Hooks,
    View,
    create_doc,
    create_handler,
    delete_handler,
    get_handler,
    list_handler,
    list_page,
    methods,
    pair,
    patch_handler,
    prepare_doc,
    put_handler,
    require,
    single,
    unpaged,
)

# --------------------------------------------------------------------------------------------
# Views

USERS = View("users", "users", "user", "User", ("user",))
STUDENTS = View(
    "users", "users", "user", "Student", base_filter="roles.role='student'", writable=False
)
TEACHERS = View(
    "users", "users", "user", "Teacher", base_filter="roles.role='teacher'", writable=False
)
ORGS = View("orgs", "orgs", "org", "Org", ("org",), put_status=201)
SCHOOLS = View(
    "orgs",
    "orgs",
    "org",
    "School",
    ("org", "school"),
    base_filter="type='school'",
    defaults={"type": "school"},
)
SESSIONS = View(
    "academicSessions",
    "academicSessions",
    "academicSession",
    "Academic session",
    ("academicSession",),
)
TERMS = View(
    "academicSessions",
    "terms",
    "term",
    "Term",
    ("term", "academicSession"),
    base_filter="type='term'",
    defaults={"type": "term"},
)
GRADING_PERIODS = View(
    "academicSessions",
    "gradingPeriods",
    "gradingPeriod",
    "Grading period",
    ("academicSession", "gradingPeriod"),
    base_filter="type='gradingPeriod'",
    defaults={"type": "gradingPeriod"},
    put_status=201,
)
CLASSES = View("classes", "classes", "class", "Class", ("class",))
COURSES = View("courses", "courses", "course", "Course", ("course",))
COMPONENTS = View(
    "courseComponents",
    "courseComponents",
    "courseComponent",
    "Course component",
    ("courseComponent",),
)
COMPONENT_RESOURCES = View(
    "componentResources",
    "componentResources",
    "componentResource",
    "Component resource",
    ("componentResource",),
)
ENROLLMENTS = View(
    "enrollments", "enrollments", "enrollment", "Enrollment", ("enrollment",), put_status=201
)
DEMOGRAPHICS = View(
    "demographics", "demographics", "demographics", "Demographics", ("demographics",)
)

CATEGORIES = View(
    "categories",
    "categories",
    "category",
    "Category",
    ("category",),
    put_mode="upsert",
    put_status=201,
)
LINE_ITEMS = View(
    "lineItems",
    "lineItems",
    "lineItem",
    "Line item",
    ("lineItem",),
    put_mode="upsert",
    put_status=201,
)
RESULTS = View(
    "results", "results", "result", "Result", ("result",), put_mode="upsert", put_status=201
)
SCORE_SCALES = View(
    "scoreScales",
    "scoreScales",
    "scoreScale",
    "Score scale",
    ("scoreScale",),
    put_mode="upsert",
    put_status=201,
)
ASSESSMENT_LINE_ITEMS = View(
    "assessmentLineItems",
    "assessmentLineItems",
    "assessmentLineItem",
    "Assessment line item",
    ("assessmentLineItem",),
    put_mode="upsert",
    put_status=201,
)
ASSESSMENT_RESULTS = View(
    "assessmentResults",
    "assessmentResults",
    "assessmentResult",
    "Assessment result",
    ("assessmentResult",),
    put_mode="upsert",
    put_status=201,
)
RESOURCES = View("resources", "resources", "resource", "Resource", ("resource",))


# --------------------------------------------------------------------------------------------
# Write side effects


def _ref_id(value: Any) -> str | None:
    if isinstance(value, Mapping):
        sid = value.get("sourcedId")
        return sid if isinstance(sid, str) else None
    return None


def _sync_children(collection: str, ref_type: str) -> Hooks:
    """Keep ``parent.children`` in step with each document's ``parent``."""

    def after(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
        sid = doc["sourcedId"]
        new_parent = _ref_id(doc.get("parent"))
        old_parent = _ref_id(previous.get("parent")) if previous else None
        if old_parent and old_parent != new_parent:
            parent = store.get(collection, old_parent)
            if parent is not None:
                children = [c for c in parent.get("children") or [] if _ref_id(c) != sid]
                store.patch(collection, old_parent, {"children": children})
        if new_parent:
            parent = store.get(collection, new_parent)
            if parent is not None:
                children = list(parent.get("children") or [])
                if all(_ref_id(c) != sid for c in children):
                    children.append({"sourcedId": sid, "type": ref_type})
                    store.patch(collection, new_parent, {"children": children})

    def prepare(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
        # ``children`` is derived from the children's ``parent``: a PUT without it keeps it.
        if previous is not None and "children" not in doc and previous.get("children"):
            doc["children"] = previous["children"]

    return Hooks(prepare=prepare, after=after)


def _enrollment_school(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
    if doc.get("school") is None:
        class_id = _ref_id(doc.get("class"))
        klass = store.get("classes", class_id) if class_id else None
        school = klass.get("school") if klass else None
        if _ref_id(school):
            doc["school"] = {"sourcedId": _ref_id(school), "type": "org"}
    doc.setdefault("primary", "false")


def _user_profiles(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
    # userProfiles are not writable through POST/PUT: keep what the server holds.
    doc["userProfiles"] = list(previous.get("userProfiles") or []) if previous else []
    doc.setdefault("agents", [])


HOOKS.update(
    {
        "orgs": _sync_children("orgs", "org"),
        "academicSessions": _sync_children("academicSessions", "academicSession"),
        "enrollments": Hooks(prepare=_enrollment_school),
        "users": Hooks(prepare=_user_profiles),
    }
)


# --------------------------------------------------------------------------------------------
# SQL conditions for scoped listings (table alias t)


def _eq(path: str) -> str:
    return f"json_extract(t.doc, '{path}') = ?"


def _enrolled_users(role: str | None) -> str:
    sql = (
        "t.sid IN (SELECT json_extract(e.doc, '$.user.sourcedId') FROM \"doc_enrollments\" AS e"
        " WHERE json_extract(e.doc, '$.class.sourcedId') = ?"
    )
    return sql + (f" AND json_extract(e.doc, '$.role') = '{role}')" if role else ")")


def _classes_of_user(role: str | None) -> str:
    sql = (
        "t.sid IN (SELECT json_extract(e.doc, '$.class.sourcedId') FROM \"doc_enrollments\" AS e"
        " WHERE json_extract(e.doc, '$.user.sourcedId') = ?"
    )
    return sql + (f" AND json_extract(e.doc, '$.role') = '{role}')" if role else ")")


def _school_users(role: str) -> str:
    table, columns = side_tables("users")["$.roles"]
    return (
        f"t.sid IN (SELECT s.sid FROM {table} AS s WHERE s.{columns['$.role']} = '{role}'"
        f" AND s.{columns['$.org.sourcedId']} = ?)"
    )


_RESULTS_OF_CLASS = (
    "(json_extract(t.doc, '$.class.sourcedId') = ? OR json_extract(t.doc, '$.lineItem.sourcedId')"
    ' IN (SELECT l.sid FROM "doc_lineItems" AS l'
    " WHERE json_extract(l.doc, '$.class.sourcedId') = ?))"
)


_ALIASES = {"e": "enrollments", "l": "lineItems", "c": "classes", "a": "resourceAssignments"}
_JSON_EXTRACT = re.compile(r"json_extract\((\w+)\.doc, '(\$[.\w]+)'\)")


def _use_columns(sql: str, target: str) -> str:
    """Rewrite ``json_extract(<alias>.doc, '<path>')`` to indexed columns where they exist."""

    def sub(match: re.Match[str]) -> str:
        alias, path = match.group(1), match.group(2)
        collection = target if alias == "t" else _ALIASES.get(alias)
        return column_sql(collection, path, alias) if collection else match.group(0)

    return _JSON_EXTRACT.sub(sub, sql)


def _scoped(
    view: View,
    parents: Sequence[tuple[View, str]],
    condition: str,
    *,
    message: str | None = None,
    keys: Sequence[str] | None = None,
    args: Sequence[str] | None = None,
    check: Any = None,
) -> Handler:
    """A scoped listing.

    Args:
        view: The listed view.
        parents: (view, path parameter) pairs that must exist.
        condition: SQL condition; its ``?`` take the values of ``args`` (path parameter names).
        message: 404 message when a parent is missing (default: the parent's own).
        keys: Envelope keys (default: the view's list key).
        args: Path parameters bound to the condition, in order (default: the parents').
        check: Optional ``(store, parent_docs) -> bool`` consistency check (404 when false).
    """

    condition = _use_columns(condition, view.collection)

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        values = {name: path_param(request, name) for _, name in parents}
        docs = []
        for parent_view, name in parents:
            row = require(store, parent_view, values[name], message)
            docs.append(json.loads(row.doc))
        if check is not None and not check(store, docs):
            raise not_found(message or "Not found.")
        names = args if args is not None else [name for _, name in parents]
        params = [values[name] for name in names]
        conditions: list[Condition] = [(condition, params)]
        return list_page(request, view, conditions, keys)

    return handle


def _class_in_school(store: Store, docs: list[dict[str, Any]]) -> bool:
    school, klass = docs
    return bool(_ref_id(klass.get("school")) == school["sourcedId"])


def _line_item_in_class(store: Store, docs: list[dict[str, Any]]) -> bool:
    klass, line_item = docs
    return bool(_ref_id(line_item.get("class")) == klass["sourcedId"])


# --------------------------------------------------------------------------------------------
# Users: demographics, agents, credentials


@endpoint
async def user_with_demographics(request: Request) -> Response:
    """GET R/users/{id}/demographics: the user with an embedded ``demographics`` object."""
    store = store_of(request)
    fields = fields_param(request, {*USERS.schema, "demographics"})
    sid = path_param(request, "id")
    row = require(store, USERS, sid)
    user = json.loads(row.doc)
    demographics = store.get("demographics", sid)
    user["demographics"] = demographics
    return json_response({"user": render_one("users", user, base_url(request), fields)})


@endpoint
async def list_agents(request: Request) -> Response:
    """GET R/users/{id}/agents: the user's agents as full users (not paginated)."""
    store = store_of(request)
    sid = path_param(request, "id")
    user = json.loads(require(store, USERS, sid).doc)
    ids = [i for i in (_ref_id(a) for a in user.get("agents") or []) if i]
    marks = ", ".join("?" * len(ids)) or "NULL"
    return unpaged(request, USERS, "agents", [(f"t.sid IN ({marks})", ids)])


@endpoint
async def list_agent_for(request: Request) -> Response:
    """GET R/users/{id}/agentFor: users who have this user as an agent (not paginated)."""
    store = store_of(request)
    sid = path_param(request, "id")
    require(store, USERS, sid)
    table, columns = side_tables("users")["$.agents"]
    condition = f"t.sid IN (SELECT s.sid FROM {table} AS s WHERE s.{columns['$.sourcedId']} = ?)"
    return unpaged(request, USERS, "users", [(condition, [sid])])


@endpoint
async def add_agent(request: Request) -> Response:
    """POST R/users/{id}/agents ``{"agentSourcedId": ...}``: 201 (200 when already linked)."""
    store = store_of(request)
    sid = path_param(request, "id")
    body = await read_object(request)
    agent_id = body.get("agentSourcedId")
    if not isinstance(agent_id, str) or not agent_id:
        raise invalid([{"field": "agentSourcedId", "message": "Required"}])
    with store.transaction():
        user = json.loads(require(store, USERS, sid).doc)
        require(store, USERS, agent_id, "Agent not found.")
        agents = list(user.get("agents") or [])
        if any(_ref_id(a) == agent_id for a in agents):
            return single(request, USERS, user, 200)
        agents.append({"sourcedId": agent_id, "type": "user"})
        stored = store.patch("users", sid, {"agents": agents})
    return single(request, USERS, stored, 201)


@endpoint
async def remove_agent(request: Request) -> Response:
    """DELETE R/users/{id}/agents/{agentId}: 204; 404 when not linked."""
    store = store_of(request)
    sid = path_param(request, "id")
    agent_id = path_param(request, "agentId")
    with store.transaction():
        user = json.loads(require(store, USERS, sid).doc)
        agents = list(user.get("agents") or [])
        kept = [a for a in agents if _ref_id(a) != agent_id]
        if len(kept) == len(agents):
            raise not_found("Agent not found.")
        store.patch("users", sid, {"agents": kept})
    return Response(status_code=204)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "app"


@endpoint
async def register_credentials(request: Request) -> Response:
    """POST R/users/{id}/credentials: 201 when new, 200 when the application had credentials."""
    store = store_of(request)
    sid = path_param(request, "id")
    body = await read_object(request)
    if (
        "credential" in body
        and isinstance(body["credential"], dict)
        and "applicationName" not in body
    ):
        body = body["credential"]
    details = []
    app_name = body.get("applicationName")
    if not isinstance(app_name, str) or not app_name:
        details.append({"field": "applicationName", "message": "Required"})
    creds = body.get("credentials")
    if not isinstance(creds, dict):
        details.append({"field": "credentials", "message": "Required"})
        creds = {}
    for name in ("username", "password"):
        if not isinstance(creds.get(name), str):
            details.append({"field": f"credentials.{name}", "message": "Required"})
    if details:
        raise invalid(details)
    assert isinstance(app_name, str)
    with store.transaction():
        user = json.loads(require(store, USERS, sid).doc)
        existing = store.find(
            "credentials",
            filter=f"user.sourcedId='{_quote(sid)}' AND applicationName='{_quote(app_name)}'",
        )
        if existing:
            record = existing[0]
            record.update(username=creds["username"], password=creds["password"])
            store.replace("credentials", record)
            status, message = 200, "Student credentials updated successfully"
        else:
            record = {
                "sourcedId": str(uuid.uuid4()),
                "user": {"sourcedId": sid, "type": "user"},
                "applicationName": app_name,
                "username": creds["username"],
                "password": creds["password"],
                "userProfileId": str(uuid.uuid4()),
            }
            store.insert("credentials", record)
            status, message = 201, "Student credentials created successfully"
        profiles = [
            p
            for p in user.get("userProfiles") or []
            if p.get("profileId") != record["userProfileId"]
        ]
        profiles.append(
            {
                "profileId": record["userProfileId"],
                "profileType": "application",
                "vendorId": "timeback-emulator",
                "applicationId": _slug(app_name),
                "description": f"{app_name} credentials",
                "app": {
                    "sourcedId": _slug(app_name),
                    "name": app_name,
                    "description": None,
                    "domain": f"{_slug(app_name)}.example",
                    "metadata": None,
                },
                "credentials": [
                    {
                        "id": record["sourcedId"],
                        "type": "username_password",
                        "username": record["username"],
                        "password": None,
                    }
                ],
            }
        )
        store.patch("users", sid, {"userProfiles": profiles})
    body_out = {
        "userProfileId": record["userProfileId"],
        "credentialId": record["sourcedId"],
        "message": message,
    }
    return json_response(body_out, status)


@endpoint
async def decrypt_credential(request: Request) -> Response:
    """POST R/users/{id}/credentials/{credentialId}/decrypt: ``{"password": ...}``."""
    store = store_of(request)
    sid = path_param(request, "id")
    require(store, USERS, sid)
    record = store.get("credentials", path_param(request, "credentialId"))
    if record is None or _ref_id(record.get("user")) != sid:
        raise not_found("Credential not found.")
    return json_response({"password": record["password"]})


def _quote(text: str) -> str:
    return text.replace("'", "''")


# --------------------------------------------------------------------------------------------
# Scoped creates


def _scoped_enrollment(role: str) -> Handler:
    """POST R/classes/{id}/students|teachers: create an enrollment with the role."""

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        class_id = path_param(request, "id")
        body = unwrap(await read_object(request), ("enrollment",))
        supplied = body.get("sourcedId")
        entity = {**body, "role": role, "class": {"sourcedId": class_id}}
        with store.transaction():
            require(store, CLASSES, class_id)
            doc = prepare_doc(store, ENROLLMENTS, entity, None)
            stored = create_doc(store, ENROLLMENTS, doc)
        sid = stored["sourcedId"]
        return json_response(
            {"sourcedIdPairs": pair(supplied if isinstance(supplied, str) else None, sid)}, 201
        )

    return handle


@endpoint
async def create_term_grading_period(request: Request) -> Response:
    """POST R/terms/{id}/gradingPeriods: 201 ``{"academicSession", "sourcedIdPairs"}``."""
    store = store_of(request)
    term_id = path_param(request, "id")
    body = unwrap(await read_object(request), ("academicSession", "gradingPeriod"))
    supplied = body.get("sourcedId")
    with store.transaction():
        term = json.loads(require(store, TERMS, term_id).doc)
        entity = {"schoolYear": term.get("schoolYear"), "org": term.get("org"), **body}
        entity["parent"] = {"sourcedId": term_id, "type": "academicSession"}
        if entity.get("type", "gradingPeriod") != "gradingPeriod":
            raise invalid([{"field": "type", "message": "must be gradingPeriod"}])
        doc = prepare_doc(store, GRADING_PERIODS, entity, None)
        stored = create_doc(store, GRADING_PERIODS, doc)
    sid = stored["sourcedId"]
    out = {
        "academicSession": render_one("academicSessions", stored, base_url(request)),
        "sourcedIdPairs": pair(supplied if isinstance(supplied, str) else None, sid),
    }
    return json_response(out, 201)


def _bulk_create(
    view: View,
    key: str,
    parents: Sequence[tuple[View, str]],
    fill: Any,
    message: str | None = None,
) -> Handler:
    """POST of an array-wrapped body (``{"lineItems": [...]}``): 201 with a list of pairs.

    ``fill(store, parent_docs, item)`` sets the members the path implies.
    """

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        body = await read_object(request)
        items = body.get(key)
        if isinstance(items, dict):
            items = [items]
        if not isinstance(items, list) or not items:
            raise invalid([{"field": key, "message": "Required (a non-empty array)"}])
        with store.transaction():
            docs_parent = [
                json.loads(require(store, pv, path_param(request, name), message).doc)
                for pv, name in parents
            ]
            prepared = []
            details: list[dict[str, str]] = []
            for i, item in enumerate(items):
                if not isinstance(item, dict):
                    details.append({"field": f"{key}[{i}]", "message": "must be an object"})
                    continue
                entity = dict(item)
                fill(store, docs_parent, entity)
                try:
                    prepared.append(
                        (
                            item.get("sourcedId"),
                            prepare_doc(store, view, entity, None, prefix=f"{key}[{i}]."),
                        )
                    )
                except ApiError as exc:
                    if exc.status != 422 or not exc.details:
                        raise
                    details.extend(dict(d) for d in exc.details)
            if details:
                raise invalid(details)
            pairs = []
            for supplied, doc in prepared:
                stored = create_doc(store, view, doc)
                pairs.append(
                    pair(supplied if isinstance(supplied, str) else None, stored["sourcedId"])
                )
        return json_response({"sourcedIdPairs": pairs}, 201)

    return handle


def _fill_class_line_item(
    store: Store, parents: list[dict[str, Any]], item: dict[str, Any]
) -> None:
    klass = parents[0]
    item.setdefault("class", {"sourcedId": klass["sourcedId"]})
    if item.get("school") is None and _ref_id(klass.get("school")):
        item["school"] = {"sourcedId": _ref_id(klass.get("school"))}


def _fill_school_line_item(
    store: Store, parents: list[dict[str, Any]], item: dict[str, Any]
) -> None:
    item.setdefault("school", {"sourcedId": parents[0]["sourcedId"]})


def _fill_line_item_result(
    store: Store, parents: list[dict[str, Any]], item: dict[str, Any]
) -> None:
    line_item = parents[0]
    item.setdefault("lineItem", {"sourcedId": line_item["sourcedId"]})
    if item.get("class") is None and _ref_id(line_item.get("class")):
        item["class"] = {"sourcedId": _ref_id(line_item.get("class"))}


def _fill_class_result(store: Store, parents: list[dict[str, Any]], item: dict[str, Any]) -> None:
    item.setdefault("class", {"sourcedId": parents[0]["sourcedId"]})


# --------------------------------------------------------------------------------------------
# Course structure


def _components(structure: Any) -> list[Any]:
    if isinstance(structure, list):
        return structure
    if isinstance(structure, Mapping):
        for key in ("components", "courseComponents", "children"):
            if isinstance(structure.get(key), list):
                return list(structure[key])
        return [v for v in structure.values() if isinstance(v, Mapping)]
    return []


@endpoint
async def create_course_structure(request: Request) -> Response:
    """POST R/courses/structure ``{"course", "courseStructure"}``.

    Emulator decision (the structure's shape is undocumented): ``courseStructure`` is a list of
    course components, or an object holding one under ``components``; each component may nest
    ``children`` (or ``components``/``subComponents``) and list ``componentResources`` (or
    ``resources``) whose items are component-resource objects. Everything is created in one
    transaction; the answer is 201 with the course pair plus the pairs of what was created.
    """
    store = store_of(request)
    body = await read_object(request)
    course_body = body.get("course")
    if not isinstance(course_body, dict):
        raise invalid([{"field": "course", "message": "Required"}])
    supplied = course_body.get("sourcedId")
    component_pairs: list[dict[str, str]] = []
    resource_pairs: list[dict[str, str]] = []
    with store.transaction():
        course = create_doc(
            store, COURSES, prepare_doc(store, COURSES, course_body, None, prefix="course.")
        )
        course_ref = {"sourcedId": course["sourcedId"]}

        def walk(items: list[Any], parent: str | None, path: str) -> None:
            for i, item in enumerate(items):
                where = f"{path}[{i}]."
                if not isinstance(item, Mapping):
                    raise invalid([{"field": where[:-1], "message": "must be an object"}])
                entity = {
                    k: v
                    for k, v in item.items()
                    if k
                    not in (
                        "children",
                        "components",
                        "subComponents",
                        "componentResources",
                        "resources",
                    )
                }
                entity["course"] = course_ref
                if parent:
                    entity.setdefault("parent", {"sourcedId": parent})
                entity.setdefault("title", entity.get("name"))
                doc = prepare_doc(store, COMPONENTS, entity, None, prefix=where)
                stored = create_doc(store, COMPONENTS, doc)
                sid = stored["sourcedId"]
                component_pairs.append(pair(item.get("sourcedId"), sid))
                for key in ("componentResources", "resources"):
                    for j, res in enumerate(item.get(key) or []):
                        if not isinstance(res, Mapping):
                            continue
                        entity_r = {**res, "courseComponent": {"sourcedId": sid}}
                        doc_r = prepare_doc(
                            store, COMPONENT_RESOURCES, entity_r, None, prefix=f"{where}{key}[{j}]."
                        )
                        stored_r = create_doc(store, COMPONENT_RESOURCES, doc_r)
                        resource_pairs.append(pair(res.get("sourcedId"), stored_r["sourcedId"]))
                for key in ("children", "components", "subComponents"):
                    if isinstance(item.get(key), list):
                        walk(item[key], sid, f"{where}{key}")

        walk(_components(body.get("courseStructure")), None, "courseStructure")
    out = {
        "sourcedIdPairs": pair(
            supplied if isinstance(supplied, str) else None, course["sourcedId"]
        ),
        "courseStructure": {"components": component_pairs, "componentResources": resource_pairs},
    }
    return json_response(out, 201)


# --------------------------------------------------------------------------------------------
# Resources: associations and export

_ASSOCIATION_PARENTS = {
    "classes": (CLASSES, "class"),
    "courses": (COURSES, "course"),
    "users": (USERS, "user"),
}


def _assigned_resources(kind: str) -> str:
    sql = (
        "t.sid IN (SELECT json_extract(a.doc, '$.resource.sourcedId')"
        " FROM \"doc_resourceAssignments\" AS a WHERE json_extract(a.doc, '$.parent.sourcedId') = ?"
        f" AND json_extract(a.doc, '$.parentType') = '{kind}')"
    )
    if kind in ("classes", "courses"):
        sql = (
            f"({sql} OR t.sid IN (SELECT json_extract(je.value, '$.sourcedId')"
            f" FROM \"doc_{kind}\" AS p, json_each(p.doc, '$.resources') AS je WHERE p.sid = ?))"
        )
    return sql


def _resources_for(kind: str) -> Handler:
    parent_view, _ = _ASSOCIATION_PARENTS[kind]
    args = ["id", "id"] if kind in ("classes", "courses") else ["id"]
    return _scoped(RESOURCES, [(parent_view, "id")], _assigned_resources(kind), args=args)


def _assignment_id(kind: str, parent: str, resource: str) -> str:
    return json.dumps([kind, parent, resource], separators=(",", ":"))


def _assign(kind: str) -> Handler:
    parent_view, _ = _ASSOCIATION_PARENTS[kind]

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        parent_id = path_param(request, "id")
        body = unwrap(await read_object(request), ("resource",))
        resource_id = body.get("sourcedId")
        if not isinstance(resource_id, str) or not resource_id:
            raise invalid([{"field": "resource.sourcedId", "message": "Required"}])
        assigned = body.get("dateAssigned") or now_iso()
        with store.transaction():
            require(store, parent_view, parent_id)
            require(store, RESOURCES, resource_id)
            store.upsert(
                "resourceAssignments",
                {
                    "sourcedId": _assignment_id(kind, parent_id, resource_id),
                    "parentType": kind,
                    "parent": {"sourcedId": parent_id, "type": parent_view.single_key},
                    "resource": {"sourcedId": resource_id, "type": "resource"},
                    "dateAssigned": assigned,
                },
            )
        if kind == "classes":
            return json_response({"sourcedIdPairs": pair(resource_id, resource_id)}, 201)
        return Response(status_code=201)

    return handle


def _unassign(kind: str) -> Handler:
    parent_view, _ = _ASSOCIATION_PARENTS[kind]

    @endpoint
    async def handle(request: Request) -> Response:
        store = store_of(request)
        parent_id = path_param(request, "id")
        resource_id = path_param(request, "resourceId")
        with store.transaction():
            parent = json.loads(require(store, parent_view, parent_id).doc)
            removed = store.hard_delete(
                "resourceAssignments", _assignment_id(kind, parent_id, resource_id)
            )
            refs = parent.get("resources")
            if kind in ("classes", "courses") and isinstance(refs, list):
                kept = [r for r in refs if _ref_id(r) != resource_id]
                if len(kept) != len(refs):
                    store.patch(parent_view.collection, parent_id, {"resources": kept})
                    removed = True
            if not removed:
                raise not_found("Resource not found.")
        return Response(status_code=204)

    return handle


@endpoint
async def export_resource(request: Request) -> Response:
    """POST X/resources/export/{id}: a Common Cartridge (``.imscc``) zip of the resource."""
    store = store_of(request)
    sid = path_param(request, "id")
    resource = json.loads(require(store, RESOURCES, sid).doc)
    rendered = render_one("resources", resource, base_url(request))
    title = escape(str(resource.get("title", "")))
    ident = "RES-" + re.sub(r"[^A-Za-z0-9_.-]", "_", sid)
    manifest = f"""<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="MANIFEST-{ident}"
  xmlns="http://www.imsglobal.org/xsd/imsccv1p3/imscp_v1p1">
  <metadata><schema>IMS Common Cartridge</schema><schemaversion>1.3.0</schemaversion></metadata>
  <organizations><organization identifier="ORG-1" structure="rooted-hierarchy">
    <item identifier="ROOT"><item identifier="ITEM-1" identifierref="{ident}">
      <title>{title}</title></item></item>
  </organization></organizations>
  <resources>
    <resource identifier="{ident}" type="webcontent" href="resource.json">
      <file href="resource.json"/>
    </resource>
  </resources>
</manifest>
"""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("imsmanifest.xml", manifest)
        archive.writestr("resource.json", json.dumps(rendered, indent=2))
    filename = re.sub(r"[^A-Za-z0-9_.-]", "_", sid) or "resource"
    headers = {"Content-Disposition": f'attachment; filename="{filename}.imscc"'}
    return Response(buffer.getvalue(), 200, headers=headers, media_type="application/zip")


# --------------------------------------------------------------------------------------------
# Route table


def _crud(base: str, view: View, *, patch: bool = True) -> list[tuple[str, dict[str, Handler]]]:
    """Collection and single-entity routes of a view."""
    collection = {"get": list_handler(view)}
    entity = {"get": get_handler(view)}
    if view.writable:
        collection["post"] = create_handler(view)
        entity["put"] = put_handler(view)
        entity["delete"] = delete_handler(view)
        if patch:
            entity["patch"] = patch_handler(view)
    return [(base, collection), (base + "/{id}", entity)]


def _table() -> list[tuple[str, dict[str, Handler]]]:
    school_class = [(SCHOOLS, "schoolId"), (CLASSES, "classId")]
    class_line_item = [(CLASSES, "classId"), (LINE_ITEMS, "lineItemId")]
    return [
        # ---- rostering: users and their sub-resources
        *_crud(f"{R}/users", USERS),
        (
            f"{R}/users/{{id}}/classes",
            {"get": _scoped(CLASSES, [(USERS, "id")], _classes_of_user(None))},
        ),
        (f"{R}/users/{{id}}/demographics", {"get": user_with_demographics}),
        (f"{R}/users/{{id}}/agents", {"get": list_agents, "post": add_agent}),
        (f"{R}/users/{{id}}/agents/{{agentId}}", {"delete": remove_agent}),
        (f"{R}/users/{{id}}/agentFor", {"get": list_agent_for}),
        (f"{R}/users/{{id}}/credentials", {"post": register_credentials}),
        (f"{R}/users/{{id}}/credentials/{{credentialId}}/decrypt", {"post": decrypt_credential}),
        *_crud(f"{R}/students", STUDENTS),
        (
            f"{R}/students/{{id}}/classes",
            {"get": _scoped(CLASSES, [(STUDENTS, "id")], _classes_of_user("student"))},
        ),
        *_crud(f"{R}/teachers", TEACHERS),
        (
            f"{R}/teachers/{{id}}/classes",
            {"get": _scoped(CLASSES, [(TEACHERS, "id")], _classes_of_user("teacher"))},
        ),
        # ---- orgs and schools
        *_crud(f"{R}/orgs", ORGS),
        *_crud(f"{R}/schools", SCHOOLS),
        (
            f"{R}/schools/{{id}}/classes",
            {"get": _scoped(CLASSES, [(SCHOOLS, "id")], _eq("$.school.sourcedId"))},
        ),
        (
            f"{R}/schools/{{id}}/courses",
            {"get": _scoped(COURSES, [(SCHOOLS, "id")], _eq("$.org.sourcedId"))},
        ),
        (
            f"{R}/schools/{{id}}/enrollments",
            {"get": _scoped(ENROLLMENTS, [(SCHOOLS, "id")], _eq("$.school.sourcedId"))},
        ),
        (
            f"{R}/schools/{{id}}/students",
            {"get": _scoped(USERS, [(SCHOOLS, "id")], _school_users("student"))},
        ),
        (
            f"{R}/schools/{{id}}/teachers",
            {"get": _scoped(USERS, [(SCHOOLS, "id")], _school_users("teacher"))},
        ),
        (
            f"{R}/schools/{{id}}/terms",
            {"get": _scoped(TERMS, [(SCHOOLS, "id")], _eq("$.org.sourcedId"))},
        ),
        (
            f"{R}/schools/{{schoolId}}/classes/{{classId}}/enrollments",
            {
                "get": _scoped(
                    ENROLLMENTS,
                    school_class,
                    _eq("$.class.sourcedId"),
                    message="School or class not found.",
                    args=["classId"],
                    check=_class_in_school,
                )
            },
        ),
        (
            f"{R}/schools/{{schoolId}}/classes/{{classId}}/students",
            {
                "get": _scoped(
                    USERS,
                    school_class,
                    _enrolled_users("student"),
                    message="School or class not found.",
                    args=["classId"],
                    check=_class_in_school,
                )
            },
        ),
        (
            f"{R}/schools/{{schoolId}}/classes/{{classId}}/teachers",
            {
                "get": _scoped(
                    USERS,
                    school_class,
                    _enrolled_users("teacher"),
                    message="School or class not found.",
                    args=["classId"],
                    check=_class_in_school,
                )
            },
        ),
        # ---- academic sessions, terms, grading periods
        *_crud(f"{R}/academicSessions", SESSIONS),
        *_crud(f"{R}/terms", TERMS),
        (
            f"{R}/terms/{{id}}/classes",
            {
                "get": _scoped(
                    CLASSES,
                    [(TERMS, "id")],
                    "EXISTS (SELECT 1 FROM json_each(t.doc, '$.terms') AS je"
                    " WHERE json_extract(je.value, '$.sourcedId') = ?)",
                )
            },
        ),
        (
            f"{R}/terms/{{id}}/gradingPeriods",
            {
                "get": _scoped(GRADING_PERIODS, [(TERMS, "id")], _eq("$.parent.sourcedId")),
                "post": create_term_grading_period,
            },
        ),
        *_crud(f"{R}/gradingPeriods", GRADING_PERIODS),
        # ---- classes
        *_crud(f"{R}/classes", CLASSES),
        (
            f"{R}/classes/{{id}}/students",
            {
                "get": _scoped(
                    USERS, [(CLASSES, "id")], _enrolled_users("student"), keys=("students", "users")
                ),
                "post": _scoped_enrollment("student"),
            },
        ),
        (
            f"{R}/classes/{{id}}/teachers",
            {
                "get": _scoped(
                    USERS, [(CLASSES, "id")], _enrolled_users("teacher"), keys=("teachers", "users")
                ),
                "post": _scoped_enrollment("teacher"),
            },
        ),
        (
            f"{R}/classes/{{id}}/enrollments",
            {"get": _scoped(ENROLLMENTS, [(CLASSES, "id")], _eq("$.class.sourcedId"))},
        ),
        # ---- courses (literal segments before {id})
        (f"{R}/courses/structure", {"post": create_course_structure}),
        *_crud(f"{R}/courses/components", COMPONENTS),
        *_crud(f"{R}/courses/component-resources", COMPONENT_RESOURCES),
        *_crud(f"{R}/courses", COURSES),
        (
            f"{R}/courses/{{id}}/classes",
            {"get": _scoped(CLASSES, [(COURSES, "id")], _eq("$.course.sourcedId"))},
        ),
        # ---- enrollments and demographics
        *_crud(f"{R}/enrollments", ENROLLMENTS),
        *_crud(f"{R}/demographics", DEMOGRAPHICS),
        # ---- gradebook
        *_crud(f"{G}/categories", CATEGORIES),
        *_crud(f"{G}/lineItems", LINE_ITEMS),
        (
            f"{G}/lineItems/{{id}}/results",
            {
                "get": _scoped(RESULTS, [(LINE_ITEMS, "id")], _eq("$.lineItem.sourcedId")),
                "post": _bulk_create(
                    RESULTS, "results", [(LINE_ITEMS, "id")], _fill_line_item_result
                ),
            },
        ),
        *_crud(f"{G}/results", RESULTS),
        *_crud(f"{G}/scoreScales", SCORE_SCALES),
        *_crud(f"{G}/assessmentLineItems", ASSESSMENT_LINE_ITEMS),
        *_crud(f"{G}/assessmentResults", ASSESSMENT_RESULTS),
        (
            f"{G}/classes/{{id}}/categories",
            {
                "get": _scoped(
                    CATEGORIES,
                    [(CLASSES, "id")],
                    "t.sid IN (SELECT json_extract(l.doc, '$.category.sourcedId')"
                    ' FROM "doc_lineItems" AS l'
                    " WHERE json_extract(l.doc, '$.class.sourcedId') = ?)",
                )
            },
        ),
        (
            f"{G}/classes/{{id}}/lineItems",
            {
                "get": _scoped(LINE_ITEMS, [(CLASSES, "id")], _eq("$.class.sourcedId")),
                "post": _bulk_create(
                    LINE_ITEMS, "lineItems", [(CLASSES, "id")], _fill_class_line_item
                ),
            },
        ),
        (
            f"{G}/classes/{{id}}/results",
            {"get": _scoped(RESULTS, [(CLASSES, "id")], _RESULTS_OF_CLASS, args=["id", "id"])},
        ),
        (
            f"{G}/classes/{{id}}/scoreScales",
            {"get": _scoped(SCORE_SCALES, [(CLASSES, "id")], _eq("$.class.sourcedId"))},
        ),
        (
            f"{G}/classes/{{classId}}/lineItems/{{lineItemId}}/results",
            {
                "get": _scoped(
                    RESULTS,
                    class_line_item,
                    _eq("$.lineItem.sourcedId"),
                    message="Class or line item not found.",
                    args=["lineItemId"],
                    check=_line_item_in_class,
                )
            },
        ),
        (
            f"{G}/classes/{{classId}}/students/{{studentId}}/results",
            {
                "get": _scoped(
                    RESULTS,
                    [(CLASSES, "classId"), (USERS, "studentId")],
                    f"{_eq('$.student.sourcedId')} AND {_RESULTS_OF_CLASS}",
                    message="Class or student not found.",
                    args=["studentId", "classId", "classId"],
                )
            },
        ),
        (
            f"{G}/classes/{{classId}}/academicSessions/{{sessionId}}/results",
            {
                "post": _bulk_create(
                    RESULTS,
                    "results",
                    [(CLASSES, "classId"), (SESSIONS, "sessionId")],
                    _fill_class_result,
                    "Class or academic session not found.",
                )
            },
        ),
        (
            f"{G}/schools/{{id}}/lineItems",
            {
                "get": _scoped(LINE_ITEMS, [(SCHOOLS, "id")], _eq("$.school.sourcedId")),
                "post": _bulk_create(
                    LINE_ITEMS, "lineItems", [(SCHOOLS, "id")], _fill_school_line_item
                ),
            },
        ),
        (
            f"{G}/schools/{{id}}/scoreScales",
            {
                "get": _scoped(
                    SCORE_SCALES,
                    [(SCHOOLS, "id")],
                    "json_extract(t.doc, '$.class.sourcedId') IN (SELECT c.sid"
                    ' FROM "doc_classes" AS c'
                    " WHERE json_extract(c.doc, '$.school.sourcedId') = ?)",
                )
            },
        ),
        # ---- resources (literal segments before {id})
        (f"{X}/resources/export/{{id}}", {"post": export_resource}),
        *[
            route
            for kind in ("classes", "courses", "users")
            for route in (
                (
                    f"{X}/resources/{kind}/{{id}}/resources",
                    {"get": _resources_for(kind), "post": _assign(kind)},
                ),
                (
                    f"{X}/resources/{kind}/{{id}}/resources/{{resourceId}}",
                    {"delete": _unassign(kind)},
                ),
                # Standard 1EdTech paths, served as aliases.
                (f"{X}/{kind}/{{id}}/resources", {"get": _resources_for(kind)}),
            )
        ],
        *_crud(f"{X}/resources", RESOURCES, patch=True),
    ]


ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]


def build_routes() -> list[BaseRoute]:
    """Starlette routes for every OneRoster endpoint (full paths, no trailing slashes)."""
    routes: list[BaseRoute] = []
    for path, handlers in _table():
        dispatch, _names = methods(**handlers)
        routes.append(Route(path, dispatch, methods=ALL_METHODS))
    return routes


def route_methods() -> list[tuple[str, str]]:
    """(method, path template) pairs served, for documentation and fidelity tests."""
    return [(method.upper(), path) for path, handlers in _table() for method in handlers]
