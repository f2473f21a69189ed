"""Gradebook endpoints (wire contract 4.9) against the emulator: collections with their
create-or-replace PUT, class- and school-scoped lists, array-wrapped creates, PATCH on
assessment line items and results."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import (
    AssessmentResultPatch,
    InputValidationError,
    LineItem,
    NotFoundError,
    OneRosterClient,
    OneRosterError,
)

G = "/ims/oneroster/gradebook/v1p2"


def line_item(seed: SeedSummary, title: str = "Quiz 9", **changes: Any) -> dict[str, Any]:
    return {
        "title": title,
        "assign_date": "2025-10-01T09:00:00Z",
        "due_date": "2025-10-08T23:00:00Z",
        "class": seed.class_id,
        "school": seed.school_id,
        "category": "cat-quiz",
        "result_value_max": 100,
        **changes,
    }


def result(line_item_id: str, student_id: str, score: float = 90, **changes: Any) -> dict[str, Any]:
    return {
        "line_item": line_item_id,
        "student": student_id,
        "score_status": "fully graded",
        "score_date": "2025-10-09T12:00:00Z",
        "score": score,
        **changes,
    }


async def a_student_of(client: OneRosterClient, class_id: str) -> str:
    students = await client.classes.students(class_id, max_items=1).to_list()
    assert students
    assert students[0].sourced_id
    return students[0].sourced_id


@pytest.mark.anyio
async def test_categories_list_get_create_update_delete(client: OneRosterClient) -> None:
    categories = await client.categories.list().to_list()
    pair = await client.categories.create({"title": "Projects", "weight": 0.1})
    replaced = await client.categories.update(pair.allocated_sourced_id, {"title": "Labs"})
    await client.categories.delete(pair.allocated_sourced_id)

    assert "cat-homework" in {c.sourced_id for c in categories}
    assert replaced is not None
    assert (replaced.title, replaced.weight) == ("Labs", None)
    deleted = await client.categories.get(pair.allocated_sourced_id)
    assert deleted.status == "tobedeleted"


@pytest.mark.anyio
async def test_a_gradebook_update_is_one_put_that_also_creates(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    created = await client.line_items.update("li-new", line_item(seed))
    replaced = await client.line_items.update("li-new", line_item(seed, title="Quiz 10"))

    assert created is not None
    assert created.sourced_id == "li-new"
    assert replaced is not None
    assert replaced.title == "Quiz 10"
    assert emulator.request_count("PUT", route=f"{G}/lineItems/{{id}}", status=201) == 2
    assert emulator.request_count("GET") == 0  # pitfall 16: never GET-then-PUT


@pytest.mark.anyio
async def test_a_gradebook_upsert_is_the_same_single_put(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    outcome = await client.line_items.upsert("li-up", line_item(seed))

    assert (outcome.sourced_id, outcome.created) == ("li-up", None)
    assert outcome.record is not None
    assert outcome.record.title == "Quiz 9"
    assert emulator.stats()["byStatus"] == {"200": 1, "201": 1}  # token, then one PUT


@pytest.mark.anyio
async def test_line_items_and_their_results(client: OneRosterClient, seed: SeedSummary) -> None:
    student = await a_student_of(client, seed.class_id)
    item = await client.line_items.get(seed.line_item_id)
    pairs = await client.line_items.create_results(
        seed.line_item_id,
        [result(seed.line_item_id, student, 70), result(seed.line_item_id, student, 80)],
    )
    results = await client.line_items.results(seed.line_item_id).to_list()

    assert isinstance(item, LineItem)
    assert item.class_ is not None
    assert item.class_.sourced_id == seed.class_id
    assert len(pairs) == 2
    assert {p.allocated_sourced_id for p in pairs} <= {r.sourced_id for r in results}
    assert all(r.line_item is not None for r in results)
    assert all(r.line_item.sourced_id == seed.line_item_id for r in results if r.line_item)


@pytest.mark.anyio
async def test_results_list_get_create_update_delete(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    student = await a_student_of(client, seed.class_id)
    pair = await client.results.create(result(seed.line_item_id, student, late=True))
    result_id = pair.allocated_sourced_id
    fetched = await client.results.get(result_id)
    replaced = await client.results.update(result_id, result(seed.line_item_id, student, 95))
    mine = await client.results.list(filter={"student.sourcedId": student}).to_list()
    await client.results.delete(result_id)

    assert (fetched.score, fetched.late, fetched.score_status) == (90, True, "fully graded")
    assert replaced is not None
    assert replaced.score == 95
    assert result_id in {r.sourced_id for r in mine}
    assert (await client.results.get(result_id)).status == "tobedeleted"


@pytest.mark.anyio
async def test_score_scales_list_get_create_update_delete(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    data = {
        "title": "Pass/fail",
        "type": "binary",
        "class": seed.class_id,
        "score_scale_value": [
            {"item_value_lhs": "0", "item_value_rhs": "59", "value": "fail"},
            {"item_value_lhs": "60", "item_value_rhs": "100", "value": "pass"},
        ],
    }
    pair = await client.score_scales.create(data)
    scale_id = pair.allocated_sourced_id
    replaced = await client.score_scales.update(scale_id, {**data, "title": "P/F"})
    scales = await client.score_scales.list().to_list()
    await client.score_scales.delete(scale_id)

    assert replaced is not None
    assert replaced.title == "P/F"
    assert len(replaced.score_scale_value) == 2
    assert scale_id in {s.sourced_id for s in scales}
    assert (await client.score_scales.get(scale_id)).status == "tobedeleted"


@pytest.mark.anyio
async def test_class_gradebook_lists(client: OneRosterClient, seed: SeedSummary) -> None:
    klass = seed.class_id
    student = await a_student_of(client, klass)

    categories = await client.classes.categories(klass).to_list()
    items = await client.classes.line_items(klass).to_list()
    results = await client.classes.results(klass).to_list()
    scales = await client.classes.score_scales(klass).to_list()
    item_results = await client.classes.line_item_results(klass, seed.line_item_id).to_list()
    student_results = await client.classes.student_results(klass, student).to_list()

    assert {i.category.sourced_id for i in items if i.category} <= {
        c.sourced_id for c in categories
    }
    assert seed.line_item_id in {i.sourced_id for i in items}
    assert all(s.class_ is not None and s.class_.sourced_id == klass for s in scales)
    assert {r.sourced_id for r in item_results} <= {r.sourced_id for r in results}
    assert all(r.student is not None and r.student.sourced_id == student for r in student_results)
    with pytest.raises(NotFoundError) as caught:
        await client.classes.line_item_results("no-such-class", seed.line_item_id).to_list()
    assert isinstance(caught.value, OneRosterError)


@pytest.mark.anyio
async def test_class_line_items_are_created_in_one_array_request(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    pairs = await client.classes.create_line_items(
        seed.class_id,
        [line_item(seed, "Quiz A", sourced_id="li-a"), line_item(seed, "Quiz B")],
    )

    assert next(p.supplied_sourced_id for p in pairs) == "li-a"
    assert pairs[0].allocated_sourced_id == "li-a"
    assert emulator.request_count("POST", route=f"{G}/classes/{{id}}/lineItems") == 1
    titles = {i.title for i in await client.classes.line_items(seed.class_id).to_list()}
    assert {"Quiz A", "Quiz B"} <= titles


@pytest.mark.anyio
async def test_array_creates_name_the_bad_item_before_sending(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.classes.create_line_items(
            seed.class_id, [line_item(seed), {**line_item(seed), "title": None}]
        )

    assert isinstance(caught.value, OneRosterError)
    assert [issue.path for issue in caught.value.issues] == ["lineItems[1].title"]
    assert emulator.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_class_results_for_an_academic_session(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    student = await a_student_of(client, seed.class_id)

    pairs = await client.classes.create_academic_session_results(
        seed.class_id, seed.term_id, [result(seed.line_item_id, student, 77)]
    )

    created = await client.results.get(pairs[0].allocated_sourced_id)
    assert created.class_ is not None
    assert created.class_.sourced_id == seed.class_id
    assert created.score == 77


@pytest.mark.anyio
async def test_school_line_items_and_score_scales(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pairs = await client.schools.create_line_items(
        seed.school_id, [line_item(seed, "School-wide test", sourced_id="li-school")]
    )
    items = await client.schools.line_items(seed.school_id).to_list()
    scales = await client.schools.score_scales(seed.school_id).to_list()

    assert [p.allocated_sourced_id for p in pairs] == ["li-school"]
    assert "li-school" in {i.sourced_id for i in items}
    assert all(i.school is not None and i.school.sourced_id == seed.school_id for i in items)
    assert scales


@pytest.mark.anyio
async def test_assessment_line_items_with_patch(client: OneRosterClient, seed: SeedSummary) -> None:
    pair = await client.assessment_line_items.create(
        {"title": "Placement", "class": seed.class_id, "result_value_max": 100}
    )
    item_id = pair.allocated_sourced_id
    patched = await client.assessment_line_items.patch(item_id, {"description": "Fall placement"})
    replaced = await client.assessment_line_items.update(item_id, {"title": "Placement 2"})
    listed = await client.assessment_line_items.list(search="Placement 2").to_list()
    await client.assessment_line_items.delete(item_id)

    assert patched is not None
    assert (patched.title, patched.description) == ("Placement", "Fall placement")
    assert replaced is not None
    assert (replaced.title, replaced.description) == ("Placement 2", None)
    assert item_id in {i.sourced_id for i in listed}
    assert (await client.assessment_line_items.get(item_id)).status == "tobedeleted"


@pytest.mark.anyio
async def test_assessment_results_with_patch(client: OneRosterClient, seed: SeedSummary) -> None:
    items = await client.assessment_line_items.list(max_items=1).to_list()
    assert items
    assert items[0].sourced_id
    data = {
        "assessment_line_item": items[0].sourced_id,
        "student": seed.student_id,
        "score_date": "2025-10-09T12:00:00Z",
        "score_status": "submitted",
        "metadata": {"xp": 20, "accuracy": 0.8},
    }

    pair = await client.assessment_results.create(data)
    result_id = pair.allocated_sourced_id
    patched = await client.assessment_results.patch(
        result_id, AssessmentResultPatch(score=88, score_status="fully graded")
    )
    upserted = await client.assessment_results.upsert(result_id, {**data, "score": 91})
    await client.assessment_results.delete(result_id)

    assert patched is not None
    assert (patched.score, patched.score_status) == (88, "fully graded")
    assert patched.metadata == {"xp": 20, "accuracy": 0.8}
    assert upserted.record is not None
    assert upserted.record.score == 91
    assert (await client.assessment_results.get(result_id)).status == "tobedeleted"
