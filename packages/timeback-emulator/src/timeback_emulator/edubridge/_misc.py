"""Edubridge learning reports, time saved, progression and goals."""

from __future__ import annotations

import datetime as dt
import uuid
import zlib
from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._http import (
    Issue,
    edubridge_errors,
    json_response,
    message_error,
    parse_query_int,
    path_param,
    query_list,
)
from timeback_emulator.caliper._events import EventStore
from timeback_emulator.caliper._seed import timeback_subject
from timeback_emulator.edubridge._analytics import compute_facts
from timeback_emulator.edubridge._catalog import CATALOG_GRADES, CATALOG_SUBJECTS, catalog_lessons
from timeback_emulator.edubridge._common import (
    checked_body,
    config_of,
    find_user_by_email,
    q,
    ref_id,
    school_year,
    store_of,
    user_school,
)
from timeback_emulator.edubridge._enroll import NotFound, enroll

FLOW_TYPES = ("dcan", "existingPlan", "legacy")
SCHOOL_DAY_HOURS = 6.0
TIMEBACK_DAY_HOURS = 2.0


def _hash(*parts: str) -> int:
    return zlib.crc32("/".join(parts).encode())


async def get_map_profile(request: Request) -> Response:
    """A deterministic MAP Growth profile of the user."""
    store = store_of(request)
    user_id = path_param(request, "userId")
    user = store.get("users", user_id)
    if user is None:
        return message_error(404, "User not found")
    h = _hash(user_id, "map")
    grades = user.get("grades") or []
    try:
        grade = int(str(grades[0])) if grades else 5
    except ValueError:
        grade = 5
    year, start, _ = school_year(config_of(request))
    rit = 160 + 10 * max(grade, 0) + h % 15
    return json_response(
        {
            "data": {
                "userId": user_id,
                "ritScore": rit,
                "percentile": 20 + h % 79,
                "gradeLevel": str(grade),
                "testDate": (start + dt.timedelta(days=30 + h % 20)).isoformat(),
                "subject": "Math",
                "metadata": {"source": "timeback-emulator", "schoolYear": year},
                "testName": "MAP Growth Math",
                "term": "Fall",
                "lexile": None,
            }
        }
    )


def _weekdays_between(first: dt.date, last: dt.date) -> int:
    days = 0
    day = first
    while day <= last:
        if day.weekday() < 5:
            days += 1
        day += dt.timedelta(days=1)
    return days


async def get_time_saved(request: Request) -> Response:
    """Hours saved against a six-hour school day, from the school year's weekdays."""
    store = store_of(request)
    config = config_of(request)
    user_id = path_param(request, "userId")
    user = store.get("users", user_id)
    if user is None:
        return message_error(404, "User not found")
    _, year_start, _ = school_year(config)
    today = config.current_date()
    begins = [
        e.get("beginDate")
        for e in store.find("enrollments", filter=f"user.sourcedId={q(user_id)}")
        if isinstance(e.get("beginDate"), str)
    ]
    earliest = min(begins) if begins else year_start.isoformat()
    start = max(year_start, dt.date.fromisoformat(earliest[:10]))
    days = _weekdays_between(start, today) if start <= today else 0
    hours = round(days * (SCHOOL_DAY_HOURS - TIMEBACK_DAY_HOURS), 1)
    return json_response(
        {
            "data": {
                "totalHoursSaved": hours,
                "totalDaysSaved": round(hours / SCHOOL_DAY_HOURS, 1),
                "schoolDaysElapsed": days,
                "earliestStartDate": earliest[:10],
                "schoolYearStartDate": year_start.isoformat(),
                "calculation": (
                    f"{days} school days x ({SCHOOL_DAY_HOURS:g} h school day - "
                    f"{TIMEBACK_DAY_HOURS:g} h Timeback day) = {hours:g} h"
                ),
            }
        }
    )


def _required_strings(body: Mapping[str, Any], keys: tuple[str, ...]) -> list[Issue]:
    issues: list[Issue] = []
    for key in keys:
        value = body.get(key)
        if value is None:
            issues.append((key, "Required"))
        elif not isinstance(value, str) or not value.strip():
            issues.append((key, "Expected non-empty string"))
    return issues


