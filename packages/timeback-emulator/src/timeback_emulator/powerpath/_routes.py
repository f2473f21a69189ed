"""The PowerPath endpoints: request parsing and answers; the logic is in the sibling modules.

Errors answer ``{"message": ...}``: 400 for a bad body or query, 404 for unknown records.
"""

from __future__ import annotations

import csv
import io
import urllib.parse
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._http import BodyError, json_response, message_error, path_param, read_json
from timeback_emulator.powerpath import _mastery, _plans, _state
from timeback_emulator.powerpath._course import (
    base_xp,
    course_or_404,
    course_tree,
    lesson_or_404,
    lesson_type,
    lessons_of_course,
    q,
    ref_id,
    student_or_404,
)
from timeback_emulator.powerpath._state import Invalid, NotFound, store_of

Handler = Callable[[Request], Awaitable[Response]]

SUBJECTS = (
    "Reading",
    "Language",
    "Vocabulary",
    "Social Studies",
    "Writing",
    "Science",
    "FastMath",
    "Math",
)
GRADES = tuple(str(g) for g in range(-1, 14))


def handler(fn: Callable[[Request], Awaitable[Any]]) -> Handler:
    """Turn a function returning JSON (or a Response) into an endpoint with typed errors."""

    async def endpoint(request: Request) -> Response:
        try:
            value = await fn(request)
        except NotFound as exc:
            return message_error(404, exc.message)
        except (Invalid, BodyError) as exc:
            return message_error(400, exc.message)
        return value if isinstance(value, Response) else json_response(value)

    endpoint.__doc__ = fn.__doc__
    endpoint.__name__ = fn.__name__
    return endpoint


def _query(request: Request, *names: str) -> list[str]:
    values = []
    for name in names:
        value = request.query_params.get(name, "").strip()
        if not value:
            raise Invalid(f"query parameter {name} is required")
        values.append(value)
    return values


async def _body(request: Request, *required: str) -> dict[str, Any]:
    data = await read_json(request)
    if not isinstance(data, dict):
        raise Invalid("the body must be a JSON object")
    missing = [name for name in required if not isinstance(data.get(name), str) or not data[name]]
    if missing:
        raise Invalid(f"missing or empty: {', '.join(missing)}")
    return data


# -- the question loop ------------------------------------------------------------------------


def _student_and_lesson(
    name: str, summary: str, action: Callable[[Request, str, str], Any], *, in_body: bool
) -> Handler:
    """A handler that reads ``student`` and ``lesson`` (from the query, or from the JSON body
    when ``in_body``) and answers what ``action`` gives for them."""

    async def endpoint(request: Request) -> Any:
        if in_body:
            data = await _body(request, "student", "lesson")
            student, lesson = data["student"], data["lesson"]
        else:
            student, lesson = _query(request, "student", "lesson")
        return action(request, student, lesson)

    endpoint.__name__ = name
    endpoint.__doc__ = summary
    return handler(endpoint)


get_next_question = _student_and_lesson(
    "get_next_question", "Get the next question of a lesson.", _mastery.next_question, in_body=False
)
get_attempts = _student_and_lesson(
    "get_attempts", "List a student's attempts at a lesson.", _mastery.all_attempts, in_body=False
)
final_response = _student_and_lesson(
    "final_response", "Finalise an attempt.", _mastery.finalize, in_body=True
)
create_new_attempt = _student_and_lesson(
    "create_new_attempt", "Start a new attempt.", _mastery.new_attempt, in_body=True
)
reset_attempt = _student_and_lesson(
    "reset_attempt", "Reset the latest attempt.", _mastery.reset_attempt, in_body=True
)


@handler
async def update_question_response(request: Request) -> Any:
    """Record and score a student's response."""
    data = await _body(request, "student", "lesson", "question")
    response = data.get("response")
    if not (
        isinstance(response, str)
        or (isinstance(response, list) and all(isinstance(v, str) for v in response))
    ):
        raise Invalid("response must be a string or a list of strings")
    return _mastery.answer(request, data["student"], data["lesson"], data["question"], response)


@handler
async def get_assessment_progress(request: Request) -> Any:
    """Get a student's progress in a lesson."""
    student, lesson = _query(request, "student", "lesson")
    raw = request.query_params.get("attempt")
    number = None
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise Invalid("attempt must be a positive integer")
        number = int(raw)
    return _mastery.progress(request, student, lesson, number)


