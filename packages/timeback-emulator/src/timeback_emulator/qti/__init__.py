"""The emulator's QTI 3.0 service, at the root of the one origin (like the service's own host).

Every operation of the QTI API: stimuli, assessment items (with metadata and response
processing), assessment tests with their parts, sections and item references, question and
lesson feedback, and XML validation. Lists are page-based (``page``, ``limit``, ``sort``,
``order``, ``query``, ``filter``) with ``total`` and ``pages``. Every XML document is parsed
with no DTDs, no entities and no fetches; hostile XML answers 400 and nothing is stored.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.routing import BaseRoute

from timeback_emulator._http import grouped_routes
from timeback_emulator._openapi import OBJECT, described, json_content
from timeback_emulator._openapi import operation as openapi_operation
from timeback_emulator.qti import _bank
from timeback_emulator.qti import _routes as r
from timeback_emulator.qti._seed import seed_bank

__all__ = ["OPENAPI_OPERATIONS", "ensure_schema", "routes", "score_stored_item", "seed_bank"]

_T = "/assessment-tests/{assessmentTestIdentifier}"
_P = _T + "/test-parts/{testPartIdentifier}"
_S = _P + "/sections/{identifier}"

# (method, path, handler, operationId of the QTI API)
_OPERATIONS: tuple[tuple[str, str, Any, str], ...] = (
    ("GET", "/stimuli", r.search_stimuli, "searchStimuli"),
    ("POST", "/stimuli", r.create_stimulus, "createStimulus"),
    ("GET", "/stimuli/{identifier}", r.get_stimulus, "getStimulus"),
    ("PUT", "/stimuli/{identifier}", r.update_stimulus, "updateStimulus"),
    ("DELETE", "/stimuli/{identifier}", r.delete_stimulus, "deleteStimulus"),
    ("GET", "/assessment-items", r.search_items, "searchAssessmentItems"),
    ("POST", "/assessment-items", r.create_item, "createAssessmentItem"),
    ("POST", "/assessment-items/metadata", r.update_item_metadata, "updateMetadata"),
    ("GET", "/assessment-items/{identifier}", r.get_item, "getAssessmentItem"),
    ("PUT", "/assessment-items/{identifier}", r.update_item, "updateAssessmentItem"),
    ("DELETE", "/assessment-items/{identifier}", r.delete_item, "deleteAssessmentItem"),
    (
        "POST",
        "/assessment-items/{identifier}/process-response",
        r.process_response,
        "processResponse",
    ),
    ("GET", "/assessment-tests", r.search_tests, "searchAssessmentTests"),
    ("POST", "/assessment-tests", r.create_test, "createAssessmentTest"),
    ("GET", "/assessment-tests/{identifier}", r.get_test, "getAssessmentTest"),
    ("PUT", "/assessment-tests/{identifier}", r.update_test, "updateAssessmentTest"),
    ("DELETE", "/assessment-tests/{identifier}", r.delete_test, "deleteAssessmentTest"),
    ("GET", "/assessment-tests/{identifier}/questions", r.get_all_questions, "getAllQuestions"),
    (
        "PUT",
        "/assessment-tests/{identifier}/metadata",
        r.update_test_metadata,
        "updateAssessmentTestMetadata",
    ),
    ("GET", _T + "/test-parts", r.search_test_parts, "searchTestParts"),
    ("POST", _T + "/test-parts", r.create_test_part, "createTestPart"),
    ("GET", _T + "/test-parts/{identifier}", r.get_test_part, "getTestPart"),
    ("PUT", _T + "/test-parts/{identifier}", r.update_test_part, "updateTestPart"),
    ("DELETE", _T + "/test-parts/{identifier}", r.delete_test_part, "deleteTestPart"),
    ("GET", _P + "/sections", r.search_sections, "searchSections"),
    ("POST", _P + "/sections", r.create_section, "createSection"),
    ("GET", _S, r.get_section, "getSection"),
    ("PUT", _S, r.update_section, "updateSection"),
    ("DELETE", _S, r.delete_section, "deleteSection"),
    ("POST", _S + "/items", r.add_section_item, "addAssessmentItem"),
    ("PUT", _S + "/items/order", r.order_section_items, "updateAssessmentItemOrder"),
    ("DELETE", _S + "/items/{itemIdentifier}", r.remove_section_item, "removeAssessmentItem"),
    ("POST", "/question", r.create_question_feedback, "createQuestionFeedback"),
    ("POST", "/lesson", r.create_lesson_feedback, "createLessonFeedback"),
    ("GET", "/lesson/{lessonId}", r.get_lesson_feedback, "getFeedbackByLessonId"),
    ("POST", "/validate", r.validate_xml, "validateXml"),
    ("POST", "/validate/batch", r.validate_batch, "validateBatch"),
    # Last: a one-segment catch-all for DELETE, matched after every other route.
    ("DELETE", "/{id}", r.delete_feedback, "deleteFeedback"),
)


def routes() -> list[BaseRoute]:
    """The QTI routes (registered without trailing slashes)."""
    return list(grouped_routes((m, p, h) for m, p, h, _ in _OPERATIONS))


def score_stored_item(
    store: Any, identifier: str, response: str | list[str]
) -> dict[str, Any] | None:
    """Score a response to a stored item exactly as ``process-response`` does (for PowerPath).

    Returns:
        ``{"score", "feedback": {"identifier", "value"}}``, or None when there is no such item.
    """
    from timeback_emulator.qti._scoring import score_response

    item = _bank.get(store, "item", identifier)
    return None if item is None else score_response(item, response)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the QTI tables when missing."""
    _bank.ensure_schema(conn)


