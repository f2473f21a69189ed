"""Edubridge routes of the emulator.

Errors are Edubridge's: validation failures answer 400 with ``{"errors": [{"message", "detail",
"meta": {"issues": [{"path", "message"}, ...]}}]}`` listing every issue; unknown records answer
404 ``{"message": ...}``. Path parameters are percent-decoded exactly once.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.routing import BaseRoute

from timeback_emulator._config import EmulatorConfig
from timeback_emulator._http import grouped_routes
from timeback_emulator._openapi import OBJECT, json_content
from timeback_emulator.edubridge import _analytics, _enroll, _misc, _tracks, _users
from timeback_emulator.edubridge._catalog import CATALOG_GRADES, CATALOG_SUBJECTS

__all__ = ["OPENAPI_OPERATIONS", "ensure_schema", "routes", "seed_extras"]

E = "/edubridge"


def routes() -> list[BaseRoute]:
    """The Edubridge routes (registered without trailing slashes)."""
    return list(grouped_routes((m, p, h) for m, p, h, _ in _OPERATIONS))


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the Edubridge tables when missing."""
    _tracks.ensure_schema(conn)


def seed_extras(store: Any, config: EmulatorConfig) -> int:
    """Seed subject tracks: one global track per (subject, grade) of the seeded courses, and one
    campus track for the first school. Returns how many tracks were written."""
    from timeback_emulator.caliper._seed import timeback_subject

    written = 0
    seen: set[tuple[str, str]] = set()
    first_campus: tuple[str, str, str] | None = None
    for course in store.find("courses", filter="status='active'"):
        subject = timeback_subject(course.get("subjects") or [])
        grades = [str(g) for g in course.get("grades") or []]
        if subject is None or not grades:
            continue
        key = (subject, grades[0])
        if key in seen:
            continue
        seen.add(key)
        _tracks.upsert_track(store, subject, grades[0], course["sourcedId"], None)
        written += 1
        if first_campus is None:
            first_campus = (subject, grades[0], course["sourcedId"])
    schools = store.find("orgs", filter="type='school' AND status='active'", limit=1)
    if first_campus is not None and schools:
        subject, grade, course_id = first_campus
        _tracks.upsert_track(store, subject, grade, course_id, schools[0]["sourcedId"])
        written += 1
    return written


_ERRORS = {
    "type": "object",
    "properties": {"errors": {"type": "array"}, "message": {"type": "string"}},
}


def _operation(
    summary: str,
    *,
    ok: str = "200",
    key: str | None = None,
    query: tuple[tuple[str, dict[str, Any], bool], ...] = (),
    body: bool = False,
    not_found: bool = True,
) -> dict[str, Any]:
    success: dict[str, Any] = (
        {"type": "object", "required": [key], "properties": {key: {}}} if key else OBJECT
    )
    responses: dict[str, Any] = {
        ok: {"description": "Success", "content": json_content(success)},
        "400": {"description": "Invalid request", "content": json_content(_ERRORS)},
    }
    if not_found:
        responses["404"] = {"description": "Not found", "content": json_content(_ERRORS)}
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if query:
        operation["parameters"] = [
            {"name": name, "in": "query", "required": required, "schema": schema}
            for name, schema, required in query
        ]
    if body:
        operation["requestBody"] = {"required": False, "content": json_content(OBJECT)}
    return operation


_STR: dict[str, Any] = {"type": "string"}
_ID: dict[str, Any] = {"type": "string", "minLength": 1}
_STR_ARRAY: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
_DATE: dict[str, Any] = {
    "anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]
}
# Any IANA name is accepted; the schema lists common ones so generated requests stay valid.
_ZONE: dict[str, Any] = {
    "type": "string",
    "enum": [
        "UTC", "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
        "Europe/London", "Asia/Tokyo",
    ],
}  # fmt: skip
_ANALYTICS_QUERY = (
    ("email", {"type": "string", "format": "email"}, False),
    ("studentId", _ID, False),
    ("timezone", _ZONE, False),
)

