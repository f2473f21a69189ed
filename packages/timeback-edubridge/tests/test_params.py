"""Request building (pure): learners, dates in the learner's zone, list parameters, bodies."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from timeback_common import InputValidationError
from timeback_edubridge import EdubridgeError, EnrollOptions
from timeback_edubridge._params import (
    Learner,
    activity_query,
    catalog_query,
    cohort_plans,
    enroll_body,
    learner_query,
    optional_range_query,
    subject_track_body,
    summary_plan,
    users_query,
    weekly_query,
    with_default,
)

CHICAGO = "America/Chicago"
# 02:30 UTC on Tuesday 11 Feb 2025 is still Monday 10 Feb (20:30) in Chicago.
NOW = dt.datetime(2025, 2, 11, 2, 30, tzinfo=dt.timezone.utc)


def paths(error: InputValidationError) -> list[str | None]:
    return [issue.path for issue in error.issues]


def test_a_learner_is_sent_as_email_or_student_id() -> None:
    assert learner_query(Learner(email="ada@example.com")) == (
        {"email": "ada@example.com"},
        "ada@example.com",
    )
    assert learner_query(Learner(student_id="a/1")) == ({"studentId": "a/1"}, "a/1")


def test_no_learner_is_an_edubridge_input_error_naming_both_parameters() -> None:
    with pytest.raises(InputValidationError) as caught:
        learner_query(Learner(), operation="summary()")

    assert isinstance(caught.value, EdubridgeError)
    assert caught.value.message.startswith("summary() needs a learner")
    assert paths(caught.value) == ["email", "student_id"]


def test_an_empty_learner_is_refused() -> None:
    with pytest.raises(InputValidationError) as caught:
        learner_query(Learner(email=" "))

    assert paths(caught.value) == ["email"]


def test_the_bound_learner_and_zone_apply_only_when_no_learner_is_named() -> None:
    bound = Learner(email="ada@example.com", timezone=CHICAGO)

    assert with_default(bound, None, None, None) == bound
    assert with_default(bound, None, None, "UTC") == Learner("ada@example.com", None, "UTC")
    assert with_default(bound, None, "b", None) == Learner(None, "b", None)
    assert with_default(None, "c@example.com", None, None) == Learner("c@example.com")


def test_activity_dates_are_whole_local_days_sent_in_utc() -> None:
    query = activity_query(Learner(student_id="a", timezone=CHICAGO), "2025-02-10", "2025-02-16")

    assert query == {
        "studentId": "a",
        "startDate": "2025-02-10T06:00:00.000Z",
        "endDate": "2025-02-17T05:59:59.999Z",
        "timezone": CHICAGO,
    }


def test_weekly_facts_default_to_today_in_the_learners_zone() -> None:
    query = weekly_query(Learner(student_id="a", timezone=CHICAGO), None, now=NOW)

    assert query["weekDate"] == "2025-02-10T06:00:00.000Z"  # Monday in Chicago


def test_enrollment_facts_dates_are_each_optional() -> None:
    assert optional_range_query(None, None, None) == {}
    assert optional_range_query(None, "2025-02-16", CHICAGO) == {
        "endDate": "2025-02-17T05:59:59.999Z",
        "timezone": CHICAGO,
    }
    assert optional_range_query("2025-02-10", None, None) == {
        "startDate": "2025-02-10T00:00:00.000Z"
    }


def test_a_summary_defaults_to_the_last_seven_days_of_the_learners_today() -> None:
    plan = summary_plan(
        Learner(email="ada@example.com", timezone=CHICAGO),
        start_date=None,
        end_date=None,
        days=7,
        now=NOW,
    )

    # Today in Chicago is Monday 10 February: 4 to 10 February, local.
    assert plan.query["startDate"] == "2025-02-04T06:00:00.000Z"
    assert plan.query["endDate"] == "2025-02-11T05:59:59.999Z"
    assert (plan.learner, plan.timezone) == ("ada@example.com", CHICAGO)


def test_a_summary_from_a_start_date_ends_today() -> None:
    plan = summary_plan(
        Learner(student_id="a"), start_date="2025-02-01", end_date=None, days=7, now=NOW
    )

    assert plan.query["endDate"] == "2025-02-11T23:59:59.999Z"  # today in UTC


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"start_date": None, "end_date": "2025-02-16", "days": 7}, "start_date"),
        ({"start_date": None, "end_date": None, "days": 0}, "days"),
        ({"start_date": None, "end_date": None, "days": True}, "days"),
        ({"start_date": "2025-02-16", "end_date": "2025-02-10", "days": 7}, "end_date"),
    ],
)
def test_bad_summary_ranges_name_their_parameter(arguments: dict[str, Any], path: str) -> None:
    with pytest.raises(InputValidationError) as caught:
        summary_plan(Learner(student_id="a"), now=NOW, **arguments)

    assert isinstance(caught.value, EdubridgeError)
    assert path in paths(caught.value)


def test_a_cohort_shares_one_range_and_drops_duplicates_in_order() -> None:
    plans = cohort_plans(
        emails=["b@example.com", "a@example.com", "b@example.com"],
        student_ids="s-1",
        start_date=None,
        end_date=None,
        timezone=CHICAGO,
        days=2,
        now=NOW,
    )

    assert [p.learner for p in plans] == ["b@example.com", "a@example.com", "s-1"]
    assert plans[2].query == {
        "studentId": "s-1",
        "startDate": "2025-02-09T06:00:00.000Z",
        "endDate": "2025-02-11T05:59:59.999Z",
        "timezone": CHICAGO,
    }
    assert len({(p.query["startDate"], p.query["endDate"]) for p in plans}) == 1


def test_users_query_repeats_roles_and_orgs_and_joins_fields() -> None:
    query = users_query(
        roles=["teacher", "administrator"],
        org_sourced_ids="sch-1",
        fields=["sourcedId", "email"],
        filter="givenName='Ada'",
        sort="familyName",
        order_by="desc",
        search=None,
    )

    assert query == {
        "roles": ["teacher", "administrator"],
        "orgSourcedIds": ["sch-1"],
        "fields": "sourcedId,email",
        "filter": "givenName='Ada'",
        "sort": "familyName",
        "orderBy": "desc",
        "search": None,
    }


def test_catalog_grades_are_sent_as_text() -> None:
    assert catalog_query("Math", [3, "K"]) == {"subject": ["Math"], "gradeLevel": ["3", "K"]}
    assert catalog_query(None, 0) == {"subject": None, "gradeLevel": ["0"]}


def test_an_enroll_body_without_options_is_an_empty_object() -> None:
    body = enroll_body(None, sourced_id=None, role=None, begin_date=None, metadata=None)

    assert body == {}


def test_an_enroll_body_from_keywords_is_camel_case_without_nulls() -> None:
    body = enroll_body(
        None,
        sourced_id=None,
        role="teacher",
        begin_date=dt.date(2026, 8, 17),
        metadata={"goals": {"daily_xp": 40, "daily_lessons": None}},
    )

    assert body == {
        "role": "teacher",
        "beginDate": "2026-08-17",
        "metadata": {"goals": {"dailyXp": 40}},
    }


def test_enroll_keyword_errors_name_the_python_parameter() -> None:
    with pytest.raises(InputValidationError) as caught:
        enroll_body(None, sourced_id=None, role=None, begin_date="17/08/2026", metadata=None)

    assert paths(caught.value) == ["begin_date"]


def test_enroll_options_as_a_model_are_sent_as_they_are() -> None:
    options = EnrollOptions(sourced_id="e-1")

    assert enroll_body(options, sourced_id=None, role=None, begin_date=None, metadata=None) == {
        "sourcedId": "e-1"
    }


def test_a_subject_track_body_sends_a_missing_org_as_null() -> None:
    body = subject_track_body(None, subject="Math", grade=3, course_id="c-1", org_sourced_id=None)

    assert body == {"subject": "Math", "grade": "3", "courseId": "c-1", "orgSourcedId": None}


def test_a_subject_track_missing_a_member_names_the_python_parameter() -> None:
    with pytest.raises(InputValidationError) as caught:
        subject_track_body(None, subject="Math", grade=None, course_id="c-1", org_sourced_id=None)

    assert paths(caught.value) == ["grade"]
