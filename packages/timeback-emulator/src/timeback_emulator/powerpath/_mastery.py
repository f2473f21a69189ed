"""The lesson-mastery question loop over the QTI store, and the results it writes to OneRoster.

Emulator decisions (deterministic):

- The first question request of a lesson starts attempt 1. ``powerpath-100`` lessons serve the
  test's items in order, round and round, until the PowerPath score reaches 100; the score moves
  by the integration guide's "IXL Fast" rule (a right answer adds 15 below 10, 13 below 20, 11
  below 30, then 9, 8, 7, 6, 5 and 4 from 80; a wrong one removes 1 below 20, 2 below 30, 3
  below 50, 4 below 60, 5 below 70, 6 below 80, then 7 and 8 from 90). Other lesson types serve
  each item once, then no question until the attempt is finalised.
- A response is scored by the QTI room's response processing; an item's response is right when
  its feedback is ``correct``.
- Answering the question just answered again (a retried request) replays its result: no response
  is counted twice.
- A ``powerpath-100`` attempt completes when its score reaches 100; other attempts when
  finalised. Completing writes the lesson's assessment line item (``ali-pp-<lesson>``) and the
  student's assessment result (``ar-pp-<student>-<lesson>-<attempt>``) with ``metadata``
  ``{xp, multiplier, accuracy, correctQuestions, totalQuestions, masteredUnits, attempt,
  lessonType}``. The multiplier: first attempt 1.25 at 100% accuracy, 1.0 from 80%; later
  attempts 1.0 at 100%, 0.5 from 80%; else 0. ``xp`` is the resource's base XP times it.
  ``masteredUnits`` is 1 when the lesson is mastered (score 100, or accuracy from 80%).
- Completing also records a Timeback ``ActivityEvent`` (app ``PowerPath``, the course's subject,
  metrics ``xpEarned``, ``totalQuestions``, ``correctQuestions``, ``masteredUnits``) in the
  Caliper store, id ``urn:uuid:`` derived from the result's id, so that Edubridge's analytics,
  which the emulator computes from Caliper events, count the lesson as the platform's do.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from timeback_emulator._http import json_response
from timeback_emulator.caliper._events import EventStore
from timeback_emulator.caliper._seed import ONEROSTER_COURSES, ONEROSTER_USERS, timeback_subject
from timeback_emulator.caliper._validate import CONTEXT
from timeback_emulator.oneroster._records import assessment_line_item, assessment_result
from timeback_emulator.powerpath import _state
from timeback_emulator.powerpath._course import (
    base_xp,
    course_of_lesson,
    lesson_or_404,
    lesson_type,
    question_items,
    student_or_404,
)
from timeback_emulator.powerpath._state import Invalid, store_of
from timeback_emulator.qti import score_stored_item

PP100 = "powerpath-100"
MASTERY_ACCURACY = 80.0


def pp100_step(score: float, correct: bool) -> float:
    """The PowerPath 100 score after one response ("IXL Fast")."""
    if correct:
        steps = ((80, 4), (70, 5), (60, 6), (50, 7), (40, 8), (30, 9), (20, 11), (10, 13))
        gain = next((g for floor, g in steps if score >= floor), 15)
        return min(100.0, score + gain)
    losses = ((90, 8), (80, 7), (70, 6), (60, 5), (50, 4), (30, 3), (20, 2))
    loss = next((value for floor, value in losses if score >= floor), 1)
    return max(0.0, score - loss)


def multiplier(attempt: int, accuracy: float) -> float:
    """The XP multiplier of the integration guide."""
    if accuracy >= 100.0:
        return 1.25 if attempt == 1 else 1.0
    if accuracy >= MASTERY_ACCURACY:
        return 1.0 if attempt == 1 else 0.5
    return 0.0


def _key(student: str, lesson: str) -> str:
    return f"{student}\n{lesson}"


def attempts_of(store: Any, student: str, lesson: str) -> list[dict[str, Any]]:
    """The student's attempts at a lesson, oldest first."""
    doc = _state.get(store, "attempts", _key(student, lesson))
    return list((doc or {}).get("attempts") or [])


def _save(store: Any, student: str, lesson: str, attempts: list[dict[str, Any]]) -> None:
    _state.put(
        store,
        "attempts",
        _key(student, lesson),
        {"student": student, "lesson": lesson, "attempts": attempts},
    )


