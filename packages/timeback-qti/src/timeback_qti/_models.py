"""Typed models of what the QTI service returns and accepts. Pure.

Every model is tolerant: unknown members are kept (``model_extra``), optional members may be
missing, and enumerations (item types, cardinalities...) are plain strings so that a value the
service adds later never fails a response. Members are snake_case in Python and camelCase on the
wire, except the QTI element names the service uses as JSON keys (``qti-test-part``...), which
keep their hyphenated names as aliases.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field, field_validator

from timeback_common import TimebackModel

__all__ = [
    "AssessmentItem",
    "AssessmentTest",
    "CorrectResponse",
    "FeedbackElement",
    "ItemMetadata",
    "ItemRef",
    "LearningObjectiveSet",
    "LessonFeedback",
    "OutcomeDeclaration",
    "ProcessResponseResult",
    "QtiModel",
    "QuestionReference",
    "ResponseDeclaration",
    "ResponseFeedback",
    "ResponseProcessing",
    "Section",
    "Stimulus",
    "TestOutcomeDeclaration",
    "TestPart",
    "TestQuestion",
    "TestQuestions",
    "ValidationResult",
]


class QtiModel(TimebackModel):
    """Base of every QTI model (unknown members kept, validators built on first use)."""

    model_config = ConfigDict(defer_build=True)

    def to_body(self) -> dict[str, Any]:
        """The JSON body of this model (wire names, ``None`` members omitted)."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def _string_bool(value: Any) -> Any:
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    return value


StringBool = Annotated[bool, BeforeValidator(_string_bool)]


class CorrectResponse(QtiModel):
    """The model answer of a response variable.

    Attributes:
        value: The correct values (one for single cardinality; in order for ordered).
    """

    value: list[str] = Field(default_factory=list)


class ResponseDeclaration(QtiModel):
    """A response variable of an item.

    Attributes:
        identifier: Its name (usually ``RESPONSE``).
        cardinality: ``single``, ``multiple``, ``ordered`` or ``record``.
        base_type: ``identifier``, ``string``, ``directedPair``...; None for records.
        correct_response: The model answer, if declared.
    """

    identifier: str
    cardinality: str = "single"
    base_type: str | None = None
    correct_response: CorrectResponse | None = None


class OutcomeDeclaration(QtiModel):
    """An outcome variable of an item (``SCORE``, ``FEEDBACK``...).

    Attributes:
        identifier: Its name.
        cardinality: Its cardinality.
        base_type: Its base type.
    """

    identifier: str
    cardinality: str | None = None
    base_type: str | None = None


class InlineFeedbackRule(QtiModel):
    """Which outcome drives inline feedback.

    Attributes:
        outcome_identifier: The outcome holding the feedback identifier.
        variable_identifier: The variable it is set from.
    """

    outcome_identifier: str | None = None
    variable_identifier: str | None = None


class ResponseProcessing(QtiModel):
    """How an item is scored (the JSON form's summary of its response processing).

    Attributes:
        template_type: ``match_correct`` or ``map_response``.
        response_declaration_identifier: The response variable scored.
        outcome_identifier: The outcome set.
        correct_response_identifier: Feedback identifier when correct.
        incorrect_response_identifier: Feedback identifier when incorrect.
        inline_feedback: Inline feedback wiring, if any.
    """

    template_type: str | None = None
    response_declaration_identifier: str | None = None
    outcome_identifier: str | None = None
    correct_response_identifier: str | None = None
    incorrect_response_identifier: str | None = None
    inline_feedback: InlineFeedbackRule | None = None


class LearningObjectiveSet(QtiModel):
    """Learning objectives from one source (``CASE``...).

    Attributes:
        source: Where the objective ids come from.
        learning_objective_ids: The objectives.
    """

    source: str | None = None
    learning_objective_ids: list[str] = Field(default_factory=list)


