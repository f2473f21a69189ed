"""Response models: wire payloads parse, keep what they do not know, and write back canonically."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

from timeback_common import APIResponseValidationError
from timeback_oneroster._models import (
    AcademicSession,
    AssessmentLineItem,
    AssessmentResult,
    Category,
    Class,
    ComponentResource,
    Course,
    CourseComponent,
    Demographics,
    Enrollment,
    GUIDRef,
    LineItem,
    Org,
    Ref,
    Resource,
    Result,
    ScoreScale,
    User,
    from_wire,
    from_wire_list,
)

BASE = "https://api.example.test/ims/oneroster/rostering/v1p2"


def guidref(kind: str, collection: str, sourced_id: str) -> dict[str, str]:
    return {"href": f"{BASE}/{collection}/{sourced_id}", "sourcedId": sourced_id, "type": kind}


# Canonical wire payloads, shaped as the contract (4.11-4.13) and the OpenAPI schemas describe
# them: each must parse and write back exactly (dates YYYY-MM-DD, date-times UTC with ms and Z).
USER: dict[str, Any] = {
    "sourcedId": "usr-001",
    "status": "active",
    "dateLastModified": "2025-03-01T14:05:09.123Z",
    "metadata": {"onboarding": {"math": {"state": "completed", "courseId": "c-1"}}, "xp": 120},
    "userMasterIdentifier": "MASTER-1",
    "username": "ada.l",
    "userIds": [{"type": "SIS", "identifier": "12345"}],
    "enabledUser": "true",
    "givenName": "Ada",
    "familyName": "O'Brien",
    "middleName": None,
    "roles": [
        {
            "roleType": "primary",
            "role": "student",
            "org": guidref("org", "orgs", "sch-1"),
            "userProfile": "prof-1",
            "beginDate": "2024-08-15",
            "endDate": None,
        }
    ],
    "agents": [guidref("user", "users", "usr-parent")],
    "userProfiles": [
        {
            "profileId": "prof-1",
            "profileType": "student",
            "vendorId": "v-1",
            "applicationId": "app-1",
            "description": None,
            "app": {"sourcedId": "app-1", "name": "Reader", "domain": "reader.example"},
            "credentials": [{"id": "cr-1", "type": "password", "username": "ada.l"}],
        }
    ],
    "primaryOrg": guidref("org", "orgs", "sch-1"),
    "identifier": "ID-1",
    "email": "ada@example.test",
    "preferredFirstName": "Ada",
    "grades": ["-1", "0", "5", "K", "05"],
}

ORG: dict[str, Any] = {
    "sourcedId": "sch-1",
    "status": "active",
    "dateLastModified": "2025-01-02T03:04:05.000Z",
    "metadata": None,
    "name": "North High",
    "type": "school",
    "identifier": "NCES-1",
    "parent": guidref("org", "orgs", "dist-1"),
    "children": [],
}

ACADEMIC_SESSION: dict[str, Any] = {
    "sourcedId": "term-1",
    "status": "active",
    "dateLastModified": "2025-01-02T03:04:05.000Z",
    "title": "Fall 2024",
    "startDate": "2024-08-15",
    "endDate": "2025-01-01",
    "type": "term",
    "parent": guidref("academicSession", "academicSessions", "sy-2025"),
    "schoolYear": 2025,
    "org": guidref("org", "orgs", "sch-1"),
    "children": [guidref("gradingPeriod", "gradingPeriods", "gp-1")],
}

COURSE: dict[str, Any] = {
    "sourcedId": "crs-1",
    "status": "active",
    "title": "Algebra I",
    "courseCode": None,
    "org": {"sourcedId": "sch-1"},
    "schoolYear": guidref("academicSession", "academicSessions", "sy-2025"),
    "academicSession": {"sourcedId": "sy-2025"},
    "grades": ["9"],
    "subjects": ["Math"],
    "subjectCodes": [],
    "level": None,
    "gradingScheme": None,
    "resources": [],
}

CLASS: dict[str, Any] = {
    "sourcedId": "cls-1",
    "status": "active",
    "dateLastModified": "2025-01-02T03:04:05.000Z",
    "title": "Algebra I - P1",
    "classCode": None,
    "classType": "scheduled",
    "location": None,
    "grades": ["9"],
    "subjects": ["Math"],
    "course": guidref("course", "courses", "crs-1"),
    "school": guidref("org", "orgs", "sch-1"),
    "terms": [guidref("term", "terms", "term-1")],
    "subjectCodes": [],
    "periods": ["1"],
    "resources": [],
}

ENROLLMENT: dict[str, Any] = {
    "sourcedId": "enr-1",
    "status": "active",
    "dateLastModified": "2025-01-02T03:04:05.000Z",
    "role": "teacher",
    "primary": "false",
    "beginDate": "2024-08-15",
    "endDate": None,
    "user": guidref("user", "users", "usr-001"),
    "class": guidref("class", "classes", "cls-1"),
    "school": guidref("org", "orgs", "sch-1"),
}

DEMOGRAPHICS: dict[str, Any] = {
    "sourcedId": "usr-001",
    "status": "active",
    "birthDate": "2010-04-01",
    "sex": "female",
    "americanIndianOrAlaskaNative": "false",
    "asian": "true",
    "blackOrAfricanAmerican": "false",
    "nativeHawaiianOrOtherPacificIslander": None,
    "white": "false",
    "demographicRaceTwoOrMoreRaces": "false",
    "hispanicOrLatinoEthnicity": "false",
    "countryOfBirthCode": "US",
    "stateOfBirthAbbreviation": "TX",
    "cityOfBirth": None,
    "publicSchoolResidenceStatus": None,
}

COURSE_COMPONENT: dict[str, Any] = {
    "sourcedId": "cc-1",
    "status": "active",
    "course": {"sourcedId": "crs-1"},
    "parent": {"sourcedId": "cc-0"},
    "title": "Unit 1",
    "sortOrder": 1,
    "prerequisites": ["cc-0"],
    "prerequisiteCriteria": "ALL",
    "unlockDate": "2024-09-01",
}

COMPONENT_RESOURCE: dict[str, Any] = {
    "sourcedId": "cr-1",
    "status": "active",
    "courseComponent": {"sourcedId": "cc-1"},
    "resource": {"sourcedId": "res-1"},
    "title": "Lesson 1 quiz",
    "sortOrder": 0,
    "lessonType": "quiz",
}

CATEGORY: dict[str, Any] = {
    "sourcedId": "cat-1",
    "status": "active",
    "title": "Homework",
    "weight": 0.25,
}

LINE_ITEM: dict[str, Any] = {
    "sourcedId": "li-1",
    "status": "active",
    "title": "Quiz 1",
    "description": None,
    "assignDate": "2024-09-01T00:00:00.000Z",
    "dueDate": "2024-09-08T23:59:59.000Z",
    "class": {"sourcedId": "cls-1"},
    "school": {"sourcedId": "sch-1"},
    "category": {"sourcedId": "cat-1"},
    "gradingPeriod": {"sourcedId": "gp-1"},
    "scoreScale": None,
    "resultValueMin": 0,
    "resultValueMax": 100,
    "learningObjectiveSet": [{"source": "case", "learningObjectiveIds": ["lo-1", "lo-2"]}],
}

RESULT: dict[str, Any] = {
    "sourcedId": "res-1",
    "status": "active",
    "lineItem": {"sourcedId": "li-1"},
    "student": {"sourcedId": "usr-001"},
    "class": {"sourcedId": "cls-1"},
    "scoreStatus": "fully graded",
    "score": 87.5,
    "textScore": "B+",
    "scoreDate": "2024-09-09T10:00:00.000Z",
    "comment": None,
    "learningObjectiveSet": [
        {
            "source": "case",
            "learningObjectiveResults": [{"learningObjectiveId": "lo-1", "score": 0.9}],
        }
    ],
    "inProgress": "false",
    "incomplete": "false",
    "late": "true",
    "missing": "false",
}

SCORE_SCALE: dict[str, Any] = {
    "sourcedId": "ss-1",
    "status": "active",
    "title": "Letter grades",
    "type": "letter",
    "class": {"sourcedId": "cls-1"},
    "course": None,
    "scoreScaleValue": [
        {"itemValueLHS": "90", "itemValueRHS": "A", "value": "4", "description": "Excellent"}
    ],
}

ASSESSMENT_LINE_ITEM: dict[str, Any] = {
    "sourcedId": "ali-1",
    "status": "active",
    "title": "Placement test",
    "description": None,
    "class": None,
    "parentAssessmentLineItem": None,
    "scoreScale": None,
    "resultValueMin": 0,
    "resultValueMax": 100,
    "component": {"sourcedId": "cc-1"},
    "componentResource": {"sourcedId": "cr-1"},
    "learningObjectiveSet": None,
}

ASSESSMENT_RESULT: dict[str, Any] = {
    "sourcedId": "ar-1",
    "status": "active",
    "metadata": {"xp": 40, "accuracy": 92.5, "masteredUnits": 1},
    "assessmentLineItem": {"sourcedId": "ali-1"},
    "student": {"sourcedId": "usr-001"},
    "score": 92,
    "textScore": None,
    "scoreDate": "2025-02-03T04:05:06.789Z",
    "scoreScale": None,
    "scorePercentile": None,
    "scoreStatus": "submitted",
    "comment": None,
    "inProgress": None,
    "incomplete": "false",
    "late": None,
    "missing": None,
}

RESOURCE: dict[str, Any] = {
    "sourcedId": "res-1",
    "status": "active",
    "metadata": {"type": "qti", "xp": 10},
    "title": "Fractions quiz",
    "roles": ["primary"],
    "importance": "primary",
    "vendorResourceId": "qti-123",
    "vendorId": None,
    "applicationId": None,
}

CANONICAL = [
    pytest.param(User, USER, id="User"),
    pytest.param(Org, ORG, id="Org"),
    pytest.param(AcademicSession, ACADEMIC_SESSION, id="AcademicSession"),
    pytest.param(Course, COURSE, id="Course"),
    pytest.param(Class, CLASS, id="Class"),
    pytest.param(Enrollment, ENROLLMENT, id="Enrollment"),
    pytest.param(Demographics, DEMOGRAPHICS, id="Demographics"),
    pytest.param(CourseComponent, COURSE_COMPONENT, id="CourseComponent"),
    pytest.param(ComponentResource, COMPONENT_RESOURCE, id="ComponentResource"),
    pytest.param(Category, CATEGORY, id="Category"),
    pytest.param(LineItem, LINE_ITEM, id="LineItem"),
    pytest.param(Result, RESULT, id="Result"),
    pytest.param(ScoreScale, SCORE_SCALE, id="ScoreScale"),
    pytest.param(AssessmentLineItem, ASSESSMENT_LINE_ITEM, id="AssessmentLineItem"),
    pytest.param(AssessmentResult, ASSESSMENT_RESULT, id="AssessmentResult"),
    pytest.param(Resource, RESOURCE, id="Resource"),
]


def canonical(payload: dict[str, Any]) -> dict[str, Any]:
    """The emulator's canonical form: a null array member reads (and writes) as []."""
    out = dict(payload)
    if "learningObjectiveSet" in out and out["learningObjectiveSet"] is None:
        out["learningObjectiveSet"] = []
    return out


