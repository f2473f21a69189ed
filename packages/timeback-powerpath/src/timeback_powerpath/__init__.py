"""Typed sync and async client for Timeback PowerPath (mastery learning).

Lesson plans built from a course, the lesson-mastery question loop with XP and accuracy,
placement and screening, test-outs, external tests and test assignments::

    from timeback_powerpath import PowerPathClient        # async
    from timeback_powerpath import SyncPowerPathClient    # the same methods, blocking

    async with PowerPathClient(env="staging", client_id="...", client_secret="...") as client:
        await client.lesson_plans.create("course-1", "student-1")
        async for question in client.mastery.questions("student-1", "lesson-1"):
            await client.mastery.answer("student-1", "lesson-1", question.id, "B")

Every error is a `PowerPathError` and a class of the `timeback_common` tree (``NotFoundError``,
``InputValidationError``...).
"""

from ._async.client import PowerPathClient
from ._errors import PowerPathError
from ._models import (
    AssessmentProgress,
    Attempt,
    BulkTestAssignmentResult,
    CourseProgress,
    CourseProgressLineItem,
    CreatedLessonPlan,
    CreatedTest,
    CreatedTestAssignment,
    CurrentLevel,
    ExternalTestAssignment,
    FinalizedAssessment,
    LessonPlanOperation,
    LessonPlanTree,
    NextPlacementTest,
    NextQuestion,
    OperationsResult,
    PlacementReset,
    PlacementTests,
    PowerPathModel,
    Question,
    QuestionContent,
    QuestionResponseResult,
    QuestionResult,
    ResetAttemptResult,
    ScreeningAssignment,
    ScreeningSession,
    StartedTestOut,
    StoredOperation,
    SubjectCourseProgress,
    SubjectProgress,
    Syllabus,
    SyncedLessonPlans,
    TestAssignment,
    TestAssignmentError,
    TestAssignmentRequest,
    TestOut,
)
from ._paths import POWERPATH_PATHS, PowerPathPaths
from ._requests import DEFAULT_CONCURRENCY
from ._sync.client import SyncPowerPathClient
from ._version import __version__

__all__ = [
    "DEFAULT_CONCURRENCY",
    "POWERPATH_PATHS",
    "AssessmentProgress",
    "Attempt",
    "BulkTestAssignmentResult",
    "CourseProgress",
    "CourseProgressLineItem",
    "CreatedLessonPlan",
    "CreatedTest",
    "CreatedTestAssignment",
    "CurrentLevel",
    "ExternalTestAssignment",
    "FinalizedAssessment",
    "LessonPlanOperation",
    "LessonPlanTree",
    "NextPlacementTest",
    "NextQuestion",
    "OperationsResult",
    "PlacementReset",
    "PlacementTests",
    "PowerPathClient",
    "PowerPathError",
    "PowerPathModel",
    "PowerPathPaths",
    "Question",
    "QuestionContent",
    "QuestionResponseResult",
    "QuestionResult",
    "ResetAttemptResult",
    "ScreeningAssignment",
    "ScreeningSession",
    "StartedTestOut",
    "StoredOperation",
    "SubjectCourseProgress",
    "SubjectProgress",
    "Syllabus",
    "SyncPowerPathClient",
    "SyncedLessonPlans",
    "TestAssignment",
    "TestAssignmentError",
    "TestAssignmentRequest",
    "TestOut",
    "__version__",
]
