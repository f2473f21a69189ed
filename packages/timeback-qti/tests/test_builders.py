"""The item builders produce well-formed QTI 3.0 that declares what was asked."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_common import InputValidationError
from timeback_qti import (
    MAP_RESPONSE,
    MATCH_CORRECT,
    QtiError,
    choice_item,
    extended_text_item,
    inline_choice_item,
    inspect_item_xml,
    match_item,
    order_item,
    parse_xml,
    text_entry_item,
)


def test_choice_item_declares_its_correct_choice() -> None:
    xml = choice_item("q-1", "Sum", prompt="2 + 2?", choices=["3", "4", "5"], correct="B")
    summary = inspect_item_xml(xml)
    assert summary.identifier == "q-1"
    assert summary.interaction_kinds == ("choice",)
    (declaration,) = summary.response_declarations
    assert (declaration.cardinality, declaration.base_type, declaration.correct) == (
        "single",
        "identifier",
        ("B",),
    )
    assert summary.response_processing_template == MATCH_CORRECT


def test_choice_item_with_several_correct_choices_is_multiple() -> None:
    xml = choice_item(
        "q", "T", prompt="Primes?", choices={"a": "2", "b": "4", "c": "5"}, correct=["a", "c"]
    )
    (declaration,) = inspect_item_xml(xml).response_declarations
    assert declaration.cardinality == "multiple"
    assert declaration.correct == ("a", "c")
    assert 'max-choices="2"' in xml


def test_text_entry_maps_every_accepted_answer() -> None:
    xml = text_entry_item(
        "t", "Capital", prompt="Capital of France?", correct=["Paris", "Paris, France"]
    )
    summary = inspect_item_xml(xml)
    (declaration,) = summary.response_declarations
    assert summary.interaction_kinds == ("text-entry",)
    assert declaration.mapping == {"Paris": 1.0, "Paris, France": 1.0}
    assert declaration.case_sensitive == {"Paris": False, "Paris, France": False}
    assert summary.response_processing_template == MAP_RESPONSE


def test_extended_text_has_no_correct_response_and_keeps_its_rubric() -> None:
    xml = extended_text_item(
        "e", "Essay", prompt="Explain photosynthesis.", rubric="Mentions light", expected_lines=5
    )
    summary = inspect_item_xml(xml)
    assert summary.interaction_kinds == ("extended-text",)
    assert summary.response_declarations[0].correct == ()
    assert summary.response_processing_template is None
    assert "Mentions light" in xml


def test_inline_choice_order_and_match() -> None:
    inline = inspect_item_xml(
        inline_choice_item(
            "i",
            "Verb",
            text_before="She",
            choices={"go": "go", "goes": "goes"},
            correct="goes",
            text_after="to school.",
        )
    )
    assert inline.interaction_kinds == ("inline-choice",)
    order = inspect_item_xml(
        order_item(
            "o",
            "Order",
            prompt="Smallest first",
            choices={"a": "1", "b": "2", "c": "3"},
            correct_order=["a", "b", "c"],
        )
    )
    assert order.response_declarations[0].cardinality == "ordered"
    match = inspect_item_xml(
        match_item(
            "m",
            "Match",
            prompt="Classify",
            sources={"dog": "Dog", "eagle": "Eagle"},
            targets={"mammal": "Mammal", "bird": "Bird"},
            correct_pairs=[("dog", "mammal"), ("eagle", "bird")],
        )
    )
    assert match.response_declarations[0].correct == ("dog mammal", "eagle bird")
    assert match.response_declarations[0].base_type == "directedPair"


@pytest.mark.parametrize(
    ("build", "argument"),
    [
        (
            lambda: choice_item("1bad", "T", prompt="p", choices=["a", "b"], correct="A"),
            "identifier",
        ),
        (lambda: choice_item("q", "T", prompt="p", choices=["a", "b"], correct="Z"), "correct"),
        (lambda: choice_item("q", "T", prompt="p", choices=["a"], correct="A"), "choices"),
        (lambda: choice_item("q", "", prompt="p", choices=["a", "b"], correct="A"), "title"),
        (lambda: text_entry_item("q", "T", prompt="p", correct=[]), "correct"),
        (
            lambda: order_item("q", "T", prompt="p", choices=["a", "b"], correct_order=["A"]),
            "correct_order",
        ),
        (
            lambda: match_item(
                "q",
                "T",
                prompt="p",
                sources={"a": "A", "b": "B"},
                targets={"a": "A", "c": "C"},
                correct_pairs=[("a", "c")],
            ),
            "targets",
        ),
    ],
)
def test_bad_arguments_are_typed_errors_naming_the_argument(build, argument: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputValidationError) as caught:
        build()
    assert isinstance(caught.value, QtiError)
    assert argument in str(caught.value)


@settings(max_examples=100, deadline=None)
@given(
    prompt=st.text(min_size=1, max_size=40).filter(lambda s: s.strip()),
    texts=st.lists(
        st.text(min_size=1, max_size=20).filter(lambda s: s.strip()), min_size=2, max_size=6
    ),
)
def test_any_text_is_escaped_into_well_formed_xml(prompt: str, texts: list[str]) -> None:
    # Characters XML 1.0 cannot carry at all are not expected to survive; the rest must.
    allowed = all(
        ch == "\t"
        or ch == "\n"
        or ch == "\r"
        or (ch >= " " and ch not in "\ufffe\uffff" and not "\ud800" <= ch <= "\udfff")
        for ch in prompt + "".join(texts)
    )
    if not allowed:  # control characters: refused with a typed error, never bad XML
        with pytest.raises(QtiError):
            choice_item("q", "T", prompt=prompt, choices=texts, correct="A")
        return
    xml = choice_item("q", "T", prompt=prompt, choices=texts, correct="A")
    root = parse_xml(xml)
    assert root.get("identifier") == "q"
