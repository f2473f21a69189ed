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