def _new_attempt(number: int) -> dict[str, Any]:
    return {
        "attempt": number,
        "score": 0.0,
        "scoreStatus": "not submitted",
        "startedAt": None,
        "completedAt": None,
        "finalized": False,
        "answers": [],
        "pending": None,
        "xp": None,
        "multiplier": None,
    }


def _current(attempts: list[dict[str, Any]]) -> dict[str, Any]:
    if not attempts:
        attempts.append(_new_attempt(1))
    return attempts[-1]


def _tally(attempt: dict[str, Any]) -> tuple[int, int, float]:
    answers = attempt["answers"]
    correct = sum(1 for a in answers if a["correct"])
    total = len(answers)
    return correct, total, (100.0 * correct / total) if total else 0.0


def _question(request: Request, item: dict[str, Any], index: int) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    difficulty = (item.get("metadata") or {}).get("difficulty")
    return {
        "id": item["identifier"],
        "index": index,
        "title": item.get("title") or item["identifier"],
        "url": f"{base}/assessment-items/{item['identifier']}",
        "difficulty": difficulty if difficulty in ("easy", "medium", "hard") else "medium",
        "humanApproved": None,
        "content": {"type": "qti", "rawXml": item.get("rawXml") or ""},
    }


def _answered(
    request: Request, item: dict[str, Any] | None, answer: dict[str, Any]
) -> dict[str, Any]:
    shown = _question(request, item, answer["index"]) if item else {"id": answer["question"]}
    shown.update(
        response=answer["response"],
        correct=answer["correct"],
        result={"score": answer["score"], "feedback": answer["feedback"]},
    )
    return shown


def _complete(store: Any, student: str, lesson: str, attempt: dict[str, Any]) -> None:
    """Close the attempt and write the lesson's assessment result with XP."""
    cr, resource = lesson_or_404(store, lesson)
    kind = lesson_type(cr)
    correct, total, accuracy = _tally(attempt)
    mult = multiplier(int(attempt["attempt"]), accuracy)
    xp = base_xp(resource) * mult
    score = attempt["score"] if kind == PP100 else round(accuracy, 2)
    mastered = score >= 100.0 if kind == PP100 else accuracy >= MASTERY_ACCURACY
    attempt.update(
        finalized=True,
        completedAt=_state.now(),
        scoreStatus="fully graded",
        score=score,
        xp=xp,
        multiplier=mult,
        pending=None,
    )
    line_item_id = f"ali-pp-{lesson}"
    if store.get("assessmentLineItems", line_item_id) is None:
        course_id = course_of_lesson(store, cr)
        store.upsert(
            "assessmentLineItems",
            assessment_line_item(
                line_item_id,
                str(cr.get("title") or resource.get("title") or lesson),
                component=cr.get("courseComponent"),
                component_resource={"sourcedId": lesson},
                course={"sourcedId": course_id} if course_id else None,
                metadata={"lessonType": kind, "powerpath": True},
            ),
        )
    result = store.upsert(
        "assessmentResults",
        assessment_result(
            f"ar-pp-{student}-{lesson}-{attempt['attempt']}",
            line_item={"sourcedId": line_item_id},
            student={"sourcedId": student},
            score=score,
            score_date=attempt["completedAt"],
            metadata={
                "xp": xp,
                "multiplier": mult,
                "accuracy": accuracy,
                "correctQuestions": correct,
                "totalQuestions": total,
                "masteredUnits": 1 if mastered else 0,
                "attempt": attempt["attempt"],
                "lessonType": kind,
            },
            with_percentile=False,
        ),
    )
    _record_activity(store, student, course_of_lesson(store, cr), result)


