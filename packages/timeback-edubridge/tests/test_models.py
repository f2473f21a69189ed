"""Edubridge models: realistic payloads from wire contract section 5.3, tolerance, inputs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from timeback_edubridge._models import (
    ActivityFacts,
    Application,
    ApplicationMetrics,
    CreateCourseRequest,
    CreateCourseResult,
    DefaultClass,
    EdubridgeUser,
    Enrollment,
    EnrollmentFacts,
    EnrollOptions,
    HighestGrade,
    MapProfile,
    ProgressionEnqueueRequest,
    ProgressionEnqueueResult,
    ResetGoalsResult,
    SubjectTrack,
    SubjectTrackGroup,
    SubjectTrackUpsert,
    TimeSaved,
    WeeklyFacts,
)


def enrollment_json() -> dict[str, Any]:
    return {
        "id": "enr-1",
        "role": "student",
        "beginDate": "2025-08-15",
        "endDate": None,
        "metadata": {
            "goals": {"dailyXp": 120, "dailyLessons": 2, "dailyActiveMinutes": 25},
            "metrics": {"totalXp": 2400, "totalLessons": 40, "courseType": "core"},
            "onboardingDone": True,
        },
        "course": {
            "id": "course-math-3",
            "title": "Math G3",
            "metadata": {"publisher": "Alpha"},
            "subjects": ["Math"],
            "grades": ["3"],
            "primaryApp": {"id": "app-1", "name": "MathAcademy", "domains": ["math.example.com"]},
        },
        "school": {"id": "school-1", "name": "Alpha Austin"},
        "periods": [
            {"id": "p1", "title": "Fall", "startDate": "2025-08-15", "endDate": "2025-12-19"}
        ],
        "testOutEligible": True,
        "newerServerField": {"x": 1},
    }


def test_enrollment_parses_goals_metrics_course_and_school() -> None:
    enrollment = Enrollment.model_validate(enrollment_json())

    assert enrollment.begin_date == dt.date(2025, 8, 15)
    assert enrollment.metadata is not None
    assert enrollment.metadata.goals is not None
    assert enrollment.metadata.goals.daily_xp == 120
    assert enrollment.metadata.metrics is not None
    assert enrollment.metadata.metrics.course_type == "core"
    assert enrollment.metadata.model_extra == {"onboardingDone": True}
    assert enrollment.course is not None
    assert enrollment.course.primary_app is not None
    assert enrollment.course.primary_app.domains == ["math.example.com"]
    assert enrollment.school is not None
    assert enrollment.school.name == "Alpha Austin"
    assert enrollment.periods is not None
    assert enrollment.periods[0].end_date == dt.date(2025, 12, 19)


def test_enrollment_defaults_test_out_supported_and_keeps_unknown_members() -> None:
    enrollment = Enrollment.model_validate(enrollment_json())

    assert enrollment.test_out_supported is False
    assert enrollment.test_out_eligible is True
    assert enrollment.model_extra == {"newerServerField": {"x": 1}}


def test_enrollment_with_only_an_id_is_accepted() -> None:
    enrollment = Enrollment.model_validate({"id": "enr-2", "role": "mentor"})

    assert enrollment.role == "mentor"
    assert enrollment.course is None


def test_a_date_time_where_a_date_is_expected_keeps_its_calendar_date() -> None:
    enrollment = Enrollment.model_validate({"id": "e", "beginDate": "2025-08-15T00:00:00.000Z"})

    assert enrollment.begin_date == dt.date(2025, 8, 15)


def test_default_class_parses_lists_and_course() -> None:
    default_class = DefaultClass.model_validate(
        {
            "id": "class-1",
            "title": "Math G3 - 2026",
            "classCode": "MATH3",
            "subjectCodes": ["MA"],
            "subjects": ["Math"],
            "grades": [3, "4"],
            "periods": ["1"],
            "course": {"id": "course-math-3", "title": "Math G3", "metadata": None},
        }
    )

    assert default_class.grades == ["3", "4"]
    assert default_class.course is not None
    assert default_class.course.id == "course-math-3"


def test_default_class_periods_may_be_objects_like_enrollment_periods() -> None:
    default_class = DefaultClass.model_validate(
        {
            "id": "class-1",
            "periods": [
                {"id": "term-1", "title": "Full Year", "startDate": "2026-07-01"},
                "period-2",
            ],
        }
    )

    first, second = default_class.periods
    assert not isinstance(first, str)
    assert (first.id, first.start_date) == ("term-1", dt.date(2026, 7, 1))
    assert second == "period-2"


def facts_json() -> dict[str, Any]:
    return {
        "message": "ok",
        "startDate": "2025-03-01T06:00:00.000Z",
        "endDate": "2025-03-08T05:59:59.999Z",
        "facts": {
            "2025-03-03": {
                "Math": {
                    "activityMetrics": {
                        "xpEarned": 40,
                        "totalQuestions": 12,
                        "correctQuestions": 9,
                        "masteredUnits": 1,
                    },
                    "timeSpentMetrics": {
                        "activeSeconds": 900,
                        "inactiveSeconds": 60,
                        "wasteSeconds": 30,
                    },
                    "apps": ["MathAcademy"],
                }
            }
        },
        "factsByApp": {
            "2025-03-03": {
                "Math": {
                    "MathAcademy": {
                        "activityMetrics": {"xpEarned": 40, "totalQuestions": 12},
                        "timeSpentMetrics": {"activeSeconds": "900"},
                    }
                }
            }
        },
    }


def test_activity_facts_nest_date_subject_and_app() -> None:
    facts = ActivityFacts.model_validate(facts_json())

    math = facts.facts["2025-03-03"]["Math"]
    by_app = facts.facts_by_app["2025-03-03"]["Math"]["MathAcademy"]
    assert math.activity_metrics.correct_questions == 9
    assert math.time_spent_metrics.waste_seconds == 30
    assert math.apps == ["MathAcademy"]
    assert by_app.time_spent_metrics.active_seconds == 900
    assert by_app.activity_metrics.mastered_units == 0


def test_facts_may_be_empty() -> None:
    facts = ActivityFacts.model_validate({"message": "no data"})

    assert facts.facts == {}
    assert facts.facts_by_app == {}


def test_enrollment_facts_carry_the_enrollment_id() -> None:
    facts = EnrollmentFacts.model_validate({**facts_json(), "enrollmentId": "enr-1"})

    assert facts.enrollment_id == "enr-1"
    assert facts.facts["2025-03-03"]["Math"].activity_metrics.xp_earned == 40


def test_weekly_fact_seconds_strings_become_numbers() -> None:
    weekly = WeeklyFacts.model_validate(
        {
            "facts": [
                {
                    "id": 991,
                    "email": "ada@example.com",
                    "date": "2025-03-03",
                    "datetime": "2025-03-03T15:04:05.000Z",
                    "source": "caliper",
                    "year": 2025,
                    "month": "3",
                    "day": 3,
                    "dayOfWeek": 1,
                    "subject": "Math",
                    "app": "MathAcademy",
                    "userGrade": 3,
                    "totalQuestions": 12,
                    "correctQuestions": 9,
                    "xpEarned": 40.5,
                    "activeSeconds": "900",
                    "inactiveSeconds": "12.5",
                    "wasteSeconds": "",
                    "generatedAt": "2025-03-03T15:04:06+00:00",
                }
            ]
        }
    )

    record = weekly.facts[0]
    assert record.active_seconds == 900
    assert type(record.active_seconds) is int
    assert record.inactive_seconds == 12.5
    assert record.waste_seconds is None
    assert record.month == 3
    assert record.user_grade == "3"
    assert record.date == dt.date(2025, 3, 3)
    assert record.datetime == dt.datetime(2025, 3, 3, 15, 4, 5, tzinfo=dt.timezone.utc)


def test_weekly_seconds_that_are_not_numbers_are_refused() -> None:
    with pytest.raises(ValidationError):
        WeeklyFacts.model_validate({"facts": [{"activeSeconds": "a lot"}]})


def test_highest_grade_reads_every_source() -> None:
    grade = HighestGrade.model_validate(
        {
            "studentId": "s-1",
            "subject": "Math",
            "grades": {
                "ritGrade": 4,
                "edulasticGrade": "3",
                "placementGrade": None,
                "testOutGrade": "K",
                "highestGradeOverall": "4",
            },
        }
    )

    assert grade.grades.rit_grade == "4"
    assert grade.grades.placement_grade is None
    assert grade.grades.test_out_grade == "K"


def test_subject_tracks_and_groups() -> None:
    track_json = {
        "id": "t-1",
        "subject": "Math",
        "grade": 3,
        "course": {"sourcedId": "course-math-3", "title": "Math G3", "metadata": {}},
    }
    group = SubjectTrackGroup.model_validate(
        {"id": "g", "name": "Global", "description": None, "tracks": [track_json]}
    )
    campus = SubjectTrack.model_validate(
        {**track_json, "org": {"sourcedId": "o-1", "name": "Austin"}}
    )

    assert group.tracks[0].grade == "3"
    assert group.tracks[0].org is None
    assert campus.org is not None
    assert campus.org.sourced_id == "o-1"


def user_json() -> dict[str, Any]:
    return {
        "sourcedId": "u-1",
        "status": "active",
        "dateLastModified": "2025-03-01T00:00:00.000Z",
        "enabledUser": "false",
        "givenName": "Ada",
        "familyName": "Lovelace",
        "roles": [
            {
                "roleType": "primary",
                "role": "student",
                "org": {"href": "https://x/orgs/o-1", "type": "org"},
            },
            {
                "roleType": "secondary",
                "role": "student",
                "org": {"sourcedId": "o-2", "type": "org"},
            },
        ],
        "grades": ["3", 4],
        "email": "ada@example.com",
        "demographics": {
            "birthDate": "2016-05-01",
            "hispanicOrLatinoEthnicity": "false",
            "white": True,
        },
        "agents": [],
        "userProfiles": [{"profileId": "p"}],
    }


def test_edubridge_user_reads_string_booleans_as_booleans_and_keeps_grades_as_text() -> None:
    user = EdubridgeUser.model_validate(user_json())

    assert user.enabled_user is False
    assert user.grades == ["3", "4"]
    assert user.demographics is not None
    assert user.demographics.hispanic_or_latino_ethnicity is False
    assert user.demographics.white is True


def test_edubridge_user_writes_its_booleans_back_as_strings() -> None:
    wire = EdubridgeUser.model_validate(user_json()).to_body()

    assert wire["enabledUser"] == "false"
    assert wire["demographics"]["white"] == "true"


def test_edubridge_user_roles_may_reference_an_org_without_sourced_id() -> None:
    user = EdubridgeUser.model_validate(user_json())

    first, second = user.roles
    assert first.org is not None
    assert first.org.sourced_id is None
    assert first.org.href == "https://x/orgs/o-1"
    assert second.org is not None
    assert second.org.sourced_id == "o-2"


def test_edubridge_user_projected_without_sourced_id_still_parses() -> None:
    user = EdubridgeUser.model_validate({"givenName": "Jack"})

    assert user.sourced_id is None
    assert user.given_name == "Jack"


def test_applications_metrics_map_profile_and_time_saved() -> None:
    app = Application.model_validate(
        {"sourcedId": "a-1", "name": "MathAcademy", "description": "", "domain": ["m.example.com"]}
    )
    metrics = ApplicationMetrics.model_validate(
        {
            "applicationSourcedId": "a-1",
            "totalUsers": 10,
            "activeUsers": 4,
            "avgSessionDuration": 12.5,
        }
    )
    profile = MapProfile.model_validate(
        {
            "userId": "u-1",
            "ritScore": 201,
            "percentile": 66,
            "gradeLevel": 3,
            "testDate": "2025-01-10",
            "termName": "Winter",
        }
    )
    saved = TimeSaved.model_validate(
        {
            "totalHoursSaved": 120.5,
            "totalDaysSaved": "20",
            "schoolDaysElapsed": 100,
            "calculation": {"rate": 2},
        }
    )

    assert app.domain == ["m.example.com"]
    assert metrics.avg_session_duration == 12.5
    assert profile.grade_level == "3"
    assert profile.model_extra == {"termName": "Winter"}
    assert saved.total_days_saved == 20
    assert saved.calculation == {"rate": 2}


def test_reset_goals_and_progression_results() -> None:
    reset = ResetGoalsResult.model_validate({"updated": 3, "errors": ["enr-9: locked"]})
    enqueued = ProgressionEnqueueResult.model_validate({"success": True, "messageId": "m-1"})
    created = CreateCourseResult.model_validate(
        {
            "success": True,
            "course": {"sourcedId": "c-9", "title": "Math G4", "totalLessons": 30, "totalXp": 900},
            "enrollment": {"statusCode": 201, "message": "enrolled"},
            "resourcesCreated": 30,
            "resourcesFailed": 0,
        }
    )

    assert reset.updated == 3
    assert enqueued.message_id == "m-1"
    assert created.course is not None
    assert created.course.total_xp == 900
    assert created.enrollment is not None
    assert created.enrollment.status_code == 201


# --- inputs --------------------------------------------------------------------------------------


def test_enroll_options_with_nothing_set_send_an_empty_object() -> None:
    assert EnrollOptions().to_body() == {}


def test_enroll_options_omit_nulls_and_empty_metadata() -> None:
    options = EnrollOptions.model_validate(
        {
            "role": "student",
            "sourcedId": None,
            "metadata": {"goals": {"dailyXp": 50, "dailyLessons": None}},
        }
    )
    empty_goals = EnrollOptions(metadata={"goals": {}, "metrics": None})  # type: ignore[arg-type]

    assert options.to_body() == {"role": "student", "metadata": {"goals": {"dailyXp": 50}}}
    assert empty_goals.to_body() == {}


def test_enroll_options_accept_snake_case_and_send_camel_case() -> None:
    options = EnrollOptions.model_validate(
        {
            "sourced_id": "enr-7",
            "begin_date": dt.date(2025, 8, 15),
            "metadata": {
                "goals": {"daily_xp": 100, "daily_accuracy": 0.8},
                "metrics": {"total_xp": 3000, "is_supplemental": False},
                "cohort": "fall",
            },
        }
    )

    assert options.to_body() == {
        "sourcedId": "enr-7",
        "beginDate": "2025-08-15",
        "metadata": {
            "goals": {"dailyXp": 100, "dailyAccuracy": 0.8},
            "metrics": {"totalXp": 3000, "isSupplemental": False},
            "cohort": "fall",
        },
    }


def test_enroll_options_refuse_unknown_top_level_members() -> None:
    with pytest.raises(ValidationError) as caught:
        EnrollOptions.model_validate({"goals": {"dailyXp": 1}})

    assert caught.value.errors()[0]["loc"] == ("goals",)


def test_subject_track_upsert_sends_org_as_null_when_absent() -> None:
    global_track = SubjectTrackUpsert(subject="Math", grade=3, course_id="course-math-3")  # type: ignore[arg-type]
    campus_track = SubjectTrackUpsert.model_validate(
        {"subject": "Math", "grade": "K", "courseId": "c-k", "orgSourcedId": "o-1"}
    )

    assert global_track.to_body() == {
        "subject": "Math",
        "grade": "3",
        "courseId": "course-math-3",
        "orgSourcedId": None,
    }
    assert campus_track.to_body()["orgSourcedId"] == "o-1"


def test_subject_track_upsert_requires_subject_grade_and_course() -> None:
    with pytest.raises(ValidationError) as caught:
        SubjectTrackUpsert.model_validate({"subject": "Math"})

    assert sorted(error["loc"][0] for error in caught.value.errors()) == ["courseId", "grade"]


def test_progression_bodies_omit_nulls() -> None:
    enqueue = ProgressionEnqueueRequest(
        assignment_id="as-1",
        student_timeback_id="u-1",
        student_email="ada@example.com",
        subject="Math",
        grade="3",
        current_course_sourced_id="c-3",
        flow_type="dcan",
        score=87,
    )
    create = CreateCourseRequest.model_validate(
        {
            "subject": "Math",
            "grade": 4,
            "lessonIds": ["l1", "l2"],
            "courseDetails": {"title": "Math G4", "xpPerLesson": 30},
        }
    )

    assert enqueue.to_body() == {
        "assignmentId": "as-1",
        "studentTimebackId": "u-1",
        "studentEmail": "ada@example.com",
        "subject": "Math",
        "grade": "3",
        "currentCourseSourcedId": "c-3",
        "flowType": "dcan",
        "score": 87,
    }
    assert create.to_body() == {
        "subject": "Math",
        "grade": "4",
        "lessonIds": ["l1", "l2"],
        "courseDetails": {"title": "Math G4", "xpPerLesson": 30},
    }
