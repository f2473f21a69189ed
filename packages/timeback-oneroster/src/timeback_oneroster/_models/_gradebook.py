"""Gradebook and resources response models.

Gradebook references are `Ref` (``{"sourcedId"}``); a GUIDRef sent instead still parses.
"""

from pydantic import Field

from timeback_oneroster._types import ResourceImportance, ScoreStatus, StringBool, WireDateTime

from ._base import Entity, ListOf, Number, OneRosterModel, Ref

__all__ = [
    "AssessmentLineItem",
    "AssessmentResult",
    "Category",
    "LearningObjectiveResult",
    "LearningObjectiveResultSet",
    "LearningObjectiveSet",
    "LineItem",
    "Resource",
    "Result",
    "ScoreScale",
    "ScoreScaleValue",
]


class LearningObjectiveSet(OneRosterModel):
    """Learning objectives a line item assesses, from one source.

    Attributes:
        source: Where the objective ids come from (e.g. ``case``).
        learning_objective_ids: The objectives.
    """

    source: str | None = None
    learning_objective_ids: ListOf[str] = Field(default_factory=list)


class LearningObjectiveResult(OneRosterModel):
    """A score against one learning objective.

    Attributes:
        learning_objective_id: The objective.
        score: Numeric score.
        text_score: Text score.
    """

    learning_objective_id: str | None = None
    score: Number | None = None
    text_score: str | None = None


class LearningObjectiveResultSet(OneRosterModel):
    """Results against learning objectives from one source.

    Attributes:
        source: Where the objective ids come from.
        learning_objective_results: One entry per objective.
    """

    source: str | None = None
    learning_objective_results: ListOf[LearningObjectiveResult] = Field(default_factory=list)


class Category(Entity):
    """A line-item category (homework, quizzes, ...).

    Attributes:
        title: Title.
        weight: Weight in the final grade.
    """

    title: str | None = None
    weight: Number | None = None


class ScoreScaleValue(OneRosterModel):
    """One mapping of a score scale.

    Attributes:
        item_value_lhs: Left-hand value (``itemValueLHS`` on the wire).
        item_value_rhs: Right-hand value (``itemValueRHS`` on the wire).
        value: Value.
        description: Description.
    """

    item_value_lhs: str | None = Field(default=None, alias="itemValueLHS")
    item_value_rhs: str | None = Field(default=None, alias="itemValueRHS")
    value: str | None = None
    description: str | None = None


class ScoreScale(Entity):
    """A score scale of a class.

    The member is singular on the wire, ``scoreScaleValue``, in requests and responses.

    Attributes:
        title: Title.
        type: Kind of scale.
        class_: The class (``class`` on the wire).
        course: The course.
        score_scale_value: The mappings.
    """

    title: str | None = None
    type: str | None = None
    class_: Ref | None = Field(default=None, alias="class")
    course: Ref | None = None
    score_scale_value: ListOf[ScoreScaleValue] = Field(default_factory=list)


class LineItem(Entity):
    """A gradable item (assignment) of a class.

    Attributes:
        title: Title.
        description: Description.
        assign_date: When it was assigned.
        due_date: When it is due.
        class_: The class (``class`` on the wire).
        school: The school.
        category: The category.
        grading_period: The grading period.
        academic_session: The academic session.
        score_scale: The score scale.
        result_value_min: Lowest possible score.
        result_value_max: Highest possible score.
        learning_objective_set: Objectives assessed.
    """

    title: str | None = None
    description: str | None = None
    assign_date: WireDateTime | None = None
    due_date: WireDateTime | None = None
    class_: Ref | None = Field(default=None, alias="class")
    school: Ref | None = None
    category: Ref | None = None
    grading_period: Ref | None = None
    academic_session: Ref | None = None
    score_scale: Ref | None = None
    result_value_min: Number | None = None
    result_value_max: Number | None = None
    learning_objective_set: ListOf[LearningObjectiveSet] = Field(default_factory=list)


