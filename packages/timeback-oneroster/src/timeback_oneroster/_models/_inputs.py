"""Write forms: what the client sends on POST, PUT and PATCH.

Design: one input class per writable entity (`UserInput`, `ClassInput`, ...), separate from the
response models, because a write body differs from a response in ways a flag cannot express:

* required members follow the contract's "Create" column (a response tolerates anything missing);
* references are written as ``{"sourcedId"}`` only, whatever shape they were given in (a response
  GUIDRef, a `Ref`, a dict, a bare id string);
* a class names its school ``org``, an academic session sends ``schoolYear`` as a
  string, string booleans go out as ``"true"``/``"false"``;
* read-only members (``dateLastModified``, ``userProfiles``, ...) are not part of the body.

The same input class serves create (POST) and replace (PUT): a PUT carries the complete object,
whose schema requires the same members. PATCH, documented only for enrollments, assessment line
items and assessment results, has its own partial forms (`EnrollmentPatch`, ...).

Inputs are accepted as an instance of the input class, as a response model (e.g. the `User` you
just fetched, to change and PUT back: read-only and unknown members are dropped, ``school`` becomes
``org``), or as a dict of the same shape with snake_case or camelCase keys. A dict with an unknown
key is rejected, so a typo never silently drops a member. `to_wire_body`, `to_wire_items` and
`to_wire_patch` validate before anything is sent and raise `InputValidationError` naming each bad
field by its wire path (``roles[0].org``); values are never echoed (they may be secrets).
"""

from collections.abc import Iterable, Mapping
from functools import cache
from typing import Annotated, Any, ClassVar, TypeVar

from pydantic import (
    AliasChoices,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    ValidationInfo,
    model_validator,
)

from timeback_common import ErrorIssue, InputValidationError, TimebackModel, dump_model
from timeback_oneroster._types import (
    ClassType,
    EnrollmentRole,
    LessonType,
    OrgType,
    ResourceImportance,
    RoleType,
    SchoolYearString,
    ScoreStatus,
    SessionType,
    Sex,
    Status,
    StringBool,
    UserRole,
    WireDate,
    WireDateOrDateTime,
    WireDateTime,
)

from ._base import GUIDRef, Number, Ref, validation_issues

__all__ = [
    "AcademicSessionInput",
    "AssessmentLineItemInput",
    "AssessmentLineItemPatch",
    "AssessmentResultInput",
    "AssessmentResultPatch",
    "CategoryInput",
    "ClassEnrollmentInput",
    "ClassInput",
    "ComponentResourceInput",
    "CourseComponentInput",
    "CourseInput",
    "DemographicsInput",
    "EnrollmentInput",
    "EnrollmentPatch",
    "GradingPeriodInput",
    "LearningObjectiveResultInput",
    "LearningObjectiveResultSetInput",
    "LearningObjectiveSetInput",
    "LineItemInput",
    "LoginInput",
    "OrgInput",
    "PatchModel",
    "RefInput",
    "ResourceAssignmentInput",
    "ResourceInput",
    "ResultInput",
    "RoleInput",
    "SchoolInput",
    "ScoreScaleInput",
    "ScoreScaleValueInput",
    "TermInput",
    "UserCredentialsInput",
    "UserIdInput",
    "UserInput",
    "WriteModel",
    "to_wire_body",
    "to_wire_items",
    "to_wire_patch",
]

# --- references on writes ------------------------------------------------------------------------


def _coerce_ref(value: Any) -> Any:
    if isinstance(value, str):
        return {"sourcedId": value}
    return value


def _ref_to_wire(ref: Ref) -> dict[str, str]:
    return {"sourcedId": ref.sourced_id}


RefInput = Annotated[
    Ref,
    BeforeValidator(_coerce_ref),
    PlainSerializer(_ref_to_wire, when_used="json"),
]
"""A reference on a write: given as a `Ref`, a `GUIDRef`, a dict or a bare id; sent as
``{"sourcedId": "..."}`` only."""


