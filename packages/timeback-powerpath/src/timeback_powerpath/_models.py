"""The PowerPath wire models. Pure.

Every model is tolerant: members the platform adds are kept (``model_extra``), and members the
references mark as required but that a lesson type may leave out are optional here, so that one
answer shape never breaks a client. Nested platform records that PowerPath copies from OneRoster
(courses, components, results) are plain dicts: this package does not depend on the OneRoster
client.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from timeback_common import TimebackModel

__all__ = [
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
    "PowerPathModel",
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
    "SyncedLessonPlans",
    "TestAssignment",
    "TestAssignmentError",
    "TestAssignmentRequest",
    "TestOut",
]

Response = str | list[str]


class PowerPathModel(TimebackModel):
    """Base of every PowerPath model: snake_case attributes, camelCase on the wire, unknown
    members kept."""


# -- the question loop --------------------------------------------------------------------------


class QuestionContent(PowerPathModel):
    """A question's QTI item as served: its type and raw QTI 3.0 XML."""

    type: str | None = None
    raw_xml: str | None = None


class QuestionResult(PowerPathModel):
    """How one response was scored: the QTI score and feedback."""

    score: float = 0.0
    feedback: Any = None


class Question(PowerPathModel):
    """A question of a lesson: one QTI item, with the student's response once answered.

    Attributes:
        id: The QTI item's identifier (what `mastery.answer` takes as ``question``).
        index: Its position in the attempt (0-based).
        title: The item's title.
        url: Where the QTI item lives.
        difficulty: ``easy``, ``medium`` or ``hard``.
        content: The item's QTI XML.
        response: The student's response, once answered.
        correct: Whether the response was right, once answered.
        result: The score and feedback of the response, once answered.
    """

    id: str
    index: int = 0
    title: str | None = None
    url: str | None = None
    difficulty: str | None = None
    human_approved: bool | None = None
    content: QuestionContent | None = None
    response: Response | None = None
    correct: bool | None = None
    result: QuestionResult | None = None
    learning_objectives: list[str] | None = None


class NextQuestion(PowerPathModel):
    """`mastery.next_question`: the student's lesson score and the question to answer next.

    Attributes:
        score: The PowerPath score of the attempt so far (0-100).
        question: The next question, or None when the attempt has none left (mastered or
            finalised).
    """

    score: float = 0.0
    question: Question | None = None


class QuestionResponseResult(PowerPathModel):
    """`mastery.answer`: how a response was scored and where the attempt stands.

    Attributes:
        lesson_type: ``powerpath-100``, ``quiz``, ``test-out``, ``placement``, ``unit-test``...
        powerpath_score: The PowerPath score after this response (PowerPath 100 lessons).
        response_result: The QTI score and feedback of this response.
        accuracy: Correct responses over responses in this attempt, in percent.
        correct_questions: Correct responses in this attempt.
        total_questions: Responses in this attempt.
        xp: XP awarded, once the lesson is complete (None before).
        multiplier: The multiplier applied to the lesson's base XP, once complete.
    """

    lesson_type: str | None = None
    powerpath_score: float | None = None
    response_result: QuestionResult | None = None
    question_result: Any = None
    test_result: Any = None
    accuracy: float | None = None
    correct_questions: int | None = None
    total_questions: int | None = None
    xp: float | None = None
    multiplier: float | None = None


class Attempt(PowerPathModel):
    """One attempt of a student at a lesson."""

    attempt: int | None = None
    score: float = 0.0
    score_status: str | None = None
    started_at: str | None = None
    completed_at: str | None = None


class AssessmentProgress(PowerPathModel):
    """`mastery.progress`: a student's progress in a lesson's attempt.

    PowerPath 100 lessons fill ``seen_questions``; quizzes, test-outs and placement tests fill
    ``questions`` and ``finalized``.
    """

    lesson_type: str | None = None
    score: float | None = None
    attempt: int | None = None
    finalized: bool | None = None
    xp: float | None = None
    multiplier: float | None = None
    accuracy: float | None = None
    correct_questions: int | None = None
    total_questions: int | None = None
    seen_questions: list[Question] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    remaining_questions_per_difficulty: dict[str, int] | None = None
    tool_provider: str | None = None


