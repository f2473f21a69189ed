"""Every operation of the QTI API is reached by a client method and served by the emulator.

The operation ids and paths come from the QTI OpenAPI description when the shared specs
folder is available; the table below must name exactly those ids. Each step calls one client
method, and the emulator's request statistics must show a successful request to that
operation's route.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from timeback_emulator import InProcessEmulator
from timeback_qti import QtiClient, Section, TestPart, choice_item

ITEM = choice_item("cov-item", "Coverage", prompt="2 + 2?", choices=["3", "4"], correct="B")
SECOND = choice_item("cov-item-2", "Second", prompt="3 + 3?", choices=["6", "7"], correct="A")
TEST_XML = (
    '<qti-assessment-test xmlns="http://www.imsglobal.org/xsd/imsqtiasi_v3p0" '
    'identifier="cov-test" title="Coverage">'
    '<qti-test-part identifier="p1" navigation-mode="linear" submission-mode="individual">'
    '<qti-assessment-section identifier="s1" title="S" visible="true"/>'
    "</qti-test-part></qti-assessment-test>"
)

Step = Callable[[QtiClient, dict[str, Any]], Awaitable[object]]


async def _list(paginator: Any) -> object:
    return await paginator.to_list()


async def _remember_feedback(client: QtiClient, state: dict[str, Any]) -> object:
    made = await client.feedback.create_for_question(
        question_id="cov-item", user_id="u1", lesson_id="lesson-1", feedback="Typo in B"
    )
    state["feedback"] = made.id
    return made


# In order: each step may rely on what the steps before it created.
STEPS: list[tuple[str, Step]] = [
    ("searchStimuli", lambda c, s: _list(c.stimuli.list())),
    (
        "createStimulus",
        lambda c, s: c.stimuli.create(
            {"identifier": "cov-stim", "title": "Passage", "content": "<p>Text</p>"}
        ),
    ),
    ("getStimulus", lambda c, s: c.stimuli.get("cov-stim")),
    (
        "updateStimulus",
        lambda c, s: c.stimuli.update(
            "cov-stim", {"identifier": "cov-stim", "title": "New", "content": "<p>T</p>"}
        ),
    ),
    ("deleteStimulus", lambda c, s: c.stimuli.delete("cov-stim")),
    ("searchAssessmentItems", lambda c, s: _list(c.items.list(filter="type='choice'"))),
    ("createAssessmentItem", lambda c, s: c.items.create(xml=ITEM)),
    ("getAssessmentItem", lambda c, s: c.items.get("cov-item")),
    ("updateAssessmentItem", lambda c, s: c.items.update("cov-item", xml=ITEM)),
    ("updateMetadata", lambda c, s: c.items.update_metadata("cov-item", {"grade": "3"})),
    ("processResponse", lambda c, s: c.items.process_response("cov-item", "B")),
    ("searchAssessmentTests", lambda c, s: _list(c.tests.list(query="check"))),
    ("createAssessmentTest", lambda c, s: c.tests.create(xml=TEST_XML)),
    ("getAssessmentTest", lambda c, s: c.tests.get("cov-test")),
    ("updateAssessmentTest", lambda c, s: c.tests.update("cov-test", xml=TEST_XML)),
    (
        "updateAssessmentTestMetadata",
        lambda c, s: c.tests.update_metadata("cov-test", {"subject": "Math"}),
    ),
    ("searchTestParts", lambda c, s: _list(c.test_parts.list("cov-test"))),
    (
        "createTestPart",
        lambda c, s: c.test_parts.create(
            "cov-test",
            TestPart(identifier="p2", navigation_mode="linear", submission_mode="individual"),
        ),
    ),
    ("getTestPart", lambda c, s: c.test_parts.get("cov-test", "p2")),
    (
        "updateTestPart",
        lambda c, s: c.test_parts.update(
            "cov-test",
            "p2",
            TestPart(identifier="p2", navigation_mode="nonlinear", submission_mode="individual"),
        ),
    ),
    ("deleteTestPart", lambda c, s: c.test_parts.delete("cov-test", "p2")),
    ("searchSections", lambda c, s: _list(c.sections.list("cov-test", "p1"))),
    (
        "createSection",
        lambda c, s: c.sections.create(
            "cov-test", "p1", Section(identifier="s2", title="Two", visible=True)
        ),
    ),
    ("getSection", lambda c, s: c.sections.get("cov-test", "p1", "s2")),
    (
        "updateSection",
        lambda c, s: c.sections.update(
            "cov-test", "p1", "s2", Section(identifier="s2", title="Deux", visible=True)
        ),
    ),
    ("addAssessmentItem", lambda c, s: c.sections.add_item("cov-test", "p1", "s1", "cov-item")),
    (
        "updateAssessmentItemOrder",
        lambda c, s: c.sections.reorder_items("cov-test", "p1", "s1", ["cov-item"]),
    ),
    ("getAllQuestions", lambda c, s: c.tests.questions("cov-test")),
    (
        "removeAssessmentItem",
        lambda c, s: c.sections.remove_item("cov-test", "p1", "s1", "cov-item"),
    ),
    ("deleteSection", lambda c, s: c.sections.delete("cov-test", "p1", "s2")),
    ("deleteAssessmentTest", lambda c, s: c.tests.delete("cov-test")),
    ("createQuestionFeedback", _remember_feedback),
    (
        "createLessonFeedback",
        lambda c, s: c.feedback.create_for_lesson(
            user_id="u1", lesson_id="lesson-1", feedback="Fun"
        ),
    ),
    ("getFeedbackByLessonId", lambda c, s: c.feedback.list_for_lesson("lesson-1")),
    ("deleteFeedback", lambda c, s: c.feedback.delete(s["feedback"])),
    ("validateXml", lambda c, s: c.validation.validate("item", SECOND)),
    ("validateBatch", lambda c, s: c.validation.validate_batch("item", [ITEM, SECOND])),
    ("deleteAssessmentItem", lambda c, s: c.items.delete("cov-item")),
]


def _spec() -> Path | None:
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "specs" / "timeback" / "qti-api.yaml"
        if candidate.is_file():
            return candidate
    return None


def spec_operations() -> dict[str, tuple[str, str]]:
    """operationId -> (METHOD, path) of the QTI OpenAPI description, read line by line."""
    spec = _spec()
    assert spec is not None
    operations: dict[str, tuple[str, str]] = {}
    path = method = None
    for line in spec.read_text(encoding="utf-8").splitlines():
        if match := re.match(r"^  (/\S*):\s*$", line):
            path = match.group(1)
        elif match := re.match(r"^    (get|post|put|delete|patch):\s*$", line):
            method = match.group(1).upper()
        elif (match := re.match(r"^      operationId:\s*(\S+)", line)) and path and method:
            operations[match.group(1)] = (method, path)
    return operations


@pytest.mark.skipif(_spec() is None, reason="shared specs folder not available")
def test_the_table_names_every_operation_of_the_spec_once() -> None:
    names = [name for name, _ in STEPS]
    assert len(names) == len(set(names))
    assert set(names) == set(spec_operations())
    assert len(names) == 38


@pytest.mark.anyio
@pytest.mark.skipif(_spec() is None, reason="shared specs folder not available")
async def test_every_operation_is_reached_and_served(
    client: QtiClient, emu: InProcessEmulator
) -> None:
    operations = spec_operations()
    state: dict[str, Any] = {}
    emu.reset_stats()
    for name, step in STEPS:
        await step(client, state)
        method, path = operations[name]
        served = sum(
            emu.request_count(method=method, route=path, status=status)
            for status in (200, 201, 204)
        )
        assert served >= 1, f"{name}: no successful {method} {path}"
    openapi = (await client.api.request("GET", "/_emulator/openapi.json")).json()
    listed = {op.get("operationId") for item in openapi["paths"].values() for op in item.values()}
    assert set(operations) <= listed