def _guidref_to_wire(ref: GUIDRef) -> dict[str, str]:
    body = {"sourcedId": ref.sourced_id}
    if ref.href is not None and ref.type is not None:
        body["href"] = ref.href
        body["type"] = ref.type
    return body


_GUIDRefPassThrough = Annotated[
    GUIDRef,
    BeforeValidator(_coerce_ref),
    PlainSerializer(_guidref_to_wire, when_used="json"),
]
# Course `schoolYear`/`resources` and session `children`: the OpenAPI write schemas (and the
# official client) want a full GUIDRef there, so `href` and `type` are sent when the caller gave
# both; otherwise these too are sent as {"sourcedId"}.

# --- bases ---------------------------------------------------------------------------------------

_FROM_MODEL = "timeback_oneroster.from_model"


def _drop_unknown(cls: type[BaseModel], data: Any, info: ValidationInfo) -> Any:
    """Drop read-only members always, and unknown members when the input came from a model.

    A dict typed by the caller keeps its unknown keys, so ``extra="forbid"`` reports a typo. A
    response model may carry members of a newer server; those are not the caller's typos and are
    dropped. A model reaches here either dumped at the top (flagged through the validation
    context, which nested models see too) or as a nested value (``{"roles": user.roles}``).
    """
    from_model = bool(info.context and info.context.get(_FROM_MODEL))
    if isinstance(data, BaseModel) and not isinstance(data, cls):
        data = data.model_dump(by_alias=True, exclude_unset=True)
        from_model = True
    if not isinstance(data, Mapping):
        return data
    read_only: frozenset[str] = getattr(cls, "read_only_members", frozenset())
    accepted = _accepted_keys(cls) if from_model else None
    if not read_only.intersection(data) and accepted is None:
        return data
    return {
        k: v for k, v in data.items() if k not in read_only and (accepted is None or k in accepted)
    }


def _input_error(
    exc: ValidationError, input_type: type[Any], prefix: str | None
) -> InputValidationError:
    issues = validation_issues(exc, prefix)
    shown = "; ".join(str(issue) for issue in issues[:5])
    more = f" (and {len(issues) - 5} more)" if len(issues) > 5 else ""
    return InputValidationError(f"invalid {input_type.__name__}: {shown}{more}", issues)


class _InputModel(TimebackModel):
    """The base of the write and PATCH forms: unknown keys rejected, and constructing one with bad
    arguments raises `InputValidationError`, not pydantic's.

    Class attributes:
        read_only_members: Wire names dropped from the input before validation (server-set or
            response-only members, so a fetched record can be sent back).
    """

    model_config = ConfigDict(extra="forbid")

    read_only_members: ClassVar[frozenset[str]] = frozenset({"dateLastModified"})

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise _input_error(exc, type(self), None) from None

    # Marks this __init__ as a plain forwarder (pydantic's RootModel does the same): validation
    # of nested inputs then skips it, so their errors keep their paths and the validation context.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    @model_validator(mode="before")
    @classmethod
    def _drop_members_of_models(cls, data: Any, info: ValidationInfo) -> Any:
        return _drop_unknown(cls, data, info)


class WriteModel(_InputModel):
    """Base of the create/replace forms: unknown keys rejected, ``None`` members left out.

    Class attributes:
        null_members: Wire names always sent, as ``null`` when unset (some schemas require a
            nullable member to be present).
    """

    null_members: ClassVar[frozenset[str]] = frozenset()

    def to_wire(self) -> dict[str, object]:
        """The exact camelCase body object (unwrapped), ``None`` members omitted."""
        body = dump_model(self, mode="json", by_alias=True, exclude_none=True)
        for name in self.null_members:
            body.setdefault(name, None)
        return body


class PatchModel(_InputModel):
    """Base of the PATCH forms: only the members given are sent; an explicit ``None`` sends null."""

    def to_wire(self) -> dict[str, object]:
        """The camelCase partial body: exactly the members that were set."""
        return dump_model(self, mode="json", by_alias=True, exclude_unset=True)


