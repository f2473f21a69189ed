"""``on_progress(done, total)`` of the bulk methods: one call per item's outcome."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from timeback_common import InputValidationError
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator

USER: dict[str, Any] = {
    "givenName": "Ada",
    "familyName": "Lovelace",
    "enabledUser": True,
    "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "org-1"}}],
}


@pytest.mark.anyio
async def test_a_bulk_upsert_reports_progress_up_to_its_total(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    client = connect(make_emulator(seed="tiny"))
    calls: list[tuple[int, int | None]] = []
    users = [{**USER, "sourcedId": f"usr-progress-{n}"} for n in range(12)]

    report = await client.oneroster.users.bulk_upsert(
        users, chunk_size=5, on_progress=lambda done, total: calls.append((done, total))
    )

    assert report.ok
    assert calls == [(done, 12) for done in range(1, 13)]


@pytest.mark.anyio
async def test_a_generator_has_no_total_and_a_bad_callback_is_refused(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    client = connect(make_emulator(seed="tiny"))
    calls: list[tuple[int, int | None]] = []

    def ids() -> Iterator[str]:
        yield from ("usr-gone-1", "usr-gone-2")

    await client.oneroster.users.bulk_delete(
        ids(), on_progress=lambda done, total: calls.append((done, total))
    )
    assert calls == [(1, None), (2, None)]

    with pytest.raises(InputValidationError, match="on_progress"):
        await client.oneroster.users.bulk_delete(["usr-1"], on_progress=5)  # type: ignore[arg-type]


@pytest.mark.anyio
async def test_a_change_feed_reports_each_record_against_the_count_at_the_start(
    make_emulator: Callable[..., InProcessEmulator],
    connect: Callable[..., TimebackClient],
) -> None:
    from datetime import datetime, timezone

    client = connect(make_emulator(seed="tiny"))
    calls: list[tuple[int, int | None]] = []
    feed = client.oneroster.users.changes_since(
        datetime(2000, 1, 1, tzinfo=timezone.utc),
        page_size=7,
        on_progress=lambda done, total: calls.append((done, total)),
    )

    changed = await feed.to_list()

    assert len(changed) > 7  # several pages
    assert [done for done, _ in calls] == list(range(1, len(changed) + 1))
    assert all(total == len(changed) for _, total in calls)
