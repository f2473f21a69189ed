"""Request building for the Edubridge resources: query parameters and bodies. Pure, no I/O.

Every function validates before anything is sent and raises an `InputValidationError` that is
also an `EdubridgeError`, with one issue per bad argument named as the Python parameter
(``student_id``, ``start_date``...), so the resources stay one to three lines.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel

from timeback_common import (
    ErrorIssue,
    InputValidationError,
    QueryValue,
    check_identifiers,
    short_repr,
    validate_input,
)

from ._dates import (
    DateLike,
    date_range_params,
    default_date_range,
    resolve_timezone,
    to_query_datetime,
    today_in,
)
from ._errors import EdubridgeError, edubridge_errors, input_error
from ._models import (
    CreateCourseRequest,
    EnrollmentMetadata,
    EnrollOptions,
    ProgressionEnqueueRequest,
    SubjectTrackUpsert,
)

__all__ = [
    "Learner",
    "SummaryPlan",
    "activity_query",
    "catalog_query",
    "check_concurrency",
    "cohort_plans",
    "create_course_body",
    "enqueue_body",
    "enroll_body",
    "learner_query",
    "optional_range_query",
    "range_query",
    "subject_track_body",
    "summary_plan",
    "users_query",
    "weekly_query",
    "with_default",
    "zone_name",
]

Zone = str | ZoneInfo | None
"""An IANA zone name (``"America/Chicago"``), a `ZoneInfo`, or None for UTC."""


@dataclass(frozen=True)
class Learner:
    """Who analytics are about: one of an e-mail or a student id, and the learner's zone."""

    email: str | None = None
    student_id: str | None = None
    timezone: Zone = None


def zone_name(timezone: Zone) -> str | None:
    """The IANA name to send as ``timezone`` (validated), or None for UTC by default.

    Raises:
        InputValidationError: Not a known IANA zone (issue path ``timezone``).
    """
    if timezone is None:
        return None
    with edubridge_errors():
        resolve_timezone(timezone)
    return timezone.key if isinstance(timezone, ZoneInfo) else timezone


def with_default(
    default: Learner | None, email: str | None, student_id: str | None, timezone: Zone
) -> Learner:
    """The learner a call is about: the one named, else the default bound with
    ``analytics.with_learner(...)`` (whose zone then applies unless one was given)."""
    if default is None or email is not None or student_id is not None:
        return Learner(email, student_id, timezone)
    zone = timezone if timezone is not None else default.timezone
    return Learner(default.email, default.student_id, zone)


def learner_query(learner: Learner, *, operation: str = "this call") -> tuple[dict[str, str], str]:
    """The ``email`` or ``studentId`` parameter of the activity and weekly-facts endpoints.

    Args:
        learner: Who the call is about (see `with_default`).
        operation: The method name, for the message when no learner is given.

    Returns:
        The query parameter, and the learner key (the e-mail or the id) summaries are filed under.

    Raises:
        InputValidationError: Neither or both were given, or the value is empty.
    """
    email, student_id = learner.email, learner.student_id
    if email is not None and student_id is not None:
        message = "give the learner once: email or student_id, not both"
        raise input_error(
            f"{operation}: {message}",
            ErrorIssue(message, path="email"),
            ErrorIssue(message, path="student_id"),
        )
    if email is not None:
        check_identifiers(EdubridgeError, email=email)
        return {"email": email}, email
    if student_id is not None:
        check_identifiers(EdubridgeError, student_id=student_id)
        return {"studentId": student_id}, student_id
    message = "required: the learner's email or student_id"
    hint = " (several learners: cohort_summary(emails=[...]))" if "summary" in operation else ""
    raise input_error(
        f"{operation} needs a learner: pass email='...' or student_id='...', or bind a default "
        f"learner with client.analytics.with_learner(email=...){hint}",
        ErrorIssue(message, path="email"),
        ErrorIssue(message, path="student_id"),
    )


def activity_query(learner: Learner, start_date: DateLike, end_date: DateLike) -> dict[str, str]:
    """The query of ``E/analytics/activity``: the learner and the range in their zone.

    Raises:
        InputValidationError: No learner, both e-mail and id, or a bad date or zone.
    """
    who, _ = learner_query(learner, operation="activity()")
    return {**who, **range_query(start_date, end_date, learner.timezone)}


