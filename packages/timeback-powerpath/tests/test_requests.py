"""Argument checks and tolerant models (pure; hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common import InputValidationError
from timeback_powerpath import NextQuestion, PowerPathError, QuestionResponseResult, TestAssignment
from timeback_powerpath._requests import assignment_rows, check_concurrency, require


@given(st.text(alphabet=" \t\n", max_size=5))
def test_blank_ids_are_refused_naming_the_argument(blank: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        require(student="s1", lesson=blank)
    assert isinstance(caught.value, PowerPathError)
    assert [issue.path for issue in caught.value.issues] == ["lesson"]


@given(st.one_of(st.integers(max_value=0), st.booleans(), st.floats(), st.none()))
def test_concurrency_must_be_a_positive_integer(value: Any) -> None:
    with pytest.raises(InputValidationError):
        check_concurrency(value)


@given(st.integers(min_value=1, max_value=1000))
def test_positive_concurrency_is_kept(value: int) -> None:
    assert check_concurrency(value) == value


@given(st.dictionaries(st.from_regex(r"[a-z][a-zA-Z]{0,10}", fullmatch=True), st.integers()))
def test_answers_keep_unknown_members(extra: dict[str, int]) -> None:
    extra.pop("score", None)
    extra.pop("question", None)
    parsed = NextQuestion.model_validate({"score": 40, "question": None, **extra})
    assert parsed.score == 40
    assert parsed.model_extra is not None
    for name in extra:
        assert name in parsed.model_extra or hasattr(parsed, name)


def test_a_response_result_reads_camel_case() -> None:
    parsed = QuestionResponseResult.model_validate(
        {"lessonType": "powerpath-100", "powerpathScore": 64, "responseResult": {"score": 1}}
    )
    assert (parsed.lesson_type, parsed.powerpath_score) == ("powerpath-100", 64)


def test_bad_assignment_rows_name_the_row_and_member() -> None:
    with pytest.raises(InputValidationError) as caught:
        assignment_rows([{"student": "s", "subject": "Math", "grade": "3"}, {"student": ""}, 7])
    paths = [issue.path for issue in caught.value.issues]
    assert "items[1].student" in paths
    assert "items[2]" in paths


def test_an_assignment_keeps_its_wire_names() -> None:
    parsed = TestAssignment.model_validate({"sourcedId": "ta-1", "studentSourcedId": "s1"})
    assert parsed.to_wire() == {"sourcedId": "ta-1", "studentSourcedId": "s1"}
