"""Edubridge analytics, computed from the Caliper events the emulator received.

Facts are bucketed by ``eventTime`` converted to the requested IANA time zone (default UTC) ->
date, by ``object.subject`` -> subject, and by ``object.app.name`` -> app. ActivityEvent metric
items feed ``activityMetrics``; TimeSpentEvent items ``active``, ``inactive`` and ``waste`` feed
``timeSpentMetrics`` (``unknown`` and ``anti-pattern`` are not surfaced).
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._http import (
    Issue,
    edubridge_errors,
    json_response,
    message_error,
    path_param,
)
from timeback_emulator.caliper._events import EventStore, iso_millis
from timeback_emulator.caliper._validate import ACTIVITY_METRICS, parse_datetime
from timeback_emulator.edubridge._common import find_user_by_email, q, ref_id, store_of, user_school

TIME_SPENT_FIELDS = {
    "active": "activeSeconds",
    "inactive": "inactiveSeconds",
    "waste": "wasteSeconds",
}
_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


class _Invalid(Exception):
    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("invalid")
        self.issues = issues


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def empty_metrics() -> dict[str, Any]:
    """SubjectMetrics with zeros."""
    return {
        "activityMetrics": dict.fromkeys(ACTIVITY_METRICS, 0),
        "timeSpentMetrics": dict.fromkeys(TIME_SPENT_FIELDS.values(), 0),
        "apps": [],
    }


def _surfaced(event: Mapping[str, Any]) -> list[tuple[str, str, float]]:
    """(group, field, value) of the metric items of an event that analytics surface."""
    generated = event.get("generated")
    items = generated.get("items") if isinstance(generated, Mapping) else None
    out: list[tuple[str, str, float]] = []
    for item in items or []:
        if not isinstance(item, Mapping):
            continue
        value = item.get("value")
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            continue
        kind = item.get("type")
        if event.get("type") == "ActivityEvent" and kind in ACTIVITY_METRICS:
            out.append(("activityMetrics", str(kind), value))
        elif event.get("type") == "TimeSpentEvent" and kind in TIME_SPENT_FIELDS:
            out.append(("timeSpentMetrics", TIME_SPENT_FIELDS[str(kind)], value))
    return out


def _local_date(event: Mapping[str, Any], tz: dt.tzinfo) -> dt.date:
    return dt.datetime.fromtimestamp(event["_meta"]["ts"], tz).date()


def _subject_and_app(event: Mapping[str, Any]) -> tuple[str, str]:
    obj = event.get("object") if isinstance(event.get("object"), Mapping) else {}
    assert isinstance(obj, Mapping)
    app = obj.get("app") if isinstance(obj.get("app"), Mapping) else {}
    assert isinstance(app, Mapping)
    return str(obj.get("subject", "None")), str(app.get("name", "unknown"))


def compute_facts(
    events: Iterable[Mapping[str, Any]], tz: dt.tzinfo
) -> tuple[dict[str, Any], dict[str, Any]]:
    """``facts`` and ``factsByApp`` (the ActivityFacts shape) of some events."""
    facts: dict[str, dict[str, dict[str, Any]]] = {}
    by_app: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
    for event in events:
        metrics = _surfaced(event)
        if not metrics:
            continue
        day = _local_date(event, tz).isoformat()
        subject, app = _subject_and_app(event)
        total = facts.setdefault(day, {}).setdefault(subject, empty_metrics())
        per_app = (
            by_app.setdefault(day, {}).setdefault(subject, {}).setdefault(app, empty_metrics())
        )
        for group, field, value in metrics:
            total[group][field] += value
            per_app[group][field] += value
        if app not in total["apps"]:
            total["apps"].append(app)
        per_app["apps"] = [app]
    for day_facts in facts.values():
        for metrics_ in day_facts.values():
            _tidy(metrics_)
    for day_apps in by_app.values():
        for subject_apps in day_apps.values():
            for metrics_ in subject_apps.values():
                _tidy(metrics_)
    return _sorted(facts), _sorted(by_app)


def _tidy(metrics: dict[str, Any]) -> None:
    for group in ("activityMetrics", "timeSpentMetrics"):
        metrics[group] = {k: _number(v) for k, v in metrics[group].items()}
    metrics["apps"] = sorted(metrics["apps"])


def _sorted(value: Any) -> Any:
    if isinstance(value, dict) and not {"activityMetrics", "apps"} <= value.keys():
        return {k: _sorted(value[k]) for k in sorted(value)}
    return value


# -- parameters --------------------------------------------------------------------------------


def timezone_param(request: Request, issues: list[Issue]) -> dt.tzinfo:
    """The ``timezone`` query parameter (IANA name; default UTC)."""
    name = request.query_params.get("timezone") or "UTC"
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        issues.append(("timezone", f"Unknown IANA time zone {name!r}"))
        return dt.timezone.utc


def instant_param(
    request: Request, name: str, tz: dt.tzinfo, issues: list[Issue], *, end: bool, required: bool
) -> float | None:
    """A date (whole day in ``tz``) or date-time query parameter, as epoch seconds."""
    raw = request.query_params.get(name)
    if not raw:
        if required:
            issues.append((name, "Required"))
        return None
    moment = parse_datetime(raw)
    if moment is not None:
        return moment.timestamp()
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        issues.append((name, "Expected a date (YYYY-MM-DD) or an ISO 8601 date-time"))
        return None
    local = dt.datetime.combine(day, dt.time.max if end else dt.time.min).replace(tzinfo=tz)
    return local.timestamp()


def student_of(
    request: Request, issues: list[Issue]
) -> tuple[list[str], list[str], dict[str, Any] | None]:
    """(user ids, emails, user) named by ``studentId`` and/or ``email``."""
    store = store_of(request)
    student_id = request.query_params.get("studentId")
    email = request.query_params.get("email")
    if not student_id and not email:
        issues.append(("email", "Either email or studentId is required"))
        return [], [], None
    ids: list[str] = []
    emails: list[str] = []
    user: dict[str, Any] | None = None
    if student_id:
        ids.append(student_id)
        user = store.get("users", student_id)
    if email:
        emails.append(email)
        user = user or find_user_by_email(store, email)
    if user is not None:
        if user["sourcedId"] not in ids:
            ids.append(user["sourcedId"])
        if user.get("email") and user["email"] not in emails:
            emails.append(user["email"])
    return ids, emails, user


# -- handlers ----------------------------------------------------------------------------------


async def get_activity(request: Request) -> Response:
    """#7: activity facts of one student between two dates."""
    issues: list[Issue] = []
    ids, emails, _ = student_of(request, issues)
    tz = timezone_param(request, issues)
    start = instant_param(request, "startDate", tz, issues, end=False, required=True)
    end = instant_param(request, "endDate", tz, issues, end=True, required=True)
    if issues:
        return edubridge_errors(issues)
    events = EventStore(store_of(request)).timeback_events(
        user_ids=ids, emails=emails, start=start, end=end
    )
    facts, by_app = compute_facts(events, tz)
    return json_response(
        {
            "message": "Activity facts retrieved",
            "startDate": request.query_params["startDate"],
            "endDate": request.query_params["endDate"],
            "facts": facts,
            "factsByApp": by_app,
        }
    )


