"""Typed sync and async client for the Timeback QTI 3.0 service.

Stimuli, assessment items, assessment tests (parts, sections, item references and their order),
item and test metadata, response processing, question and lesson feedback, and XML validation;
small builders for common interactions; and one safe XML parser for every XML the SDK reads.
Every error is a `QtiError` and a class of the `timeback_common` tree::

    from timeback_qti import QtiClient        # async
    from timeback_qti import SyncQtiClient    # the same methods, blocking
"""

from ._async.client import QtiClient
from ._builders import (
    MAP_RESPONSE,
    MATCH_CORRECT,
    choice_item,
    extended_text_item,
    inline_choice_item,
    match_item,
    order_item,
    text_entry_item,
)
from ._errors import QtiError, QtiXmlError
from ._models import (
    AssessmentItem,
    AssessmentTest,
    CorrectResponse,
    FeedbackElement,
    ItemMetadata,
    ItemRef,
    LearningObjectiveSet,
    LessonFeedback,
    OutcomeDeclaration,
    ProcessResponseResult,
    QtiModel,
    QuestionReference,
    ResponseDeclaration,
    ResponseFeedback,
    ResponseProcessing,
    Section,
    Stimulus,
    TestOutcomeDeclaration,
    TestPart,
    TestQuestion,
    TestQuestions,
    ValidationResult,
)
from ._sync.client import SyncQtiClient
from ._version import __version__
from ._xml import (
    INTERACTION_KINDS,
    MAX_XML_CHARS,
    QTI_NAMESPACE,
    ItemXmlSummary,
    XmlResponseDeclaration,
    inspect_item_xml,
    parse_xml,
)

__all__ = [
    "INTERACTION_KINDS",
    "MAP_RESPONSE",
    "MATCH_CORRECT",
    "MAX_XML_CHARS",
    "QTI_NAMESPACE",
    "AssessmentItem",
    "AssessmentTest",
    "CorrectResponse",
    "FeedbackElement",
    "ItemMetadata",
    "ItemRef",
    "ItemXmlSummary",
    "LearningObjectiveSet",
    "LessonFeedback",
    "OutcomeDeclaration",
    "ProcessResponseResult",
    "QtiClient",
    "QtiError",
    "QtiModel",
    "QtiXmlError",
    "QuestionReference",
    "ResponseDeclaration",
    "ResponseFeedback",
    "ResponseProcessing",
    "Section",
    "Stimulus",
    "SyncQtiClient",
    "TestOutcomeDeclaration",
    "TestPart",
    "TestQuestion",
    "TestQuestions",
    "ValidationResult",
    "XmlResponseDeclaration",
    "__version__",
    "choice_item",
    "extended_text_item",
    "inline_choice_item",
    "inspect_item_xml",
    "match_item",
    "order_item",
    "parse_xml",
    "text_entry_item",
]
