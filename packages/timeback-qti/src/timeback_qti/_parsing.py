"""Reading QTI answers into models. Pure, no I/O."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

from timeback_common import APIResponse, Page, page_number_request, parse_model, parse_models
from timeback_qti._requests import MAX_QTI_PAGE_SIZE, qti_page

__all__ = ["page_query", "parse_body", "parse_list", "read_page_of"]

M = TypeVar("M", bound=BaseModel)


def parse_body(response: APIResponse, model: type[M]) -> M:
    """The whole body as ``model``."""
    return parse_model(model, response.json(), response)


def parse_list(response: APIResponse, model: type[M]) -> list[M]:
    """A body that is a JSON array of ``model``."""
    body = response.json()
    if not isinstance(body, list):
        raise response.validation_error(
            f"expected a JSON array, got {type(body).__name__}", body=body
        )
    return parse_models(model, body, response)


def page_query(offset: int, limit: int) -> dict[str, Any]:
    """The paging part of a QTI search: the paginator's offset window as a numbered page."""
    wanted = page_number_request(offset, limit, max_limit=MAX_QTI_PAGE_SIZE)
    return {"page": wanted.page, "limit": wanted.limit}


def read_page_of(model: type[M]) -> Any:
    """A page reader for the common paginator: ``items`` as ``model``, ``total``, ``pages``."""

    def read_page(response: APIResponse, offset: int, limit: int) -> Page[M]:
        body = response.json()
        rows = body.get("items") if isinstance(body, dict) else None
        if not isinstance(rows, list):
            raise response.validation_error("expected an object with an 'items' array", body=body)
        wanted = page_number_request(offset, limit, max_limit=MAX_QTI_PAGE_SIZE)
        return qti_page(
            parse_models(model, rows, response), body, offset=offset, limit=limit, request=wanted
        )

    return read_page
