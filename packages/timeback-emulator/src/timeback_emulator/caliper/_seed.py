"""Deterministic Caliper activity for some seeded students, so that analytics have real figures.

For up to ``MAX_STUDENTS`` active students (by sourcedId), each weekday of the two weeks before
"today", and each of up to two of their enrolled courses: one ActivityEvent (xp, questions,
mastered units) and one TimeSpentEvent (active, inactive, waste seconds), stored exactly as if a
client had sent them. Same seed number and same "today", same events.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Iterable, Sequence
from typing import Any
from urllib.parse import quote

from timeback_emulator._config import EmulatorConfig
from timeback_emulator.caliper._events import EventStore, iso_millis
from timeback_emulator.caliper._validate import CONTEXT, SUBJECTS

MAX_STUDENTS = 12
DAYS = 14
ONEROSTER_USERS = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/"
ONEROSTER_COURSES = "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/courses/"
SEED_SENSOR = "https://emulator.timeback.local/sensors/seed"
SEED_CLIENT = "timeback-emulator-seed"

_SUBJECT_ALIASES = {
    "math": "Math",
    "mathematics": "Math",
    "fastmath": "FastMath",
    "reading": "Reading",
    "ela": "Language",
    "english": "Language",
    "english language arts": "Language",
    "language": "Language",
    "language arts": "Language",
    "science": "Science",
    "social studies": "Social Studies",
    "history": "Social Studies",
    "vocabulary": "Vocabulary",
    "writing": "Writing",
}
_FALLBACK_SUBJECTS = ("Math", "Reading", "Language", "Science")


def timeback_subject(values: Iterable[Any]) -> str | None:
    """The Timeback subject matching the first recognisable course subject."""
    for value in values:
        if not isinstance(value, str):
            continue
        if value in SUBJECTS:
            return value
        alias = _SUBJECT_ALIASES.get(value.strip().lower())
        if alias:
            return alias
    return None


def _is_active_student(user: dict[str, Any]) -> bool:
    roles = user.get("roles") or []
    return user.get("status", "active") == "active" and any(
        isinstance(r, dict) and r.get("role") == "student" for r in roles
    )


def _courses_of(store: Any, user_id: str) -> list[dict[str, Any]]:
    """Active courses a student is enrolled in (through enrollments and classes)."""
    courses: dict[str, dict[str, Any]] = {}
    quoted = user_id.replace("'", "''")
    for enrollment in store.find("enrollments", filter=f"user.sourcedId='{quoted}'"):
        if enrollment.get("status") != "active":
            continue
        class_id = (enrollment.get("class") or {}).get("sourcedId")
        klass = store.get("classes", class_id) if class_id else None
        course_id = ((klass or {}).get("course") or {}).get("sourcedId")
        course = store.get("courses", course_id) if course_id else None
        if course_id and course is not None and course.get("status") == "active":
            courses.setdefault(course_id, course)
    return [courses[k] for k in sorted(courses)]


def seed_activity(store: Any, config: EmulatorConfig, *, first: Sequence[str] = ()) -> int:
    """Store the seeded activity; returns how many events were stored.

    Args:
        store: The emulator's store.
        config: The emulator's configuration (seed number, today).
        first: Ids of students who get activity before the others (the seed summary's
            well-known student), as long as they are active and have an email.
    """
    from timeback_emulator.edubridge._catalog import APPLICATIONS

    app_names = [str(app["name"]) for app in APPLICATIONS]

    def app_for(subject: str) -> str:
        matching = [str(a["name"]) for a in APPLICATIONS if subject in a["metadata"]["subjects"]]
        return matching[0] if matching else rng.choice(app_names)

    students = [u for u in store.find("users") if _is_active_student(u) and u.get("email")]
    order = {sourced_id: rank for rank, sourced_id in enumerate(first)}
    students.sort(key=lambda u: order.get(u["sourcedId"], len(order)))  # stable: else by id
    students = students[:MAX_STUDENTS]
    today = config.current_date()
    days = [today - dt.timedelta(days=n) for n in range(DAYS, 0, -1)]
    days = [d for d in days if d.weekday() < 5]
    rng = random.Random(f"timeback-emulator-activity-{config.seed_number}")
    events: list[dict[str, Any]] = []
    for student in students:
        sid = student["sourcedId"]
        actor = {
            "id": ONEROSTER_USERS + quote(sid, safe=""),
            "type": "TimebackUser",
            "email": student["email"],
            "name": f"{student.get('givenName', '')} {student.get('familyName', '')}".strip(),
            "role": "student",
        }
        contexts: list[tuple[str, dict[str, Any] | None]] = []
        for enrolled in _courses_of(store, sid)[:2]:
            subject = timeback_subject(enrolled.get("subjects") or []) or rng.choice(
                _FALLBACK_SUBJECTS
            )
            contexts.append((subject, enrolled))
        if not contexts:
            contexts = [(s, None) for s in rng.sample(_FALLBACK_SUBJECTS, 2)]
        for subject, course in contexts:
            app_name = app_for(subject)
            for day in days:
                if rng.random() < 0.2:  # some days off
                    continue
                start = dt.datetime.combine(day, dt.time(13), tzinfo=dt.timezone.utc)
                moment = start + dt.timedelta(minutes=rng.randrange(0, 11 * 60))
                events.extend(
                    _pair(config, rng, actor, sid, subject, course, app_name, day, moment)
                )
    if not events:
        return 0
    EventStore(store).store(
        events, sensor=SEED_SENSOR, send_time=iso_millis(dt.datetime.now(dt.timezone.utc)),
        client_app_id=SEED_CLIENT,
    )  # fmt: skip
    return len(events)


def _pair(
    config: EmulatorConfig,
    rng: random.Random,
    actor: dict[str, Any],
    sid: str,
    subject: str,
    course: dict[str, Any] | None,
    app_name: str,
    day: dt.date,
    moment: dt.datetime,
) -> list[dict[str, Any]]:
    key = f"timeback-emulator/{config.seed_number}/{sid}/{subject}/{day.isoformat()}"
    context: dict[str, Any] = {
        "id": f"https://emulator.timeback.local/activities/{quote(subject)}/{day.isoformat()}",
        "type": "TimebackActivityContext",
        "subject": subject,
        "app": {"name": app_name},
        "activity": {"name": f"{subject} practice"},
    }
    if course is not None:
        context["course"] = {
            "id": ONEROSTER_COURSES + quote(course["sourcedId"], safe=""),
            "name": course.get("title") or course["sourcedId"],
        }
    total = rng.randrange(5, 26)
    correct = round(total * rng.uniform(0.55, 0.98))
    activity_metrics = [
        {"type": "xpEarned", "value": correct * 2 + rng.randrange(0, 10)},
        {"type": "totalQuestions", "value": total},
        {"type": "correctQuestions", "value": correct},
        {"type": "masteredUnits", "value": rng.randrange(0, 3)},
    ]
    time_metrics = [
        {"type": "active", "value": rng.randrange(600, 2400)},
        {"type": "inactive", "value": rng.randrange(30, 600)},
        {"type": "waste", "value": rng.randrange(0, 300)},
    ]
    base = {"@context": CONTEXT, "profile": "TimebackProfile", "actor": actor, "object": context}
    return [
        {
            **base,
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key + '/activity')}",
            "type": "ActivityEvent",
            "action": "Completed",
            "eventTime": iso_millis(moment),
            "generated": {
                "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key + '/activity-metrics')}",
                "type": "TimebackActivityMetricsCollection",
                "items": activity_metrics,
            },
        },
        {
            **base,
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key + '/time')}",
            "type": "TimeSpentEvent",
            "action": "SpentTime",
            "eventTime": iso_millis(moment + dt.timedelta(minutes=1)),
            "generated": {
                "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key + '/time-metrics')}",
                "type": "TimebackTimeSpentMetricsCollection",
                "items": time_metrics,
            },
        },
    ]
