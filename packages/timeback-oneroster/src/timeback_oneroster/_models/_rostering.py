"""Rostering response models: users, orgs, sessions, courses, classes, ..."""

from typing import Any

from pydantic import Field

from timeback_oneroster._types import (
    ClassType,
    EnrollmentRole,
    LessonType,
    OrgType,
    RoleType,
    SchoolYear,
    SessionType,
    Sex,
    StringBool,
    UserRole,
    WireDate,
    WireDateOrDateTime,
)

from ._base import Entity, GUIDRef, ListOf, Number, OneRosterModel, Ref

__all__ = [
    "AcademicSession",
    "Class",
    "ComponentResource",
    "Course",
    "CourseComponent",
    "Credential",
    "CredentialRegistration",
    "Demographics",
    "Enrollment",
    "Org",
    "Role",
    "User",
    "UserId",
    "UserProfile",
    "UserProfileApp",
]


class UserId(OneRosterModel):
    """An identifier of a user in another system.

    Attributes:
        type: Kind of identifier (e.g. ``SIS``).
        identifier: The identifier.
    """

    type: str | None = None
    identifier: str | None = None


class Role(OneRosterModel):
    """A role of a user in an org.

    Attributes:
        role_type: ``primary`` or ``secondary`` (at most one primary role per org).
        role: ``student``, ``teacher``, ``guardian``, ... (Timeback enumeration).
        org: The org the role applies in.
        user_profile: Id of the user profile used in that role.
        begin_date: First day of the role.
        end_date: Day the role ends.
    """

    role_type: RoleType | None = None
    role: UserRole | None = None
    org: GUIDRef | None = None
    user_profile: str | None = None
    begin_date: WireDate | None = None
    end_date: WireDate | None = None


class Credential(OneRosterModel):
    """A credential of a user profile; the password is left out of ``repr``.

    Attributes:
        id: Credential id.
        type: Credential type.
        username: Login name.
        password: Password, when the server returns it (usually null).
    """

    id: str | None = None
    type: str | None = None
    username: str | None = None
    password: str | None = Field(default=None, repr=False)


class UserProfileApp(OneRosterModel):
    """The application a user profile belongs to.

    Attributes:
        sourced_id: Application id.
        name: Application name.
        description: Description.
        domain: Application domain.
        metadata: Free-form members.
    """

    sourced_id: str | None = None
    name: str | None = None
    description: str | None = None
    domain: str | None = None
    metadata: dict[str, Any] | None = None


class UserProfile(OneRosterModel):
    """A profile of a user in an application (read-only: not writable through POST/PUT).

    Attributes:
        profile_id: Profile id.
        profile_type: Profile type.
        vendor_id: Vendor id.
        application_id: Application id.
        description: Description.
        app: The application.
        credentials: The profile's credentials.
    """

    profile_id: str | None = None
    profile_type: str | None = None
    vendor_id: str | None = None
    application_id: str | None = None
    description: str | None = None
    app: UserProfileApp | None = None
    credentials: ListOf[Credential] = Field(default_factory=list)


class Demographics(Entity):
    """Demographics of a user (``sourced_id`` equals the user's).

    The race and ethnicity flags are string booleans on the wire and ``bool`` here; ``None`` when
    not recorded.

    Attributes:
        birth_date: Date of birth.
        sex: ``male``, ``female``, ``other``, ``unspecified``.
        american_indian_or_alaska_native: Race flag.
        asian: Race flag.
        black_or_african_american: Race flag.
        native_hawaiian_or_other_pacific_islander: Race flag.
        white: Race flag.
        demographic_race_two_or_more_races: Race flag.
        hispanic_or_latino_ethnicity: Ethnicity flag.
        country_of_birth_code: Country of birth.
        state_of_birth_abbreviation: State of birth.
        city_of_birth: City of birth.
        public_school_residence_status: Residence status.
    """

    birth_date: WireDate | None = None
    sex: Sex | None = None
    american_indian_or_alaska_native: StringBool | None = None
    asian: StringBool | None = None
    black_or_african_american: StringBool | None = None
    native_hawaiian_or_other_pacific_islander: StringBool | None = None
    white: StringBool | None = None
    demographic_race_two_or_more_races: StringBool | None = None
    hispanic_or_latino_ethnicity: StringBool | None = None
    country_of_birth_code: str | None = None
    state_of_birth_abbreviation: str | None = None
    city_of_birth: str | None = None
    public_school_residence_status: str | None = None


