"""Pieces of the OpenAPI operations every room describes (served at ``/openapi.json``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = ["OBJECT", "described", "json_content", "operation"]

OBJECT: dict[str, Any] = {"type": "object"}
"""Any JSON object."""


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    """A ``content`` member: JSON with this schema."""
    return {"application/json": {"schema": schema}}


def operation(
    operation_id: str, handler: Any, tag: str, responses: dict[str, Any]
) -> dict[str, Any]:
    """An operation summarised by the first line of its handler's docstring."""
    return {
        "operationId": operation_id,
        "summary": (handler.__doc__ or operation_id).strip().splitlines()[0],
        "tags": [tag],
        "responses": responses,
    }


def described(
    operations: Iterable[tuple[str, str, Any, str]],
    describe: Callable[[str, str, Any, str], dict[str, Any]],
) -> dict[tuple[str, str], dict[str, Any]]:
    """``{(method, path): operation}`` of a room's (method, path, handler, operationId) rows."""
    return {
        (method, path): describe(method, path, handler, operation_id)
        for method, path, handler, operation_id in operations
    }