def _last_segment(iri: Any) -> str | None:
    if not isinstance(iri, str) or not iri:
        return None
    path = urlsplit(iri).path.rstrip("/")
    return unquote(path.rsplit("/", 1)[-1]) if path else None


async def get_weekly_facts(request: Request) -> Response:
    """#8: one record per Timeback event in the week (Monday to Sunday) containing ``weekDate``."""
    issues: list[Issue] = []
    ids, emails, user = student_of(request, issues)
    tz = timezone_param(request, issues)
    raw = request.query_params.get("weekDate")
    day: dt.date | None = None
    if not raw:
        issues.append(("weekDate", "Required"))
    else:
        moment = parse_datetime(raw)
        if moment is not None:
            day = moment.astimezone(tz).date()
        else:
            try:
                day = dt.date.fromisoformat(raw)
            except ValueError:
                issues.append(("weekDate", "Expected a date (YYYY-MM-DD) or an ISO 8601 date-time"))
    if issues or day is None:
        return edubridge_errors(issues)
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time.min).replace(tzinfo=tz)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time.min).replace(tzinfo=tz)
    store = store_of(request)
    events = EventStore(store).timeback_events(
        user_ids=ids, emails=emails, start=start.timestamp(), end=end.timestamp() - 1e-6
    )
    school_id = user_school(store, user) if user else None
    school = store.get("orgs", school_id) if school_id else None
    records = [_weekly_record(e, tz, user, school) for e in events if _surfaced(e)]
    return json_response({"facts": records})