class RecordInput(WriteModel):
    """Base of the forms of a whole record: the members every record has, in wire order."""

    sourced_id: str | None = None
    status: Status = "active"
    metadata: dict[str, Any] | None = None


class RecordPatch(PatchModel):
    """Base of the PATCH forms of a record: the members every record has."""

    status: Status | None = None
    metadata: dict[str, Any] | None = None


# --- rostering -----------------------------------------------------------------------------------


class UserIdInput(WriteModel):
    """An identifier of the user in another system."""

    type: str
    identifier: str


class RoleInput(WriteModel):
    """A role of a user in an org (``org`` is sent as a Ref)."""

    role_type: RoleType
    role: UserRole
    org: RefInput
    user_profile: str | None = None
    begin_date: WireDate | None = None
    end_date: WireDate | None = None


class UserInput(RecordInput):
    """Body of ``POST R/users`` and ``PUT R/users/{id}`` (wrapper ``user``).

    Required: ``enabled_user``, ``given_name``, ``family_name`` and at least one role.
    ``enabled_user`` is a ``bool`` here and ``"true"``/``"false"`` on the wire.
    """

    read_only_members: ClassVar[frozenset[str]] = frozenset(
        {"dateLastModified", "userProfiles", "identifier", "demographics"}
    )

    enabled_user: StringBool
    given_name: str
    family_name: str
    middle_name: str | None = None
    preferred_first_name: str | None = None
    preferred_middle_name: str | None = None
    preferred_last_name: str | None = None
    pronouns: str | None = None
    roles: list[RoleInput] = Field(min_length=1)
    agents: list[RefInput] | None = None
    user_master_identifier: str | None = None
    username: str | None = None
    user_ids: list[UserIdInput] | None = None
    primary_org: RefInput | None = None
    email: str | None = None
    sms: str | None = None
    phone: str | None = None
    password: str | None = Field(default=None, repr=False)
    grades: list[str] | None = None


class OrgInput(RecordInput):
    """Body of ``POST R/orgs`` and ``PUT R/orgs/{id}`` (wrapper ``org``). Required: name, type."""

    read_only_members: ClassVar[frozenset[str]] = frozenset({"dateLastModified", "children"})

    name: str
    type: OrgType
    identifier: str | None = None
    parent: RefInput | None = None


class SchoolInput(OrgInput):
    """An `OrgInput` whose ``type`` defaults to ``school`` (``R/schools`` writes)."""

    type: OrgType = "school"


class AcademicSessionInput(RecordInput):
    """Body of academic-session writes (wrapper ``academicSession``).

    Required: ``sourced_id``, title, start and end dates, type, ``school_year`` (sent as the
    string ``"2025"``) and ``org``.
    """

    sourced_id: str
    title: str
    start_date: WireDate
    end_date: WireDate
    type: SessionType
    school_year: SchoolYearString
    org: RefInput
    parent: RefInput | None = None
    children: list[_GUIDRefPassThrough] | None = None


class TermInput(AcademicSessionInput):
    """An academic session of type ``term`` (wrapper ``term``)."""

    type: SessionType = "term"


class GradingPeriodInput(AcademicSessionInput):
    """A grading period: wrapper ``academicSession`` on ``R/gradingPeriods`` and
    ``R/terms/{id}/gradingPeriods``; ``type`` defaults to ``gradingPeriod``.

    ``tenantId`` and ``clientAppId`` are always sent (``null`` when unset): the term-scoped create
    schema requires them.
    """

    null_members: ClassVar[frozenset[str]] = frozenset({"tenantId", "clientAppId"})

    type: SessionType = "gradingPeriod"
    tenant_id: str | None = None
    client_app_id: str | None = None