def _enqueue_issues(body: Any) -> list[Issue]:
    if not isinstance(body, dict):
        return [("", "Expected object")]
    issues = _required_strings(
        body,
        ("assignmentId", "studentTimebackId", "studentEmail", "subject", "currentCourseSourcedId"),
    )
    grade = body.get("grade")
    if grade is None:
        issues.append(("grade", "Required"))
    elif isinstance(grade, bool) or not isinstance(grade, (str, int)):
        issues.append(("grade", "Expected string or number"))
    if body.get("flowType") is None:
        issues.append(("flowType", "Required"))
    elif body["flowType"] not in FLOW_TYPES:
        issues.append(("flowType", f"Expected one of {', '.join(FLOW_TYPES)}"))
    if (
        "score" in body
        and body["score"] is not None
        and not isinstance(body["score"], (int, float))
    ):
        issues.append(("score", "Expected number"))
    for key in ("readOnly", "extendedCatalog"):
        if key in body and body[key] is not None and not isinstance(body[key], bool):
            issues.append((key, "Expected boolean"))
    return issues


async def post_enqueue(request: Request) -> Response:
    """Queue a progression request (validated, acknowledged with a message id)."""
    _, refused = await checked_body(request, _enqueue_issues)
    if refused is not None:
        return refused
    return json_response({"success": True, "messageId": str(uuid.uuid4())})


def _create_course_issues(body: Any) -> list[Issue]:
    if not isinstance(body, dict):
        return [("", "Expected object")]
    issues = _required_strings(body, ("subject", "app", "email"))
    if body.get("grade") is None:
        issues.append(("grade", "Required"))
    lessons = body.get("lessonIds")
    if not isinstance(lessons, list) or not all(isinstance(x, str) and x for x in lessons):
        issues.append(("lessonIds", "Expected an array of strings"))
    details = body.get("courseDetails")
    if not isinstance(details, dict):
        issues.append(("courseDetails", "Required object"))
    else:
        if not isinstance(details.get("title"), str) or not details["title"].strip():
            issues.append(("courseDetails.title", "Required"))
        xp = details.get("xpPerLesson")
        if xp is not None and (isinstance(xp, bool) or not isinstance(xp, (int, float))):
            issues.append(("courseDetails.xpPerLesson", "Expected number"))
        if "metadata" in details and not isinstance(details["metadata"], (dict, type(None))):
            issues.append(("courseDetails.metadata", "Expected object"))
    return issues


async def post_create_course(request: Request) -> Response:
    """Create a course with one resource per lesson and enroll the user in it."""
    body, refused = await checked_body(request, _create_course_issues)
    if refused is not None:
        return refused
    store = store_of(request)
    config = config_of(request)
    user = find_user_by_email(store, body["email"])
    if user is None:
        return message_error(404, "User not found")
    school = user_school(store, user)
    if school is None:
        return message_error(404, "School not found")
    details = body["courseDetails"]
    xp = details.get("xpPerLesson") or 0
    lessons: list[str] = body["lessonIds"]
    course_id = str(uuid.uuid4())
    with store.transaction():
        store.insert(
            "courses",
            {
                "sourcedId": course_id,
                "status": "active",
                "title": details["title"],
                "courseCode": None,
                "org": {"sourcedId": school, "type": "org"},
                "subjects": [body["subject"]],
                "grades": [str(body["grade"])],
                "metadata": {
                    **(details.get("metadata") or {}),
                    "app": body["app"],
                    "xpPerLesson": xp,
                    "createdBy": "edubridge-progression",
                },
            },
        )
        component = store.insert(
            "courseComponents",
            {
                "status": "active",
                "title": f"{details['title']} lessons",
                "course": {"sourcedId": course_id},
                "sortOrder": 1,
                "unlockDate": config.current_date().isoformat(),
                "prerequisites": [],
            },
        )
        for order, lesson in enumerate(lessons, start=1):
            resource = store.upsert(
                "resources",
                {
                    "sourcedId": f"{course_id}-{lesson}",
                    "status": "active",
                    "title": lesson,
                    "vendorResourceId": lesson,
                    "metadata": {"type": "interactive", "xp": xp, "app": body["app"]},
                },
            )
            store.insert(
                "componentResources",
                {
                    "status": "active",
                    "title": lesson,
                    "courseComponent": {"sourcedId": component["sourcedId"]},
                    "resource": {"sourcedId": resource["sourcedId"]},
                    "sortOrder": order,
                },
            )
        try:
            enroll(store, config, user["sourcedId"], course_id, school, {})
            enrollment = {"statusCode": 200, "message": "User enrolled"}
        except NotFound as exc:
            enrollment = {"statusCode": 404, "message": exc.message}
    return json_response(
        {
            "success": True,
            "course": {
                "sourcedId": course_id,
                "title": details["title"],
                "totalLessons": len(lessons),
                "totalXp": xp * len(lessons),
            },
            "enrollment": enrollment,
            "resourcesCreated": len(lessons),
            "resourcesFailed": 0,
        }
    )