# -- OpenAPI ----------------------------------------------------------------------------------

_ERROR: dict[str, Any] = {
    "type": "object",
    "required": ["error", "message"],
    "properties": {"error": {"type": "string"}, "message": {"type": "string"}},
}
_PAGE: dict[str, Any] = {
    "type": "object",
    "required": ["items", "total", "page", "pages", "limit", "sort", "order"],
    "properties": {
        "items": {"type": "array", "items": OBJECT},
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "pages": {"type": "integer"},
        "limit": {"type": "integer"},
        "sort": {"type": "string"},
        "order": {"type": "string", "enum": ["asc", "desc"]},
    },
}


def _query(sorts: tuple[str, ...], *, filterable: bool) -> list[dict[str, Any]]:
    parameters: list[dict[str, Any]] = [
        {"name": "query", "in": "query", "schema": {"type": "string"}},
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": list(sorts)}},
        {"name": "order", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
    ]
    if filterable:
        parameters.append({"name": "filter", "in": "query", "schema": {"type": "string"}})
    return parameters


_SEARCHES = {
    "searchStimuli": _query(r.STIMULUS_SORTS, filterable=False),
    "searchAssessmentItems": _query(r.ITEM_SORTS, filterable=True),
    "searchAssessmentTests": _query(r.TEST_SORTS, filterable=True),
    "searchTestParts": _query(r.POSITION_SORTS, filterable=True),
    "searchSections": _query(r.POSITION_SORTS, filterable=False),
}


def _describe(method: str, path: str, handler: Any, operation_id: str) -> dict[str, Any]:
    success = {"POST": "201", "DELETE": "204"}.get(method, "200")
    if operation_id in ("processResponse", "validateXml", "validateBatch"):
        success = "200"
    if operation_id in ("deleteSection", "deleteFeedback"):
        success = "200"
    schema: dict[str, Any] = _PAGE if operation_id in _SEARCHES else OBJECT
    if operation_id == "getFeedbackByLessonId":
        schema = {"type": "array", "items": OBJECT}
    responses: dict[str, Any] = {
        success: {"description": "Success"}
        if success == "204"
        else {"description": "Success", "content": json_content(schema)},
        "400": {"description": "Invalid request or XML", "content": json_content(_ERROR)},
        "404": {"description": "Not found", "content": json_content(OBJECT)},
    }
    if method in ("POST", "PUT"):
        responses["409"] = {
            "description": "Identifier already exists",
            "content": json_content(_ERROR),
        }
    operation: dict[str, Any] = openapi_operation(operation_id, handler, "qti", responses)
    if operation_id in _SEARCHES:
        operation["parameters"] = _SEARCHES[operation_id]
    if method in ("POST", "PUT"):
        content = json_content(OBJECT)
        if operation_id in ("createAssessmentTest", "updateAssessmentTest"):
            content["application/xml"] = {"schema": {"type": "string"}}
        operation["requestBody"] = {"required": True, "content": content}
    return operation


OPENAPI_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = described(_OPERATIONS, _describe)