class FinalizedAssessment(PowerPathModel):
    """`mastery.finalize`: the attempt was tallied."""

    lesson_type: str | None = None
    finalized: bool = False
    attempt: int | None = None


class ResetAttemptResult(PowerPathModel):
    """`mastery.reset_attempt`: whether the latest attempt was reset, and its score now."""

    success: bool = False
    score: float = 0.0


# -- lesson plans -------------------------------------------------------------------------------


class CreatedLessonPlan(PowerPathModel):
    """`lesson_plans.create`: the lesson plan's id."""

    lesson_plan_id: str


class LessonPlanTree(PowerPathModel):
    """A lesson plan: the course and its tree of components and resources.

    Attributes:
        lesson_plan: The plan as sent (``{"lessonPlan": {"course": ..., "subComponents": [...]}}``
            for the tree; ``{"lessonPlan": {"id", "courseId", "structure": [...]}}`` for the
            structure).
    """

    lesson_plan: dict[str, Any] = Field(default_factory=dict)

    @property
    def course(self) -> dict[str, Any]:
        """The plan's course (empty for a structure)."""
        inner = self.lesson_plan.get("lessonPlan") or {}
        return dict(inner.get("course") or {})

    @property
    def components(self) -> list[dict[str, Any]]:
        """The top-level components of the tree (units), each with its ``subComponents`` and
        ``componentResources``; the ``structure`` of a structure answer."""
        inner = self.lesson_plan.get("lessonPlan") or {}
        return list(inner.get("subComponents") or inner.get("structure") or [])


class StoredOperation(PowerPathModel):
    """`lesson_plans.store_operation`: whether the operation was recorded, and its id."""

    success: bool = False
    message: str | None = None
    operation_id: str | None = None


class LessonPlanOperation(PowerPathModel):
    """One recorded operation of a lesson plan's log."""

    id: str
    type: str
    payload: Any = None
    reason: str | None = None
    created_at: str | None = None
    sequence_number: int | None = None
    created_by: str | None = None


class OperationsResult(PowerPathModel):
    """`lesson_plans.sync_operations` / `recreate`: how many operations were applied."""

    success: bool = False
    message: str | None = None
    operation_count: int = 0
    operation_results: list[dict[str, Any]] = Field(default_factory=list)


class SyncedLessonPlans(PowerPathModel):
    """`lesson_plans.sync_course`: the lesson plans brought up to date with the course."""

    lesson_plans_affected: list[str] = Field(default_factory=list)


class CourseProgressLineItem(PowerPathModel):
    """One assessed part of a course (a component or a component resource) and its results."""

    type: str | None = None
    assessment_line_item_sourced_id: str | None = None
    course_component_sourced_id: str | None = None
    course_component_resource_sourced_id: str | None = None
    title: str | None = None
    results: list[dict[str, Any]] = Field(default_factory=list)


class CourseProgress(PowerPathModel):
    """`lesson_plans.course_progress`: a student's results across a course."""

    line_items: list[CourseProgressLineItem] = Field(default_factory=list)


class Syllabus(PowerPathModel):
    """`syllabus.get`: a course's syllabus (its components, resources and QTI references)."""

    syllabus: Any = None


# -- placement and screening --------------------------------------------------------------------


class PlacementTests(PowerPathModel):
    """`placement.all_tests`: the subject's placement tests, with any results of the student."""

    placement_tests: list[dict[str, Any]] = Field(default_factory=list)


class CurrentLevel(PowerPathModel):
    """`placement.current_level`: the grade the student is placed at in a subject."""

    grade_level: str | None = None
    onboarded: bool = False
    available_tests: int = 0


class NextPlacementTest(PowerPathModel):
    """`placement.next_test`: the placement test to take next (its lesson), if any."""

    exhausted_tests: bool = False
    grade_level: str | None = None
    lesson: str | None = None
    onboarded: bool = False
    available_tests: int = 0


class SubjectCourseProgress(PowerPathModel):
    """One course of a subject and the student's progress in it."""

    course: dict[str, Any] = Field(default_factory=dict)
    in_enrolled: bool | None = None
    has_used_test_out: bool | None = None
    test_out_lesson_id: str | None = None
    completed_lessons: int = 0
    total_lessons: int = 0
    total_attainable_xp: float = 0.0
    total_xp_earned: float = 0.0