def _weekly_record(
    event: Mapping[str, Any],
    tz: dt.tzinfo,
    user: Mapping[str, Any] | None,
    school: Mapping[str, Any] | None,
) -> dict[str, Any]:
    meta = event["_meta"]
    local = dt.datetime.fromtimestamp(meta["ts"], tz)
    actor = event.get("actor") if isinstance(event.get("actor"), Mapping) else {}
    assert isinstance(actor, Mapping)
    obj = event.get("object") if isinstance(event.get("object"), Mapping) else {}
    assert isinstance(obj, Mapping)
    course = obj.get("course") if isinstance(obj.get("course"), Mapping) else {}
    activity = obj.get("activity") if isinstance(obj.get("activity"), Mapping) else {}
    assert isinstance(course, Mapping)
    assert isinstance(activity, Mapping)
    subject, app = _subject_and_app(event)
    record: dict[str, Any] = {
        "id": event.get("id"),
        "email": actor.get("email") or (user or {}).get("email"),
        "date": local.date().isoformat(),
        "datetime": iso_millis(local),
        "source": meta["sensor"],
        "year": local.year,
        "month": local.month,
        "day": local.day,
        "dayOfWeek": _DAY_NAMES[local.weekday()],
        "subject": subject,
        "app": app,
        "courseId": _last_segment(course.get("id")),
        "courseName": course.get("name"),
        "activityId": activity.get("id"),
        "activityName": activity.get("name"),
        "alphaLevel": None,
        "generatedAt": meta["createdAt"],
        "sendTime": meta["sendTime"],
        "sensor": meta["sensor"],
        "eventType": event.get("type"),
    }
    if user is not None:
        grades = user.get("grades") or []
        record.update(
            {
                "userId": user["sourcedId"],
                "username": user.get("username"),
                "userGivenName": user.get("givenName"),
                "userFamilyName": user.get("familyName"),
                "userGrade": str(grades[0]) if grades else None,
            }
        )
    if school is not None:
        record["campusId"] = school["sourcedId"]
        record["campusName"] = school.get("name")
    for _, field, value in _surfaced(event):
        if field.endswith("Seconds"):
            record[field] = str(_number(float(record.get(field, 0)) + value))
        else:
            record[field] = _number(record.get(field, 0) + value)
    return record


async def get_enrollment_facts(request: Request) -> Response:
    """#9: facts of one enrollment (the student's events in that enrollment's course)."""
    store = store_of(request)
    enrollment_id = path_param(request, "enrollmentId")
    enrollment = store.get("enrollments", enrollment_id)
    if enrollment is None:
        return message_error(404, "Enrollment not found")
    issues: list[Issue] = []
    tz = timezone_param(request, issues)
    start = instant_param(request, "startDate", tz, issues, end=False, required=False)
    end = instant_param(request, "endDate", tz, issues, end=True, required=False)
    if issues:
        return edubridge_errors(issues)
    user_id = ref_id(enrollment.get("user")) or ""
    user = store.get("users", user_id) or {}
    klass = store.get("classes", ref_id(enrollment.get("class")) or "") or {}
    course_id = ref_id(klass.get("course"))
    course = store.get("courses", course_id or "") or {}
    events = EventStore(store).timeback_events(
        user_ids=[user_id],
        emails=[user["email"]] if user.get("email") else [],
        start=start,
        end=end,
    )

    def in_course(event: Mapping[str, Any]) -> bool:
        obj = event.get("object")
        ref = obj.get("course") if isinstance(obj, Mapping) else None
        if not isinstance(ref, Mapping):
            return False
        if course_id and _last_segment(ref.get("id")) == course_id:
            return True
        return bool(course.get("title")) and ref.get("name") == course.get("title")

    facts, by_app = compute_facts([e for e in events if in_course(e)], tz)
    body: dict[str, Any] = {"message": "Enrollment facts retrieved", "enrollmentId": enrollment_id}
    for name in ("startDate", "endDate"):
        if request.query_params.get(name):
            body[name] = request.query_params[name]
    body["facts"] = facts
    body["factsByApp"] = by_app
    return json_response(body)


def _grade(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except ValueError:
        return None


async def get_highest_grade(request: Request) -> Response:
    """#10: highest grade mastered per source (deterministic from the student's grade)."""
    store = store_of(request)
    student_id = path_param(request, "studentId")
    subject = path_param(request, "subject")
    user = store.get("users", student_id)
    if user is None:
        return message_error(404, "Student not found")
    grades = [g for g in (_grade(v) for v in user.get("grades") or []) if g is not None]
    base = grades[0] if grades else 5
    h = zlib.crc32(f"{student_id}/{subject}".encode())

    def clamp(n: int) -> int:
        return max(-1, min(13, n))

    sources = {
        "ritGrade": clamp(base + (h % 3) - 1),
        "edulasticGrade": clamp(base + ((h >> 2) % 3) - 1),
        "placementGrade": clamp(base),
        "testOutGrade": None if h % 4 == 0 else clamp(base - 1 + (h >> 4) % 2),
    }
    highest = max(v for v in sources.values() if v is not None)
    return json_response(
        {
            "studentId": student_id,
            "subject": subject,
            "grades": {**sources, "highestGradeOverall": highest},
        }
    )


__all__ = [
    "compute_facts",
    "get_activity",
    "get_enrollment_facts",
    "get_highest_grade",
    "get_weekly_facts",
    "q",
]