def weekly_query(
    learner: Learner, week_date: DateLike | None, *, now: dt.datetime | None = None
) -> dict[str, str]:
    """The query of ``E/analytics/facts/weekly``: the learner, ``weekDate`` (the current local
    week by default) and ``timezone``.

    Raises:
        InputValidationError: No learner, both e-mail and id, or a bad date or zone.
    """
    who, _ = learner_query(learner, operation="weekly_facts()")
    timezone = learner.timezone
    name = zone_name(timezone)
    with edubridge_errors():
        day = week_date if week_date is not None else today_in(timezone, now=now)
        params = {"weekDate": to_query_datetime(day, timezone=timezone, param="week_date")}
    if name is not None:
        params["timezone"] = name
    return {**who, **params}


def _check_days(days: object) -> int:
    if isinstance(days, bool) or not isinstance(days, int) or days < 1:
        message = f"must be an integer >= 1, not {short_repr(days)}"
        raise input_error(f"days {message}", ErrorIssue(message, path="days"))
    return days


def range_query(start_date: DateLike, end_date: DateLike, timezone: Zone) -> dict[str, str]:
    """``startDate``/``endDate``/``timezone`` of ``E/analytics/activity`` (both dates required).

    Bare dates become the first and last millisecond of those local days in ``timezone``;
    datetimes go out in UTC with ``Z`` (see `timeback_edubridge._dates`).

    Raises:
        InputValidationError: A date or the zone is invalid, or the range ends before it starts.
    """
    with edubridge_errors():
        return date_range_params(start_date, end_date, timezone=timezone)


def optional_range_query(
    start_date: DateLike | None, end_date: DateLike | None, timezone: Zone
) -> dict[str, str]:
    """The optional ``startDate``/``endDate``/``timezone`` of ``E/analytics/enrollment/{id}``.

    Raises:
        InputValidationError: A date or the zone is invalid, or the range ends before it starts.
    """
    if start_date is not None and end_date is not None:
        return range_query(start_date, end_date, timezone)
    params: dict[str, str] = {}
    name = zone_name(timezone)
    with edubridge_errors():
        if start_date is not None:
            params["startDate"] = to_query_datetime(
                start_date, timezone=timezone, param="start_date"
            )
        if end_date is not None:
            params["endDate"] = to_query_datetime(
                end_date, timezone=timezone, end=True, param="end_date"
            )
    if name is not None:
        params["timezone"] = name
    return params


@dataclass(frozen=True)
class SummaryPlan:
    """One learner's activity request for a summary.

    Attributes:
        query: The query parameters of ``E/analytics/activity``.
        learner: The e-mail or student id the summary is filed under.
        timezone: The zone name recorded on the summary (None: UTC).
    """

    query: dict[str, str]
    learner: str
    timezone: str | None


def _summary_range(
    start_date: DateLike | None,
    end_date: DateLike | None,
    timezone: Zone,
    days: int,
    now: dt.datetime | None,
) -> dict[str, str]:
    _check_days(days)
    if start_date is None and end_date is not None:
        message = "required with end_date (or give neither for the last days)"
        raise input_error(
            f"start_date is missing: pass start_date with end_date, or neither for the last "
            f"{days} days",
            ErrorIssue(message, path="start_date"),
        )
    with edubridge_errors():
        if start_date is None:
            start_date, end_date = default_date_range(timezone, days=days, now=now)
        elif end_date is None:
            end_date = today_in(timezone, now=now)
    return range_query(start_date, end_date, timezone)


def summary_plan(
    learner: Learner,
    *,
    start_date: DateLike | None,
    end_date: DateLike | None,
    days: int,
    now: dt.datetime | None = None,
) -> SummaryPlan:
    """Resolve the learner, the zone and the date range of ``analytics.summary()``.

    The range defaults to the last ``days`` local days in the learner's zone, today included;
    with only ``start_date`` it runs through today.

    Raises:
        InputValidationError: No learner, both e-mail and id, a bad date, zone or ``days``, or
            an ``end_date`` without ``start_date``.
    """
    who, key = learner_query(learner, operation="summary()")
    query = _summary_range(start_date, end_date, learner.timezone, days, now)
    return SummaryPlan(query={**who, **query}, learner=key, timezone=zone_name(learner.timezone))


