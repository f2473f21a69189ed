"""The models read what the service returns, keep unknown members and tolerate new values."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_qti import (
    AssessmentItem,
    AssessmentTest,
    ProcessResponseResult,
    ValidationResult,
    choice_item,
)

ITEM: dict[str, Any] = {
    "identifier": "q1",
    "title": "Sum",
    "type": "choice",
    "qtiVersion": "3.0",
    "timeDependent": False,
    "adaptive": "false",
    "responseDeclarations": [
        {
            "identifier": "RESPONSE",
            "cardinality": "single",
            "baseType": "identifier",
            "correctResponse": {"value": ["B"]},
        }
    ],
    "metadata": {"subject": "Math", "grade": 3, "difficulty": "easy", "custom": 1},
    "rawXml": choice_item("q1", "Sum", prompt="2+2?", choices=["3", "4"], correct="B"),
    "content": {"qti-assessment-item": {}},
    "createdAt": "2026-01-01T00:00:00.000Z",
    "__v": 0,
}


def test_item_reads_the_documented_members_and_keeps_unknown_ones() -> None:
    item = AssessmentItem.model_validate(ITEM)
    assert item.response_declarations is not None
    assert item.response_declarations[0].correct_response is not None
    assert item.response_declarations[0].correct_response.value == ["B"]
    assert item.adaptive is False
    assert item.metadata is not None
    assert item.metadata.grade == "3"
    assert item.metadata.model_extra == {"custom": 1}
    assert item.model_extra == {"__v": 0}
    assert item.interaction_kinds == ["choice"]


def test_a_new_item_type_is_kept() -> None:
    assert AssessmentItem.model_validate(
        {**ITEM, "type": "hologram", "rawXml": None}
    ).interaction_kinds == ["hologram"]


def test_test_reads_hyphenated_members() -> None:
    test = AssessmentTest.model_validate(
        {
            "identifier": "t",
            "title": "T",
            "qti-test-part": [
                {
                    "identifier": "p",
                    "navigationMode": "linear",
                    "submissionMode": "individual",
                    "qti-assessment-section": [
                        {
                            "identifier": "s",
                            "title": "S",
                            "visible": True,
                            "qti-assessment-item-ref": [{"identifier": "q1", "href": "x"}],
                        }
                    ],
                }
            ],
        }
    )
    assert test.test_parts is not None
    assert test.test_parts[0].sections is not None
    refs = test.test_parts[0].sections[0].item_refs
    assert refs is not None
    assert refs[0].identifier == "q1"
    assert test.to_body()["qti-test-part"][0]["qti-assessment-section"][0][
        "qti-assessment-item-ref"
    ][0] == {"identifier": "q1", "href": "x"}


def test_string_booleans_of_validation_results() -> None:
    assert (
        ValidationResult.model_validate({"success": "false", "validationErrors": ["x"]}).success
        is False
    )
    assert (
        ProcessResponseResult.model_validate(
            {"score": 1, "feedback": {"identifier": "correct", "value": "Correct"}}
        ).score
        == 1.0
    )


_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None)
@given(
    extra=st.dictionaries(
        st.text(min_size=1, max_size=8).filter(
            lambda k: k not in AssessmentItem.model_fields and k[0].islower() is False
        ),
        _json,
        max_size=4,
    )
)
def test_unknown_members_never_fail_an_item(extra: dict[str, Any]) -> None:
    item = AssessmentItem.model_validate({"identifier": "x", **extra})
    assert item.identifier == "x"
