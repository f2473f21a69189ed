"""Edubridge enrollments and their OneRoster side effects."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._config import EmulatorConfig
from timeback_emulator._http import (
    BodyError,
    Issue,
    edubridge_errors,
    json_response,
    message_error,
    path_param,
    read_json,
)
from timeback_emulator.edubridge._catalog import APPLICATIONS
from timeback_emulator.edubridge._common import (
    config_of,
    is_date,
    number_issues,
    q,
    ref_id,
    school_year,
    store_of,
    user_school,
)

ROLES = ("administrator", "proctor", "student", "teacher")
GOALS = ("dailyXp", "dailyLessons", "dailyActiveMinutes", "dailyAccuracy", "dailyMasteredUnits")
METRICS_NUMBERS = ("totalXp", "totalLessons", "totalGrades")


class NotFound(Exception):
    """A referenced record does not exist (404 ``{"message"}``)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


# -- rendering ---------------------------------------------------------------------------------


def primary_app(course: Mapping[str, Any]) -> dict[str, Any] | None:
    """The course's primary app: ``metadata.primaryApp``, else the catalog app of its subject."""
    metadata = course.get("metadata") or {}
    given = metadata.get("primaryApp") if isinstance(metadata, Mapping) else None
    if isinstance(given, Mapping):
        return dict(given)
    from timeback_emulator.caliper._seed import timeback_subject

    subject = timeback_subject(course.get("subjects") or [])
    for app in APPLICATIONS:
        if subject and subject in app["metadata"]["subjects"]:
            return {"id": app["sourcedId"], "name": app["name"], "domains": list(app["domain"])}
    return None


def course_summary(course: Mapping[str, Any], *, full: bool) -> dict[str, Any]:
    """``{id, title, metadata}`` plus subjects, grades and primary app when ``full``."""
    out: dict[str, Any] = {
        "id": course["sourcedId"],
        "title": course.get("title"),
        "metadata": course.get("metadata") or {},
    }
    if full:
        out["subjects"] = list(course.get("subjects") or [])
        out["grades"] = list(course.get("grades") or [])
        app = primary_app(course)
        if app is not None:
            out["primaryApp"] = app
    return out


def _periods(store: Any, klass: Mapping[str, Any]) -> list[dict[str, Any]]:
    periods = []
    for term in klass.get("terms") or []:
        session = store.get("academicSessions", ref_id(term) or "")
        if session is not None:
            periods.append(
                {
                    "id": session["sourcedId"],
                    "title": session.get("title"),
                    "startDate": session.get("startDate"),
                    "endDate": session.get("endDate"),
                }
            )
    return periods


def render_enrollment(store: Any, enrollment: Mapping[str, Any]) -> dict[str, Any]:
    """An Edubridge Enrollment from a stored OneRoster enrollment."""
    klass = store.get("classes", ref_id(enrollment.get("class")) or "") or {}
    course = store.get("courses", ref_id(klass.get("course")) or "") or {"sourcedId": None}
    school_id = ref_id(enrollment.get("school")) or ref_id(klass.get("school"))
    school = store.get("orgs", school_id or "") or {}
    metadata = enrollment.get("metadata") or {}
    course_metadata = course.get("metadata") or {}
    return {
        "id": enrollment["sourcedId"],
        "role": enrollment.get("role"),
        "beginDate": enrollment.get("beginDate"),
        "endDate": enrollment.get("endDate"),
        "metadata": metadata,
        "course": course_summary(course, full=True),
        "school": {"id": school_id, "name": school.get("name")},
        "periods": _periods(store, klass),
        "testOutSupported": bool(course_metadata.get("testOutSupported", False))
        if isinstance(course_metadata, Mapping)
        else False,
    }


def render_default_class(store: Any, klass: Mapping[str, Any]) -> dict[str, Any]:
    """A DefaultClass."""
    course = store.get("courses", ref_id(klass.get("course")) or "") or {"sourcedId": None}
    return {
        "id": klass["sourcedId"],
        "title": klass.get("title"),
        "classCode": klass.get("classCode"),
        "subjectCodes": list(klass.get("subjectCodes") or []),
        "subjects": list(klass.get("subjects") or []),
        "grades": list(klass.get("grades") or []),
        "periods": _periods(store, klass),
        "course": course_summary(course, full=False),
    }


# -- side effects -----------------------------------------------------------------------