def check_concurrency(concurrency: object) -> int:
    """``concurrency`` as an integer >= 1.

    Raises:
        InputValidationError: It is not one (issue path ``concurrency``).
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        message = f"must be an integer >= 1, not {short_repr(concurrency)}"
        raise input_error(f"concurrency {message}", ErrorIssue(message, path="concurrency"))
    return concurrency


def _check_one_or_many(name: str, values: object) -> None:
    """Refuse what is neither one string nor an iterable of them (bytes, a mapping, a number)."""
    if isinstance(values, str):
        return
    if isinstance(values, (bytes, bytearray, Mapping)) or not hasattr(values, "__iter__"):
        message = f"must be a string or a list of strings, not {type(values).__name__}"
        raise input_error(f"{name} {message}", ErrorIssue(message, path=name))


def _strings(name: str, values: str | Iterable[str] | None) -> list[str]:
    if values is None:
        return []
    _check_one_or_many(name, values)
    items = [values] if isinstance(values, str) else list(values)
    bad = [
        ErrorIssue(f"must be a non-empty string, not {short_repr(item)}", path=f"{name}[{index}]")
        for index, item in enumerate(items)
        if not isinstance(item, str) or not item.strip()
    ]
    if bad:
        raise input_error(f"invalid {name}: " + "; ".join(str(i) for i in bad), *bad)
    return items


def cohort_plans(
    *,
    emails: str | Iterable[str] | None,
    student_ids: str | Iterable[str] | None,
    start_date: DateLike | None,
    end_date: DateLike | None,
    timezone: Zone,
    days: int,
    now: dt.datetime | None = None,
) -> list[SummaryPlan]:
    """One `SummaryPlan` per learner of ``analytics.cohort_summary()``, in the order given.

    Every learner shares one date range, computed once (so "today" cannot change half-way).
    Duplicates are dropped, keeping the first.

    Raises:
        InputValidationError: No learner at all, an empty value, or a bad date, zone or ``days``.
    """
    email_list = _strings("emails", emails)
    id_list = _strings("student_ids", student_ids)
    if not email_list and not id_list:
        message = "required: at least one learner"
        raise input_error(
            "cohort_summary() needs learners: pass emails=[...] and/or student_ids=[...]",
            ErrorIssue(message, path="emails"),
            ErrorIssue(message, path="student_ids"),
        )
    query = _summary_range(start_date, end_date, timezone, days, now)
    name = zone_name(timezone)
    plans: dict[str, SummaryPlan] = {}
    for param, values in (("email", email_list), ("studentId", id_list)):
        for value in values:
            if value not in plans:
                plans[value] = SummaryPlan({param: value, **query}, value, name)
    return list(plans.values())


def users_query(
    *,
    roles: str | Iterable[str],
    org_sourced_ids: str | Iterable[str] | None,
    fields: str | Sequence[str] | None,
    filter: str | None,
    sort: str | None,
    order_by: str | None,
    search: str | None,
) -> dict[str, QueryValue]:
    """The query of ``E/users/`` except ``limit``/``offset`` (the paginator adds those).

    ``roles`` and ``orgSourcedIds`` are repeated parameters; ``fields`` is
    one comma-separated value; ``filter`` is a raw OneRoster filter string.

    Raises:
        InputValidationError: No role, an empty role or org id, or ``order_by`` not
            ``asc``/``desc``.
    """
    role_list = _strings("roles", roles)
    if not role_list:
        message = "required: at least one role, e.g. 'student'"
        raise input_error(f"roles {message}", ErrorIssue(message, path="roles"))
    orgs = _strings("org_sourced_ids", org_sourced_ids)
    if order_by is not None and order_by not in ("asc", "desc"):
        message = f"must be 'asc' or 'desc', not {short_repr(order_by)}"
        raise input_error(f"order_by {message}", ErrorIssue(message, path="order_by"))
    field_list = _strings("fields", fields)
    return {
        "roles": role_list,
        "orgSourcedIds": orgs or None,
        "fields": ",".join(field_list) or None,
        "filter": filter,
        "sort": sort,
        "orderBy": order_by,
        "search": search,
    }


def catalog_query(
    subjects: str | Iterable[str] | None, grade_levels: str | int | Iterable[str | int] | None
) -> dict[str, QueryValue]:
    """``subject`` and ``gradeLevel`` (both repeated) of ``E/progression/catalog``.

    Raises:
        InputValidationError: An empty subject or grade.
    """
    grades: list[Any] = []
    if grade_levels is not None:
        if not isinstance(grade_levels, (str, int)):
            _check_one_or_many("grade_levels", grade_levels)
        items = [grade_levels] if isinstance(grade_levels, (str, int)) else list(grade_levels)
        grades = [g if isinstance(g, bool) or not isinstance(g, int) else str(g) for g in items]
    return {
        "subject": _strings("subjects", subjects) or None,
        "gradeLevel": _strings("grade_levels", grades) or None,
    }


_CAMEL = re.compile(r"(?<=[a-z0-9])([A-Z])")

M = TypeVar("M", bound=BaseModel)


def _validate_keywords(model: type[M], values: dict[str, Any]) -> M:
    """Validate keyword arguments into ``model``; issues name the Python parameters
    (``course_id``), not the wire members (``courseId``) pydantic reports."""
    try:
        return validate_input(model, values, service_error=EdubridgeError)
    except InputValidationError as exc:
        issues = [
            ErrorIssue(i.message, _CAMEL.sub(r"_\1", i.path).lower() if i.path else None)
            for i in exc.issues
        ]
        raise input_error(
            f"invalid {model.__name__}: " + "; ".join(map(str, issues)), *issues
        ) from None


def _model_or_keywords(
    model: type[M],
    given_model: tuple[str, M | Mapping[str, Any] | None],
    clash: str,
    **keywords: object,
) -> M:
    """``model`` from the value given for it, or from the keywords given (None: not given),
    never both; ``given_model`` is that argument's name and value, ``clash`` the message when
    both were given."""
    name, value = given_model
    given = {keyword: item for keyword, item in keywords.items() if item is not None}
    if value is not None and given:
        raise input_error(clash, *(ErrorIssue(clash, path=path) for path in (name, *given)))
    if value is None:
        return _validate_keywords(model, given)
    return validate_input(model, value, service_error=EdubridgeError)


def enroll_body(
    enroll_options: EnrollOptions | Mapping[str, Any] | None,
    *,
    sourced_id: str | None,
    role: str | None,
    begin_date: dt.date | str | None,
    metadata: EnrollmentMetadata | Mapping[str, Any] | None,
) -> dict[str, Any]:
    """The body of ``POST E/enrollments/enroll/...``: ``{}`` when nothing is set, nulls omitted.

    Raises:
        InputValidationError: Both ``enroll_options`` and keyword arguments, or invalid
            options.
    """
    return _model_or_keywords(
        EnrollOptions,
        ("enroll_options", enroll_options),
        "pass the enrollment options either as enroll_options= or as keywords",
        sourced_id=sourced_id,
        role=role,
        begin_date=begin_date,
        metadata=metadata,
    ).to_body()


def subject_track_body(
    track: SubjectTrackUpsert | Mapping[str, Any] | None,
    *,
    subject: str | None,
    grade: str | int | None,
    course_id: str | None,
    org_sourced_id: str | None,
) -> dict[str, Any]:
    """The body of ``PUT E/subject-track/``: ``{subject, grade, courseId, orgSourcedId}``.

    Raises:
        InputValidationError: Both ``track`` and keyword arguments, or a missing member.
    """
    return _model_or_keywords(
        SubjectTrackUpsert,
        ("track", track),
        "pass the track either as a SubjectTrackUpsert/dict or as keyword arguments",
        subject=subject,
        grade=grade,
        course_id=course_id,
        org_sourced_id=org_sourced_id,
    ).to_body()


def enqueue_body(request: ProgressionEnqueueRequest | Mapping[str, Any]) -> dict[str, Any]:
    """The body of ``POST E/progression/enqueue`` (nulls omitted).

    Raises:
        InputValidationError: A required member is missing or a member has the wrong type.
    """
    return validate_input(
        ProgressionEnqueueRequest, request, service_error=EdubridgeError
    ).to_body()


def create_course_body(request: CreateCourseRequest | Mapping[str, Any]) -> dict[str, Any]:
    """The body of ``POST E/progression/create-course`` (nulls omitted).

    Raises:
        InputValidationError: A member has the wrong type.
    """
    return validate_input(CreateCourseRequest, request, service_error=EdubridgeError).to_body()