class CourseInput(RecordInput):
    """Body of course writes (wrapper ``course``). Required: title, org.

    ``school_year`` and ``resources`` keep ``href`` and ``type`` when both are given (their write
    schema is a GUIDRef); every other reference is sent as ``{"sourcedId"}``.
    """

    title: str
    org: RefInput
    course_code: str | None = None
    school_year: _GUIDRefPassThrough | None = None
    academic_session: RefInput | None = None
    grades: list[str] | None = None
    subjects: list[str] | None = None
    subject_codes: list[str] | None = None
    level: str | None = None
    grading_scheme: str | None = None
    resources: list[_GUIDRefPassThrough] | None = None


class ClassInput(RecordInput):
    """Body of class writes (wrapper ``class``). Required: title, course, org, at least one term.

    The school is sent as ``org``; ``school`` is accepted as an input name for it, so
    a fetched `Class` can be sent back.
    """

    title: str
    course: RefInput
    org: RefInput = Field(validation_alias=AliasChoices("org", "school"))
    terms: list[RefInput] = Field(min_length=1)
    class_code: str | None = None
    class_type: ClassType | None = None
    location: str | None = None
    grades: list[str] | None = None
    subjects: list[str] | None = None
    subject_codes: list[str] | None = None
    periods: list[str] | None = None
    resources: list[RefInput] | None = None

    @model_validator(mode="before")
    @classmethod
    def _school_is_org(cls, data: Any) -> Any:
        if isinstance(data, Mapping) and "school" in data and "org" in data:
            school, org = _ref_id(data["school"]), _ref_id(data["org"])
            if school is not None and org is not None and school != org:
                raise ValueError("'school' and 'org' name different orgs; send only 'org'")
            data = {k: v for k, v in data.items() if k != "school"}
        return data


class EnrollmentInput(RecordInput):
    """Body of enrollment writes (wrapper ``enrollment``). Required: role, user, class.

    ``primary`` is a ``bool`` here and ``"true"``/``"false"`` on the wire.
    """

    role: EnrollmentRole
    user: RefInput
    class_: RefInput = Field(alias="class")
    school: RefInput | None = None
    primary: StringBool | None = None
    begin_date: WireDate | None = None
    end_date: WireDate | None = None


class ClassEnrollmentInput(WriteModel):
    """Body of ``POST R/classes/{id}/students|teachers`` (wrapper ``enrollment``); the role and
    class come from the path. Required: user."""

    user: RefInput
    primary: StringBool | None = None
    begin_date: WireDate | None = None
    end_date: WireDate | None = None


class DemographicsInput(RecordInput):
    """Body of demographics writes (wrapper ``demographics``). Required: ``sourced_id`` (the
    user's). The create schema documents ``sex`` as ``male``, ``female`` or null."""

    sourced_id: str
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


class CourseComponentInput(RecordInput):
    """Body of course-component writes (wrapper ``courseComponent``). Required: course, title."""

    course: RefInput
    title: str
    sort_order: Number | None = None
    unlock_date: WireDateOrDateTime | None = None
    parent: RefInput | None = None
    course_component: RefInput | None = None
    prerequisites: list[str] | None = None
    prerequisite_criteria: str | None = None


class ComponentResourceInput(RecordInput):
    """Body of component-resource writes (wrapper ``componentResource``).

    Required: ``sourced_id``, title, course component, resource.
    """

    sourced_id: str
    title: str
    course_component: RefInput
    resource: RefInput
    sort_order: Number | None = None
    lesson_type: LessonType | None = None


class LoginInput(WriteModel):
    """A username and password (the password is left out of ``repr``)."""

    username: str
    password: str = Field(repr=False)


class UserCredentialsInput(WriteModel):
    """Body of ``POST R/users/{id}/credentials`` (not wrapped)."""

    application_name: str
    credentials: LoginInput


# --- gradebook -----------------------------------------------------------------------------------


class LearningObjectiveSetInput(WriteModel):
    """Objectives a line item assesses, from one source."""

    source: str
    learning_objective_ids: list[str]


class LearningObjectiveResultInput(WriteModel):
    """A score against one objective."""

    learning_objective_id: str
    score: Number | None = None
    text_score: str | None = None


