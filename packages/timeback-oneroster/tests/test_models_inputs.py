"""Write inputs: validated before sending, errors name the field, bodies are the exact wire form."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from timeback_common import InputValidationError
from timeback_oneroster._models import (
    AcademicSessionInput,
    AssessmentResultInput,
    AssessmentResultPatch,
    CategoryInput,
    Class,
    ClassEnrollmentInput,
    ClassInput,
    ComponentResourceInput,
    CourseInput,
    DemographicsInput,
    EnrollmentInput,
    EnrollmentPatch,
    GradingPeriodInput,
    GUIDRef,
    LineItemInput,
    OrgInput,
    ResultInput,
    RoleInput,
    SchoolInput,
    ScoreScaleInput,
    TermInput,
    User,
    UserCredentialsInput,
    UserInput,
    from_wire,
    to_wire_body,
    to_wire_items,
    to_wire_patch,
)

ROLE = {"roleType": "primary", "role": "student", "org": {"sourcedId": "sch-1"}}
NEW_USER: dict[str, Any] = {
    "enabledUser": True,
    "givenName": "Ada",
    "familyName": "O'Brien",
    "roles": [ROLE],
    "email": "ada@example.test",
}


def issue_paths(exc: InputValidationError) -> list[str | None]:
    return [issue.path for issue in exc.issues]


# --- exact wire bodies ---------------------------------------------------------------------------


def test_user_body_is_camel_case_with_string_boolean_and_default_status() -> None:
    body = to_wire_body(NEW_USER, UserInput)
    assert body == {
        "status": "active",
        "enabledUser": "true",
        "givenName": "Ada",
        "familyName": "O'Brien",
        "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "sch-1"}}],
        "email": "ada@example.test",
    }


def test_snake_case_and_camel_case_keys_give_the_same_body() -> None:
    snake = {
        "enabled_user": True,
        "given_name": "Ada",
        "family_name": "O'Brien",
        "roles": [{"role_type": "primary", "role": "student", "org": "sch-1"}],
        "email": "ada@example.test",
    }
    assert to_wire_body(snake, UserInput) == to_wire_body(NEW_USER, UserInput)


def test_model_instance_and_dict_give_the_same_body() -> None:
    model = UserInput(
        enabled_user=True,
        given_name="Ada",
        family_name="O'Brien",
        roles=[RoleInput(role_type="primary", role="student", org="sch-1")],
        email="ada@example.test",
    )
    assert to_wire_body(model, UserInput) == to_wire_body(NEW_USER, UserInput)


@pytest.mark.parametrize("enabled", [False, "false", "FALSE"])
def test_false_is_sent_as_the_string_false(enabled: object) -> None:
    body = to_wire_body({**NEW_USER, "enabledUser": enabled}, UserInput)
    assert body["enabledUser"] == "false"


@pytest.mark.parametrize(
    "reference",
    [
        "sch-1",
        {"sourcedId": "sch-1"},
        {"sourced_id": "sch-1"},
        {"href": "https://x.test/orgs/sch-1", "sourcedId": "sch-1", "type": "org"},
        GUIDRef(sourced_id="sch-1", href="https://x.test/orgs/sch-1", type="org"),
    ],
    ids=["bare id", "Ref", "snake Ref", "GUIDRef dict", "GUIDRef model"],
)
def test_references_are_written_as_sourced_id_only(reference: object) -> None:
    body = to_wire_body({"name": "Dept", "type": "department", "parent": reference}, OrgInput)
    assert body["parent"] == {"sourcedId": "sch-1"}


def test_class_body_names_the_school_org() -> None:
    # pitfall 17: class writes use org, never school
    body = to_wire_body(
        {"title": "Algebra", "course": "crs-1", "school": "sch-1", "terms": ["term-1"]}, ClassInput
    )
    assert body == {
        "status": "active",
        "title": "Algebra",
        "course": {"sourcedId": "crs-1"},
        "org": {"sourcedId": "sch-1"},
        "terms": [{"sourcedId": "term-1"}],
    }
    assert "school" not in body


def test_class_with_different_school_and_org_is_rejected() -> None:
    with pytest.raises(InputValidationError, match="school"):
        to_wire_body(
            {"title": "A", "course": "c", "school": "s1", "org": "s2", "terms": ["t"]}, ClassInput
        )


def test_academic_session_school_year_is_sent_as_a_string() -> None:
    # pitfall 19: a number in responses, a string on writes
    body = to_wire_body(
        {
            "sourcedId": "sy-2025",
            "title": "2024-2025",
            "startDate": date(2024, 8, 1),
            "endDate": "2025-06-30T00:00:00Z",
            "type": "schoolYear",
            "schoolYear": 2025,
            "org": "dist-1",
        },
        AcademicSessionInput,
    )
    assert body["schoolYear"] == "2025"
    assert body["startDate"] == "2024-08-01"
    assert body["endDate"] == "2025-06-30"


def test_term_and_grading_period_inputs_default_their_type() -> None:
    common = {
        "sourcedId": "x",
        "title": "Q1",
        "startDate": "2024-08-01",
        "endDate": "2024-10-01",
        "schoolYear": "2025",
        "org": "sch-1",
    }
    assert to_wire_body(common, TermInput)["type"] == "term"
    grading_period = to_wire_body(common, GradingPeriodInput)
    assert grading_period["type"] == "gradingPeriod"
    # the term-scoped create schema requires these nullable members to be present
    assert grading_period["tenantId"] is None
    assert grading_period["clientAppId"] is None


def test_school_input_defaults_type_school() -> None:
    assert to_wire_body({"name": "North High"}, SchoolInput)["type"] == "school"


def test_course_school_year_keeps_a_full_guidref_when_given() -> None:
    school_year = {
        "href": "https://x.test/academicSessions/sy",
        "sourcedId": "sy",
        "type": "academicSession",
    }
    body = to_wire_body(
        {
            "title": "Algebra",
            "org": "sch-1",
            "schoolYear": school_year,
            "academicSession": school_year,
        },
        CourseInput,
    )
    assert body["schoolYear"] == school_year
    assert body["academicSession"] == {"sourcedId": "sy"}


def test_date_times_are_sent_in_utc_with_milliseconds() -> None:
    body = to_wire_body(
        {
            "title": "Quiz",
            "assignDate": datetime(2024, 9, 1, 8, 30, tzinfo=timezone.utc),
            "dueDate": "2024-09-08T23:59:59.123456+02:00",
            "class": "cls-1",
            "school": "sch-1",
            "category": "cat-1",
        },
        LineItemInput,
    )
    assert body["assignDate"] == "2024-09-01T08:30:00.000Z"
    assert body["dueDate"] == "2024-09-08T21:59:59.123Z"


def test_naive_date_time_input_is_taken_as_utc() -> None:
    body = to_wire_body(
        {
            "lineItem": "li-1",
            "student": "usr-1",
            "scoreStatus": "fully graded",
            "scoreDate": datetime(2024, 9, 9, 10),
            "late": False,
        },
        ResultInput,
    )
    assert body["scoreDate"] == "2024-09-09T10:00:00.000Z"
    assert body["late"] == "false"


def test_none_members_are_omitted_from_create_bodies() -> None:
    body = to_wire_body({**NEW_USER, "middleName": None, "phone": None}, UserInput)
    assert "middleName" not in body
    assert "phone" not in body


def test_metadata_is_sent_as_given_including_nulls() -> None:
    metadata = {"xp": 10, "onboarding": {"math": {"state": "in_progress"}}, "note": None}
    body = to_wire_body({**NEW_USER, "metadata": metadata}, UserInput)
    assert body["metadata"] == metadata


def test_score_scale_value_uses_the_upper_case_wire_names() -> None:
    body = to_wire_body(
        {
            "title": "Letters",
            "type": "letter",
            "class": "cls-1",
            "scoreScaleValue": [{"item_value_lhs": "90", "item_value_rhs": "A"}],
        },
        ScoreScaleInput,
    )
    assert body["scoreScaleValue"] == [{"itemValueLHS": "90", "itemValueRHS": "A"}]


def test_demographics_flags_are_string_booleans() -> None:
    body = to_wire_body({"sourcedId": "usr-1", "asian": True, "white": False}, DemographicsInput)
    assert body == {"sourcedId": "usr-1", "status": "active", "asian": "true", "white": "false"}


def test_class_enrollment_body_carries_only_the_user_and_dates() -> None:
    body = to_wire_body({"user": "usr-1", "primary": True}, ClassEnrollmentInput)
    assert body == {"user": {"sourcedId": "usr-1"}, "primary": "true"}


def test_credentials_body_is_not_wrapped_and_password_is_not_in_repr() -> None:
    data = {"applicationName": "Reader", "credentials": {"username": "ada", "password": "s3cret"}}
    body = to_wire_body(data, UserCredentialsInput)
    assert body == data
    assert "s3cret" not in repr(UserCredentialsInput.model_validate(data))


# --- PUT: the path id ----------------------------------------------------------------------------


def test_path_id_is_put_into_the_body() -> None:
    body = to_wire_body({"title": "Homework"}, CategoryInput, sourced_id="cat-1")
    assert body == {"sourcedId": "cat-1", "status": "active", "title": "Homework"}


def test_path_id_equal_to_the_body_id_is_accepted() -> None:
    body = to_wire_body({**NEW_USER, "sourcedId": "usr-1"}, UserInput, sourced_id="usr-1")
    assert next(iter(body)) == "sourcedId"


def test_path_id_different_from_the_body_id_is_rejected() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body({**NEW_USER, "sourcedId": "usr-1"}, UserInput, sourced_id="usr-2")
    assert issue_paths(caught.value) == ["sourcedId"]


# --- from a fetched record back to a body --------------------------------------------------------


def test_fetched_user_can_be_sent_back_without_read_only_or_unknown_members() -> None:
    # given a user as read from the platform, with read-only and unknown members
    fetched = from_wire(
        {
            "sourcedId": "usr-1",
            "status": "active",
            "dateLastModified": "2025-01-01T00:00:00.000Z",
            "enabledUser": "false",
            "givenName": "Ada",
            "familyName": "Lovelace",
            "roles": [
                {
                    "roleType": "primary",
                    "role": "student",
                    "org": {
                        "href": "https://x.test/orgs/sch-1",
                        "sourcedId": "sch-1",
                        "type": "org",
                    },
                    "scope": "new-member",
                }
            ],
            "agents": [],
            "userProfiles": [{"profileId": "p"}],
            "identifier": "legacy",
            "futureMember": 1,
        },
        User,
    )
    # when it is turned into a replace body
    body = to_wire_body(fetched, UserInput, sourced_id="usr-1")
    # then read-only and unknown members are gone, references are Refs, booleans strings
    assert body == {
        "sourcedId": "usr-1",
        "status": "active",
        "enabledUser": "false",
        "givenName": "Ada",
        "familyName": "Lovelace",
        "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "sch-1"}}],
        "agents": [],
    }


def test_fetched_class_is_sent_back_with_org() -> None:
    fetched = from_wire(
        {
            "sourcedId": "cls-1",
            "title": "Algebra",
            "classCode": None,
            "course": {"href": "h", "sourcedId": "crs-1", "type": "course"},
            "school": {"href": "h", "sourcedId": "sch-1", "type": "org"},
            "terms": [{"href": "h", "sourcedId": "term-1", "type": "term"}],
        },
        Class,
    )
    body = to_wire_body(fetched, ClassInput, sourced_id="cls-1")
    assert body["org"] == {"sourcedId": "sch-1"}
    assert "school" not in body


def test_dict_copied_from_a_response_drops_read_only_members() -> None:
    body = to_wire_body(
        {**NEW_USER, "dateLastModified": "2025-01-01T00:00:00Z", "userProfiles": []}, UserInput
    )
    assert "dateLastModified" not in body
    assert "userProfiles" not in body


# --- validation errors name the field ------------------------------------------------------------


def test_missing_required_members_are_named() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body({"givenName": "Ada"}, UserInput)
    assert set(issue_paths(caught.value)) == {"enabledUser", "familyName", "roles"}
    assert "UserInput" in str(caught.value)


def test_nested_errors_are_named_by_wire_path() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body({**NEW_USER, "roles": [ROLE, {"roleType": "primary", "org": {}}]}, UserInput)
    assert issue_paths(caught.value) == ["roles[1].role", "roles[1].org.sourcedId"]


def test_unknown_key_in_a_dict_is_reported_as_a_typo() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body({**NEW_USER, "givenNmae": "Ada"}, UserInput)
    assert caught.value.issues[0].path == "givenNmae"
    assert caught.value.issues[0].message == "unknown member"


def test_empty_roles_are_rejected() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body({**NEW_USER, "roles": []}, UserInput)
    assert issue_paths(caught.value) == ["roles"]


def test_class_needs_at_least_one_term() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body({"title": "A", "course": "c", "org": "s", "terms": []}, ClassInput)
    assert issue_paths(caught.value) == ["terms"]


def test_validation_error_never_echoes_values() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body(
            {
                "applicationName": "Reader",
                "credentials": {"username": 12, "password": "s3cret", "x": 1},
            },
            UserCredentialsInput,
        )
    assert "s3cret" not in str(caught.value)
    assert "s3cret" not in repr(caught.value.issues)


def test_input_that_is_not_a_mapping_is_rejected() -> None:
    with pytest.raises(InputValidationError):
        to_wire_body(["not", "a", "user"], UserInput)  # type: ignore[arg-type]


def test_component_resource_requires_its_sourced_id() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_body(
            {"title": "Quiz", "courseComponent": "cc", "resource": "r"}, ComponentResourceInput
        )
    assert issue_paths(caught.value) == ["sourcedId"]


def test_input_validation_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match="invalid EnrollmentInput"):
        to_wire_body({}, EnrollmentInput)


# --- array-wrapped creates -----------------------------------------------------------------------

LINE_ITEM = {
    "title": "Quiz",
    "assignDate": "2024-09-01T00:00:00Z",
    "dueDate": "2024-09-08T00:00:00Z",
    "class": "cls-1",
    "school": "sch-1",
    "category": "cat-1",
}


def test_array_items_are_each_validated_and_serialized() -> None:
    bodies = to_wire_items([LINE_ITEM, {**LINE_ITEM, "title": "Quiz 2"}], LineItemInput)
    assert [b["title"] for b in bodies] == ["Quiz", "Quiz 2"]
    assert bodies[0]["class"] == {"sourcedId": "cls-1"}


def test_array_item_errors_name_the_item() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_items([LINE_ITEM, {**LINE_ITEM, "title": None}], LineItemInput, path="lineItems")
    assert issue_paths(caught.value) == ["lineItems[1].title"]


def test_empty_array_is_rejected() -> None:
    with pytest.raises(InputValidationError):
        to_wire_items([], LineItemInput, path="lineItems")


def test_a_single_mapping_is_not_an_array() -> None:
    with pytest.raises(InputValidationError):
        to_wire_items(LINE_ITEM, LineItemInput)  # type: ignore[arg-type]


# --- PATCH ---------------------------------------------------------------------------------------


def test_patch_sends_only_the_given_members() -> None:
    assert to_wire_patch({"primary": True}, EnrollmentPatch) == {"primary": "true"}


def test_patch_sends_explicit_none_as_null() -> None:
    assert to_wire_patch({"endDate": None}, EnrollmentPatch) == {"endDate": None}


def test_patch_model_instance_sends_what_was_set() -> None:
    patch = AssessmentResultPatch(score=95, metadata={"xp": 50})
    assert to_wire_patch(patch, AssessmentResultPatch) == {"score": 95, "metadata": {"xp": 50}}


def test_patch_rejects_unknown_members() -> None:
    with pytest.raises(InputValidationError) as caught:
        to_wire_patch({"scroe": 1}, AssessmentResultPatch)
    assert issue_paths(caught.value) == ["scroe"]


def test_assessment_result_body_keeps_metrics_in_metadata() -> None:
    body = to_wire_body(
        {
            "assessmentLineItem": "ali-1",
            "student": "usr-1",
            "scoreDate": "2025-02-03T04:05:06.789Z",
            "scoreStatus": "submitted",
            "score": 92,
            "metadata": {"xp": 40, "accuracy": 92.5},
        },
        AssessmentResultInput,
    )
    assert body["score"] == 92
    assert body["metadata"] == {"xp": 40, "accuracy": 92.5}
    assert body["assessmentLineItem"] == {"sourcedId": "ali-1"}


def test_enrollment_input_writes_class_under_its_wire_name() -> None:
    body = to_wire_body({"role": "student", "user": "u", "class": "c"}, EnrollmentInput)
    assert body == {
        "status": "active",
        "role": "student",
        "user": {"sourcedId": "u"},
        "class": {"sourcedId": "c"},
    }


def test_nested_response_models_are_accepted_in_a_dict() -> None:
    # given roles taken from a fetched user, one carrying a member of a newer server
    fetched = from_wire(
        {"roles": [{"roleType": "primary", "role": "teacher", "org": "sch-1", "scope": "x"}]},
        User,
    )
    # when they are reused in a new user's dict
    body = to_wire_body({**NEW_USER, "roles": fetched.roles}, UserInput)
    # then they are converted like any other input
    assert body["roles"] == [
        {"roleType": "primary", "role": "teacher", "org": {"sourcedId": "sch-1"}}
    ]


def test_constructing_an_input_with_bad_arguments_raises_input_validation_error() -> None:
    with pytest.raises(InputValidationError) as caught:
        OrgInput(name="North High", type=None)
    assert issue_paths(caught.value) == ["type"]