# -- lesson plans -----------------------------------------------------------------------------


@handler
async def create_lesson_plan(request: Request) -> Any:
    """Create a student's lesson plan for a course."""
    data = await _body(request, "courseId", "userId")
    class_id = data.get("classId") if isinstance(data.get("classId"), str) else None
    plan_id, created = _plans.create(store_of(request), data["courseId"], data["userId"], class_id)
    return json_response({"lessonPlanId": plan_id}, 201 if created else 200)


def _tree_answer(request: Request, plan: dict[str, Any]) -> dict[str, Any]:
    tree, _ = _plans.replay(store_of(request), plan)
    return {"lessonPlan": {"lessonPlan": tree}}


@handler
async def get_tree(request: Request) -> Any:
    """A student's lesson plan for a course."""
    plan = _plans.plan_for(
        store_of(request), path_param(request, "courseId"), path_param(request, "userId")
    )
    return _tree_answer(request, plan)


@handler
async def get_lesson_plan(request: Request) -> Any:
    """A lesson plan by id."""
    return _tree_answer(
        request, _plans.plan_or_404(store_of(request), path_param(request, "lessonPlanId"))
    )


@handler
async def get_lesson_plan_structure(request: Request) -> Any:
    """A lesson plan's structure."""
    store = store_of(request)
    plan = _plans.plan_or_404(store, path_param(request, "lessonPlanId"))
    return {"lessonPlan": {"lessonPlan": _plans.structure(store, plan)}}


@handler
async def delete_lesson_plans(request: Request) -> Any:
    """Delete every lesson plan of a course."""
    store = store_of(request)
    course_id = path_param(request, "courseId")
    course_or_404(store, course_id)
    for plan in _state.all_of(store, "plan"):
        if plan["courseId"] == course_id:
            _state.delete(store, "plan", plan["id"])
    return Response(status_code=204)


@handler
async def store_operation(request: Request) -> Any:
    """Record an operation in a lesson plan's log."""
    data = await _body(request)
    answer = _plans.store_operation(
        store_of(request),
        path_param(request, "lessonPlanId"),
        data.get("operation"),
        data.get("reason"),
    )
    return json_response(answer, 201)


@handler
async def get_operations(request: Request) -> Any:
    """A lesson plan's operations."""
    plan = _plans.plan_or_404(store_of(request), path_param(request, "lessonPlanId"))
    return {"operations": plan["operations"]}


@handler
async def sync_operations(request: Request) -> Any:
    """Replay a lesson plan's log."""
    return _plans.sync(store_of(request), path_param(request, "lessonPlanId"), recreate=False)


@handler
async def recreate_lesson_plan(request: Request) -> Any:
    """Rebuild a lesson plan from its course and replay the log."""
    return _plans.sync(store_of(request), path_param(request, "lessonPlanId"), recreate=True)


@handler
async def sync_course_lesson_plans(request: Request) -> Any:
    """Rebuild every lesson plan of a course."""
    store = store_of(request)
    course_id = path_param(request, "courseId")
    course_or_404(store, course_id)
    affected = []
    for plan in _state.all_of(store, "plan"):
        if plan["courseId"] == course_id:
            _plans.sync(store, plan["id"], recreate=True)
            affected.append(plan["id"])
    return {"lessonPlansAffected": affected}