class LearningObjectiveResultSetInput(WriteModel):
    """Results against objectives from one source."""

    source: str
    learning_objective_results: list[LearningObjectiveResultInput]


class CategoryInput(RecordInput):
    """Body of category writes (wrapper ``category``). Required: title."""

    title: str
    weight: Number | None = None


class ScoreScaleValueInput(WriteModel):
    """One mapping of a score scale (``itemValueLHS``/``itemValueRHS`` on the wire)."""

    item_value_lhs: str = Field(alias="itemValueLHS")
    item_value_rhs: str = Field(alias="itemValueRHS")
    value: str | None = None
    description: str | None = None


class ScoreScaleInput(RecordInput):
    """Body of score-scale writes (wrapper ``scoreScale``).

    Required: title, type, class, ``score_scale_value`` (singular on the wire).
    """

    title: str
    type: str
    class_: RefInput = Field(alias="class")
    course: RefInput | None = None
    score_scale_value: list[ScoreScaleValueInput]


class LineItemInput(RecordInput):
    """Body of line-item writes (wrapper ``lineItem``; ``lineItems: [...]`` on class and school
    creates). Required: title, assign and due dates, class, school, category."""

    title: str
    description: str | None = None
    assign_date: WireDateTime
    due_date: WireDateTime
    class_: RefInput = Field(alias="class")
    school: RefInput
    category: RefInput
    grading_period: RefInput | None = None
    academic_session: RefInput | None = None
    score_scale: RefInput | None = None
    result_value_min: Number | None = None
    result_value_max: Number | None = None
    learning_objective_set: list[LearningObjectiveSetInput] | None = None


class ResultInput(RecordInput):
    """Body of result writes (wrapper ``result``; ``results: [...]`` on scoped creates).

    Required: line item, student, score status, score date. The flags are ``bool`` here and
    ``"true"``/``"false"`` on the wire.
    """

    line_item: RefInput
    student: RefInput
    score_status: ScoreStatus
    score_date: WireDateTime
    class_: RefInput | None = Field(default=None, alias="class")
    score_scale: RefInput | None = None
    score: Number | None = None
    text_score: str | None = None
    comment: str | None = None
    learning_objective_set: list[LearningObjectiveResultSetInput] | None = None
    in_progress: StringBool | None = None
    incomplete: StringBool | None = None
    late: StringBool | None = None
    missing: StringBool | None = None


class AssessmentLineItemInput(RecordInput):
    """Body of assessment-line-item writes (wrapper ``assessmentLineItem``). Required: title."""

    title: str
    description: str | None = None
    class_: RefInput | None = Field(default=None, alias="class")
    parent_assessment_line_item: RefInput | None = None
    score_scale: RefInput | None = None
    result_value_min: Number | None = None
    result_value_max: Number | None = None
    learning_objective_set: list[LearningObjectiveSetInput] | None = None
    component: RefInput | None = None
    component_resource: RefInput | None = None
    course: RefInput | None = None


class AssessmentResultInput(RecordInput):
    """Body of assessment-result writes (wrapper ``assessmentResult``).

    Required: assessment line item, student, score date, score status. Timeback activity metrics
    (``xp``, ``accuracy``, ...) go in ``metadata``.
    """

    assessment_line_item: RefInput
    student: RefInput
    score_date: WireDateTime
    score_status: ScoreStatus
    score: Number | None = None
    text_score: str | None = None
    comment: str | None = None
    score_percentile: Number | None = None
    score_scale: RefInput | None = None
    learning_objective_set: list[LearningObjectiveResultSetInput] | None = None
    in_progress: StringBool | None = None
    incomplete: StringBool | None = None
    late: StringBool | None = None
    missing: StringBool | None = None


# --- resources -----------------------------------------------------------------------------------


class ResourceInput(RecordInput):
    """Body of resource writes (wrapper ``resource``). Required: title, vendor resource id."""

    title: str
    vendor_resource_id: str
    roles: list[ResourceImportance] | None = None
    importance: ResourceImportance | None = None
    vendor_id: str | None = None
    application_id: str | None = None


