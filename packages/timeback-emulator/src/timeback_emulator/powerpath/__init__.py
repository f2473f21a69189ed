"""The emulator's PowerPath service (``/powerpath/...`` on the API origin).

All 45 operations of PowerPath, computed over the emulator's OneRoster and QTI stores: lesson
plans that mirror a course's components and resources (with their operations log), the lesson
mastery question loop serving the lesson's QTI items and scoring through QTI response processing,
assessment results with XP, accuracy and mastered units written to OneRoster, placement from the
student's finalised test-outs, screening sessions, test-outs, external and internal tests, and
test assignments (one, bulk, imported from a CSV ``data:`` URL). The decisions the references
leave open are written in each module's docstring and in the emulator README.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.routing import BaseRoute

from timeback_emulator._http import grouped_routes
from timeback_emulator._openapi import OBJECT, described, json_content
from timeback_emulator._openapi import operation as openapi_operation
from timeback_emulator.powerpath import _routes as r
from timeback_emulator.powerpath._state import ensure_schema as _ensure_schema

__all__ = ["OPENAPI_OPERATIONS", "OPERATION_IDS", "ensure_schema", "routes"]

P = "/powerpath"
LP = P + "/lessonPlans"
TA = P + "/test-assignments"

# (method, path, handler, operationId). Specific paths come before the ones with parameters in
# the same places (``tree/{id}`` before ``{courseId}/{userId}``): the router takes the first match.
_OPERATIONS: tuple[tuple[str, str, Any, str], ...] = (
    (
        "GET",
        P + "/placement/getAllPlacementTests",
        r.get_all_placement_tests,
        "getAllPlacementTests",
    ),
    ("GET", P + "/placement/getCurrentLevel", r.get_current_level, "getCurrentLevel"),
    (
        "GET",
        P + "/placement/getNextPlacementTest",
        r.get_next_placement_test,
        "getNextPlacementTest",
    ),
    ("GET", P + "/placement/getSubjectProgress", r.get_subject_progress, "getSubjectProgress"),
    ("POST", P + "/placement/resetUserPlacement", r.reset_user_placement, "resetUserPlacement"),
    ("GET", P + "/placement/{studentId}", r.get_student_placement_data, "getStudentPlacementData"),
    ("GET", P + "/screening/results/{userId}", r.get_screening_results, "getResults"),
    ("POST", P + "/screening/session/reset", r.reset_screening_session, "resetSession"),
    ("GET", P + "/screening/session/{userId}", r.get_screening_session, "getSession"),
    ("POST", P + "/screening/tests/assign", r.assign_screening_test, "assignTest"),
    (
        "POST",
        P + "/createExternalPlacementTest",
        r.create_external_placement_test,
        "createExternalPlacementTest",
    ),
    ("POST", P + "/createExternalTestOut", r.create_external_test_out, "createExternalTestOut"),
    ("POST", P + "/createInternalTest", r.create_internal_test, "createInternalTest"),
    (
        "GET",
        P + "/importExternalTestAssignmentResults",
        r.import_external_results,
        "importExternalTestAssignmentResults",
    ),
    (
        "POST",
        P + "/makeExternalTestAssignment",
        r.make_external_test_assignment,
        "makeExternalTestAssignment",
    ),
    ("GET", P + "/testOut", r.test_out, "testOut"),
    ("POST", LP, r.create_lesson_plan, "createLessonPlan"),
    ("POST", LP + "/startTestOut", r.start_test_out, "startTestOut"),
    (
        "POST",
        LP + "/updateStudentItemResponse",
        r.update_item_response,
        "updateStudentItemResponse",
    ),
    ("GET", LP + "/tree/{lessonPlanId}", r.get_lesson_plan, "getLessonPlan"),
    (
        "GET",
        LP + "/tree/{lessonPlanId}/structure",
        r.get_lesson_plan_structure,
        "getLessonPlanStructure",
    ),
    ("POST", LP + "/course/{courseId}/sync", r.sync_course_lesson_plans, "SyncCourseLessonPlans"),
    (
        "GET",
        LP + "/getCourseProgress/{courseId}/student/{studentId}",
        r.get_course_progress,
        "getCourseProgress",
    ),
    ("GET", LP + "/{lessonPlanId}/operations", r.get_operations, "getOperations"),
    ("POST", LP + "/{lessonPlanId}/operations", r.store_operation, "storeOperation"),
    ("POST", LP + "/{lessonPlanId}/operations/sync", r.sync_operations, "syncOperations"),
    ("POST", LP + "/{lessonPlanId}/recreate", r.recreate_lesson_plan, "recreateLessonPlan"),
    ("DELETE", LP + "/{courseId}/deleteAll", r.delete_lesson_plans, "deleteLessonPlansByCourseId"),
    ("GET", LP + "/{courseId}/{userId}", r.get_tree, "getTree"),
    ("GET", P + "/syllabus/{courseSourcedId}", r.get_course_syllabus, "getCourseSyllabus"),
    ("POST", P + "/createNewAttempt", r.create_new_attempt, "createNewAttempt"),
    (
        "POST",
        P + "/finalStudentAssessmentResponse",
        r.final_response,
        "finalStudentAssessmentResponse",
    ),
    ("GET", P + "/getAssessmentProgress", r.get_assessment_progress, "getAssessmentProgress"),
    ("GET", P + "/getAttempts", r.get_attempts, "getAttempts"),
    ("GET", P + "/getNextQuestion", r.get_next_question, "getNextQuestion"),
    ("POST", P + "/resetAttempt", r.reset_attempt, "resetAttempt"),
    (
        "PUT",
        P + "/updateStudentQuestionResponse",
        r.update_question_response,
        "updateStudentQuestionResponse",
    ),
    ("GET", TA + "/admin", r.list_all_test_assignments, "listAllTestAssignments"),
    ("POST", TA + "/bulk", r.create_bulk_test_assignments, "createBulkTestAssignments"),
    ("POST", TA + "/import", r.import_test_assignments, "importTestAssignments"),
    ("GET", TA, r.list_student_test_assignments, "listStudentTestAssignments"),
    ("POST", TA, r.create_test_assignment, "createTestAssignment"),
    ("GET", TA + "/{id}", r.get_test_assignment, "getTestAssignment"),
    ("PUT", TA + "/{id}", r.update_test_assignment, "updateTestAssignment"),
    ("DELETE", TA + "/{id}", r.delete_test_assignment, "deleteTestAssignment"),
)

OPERATION_IDS: tuple[str, ...] = tuple(op for _m, _p, _h, op in _OPERATIONS)
"""The operationIds served, one per operation of the PowerPath references (45)."""


def routes() -> list[BaseRoute]:
    """The PowerPath routes (registered without trailing slashes)."""
    return list(grouped_routes((m, p, h) for m, p, h, _ in _OPERATIONS))


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the PowerPath table when missing."""
    _ensure_schema(conn)