class SubjectProgress(PowerPathModel):
    """`placement.subject_progress`: the student's progress in every course of a subject."""

    progress: list[SubjectCourseProgress] = Field(default_factory=list)


class PlacementReset(PowerPathModel):
    """`placement.reset`: what resetting a student's placement in a subject removed."""

    success: bool = False
    placement_results_deleted: int = 0
    onboarding_reset: bool = False


class ScreeningSession(PowerPathModel):
    """`screening.session`: the student's screening test session.

    The session's ``password`` and ``pin`` are kept out of the repr.
    """

    test_session_id: str | None = None
    name: str | None = None
    status: str | None = None
    assignment: dict[str, Any] | None = None
    term_id: str | None = None
    created_on: str | None = None
    password: str | None = Field(default=None, repr=False)
    pin: str | None = Field(default=None, repr=False)


class ScreeningAssignment(PowerPathModel):
    """One screening test assigned by `screening.assign_test`."""

    assigned_test_key: str | None = None
    test_name: str | None = None
    test_session_id: str | None = None
    status: str | None = None
    nwea_status: str | None = None
    student_id: str | None = None
    student_name: str | None = None


# -- test-outs, external tests and test assignments ---------------------------------------------


class TestOut(PowerPathModel):
    """`test_outs.get`: the course's test-out lesson, if any, and the student's standing."""

    __test__ = False  # not a pytest test class

    lesson_type: str | None = None
    lesson_id: str | None = None
    finalized: bool = False
    tool_provider: str | None = None
    attempt: int | None = None
    credentials: dict[str, Any] | None = Field(default=None, repr=False)


class StartedTestOut(PowerPathModel):
    """`test_outs.start`: the test-out assignment (``created`` now or ``existing``)."""

    assignment_id: str
    lesson_id: str | None = None
    resource_id: str | None = None
    status: str | None = None


class CreatedTest(PowerPathModel):
    """A test lesson created in a course (external test-out or placement, or internal test)."""

    lesson_type: str | None = None
    lesson_id: str
    course_component_id: str | None = None
    resource_id: str | None = None
    test_type: str | None = None
    launch_url: str | None = None
    tool_provider: str | None = None


class ExternalTestAssignment(PowerPathModel):
    """An external test assigned to a student, or its imported results.

    The test tool's login (``credentials``) is kept out of the repr.
    """

    lesson_type: str | None = None
    lesson_id: str | None = None
    tool_provider: str | None = None
    attempt: int | None = None
    finalized: bool | None = None
    assignment_id: str | None = None
    class_id: str | None = None
    test_url: str | None = None
    test_id: str | None = None
    credentials: dict[str, Any] | None = Field(default=None, repr=False)


class TestAssignment(PowerPathModel):
    """A test assigned to a student (an unlisted test-out)."""

    __test__ = False  # not a pytest test class

    sourced_id: str
    student_sourced_id: str | None = None
    student_email: str | None = None
    assigned_by_user_sourced_id: str | None = None
    subject: str | None = None
    grade: str | None = None
    assignment_status: str | None = None
    test_name: str | None = None
    assigned_at: str | None = None
    expires_at: str | None = None
    completed_at: str | None = None
    resource_sourced_id: str | None = None
    component_resource_sourced_id: str | None = None


class TestAssignmentRequest(PowerPathModel):
    """One test to assign: a student, a subject and a grade (``"-1"`` to ``"13"``)."""

    __test__ = False  # not a pytest test class

    student: str = Field(min_length=1)
    subject: str = Field(min_length=1)
    grade: str = Field(min_length=1)
    test_name: str | None = None


class CreatedTestAssignment(PowerPathModel):
    """A test assignment just created: its id, its unlisted lesson and the resource."""

    assignment_id: str
    lesson_id: str | None = None
    resource_id: str | None = None


class TestAssignmentError(PowerPathModel):
    """One refused row of a bulk or imported assignment."""

    __test__ = False  # not a pytest test class

    row: int
    message: str


class BulkTestAssignmentResult(PowerPathModel):
    """`test_assignments.create_bulk` / `import_sheet`: what was created, what was refused."""

    success: bool = False
    results: list[CreatedTestAssignment] = Field(default_factory=list)
    errors: list[TestAssignmentError] = Field(default_factory=list)