class ResourceAssignmentInput(WriteModel):
    """Body of ``POST X/resources/{classes|courses|users}/{id}/resources`` (wrapper
    ``resource``): assigns a resource."""

    sourced_id: str
    date_assigned: WireDateOrDateTime | None = None


# --- PATCH forms (documented for three resources only) -------------------------------------------


class EnrollmentPatch(RecordPatch):
    """Partial enrollment for ``PATCH R/enrollments/{id}`` (wrapper ``enrollment``)."""

    role: EnrollmentRole | None = None
    user: RefInput | None = None
    class_: RefInput | None = Field(default=None, alias="class")
    school: RefInput | None = None
    primary: StringBool | None = None
    begin_date: WireDate | None = None
    end_date: WireDate | None = None


class AssessmentLineItemPatch(RecordPatch):
    """Partial assessment line item for ``PATCH G/assessmentLineItems/{id}``."""

    title: str | None = None
    description: str | None = None
    class_: RefInput | None = Field(default=None, alias="class")
    parent_assessment_line_item: RefInput | None = None
    score_scale: RefInput | None = None
    result_value_min: Number | None = None
    result_value_max: Number | None = None
    learning_objective_set: list[LearningObjectiveSetInput] | None = None
    component: RefInput | None = None
    component_resource: RefInput | None = None
    course: RefInput | None = None


class AssessmentResultPatch(RecordPatch):
    """Partial assessment result for ``PATCH G/assessmentResults/{id}``."""

    assessment_line_item: RefInput | None = None
    student: RefInput | None = None
    score_date: WireDateTime | None = None
    score_status: ScoreStatus | None = None
    score: Number | None = None
    text_score: str | None = None
    comment: str | None = None
    score_percentile: Number | None = None
    score_scale: RefInput | None = None
    learning_objective_set: list[LearningObjectiveResultSetInput] | None = None
    in_progress: StringBool | None = None
    incomplete: StringBool | None = None
    late: StringBool | None = None
    missing: StringBool | None = None


# --- conversion ----------------------------------------------------------------------------------

W = TypeVar("W", bound=WriteModel)
P = TypeVar("P", bound=PatchModel)
M = TypeVar("M", bound=TimebackModel)


def _ref_id(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, Ref):
        return value.sourced_id
    if isinstance(value, Mapping):
        found = value.get("sourcedId", value.get("sourced_id"))
        return found if isinstance(found, str) else None
    return None


@cache
def _accepted_keys(input_type: type[BaseModel]) -> frozenset[str]:
    """Every key a dict may use for ``input_type``: names, aliases and alias choices."""
    keys: set[str] = set()
    for name, info in input_type.model_fields.items():
        keys.add(name)
        if info.alias:
            keys.add(info.alias)
        choices = info.validation_alias
        if isinstance(choices, str):
            keys.add(choices)
        elif isinstance(choices, AliasChoices):
            keys.update(c for c in choices.choices if isinstance(c, str))
    return frozenset(keys)


def _validate(data: object, input_type: type[M], prefix: str | None) -> M:
    if isinstance(data, BaseModel):
        # A response model (or another input): its members are dumped and re-validated; unknown
        # ones are dropped (see `_drop_unknown`), so a newer server's members are not echoed back.
        source: object = data.model_dump(by_alias=True, exclude_unset=True)
        context: dict[str, Any] | None = {_FROM_MODEL: True}
    elif isinstance(data, Mapping):
        source, context = data, None
    else:
        raise InputValidationError(
            f"expected a {input_type.__name__} or a mapping, got {type(data).__name__}",
            [ErrorIssue(message=f"expected a {input_type.__name__} or a mapping", path=prefix)],
        )
    try:
        return input_type.model_validate(source, context=context)
    except ValidationError as exc:
        raise _input_error(exc, input_type, prefix) from None


def _coerce(data: object, input_type: type[M], prefix: str | None = None) -> M:
    if isinstance(data, input_type):
        return data
    return _validate(data, input_type, prefix)