# --- round trips ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("model", "payload"), CANONICAL)
def test_canonical_payload_round_trips_to_the_same_wire_form(
    model: type[User], payload: dict[str, Any]
) -> None:
    # given a canonical wire record
    # when it is parsed and written back
    wire = from_wire(payload, model).to_wire()
    # then the wire form is unchanged
    assert wire == canonical(payload)


@pytest.mark.parametrize(("model", "payload"), CANONICAL)
def test_every_documented_member_is_a_declared_attribute(
    model: type[User], payload: dict[str, Any]
) -> None:
    # given a canonical record, when parsed, then nothing lands in the unknown-member bag
    assert from_wire(payload, model).model_extra == {}


def test_record_with_only_an_id_parses_with_empty_defaults() -> None:
    # given a record projected with fields=sourcedId (every "required" member missing)
    user = from_wire({"sourcedId": "usr-9"}, User)
    # then it parses; scalars are None and arrays empty
    assert user.given_name is None
    assert user.enabled_user is None
    assert user.roles == []
    assert user.to_wire() == {"sourcedId": "usr-9"}


def test_null_required_arrays_read_as_empty() -> None:
    # given arrays the platform may send as null (contract 3.3: absent and null alike)
    org = from_wire({"sourcedId": "o", "children": None}, Org)
    assert org.children == []