def _free_id(store: Any, collection: str, wanted: str) -> str:
    return wanted if not store.exists(collection, wanted) else str(uuid.uuid4())


def _first_active(store: Any, collection: str, expression: str) -> dict[str, Any] | None:
    found = store.find(collection, filter=f"{expression} AND status='active'", limit=1)
    return dict(found[0]) if found else None


def ensure_year_and_term(
    store: Any, config: EmulatorConfig, school_id: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Steps 2-3: the school's current school-year session and its whole-year term."""
    year, start, end = school_year(config)
    year_session = _first_active(
        store,
        "academicSessions",
        f"type='schoolYear' AND org.sourcedId={q(school_id)} AND schoolYear={year}",
    )
    if year_session is None:
        year_session = store.insert(
            "academicSessions",
            {
                "sourcedId": _free_id(store, "academicSessions", f"{school_id}-sy{year}"),
                "status": "active",
                "title": f"{year - 1}-{year} School Year",
                "type": "schoolYear",
                "startDate": start.isoformat(),
                "endDate": end.isoformat(),
                "schoolYear": year,
                "org": {"sourcedId": school_id, "type": "org"},
                "children": [],
            },
        )
    year_id = year_session["sourcedId"]
    term = _first_active(
        store,
        "academicSessions",
        f"type='term' AND parent.sourcedId={q(year_id)}"
        f" AND startDate={q(str(year_session.get('startDate')))}"
        f" AND endDate={q(str(year_session.get('endDate')))}",
    )
    if term is None:
        term = store.insert(
            "academicSessions",
            {
                "sourcedId": _free_id(store, "academicSessions", f"{year_id}-full-year"),
                "status": "active",
                "title": f"{year - 1}-{year} Full Year",
                "type": "term",
                "startDate": year_session.get("startDate"),
                "endDate": year_session.get("endDate"),
                "schoolYear": year,
                "org": {"sourcedId": school_id, "type": "org"},
                "parent": {"sourcedId": year_id, "type": "academicSession"},
                "children": [],
            },
        )
        children = list(year_session.get("children") or [])
        if term["sourcedId"] not in {ref_id(c) for c in children}:
            children.append({"sourcedId": term["sourcedId"], "type": "academicSession"})
            store.patch("academicSessions", year_id, {"children": children})
    return year_session, term


def ensure_class(
    store: Any, config: EmulatorConfig, course: Mapping[str, Any], school_id: str
) -> dict[str, Any]:
    """Steps 2-4: one class per (course, term) of the school's current year."""
    _, term = ensure_year_and_term(store, config, school_id)
    course_id = course["sourcedId"]
    klass = _first_active(
        store,
        "classes",
        f"course.sourcedId={q(course_id)} AND terms.sourcedId={q(term['sourcedId'])}"
        f" AND school.sourcedId={q(school_id)}",
    )
    if klass is not None:
        return klass
    return dict(
        store.insert(
            "classes",
            {
                "sourcedId": _free_id(store, "classes", f"{course_id}-{term['sourcedId']}"),
                "status": "active",
                "title": course.get("title") or course_id,
                "classCode": course.get("courseCode"),
                "classType": "scheduled",
                "location": None,
                "course": {"sourcedId": course_id, "type": "course"},
                "school": {"sourcedId": school_id, "type": "org"},
                "terms": [{"sourcedId": term["sourcedId"], "type": "academicSession"}],
                "grades": list(course.get("grades") or []),
                "subjects": list(course.get("subjects") or []),
                "subjectCodes": list(course.get("subjectCodes") or []),
                "periods": [],
            },
        )
    )


def resolve_school(store: Any, user: Mapping[str, Any], school_id: str | None) -> str:
    """Step 1: the school (path segment, else the user's primary org, else a role's org).

    Raises:
        NotFound: The school does not exist or the user has none.
    """
    wanted = school_id or user_school(store, user)
    if not wanted or store.get("orgs", wanted) is None:
        raise NotFound("School not found")
    return wanted


def _get_or_404(store: Any, collection: str, sourced_id: str, what: str) -> dict[str, Any]:
    doc = store.get(collection, sourced_id)
    if doc is None:
        raise NotFound(f"{what} not found")
    return dict(doc)


def enroll(
    store: Any,
    config: EmulatorConfig,
    user_id: str,
    course_id: str,
    school_id: str | None,
    options: Mapping[str, Any],
) -> dict[str, Any]:
    """Enroll a user in a course; returns the stored OneRoster enrollment.

    Raises:
        NotFound: Unknown user, course or school.
    """
    user = _get_or_404(store, "users", user_id, "User")
    course = _get_or_404(store, "courses", course_id, "Course")
    school = resolve_school(store, user, school_id)
    with store.transaction():
        klass = ensure_class(store, config, course, school)
        metadata_in = options.get("metadata") or {}
        existing = store.find(
            "enrollments",
            filter=f"user.sourcedId={q(user_id)} AND class.sourcedId={q(klass['sourcedId'])}",
        )
        existing.sort(key=lambda e: e.get("status") != "active")
        role = options.get("role") or "student"
        if existing:
            current = dict(existing[0])
            metadata = dict(current.get("metadata") or {})
            for key in ("goals", "metrics"):
                if isinstance(metadata_in.get(key), Mapping):
                    metadata[key] = {**(metadata.get(key) or {}), **metadata_in[key]}
            changes: dict[str, Any] = {"status": "active", "role": role, "metadata": metadata}
            if options.get("beginDate"):
                changes["beginDate"] = options["beginDate"]
            return dict(store.patch("enrollments", current["sourcedId"], changes))
        metadata = {k: dict(v) for k, v in metadata_in.items() if isinstance(v, Mapping)}
        doc = {
            "status": "active",
            "role": role,
            "primary": "false",
            "beginDate": options.get("beginDate") or config.current_date().isoformat(),
            "endDate": None,
            "user": {"sourcedId": user_id, "type": "user"},
            "class": {"sourcedId": klass["sourcedId"], "type": "class"},
            "school": {"sourcedId": school, "type": "org"},
            "metadata": metadata,
        }
        if options.get("sourcedId"):
            doc["sourcedId"] = options["sourcedId"]
        return dict(store.insert("enrollments", doc))


def _enroll_issues(body: Any) -> list[Issue]:
    if not isinstance(body, dict):
        return [("", "Expected object")]
    issues: list[Issue] = []
    if "sourcedId" in body and not isinstance(body["sourcedId"], str):
        issues.append(("sourcedId", "Expected string"))
    if "role" in body and body["role"] not in ROLES:
        issues.append(("role", f"Expected one of {', '.join(ROLES)}"))
    if "beginDate" in body and not is_date(body["beginDate"]):
        issues.append(("beginDate", "Expected a date YYYY-MM-DD"))
    metadata = body.get("metadata")
    if metadata is None:
        return issues
    if not isinstance(metadata, dict):
        return [*issues, ("metadata", "Expected object")]
    goals = metadata.get("goals")
    if goals is not None:
        if isinstance(goals, dict):
            issues += number_issues(goals, GOALS, "metadata.goals")
        else:
            issues.append(("metadata.goals", "Expected object"))
    metrics = metadata.get("metrics")
    if metrics is not None:
        if isinstance(metrics, dict):
            issues += number_issues(metrics, METRICS_NUMBERS, "metadata.metrics")
            if "courseType" in metrics and not isinstance(metrics["courseType"], str):
                issues.append(("metadata.metrics.courseType", "Expected string"))
            if "isSupplemental" in metrics and not isinstance(metrics["isSupplemental"], bool):
                issues.append(("metadata.metrics.isSupplemental", "Expected boolean"))
        else:
            issues.append(("metadata.metrics", "Expected object"))
    return issues


# -- handlers ----------------------------------------------------------------------------------


async def get_user_enrollments(request: Request) -> Response:
    """#1: the user's active enrollments."""
    store = store_of(request)
    user_id = path_param(request, "userId")
    if store.get("users", user_id) is None:
        return message_error(404, "User not found")
    found = store.find("enrollments", filter=f"user.sourcedId={q(user_id)} AND status='active'")
    return json_response({"data": [render_enrollment(store, e) for e in found]})


async def post_enroll(request: Request) -> Response:
    """#2: enroll a user in a course (creating session, term and class as needed)."""
    try:
        body = await read_json(request, allow_empty=True)
    except BodyError as exc:
        return edubridge_errors([("", exc.message)], "Invalid request body")
    body = {} if body is None else body
    issues = _enroll_issues(body)
    if issues:
        return edubridge_errors(issues)
    store = store_of(request)
    school = path_param(request, "schoolId") if "schoolId" in request.path_params else None
    try:
        enrollment = enroll(
            store,
            config_of(request),
            path_param(request, "userId"),
            path_param(request, "courseId"),
            school,
            body,
        )
    except NotFound as exc:
        return message_error(404, exc.message)
    return json_response({"data": render_enrollment(store, enrollment)})


def _course_of_class(store: Any, class_id: str | None) -> tuple[str | None, str | None]:
    klass = store.get("classes", class_id or "") or {}
    return ref_id(klass.get("course")), ref_id(klass.get("school"))


async def delete_unenroll(request: Request) -> Response:
    """#3: soft-delete the user's enrollment in the course."""
    store = store_of(request)
    user_id = path_param(request, "userId")
    course_id = path_param(request, "courseId")
    school = path_param(request, "schoolId") if "schoolId" in request.path_params else None
    if store.get("users", user_id) is None:
        return message_error(404, "User not found")
    if store.get("courses", course_id) is None:
        return message_error(404, "Course not found")
    removed = []
    with store.transaction():
        for enrollment in store.find(
            "enrollments", filter=f"user.sourcedId={q(user_id)} AND status='active'"
        ):
            course, class_school = _course_of_class(store, ref_id(enrollment.get("class")))
            enrollment_school = ref_id(enrollment.get("school")) or class_school
            if course == course_id and (school is None or enrollment_school == school):
                removed.append(store.soft_delete("enrollments", enrollment["sourcedId"]))
    if not removed:
        return message_error(404, "Enrollment not found")
    return json_response({"data": [render_enrollment(store, e) for e in removed]})


async def post_reset_goals(request: Request) -> Response:
    """#4: clear ``metadata.goals`` on every enrollment of the course."""
    store = store_of(request)
    course_id = path_param(request, "courseId")
    if store.get("courses", course_id) is None:
        return message_error(404, "Course not found")
    updated = 0
    errors: list[str] = []
    with store.transaction():
        for klass in store.find("classes", filter=f"course.sourcedId={q(course_id)}"):
            for enrollment in store.find(
                "enrollments", filter=f"class.sourcedId={q(klass['sourcedId'])}"
            ):
                metadata = enrollment.get("metadata")
                if isinstance(metadata, dict) and "goals" in metadata:
                    rest = {k: v for k, v in metadata.items() if k != "goals"}
                    store.patch("enrollments", enrollment["sourcedId"], {"metadata": rest})
                    updated += 1
    return json_response({"data": {"updated": updated, "errors": errors}})


def _line_item_course(store: Any, line_item: Mapping[str, Any]) -> str | None:
    course = ref_id(line_item.get("course"))
    if course:
        return course
    class_course, _ = _course_of_class(store, ref_id(line_item.get("class")))
    if class_course:
        return class_course
    component = store.get("courseComponents", ref_id(line_item.get("component")) or "") or {}
    return ref_id(component.get("course"))


async def delete_reset_progress(request: Request) -> Response:
    """#5: soft-delete the user's assessment results for the course."""
    store = store_of(request)
    user_id = path_param(request, "userId")
    course_id = path_param(request, "courseId")
    if store.get("users", user_id) is None:
        return message_error(404, "User not found")
    if store.get("courses", course_id) is None:
        return message_error(404, "Course not found")
    updated = 0
    courses: dict[str, str | None] = {}
    with store.transaction():
        for result in store.find(
            "assessmentResults", filter=f"student.sourcedId={q(user_id)} AND status='active'"
        ):
            line_item_id = ref_id(result.get("assessmentLineItem")) or ""
            if line_item_id not in courses:
                line_item = store.get("assessmentLineItems", line_item_id) or {}
                courses[line_item_id] = _line_item_course(store, line_item)
            if courses[line_item_id] == course_id:
                store.soft_delete("assessmentResults", result["sourcedId"])
                updated += 1
    return json_response({"data": {"updated": updated}})


async def get_default_class(request: Request) -> Response:
    """#6: the course's class for the school's current term (created when missing)."""
    store = store_of(request)
    course_id = path_param(request, "courseId")
    course = store.get("courses", course_id)
    if course is None:
        return message_error(404, "Course not found")
    school = (
        path_param(request, "schoolId")
        if "schoolId" in request.path_params
        else ref_id(course.get("org"))
    )
    if not school or store.get("orgs", school) is None:
        return message_error(404, "School not found")
    with store.transaction():
        klass = ensure_class(store, config_of(request), course, school)
    return json_response({"data": render_default_class(store, klass)})
