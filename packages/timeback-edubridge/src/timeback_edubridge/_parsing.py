"""Reading Edubridge answers: unwrap the envelope, build the model. Pure, no I/O.

Edubridge envelopes are not uniform: many answers wrap the payload in
``data``, others use a named key (``users``, ``subjectTrack``, ``facts``...) or no wrapper at all.
Each resource names the key its endpoint uses; a missing key or a body of the wrong shape is an
`APIResponseValidationError` that is also an `EdubridgeError` (the response carries the service
root), naming the members that did not fit.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from typing_extensions import TypedDict

from timeback_common import (
    APIResponse,
    ErrorIssue,
    extract_key,
    gc_paused,
    parse_model,
    parse_models,
)

__all__ = ["parse_body", "parse_keyed", "parse_keyed_list", "parse_rows"]

M = TypeVar("M", bound=BaseModel)


def parse_body(response: APIResponse, model: type[M]) -> M:
    """The whole body as ``model`` (endpoints without a wrapper)."""
    return parse_model(model, response.json(), response)


def parse_keyed(response: APIResponse, model: type[M], key: str = "data") -> M:
    """``body[key]`` as ``model`` (``{"data": {...}}`` and the like)."""
    return parse_model(model, extract_key(response.json(), key, response=response), response)


@cache
def _keyed_list_adapter(key: str, model: type[M]) -> TypeAdapter[Any]:
    # The envelope {key: [model, ...], ...other members kept}, read in one pass from bytes.
    records: Any = list[model]  # type: ignore[valid-type]
    envelope = TypedDict(f"{model.__name__}List", {key: records})  # type: ignore[misc]
    envelope.__pydantic_config__ = ConfigDict(extra="allow")  # type: ignore[attr-defined]
    return TypeAdapter(envelope)


def parse_keyed_list(response: APIResponse, model: type[M], key: str = "data") -> list[M]:
    """``body[key]`` as a list of ``model`` (``{"users": [...]}`` and the like).

    Read straight from the response bytes inside pydantic-core; a body that does not fit is
    read again the detailed way, whose error names the item and member.
    """
    try:
        with gc_paused():
            items: list[M] = _keyed_list_adapter(key, model).validate_json(response.content)[key]
    except ValidationError:
        pass
    else:
        return items
    items = extract_key(response.json(), key, response=response)
    return parse_models(model, items, response, path=key)


def parse_rows(response: APIResponse, *keys: str) -> list[dict[str, Any]]:
    """A list of JSON objects of undocumented shape: the body itself, or under one of ``keys``.

    Raises:
        APIResponseValidationError: The body is neither, or an item is not an object.
    """
    body = response.json()
    rows = body if isinstance(body, list) else extract_key(body, *keys, response=response)
    if not isinstance(rows, list):
        raise response.validation_error(
            f"expected a list of objects, got {type(rows).__name__}", body=body
        )
    bad = [index for index, row in enumerate(rows) if not isinstance(row, Mapping)]
    if bad:
        raise response.validation_error(
            "expected a list of objects",
            body=body,
            issues=[ErrorIssue("expected an object", path=str(index)) for index in bad[:10]],
        )
    return [dict(row) for row in rows]