def to_wire_body(
    data: W | BaseModel | Mapping[str, Any],
    input_type: type[W],
    *,
    sourced_id: str | None = None,
) -> dict[str, Any]:
    """Validate a create or replace input and return the exact wire object (not yet wrapped).

    Args:
        data: An instance of ``input_type``, a response model of the same entity, or a dict of
            the same shape (snake_case or camelCase keys).
        input_type: The input class, e.g. `UserInput`.
        sourced_id: The id from the path of a PUT (or of a create with a chosen id). The body
            gets this ``sourcedId``; a different one in ``data`` is an error. It also satisfies
            an input that requires ``sourced_id`` when a dict ``data`` leaves it out.

    Returns:
        The camelCase body object; wrap it under the resource's write key (`WIRE_KEYS`).

    Raises:
        InputValidationError: When ``data`` does not validate; each issue names the field.

    Example:
        >>> to_wire_body({"name": "North High", "type": "school"}, OrgInput)
        {'status': 'active', 'name': 'North High', 'type': 'school'}
    """
    if (
        sourced_id is not None
        and isinstance(data, Mapping)
        and "sourcedId" not in data
        and "sourced_id" not in data
        and "sourced_id" in input_type.model_fields
    ):
        # The id of a PUT comes from the path: a dict need not repeat it, even where the
        # input requires one (academic sessions, demographics, component resources).
        data = {**data, "sourcedId": sourced_id}
    model = _coerce(data, input_type)
    body = model.to_wire()
    if sourced_id is not None:
        given = body.get("sourcedId")
        if given is not None and given != sourced_id:
            raise InputValidationError(
                f"invalid {input_type.__name__}: sourcedId differs from the id in the path",
                [ErrorIssue(message="differs from the id in the path", path="sourcedId")],
            )
        body = {"sourcedId": sourced_id, **{k: v for k, v in body.items() if k != "sourcedId"}}
    return body


def to_wire_items(
    items: Iterable[W | BaseModel | Mapping[str, Any]],
    input_type: type[W],
    *,
    path: str = "",
) -> list[dict[str, Any]]:
    """Validate the items of an array-wrapped create (``{"lineItems": [...]}``).

    Args:
        items: The items, each accepted as by `to_wire_body`.
        input_type: The input class of one item.
        path: Name used in front of issue paths, e.g. ``lineItems`` gives ``lineItems[2].title``.

    Returns:
        The wire objects, in order.

    Raises:
        InputValidationError: When any item does not validate (issues of every bad item), or
            when there are no items.
    """
    if isinstance(items, (str, bytes, Mapping, BaseModel)):
        raise InputValidationError(
            f"expected a list of {input_type.__name__}",
            [ErrorIssue(message="expected a list", path=path or None)],
        )
    bodies: list[dict[str, Any]] = []
    issues: list[ErrorIssue] = []
    for index, item in enumerate(items):
        try:
            bodies.append(_coerce(item, input_type, f"{path}[{index}]").to_wire())
        except InputValidationError as exc:
            issues.extend(exc.issues)
    if not bodies and not issues:
        issues.append(ErrorIssue(message="at least one item is required", path=path or None))
    if issues:
        shown = "; ".join(str(issue) for issue in issues[:5])
        raise InputValidationError(f"invalid {input_type.__name__} items: {shown}", issues)
    return bodies


def to_wire_patch(data: P | BaseModel | Mapping[str, Any], patch_type: type[P]) -> dict[str, Any]:
    """Validate a partial update and return the PATCH body object (not yet wrapped).

    Only the members given are sent; an explicit ``None`` is sent as ``null``.

    Args:
        data: An instance of ``patch_type`` or a dict with some of its members.
        patch_type: `EnrollmentPatch`, `AssessmentLineItemPatch` or `AssessmentResultPatch`.

    Returns:
        The camelCase partial body.

    Raises:
        InputValidationError: When a given member does not validate or is unknown.
    """
    return _coerce(data, patch_type).to_wire()
