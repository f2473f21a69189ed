"""The OneRoster entities the emulator serves (views over the store) and the side effects of
writing them (parents' ``children``, an enrollment's school, users' profiles)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from timeback_emulator._store import Store
from timeback_emulator.oneroster._views import (
    HOOKS,
    Hooks,
    View,
)

# --------------------------------------------------------------------------------------------
# Views


def _plain(collection: str, single_key: str, label: str, **options: Any) -> View:
    """A view of a whole collection, listed under its own name, written under `single_key`."""
    return View(collection, collection, single_key, label, (single_key,), **options)


def _upserted(collection: str, single_key: str, label: str) -> View:
    """A gradebook view whose PUT creates or replaces (201)."""
    return _plain(collection, single_key, label, put_mode="upsert", put_status=201)


USERS = _plain("users", "user", "User")
STUDENTS = View(
    "users", "users", "user", "Student", base_filter="roles.role='student'", writable=False
)
TEACHERS = View(
    "users", "users", "user", "Teacher", base_filter="roles.role='teacher'", writable=False
)
ORGS = _plain("orgs", "org", "Org", put_status=201)
SCHOOLS = View(
    "orgs",
    "orgs",
    "org",
    "School",
    ("org", "school"),
    base_filter="type='school'",
    defaults={"type": "school"},
)
SESSIONS = _plain("academicSessions", "academicSession", "Academic session")
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
CLASSES = _plain("classes", "class", "Class")
COURSES = _plain("courses", "course", "Course")
COMPONENTS = _plain("courseComponents", "courseComponent", "Course component")
COMPONENT_RESOURCES = _plain("componentResources", "componentResource", "Component resource")
ENROLLMENTS = _plain("enrollments", "enrollment", "Enrollment", put_status=201)
DEMOGRAPHICS = _plain("demographics", "demographics", "Demographics")

CATEGORIES = _upserted("categories", "category", "Category")
LINE_ITEMS = _upserted("lineItems", "lineItem", "Line item")
RESULTS = _upserted("results", "result", "Result")
SCORE_SCALES = _upserted("scoreScales", "scoreScale", "Score scale")
ASSESSMENT_LINE_ITEMS = _upserted(
    "assessmentLineItems", "assessmentLineItem", "Assessment line item"
)
ASSESSMENT_RESULTS = _upserted("assessmentResults", "assessmentResult", "Assessment result")
RESOURCES = _plain("resources", "resource", "Resource")


# --------------------------------------------------------------------------------------------
# Write side effects


def ref_id(value: Any) -> str | None:
    if isinstance(value, Mapping):
        sid = value.get("sourcedId")
        return sid if isinstance(sid, str) else None
    return None


def _sync_children(collection: str, ref_type: str) -> Hooks:
    """Keep ``parent.children`` in step with each document's ``parent``."""

    def after(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
        sid = doc["sourcedId"]
        new_parent = ref_id(doc.get("parent"))
        old_parent = ref_id(previous.get("parent")) if previous else None
        if old_parent and old_parent != new_parent:
            parent = store.get(collection, old_parent)
            if parent is not None:
                children = [c for c in parent.get("children") or [] if ref_id(c) != sid]
                store.patch(collection, old_parent, {"children": children})
        if new_parent:
            parent = store.get(collection, new_parent)
            if parent is not None:
                children = list(parent.get("children") or [])
                if all(ref_id(c) != sid for c in children):
                    children.append({"sourcedId": sid, "type": ref_type})
                    store.patch(collection, new_parent, {"children": children})

    def prepare(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
        # ``children`` is derived from the children's ``parent``: a PUT without it keeps it.
        if previous is not None and "children" not in doc and previous.get("children"):
            doc["children"] = previous["children"]

    return Hooks(prepare=prepare, after=after)


def _enrollment_school(store: Store, doc: dict[str, Any], previous: dict[str, Any] | None) -> None:
    if doc.get("school") is None:
        class_id = ref_id(doc.get("class"))
        klass = store.get("classes", class_id) if class_id else None
        school = klass.get("school") if klass else None
        if ref_id(school):
            doc["school"] = {"sourcedId": ref_id(school), "type": "org"}
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
