"""The OneRoster collections the emulator stores: their fields and what kind each one is.

Field kinds drive filter, sort and ``fields`` validation and the checks of write bodies; how the
documents are laid out in SQLite (tables, indexed columns, side tables) is the store's business
(`timeback_emulator._store`).
"""

from __future__ import annotations

from timeback_emulator._filter import FieldSpec, Kind

__all__ = ["COLLECTIONS", "FILTER_ALIASES"]


def _specs(**kinds: Kind | FieldSpec) -> dict[str, FieldSpec]:
    base: dict[str, FieldSpec] = {
        "sourcedId": FieldSpec("str"),
        "status": FieldSpec("str"),
        "dateLastModified": FieldSpec("date"),
        "metadata": FieldSpec("obj"),
    }
    for name, kind in kinds.items():
        base[name] = kind if isinstance(kind, FieldSpec) else FieldSpec(kind)
    return base


_S: Kind = "str"
_REF: Kind = "ref"
_LO_SET = FieldSpec("objarr", {"source": "str"})

# The closing fields that line items and assessment line items share, in their order.
_LINE_ITEM_TAIL: dict[str, Kind | FieldSpec] = {
    "resultValueMin": "num",
    "resultValueMax": "num",
    "learningObjectiveSet": _LO_SET,
    "class": _REF,
}
# The closing fields that results and assessment results share, in their order.
_RESULT_TAIL: dict[str, Kind | FieldSpec] = {
    "comment": _S,
    "learningObjectiveSet": _LO_SET,
    "inProgress": _S,
    "incomplete": _S,
    "late": _S,
    "missing": _S,
}

COLLECTIONS: dict[str, dict[str, FieldSpec]] = {
    "users": _specs(
        enabledUser=_S,
        givenName=_S,
        familyName=_S,
        middleName=_S,
        preferredFirstName=_S,
        preferredMiddleName=_S,
        preferredLastName=_S,
        pronouns=_S,
        userMasterIdentifier=_S,
        username=_S,
        identifier=_S,
        email=_S,
        sms=_S,
        phone=_S,
        password=_S,
        roles=FieldSpec(
            "objarr",
            {
                "roleType": "str",
                "role": "str",
                "userProfile": "str",
                "beginDate": "date",
                "endDate": "date",
            },
        ),
        agents="refarr",
        userProfiles=FieldSpec(
            "objarr",
            {
                "profileId": "str",
                "profileType": "str",
                "vendorId": "str",
                "applicationId": "str",
                "description": "str",
            },
        ),
        userIds=FieldSpec("objarr", {"type": "str", "identifier": "str"}),
        primaryOrg="ref",
        grades="strarr",
        demographics="obj",
    ),
    "orgs": _specs(name=_S, type=_S, identifier=_S, parent="ref", children="refarr"),
    "academicSessions": _specs(
        title=_S,
        type=_S,
        startDate="date",
        endDate="date",
        schoolYear="num",
        org="ref",
        parent="ref",
        children="refarr",
        tenantId=_S,
        clientAppId=_S,
    ),
    "courses": _specs(
        title=_S,
        courseCode=_S,
        level=_S,
        gradingScheme=_S,
        org="ref",
        schoolYear="ref",
        academicSession="ref",
        grades="strarr",
        subjects="strarr",
        subjectCodes="strarr",
        resources="refarr",
    ),
    "classes": _specs(
        title=_S,
        classCode=_S,
        classType=_S,
        location=_S,
        course="ref",
        school="ref",
        terms="refarr",
        grades="strarr",
        subjects="strarr",
        subjectCodes="strarr",
        periods="strarr",
        resources="refarr",
    ),
    "enrollments": _specs(
        role=_S,
        primary=_S,
        beginDate="date",
        endDate="date",
        user="ref",
        school="ref",
        **{"class": _REF},
    ),
    "demographics": _specs(
        birthDate="date",
        sex=_S,
        americanIndianOrAlaskaNative=_S,
        asian=_S,
        blackOrAfricanAmerican=_S,
        nativeHawaiianOrOtherPacificIslander=_S,
        white=_S,
        demographicRaceTwoOrMoreRaces=_S,
        hispanicOrLatinoEthnicity=_S,
        countryOfBirthCode=_S,
        stateOfBirthAbbreviation=_S,
        cityOfBirth=_S,
        publicSchoolResidenceStatus=_S,
    ),
    "courseComponents": _specs(
        title=_S,
        course="ref",
        parent="ref",
        courseComponent="ref",
        sortOrder="num",
        unlockDate="date",
        prerequisites="strarr",
        prerequisiteCriteria=_S,
    ),
    "componentResources": _specs(
        title=_S, courseComponent="ref", resource="ref", sortOrder="num", lessonType=_S
    ),
    "categories": _specs(title=_S, weight="num"),
    "lineItems": _specs(
        title=_S,
        description=_S,
        assignDate="date",
        dueDate="date",
        school="ref",
        category="ref",
        gradingPeriod="ref",
        academicSession="ref",
        scoreScale="ref",
        **_LINE_ITEM_TAIL,
    ),
    "results": _specs(
        lineItem="ref",
        student="ref",
        scoreScale="ref",
        scoreStatus=_S,
        score="num",
        textScore=_S,
        scoreDate="date",
        **_RESULT_TAIL,
        **{"class": _REF},
    ),
    "scoreScales": _specs(
        title=_S,
        type=_S,
        course="ref",
        scoreScaleValue=FieldSpec(
            "objarr",
            {"itemValueLHS": "str", "itemValueRHS": "str", "value": "str", "description": "str"},
        ),
        **{"class": _REF},
    ),
    "assessmentLineItems": _specs(
        title=_S,
        description=_S,
        parentAssessmentLineItem="ref",
        scoreScale="ref",
        component="ref",
        componentResource="ref",
        course="ref",
        **_LINE_ITEM_TAIL,
    ),
    "assessmentResults": _specs(
        assessmentLineItem="ref",
        student="ref",
        score="num",
        textScore=_S,
        scoreDate="date",
        scoreScale="ref",
        scorePercentile="num",
        scoreStatus=_S,
        **_RESULT_TAIL,
    ),
    "resources": _specs(
        title=_S,
        roles="strarr",
        importance=_S,
        vendorResourceId=_S,
        vendorId=_S,
        applicationId=_S,
    ),
    # Emulator-internal collections (not OneRoster entities on their own).
    "credentials": _specs(
        user="ref", applicationName=_S, username=_S, password=_S, userProfileId=_S
    ),
    "resourceAssignments": _specs(parentType=_S, parent="ref", resource="ref", dateAssigned="date"),
}

# Names a filter may use beyond the stored fields. The platform's own client filters users by a
# top-level ``role`` (``role='teacher'``): it matches a user holding that role in any of ``roles``.
FILTER_ALIASES: dict[str, dict[str, FieldSpec]] = {
    "users": {"role": FieldSpec("str", alias_of="roles.role")},
}
