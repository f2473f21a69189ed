"""Envelope keys (contract 4.7-4.10), create answers, and the small wire value helpers."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common import APIResponseValidationError, InputValidationError
from timeback_oneroster._models import (
    WIRE_KEYS,
    SourcedIdPair,
    parse_sourced_id_pairs,
    pick_list,
    pick_single,
)
from timeback_oneroster._types import (
    format_datetime,
    grade_code,
    normalize_grade,
    parse_datetime,
    parse_string_bool,
)

# --- the key table -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "list_key", "single_key", "write_key"),
    [
        ("users", "users", "user", "user"),
        ("students", "users", "user", None),
        ("teachers", "users", "user", None),
        ("orgs", "orgs", "org", "org"),
        ("schools", "orgs", "org", "org"),
        ("academicSessions", "academicSessions", "academicSession", "academicSession"),
        ("terms", "terms", "term", "term"),
        ("gradingPeriods", "gradingPeriods", "gradingPeriod", "academicSession"),
        ("classes", "classes", "class", "class"),
        ("courses", "courses", "course", "course"),
        ("courseComponents", "courseComponents", "courseComponent", "courseComponent"),
        ("componentResources", "componentResources", "componentResource", "componentResource"),
        ("enrollments", "enrollments", "enrollment", "enrollment"),
        ("demographics", "demographics", "demographics", "demographics"),
        ("categories", "categories", "category", "category"),
        ("lineItems", "lineItems", "lineItem", "lineItem"),
        ("results", "results", "result", "result"),
        ("scoreScales", "scoreScales", "scoreScale", "scoreScale"),
        ("assessmentLineItems", "assessmentLineItems", "assessmentLineItem", "assessmentLineItem"),
        ("assessmentResults", "assessmentResults", "assessmentResult", "assessmentResult"),
        ("resources", "resources", "resource", "resource"),
    ],
)
def test_key_table_matches_contract_4_7(
    name: str, list_key: str, single_key: str, write_key: str | None
) -> None:
    keys = WIRE_KEYS[name]
    assert (keys.list_key, keys.single_key, keys.write_key) == (list_key, single_key, write_key)


def test_array_wrapped_creates_are_declared() -> None:
    assert WIRE_KEYS["lineItems"].array_write_key == "lineItems"
    assert WIRE_KEYS["results"].array_write_key == "results"


def test_key_table_is_read_only() -> None:
    with pytest.raises(TypeError):
        WIRE_KEYS["users"] = WIRE_KEYS["orgs"]  # type: ignore[index]


def test_grading_period_read_accepts_either_key() -> None:
    keys = WIRE_KEYS["gradingPeriods"]
    record = {"sourcedId": "gp-1"}
    assert pick_single({"gradingPeriod": record}, keys) == record
    assert pick_single({"academicSession": record}, keys) == record


def test_term_scoped_grading_period_create_answers_academic_session() -> None:
    keys = WIRE_KEYS["termGradingPeriods"]
    assert keys.write_key == "academicSession"
    assert pick_single({"academicSession": {"sourcedId": "gp"}}, keys) == {"sourcedId": "gp"}


@pytest.mark.parametrize("name", ["classStudents", "classTeachers"])
def test_class_roster_lists_accept_the_openapi_key_and_users(name: str) -> None:
    keys = WIRE_KEYS[name]
    assert pick_list({keys.list_key: [1]}, keys) == [1]
    assert pick_list({"users": [2]}, keys) == [2]
    assert keys.write_key == "enrollment"


def test_preferred_list_key_wins_when_both_are_present() -> None:
    # the emulator sends both `students` and `users`: read the OpenAPI key
    keys = WIRE_KEYS["classStudents"]
    assert pick_list({"users": [2], "students": [1]}, keys) == [1]


def test_null_page_reads_as_empty() -> None:
    assert pick_list({"users": None, "totalCount": 0}, WIRE_KEYS["users"]) == []


def test_missing_list_key_is_a_response_validation_error_naming_the_keys() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        pick_list({"people": []}, WIRE_KEYS["classStudents"])
    assert [issue.path for issue in caught.value.issues] == ["students", "users"]


def test_list_member_that_is_not_an_array_is_rejected() -> None:
    with pytest.raises(APIResponseValidationError):
        pick_list({"users": {"sourcedId": "x"}}, WIRE_KEYS["users"])


def test_missing_single_key_is_rejected() -> None:
    with pytest.raises(APIResponseValidationError):
        pick_single({"users": []}, WIRE_KEYS["users"])


# --- sourcedIdPairs ------------------------------------------------------------------------------


def test_sourced_id_pairs_object_reads_as_one_pair() -> None:
    pairs = parse_sourced_id_pairs(
        {"sourcedIdPairs": {"suppliedSourcedId": "a", "allocatedSourcedId": "b"}}
    )
    assert pairs == [SourcedIdPair(supplied_sourced_id="a", allocated_sourced_id="b")]


def test_sourced_id_pairs_array_reads_in_order() -> None:
    body = {
        "sourcedIdPairs": [
            {"suppliedSourcedId": "a", "allocatedSourcedId": "a"},
            {"suppliedSourcedId": "b", "allocatedSourcedId": "b"},
        ]
    }
    assert [p.allocated_sourced_id for p in parse_sourced_id_pairs(body)] == ["a", "b"]


def test_missing_sourced_id_pairs_is_rejected() -> None:
    with pytest.raises(APIResponseValidationError):
        parse_sourced_id_pairs({"academicSession": {}})


# --- grades --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "grade"),
    [
        ("-1", -1),
        ("pre-k", -1),
        ("PK", -1),
        ("0", 0),
        ("K", 0),
        ("KG", 0),
        ("1", 1),
        ("05", 5),
        ("4th grade", 4),
        ("Grade 7", 7),
        ("12", 12),
        ("13", 13),
        (9, 9),
    ],
)
def test_known_grade_spellings_normalise_to_one_integer(wire: str | int, grade: int) -> None:
    assert normalize_grade(wire) == grade


@pytest.mark.parametrize("wire", ["UG", "PS", "Other", "", "14", "-2", "grade", True])
def test_unknown_grades_normalise_to_none(wire: str) -> None:
    assert normalize_grade(wire) is None


@given(st.text())
def test_normalize_grade_never_raises(text: str) -> None:
    result = normalize_grade(text)
    assert result is None or -1 <= result <= 13


def test_grade_code_round_trips_every_grade() -> None:
    assert [normalize_grade(grade_code(g)) for g in range(-1, 14)] == list(range(-1, 14))


@pytest.mark.parametrize("bad", [-2, 14, True])
def test_grade_code_rejects_out_of_range(bad: int) -> None:
    with pytest.raises(InputValidationError):
        grade_code(bad)


# --- booleans and instants -----------------------------------------------------------------------


@pytest.mark.parametrize(("wire", "value"), [("", None), (None, None), ("1", True), ("no", False)])
def test_string_bool_spellings(wire: object, value: bool | None) -> None:
    assert parse_string_bool(wire) is value


@given(
    st.datetimes(
        min_value=datetime(1900, 1, 1),
        max_value=datetime(2200, 1, 1),
        timezones=st.sampled_from(
            [timezone.utc, timezone(timedelta(hours=5, minutes=30)), timezone(timedelta(hours=-8))]
        ),
    )
)
def test_formatted_instant_parses_back_to_the_same_millisecond(moment: datetime) -> None:
    text = format_datetime(moment)
    assert text.endswith("Z")
    assert len(text) == len("2025-03-01T14:05:09.123Z")
    parsed = parse_datetime(text)
    assert parsed == moment.replace(microsecond=moment.microsecond // 1000 * 1000)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 1, 1)))
def test_date_only_instant_is_midnight_utc(day: date) -> None:
    assert parse_datetime(day.isoformat()) == datetime(
        day.year, day.month, day.day, tzinfo=timezone.utc
    )
