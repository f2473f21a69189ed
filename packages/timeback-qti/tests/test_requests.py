"""Request bodies and page reading, checked before anything is sent."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_common import InputValidationError, page_number_request
from timeback_qti import AssessmentTest, QtiError, QtiXmlError, TestPart, choice_item
from timeback_qti._requests import (
    batch_validate_body,
    content_body,
    feedback_body,
    list_query,
    order_body,
    qti_page,
    validate_body,
)

XML = choice_item("q1", "Q", prompt="p", choices=["a", "b"], correct="A")
HOSTILE = (
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><qti-assessment-item identifier="x"/>'
)


def test_xml_content_is_sent_in_the_xml_form_with_its_identifier() -> None:
    identifier, body = content_body("item", xml=XML, data=None, metadata={"subject": "Math"})
    assert identifier == "q1"
    assert body == {"format": "xml", "xml": XML, "metadata": {"subject": "Math"}}


def test_json_content_from_a_model_keeps_wire_names() -> None:
    test = AssessmentTest(identifier="t", title="T", test_parts=[TestPart(identifier="p")])
    identifier, body = content_body("test", xml=None, data=test)
    assert identifier == "t"
    assert body["qti-test-part"] == [{"identifier": "p"}]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        ({"xml": XML, "data": {"identifier": "x"}}, InputValidationError),
        ({"xml": None, "data": None}, InputValidationError),
        ({"xml": None, "data": {"title": "no id"}}, InputValidationError),
        ({"xml": HOSTILE, "data": None}, QtiXmlError),
        ({"xml": "<qti-assessment-test identifier='t'/>", "data": None}, QtiXmlError),
        ({"xml": None, "data": 42}, InputValidationError),
    ],
)
def test_bad_content_is_refused_before_sending(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    with pytest.raises(error) as caught:
        content_body("item", **kwargs)  # type: ignore[arg-type]
    assert isinstance(caught.value, QtiError)


def test_xml_bytes_must_be_utf8_and_xml_must_be_text() -> None:
    utf16 = XML.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(QtiXmlError, match="UTF-8"):
        content_body("item", xml=utf16, data=None)
    assert content_body("item", xml=XML.encode("utf-8"), data=None)[1]["xml"] == XML
    with pytest.raises(InputValidationError, match="xml must be"):
        validate_body("item", 42, None)  # type: ignore[arg-type]


def test_list_query_checks_order_and_drops_none() -> None:
    assert list_query(query="math", order="asc") == {"query": "math", "order": "asc"}
    with pytest.raises(InputValidationError, match="order"):
        list_query(order="up")


def test_order_feedback_and_validation_bodies() -> None:
    assert order_body(["b", "a"]) == {
        "items": [{"identifier": "b", "sequence": 1}, {"identifier": "a", "sequence": 2}]
    }
    with pytest.raises(InputValidationError, match="twice"):
        order_body(["a", "a"])
    assert feedback_body(user_id="u", lesson_id="l", feedback="f")["lessonId"] == "l"
    with pytest.raises(InputValidationError, match="user_id"):
        feedback_body(user_id="", lesson_id="l", feedback="f")
    assert validate_body("item", "<broken", None)["xml"] == "<broken"  # the service reports it
    with pytest.raises(QtiXmlError):
        validate_body("item", HOSTILE, None)
    with pytest.raises(QtiXmlError):
        batch_validate_body("item", [XML, HOSTILE], None)
    with pytest.raises(InputValidationError, match="schema"):
        validate_body("quiz", XML, None)


@settings(max_examples=200, deadline=None)
@given(
    total=st.integers(0, 120),
    size=st.integers(1, 25),
    start=st.integers(0, 30),
    with_total=st.booleans(),
)
def test_a_walk_over_numbered_pages_reads_every_record_once(
    total: int, size: int, start: int, with_total: bool
) -> None:
    records = list(range(total))
    offset: int | None = start
    seen: list[int] = []
    while offset is not None:
        wanted = page_number_request(offset, size, max_limit=1000)
        rows = records[(wanted.page - 1) * wanted.limit : wanted.page * wanted.limit]
        body: dict[str, object] = {"items": rows, "pages": math.ceil(total / wanted.limit)}
        if with_total:
            body["total"] = total
        page = qti_page(rows, body, offset=offset, limit=size, request=wanted)
        seen.extend(page.items)
        assert page.next_offset is None or page.next_offset > offset
        offset = page.next_offset
    assert seen == records[start:]


_anything = st.one_of(
    st.none(),
    st.integers(),
    st.text(max_size=10),
    st.binary(max_size=10),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@settings(max_examples=200, deadline=None)
@given(a=_anything, b=_anything, c=_anything)
def test_any_arguments_end_in_a_body_or_a_typed_error(a: object, b: object, c: object) -> None:
    builders = [
        lambda: content_body("item", xml=a, data=b, metadata=c),  # type: ignore[arg-type]
        lambda: order_body(a),  # type: ignore[arg-type]
        lambda: batch_validate_body("item", a, b),  # type: ignore[arg-type]
        lambda: validate_body("test", a, b),  # type: ignore[arg-type]
        lambda: list_query(query=a, order=b, filter=c),  # type: ignore[arg-type]
        lambda: feedback_body(user_id=a, lesson_id=b, feedback=c),  # type: ignore[arg-type]
    ]
    for build in builders:
        try:
            outcome: object = build()
        except QtiError as exc:
            outcome = exc
        assert outcome is not None
