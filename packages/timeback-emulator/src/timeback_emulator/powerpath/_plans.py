"""Lesson plans: a snapshot of the course tree plus a log of operations replayed over it.

Emulator decisions: a plan's id is ``lp-<n>``; creating a plan for a course and user that have one
returns it. The tree served is the snapshot with every logged operation applied in order.
``operations/sync`` replays the log (nothing else changes); ``recreate`` takes a new snapshot of
the course as it is now and replays the log; ``course/{courseId}/sync`` recreates every plan of
the course. Operations naming an item the tree no longer has are kept and reported as failed.
"""

from __future__ import annotations

import copy
from typing import Any

from timeback_emulator.powerpath import _state
from timeback_emulator.powerpath._course import course_tree, student_or_404
from timeback_emulator.powerpath._state import Invalid, NotFound

OPERATION_TYPES = (
    "set-skipped",
    "add-custom-resource",
    "move-item-before",
    "move-item-after",
    "move-item-to-start",
    "move-item-to-end",
    "change-item-parent",
)


def create(store: Any, course_id: str, user_id: str, class_id: str | None) -> tuple[str, bool]:
    """The plan's id, and whether it was created now."""
    tree = course_tree(store, course_id)
    student_or_404(store, user_id)
    for plan in _state.all_of(store, "plan"):
        if plan["courseId"] == course_id and plan["userId"] == user_id:
            return str(plan["id"]), False
    plan_id = f"lp-{_state.next_number(store, 'plan')}"
    _state.put(
        store,
        "plan",
        plan_id,
        {
            "id": plan_id,
            "courseId": course_id,
            "userId": user_id,
            "classId": class_id,
            "createdAt": _state.now(),
            "snapshot": tree,
            "operations": [],
        },
    )
    return plan_id, True


def plan_or_404(store: Any, plan_id: str) -> dict[str, Any]:
    """The stored plan, or NotFound."""
    plan = _state.get(store, "plan", plan_id)
    if plan is None:
        raise NotFound(f"Lesson plan {plan_id} not found")
    return plan


def plan_for(store: Any, course_id: str, user_id: str) -> dict[str, Any]:
    """The plan of a course and user, or NotFound."""
    for plan in _state.all_of(store, "plan"):
        if plan["courseId"] == course_id and plan["userId"] == user_id:
            return plan
    raise NotFound(f"No lesson plan for course {course_id} and user {user_id}")


def _find(
    nodes: list[dict[str, Any]], kind: str, item_id: str
) -> tuple[list[dict[str, Any]], int] | None:
    key = "subComponents" if kind == "component" else "componentResources"
    for node in nodes:
        items = node.get(key) or []
        for index, item in enumerate(items):
            if item.get("sourcedId") == item_id:
                return items, index
        found = _find(node.get("subComponents") or [], kind, item_id)
        if found is not None:
            return found
    if kind == "component":
        for index, node in enumerate(nodes):
            if node.get("sourcedId") == item_id:
                return nodes, index
    return None


def _component(nodes: list[dict[str, Any]], component_id: str) -> dict[str, Any] | None:
    for node in nodes:
        if node.get("sourcedId") == component_id:
            return node
        found = _component(node.get("subComponents") or [], component_id)
        if found is not None:
            return found
    return None


