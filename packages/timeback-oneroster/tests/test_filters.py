"""The filter builder, example by example (contract 4.4 and pitfalls 2-4)."""

from __future__ import annotations

import enum
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from timeback_common import InputValidationError
from timeback_oneroster._filters import (
    AllOf,
    AnyOf,
    F,
    Predicate,
    RawFilter,
    all_of,
    any_of,
    check_strict_filter,
    render_filter,
)

# --- the contract's examples ---------------------------------------------------------------------


def test_active_users_changed_since_a_date() -> None:
    expression = (F("status") == "active") & (F("dateLastModified") > date(2024, 1, 1))
    assert render_filter(expression) == "status='active' AND dateLastModified>'2024-01-01'"


def test_student_or_teacher_enrollments_of_one_class() -> None:
    expression = F("role").is_in(["student", "teacher"]) & (F("class.sourcedId") == "cls-1")
    assert render_filter(expression) == (
        "(role='student' OR role='teacher') AND class.sourcedId='cls-1'"
    )


def test_family_name_containing() -> None:
    assert render_filter(F("familyName").contains("brien")) == "familyName~'brien'"


def test_components_of_one_course_with_a_quote_in_the_id() -> None:
    assert render_filter(F("course.sourcedId") == "c-'42'") == "course.sourcedId='c-''42'''"


# --- operators and values ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "text"),
    [
        (F("a") == "x", "a='x'"),
        (F("a") != "x", "a!='x'"),
        (F("sortOrder") > 3, "sortOrder>3"),
        (F("sortOrder") >= 3, "sortOrder>=3"),
        (F("sortOrder") < -2, "sortOrder<-2"),
        (F("sortOrder") <= 2.5, "sortOrder<=2.5"),
        (F("weight") == 1e-7, "weight=0.0000001"),
        (F("weight") == 1e20, "weight=100000000000000000000"),
        (F("weight") == Decimal("1.50"), "weight=1.50"),
        (F("flag") == True, "flag=true"),  # noqa: E712 - builds a predicate
        (F("flag") == False, "flag=false"),  # noqa: E712
        (F("name").contains("O'B"), "name~'O''B'"),
        (F("role").is_in(["a", "b"], operator="@"), "role@'a,b'"),
        (F("role").is_in(["a"]), "role='a'"),
        (F("role").not_in(["a", "b"]), "role!='a' AND role!='b'"),
        (F("title") == "", "title=''"),
    ],
)
def test_operator_and_value_rendering(expression: Predicate, text: str) -> None:
    assert render_filter(expression) == text


@pytest.mark.parametrize(
    "field", ["enabledUser", "primary", "asian", "late", "missing", "inProgress", "user.primary"]
)
def test_booleans_on_string_boolean_fields_are_quoted(field: str) -> None:
    assert render_filter(F(field) == True) == f"{field}='true'"  # noqa: E712


def test_string_boolean_can_be_declared_for_other_fields() -> None:
    assert render_filter(F("custom", string_boolean=True) == False) == "custom='false'"  # noqa: E712


def test_date_time_values_are_rendered_in_utc_with_z() -> None:
    moment = datetime(2026, 4, 20, 2, 0, tzinfo=timezone(timedelta(hours=2)))
    assert (
        render_filter(F("dateLastModified") > moment)
        == "dateLastModified>'2026-04-20T00:00:00.000Z'"
    )


def test_naive_date_time_is_taken_as_utc() -> None:
    assert render_filter(F("d") >= datetime(2026, 1, 1)) == "d>='2026-01-01T00:00:00.000Z'"


def test_microseconds_are_kept_rather_than_rounded() -> None:
    moment = datetime(2026, 1, 1, 0, 0, 0, 123456, tzinfo=timezone.utc)
    assert render_filter(F("d") > moment) == "d>'2026-01-01T00:00:00.123456Z'"


def test_enum_members_stand_for_their_value() -> None:
    class Role(str, enum.Enum):
        STUDENT = "student"

    assert render_filter(F("role") == Role.STUDENT) == "role='student'"