def _record_activity(
    store: Any, student: str, course_id: str | None, result: dict[str, Any]
) -> None:
    """The completed lesson as a Timeback ActivityEvent in the Caliper store (once per result)."""
    user = store.get("users", student) or {}
    course = store.get("courses", course_id) if course_id else None
    subject = timeback_subject((course or {}).get("subjects") or []) or "Math"
    context: dict[str, Any] = {
        "id": f"https://emulator.timeback.local/powerpath/{quote(result['sourcedId'], safe='')}",
        "type": "TimebackActivityContext",
        "subject": subject,
        "app": {"name": "PowerPath"},
    }
    if course is not None:
        context["course"] = {
            "id": ONEROSTER_COURSES + quote(course["sourcedId"], safe=""),
            "name": course.get("title") or course["sourcedId"],
        }
    metadata = result["metadata"]
    key = f"timeback-emulator/powerpath/{result['sourcedId']}"
    event = {
        "@context": CONTEXT,
        "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key)}",
        "type": "ActivityEvent",
        "profile": "TimebackProfile",
        "action": "Completed",
        "actor": {
            "id": ONEROSTER_USERS + quote(student, safe=""),
            "type": "TimebackUser",
            "email": user.get("email"),
            "role": "student",
        },
        "object": context,
        "eventTime": result["scoreDate"],
        "generated": {
            "id": f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, key + '/metrics')}",
            "type": "TimebackActivityMetricsCollection",
            "items": [
                {"type": "xpEarned", "value": metadata["xp"]},
                {"type": "totalQuestions", "value": metadata["totalQuestions"]},
                {"type": "correctQuestions", "value": metadata["correctQuestions"]},
                {"type": "masteredUnits", "value": metadata["masteredUnits"]},
            ],
        },
    }
    EventStore(store).store(
        [event], sensor="https://emulator.timeback.local/powerpath", send_time=None,
        client_app_id=None,
    )  # fmt: skip


def next_question(request: Request, student: str, lesson: str) -> dict[str, Any]:
    """``getNextQuestion``: the question to answer, serving it (``pending``)."""
    store = store_of(request)
    student_or_404(store, student)
    cr, resource = lesson_or_404(store, lesson)
    items = question_items(store, cr, resource)
    attempts = attempts_of(store, student, lesson)
    attempt = _current(attempts)
    if attempt["finalized"]:
        return {"score": attempt["score"], "question": None}
    if attempt["pending"] is None:
        index = len(attempt["answers"])
        if lesson_type(cr) != PP100 and index >= len(items):
            return {"score": attempt["score"], "question": None}
        attempt["pending"] = {"id": items[index % len(items)]["identifier"], "index": index}
        attempt["startedAt"] = attempt["startedAt"] or _state.now()
        attempt["scoreStatus"] = "partially graded"
        _save(store, student, lesson, attempts)
    pending = attempt["pending"]
    item = next(i for i in items if i["identifier"] == pending["id"])
    return {"score": attempt["score"], "question": _question(request, item, pending["index"])}