async def get_catalog(request: Request) -> Response:
    """Progression catalog lessons, 1-based ``page`` and ``limit`` (default 100, max 500)."""
    issues: list[Issue] = []
    subjects = query_list(request, "subject") or list(CATALOG_SUBJECTS)
    grades = query_list(request, "gradeLevel") or list(CATALOG_GRADES)
    numbers = {}
    for name, default, high in (("page", 1, 10**9), ("limit", 100, 500)):
        raw = request.query_params.get(name)
        number = default if raw in (None, "") else parse_query_int(raw)
        if number is None:
            issues.append((name, "Expected integer"))
            continue
        numbers[name] = number
        if not 1 <= numbers[name] <= high:
            issues.append((name, f"Expected a number between 1 and {high}"))
    if issues:
        return edubridge_errors(issues)
    lessons = [
        lesson
        for subject in subjects
        if subject in CATALOG_SUBJECTS
        for grade in grades
        if grade in CATALOG_GRADES
        for lesson in catalog_lessons(subject, grade)
    ]
    page, limit = numbers["page"], numbers["limit"]
    chunk = lessons[(page - 1) * limit : page * limit]
    return json_response(
        {
            "data": chunk,
            "totalCount": len(lessons),
            "pageCount": -(-len(lessons) // limit),
            "pageNumber": page,
        }
    )


async def get_goals(request: Request) -> Response:
    """Per-subject goal snapshot computed from the last seven days of activity."""
    store = store_of(request)
    config = config_of(request)
    student_id = path_param(request, "studentId")
    user = store.get("users", student_id)
    if user is None:
        return message_error(404, "Student not found")
    today = config.current_date()
    start = dt.datetime.combine(today - dt.timedelta(days=6), dt.time.min, tzinfo=dt.timezone.utc)
    end = dt.datetime.combine(today, dt.time.max, tzinfo=dt.timezone.utc)
    events = EventStore(store).timeback_events(
        user_ids=[student_id],
        emails=[user["email"]] if user.get("email") else [],
        start=start.timestamp(),
        end=end.timestamp(),
    )
    facts, _ = compute_facts(events, dt.timezone.utc)
    xp_by_subject: dict[str, float] = {}
    for day in facts.values():
        for subject, metrics in day.items():
            xp_by_subject[subject] = (
                xp_by_subject.get(subject, 0) + metrics["activityMetrics"]["xpEarned"]
            )
    subjects = set(xp_by_subject)
    for enrollment in store.find(
        "enrollments", filter=f"user.sourcedId={q(student_id)} AND status='active'"
    ):
        klass = store.get("classes", ref_id(enrollment.get("class")) or "") or {}
        course = store.get("courses", ref_id(klass.get("course")) or "") or {}
        subject = timeback_subject(course.get("subjects") or [])
        if subject:
            subjects.add(subject)
    out = []
    for subject in sorted(subjects):
        daily_goal = 40 + _hash(student_id, subject) % 4 * 10
        earned = xp_by_subject.get(subject, 0)
        pace = round(earned / 5, 1)  # school days in the window
        out.append(
            {
                "subject": subject,
                "baselineDailyXp": daily_goal,
                "dailyXpGoal": daily_goal,
                "pacing": "on-track" if pace >= daily_goal else "behind",
                "xpEarnedLast7Days": earned,
                "averageDailyXp": pace,
                "projectedWeeklyXp": round(pace * 5, 1),
            }
        )
    return json_response({"studentId": student_id, "subjects": out})