def test_unicode_and_plus_are_kept_verbatim() -> None:
    # the client's URL encoding turns + into %2B (pitfall 4); the filter text itself keeps it
    assert render_filter(F("email") == "añá+1@x.test") == "email='añá+1@x.test'"


# --- combining and grouping ----------------------------------------------------------------------


def test_and_of_ors_parenthesises_the_ors() -> None:
    expression = (F("a") == 1) & ((F("b") == 2) | (F("c") == 3))
    assert render_filter(expression) == "a=1 AND (b=2 OR c=3)"


def test_or_of_ands_parenthesises_the_ands() -> None:
    # pitfall 3: "(a and b) or c" must not rely on precedence
    expression = ((F("a") == 1) & (F("b") == 2)) | (F("c") == True)  # noqa: E712
    assert render_filter(expression) == "(a=1 AND b=2) OR c=true"


def test_same_operator_chains_are_flat() -> None:
    expression = (F("a") == 1) & (F("b") == 2) & (F("c") == 3)
    assert expression == AllOf((F("a") == 1, F("b") == 2, F("c") == 3))
    assert render_filter(expression) == "a=1 AND b=2 AND c=3"


def test_all_of_and_any_of_functions() -> None:
    expression = all_of(F("a") == 1, any_of(F("b") == 2, F("c") == 3), {"d": "x"})
    assert render_filter(expression) == "a=1 AND (b=2 OR c=3) AND d='x'"


def test_one_part_groups_render_as_the_part() -> None:
    assert render_filter(any_of(all_of(F("a") == 1))) == "a=1"
    assert render_filter(any_of(all_of(any_of(F("a") == 1, F("b") == 2)), F("c") == 3)) == (
        "a=1 OR b=2 OR c=3"
    )


def test_raw_string_is_returned_unchanged() -> None:
    assert render_filter("status='active' OR x=1") == "status='active' OR x=1"


def test_raw_string_combined_with_a_predicate_is_parenthesised() -> None:
    expression = (F("a") == 1) & "b=2 OR c=3"
    assert render_filter(expression) == "a=1 AND (b=2 OR c=3)"
    assert render_filter(RawFilter("b=2") | (F("a") == 1)) == "(b=2) OR a=1"


def test_expression_str_is_its_rendering() -> None:
    assert str((F("a") == 1) | (F("b") == 2)) == "a=1 OR b=2"


# --- dict form -----------------------------------------------------------------------------------


def test_dict_is_an_and_of_equalities_and_in_lists() -> None:
    assert render_filter({"status": "active", "role": ["student", "teacher"]}) == (
        "status='active' AND (role='student' OR role='teacher')"
    )


def test_dict_with_one_entry_is_one_predicate() -> None:
    assert render_filter({"familyName": "O'Brien"}) == "familyName='O''Brien'"


def test_set_values_render_in_a_stable_order() -> None:
    assert render_filter({"grade": {"9", "10", "11"}}) == "grade='10' OR grade='11' OR grade='9'"


def test_dict_string_boolean_field() -> None:
    assert render_filter({"enabledUser": True}) == "enabledUser='true'"


# --- what cannot be expressed raises -------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["", "a b", "a=b", "1abc", "a.b.c", "a-b", "a'b", "status OR", "ä", ".a", "a."]
)
def test_invalid_field_names_are_rejected(name: str) -> None:
    with pytest.raises(InputValidationError, match="field name"):
        F(name)


@pytest.mark.parametrize(
    "value",
    [None, float("nan"), float("inf"), Decimal("NaN"), b"bytes", ["list"], {"a": 1}, object()],
    ids=["None", "nan", "inf", "Decimal NaN", "bytes", "list", "dict", "object"],
)
def test_inexpressible_values_are_rejected(value: object) -> None:
    with pytest.raises(InputValidationError):
        F("a") == value  # noqa: B015 - building is what raises


def test_empty_in_list_is_rejected() -> None:
    with pytest.raises(InputValidationError, match="empty list"):
        F("role").is_in([])
    with pytest.raises(InputValidationError, match="empty list"):
        F("role").is_in([], operator="@")


def test_in_list_of_a_string_is_rejected() -> None:
    with pytest.raises(InputValidationError, match="list of values"):
        F("role").is_in("student")