class ItemMetadata(QtiModel):
    """An item's metadata (other members are kept).

    Attributes:
        subject: The subject.
        grade: The grade (``"-1"`` to ``"13"``).
        difficulty: ``easy``, ``medium`` or ``hard``.
        learning_objective_set: The learning objectives it assesses.
    """

    subject: str | None = None
    grade: str | None = None
    difficulty: str | None = None
    learning_objective_set: list[LearningObjectiveSet] | None = None

    @field_validator("grade", mode="before")
    @classmethod
    def _grade_text(cls, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class FeedbackElement(QtiModel):
    """A modal, inline or block feedback element of an item.

    Attributes:
        outcome_identifier: The outcome it reacts to.
        identifier: The value of that outcome that shows (or hides) it.
        show_hide: ``show`` or ``hide``.
        content: Its HTML content.
        title: Its title (modal feedback).
    """

    outcome_identifier: str | None = None
    identifier: str | None = None
    show_hide: str | None = None
    content: str | None = None
    title: str | None = None


class AssessmentItem(QtiModel):
    """A question (``qti-assessment-item``).

    Attributes:
        identifier: The item's identifier, chosen by its author.
        title: Its title.
        type: Its interaction type (``choice``, ``text-entry``...); new types are kept as is.
        qti_version: The QTI version (``3.0``).
        time_dependent: Whether response time affects scoring.
        adaptive: Whether the item adapts to responses.
        response_declarations: Its response variables.
        outcome_declarations: Its outcome variables.
        response_processing: How it is scored, when the service summarises it.
        metadata: Its metadata (subject, grade, difficulty...).
        raw_xml: Its QTI XML as stored (inspect it with `interaction_kinds`, or with
            ``inspect_item_xml``, which parses safely).
        content: The XML converted to JSON by the service.
        modal_feedback: Modal feedback elements.
        feedback_inline: Inline feedback elements.
        feedback_block: Block feedback elements.
        created_at: When it was created (as the service wrote it).
        updated_at: When it was last changed.
    """

    identifier: str
    title: str | None = None
    type: str | None = None
    qti_version: str | None = None
    time_dependent: StringBool | None = None
    adaptive: StringBool | None = None
    response_declarations: list[ResponseDeclaration] | None = None
    outcome_declarations: list[OutcomeDeclaration] | None = None
    response_processing: ResponseProcessing | None = None
    metadata: ItemMetadata | None = None
    raw_xml: str | None = None
    content: dict[str, Any] | None = None
    modal_feedback: list[FeedbackElement] | None = None
    feedback_inline: list[FeedbackElement] | None = None
    feedback_block: list[FeedbackElement] | None = None
    created_at: str | None = None
    updated_at: str | None = None

    @property
    def interaction_kinds(self) -> list[str]:
        """The kinds of interaction in the item's XML (``["choice"]``...), read safely.

        Falls back to ``[type]`` when the item has no XML.

        Raises:
            QtiXmlError: The stored XML is unsafe or malformed.
        """
        from timeback_qti._xml import inspect_item_xml

        if self.raw_xml:
            return list(inspect_item_xml(self.raw_xml).interaction_kinds)
        return [self.type] if self.type else []


class Stimulus(QtiModel):
    """Shared content (a passage, an image, a table) items refer to.

    Attributes:
        identifier: The stimulus identifier.
        title: Its title.
        label: A label.
        language: Its language (``en``...).
        content: Its HTML content (JSON form); the service answers with the XML as JSON.
        catalog_info: Accessibility support entries.
        metadata: Free-form metadata.
        raw_xml: Its QTI XML as stored.
        created_at: When it was created.
        updated_at: When it was last changed.
    """

    identifier: str
    title: str | None = None
    label: str | None = None
    language: str | None = None
    content: Any = None
    catalog_info: list[dict[str, Any]] | None = None
    metadata: dict[str, Any] | None = None
    raw_xml: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


class ItemRef(QtiModel):
    """A reference from a section to an item.

    Attributes:
        identifier: The item's identifier.
        href: Where the item is (the service's path to it).
        sequence: Its position, when given.
    """

    identifier: str
    href: str | None = None
    sequence: int | None = None


class Section(QtiModel):
    """A section of a test part (``qti-assessment-section``), holding item references.

    Attributes:
        identifier: The section identifier.
        title: Its title.
        visible: Whether candidates see it as a section.
        required: Whether it must be presented.
        fixed: Whether its position is fixed.
        sequence: Its position in the part.
        item_refs: Its items, in order (``qti-assessment-item-ref``).
    """

    identifier: str
    title: str | None = None
    visible: StringBool | None = None
    required: StringBool | None = None
    fixed: StringBool | None = None
    sequence: int | None = None
    item_refs: list[ItemRef] | None = Field(default=None, alias="qti-assessment-item-ref")


class TestPart(QtiModel):
    """A part of a test (``qti-test-part``), holding sections.

    Attributes:
        identifier: The part identifier.
        navigation_mode: ``linear`` or ``nonlinear``.
        submission_mode: ``individual`` or ``simultaneous``.
        sections: Its sections (``qti-assessment-section``).
    """

    __test__ = False  # not a pytest test class

    identifier: str
    navigation_mode: str | None = None
    submission_mode: str | None = None
    sections: list[Section] | None = Field(default=None, alias="qti-assessment-section")


class TestOutcomeDeclaration(QtiModel):
    """An outcome variable of a test.

    Attributes:
        identifier: Its name (``SCORE``...).
        cardinality: Its cardinality.
        base_type: Its base type.
        normal_maximum: Its maximum.
        normal_minimum: Its minimum.
        default_value: ``{"value": ...}``.
    """

    __test__ = False

    identifier: str
    cardinality: str | None = None
    base_type: str | None = None
    normal_maximum: float | None = None
    normal_minimum: float | None = None
    default_value: dict[str, Any] | None = None


class AssessmentTest(QtiModel):
    """A test (``qti-assessment-test``): parts, sections and item references.

    Attributes:
        identifier: The test identifier.
        title: Its title.
        qti_version: The QTI version.
        test_parts: Its parts (``qti-test-part``).
        outcome_declarations: Its outcomes (``qti-outcome-declaration``).
        time_limit: Time limit in seconds.
        max_attempts: Attempts allowed.
        tools_enabled: Tools offered to candidates.
        metadata: Free-form metadata.
        raw_xml: Its QTI XML as stored.
        content: The XML converted to JSON by the service.
        is_valid_xml: Whether the service found the XML valid.
        created_at: When it was created.
        updated_at: When it was last changed.
    """

    __test__ = False

    identifier: str
    title: str | None = None
    qti_version: str | None = None
    test_parts: list[TestPart] | None = Field(default=None, alias="qti-test-part")
    outcome_declarations: list[TestOutcomeDeclaration] | None = Field(
        default=None, alias="qti-outcome-declaration"
    )
    time_limit: float | None = None
    max_attempts: int | None = None
    tools_enabled: dict[str, Any] | None = None
    metadata: dict[str, Any] | None = None
    raw_xml: str | None = None
    content: dict[str, Any] | None = None
    is_valid_xml: StringBool | None = None
    created_at: str | None = None
    updated_at: str | None = None


class QuestionReference(QtiModel):
    """Where a question sits in a test.

    Attributes:
        identifier: The item identifier.
        href: The item reference's href.
        test_part: The part's identifier.
        section: The section's identifier.
    """

    identifier: str
    href: str | None = None
    test_part: str | None = None
    section: str | None = None


class TestQuestion(QtiModel):
    """One question of a test, with its place.

    Attributes:
        reference: Where it sits.
        question: The item.
    """

    __test__ = False

    reference: QuestionReference
    question: AssessmentItem


class TestQuestions(QtiModel):
    """Every question of a test, in order.

    Attributes:
        assessment_test: The test identifier.
        title: The test title.
        total_questions: How many questions.
        questions: The questions.
    """

    __test__ = False

    assessment_test: str
    title: str | None = None
    total_questions: int | None = None
    questions: list[TestQuestion] = Field(default_factory=list)


class ResponseFeedback(QtiModel):
    """Feedback on a scored response.

    Attributes:
        identifier: Machine-readable (``correct``, ``incorrect``...).
        value: Human-readable (``Correct``...).
    """

    identifier: str | None = None
    value: str | None = None


class ProcessResponseResult(QtiModel):
    """The score of a candidate response.

    Attributes:
        score: 1.0 correct, 0.0 incorrect; with a mapping, the mapped sum; between 0 and 1 for
            graded free responses.
        feedback: Feedback identifier and text.
    """

    score: float
    feedback: ResponseFeedback | None = None


class LessonFeedback(QtiModel):
    """Feedback a user left on a question or a lesson.

    Attributes:
        id: The feedback's id, when the service returns one (used to delete it).
        question_id: The question, for question feedback.
        user_id: Who wrote it.
        feedback: The text.
        type: ``QUESTION`` or ``LESSON``.
        lesson_id: The lesson.
        human_approved: Whether a person approved it.
    """

    id: str | None = None
    question_id: str | None = None
    user_id: str | None = None
    feedback: str | None = None
    type: str | None = None
    lesson_id: str | None = None
    human_approved: StringBool | None = None


class ValidationResult(QtiModel):
    """The outcome of validating one XML document.

    Attributes:
        success: Whether the XML is valid (the service sends ``"true"``/``"false"``).
        entity_id: The entity validated.
        xml_content: The XML validated.
        validation_errors: What is wrong, each with its line and column when known.
        message: A summary.
    """

    success: StringBool
    entity_id: str | None = None
    xml_content: str | None = None
    validation_errors: list[str] = Field(default_factory=list)
    message: str | None = None
