"""Bulk writes against the emulator: every item accounted for, in input order, with typed errors;
chunked input of any iterable; bounded concurrency; array-wrapped creates for results."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import (
    BulkError,
    ConflictError,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    OneRosterClient,
    OneRosterError,
)

USERS = "/ims/oneroster/rostering/v1p2/users"
RESULTS = "/ims/oneroster/gradebook/v1p2/results"
LINE_ITEM_RESULTS = "/ims/oneroster/gradebook/v1p2/lineItems/{id}/results"


def result(seed: SeedSummary, sourced_id: str | None, score: float) -> dict[str, Any]:
    item: dict[str, Any] = {
        "line_item": seed.line_item_id,
        "student": seed.student_id,
        "score_status": "fully graded",
        "score_date": "2026-01-05T10:00:00Z",
        "score": score,
    }
    if sourced_id is not None:
        item["sourced_id"] = sourced_id
    return item


@pytest.mark.anyio
async def test_every_item_gets_a_result_in_input_order_and_failures_do_not_stop_the_run(
    client: OneRosterClient, seed: SeedSummary, new_student: Callable[..., dict[str, Any]]
) -> None:
    # given valid users, one invalid item and one id that already exists
    items = [
        new_student("bk-0"),
        {"given_name": 5},
        new_student(seed.student_id),
        new_student("bk-3"),
    ]

    report = await client.users.bulk_create(items, chunk_size=2, concurrency=2)

    assert [r.index for r in report] == [0, 1, 2, 3]
    assert [r.outcome for r in report] == ["succeeded", "failed", "failed", "succeeded"]
    assert [r.sourced_id for r in report.succeeded] == ["bk-0", "bk-3"]
    assert isinstance(report[1].error, InputValidationError)
    assert isinstance(report[2].error, ConflictError)
    assert all(isinstance(r.error, OneRosterError) for r in report.failed)
    assert report[0].created is True
    assert not report.ok
    assert (await client.users.get("bk-3")).family_name == "bk-3"


@pytest.mark.anyio
async def test_raise_for_failures_raises_one_error_carrying_the_report(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    report = await client.users.bulk_delete(["no-such-user", seed.teacher_id])

    with pytest.raises(BulkError) as caught:
        report.raise_for_failures()

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.report is report
    assert [f.sourced_id for f in caught.value.failures] == ["no-such-user"]
    assert "1 of 2 items failed" in str(caught.value)


@pytest.mark.anyio
async def test_an_async_generator_is_read_in_chunks(
    client: OneRosterClient, seed: SeedSummary, new_student: Callable[..., dict[str, Any]]
) -> None:
    async def generate() -> AsyncIterator[dict[str, Any]]:
        for n in range(7):
            yield new_student(f"gen-{n}")

    report = await client.users.bulk_create(generate(), chunk_size=3)

    assert report.ok
    assert [r.sourced_id for r in report] == [f"gen-{n}" for n in range(7)]
    assert report.raise_for_failures() is report


@pytest.mark.anyio
async def test_stop_on_error_skips_what_was_not_attempted(
    client: OneRosterClient,
    emulator: InProcessEmulator,
    seed: SeedSummary,
    new_student: Callable[..., dict[str, Any]],
) -> None:
    ids = ["stop-0", seed.student_id, "stop-2", "stop-3", "stop-4"]
    emulator.reset_stats()

    report = await client.users.bulk_create(
        [new_student(sid) for sid in ids], chunk_size=2, concurrency=1, stop_on_error=True
    )

    assert [r.outcome for r in report] == ["succeeded", "failed", "skipped", "skipped", "skipped"]
    assert [r.sourced_id for r in report.skipped] == ["stop-2", "stop-3", "stop-4"]
    assert emulator.request_count("POST", route=USERS) == 2
    with pytest.raises(NotFoundError):
        await client.users.get("stop-2")


@pytest.mark.anyio
async def test_upsert_creates_the_missing_and_replaces_the_existing(
    client: OneRosterClient, seed: SeedSummary, new_student: Callable[..., dict[str, Any]]
) -> None:
    existing = await client.users.get(seed.teacher_id)
    changed = existing.model_copy(update={"given_name": "Renamed"})

    report = await client.users.bulk_upsert([changed, new_student("new-up"), {"given_name": "X"}])

    assert [r.outcome for r in report] == ["succeeded", "succeeded", "failed"]
    assert [r.created for r in report.succeeded] == [False, True]
    assert report[1].result is not None
    assert report[1].result.sourced_id == "new-up"
    assert isinstance(report[2].error, InputValidationError)
    assert (await client.users.get(seed.teacher_id)).given_name == "Renamed"


@pytest.mark.anyio
async def test_delete_is_soft_and_unknown_ids_fail_with_not_found(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    report = await client.users.bulk_delete([seed.guardian_id, "ghost", ""])

    assert [r.outcome for r in report] == ["succeeded", "failed", "failed"]
    assert isinstance(report[1].error, NotFoundError)
    assert isinstance(report[2].error, InputValidationError)
    assert (await client.users.get(seed.guardian_id)).status == "tobedeleted"


@pytest.mark.anyio
async def test_results_of_one_line_item_go_in_one_array_wrapped_post_per_chunk(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    emulator.reset_stats()

    report = await client.results.bulk_create(
        [result(seed, f"res-{n}", n) for n in range(5)], chunk_size=3
    )

    assert report.ok
    assert [r.sourced_id for r in report] == [f"res-{n}" for n in range(5)]
    assert emulator.request_count("POST", route=LINE_ITEM_RESULTS) == 2  # 3 + 2
    assert emulator.request_count("POST", route=RESULTS) == 0
    assert (await client.results.get("res-4")).score == 4


@pytest.mark.anyio
async def test_a_refused_group_is_sent_again_item_by_item(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    # given a group in which one result reuses an existing id (the array POST is refused)
    await client.results.create(result(seed, "taken", 1))
    emulator.reset_stats()

    report = await client.results.bulk_create(
        [result(seed, "fresh-1", 1), result(seed, "taken", 2), result(seed, "fresh-2", 3)]
    )

    assert [r.outcome for r in report] == ["succeeded", "failed", "succeeded"]
    assert isinstance(report[1].error, ConflictError)
    assert emulator.request_count("POST", route=LINE_ITEM_RESULTS) == 1
    assert emulator.request_count("POST", route=RESULTS) == 3


@pytest.mark.anyio
async def test_a_group_post_that_failed_on_the_server_is_not_sent_again(
    client: OneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    emulator.add_fault(
        path_prefix=f"/ims/oneroster/gradebook/v1p2/lineItems/{seed.line_item_id}/results",
        method="POST",
        status=500,
    )

    report = await client.results.bulk_create(
        [result(seed, None, 1), result(seed, None, 2)], max_retries=0
    )

    assert [r.outcome for r in report] == ["failed", "failed"]
    assert all(isinstance(r.error, InternalServerError) for r in report.failed)
    assert emulator.request_count("POST", route=RESULTS) == 0


@pytest.mark.anyio
async def test_invalid_options_raise_before_anything_is_sent(client: OneRosterClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.bulk_delete(["a"], concurrency=0)

    assert isinstance(caught.value, OneRosterError)
