"""The envelope keys of every OneRoster resource: the single source.

A list answers ``{"<list key>": [...], "totalCount": ...}``, a single read
``{"<single key>": {...}}`` and a write sends ``{"<write key>": {...}}``. Most resources follow
one pattern; the irregular ones are spelled out here once, with the
alternatives a reader must also accept, so no other module hard-codes a key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from timeback_common import APIResponseValidationError, ErrorIssue

__all__ = ["SOURCED_ID_PAIRS_KEY", "WIRE_KEYS", "WireKeys", "pick_list", "pick_single"]

SOURCED_ID_PAIRS_KEY = "sourcedIdPairs"
"""Member of a create answer (201) holding the supplied and allocated ids (object or array)."""


@dataclass(frozen=True)
class WireKeys:
    """Envelope keys of one resource or scoped collection.

    Attributes:
        name: Name of the entry in `WIRE_KEYS`.
        list_key: Member holding the records of a list answer.
        single_key: Member holding the record of a single read (and of a PUT answer).
        write_key: Member wrapping a create/replace/patch body; ``None`` when read-only.
        list_alternatives: Other list members a reader accepts, in order of preference.
        single_alternatives: Other single-read members a reader accepts.
        array_write_key: Member of an array-wrapped create (``lineItems``, ``results``), when the
            collection is created that way.
    """

    name: str
    list_key: str | None
    single_key: str | None
    write_key: str | None
    list_alternatives: tuple[str, ...] = ()
    single_alternatives: tuple[str, ...] = ()
    array_write_key: str | None = None

    @property
    def list_keys(self) -> tuple[str, ...]:
        """Every accepted list member, preferred first."""
        return ((self.list_key,) if self.list_key else ()) + self.list_alternatives

    @property
    def single_keys(self) -> tuple[str, ...]:
        """Every accepted single-read member, preferred first."""
        return ((self.single_key,) if self.single_key else ()) + self.single_alternatives


def _regular(name: str, single: str, *, writable: bool = True) -> WireKeys:
    return WireKeys(name, name, single, single if writable else None)


_ENTRIES = (
    # rostering (R/)
    _regular("users", "user"),
    WireKeys("students", "users", "user", None),  # R/students, R/schools/{id}/students, ...
    WireKeys("teachers", "users", "user", None),  # R/teachers, R/schools/{id}/teachers, ...
    _regular("orgs", "org"),
    WireKeys("schools", "orgs", "org", "org"),
    _regular("academicSessions", "academicSession"),
    _regular("terms", "term"),  # term writes are official-client only [L]
    WireKeys(
        "gradingPeriods",
        "gradingPeriods",
        "gradingPeriod",
        "academicSession",  # writes are wrapped in academicSession
        single_alternatives=("academicSession",),
    ),
    WireKeys(
        # POST R/terms/{id}/gradingPeriods answers 201 {"academicSession": {...}} (and the
        # official client expects sourcedIdPairs instead: accept either)
        "termGradingPeriods",
        "gradingPeriods",
        "academicSession",
        "academicSession",
        single_alternatives=("gradingPeriod",),
    ),
    _regular("classes", "class"),
    WireKeys(
        # GET/POST R/classes/{id}/students: OpenAPI key `students`, official client `users`
        "classStudents",
        "students",
        None,
        "enrollment",
        list_alternatives=("users",),
    ),
    WireKeys(
        "classTeachers",
        "teachers",
        None,
        "enrollment",
        list_alternatives=("users",),
    ),
    _regular("courses", "course"),
    WireKeys("courseComponents", "courseComponents", "courseComponent", "courseComponent"),
    WireKeys("componentResources", "componentResources", "componentResource", "componentResource"),
    _regular("enrollments", "enrollment"),
    WireKeys("demographics", "demographics", "demographics", "demographics"),  # plural single
    WireKeys("userDemographics", None, "user", None),  # R/users/{id}/demographics
    WireKeys("userAgents", "agents", None, None),  # GET R/users/{id}/agents (not paginated)
    WireKeys("userAgentFor", "users", None, None),  # GET R/users/{id}/agentFor
    # gradebook (G/)
    WireKeys("categories", "categories", "category", "category"),
    WireKeys("lineItems", "lineItems", "lineItem", "lineItem", array_write_key="lineItems"),
    WireKeys("results", "results", "result", "result", array_write_key="results"),
    WireKeys("scoreScales", "scoreScales", "scoreScale", "scoreScale"),
    WireKeys(
        "assessmentLineItems", "assessmentLineItems", "assessmentLineItem", "assessmentLineItem"
    ),
    WireKeys("assessmentResults", "assessmentResults", "assessmentResult", "assessmentResult"),
    # resources (X/)
    _regular("resources", "resource"),
    WireKeys(
        "resourceAssignments", None, None, "resource"
    ),  # POST X/resources/{kind}/{id}/resources
)

WIRE_KEYS: Mapping[str, WireKeys] = MappingProxyType({entry.name: entry for entry in _ENTRIES})
"""Envelope keys by resource name.

Names: ``users``, ``students``, ``teachers``, ``orgs``, ``schools``, ``academicSessions``,
``terms``, ``gradingPeriods``, ``termGradingPeriods``, ``classes``, ``classStudents``,
``classTeachers``, ``courses``, ``courseComponents``, ``componentResources``, ``enrollments``,
``demographics``, ``userDemographics``, ``userAgents``, ``userAgentFor``, ``categories``,
``lineItems``, ``results``, ``scoreScales``, ``assessmentLineItems``, ``assessmentResults``,
``resources``, ``resourceAssignments``. A scoped list (``R/schools/{id}/classes``) uses the entry
of the records it holds (``classes``).
"""


def _missing(keys: tuple[str, ...], body: object) -> APIResponseValidationError:
    wanted = " or ".join(repr(k) for k in keys) or "(none)"
    return APIResponseValidationError(
        f"response body has no {wanted} member",
        body=body,
        issues=[ErrorIssue(message="missing member", path=k) for k in keys],
    )


def pick_list(body: object, keys: WireKeys) -> list[Any]:
    """The records of a list answer, read from the first accepted member present.

    Args:
        body: The decoded JSON body.
        keys: The resource's keys.

    Returns:
        The raw records (``null`` reads as an empty page).

    Raises:
        APIResponseValidationError: When no accepted member is present or it is not an array.
    """
    if isinstance(body, Mapping):
        for key in keys.list_keys:
            if key in body:
                records = body[key]
                if records is None:
                    return []
                if isinstance(records, list):
                    return records
                raise APIResponseValidationError(
                    f"response member {key!r} is not an array",
                    body=body,
                    issues=[ErrorIssue(message="expected an array", path=key)],
                )
    raise _missing(keys.list_keys, body)


def pick_single(body: object, keys: WireKeys) -> Mapping[str, Any]:
    """The record of a single-read answer, read from the first accepted member present.

    Args:
        body: The decoded JSON body.
        keys: The resource's keys.

    Returns:
        The raw record.

    Raises:
        APIResponseValidationError: When no accepted member holds an object.
    """
    if isinstance(body, Mapping):
        for key in keys.single_keys:
            record = body.get(key)
            if isinstance(record, Mapping):
                return record
    raise _missing(keys.single_keys, body)
