"""Reading webhook answers: unwrap the envelope, build the model. Pure, no I/O."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel

from timeback_common import APIResponse, extract_key, parse_model, parse_models

__all__ = ["parse_keyed", "parse_keyed_list"]

M = TypeVar("M", bound=BaseModel)


def parse_keyed(response: APIResponse, model: type[M], key: str) -> M:
    """``body[key]`` as ``model`` (``{"webhook": {...}}``)."""
    return parse_model(model, extract_key(response.json(), key, response=response), response)


def parse_keyed_list(response: APIResponse, model: type[M], key: str) -> list[M]:
    """``body[key]`` as a list of ``model`` (``{"webhooks": [...]}``)."""
    items = extract_key(response.json(), key, response=response)
    return parse_models(model, items, response, path=key)