# --- unknown members and enumeration values ------------------------------------------------------


def test_unknown_members_are_kept_and_written_back() -> None:
    # given a record from a newer platform with a member this client does not know
    payload = {**ORG, "nces": {"district": "4800001"}, "accreditation": "A"}
    org = from_wire(payload, Org)
    # then the member is available and survives a round trip
    assert org.model_extra == {"nces": {"district": "4800001"}, "accreditation": "A"}
    assert org.to_wire() == payload


def test_unknown_members_of_nested_objects_are_kept() -> None:
    payload = {**USER, "roles": [{**USER["roles"][0], "scope": "district"}]}
    user = from_wire(payload, User)
    assert user.roles[0].model_extra == {"scope": "district"}
    assert user.roles[0].to_wire()["scope"] == "district"


@pytest.mark.parametrize(
    ("model", "member", "value"),
    [
        (User, "status", "inactive"),
        (Org, "type", "consortium"),
        (AcademicSession, "type", "quarter"),
        (Class, "classType", "online"),
        (Enrollment, "role", "guide"),
        (Demographics, "sex", "nonbinary"),
        (Result, "scoreStatus", "needs review"),
        (ComponentResource, "lessonType", "video-lesson"),
        (Resource, "importance", "tertiary"),
    ],
)
def test_unknown_enumeration_values_are_kept_as_sent(
    model: type[User], member: str, value: str
) -> None:
    # given a value outside the known enumeration (pitfall 20)
    record = from_wire({"sourcedId": "x", member: value}, model)
    # then the record parses and the value is kept as a plain string
    assert record.to_wire()[member] == value


