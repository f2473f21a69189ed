"""Reading answers: response bodies to models, and the ids a create answers with."""

from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from typing_extensions import NotRequired, TypedDict

from timeback_common import APIResponseValidationError, ErrorIssue, gc_paused

from ._base import OneRosterModel, validation_issues
from ._keys import SOURCED_ID_PAIRS_KEY

__all__ = [
    "SourcedIdPair",
    "from_wire",
    "from_wire_list",
    "from_wire_page",
    "parse_sourced_id_pairs",
]

M = TypeVar("M", bound=BaseModel)


class SourcedIdPair(OneRosterModel):
    """The ids of one created record.

    Attributes:
        supplied_sourced_id: The id the client sent (or the allocated one when none was sent).
        allocated_sourced_id: The id the server stored.
    """

    supplied_sourced_id: str | None = None
    allocated_sourced_id: str


def _invalid(
    what: str, exc: ValidationError, body: object, prefix: str | None
) -> APIResponseValidationError:
    issues = validation_issues(exc, prefix)
    shown = "; ".join(str(issue) for issue in issues[:5])
    return APIResponseValidationError(
        f"unexpected {what} in response: {shown}", body=body, issues=issues
    )


def from_wire(record: object, model_type: type[M]) -> M:
    """Parse one record of a response into its model.

    Tolerant by design: members may be missing, enumerations may hold new values and unknown
    members are kept (``model_extra``). What still fails is a record that is not an object or a
    member of the wrong kind (text where a number belongs).

    Args:
        record: The raw record (the value under the single key).
        model_type: The model, e.g. `User`.

    Returns:
        The model.

    Raises:
        APIResponseValidationError: When the record cannot be read; the issues name the members.
    """
    try:
        return model_type.model_validate(record)
    except ValidationError as exc:
        raise _invalid(model_type.__name__, exc, record, None) from None


@cache
def _list_adapter(model_type: type[M]) -> TypeAdapter[list[M]]:
    return TypeAdapter(list[model_type])  # type: ignore[valid-type]  # runtime type parameter


def from_wire_list(records: object, model_type: type[M], *, path: str | None = None) -> list[M]:
    """Parse the records of a list page (one validation call for the whole page).

    Args:
        records: The raw array (the value under the list key, see `pick_list`).
        model_type: The model of one record.
        path: Name used in front of issue paths, e.g. ``users`` gives ``users[3].roles``.

    Returns:
        The models, in order.

    Raises:
        APIResponseValidationError: When a record cannot be read; issues name record and member.
    """
    try:
        with gc_paused():
            return _list_adapter(model_type).validate_python(records)
    except ValidationError as exc:
        raise _invalid(f"{model_type.__name__} list", exc, records, path) from None


@cache
def _page_adapter(list_keys: tuple[str, ...], model_type: type[M]) -> TypeAdapter[Any]:
    # The envelope: each accepted list member as a list of the model, every other member kept.
    records: Any = NotRequired[list[model_type] | None]  # type: ignore[valid-type]
    fields: dict[str, Any] = dict.fromkeys(list_keys, records)
    envelope = TypedDict(f"{model_type.__name__}Page", fields)  # type: ignore[misc]
    envelope.__pydantic_config__ = ConfigDict(extra="allow")  # type: ignore[attr-defined]
    return TypeAdapter(envelope)


def from_wire_page(
    content: bytes, list_keys: tuple[str, ...], model_type: type[M]
) -> tuple[list[M], dict[str, Any]] | None:
    """Read a list page straight from its JSON bytes: one pass inside pydantic-core.

    The fast path of a list answer: no ``json.loads`` and no intermediate dicts. Whatever it
    cannot read (a bad record, no list member, a body that is not JSON) gives None, and the
    caller reads the page the detailed way, whose error names the record and member.

    Args:
        content: The response body.
        list_keys: The accepted list members, preferred first.
        model_type: The model of one record.

    Returns:
        The records and the decoded envelope (the records' member holds the models), or None.
    """
    try:
        with gc_paused():
            body: dict[str, Any] = _page_adapter(list_keys, model_type).validate_json(content)
    except ValidationError:
        return None
    for key in list_keys:
        if key in body:
            records = body[key]
            return ([] if records is None else records), body
    return None


def parse_sourced_id_pairs(body: object) -> list[SourcedIdPair]:
    """The ids of a create answer: ``sourcedIdPairs`` as one object or an array of them.

    Args:
        body: The decoded 201 body.

    Returns:
        One pair per created record (one for a single create).

    Raises:
        APIResponseValidationError: When the body holds no readable ``sourcedIdPairs``.
    """
    raw: Any = body.get(SOURCED_ID_PAIRS_KEY) if isinstance(body, Mapping) else None
    if isinstance(raw, Mapping):
        raw = [raw]
    if not isinstance(raw, list):
        raise APIResponseValidationError(
            "response body has no 'sourcedIdPairs' member",
            body=body,
            issues=[ErrorIssue(message="missing member", path=SOURCED_ID_PAIRS_KEY)],
        )
    return from_wire_list(raw, SourcedIdPair, path=SOURCED_ID_PAIRS_KEY)
