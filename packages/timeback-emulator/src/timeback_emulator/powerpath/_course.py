"""What PowerPath reads from the OneRoster and QTI stores: course trees, lessons, questions.

A *lesson* is a component resource (its sourcedId is PowerPath's ``lesson``). Its type is the
component resource's ``lessonType`` (``quiz`` when it has none). Its questions are the items of a
QTI assessment test: the one the resource's ``metadata.url`` names (``.../assessment-tests/<id>``),
else the seeded test of the lesson's course (``test-<course>``), else, for a lesson outside any
course, the seeded test of a course of the resource's ``metadata.subject`` and
``metadata.grades``. Its base XP is the resource's ``metadata.xp`` (0 when absent).
"""

from __future__ import annotations

from typing import Any

from timeback_emulator.powerpath._state import NotFound
from timeback_emulator.qti import _bank
from timeback_emulator.qti._seed import slug

__all__ = [
    "base_xp",
    "course_of_lesson",
    "course_or_404",
    "course_tree",
    "lesson_or_404",
    "lesson_type",
    "lessons_of_course",
    "question_items",
    "student_or_404",
]


def q(value: str) -> str:
    """A quoted filter literal."""
    return "'" + value.replace("'", "''") + "'"


def ref_id(value: Any) -> str | None:
    """The sourcedId of a reference (None when absent)."""
    if isinstance(value, dict):
        sid = value.get("sourcedId")
        return sid if isinstance(sid, str) else None
    return None


def course_or_404(store: Any, course_id: str) -> dict[str, Any]:
    """The active course, or NotFound."""
    course = store.get("courses", course_id)
    if course is None or course.get("status") == "tobedeleted":
        raise NotFound(f"Course {course_id} not found")
    return dict(course)


def student_or_404(store: Any, user_id: str) -> dict[str, Any]:
    """The active user, or NotFound."""
    user = store.get("users", user_id)
    if user is None or user.get("status") == "tobedeleted":
        raise NotFound(f"User {user_id} not found")
    return dict(user)


def _order(doc: dict[str, Any]) -> tuple[float, str]:
    return (float(doc.get("sortOrder") or 0), str(doc.get("sourcedId")))


def _components(store: Any, course_id: str) -> list[dict[str, Any]]:
    found = store.find(
        "courseComponents", filter=f"course.sourcedId={q(course_id)} AND status='active'"
    )
    return sorted(found, key=_order)


def _resources_of(store: Any, component_id: str) -> list[dict[str, Any]]:
    found = store.find(
        "componentResources",
        filter=f"courseComponent.sourcedId={q(component_id)} AND status='active'",
    )
    out = []
    for cr in sorted(found, key=_order):
        node = dict(cr)
        resource_id = ref_id(cr.get("resource"))
        resource = store.get("resources", resource_id) if resource_id else None
        node["resource"] = resource if resource is not None else cr.get("resource")
        out.append(node)
    return out


def course_tree(store: Any, course_id: str) -> dict[str, Any]:
    """``{"course": ..., "subComponents": [...]}``: units, their lessons and resources."""
    course = course_or_404(store, course_id)
    components = _components(store, course_id)
    children: dict[str | None, list[dict[str, Any]]] = {}
    for component in components:
        children.setdefault(ref_id(component.get("parent")), []).append(component)

    def node(component: dict[str, Any]) -> dict[str, Any]:
        out = dict(component)
        out["subComponents"] = [node(c) for c in children.get(component["sourcedId"], [])]
        out["componentResources"] = _resources_of(store, component["sourcedId"])
        return out

    return {"course": course, "subComponents": [node(c) for c in children.get(None, [])]}


def lessons_of_course(store: Any, course_id: str) -> list[dict[str, Any]]:
    """Every lesson (component resource, resource embedded) of a course, in tree order."""
    out: list[dict[str, Any]] = []

    def walk(nodes: list[dict[str, Any]]) -> None:
        for node in nodes:
            out.extend(node["componentResources"])
            walk(node["subComponents"])

    walk(course_tree(store, course_id)["subComponents"])
    return out


def lesson_or_404(store: Any, lesson_id: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The lesson's component resource and its resource, or NotFound."""
    cr = store.get("componentResources", lesson_id)
    if cr is None or cr.get("status") == "tobedeleted":
        raise NotFound(f"Lesson {lesson_id} not found")
    resource_id = ref_id(cr.get("resource"))
    resource = store.get("resources", resource_id) if resource_id else None
    if resource is None:
        raise NotFound(f"Resource of lesson {lesson_id} not found")
    return dict(cr), dict(resource)


def course_of_lesson(store: Any, cr: dict[str, Any]) -> str | None:
    """The course a lesson belongs to (None for an unlisted lesson)."""
    component_id = ref_id(cr.get("courseComponent"))
    component = store.get("courseComponents", component_id) if component_id else None
    return ref_id(component.get("course")) if component else None


def lesson_type(cr: dict[str, Any]) -> str:
    """The lesson's type: its ``lessonType``, else ``quiz``."""
    kind = cr.get("lessonType") or (cr.get("metadata") or {}).get("lessonType")
    return str(kind) if kind else "quiz"


def base_xp(resource: dict[str, Any]) -> float:
    """The resource's base XP (``metadata.xp``), 0 when absent."""
    value = (resource.get("metadata") or {}).get("xp")
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def _test_identifier(store: Any, cr: dict[str, Any], resource: dict[str, Any]) -> str | None:
    metadata = resource.get("metadata") or {}
    url = metadata.get("url")
    if isinstance(url, str) and "/assessment-tests/" in url:
        return url.rstrip("/").rsplit("/", 1)[-1]
    course_id = course_of_lesson(store, cr)
    if course_id is None:
        subject, grades = metadata.get("subject"), metadata.get("grades") or []
        for course in store.find("courses", filter="status='active'"):
            if subject in (course.get("subjects") or []) and (
                not grades or set(map(str, grades)) & set(map(str, course.get("grades") or []))
            ):
                course_id = course["sourcedId"]
                break
    return f"test-{slug(course_id)}" if course_id else None


def question_items(
    store: Any, cr: dict[str, Any], resource: dict[str, Any]
) -> list[dict[str, Any]]:
    """The QTI items of a lesson's test, in test order (NotFound when it has none)."""
    identifier = _test_identifier(store, cr, resource)
    test = _bank.get(store, "test", identifier) if identifier else None
    items: list[dict[str, Any]] = []
    for part in (test or {}).get("qti-test-part") or []:
        for section in part.get("qti-assessment-section") or []:
            for ref in section.get("qti-assessment-item-ref") or []:
                item = _bank.get(store, "item", str(ref.get("identifier")))
                if item is not None:
                    items.append(item)
    if not items:
        raise NotFound(f"Lesson {cr['sourcedId']} has no QTI questions")
    return items