class Result(Entity):
    """A student's result on a line item.

    Attributes:
        line_item: The line item.
        student: The student.
        class_: The class (``class`` on the wire).
        score_scale: The score scale.
        score_status: ``fully graded``, ``submitted``, ... (values contain spaces).
        score: Numeric score.
        text_score: Text score.
        score_date: When it was scored.
        comment: Comment.
        learning_objective_set: Results per objective.
        in_progress: Flag (``"true"``/``"false"`` on the wire).
        incomplete: Flag.
        late: Flag.
        missing: Flag.
    """

    line_item: Ref | None = None
    student: Ref | None = None
    class_: Ref | None = Field(default=None, alias="class")
    score_scale: Ref | None = None
    score_status: ScoreStatus | None = None
    score: Number | None = None
    text_score: str | None = None
    score_date: WireDateTime | None = None
    comment: str | None = None
    learning_objective_set: ListOf[LearningObjectiveResultSet] = Field(default_factory=list)
    in_progress: StringBool | None = None
    incomplete: StringBool | None = None
    late: StringBool | None = None
    missing: StringBool | None = None


class AssessmentLineItem(Entity):
    """An assessment line item (Timeback keeps component links on it).

    Attributes:
        title: Title.
        description: Description.
        class_: The class (``class`` on the wire).
        parent_assessment_line_item: Parent assessment line item.
        score_scale: The score scale.
        result_value_min: Lowest possible score.
        result_value_max: Highest possible score.
        learning_objective_set: Objectives assessed.
        component: The course component assessed (Timeback extension).
        component_resource: The component resource assessed (Timeback extension).
        course: The course (sent by the official client).
    """

    title: str | None = None
    description: str | None = None
    class_: Ref | None = Field(default=None, alias="class")
    parent_assessment_line_item: Ref | None = None
    score_scale: Ref | None = None
    result_value_min: Number | None = None
    result_value_max: Number | None = None
    learning_objective_set: ListOf[LearningObjectiveSet] = Field(default_factory=list)
    component: Ref | None = None
    component_resource: Ref | None = None
    course: Ref | None = None


class AssessmentResult(Entity):
    """A student's result on an assessment line item.

    Timeback keeps activity metrics (``masteredUnits``, ``totalQuestions``, ``correctQuestions``,
    ``accuracy``, ``xp``, ``multiplier``) in ``metadata``.

    Attributes:
        assessment_line_item: The assessment line item.
        student: The student.
        score_date: When it was scored.
        score_status: ``fully graded``, ``submitted``, ...
        score: Numeric score.
        text_score: Text score.
        comment: Comment.
        score_percentile: Percentile.
        score_scale: The score scale.
        learning_objective_set: Results per objective.
        in_progress: Flag (``"true"``/``"false"`` on the wire).
        incomplete: Flag.
        late: Flag.
        missing: Flag.
    """

    assessment_line_item: Ref | None = None
    student: Ref | None = None
    score_date: WireDateTime | None = None
    score_status: ScoreStatus | None = None
    score: Number | None = None
    text_score: str | None = None
    comment: str | None = None
    score_percentile: Number | None = None
    score_scale: Ref | None = None
    learning_objective_set: ListOf[LearningObjectiveResultSet] = Field(default_factory=list)
    in_progress: StringBool | None = None
    incomplete: StringBool | None = None
    late: StringBool | None = None
    missing: StringBool | None = None


class Resource(Entity):
    """A digital resource (QTI test, video, article, ...).

    ``metadata["type"]`` selects the shape of the metadata (``qti``, ``text``, ``video``, ...);
    base XP lives in ``metadata["xp"]``.

    Attributes:
        title: Title.
        vendor_resource_id: The vendor's id of the resource.
        roles: ``primary``/``secondary`` roles.
        importance: ``primary`` or ``secondary``.
        vendor_id: Vendor id.
        application_id: Application id.
    """

    title: str | None = None
    vendor_resource_id: str | None = None
    roles: ListOf[ResourceImportance] = Field(default_factory=list)
    importance: ResourceImportance | None = None
    vendor_id: str | None = None
    application_id: str | None = None