def test_unknown_user_role_in_a_page_does_not_fail_the_page() -> None:
    # given a page where one user carries a role value the client does not know
    page = [USER, {**USER, "sourcedId": "usr-2", "roles": [{**USER["roles"][0], "role": "guide"}]}]
    # when the page is parsed
    users = from_wire_list(page, User)
    # then both records are there
    assert [u.roles[0].role for u in users] == ["student", "guide"]


def test_malformed_record_names_its_position_and_member() -> None:
    # given a page whose second record has text where a number belongs
    page = [LINE_ITEM, {**LINE_ITEM, "resultValueMax": "lots"}]
    # when parsed, then the error names the record and the member
    with pytest.raises(APIResponseValidationError) as caught:
        from_wire_list(page, LineItem, path="lineItems")
    assert [issue.path for issue in caught.value.issues] == ["lineItems[1].resultValueMax"]


def test_non_object_record_is_a_response_validation_error() -> None:
    with pytest.raises(APIResponseValidationError):
        from_wire(["not", "an", "object"], User)


# --- string booleans (pitfall 18) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("wire", "expected"),
    [
        ("true", True),
        ("false", False),
        ("TRUE", True),
        ("False", False),
        (True, True),
        (False, False),
    ],
)
def test_string_booleans_read_as_python_booleans(wire: object, expected: bool) -> None:
    user = from_wire({"enabledUser": wire}, User)
    assert user.enabled_user is expected


def test_string_false_is_falsy_after_parsing() -> None:
    # given the string "false", which Python would treat as true
    enrollment = from_wire({"primary": "false"}, Enrollment)
    # then the attribute is the boolean False
    assert not enrollment.primary


def test_booleans_are_written_back_as_strings() -> None:
    result = Result(late=True, missing=False)
    assert result.to_wire() == {"late": "true", "missing": "false"}


def test_python_dump_keeps_python_booleans() -> None:
    assert Result(late=True).model_dump(exclude_unset=True) == {"late": True}


def test_null_demographic_flag_stays_none() -> None:
    demographics = from_wire(DEMOGRAPHICS, Demographics)
    assert demographics.native_hawaiian_or_other_pacific_islander is None
    assert demographics.asian is True


def test_unrecognised_string_boolean_is_a_validation_error() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        from_wire({"enabledUser": "maybe"}, User)
    assert caught.value.issues[0].path == "enabledUser"


# --- dates, date-times, school years -------------------------------------------------------------


@pytest.mark.parametrize(
    "wire",
    [
        "2025-03-01T14:05:09.123Z",
        "2025-03-01T14:05:09.123000Z",
        "2025-03-01T14:05:09.123456789Z",
        "2025-03-01T15:05:09.123+01:00",
        "2025-03-01T09:05:09.123-0500",
        "2025-03-01t14:05:09.123z",
        "2025-03-01 14:05:09.123Z",
    ],
)
def test_date_times_in_any_offset_and_precision_read_as_utc(wire: str) -> None:
    session = from_wire({"dateLastModified": wire}, AcademicSession)
    assert session.date_last_modified is not None
    assert session.date_last_modified.tzinfo is not None
    assert session.to_wire()["dateLastModified"] == "2025-03-01T14:05:09.123Z"


