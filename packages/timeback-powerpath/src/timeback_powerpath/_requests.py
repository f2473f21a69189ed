"""Request building for PowerPath: argument checks and bodies. Pure.

Every check runs before anything is sent and raises an `InputValidationError` that is also a
`PowerPathError`, naming the argument.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import ValidationError

from timeback_common import ErrorIssue, check_identifiers
from timeback_powerpath._errors import PowerPathError, input_error
from timeback_powerpath._models import TestAssignmentRequest

__all__ = [
    "DEFAULT_CONCURRENCY",
    "assignment_rows",
    "body",
    "check_concurrency",
    "definition_body",
    "require",
]

DEFAULT_CONCURRENCY = 5
"""PowerPath calls the SDK's own bulk helpers keep in flight by default: the platform is reported
to answer 429 from about ten concurrent requests."""


def require(**arguments: object) -> None:
    """`check_identifiers` for PowerPath: refuse empty or non-string identifiers.

    Raises:
        InputValidationError: One issue per argument that is not a non-empty string.
    """
    check_identifiers(PowerPathError, **arguments)


def body(**members: object) -> dict[str, Any]:
    """A JSON body of the given camelCase members, without the ones that are None."""
    return {name: value for name, value in members.items() if value is not None}


def check_concurrency(concurrency: object) -> int:
    """The number of calls a bulk helper may keep in flight.

    Raises:
        InputValidationError: ``concurrency`` is not a positive integer.
    """
    if isinstance(concurrency, bool) or not isinstance(concurrency, int) or concurrency < 1:
        raise input_error(
            "concurrency must be a positive integer",
            ErrorIssue("must be a positive integer", path="concurrency"),
        )
    return concurrency


def assignment_rows(items: Iterable[object]) -> list[TestAssignmentRequest]:
    """Validate test assignments given as models or mappings.

    Raises:
        InputValidationError: A row is not a mapping or lacks student, subject or grade; the
            issues name ``items[i].member``.
    """
    rows: list[TestAssignmentRequest] = []
    issues: list[ErrorIssue] = []
    for index, item in enumerate(items):
        if isinstance(item, TestAssignmentRequest):
            rows.append(item)
            continue
        if not isinstance(item, Mapping):
            issues.append(
                ErrorIssue("must be a mapping or a TestAssignmentRequest", f"items[{index}]")
            )
            continue
        try:
            rows.append(TestAssignmentRequest.model_validate(dict(item)))
        except ValidationError as exc:
            for error in exc.errors():
                where = ".".join(str(part) for part in error["loc"])
                issues.append(ErrorIssue(error["msg"], f"items[{index}].{where}"))
    if issues:
        raise input_error(f"invalid test assignment(s): {issues[0]}; nothing was sent", *issues)
    return rows


def definition_body(request: object, required: tuple[str, ...], what: str) -> dict[str, Any]:
    """A test-creation body given as a mapping of camelCase members, with its required ones.

    Raises:
        InputValidationError: ``request`` is not a mapping, or a required member is missing.
    """
    if not isinstance(request, Mapping):
        raise input_error(f"{what} must be a mapping of camelCase members; nothing was sent")
    missing = [name for name in required if request.get(name) in (None, "")]
    if missing:
        issues = [ErrorIssue("is required", path=name) for name in missing]
        raise input_error(f"{what} lacks {', '.join(missing)}; nothing was sent", *issues)
    return dict(request)