# (method, path, handler, OpenAPI operation)
_OPERATIONS: tuple[tuple[str, str, Any, dict[str, Any]], ...] = (
    (
        "GET",
        f"{E}/enrollments/user/{{userId}}",
        _enroll.get_user_enrollments,
        _operation("User enrollments", key="data"),
    ),
    (
        "POST",
        f"{E}/enrollments/enroll/{{userId}}/{{courseId}}",
        _enroll.post_enroll,
        _operation("Enroll a user in a course", key="data", body=True),
    ),
    (
        "POST",
        f"{E}/enrollments/enroll/{{userId}}/{{courseId}}/{{schoolId}}",
        _enroll.post_enroll,
        _operation("Enroll a user in a course at a school", key="data", body=True),
    ),
    (
        "DELETE",
        f"{E}/enrollments/unenroll/{{userId}}/{{courseId}}",
        _enroll.delete_unenroll,
        _operation("Unenroll"),
    ),
    (
        "DELETE",
        f"{E}/enrollments/unenroll/{{userId}}/{{courseId}}/{{schoolId}}",
        _enroll.delete_unenroll,
        _operation("Unenroll at a school"),
    ),
    (
        "POST",
        f"{E}/enrollments/resetGoals/{{courseId}}",
        _enroll.post_reset_goals,
        _operation("Reset goals of a course", key="data", body=True),
    ),
    (
        "DELETE",
        f"{E}/enrollments/resetProgress/{{userId}}/{{courseId}}",
        _enroll.delete_reset_progress,
        _operation("Reset progress"),
    ),
    (
        "GET",
        f"{E}/enrollments/defaultClass/{{courseId}}",
        _enroll.get_default_class,
        _operation("Default class", key="data"),
    ),
    (
        "GET",
        f"{E}/enrollments/defaultClass/{{courseId}}/{{schoolId}}",
        _enroll.get_default_class,
        _operation("Default class at a school", key="data"),
    ),
    (
        "GET",
        f"{E}/analytics/activity",
        _analytics.get_activity,
        _operation(
            "Activity facts",
            key="facts",
            query=(
                *_ANALYTICS_QUERY,
                ("startDate", _DATE, True),
                ("endDate", _DATE, True),
            ),
            not_found=False,
        ),
    ),
    (
        "GET",
        f"{E}/analytics/facts/weekly",
        _analytics.get_weekly_facts,
        _operation(
            "Weekly facts",
            key="facts",
            query=(*_ANALYTICS_QUERY, ("weekDate", _DATE, True)),
            not_found=False,
        ),
    ),
    (
        "GET",
        f"{E}/analytics/enrollment/{{enrollmentId}}",
        _analytics.get_enrollment_facts,
        _operation(
            "Enrollment facts",
            key="facts",
            query=(
                ("startDate", _DATE, False),
                ("endDate", _DATE, False),
                ("timezone", _ZONE, False),
            ),
        ),
    ),
    (
        "GET",
        f"{E}/analytics/highestGradeMastered/{{studentId}}/{{subject}}",
        _analytics.get_highest_grade,
        _operation("Highest grade mastered", key="grades"),
    ),
    (
        "GET",
        f"{E}/users",
        _users.get_users,
        _operation(
            "Users by role",
            key="users",
            query=(
                (
                    "roles",
                    {
                        "type": "array",
                        "minItems": 1,
                        "items": {"type": "string", "enum": list(_users.USER_ROLES)},
                    },
                    True,
                ),
                ("orgSourcedIds", {"type": "array", "items": _ID}, False),
                ("fields", _STR, False),
                ("limit", {"type": "integer", "minimum": 1, "maximum": 3000}, False),
                ("offset", {"type": "integer", "minimum": 0}, False),
                ("sort", _STR, False),
                ("orderBy", {"type": "string", "enum": ["asc", "desc"]}, False),
                ("filter", _STR, False),
                ("search", _STR, False),
            ),
            not_found=False,
        ),
    ),
    (
        "GET",
        f"{E}/subject-track",
        _tracks.get_tracks,
        _operation("Subject tracks", key="subjectTrack", not_found=False),
    ),
    (
        "PUT",
        f"{E}/subject-track",
        _tracks.put_track,
        _operation("Upsert a subject track", key="subjectTrack", body=True),
    ),
    (
        "GET",
        f"{E}/subject-track/groups",
        _tracks.get_groups,
        _operation("Track groups", key="groups", not_found=False),
    ),
    (
        "DELETE",
        f"{E}/subject-track/{{id}}",
        _tracks.delete_track,
        _operation("Delete a subject track"),
    ),
    (
        "GET",
        f"{E}/applications",
        _tracks.get_applications,
        _operation("Applications", key="applications", not_found=False),
    ),
    (
        "GET",
        f"{E}/applicationMetrics/{{applicationSourcedId}}",
        _tracks.get_application_metrics,
        _operation("Application metrics", key="data"),
    ),
    (
        "GET",
        f"{E}/learning-reports/map-profile/{{userId}}",
        _misc.get_map_profile,
        _operation("MAP profile", key="data"),
    ),
    (
        "GET",
        f"{E}/time-saved/user/{{userId}}",
        _misc.get_time_saved,
        _operation("Time saved", key="data"),
    ),
    (
        "POST",
        f"{E}/progression/enqueue",
        _misc.post_enqueue,
        _operation("Queue a progression request", body=True, not_found=False),
    ),
    (
        "POST",
        f"{E}/progression/create-course",
        _misc.post_create_course,
        _operation("Create a course from lessons", body=True),
    ),
    (
        "GET",
        f"{E}/progression/catalog",
        _misc.get_catalog,
        _operation(
            "Progression catalog",
            key="data",
            query=(
                (
                    "subject",
                    {"type": "array", "items": {"type": "string", "enum": list(CATALOG_SUBJECTS)}},
                    False,
                ),
                (
                    "gradeLevel",
                    {"type": "array", "items": {"type": "string", "enum": list(CATALOG_GRADES)}},
                    False,
                ),
                ("page", {"type": "integer", "minimum": 1, "maximum": 10**9}, False),
                ("limit", {"type": "integer", "minimum": 1, "maximum": 500}, False),
            ),
            not_found=False,
        ),
    ),
    (
        "GET",
        "/goals/{studentId}/subjects",
        _misc.get_goals,
        _operation("Goals by subject", key="subjects"),
    ),
)

OPENAPI_OPERATIONS: dict[tuple[str, str], dict[str, Any]] = {
    (method, path): operation for method, path, _, operation in _OPERATIONS
}