def test_date_time_without_offset_is_taken_as_utc() -> None:
    item = from_wire({"assignDate": "2025-03-01T14:05:09"}, LineItem)
    assert item.assign_date == datetime(2025, 3, 1, 14, 5, 9, tzinfo=timezone.utc)


def test_date_only_value_in_a_date_time_member_means_midnight_utc() -> None:
    item = from_wire({"dueDate": "2025-03-01"}, LineItem)
    assert item.to_wire() == {"dueDate": "2025-03-01T00:00:00.000Z"}


def test_full_date_time_in_a_date_member_keeps_its_calendar_date() -> None:
    # given the platform sending a date-time where a date is documented
    session = from_wire({"startDate": "2024-08-15T00:00:00-05:00"}, AcademicSession)
    # then the date is the one written, and it goes back as YYYY-MM-DD
    assert session.start_date == date(2024, 8, 15)
    assert session.to_wire() == {"startDate": "2024-08-15"}


@pytest.mark.parametrize("wire", ["2025", 2025, 2025.0])
def test_school_year_reads_as_a_number(wire: object) -> None:
    session = from_wire({"schoolYear": wire}, AcademicSession)
    assert session.school_year == 2025
    assert session.to_wire() == {"schoolYear": 2025}


def test_unlock_date_keeps_its_date_or_date_time_form() -> None:
    as_date = from_wire({"unlockDate": "2024-09-01"}, CourseComponent)
    as_time = from_wire({"unlockDate": "2024-09-01T08:00:00+02:00"}, CourseComponent)
    assert as_date.to_wire() == {"unlockDate": "2024-09-01"}
    assert as_time.to_wire() == {"unlockDate": "2024-09-01T06:00:00.000Z"}


def test_garbage_date_is_a_validation_error_naming_the_member() -> None:
    with pytest.raises(APIResponseValidationError) as caught:
        from_wire({"birthDate": "last tuesday"}, Demographics)
    assert caught.value.issues[0].path == "birthDate"


# --- references ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wire",
    [
        {"href": f"{BASE}/orgs/sch-1", "sourcedId": "sch-1", "type": "org"},
        {"sourcedId": "sch-1"},
        "sch-1",
    ],
    ids=["GUIDRef", "Ref", "bare id"],
)
def test_references_accept_every_shape(wire: object) -> None:
    org = from_wire({"parent": wire}, Org)
    assert isinstance(org.parent, GUIDRef)
    assert org.parent.sourced_id == "sch-1"


def test_guidref_in_a_gradebook_reference_keeps_href_and_type() -> None:
    item = from_wire({"class": {"href": "h", "sourcedId": "c", "type": "class"}}, LineItem)
    assert isinstance(item.class_, Ref)
    assert item.class_.sourced_id == "c"
    assert item.to_wire() == {"class": {"sourcedId": "c", "href": "h", "type": "class"}}


def test_class_member_is_reachable_by_python_name_and_wire_name() -> None:
    by_wire = Enrollment.model_validate({"class": "cls-1"})
    by_name = Enrollment(class_="cls-1")  # a bare id is accepted
    assert by_wire.class_ is not None
    assert by_name.class_ is not None
    assert by_wire.class_.sourced_id == by_name.class_.sourced_id == "cls-1"


# --- numbers -------------------------------------------------------------------------------------


def test_integer_numbers_stay_integers() -> None:
    component = from_wire({"sortOrder": 3}, CourseComponent)
    assert component.to_wire() == {"sortOrder": 3}
    assert isinstance(component.sort_order, int)


def test_secrets_are_not_in_repr() -> None:
    user = from_wire({**USER, "password": "hunter2"}, User)
    assert "hunter2" not in repr(user)
    assert "hunter2" not in repr(user.user_profiles)


def test_fast_alias_generator_agrees_with_pydantic_to_camel() -> None:
    # camel_alias replaces pydantic's to_camel for import speed; it must give the same aliases
    from pydantic import BaseModel
    from pydantic.alias_generators import to_camel

    import timeback_oneroster._models as models
    from timeback_common import camel_alias

    names = {
        name
        for export in models.__all__
        if isinstance(cls := getattr(models, export), type) and issubclass(cls, BaseModel)
        for name in cls.model_fields
        if not name.endswith("_")  # class_ has an explicit alias
    }
    assert names
    assert {name: camel_alias(name) for name in names} == {name: to_camel(name) for name in names}