class User(Entity):
    """A user: student, teacher, guardian, administrator, ...

    Attributes:
        enabled_user: Whether the account is enabled (``"true"``/``"false"`` on the wire).
        given_name: Given name.
        family_name: Family name.
        middle_name: Middle name.
        preferred_first_name: Preferred first name.
        preferred_middle_name: Preferred middle name.
        preferred_last_name: Preferred last name.
        pronouns: Pronouns.
        roles: Roles of the user in orgs.
        agents: Users who act for this user (guardians, ...).
        user_profiles: Application profiles (read-only).
        user_master_identifier: Master identifier.
        username: Login name.
        identifier: Legacy identifier (responses only).
        user_ids: Identifiers in other systems.
        primary_org: The user's primary org.
        email: E-mail address.
        sms: SMS number.
        phone: Phone number.
        password: Password, when returned (left out of ``repr``).
        grades: Grade levels, as sent (see `normalize_grade`).
        demographics: Embedded demographics (only from ``R/users/{id}/demographics``).
    """

    enabled_user: StringBool | None = None
    given_name: str | None = None
    family_name: str | None = None
    middle_name: str | None = None
    preferred_first_name: str | None = None
    preferred_middle_name: str | None = None
    preferred_last_name: str | None = None
    pronouns: str | None = None
    roles: ListOf[Role] = Field(default_factory=list)
    agents: ListOf[GUIDRef] = Field(default_factory=list)
    user_profiles: ListOf[UserProfile] = Field(default_factory=list)
    user_master_identifier: str | None = None
    username: str | None = None
    identifier: str | None = None
    user_ids: ListOf[UserId] = Field(default_factory=list)
    primary_org: GUIDRef | None = None
    email: str | None = None
    sms: str | None = None
    phone: str | None = None
    password: str | None = Field(default=None, repr=False)
    grades: ListOf[str] = Field(default_factory=list)
    demographics: Demographics | None = None


class Org(Entity):
    """An organisation: school, district, department, ...

    Attributes:
        name: Name.
        type: ``school``, ``district``, ``department``, ``local``, ``state``, ``national``.
        identifier: External identifier (e.g. NCES id).
        parent: Parent org.
        children: Child orgs.
    """

    name: str | None = None
    type: OrgType | None = None
    identifier: str | None = None
    parent: GUIDRef | None = None
    children: ListOf[GUIDRef] = Field(default_factory=list)


class AcademicSession(Entity):
    """An academic session; also the model of terms and grading periods.

    Attributes:
        title: Title.
        start_date: First day (inclusive).
        end_date: Last day (exclusive).
        type: ``schoolYear``, ``semester``, ``term`` or ``gradingPeriod``.
        school_year: The year the school year ends, e.g. ``2025`` (a number on reads).
        org: The org the session belongs to (Timeback addition).
        parent: Parent session (e.g. the school year of a term).
        children: Child sessions.
    """

    title: str | None = None
    start_date: WireDate | None = None
    end_date: WireDate | None = None
    type: SessionType | None = None
    school_year: SchoolYear | None = None
    org: GUIDRef | None = None
    parent: GUIDRef | None = None
    children: ListOf[GUIDRef] = Field(default_factory=list)


