"""End to end against the emulator: author a test, reorder it, score responses, validate XML."""

from __future__ import annotations

import pytest

from timeback_common import BadRequestError, ConflictError, NotFoundError
from timeback_emulator import InProcessEmulator
from timeback_qti import (
    AssessmentItem,
    AssessmentTest,
    CorrectResponse,
    QtiClient,
    QtiError,
    QtiXmlError,
    ResponseDeclaration,
    Section,
    TestPart,
    choice_item,
    inline_choice_item,
    match_item,
    order_item,
    text_entry_item,
)

HOSTILE = {
    "xxe-file": '<!DOCTYPE i [<!ENTITY s SYSTEM "file:///etc/passwd">]>'
    '<qti-assessment-item identifier="evil" title="&s;"/>',
    "xxe-http": '<!DOCTYPE i [<!ENTITY s SYSTEM "http://127.0.0.1:9/x">]>'
    '<qti-assessment-item identifier="evil" title="&s;"/>',
    "billion-laughs": '<!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]><qti-assessment-item identifier="evil" title="&c;"/>',
    "quadratic": '<!DOCTYPE q [<!ENTITY a "' + "a" * 50_000 + '">]>'
    '<qti-assessment-item identifier="evil">' + "&a;" * 5_000 + "</qti-assessment-item>",
}


def five_items() -> list[str]:
    return [
        choice_item("e2e-choice", "Sum", prompt="2 + 2?", choices=["3", "4", "5"], correct="B"),
        text_entry_item("e2e-text", "Capital", prompt="Capital of France?", correct="Paris"),
        inline_choice_item(
            "e2e-inline",
            "Verb",
            text_before="She",
            choices={"go": "go", "goes": "goes"},
            correct="goes",
            text_after="home.",
        ),
        order_item(
            "e2e-order",
            "Order",
            prompt="Smallest first",
            choices={"a": "1", "b": "10", "c": "100"},
            correct_order=["a", "b", "c"],
        ),
        match_item(
            "e2e-match",
            "Classify",
            prompt="Match",
            sources={"dog": "Dog", "eagle": "Eagle"},
            targets={"mammal": "Mammal", "bird": "Bird"},
            correct_pairs=[("dog", "mammal"), ("eagle", "bird")],
        ),
    ]


@pytest.mark.anyio
async def test_author_a_test_of_five_items_reorder_and_score(client: QtiClient) -> None:
    identifiers = []
    for xml in five_items():
        item = await client.items.create(xml=xml, metadata={"subject": "Math"})
        identifiers.append(item.identifier)
    json_item = await client.items.create(
        AssessmentItem(
            identifier="e2e-json",
            title="JSON form",
            type="choice",
            response_declarations=[
                ResponseDeclaration(
                    identifier="RESPONSE",
                    cardinality="single",
                    base_type="identifier",
                    correct_response=CorrectResponse(value=["A"]),
                )
            ],
        )
    )
    assert json_item.raw_xml is not None
    assert 'identifier="e2e-json"' in json_item.raw_xml
    assert (await client.items.get("e2e-inline")).interaction_kinds == ["inline-choice"]

    test = await client.tests.create(
        AssessmentTest(
            identifier="e2e-test",
            title="Five questions",
            test_parts=[
                TestPart(
                    identifier="part-1",
                    navigation_mode="linear",
                    submission_mode="individual",
                    sections=[Section(identifier="section-1", title="All", visible=True)],
                )
            ],
        )
    )
    assert test.test_parts is not None
    for identifier in identifiers:
        await client.sections.add_item("e2e-test", "part-1", "section-1", identifier)
    reordered = await client.sections.reorder_items(
        "e2e-test", "part-1", "section-1", list(reversed(identifiers))
    )
    assert reordered.item_refs is not None
    assert [r.identifier for r in reordered.item_refs] == list(reversed(identifiers))
    questions = await client.tests.questions("e2e-test")
    assert questions.total_questions == 5
    assert [q.question.identifier for q in questions.questions] == list(reversed(identifiers))

    right = {
        "e2e-choice": "B",
        "e2e-text": "paris",
        "e2e-inline": "goes",
        "e2e-order": ["a", "b", "c"],
        "e2e-match": ["dog mammal", "eagle bird"],
    }
    wrong = {
        "e2e-choice": "A",
        "e2e-text": "Lyon",
        "e2e-inline": "go",
        "e2e-order": ["c", "b", "a"],
        "e2e-match": ["dog bird", "eagle mammal"],
    }
    for identifier in identifiers:
        good = await client.items.process_response(identifier, right[identifier])
        bad = await client.items.process_response(identifier, wrong[identifier])
        assert (good.score, bad.score) == (1.0, 0.0), identifier
        assert good.feedback is not None
        assert good.feedback.identifier == "correct"


@pytest.mark.anyio
async def test_lists_return_every_record_and_stream(client: QtiClient) -> None:
    every = await client.items.list(limit=7).to_list()
    streamed = [item.identifier async for item in client.items.list(limit=5)]
    assert len(every) == (await client.items.list(limit=1).first_page()).total
    assert sorted(i.identifier for i in every) == sorted(streamed)
    assert len(set(streamed)) == len(streamed)
    choices = await client.items.list(filter="type='choice'").to_list()
    assert choices
    assert {i.type for i in choices} == {"choice"}


@pytest.mark.anyio
async def test_validate_good_and_broken_xml(client: QtiClient) -> None:
    good = await client.validation.validate("item", five_items()[0])
    assert good.success is True
    assert good.validation_errors == []
    broken = await client.validation.validate(
        "item", five_items()[0].replace("</qti-item-body>", "")
    )
    assert broken.success is False
    assert broken.validation_errors[0].startswith("line ")
    results = await client.validation.validate_batch("item", [five_items()[1], "<nope"])
    assert [r.success for r in results] == [True, False]


@pytest.mark.anyio
@pytest.mark.parametrize("payload", HOSTILE.values(), ids=HOSTILE.keys())
async def test_hostile_xml_never_leaves_the_client(
    client: QtiClient, emu: InProcessEmulator, payload: str
) -> None:
    emu.reset_stats()
    with pytest.raises(QtiXmlError) as caught:
        await client.items.create(xml=payload)
    assert caught.value.unsafe
    with pytest.raises(QtiXmlError):
        await client.validation.validate("item", payload)
    assert emu.request_count(method="POST") == 0


@pytest.mark.anyio
async def test_statuses_become_typed_qti_errors(client: QtiClient) -> None:
    xml = five_items()[0]
    await client.items.create(xml=xml)
    with pytest.raises(ConflictError) as conflict:
        await client.items.create(xml=xml)
    assert isinstance(conflict.value, QtiError)
    with pytest.raises(NotFoundError) as missing:
        await client.items.get("no-such-item")
    assert isinstance(missing.value, QtiError)
    assert "no-such-item" in str(missing.value)
    with pytest.raises(BadRequestError):
        await client.items.list(filter="type==").to_list()
    with pytest.raises(QtiError, match="differs"):
        await client.items.update("other", xml=xml)