# -- OpenAPI ----------------------------------------------------------------------------------

_MESSAGE: dict[str, Any] = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
}
_ID: dict[str, Any] = {"type": "string", "minLength": 1}
_QUERY: dict[str, tuple[tuple[str, bool], ...]] = {
    "getAllPlacementTests": (("student", True), ("subject", True)),
    "getCurrentLevel": (("student", True), ("subject", True)),
    "getNextPlacementTest": (("student", True), ("subject", True)),
    "getSubjectProgress": (("student", True), ("subject", True)),
    "importExternalTestAssignmentResults": (
        ("student", True),
        ("lesson", True),
        ("applicationName", False),
    ),
    "testOut": (("student", True), ("course", True)),
    "getCourseProgress": (("lessonId", False),),
    "getAssessmentProgress": (("student", True), ("lesson", True), ("attempt", False)),
    "getAttempts": (("student", True), ("lesson", True)),
    "getNextQuestion": (("student", True), ("lesson", True)),
    "listAllTestAssignments": (
        ("limit", False),
        ("offset", False),
        ("student", False),
        ("status", False),
        ("subject", False),
        ("grade", False),
    ),
    "listStudentTestAssignments": (
        ("limit", False),
        ("offset", False),
        ("student", True),
        ("status", False),
        ("subject", False),
        ("grade", False),
    ),
}
_INTEGER_QUERY = {"limit", "offset", "attempt"}


def _describe(method: str, path: str, handler: Any, operation_id: str) -> dict[str, Any]:
    success = "200"
    if operation_id in (
        "deleteLessonPlansByCourseId",
        "resetSession",
        "updateTestAssignment",
        "deleteTestAssignment",
    ):
        success = "204"
    elif operation_id in ("storeOperation", "updateStudentItemResponse"):
        success = "201"
    responses: dict[str, Any] = {
        success: {"description": "Success"}
        if success == "204"
        else {
            "description": "Success",
            "content": json_content(OBJECT if operation_id != "assignTest" else {"type": "array"}),
        },
        "400": {"description": "Invalid request", "content": json_content(_MESSAGE)},
        "404": {"description": "Not found", "content": json_content(_MESSAGE)},
    }
    if operation_id == "createLessonPlan":
        responses["201"] = {"description": "Created", "content": json_content(OBJECT)}
    operation: dict[str, Any] = openapi_operation(operation_id, handler, "powerpath", responses)
    parameters = [
        {"name": name, "in": "query", "required": required,
         "schema": {"type": "integer", "minimum": 1} if name in _INTEGER_QUERY else _ID}
        for name, required in _QUERY.get(operation_id, ())
    ]  # fmt: skip
    if parameters:
        operation["parameters"] = parameters
    if method in ("POST", "PUT") and operation_id not in (
        "syncOperations",
        "recreateLessonPlan",
        "SyncCourseLessonPlans",
    ):
        operation["requestBody"] = {"required": True, "content": json_content(OBJECT)}
    return operation


OPENAPI_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = described(_OPERATIONS, _describe)
