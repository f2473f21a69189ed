"""Tests of the deterministic district seed."""

from __future__ import annotations

from typing import Any

import pytest

from timeback_emulator._seed import SeedSummary, seed_oneroster, size_to_users
from timeback_emulator._store import Store


@pytest.fixture(scope="module")
def tiny() -> tuple[Store, SeedSummary]:
    store = Store()
    return store, seed_oneroster(store, "tiny")


def ids(store: Store, collection: str, **kwargs: Any) -> list[str]:
    return [d["sourcedId"] for d in store.find(collection, **kwargs)]


def test_sizes() -> None:
    assert [size_to_users(s) for s in ("tiny", "small", "district", 1234, "77")] == [
        30, 500, 10_000, 1234, 77,
    ]  # fmt: skip


@pytest.mark.parametrize("size", ["huge", 0, 4, 100_001, True])
def test_invalid_sizes_raise(size: Any) -> None:
    with pytest.raises(ValueError, match="size"):
        size_to_users(size)


def test_tiny_has_thirty_users_and_every_family(tiny: tuple[Store, SeedSummary]) -> None:
    store, summary = tiny
    assert store.count("users") == 30 == summary.users
    for collection in (
        "orgs", "academicSessions", "courses", "classes", "enrollments", "demographics",
        "categories", "lineItems", "results", "scoreScales", "assessmentLineItems",
        "assessmentResults", "resources", "courseComponents", "componentResources",
    ):  # fmt: skip
        assert store.count(collection) == summary.counts[collection] > 0, collection


def test_roles_present(tiny: tuple[Store, SeedSummary]) -> None:
    store, _ = tiny
    for role in ("student", "teacher", "administrator"):
        assert store.count("users", filter=f"roles.role='{role}'") > 0
    assert store.count("users", filter="roles.role@'guardian,parent'") > 0


def test_session_hierarchy(tiny: tuple[Store, SeedSummary]) -> None:
    store, summary = tiny
    for kind in ("schoolYear", "term", "gradingPeriod"):
        assert store.count("academicSessions", filter=f"type='{kind}'") > 0
    periods = store.find("academicSessions", filter=f"parent.sourcedId='{summary.term_id}'")
    assert periods
    assert all(p["type"] == "gradingPeriod" for p in periods)
    assert store.get("orgs", summary.school_id)["type"] == "school"  # type: ignore[index]


def test_well_known_ids_are_consistent(tiny: tuple[Store, SeedSummary]) -> None:
    store, s = tiny
    enrolled = store.find("enrollments", filter=f"class.sourcedId='{s.class_id}'")
    assert {(e["user"]["sourcedId"], e["role"]) for e in enrolled} >= {
        (s.student_id, "student"),
        (s.teacher_id, "teacher"),
    }
    klass = store.get("classes", s.class_id)
    assert klass is not None
    assert klass["course"]["sourcedId"] == s.course_id
    assert store.get("users", s.student_id)["email"] == s.student_email  # type: ignore[index]
    assert store.get("lineItems", s.line_item_id) is not None
    assert store.get("resources", s.resource_id) is not None


def test_guardians_are_agents_of_students(tiny: tuple[Store, SeedSummary]) -> None:
    store, s = tiny
    guardian = store.get("users", s.guardian_id)
    assert guardian is not None
    wards = [a["sourcedId"] for a in guardian["agents"]]
    assert wards
    for ward in wards:
        agents = store.get("users", ward)["agents"]  # type: ignore[index]
        assert {"sourcedId": s.guardian_id, "type": "user"} in agents


def test_emails_unique_and_students_have_one(tiny: tuple[Store, SeedSummary]) -> None:
    store, _ = tiny
    users = store.find("users")
    emails = [u["email"] for u in users]
    assert len(set(emails)) == len(emails)
    assert all(u["email"] for u in users if u["roles"][0]["role"] == "student")


def test_awkward_values_present(tiny: tuple[Store, SeedSummary]) -> None:
    store, s = tiny
    assert store.count("users", filter="familyName='O''Brien'") >= 1
    assert any(not u["givenName"].isascii() for u in store.find("users"))
    assert s.awkward_user_ids
    for sid in s.awkward_user_ids:
        assert store.get("users", sid) is not None


def test_same_seed_same_data() -> None:
    first, second = Store(), Store()
    seed_oneroster(first, 60, seed=3)
    seed_oneroster(second, 60, seed=3)
    for collection in ("users", "enrollments", "results", "demographics"):
        assert first.find(collection) == second.find(collection)


def test_other_seed_other_data() -> None:
    first, second = Store(), Store()
    seed_oneroster(first, 60, seed=1)
    seed_oneroster(second, 60, seed=2)
    assert first.find("users") != second.find("users")


def test_number_of_users_is_exact() -> None:
    store = Store()
    summary = seed_oneroster(store, 1234)
    assert store.count("users") == 1234 == summary.users