@pytest.mark.parametrize("item", ["a,b", " a", "a ", ""])
def test_at_list_items_that_would_split_or_trim_are_rejected(item: str) -> None:
    with pytest.raises(InputValidationError):
        F("role").is_in([item], operator="@")


def test_contains_needs_a_string() -> None:
    with pytest.raises(InputValidationError, match="contains"):
        F("a").contains(3)  # type: ignore[arg-type]


def test_empty_groups_and_dicts_are_rejected() -> None:
    for build in (all_of, any_of):
        with pytest.raises(InputValidationError, match="empty"):
            build()
    with pytest.raises(InputValidationError, match="empty"):
        render_filter({})


def test_blank_raw_filter_is_rejected_when_combined() -> None:
    with pytest.raises(InputValidationError):
        (F("a") == 1) & "  "


def test_errors_name_the_field() -> None:
    with pytest.raises(InputValidationError) as caught:
        F("score") == float("nan")  # noqa: B015
    assert caught.value.issues[0].path == "score"


# --- Python operator pitfalls --------------------------------------------------------------------


def test_python_and_or_not_on_expressions_raise() -> None:
    a, b = F("a") == 1, F("b") == 2
    with pytest.raises(InputValidationError, match="&"):
        a and b  # type: ignore[unreachable]  # noqa: B018
    with pytest.raises(InputValidationError, match="&"):
        a or b  # type: ignore[unreachable]  # noqa: B018
    with pytest.raises(InputValidationError, match="&"):
        not a  # noqa: B018


def test_python_in_with_a_field_raises() -> None:
    with pytest.raises(InputValidationError, match="is_in"):
        F("role") in ["student", "teacher"]  # noqa: B015


def test_chained_comparison_raises() -> None:
    with pytest.raises(InputValidationError):
        1 < F("a") < 3  # noqa: B015


def test_missing_parentheses_around_comparisons_raise() -> None:
    # `&` binds tighter than `==`: this is F("a") == (1 & F("b")) == 2
    with pytest.raises(InputValidationError, match="parenthesise"):
        F("a") == 1 & F("b") == 2  # noqa: B015


def test_a_field_alone_is_not_a_filter() -> None:
    with pytest.raises(InputValidationError):
        (F("a") == 1) & F("b")


def test_fields_are_not_hashable() -> None:
    with pytest.raises(TypeError):
        hash(F("a"))


def test_expressions_are_values() -> None:
    assert (F("a") == 1) == Predicate("a", "=", 1)
    assert hash(F("a") == 1) == hash(Predicate("a", "=", 1))
    assert ((F("a") == 1) | (F("b") == 2)) == AnyOf(
        (Predicate("a", "=", 1), Predicate("b", "=", 2))
    )


# --- the LearnWith.AI limits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "expression",
    [
        F("a") == 1,
        (F("a") == 1) & (F("b") == 2),
        (F("a") == 1) | (F("b") == 2),
        F("role").is_in(["a", "b", "c", "d"], operator="@"),
        "status='active' AND role='student'",
        "name='x AND y OR z' AND b=1",
        {"status": "active", "role": "student"},
    ],
)
def test_strict_limits_accept_two_predicates_without_mixing(expression: object) -> None:
    check_strict_filter(expression)  # type: ignore[arg-type]
    render_filter(expression, strict=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ((F("a") == 1) & (F("b") == 2) & (F("c") == 3), "at most 2"),
        (F("role").is_in(["a", "b", "c"]), "at most 2"),
        ("a=1 AND b=2 AND c=3", "at most 2"),
        ("a=1 AND (b=2 OR c=3)", "at most 2"),
        ({"status": "active", "role": ["a", "b"]}, "at most 2"),
    ],
)
def test_strict_limits_reject_more_predicates(expression: object, reason: str) -> None:
    with pytest.raises(InputValidationError, match=reason):
        render_filter(expression, strict=True)  # type: ignore[arg-type]


def test_strict_limits_report_mixing_too() -> None:
    with pytest.raises(InputValidationError, match="AND and OR") as caught:
        check_strict_filter(RawFilter("a=1 OR b=2") & RawFilter("c=3"))
    assert len(caught.value.issues) == 2
