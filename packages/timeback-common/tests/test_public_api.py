"""The public surface: what `timeback_common` exports and the defaults it documents."""

from __future__ import annotations

import logging

import httpx

import timeback_common
from timeback_common import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, RequestOptions


def test_every_name_in_all_is_importable() -> None:
    for name in timeback_common.__all__:
        assert hasattr(timeback_common, name), name


def test_the_timeback_logger_has_a_null_handler() -> None:
    handlers = logging.getLogger("timeback").handlers
    assert any(isinstance(h, logging.NullHandler) for h in handlers)


def test_every_timeout_phase_is_set_explicitly() -> None:
    assert httpx.Timeout(30.0, connect=5.0, read=30.0, write=30.0, pool=10.0) == DEFAULT_TIMEOUT


def test_two_retries_by_default() -> None:
    assert DEFAULT_MAX_RETRIES == 2
    assert timeback_common.RetryPolicy().max_retries == DEFAULT_MAX_RETRIES


def test_request_options_are_all_optional() -> None:
    assert RequestOptions.__required_keys__ == frozenset()
    assert RequestOptions.__optional_keys__ == {
        "timeout",
        "max_retries",
        "extra_headers",
        "extra_query",
        "extra_body",
        "idempotent",
    }


def test_the_sync_client_is_the_generated_twin_of_the_async_one() -> None:
    async_methods = {n for n in dir(timeback_common.AsyncAPIClient) if not n.startswith("__")}
    sync_methods = {n for n in dir(timeback_common.SyncAPIClient) if not n.startswith("__")}
    assert async_methods == sync_methods