def _response_result(kind: str, attempt: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    correct, total, accuracy = _tally(attempt)
    out: dict[str, Any] = {
        "lessonType": kind,
        "powerpathScore": attempt["score"],
        "responseResult": {"score": answer["score"], "feedback": answer["feedback"]},
        "questionResult": {"correct": answer["correct"], "question": answer["question"]},
        "accuracy": accuracy,
        "correctQuestions": correct,
        "totalQuestions": total,
        "xp": attempt["xp"],
        "multiplier": attempt["multiplier"],
    }
    if kind != PP100:
        out["powerpathScore"] = attempt["score"]
    return out


def answer(
    request: Request, student: str, lesson: str, question: str, response: Any
) -> dict[str, Any]:
    """``updateStudentQuestionResponse``: score a response through QTI and record it once."""
    store = store_of(request)
    student_or_404(store, student)
    cr, resource = lesson_or_404(store, lesson)
    kind = lesson_type(cr)
    items = {i["identifier"]: i for i in question_items(store, cr, resource)}
    if question not in items:
        raise _state.NotFound(f"Question {question} is not in lesson {lesson}")
    attempts = attempts_of(store, student, lesson)
    attempt = _current(attempts)
    pending = attempt["pending"]
    last = attempt["answers"][-1] if attempt["answers"] else None
    if (pending is None or pending["id"] != question) and last and last["question"] == question:
        return _response_result(kind, attempt, last)  # a retried answer: replayed, not recounted
    if attempt["finalized"]:
        raise Invalid(f"Attempt {attempt['attempt']} of lesson {lesson} is finalized")
    scored = score_stored_item(store, question, response)
    if scored is None:
        raise _state.NotFound(f"Question {question} is not in the QTI store")
    feedback = scored["feedback"]
    record = {
        "question": question,
        "index": pending["index"]
        if pending and pending["id"] == question
        else len(attempt["answers"]),
        "response": response,
        "correct": feedback.get("identifier") == "correct",
        "score": scored["score"],
        "feedback": feedback.get("value"),
    }
    attempt["answers"].append(record)
    attempt["pending"] = None
    attempt["startedAt"] = attempt["startedAt"] or _state.now()
    if kind == PP100:
        attempt["score"] = pp100_step(float(attempt["score"]), record["correct"])
        if attempt["score"] >= 100.0:
            _complete(store, student, lesson, attempt)
    else:
        attempt["scoreStatus"] = "submitted"
    _save(store, student, lesson, attempts)
    return _response_result(kind, attempt, record)


def finalize(request: Request, student: str, lesson: str) -> dict[str, Any]:
    """``finalStudentAssessmentResponse``: tally the attempt and write its result."""
    store = store_of(request)
    student_or_404(store, student)
    cr, _resource = lesson_or_404(store, lesson)
    attempts = attempts_of(store, student, lesson)
    attempt = _current(attempts)
    if not attempt["finalized"]:
        _complete(store, student, lesson, attempt)
        _save(store, student, lesson, attempts)
    return {"lessonType": lesson_type(cr), "finalized": True, "attempt": attempt["attempt"]}


def _summary(attempt: dict[str, Any]) -> dict[str, Any]:
    return {k: attempt[k] for k in ("attempt", "score", "scoreStatus", "startedAt", "completedAt")}


def new_attempt(request: Request, student: str, lesson: str) -> dict[str, Any]:
    """``createNewAttempt``."""
    store = store_of(request)
    student_or_404(store, student)
    lesson_or_404(store, lesson)
    attempts = attempts_of(store, student, lesson)
    attempts.append(_new_attempt(len(attempts) + 1))
    _save(store, student, lesson, attempts)
    return {"attempt": _summary(attempts[-1])}


def all_attempts(request: Request, student: str, lesson: str) -> dict[str, Any]:
    """``getAttempts``."""
    store = store_of(request)
    student_or_404(store, student)
    lesson_or_404(store, lesson)
    return {"attempts": [_summary(a) for a in attempts_of(store, student, lesson)]}


def reset_attempt(request: Request, student: str, lesson: str) -> dict[str, Any]:
    """``resetAttempt``: the latest attempt as if never taken (its result deleted)."""
    store = store_of(request)
    student_or_404(store, student)
    lesson_or_404(store, lesson)
    attempts = attempts_of(store, student, lesson)
    if not attempts:
        return {"success": True, "score": 0}
    number = int(attempts[-1]["attempt"])
    result_id = f"ar-pp-{student}-{lesson}-{number}"
    if store.get("assessmentResults", result_id) is not None:
        store.soft_delete("assessmentResults", result_id)
    attempts[-1] = _new_attempt(number)
    _save(store, student, lesson, attempts)
    return {"success": True, "score": 0}


def progress(request: Request, student: str, lesson: str, number: int | None) -> dict[str, Any]:
    """``getAssessmentProgress``."""
    store = store_of(request)
    student_or_404(store, student)
    cr, resource = lesson_or_404(store, lesson)
    kind = lesson_type(cr)
    items = {i["identifier"]: i for i in question_items(store, cr, resource)}
    attempts = attempts_of(store, student, lesson)
    if number is not None:
        found = [a for a in attempts if a["attempt"] == number]
        if not found:
            raise _state.NotFound(f"Attempt {number} of lesson {lesson} not found")
        attempt = found[0]
    else:
        attempt = attempts[-1] if attempts else _new_attempt(1)
    correct, total, accuracy = _tally(attempt)
    seen = [_answered(request, items.get(a["question"]), a) for a in attempt["answers"]]
    common = {
        "lessonType": kind,
        "score": attempt["score"],
        "attempt": attempt["attempt"],
        "xp": attempt["xp"],
        "multiplier": attempt["multiplier"],
        "accuracy": accuracy,
        "correctQuestions": correct,
        "totalQuestions": total,
    }
    if kind == PP100:
        remaining = {"easy": 0, "medium": 0, "hard": 0}
        return {**common, "remainingQuestionsPerDifficulty": remaining, "seenQuestions": seen}
    return {**common, "finalized": attempt["finalized"], "questions": seen, "toolProvider": None}


def json(value: Any, status: int = 200) -> Response:
    """A JSON answer."""
    return json_response(value, status)