def apply(store: Any, tree: dict[str, Any], operation: dict[str, Any]) -> str | None:
    """Apply one operation to ``tree`` in place; the reason it failed, or None."""
    kind, payload = operation.get("type"), operation.get("payload") or {}
    roots = tree["subComponents"]
    if kind == "add-custom-resource":
        parent = _component(roots, str(payload.get("parent_component_id")))
        resource = store.get("resources", str(payload.get("resource_id")))
        if parent is None or resource is None:
            return "unknown parent component or resource"
        parent.setdefault("componentResources", []).append(
            {
                "sourcedId": f"custom-{resource['sourcedId']}",
                "title": resource.get("title"),
                "resource": resource,
                "skipped": bool(payload.get("skipped", False)),
                "custom": True,
            }
        )
        return None
    target = payload.get("target") or {}
    found = _find(roots, str(target.get("type")), str(target.get("id")))
    if found is None:
        return f"item {target.get('id')} not found"
    siblings, index = found
    if kind == "set-skipped":
        siblings[index]["skipped"] = bool(payload.get("value"))
        return None
    if kind in ("move-item-to-start", "move-item-to-end"):
        item = siblings.pop(index)
        siblings.insert(0 if kind.endswith("start") else len(siblings), item)
        return None
    if kind in ("move-item-before", "move-item-after"):
        item = siblings.pop(index)
        positions = [
            i for i, s in enumerate(siblings) if s.get("sourcedId") == payload.get("reference_id")
        ]
        if not positions:
            siblings.insert(index, item)
            return f"reference {payload.get('reference_id')} is not a sibling"
        siblings.insert(positions[0] + (1 if kind.endswith("after") else 0), item)
        return None
    if kind == "change-item-parent":
        parent = _component(roots, str(payload.get("new_parent_id")))
        if parent is None:
            return f"parent {payload.get('new_parent_id')} not found"
        item = siblings.pop(index)
        key = "subComponents" if target.get("type") == "component" else "componentResources"
        children = parent.setdefault(key, [])
        children.insert(0 if payload.get("position") == "start" else len(children), item)
        return None
    return f"unknown operation type {kind}"


def replay(store: Any, plan: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The plan's tree with its log applied, and one outcome per operation."""
    tree = copy.deepcopy(plan["snapshot"])
    outcomes = []
    for operation in plan["operations"]:
        failure = apply(store, tree, operation)
        outcomes.append(
            {"success": True}
            if failure is None
            else {"success": False, "errors": [{"message": failure}]}
        )
    return tree, outcomes


def store_operation(store: Any, plan_id: str, operation: Any, reason: Any) -> dict[str, Any]:
    """Log an operation (refused when its type is unknown)."""
    plan = plan_or_404(store, plan_id)
    if not isinstance(operation, dict) or operation.get("type") not in OPERATION_TYPES:
        raise Invalid(f"operation.type must be one of {', '.join(OPERATION_TYPES)}")
    operation_id = f"op-{_state.next_number(store, 'operation')}"
    plan["operations"].append(
        {
            "id": operation_id,
            "type": operation["type"],
            "payload": operation.get("payload") or {},
            "reason": reason if isinstance(reason, str) else None,
            "createdAt": _state.now(),
            "sequenceNumber": len(plan["operations"]) + 1,
            "createdBy": None,
        }
    )
    _state.put(store, "plan", plan_id, plan)
    return {"success": True, "message": "Operation stored", "operationId": operation_id}


def sync(store: Any, plan_id: str, *, recreate: bool) -> dict[str, Any]:
    """Replay the log (after a new snapshot when ``recreate``)."""
    plan = plan_or_404(store, plan_id)
    if recreate:
        plan["snapshot"] = course_tree(store, plan["courseId"])
        _state.put(store, "plan", plan_id, plan)
    _tree, outcomes = replay(store, plan)
    return {
        "success": all(o["success"] for o in outcomes),
        "message": "Lesson plan recreated" if recreate else "Operations synced",
        "operationCount": len(outcomes),
        "operationResults": outcomes,
    }


def structure(store: Any, plan: dict[str, Any]) -> dict[str, Any]:
    """The plan's structure: ids, titles, order, skipped flags."""
    tree, _ = replay(store, plan)

    def node(component: dict[str, Any]) -> dict[str, Any]:
        return {
            "type": "component",
            "id": component.get("sourcedId"),
            "title": component.get("title"),
            "skipped": bool(component.get("skipped", False)),
            "children": [node(c) for c in component.get("subComponents") or []]
            + [
                {
                    "type": "resource",
                    "id": r.get("sourcedId"),
                    "title": r.get("title"),
                    "skipped": bool(r.get("skipped", False)),
                }
                for r in component.get("componentResources") or []
            ],
        }

    return {
        "id": plan["id"],
        "courseId": plan["courseId"],
        "courseTitle": tree["course"].get("title"),
        "structure": [node(c) for c in tree["subComponents"]],
    }
