"""Tests of the SQLite document store."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest

from timeback_emulator._filter import FilterError
from timeback_emulator._store import DuplicateError, NotFoundError, SortError, Store

STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")


def user(sid: str, role: str = "student", **extra: object) -> dict[str, object]:
    return {
        "sourcedId": sid,
        "givenName": "Ann",
        "familyName": "Lee",
        "roles": [
            {"roleType": "primary", "role": role, "org": {"sourcedId": "sch-1", "type": "org"}}
        ],
        **extra,
    }


def test_insert_sets_status_and_date_last_modified() -> None:
    store = Store()
    stored = store.insert("users", user("u1", dateLastModified="1999-01-01"))
    assert stored["status"] == "active"
    assert STAMP.fullmatch(stored["dateLastModified"])
    assert stored["dateLastModified"] != "1999-01-01"
    assert store.get("users", "u1") == stored


def test_insert_allocates_uuid_without_sourced_id() -> None:
    store = Store()
    stored = store.insert("categories", {"title": "Homework"})
    assert re.fullmatch(r"[0-9a-f-]{36}", stored["sourcedId"])


def test_insert_duplicate_raises() -> None:
    store = Store()
    store.insert("users", user("u1"))
    with pytest.raises(DuplicateError):
        store.insert("users", user("u1"))


def test_get_unknown_is_none() -> None:
    assert Store().get("users", "nope") is None


def test_patch_merges_top_level_members() -> None:
    store = Store()
    store.insert("users", user("u1"))
    patched = store.patch("users", "u1", {"givenName": "Bea", "sourcedId": "ignored"})
    assert patched["givenName"] == "Bea"
    assert patched["familyName"] == "Lee"
    assert patched["sourcedId"] == "u1"


def test_patch_unknown_raises() -> None:
    with pytest.raises(NotFoundError):
        Store().patch("users", "nope", {"givenName": "x"})


def test_replace_unknown_raises() -> None:
    with pytest.raises(NotFoundError):
        Store().replace("users", user("nope"))


def test_upsert_creates_then_replaces_whole_document() -> None:
    store = Store()
    store.upsert("categories", {"sourcedId": "c1", "title": "A", "weight": 1})
    store.upsert("categories", {"sourcedId": "c1", "title": "B"})
    assert store.get("categories", "c1") == {
        "sourcedId": "c1",
        "title": "B",
        "status": "active",
        "dateLastModified": store.get("categories", "c1")["dateLastModified"],  # type: ignore[index]
    }


def test_soft_delete_keeps_document_with_status_tobedeleted() -> None:
    store = Store()
    store.insert("users", user("u1"))
    store.soft_delete("users", "u1")
    assert store.get("users", "u1")["status"] == "tobedeleted"  # type: ignore[index]
    assert [d["sourcedId"] for d in store.find("users")] == ["u1"]


def test_find_filters_with_the_grammar() -> None:
    store = Store()
    store.insert_many(
        "users", [user("u1"), user("u2", "teacher"), user("u3", familyName="O'Brien")]
    )
    found = store.find("users", filter="roles.role='student' AND familyName!='O''Brien'")
    assert [d["sourcedId"] for d in found] == ["u1"]


def test_find_orders_by_sourced_id_and_pages() -> None:
    store = Store()
    store.insert_many("users", [user(f"u{i}") for i in (3, 1, 2, 5, 4)])
    assert [d["sourcedId"] for d in store.find("users", limit=2, offset=1)] == ["u2", "u3"]
    assert [d["sourcedId"] for d in store.find("users", descending=True, limit=1)] == ["u5"]


def test_find_sorts_by_field_with_sourced_id_tiebreak() -> None:
    store = Store()
    store.insert_many(
        "users", [user("b", familyName="Z"), user("a", familyName="Z"), user("c", familyName="A")]
    )
    assert [d["sourcedId"] for d in store.find("users", sort="familyName")] == ["c", "a", "b"]


def test_find_sort_unknown_field_raises() -> None:
    with pytest.raises(SortError):
        Store().find("users", sort="nope")


def test_find_unknown_filter_field_raises() -> None:
    with pytest.raises(FilterError):
        Store().find("users", filter="nope='x'")


def test_find_search_is_case_insensitive_substring() -> None:
    store = Store()
    store.insert_many("users", [user("u1", familyName="Ødegaard"), user("u2")])
    found = store.find("users", search="øDEG", search_fields=["givenName", "familyName"])
    assert [d["sourcedId"] for d in found] == ["u1"]


def test_count_matches_filter() -> None:
    store = Store()
    store.insert_many("users", [user("u1"), user("u2", "teacher")])
    assert store.count("users", filter="roles.role='teacher'") == 1


def test_role_index_follows_updates() -> None:
    store = Store()
    store.insert("users", user("u1"))
    store.patch("users", "u1", {"roles": [{"roleType": "primary", "role": "teacher"}]})
    assert store.count("users", filter="roles.role='student'") == 0
    assert store.count("users", filter="roles.role='teacher'") == 1
    store.hard_delete("users", "u1")
    assert store.count("users", filter="roles.role='teacher'") == 0


def test_reference_columns_follow_updates() -> None:
    store = Store()
    store.insert("enrollments", {"sourcedId": "e1", "class": {"sourcedId": "c1"}})
    store.patch("enrollments", "e1", {"class": {"sourcedId": "c2"}})
    assert store.count("enrollments", filter="class.sourcedId='c1'") == 0
    assert store.count("enrollments", filter="class.sourcedId='c2'") == 1


def test_insert_many_keeps_given_timestamps_and_rejects_duplicates() -> None:
    store = Store()
    written = store.insert_many("users", [user("u1", dateLastModified="2024-05-01T10:00:00Z")])
    assert written == 1
    assert store.get("users", "u1")["dateLastModified"] == "2024-05-01T10:00:00.000Z"  # type: ignore[index]
    with pytest.raises(DuplicateError):
        store.insert_many("users", [user("u2"), user("u1")])
    assert store.get("users", "u2") is None


def test_insert_many_replace_overwrites() -> None:
    store = Store()
    store.insert_many("users", [user("u1")])
    store.insert_many("users", [user("u1", "teacher")], replace=True)
    assert store.count("users", filter="roles.role='teacher'") == 1
    assert store.count("users", filter="roles.role='student'") == 0


def test_file_store_persists(tmp_path: Path) -> None:
    path = str(tmp_path / "emu.sqlite")
    first = Store(path)
    first.insert("users", user("u1"))
    first.close()
    assert Store(path).get("users", "u1") is not None


def test_store_is_usable_from_several_threads() -> None:
    store = Store()

    def work(base: int) -> None:
        for i in range(50):
            store.insert("categories", {"sourcedId": f"c{base}-{i}", "title": "t"})
            store.find("categories", limit=5)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.count("categories") == 200


def test_other_parts_can_create_tables_on_the_connection() -> None:
    store = Store()
    store.conn.execute("CREATE TABLE mine (x INTEGER)")
    store.conn.execute("INSERT INTO mine VALUES (1)")
    assert store.conn.execute("SELECT x FROM mine").fetchone() == (1,)