def _results(store: Any, line_item_id: str, student: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = store.find(
        "assessmentResults",
        filter=f"assessmentLineItem.sourcedId={q(line_item_id)} AND student.sourcedId={q(student)}"
        " AND status='active'",
    )
    return found


@handler
async def get_course_progress(request: Request) -> Any:
    """A student's results across a course."""
    store = store_of(request)
    course_id, student = path_param(request, "courseId"), path_param(request, "studentId")
    course_or_404(store, course_id)
    student_or_404(store, student)
    only = request.query_params.get("lessonId")
    items = []
    for line_item in store.find(
        "assessmentLineItems", filter=f"course.sourcedId={q(course_id)} AND status='active'"
    ):
        cr_id = ref_id(line_item.get("componentResource"))
        if only and cr_id != only:
            continue
        entry: dict[str, Any] = {
            "type": "componentResource" if cr_id else "component",
            "assessmentLineItemSourcedId": line_item["sourcedId"],
            "title": line_item.get("title"),
            "results": _results(store, line_item["sourcedId"], student),
        }
        if cr_id:
            entry["courseComponentResourceSourcedId"] = cr_id
        else:
            entry["courseComponentSourcedId"] = ref_id(line_item.get("component"))
        items.append(entry)
    return {"lineItems": items}


@handler
async def update_item_response(request: Request) -> Any:
    """Record a student's result for a lesson PowerPath does not score."""
    data = await _body(request, "studentId", "componentResourceId")
    result = data.get("result")
    if not isinstance(result, dict):
        raise Invalid("result must be an object")
    store = store_of(request)
    student, lesson = data["studentId"], data["componentResourceId"]
    student_or_404(store, student)
    cr, resource = lesson_or_404(store, lesson)
    line_item_id = f"ali-pp-{lesson}"
    line_item = store.get("assessmentLineItems", line_item_id) or store.upsert(
        "assessmentLineItems",
        {
            "sourcedId": line_item_id,
            "title": str(cr.get("title") or resource.get("title") or lesson),
            "component": cr.get("courseComponent"),
            "componentResource": {"sourcedId": lesson},
            "resultValueMin": 0,
            "resultValueMax": 100,
            "metadata": {"lessonType": lesson_type(cr), "powerpath": True},
        },
    )
    stored = store.upsert(
        "assessmentResults",
        {
            **{
                k: v
                for k, v in result.items()
                if k not in ("sourcedId", "student", "assessmentLineItem")
            },
            "sourcedId": f"ar-pp-{student}-{lesson}-item",
            "assessmentLineItem": {"sourcedId": line_item_id},
            "student": {"sourcedId": student},
        },
    )
    return json_response(
        {"componentResourceLineItem": line_item, "componentResourceResult": stored}, 201
    )


@handler
async def get_course_syllabus(request: Request) -> Any:
    """A course's syllabus."""
    return {"syllabus": course_tree(store_of(request), path_param(request, "courseSourcedId"))}


# -- placement ----------------------------------------------------------------------------------
# Emulator decision: the placement tests of a subject are the first test-out lesson of each
# active course of that subject, lowest grade first. Finalising one with 80% accuracy passes that
# grade; the student is placed at the first grade not passed (the highest when all are).


def _placement_tests(store: Any, subject: str) -> list[tuple[str, dict[str, Any]]]:
    tests: list[tuple[int, str, dict[str, Any]]] = []
    for course in store.find("courses", filter="status='active'"):
        if subject not in (course.get("subjects") or []):
            continue
        grades = [str(g) for g in course.get("grades") or []]
        lesson = next(
            (
                ls
                for ls in lessons_of_course(store, course["sourcedId"])
                if ls.get("lessonType") == "test-out"
            ),
            None,
        )
        if grades and lesson is not None:
            tests.append(
                (int(grades[0]) if grades[0].lstrip("-").isdigit() else 99, grades[0], lesson)
            )
    seen: set[str] = set()
    out = []
    for _n, grade, lesson in sorted(tests, key=lambda t: (t[0], t[2]["sourcedId"])):
        if grade not in seen:
            seen.add(grade)
            out.append((grade, lesson))
    return out


def _taken(store: Any, student: str, lesson_id: str) -> dict[str, Any] | None:
    finals = [a for a in _mastery.attempts_of(store, student, lesson_id) if a["finalized"]]
    return finals[-1] if finals else None


def _placement(store: Any, student: str, subject: str) -> dict[str, Any]:
    tests = _placement_tests(store, subject)
    level: str | None = None
    next_lesson: str | None = None
    onboarded = False
    results = []
    for grade, lesson in tests:
        attempt = _taken(store, student, lesson["sourcedId"])
        if attempt is None:
            next_lesson = lesson["sourcedId"]
            level = level if level is not None else grade
            break
        passed = float(attempt["score"]) >= _mastery.MASTERY_ACCURACY
        results.append((grade, lesson, attempt, passed))
        onboarded = True
        level = grade
        if not passed:
            break
    available = len(tests) - len(results)
    return {
        "tests": tests,
        "results": results,
        "gradeLevel": level if results else None,
        "onboarded": onboarded,
        "availableTests": available,
        "lesson": None if results and not results[-1][3] else next_lesson,
        "exhausted": (results and not results[-1][3]) or next_lesson is None,
    }


def _known_student_and_subject(request: Request) -> tuple[Any, str, str]:
    """The store, and the ``student`` and ``subject`` of the query (404 for an unknown student)."""
    store = store_of(request)
    student, subject = _query(request, "student", "subject")
    student_or_404(store, student)
    return store, student, subject


@handler
async def get_all_placement_tests(request: Request) -> Any:
    """A subject's placement tests."""
    store, student, subject = _known_student_and_subject(request)
    out = []
    for _grade, lesson in _placement_tests(store, subject):
        line_item = store.get("assessmentLineItems", f"ali-pp-{lesson['sourcedId']}")
        results = _results(store, line_item["sourcedId"], student) if line_item else None
        cr = {k: v for k, v in lesson.items() if k != "resource"}
        resource = lesson.get("resource") or {}
        out.append(
            {
                "component_resources": cr,
                "resources": resource,
                "resources_metadata": resource.get("metadata") or {},
                "assessment_line_items": line_item,
                "assessment_results": results,
            }
        )
    return {"placementTests": out}


@handler
async def get_current_level(request: Request) -> Any:
    """A student's placement level in a subject."""
    store, student, subject = _known_student_and_subject(request)
    state = _placement(store, student, subject)
    return {k: state[k] for k in ("gradeLevel", "onboarded", "availableTests")}


@handler
async def get_next_placement_test(request: Request) -> Any:
    """The next placement test."""
    store, student, subject = _known_student_and_subject(request)
    state = _placement(store, student, subject)
    return {
        "exhaustedTests": bool(state["exhausted"]),
        "gradeLevel": state["gradeLevel"],
        "lesson": state["lesson"],
        "onboarded": state["onboarded"],
        "availableTests": state["availableTests"],
    }


def _xp_earned(store: Any, student: str, lesson_id: str) -> float:
    line_item_id = f"ali-pp-{lesson_id}"
    return sum(
        float((r.get("metadata") or {}).get("xp") or 0)
        for r in _results(store, line_item_id, student)
    )


@handler
async def get_subject_progress(request: Request) -> Any:
    """A student's progress in every course of a subject."""
    store, student, subject = _known_student_and_subject(request)
    progress = []
    for course in store.find("courses", filter="status='active'"):
        if subject not in (course.get("subjects") or []):
            continue
        lessons = lessons_of_course(store, course["sourcedId"])
        test_outs = [ls for ls in lessons if ls.get("lessonType") == "test-out"]
        progress.append(
            {
                "course": {
                    "sourcedId": course["sourcedId"],
                    "title": course.get("title"),
                    "courseCode": course.get("courseCode"),
                    "grades": course.get("grades"),
                    "subjects": course.get("subjects"),
                    "level": course.get("level"),
                    "orgSourcedId": ref_id(course.get("org")),
                    "status": course.get("status"),
                    "dateLastModified": course.get("dateLastModified"),
                },
                "inEnrolled": False,
                "hasUsedTestOut": any(
                    _mastery.attempts_of(store, student, ls["sourcedId"]) for ls in test_outs
                ),
                "testOutLessonId": test_outs[0]["sourcedId"] if test_outs else None,
                "completedLessons": sum(
                    1 for ls in lessons if _taken(store, student, ls["sourcedId"])
                ),
                "totalLessons": len(lessons),
                "totalAttainableXp": sum(base_xp(ls.get("resource") or {}) for ls in lessons),
                "totalXpEarned": sum(_xp_earned(store, student, ls["sourcedId"]) for ls in lessons),
            }
        )
    return {"progress": progress}


@handler
async def get_student_placement_data(request: Request) -> Any:
    """A student's placement in every subject."""
    store = store_of(request)
    student = path_param(request, "studentId")
    student_or_404(store, student)
    out: dict[str, Any] = {}
    for subject in SUBJECTS:
        state = _placement(store, student, subject)
        if not state["tests"]:
            continue
        grades = [int(g) for g, _ in state["tests"]]
        current = int(state["gradeLevel"]) if state["gradeLevel"] is not None else grades[0]
        out[subject] = {
            "startingGrade": grades[0],
            "currentGrade": current,
            "subjectLowestGrade": min(grades),
            "subjectHighestGrade": max(grades),
            "RIT": {},
            "results": [
                {
                    "testId": lesson["sourcedId"],
                    "title": lesson.get("title"),
                    "subject": subject,
                    "grade": int(grade),
                    "status": "PASSED" if passed else "FAILED",
                    "score": attempt["score"],
                    "completedAt": attempt["completedAt"],
                    "source": "powerpath",
                }
                for grade, lesson, attempt, passed in state["results"]
            ],
            "status": "onboarded" if state["onboarded"] else "not_started",
            "nextTestId": state["lesson"],
        }
    return out


@handler
async def reset_user_placement(request: Request) -> Any:
    """Forget a student's placement in a subject."""
    store = store_of(request)
    data = await _body(request, "student", "subject")
    student, subject = data["student"], data["subject"]
    student_or_404(store, student)
    deleted = 0
    for _grade, lesson in _placement_tests(store, subject):
        for attempt in _mastery.attempts_of(store, student, lesson["sourcedId"]):
            result_id = f"ar-pp-{student}-{lesson['sourcedId']}-{attempt['attempt']}"
            result = store.get("assessmentResults", result_id)
            if result is not None and result.get("status") == "active":
                store.soft_delete("assessmentResults", result_id)
                deleted += 1
        _state.delete(store, "attempts", f"{student}\n{lesson['sourcedId']}")
    return {"success": True, "placementResultsDeleted": deleted, "onboardingReset": True}


# -- screening ----------------------------------------------------------------------------------


@handler
async def get_screening_results(request: Request) -> Any:
    """A student's screening results (the emulator has no screening tool: none)."""
    store = store_of(request)
    student = path_param(request, "userId")
    student_or_404(store, student)
    return {"userId": student, "results": []}


@handler
async def get_screening_session(request: Request) -> Any:
    """A student's screening session."""
    store = store_of(request)
    student = path_param(request, "userId")
    student_or_404(store, student)
    session = _state.get(store, "screening", student)
    if session is None:
        raise NotFound(f"No screening session for user {student}")
    return session


@handler
async def assign_screening_test(request: Request) -> Any:
    """Assign a screening test."""
    store = store_of(request)
    data = await _body(request, "userId", "subject")
    student = student_or_404(store, data["userId"])
    number = _state.next_number(store, "screening")
    name = f"{student.get('givenName', '')} {student.get('familyName', '')}".strip()
    key = f"screening-{number}"
    assignment = {"assignedTestKey": key, "status": "assigned", "nweaStatus": "AWAITING_STUDENT"}
    session = {
        "nweaStudentId": f"nwea-{student['sourcedId']}",
        "createdOn": _state.now(),
        "password": f"pw-{number:04d}",
        "name": name,
        "proctorId": "proctor-1",
        "pin": f"{number:04d}",
        "testSessionId": f"session-{number}",
        "status": "active",
        "assignment": assignment,
        "termId": "term-1",
    }
    _state.put(store, "screening", student["sourcedId"], session)
    return [
        {
            "assignedTestKey": key,
            "email": student.get("email"),
            "testName": f"{data['subject']} screening",
            "testSessionId": session["testSessionId"],
            "updatedOn": session["createdOn"],
            "nweaStatus": "AWAITING_STUDENT",
            "status": "assigned",
            "studentId": student["sourcedId"],
            "studentName": name,
        }
    ]


@handler
async def reset_screening_session(request: Request) -> Any:
    """Reset a student's screening session."""
    store = store_of(request)
    data = await _body(request, "userId")
    student_or_404(store, data["userId"])
    _state.delete(store, "screening", data["userId"])
    return Response(status_code=204)


# -- test-outs and external tests ----------------------------------------------------------------


def _test_out_lesson(store: Any, course_id: str) -> dict[str, Any] | None:
    return next(
        (ls for ls in lessons_of_course(store, course_id) if ls.get("lessonType") == "test-out"),
        None,
    )


@handler
async def test_out(request: Request) -> Any:
    """A course's test-out and the student's standing."""
    store = store_of(request)
    student, course_id = _query(request, "student", "course")
    student_or_404(store, student)
    course_or_404(store, course_id)
    lesson = _test_out_lesson(store, course_id)
    if lesson is None:
        return {
            "lessonType": "test-out",
            "lessonId": None,
            "finalized": False,
            "toolProvider": None,
        }
    attempts = _mastery.attempts_of(store, student, lesson["sourcedId"])
    return {
        "lessonType": "test-out",
        "lessonId": lesson["sourcedId"],
        "finalized": bool(attempts and attempts[-1]["finalized"]),
        "toolProvider": None,
        "attempt": attempts[-1]["attempt"] if attempts else 1,
    }


@handler
async def start_test_out(request: Request) -> Any:
    """Assign a course's test-out to a student."""
    store = store_of(request)
    data = await _body(request, "courseId", "studentId")
    course_or_404(store, data["courseId"])
    student_or_404(store, data["studentId"])
    lesson = _test_out_lesson(store, data["courseId"])
    if lesson is None:
        raise NotFound(f"Course {data['courseId']} has no test-out")
    key = f"{data['courseId']}\n{data['studentId']}"
    existing = _state.get(store, "testout", key)
    if existing is not None:
        return {**existing, "status": "existing"}
    doc = {
        "assignmentId": f"tout-{_state.next_number(store, 'testout')}",
        "lessonId": lesson["sourcedId"],
        "resourceId": ref_id(lesson.get("resource"))
        or (lesson.get("resource") or {}).get("sourcedId"),
    }
    _state.put(store, "testout", key, doc)
    return {**doc, "status": "created"}


def _create_test(
    store: Any, data: dict[str, Any], lesson_kind: str, *, external: bool
) -> dict[str, Any]:
    course = course_or_404(store, str(data.get("courseId")))
    number = _state.next_number(store, "test")
    component_id = data.get("courseComponentSourcedId")
    if isinstance(component_id, str) and component_id:
        if store.get("courseComponents", component_id) is None:
            raise NotFound(f"Course component {component_id} not found")
    else:
        component_id = f"cc-pp-test-{number}"
        store.upsert(
            "courseComponents",
            {
                "sourcedId": component_id,
                "title": data.get("unitTitle") or f"{lesson_kind} {number}",
                "course": {"sourcedId": course["sourcedId"]},
                "parent": None,
                "sortOrder": 1000 + number,
                "prerequisites": [],
                "metadata": None,
            },
        )
    metadata: dict[str, Any] = dict(data.get("resourceMetadata") or {})
    metadata.update(type="assessment-test", xp=data.get("xp") or 0, grades=data.get("grades") or [])
    if external:
        metadata.update(launchUrl=data.get("launchUrl"), toolProvider=data.get("toolProvider"))
    elif isinstance(data.get("qti"), dict):
        metadata["url"] = data["qti"].get("url")
    resource_id = f"rsc-pp-test-{number}"
    store.upsert(
        "resources",
        {
            "sourcedId": resource_id,
            "title": data.get("lessonTitle") or f"{lesson_kind} {number}",
            "roles": ["primary"],
            "importance": "primary",
            "vendorResourceId": f"pp-test-{number}",
            "vendorId": data.get("vendorId"),
            "metadata": metadata,
        },
    )
    lesson_id = f"cr-pp-test-{number}"
    store.upsert(
        "componentResources",
        {
            "sourcedId": lesson_id,
            "title": data.get("lessonTitle") or f"{lesson_kind} {number}",
            "courseComponent": {"sourcedId": component_id},
            "resource": {"sourcedId": resource_id},
            "sortOrder": 1,
            "lessonType": lesson_kind,
            "metadata": {"courseIdOnFail": data.get("courseIdOnFail")},
        },
    )
    out = {
        "lessonType": lesson_kind,
        "lessonId": lesson_id,
        "courseComponentId": component_id,
        "resourceId": resource_id,
        "courseIdOnFail": data.get("courseIdOnFail"),
        "grades": data.get("grades") or [],
    }
    if external:
        out.update(
            launchUrl=data.get("launchUrl"),
            toolProvider=data.get("toolProvider"),
            vendorId=data.get("vendorId"),
        )
    else:
        out.update(testType=data.get("testType"), childResourceIds=[])
    return out


async def _external_body(request: Request) -> dict[str, Any]:
    data = await _body(request, "courseId", "toolProvider", "lessonType")
    if data["toolProvider"] not in ("edulastic", "mastery-track"):
        raise Invalid("toolProvider must be edulastic or mastery-track")
    if not isinstance(data.get("grades"), list) or not data["grades"]:
        raise Invalid("grades must be a non-empty list")
    return data


@handler
async def create_external_test_out(request: Request) -> Any:
    """Add an external test-out to a course."""
    data = await _external_body(request)
    return _create_test(store_of(request), data, "test-out", external=True)


@handler
async def create_external_placement_test(request: Request) -> Any:
    """Add an external placement test to a course."""
    data = await _external_body(request)
    return _create_test(store_of(request), data, "placement", external=True)


@handler
async def create_internal_test(request: Request) -> Any:
    """Add a PowerPath-served test to a course."""
    data = await _body(request, "courseId", "lessonType", "testType")
    if data["testType"] not in ("qti", "assessment-bank"):
        raise Invalid("testType must be qti or assessment-bank")
    return _create_test(store_of(request), data, data["lessonType"], external=False)


@handler
async def make_external_test_assignment(request: Request) -> Any:
    """Assign an external test to a student."""
    store = store_of(request)
    data = await _body(request, "student", "lesson")
    student = student_or_404(store, data["student"])
    cr, resource = lesson_or_404(store, data["lesson"])
    metadata = resource.get("metadata") or {}
    key = f"{student['sourcedId']}\n{cr['sourcedId']}"
    doc = _state.get(store, "external", key) or {
        "toolProvider": metadata.get("toolProvider") or "mastery-track",
        "lessonType": lesson_type(cr),
        "lessonId": cr["sourcedId"],
        "attempt": 1,
        "credentials": {
            "email": student.get("email") or "",
            "password": f"pw-{_state.next_number(store, 'external'):04d}",
        },
        "assignmentId": f"ext-{cr['sourcedId']}-{student['sourcedId']}",
        "classId": None,
        "testUrl": metadata.get("launchUrl"),
        "testId": data.get("testId") or cr["sourcedId"],
    }
    _state.put(store, "external", key, doc)
    return doc


@handler
async def import_external_results(request: Request) -> Any:
    """Import an external test's results (the emulator has no external tool: not finalised)."""
    store = store_of(request)
    student, lesson = _query(request, "student", "lesson")
    doc = _state.get(store, "external", f"{student}\n{lesson}")
    if doc is None:
        raise NotFound(f"No external test assignment for {student} and lesson {lesson}")
    cr, _ = lesson_or_404(store, lesson)
    return {
        **doc,
        "finalized": False,
        "courseIdOnFail": (cr.get("metadata") or {}).get("courseIdOnFail"),
        "hasFallbackCourse": False,
    }


# -- test assignments -----------------------------------------------------------------------------


def _assign(store: Any, row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise Invalid("each assignment must be an object")
    for name in ("student", "subject", "grade"):
        if not isinstance(row.get(name), str) or not row[name]:
            raise Invalid(f"{name} is required")
    if row["subject"] not in SUBJECTS:
        raise Invalid(f"subject must be one of {', '.join(SUBJECTS)}")
    if row["grade"] not in GRADES:
        raise Invalid("grade must be -1 to 13")
    student = student_or_404(store, row["student"])
    number = _state.next_number(store, "assignment")
    resource_id, lesson_id = f"rsc-ta-{number}", f"cr-ta-{number}"
    title = row.get("testName") or f"{row['subject']} grade {row['grade']} test"
    store.upsert(
        "resources",
        {
            "sourcedId": resource_id,
            "title": title,
            "roles": ["primary"],
            "importance": "primary",
            "vendorResourceId": f"ta-{number}",
            "metadata": {
                "type": "assessment-test",
                "subject": row["subject"],
                "grades": [row["grade"]],
                "xp": 0,
            },
        },
    )
    store.upsert(
        "componentResources",
        {
            "sourcedId": lesson_id,
            "title": title,
            "courseComponent": None,
            "resource": {"sourcedId": resource_id},
            "sortOrder": 1,
            "lessonType": "test-out",
        },
    )
    assignment = {
        "sourcedId": f"ta-{number}",
        "studentSourcedId": student["sourcedId"],
        "studentEmail": student.get("email") or "",
        "assignedByUserSourcedId": None,
        "subject": row["subject"],
        "grade": row["grade"],
        "assignmentStatus": "assigned",
        "testName": row.get("testName"),
        "assignedAt": _state.now(),
        "expiresAt": None,
        "completedAt": None,
        "resourceSourcedId": resource_id,
        "componentResourceSourcedId": lesson_id,
    }
    _state.put(store, "assignment", assignment["sourcedId"], assignment)
    return {
        "assignmentId": assignment["sourcedId"],
        "lessonId": lesson_id,
        "resourceId": resource_id,
    }


def _many(store: Any, rows: list[Any]) -> dict[str, Any]:
    results, errors = [], []
    for index, row in enumerate(rows):
        try:
            results.append(_assign(store, row))
        except (Invalid, NotFound) as exc:
            errors.append({"row": index, "message": exc.message})
    return {"success": not errors, "results": results, "errors": errors}


def _paged(request: Request, student_required: bool) -> Any:
    store = store_of(request)
    params = request.query_params
    if student_required:
        _query(request, "student")
    try:
        limit = int(params.get("limit", "100"))
        offset = int(params.get("offset", "0"))
    except ValueError:
        raise Invalid("limit and offset must be integers") from None
    if limit < 1 or limit > 3000 or offset < 0:
        raise Invalid("limit must be 1-3000 and offset >= 0")
    rows = [
        a
        for a in _state.all_of(store, "assignment")
        if (not params.get("student") or a["studentSourcedId"] == params["student"])
        and (not params.get("status") or a["assignmentStatus"] == params["status"])
        and (not params.get("subject") or a["subject"] == params["subject"])
        and (not params.get("grade") or a["grade"] == params["grade"])
    ]
    page = rows[offset : offset + limit]
    return {
        "testAssignments": page,
        "totalCount": len(rows),
        "pageCount": (len(rows) + limit - 1) // limit,
        "pageNumber": offset // limit + 1,
        "offset": offset,
        "limit": limit,
    }


@handler
async def list_student_test_assignments(request: Request) -> Any:
    """A student's test assignments."""
    return _paged(request, True)


@handler
async def list_all_test_assignments(request: Request) -> Any:
    """Every test assignment."""
    return _paged(request, False)


@handler
async def create_test_assignment(request: Request) -> Any:
    """Assign a test to a student."""
    return _assign(store_of(request), await _body(request))


@handler
async def create_bulk_test_assignments(request: Request) -> Any:
    """Assign many tests."""
    data = await _body(request)
    if not isinstance(data.get("items"), list):
        raise Invalid("items must be a list")
    return _many(store_of(request), data["items"])


@handler
async def import_test_assignments(request: Request) -> Any:
    """Assign the tests of a sheet (only ``data:text/csv,...`` URLs are read)."""
    data = await _body(request, "spreadsheetUrl", "sheet")
    url = data["spreadsheetUrl"]
    if not url.startswith("data:text/csv,"):
        return {
            "success": False,
            "results": [],
            "errors": [{"row": 0, "message": "the emulator reads only data:text/csv, URLs"}],
        }
    text = urllib.parse.unquote(url[len("data:text/csv,") :])
    rows = list(csv.DictReader(io.StringIO(text)))
    return _many(store_of(request), [{k: v for k, v in r.items() if v} for r in rows])


def _assignment_or_404(request: Request) -> dict[str, Any]:
    assignment_id = path_param(request, "id")
    doc = _state.get(store_of(request), "assignment", assignment_id)
    if doc is None:
        raise NotFound(f"Test assignment {assignment_id} not found")
    return doc


@handler
async def get_test_assignment(request: Request) -> Any:
    """One test assignment."""
    return _assignment_or_404(request)


@handler
async def update_test_assignment(request: Request) -> Any:
    """Rename a test assignment."""
    doc = _assignment_or_404(request)
    data = await _body(request, "testName")
    doc["testName"] = data["testName"]
    _state.put(store_of(request), "assignment", doc["sourcedId"], doc)
    return Response(status_code=204)


@handler
async def delete_test_assignment(request: Request) -> Any:
    """Delete a test assignment."""
    doc = _assignment_or_404(request)
    _state.delete(store_of(request), "assignment", doc["sourcedId"])
    return Response(status_code=204)