class Course(Entity):
    """A course.

    Attributes:
        title: Title.
        course_code: Course code (optional on Timeback).
        org: The org offering the course.
        school_year: The school-year session (GUIDRef).
        academic_session: An academic session (Timeback addition).
        grades: Grade levels, as sent.
        subjects: Subjects.
        subject_codes: Subject codes.
        level: Level (Timeback addition).
        grading_scheme: Grading scheme (Timeback addition).
        resources: Resources of the course.
    """

    title: str | None = None
    course_code: str | None = None
    org: GUIDRef | None = None
    school_year: GUIDRef | None = None
    academic_session: GUIDRef | None = None
    grades: ListOf[str] = Field(default_factory=list)
    subjects: ListOf[str] = Field(default_factory=list)
    subject_codes: ListOf[str] = Field(default_factory=list)
    level: str | None = None
    grading_scheme: str | None = None
    resources: ListOf[GUIDRef] = Field(default_factory=list)


class Class(Entity):
    """A class (a section of a course in terms).

    Responses name the school ``school``; write bodies name it ``org`` (`ClassInput` maps it).

    Attributes:
        title: Title.
        class_code: Class code.
        class_type: ``homeroom`` or ``scheduled``.
        location: Room or place.
        course: The course.
        school: The school.
        terms: Terms the class runs in.
        grades: Grade levels, as sent.
        subjects: Subjects.
        subject_codes: Subject codes.
        periods: Periods.
        resources: Resources of the class.
    """

    title: str | None = None
    class_code: str | None = None
    class_type: ClassType | None = None
    location: str | None = None
    course: GUIDRef | None = None
    school: GUIDRef | None = None
    terms: ListOf[GUIDRef] = Field(default_factory=list)
    grades: ListOf[str] = Field(default_factory=list)
    subjects: ListOf[str] = Field(default_factory=list)
    subject_codes: ListOf[str] = Field(default_factory=list)
    periods: ListOf[str] = Field(default_factory=list)
    resources: ListOf[GUIDRef] = Field(default_factory=list)


class Enrollment(Entity):
    """A user's enrollment in a class.

    Attributes:
        role: ``student``, ``teacher``, ``administrator`` or ``proctor``.
        primary: Whether this is the primary teacher (``"true"``/``"false"`` on the wire).
        begin_date: First day.
        end_date: End day (exclusive).
        user: The enrolled user.
        class_: The class (``class`` on the wire).
        school: The school of the class.
    """

    role: EnrollmentRole | None = None
    primary: StringBool | None = None
    begin_date: WireDate | None = None
    end_date: WireDate | None = None
    user: GUIDRef | None = None
    class_: GUIDRef | None = Field(default=None, alias="class")
    school: GUIDRef | None = None


class CourseComponent(Entity):
    """A unit or lesson in a course's structure (Timeback extension).

    Attributes:
        course: The course.
        title: Title.
        sort_order: Position among siblings.
        unlock_date: When the component unlocks (a date or a date-time, as sent).
        parent: Parent component.
        course_component: Legacy parent reference.
        prerequisites: ``sourcedId`` of components to complete first.
        prerequisite_criteria: How prerequisites combine (e.g. ``ALL``).
    """

    course: Ref | None = None
    title: str | None = None
    sort_order: Number | None = None
    unlock_date: WireDateOrDateTime | None = None
    parent: Ref | None = None
    course_component: Ref | None = None
    prerequisites: ListOf[str] = Field(default_factory=list)
    prerequisite_criteria: str | None = None


class ComponentResource(Entity):
    """A resource placed in a course component (Timeback extension).

    Attributes:
        title: Title.
        course_component: The component.
        resource: The resource.
        sort_order: Position in the component.
        lesson_type: ``quiz``, ``test-out``, ``powerpath-100``, ...
    """

    title: str | None = None
    course_component: Ref | None = None
    resource: Ref | None = None
    sort_order: Number | None = None
    lesson_type: LessonType | None = None


class CredentialRegistration(OneRosterModel):
    """Answer of ``POST R/users/{id}/credentials``.

    Attributes:
        user_profile_id: The profile holding the credential.
        credential_id: The credential's id.
        message: Server message.
    """

    user_profile_id: str | None = None
    credential_id: str | None = None
    message: str | None = None
