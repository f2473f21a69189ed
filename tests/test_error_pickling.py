"""Every error class of every package survives pickling (process pools, task queues)."""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import pytest

import timeback_auth  # noqa: F401  (its errors, if any, join the tree)
import timeback_caliper
import timeback_common
import timeback_core
import timeback_edubridge
import timeback_oneroster
import timeback_powerpath
import timeback_qti
import timeback_sync
import timeback_webhooks
from timeback_caliper import BufferFullError, Job, JobFailedError, JobTimeoutError
from timeback_common import (
    APIError,
    APIResponseValidationError,
    APIStatusError,
    CircuitOpenError,
    ConfigurationError,
    ErrorIssue,
    InputValidationError,
    NotFoundError,
    RateLimitError,
    TimebackError,
    TokenError,
    service_error_class,
)
from timeback_core import (
    BroadcastError,
    BroadcastTimeoutError,
    ClientAlreadyRegisteredError,
    ClientNotRegisteredError,
)
from timeback_oneroster import (
    BulkError,
    BulkItemResult,
    BulkReport,
    OneRosterClient,
    OneRosterError,
)
from timeback_qti import QtiXmlError
from timeback_sync import FailSafeError, SchemaVersionError
from timeback_webhooks import WebhookVerificationError

WHERE = {"method": "GET", "url": "https://api.example/users/1", "request_id": "req-1"}
BODY = {"imsx_codeMajor": "failure", "imsx_description": "nope", "errors": [{"message": "m"}]}
NOT_FOUND = service_error_class(OneRosterError, NotFoundError)("gone", status_code=404, **WHERE)
JOB = Job.model_validate({"id": "job-1", "state": "failed", "failedReason": "bad event"})

# One way to build an instance per constructor of the tree: a class that brings a constructor
# nobody here knows makes the test fail until it is added.
BUILDERS: dict[type[BaseException], Callable[[type[Any]], TimebackError]] = {
    BaseException: lambda cls: cls("something went wrong"),
    InputValidationError: lambda cls: cls("bad input", [ErrorIssue("too long", "name")]),
    APIError: lambda cls: cls("no answer", **WHERE),
    APIResponseValidationError: lambda cls: cls(
        "bad shape", status_code=200, body={"users": [1]}, issues=[ErrorIssue("x", "a")], **WHERE
    ),
    TokenError: lambda cls: cls(
        "refused", status_code=401, body="denied", error_code="invalid_client", **WHERE
    ),
    APIStatusError: lambda cls: cls(
        "not found", status_code=404, body=BODY, headers={"x-a": "1"}, **WHERE
    ),
    RateLimitError: lambda cls: cls("slow down", retry_after=2.5, status_code=429, **WHERE),
    JobFailedError: lambda cls: cls(JOB, "job-1"),
    JobTimeoutError: lambda cls: cls(JOB, "job-1", 3.0),
    BufferFullError: lambda cls: cls("full", pending=7),
    QtiXmlError: lambda cls: cls("not well-formed", line=3, column=7, unsafe=False),
    ClientAlreadyRegisteredError: lambda cls: cls("tenant-a"),
    ClientNotRegisteredError: lambda cls: cls("tenant-b", ["tenant-a"]),
    BroadcastTimeoutError: lambda cls: cls("tenant-a", 1.5),
    CircuitOpenError: lambda cls: cls("circuit open", retry_in=4.5, **WHERE),
    BulkError: lambda cls: cls(
        BulkReport(
            "create",
            (
                BulkItemResult(0, "u1", "failed", error=NOT_FOUND),
                BulkItemResult(1, "u2", "succeeded", created=True),
            ),
        )
    ),
    WebhookVerificationError: lambda cls: cls("bad_signature", "no signature matches"),
    BroadcastError: lambda cls: cls(
        [("tenant-a", ConfigurationError("boom"))], succeeded=["tenant-b"]
    ),
    FailSafeError: lambda cls: cls(
        "users", local_rows=100, would_remove=40, received=60, reported_total=100, threshold=0.1
    ),
    SchemaVersionError: lambda cls: cls(3, 2),
}


def _subclasses(root: type) -> set[type]:
    found: set[type] = set()
    for sub in root.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def _error_tree() -> list[type[TimebackError]]:
    """Every class of the tree, with each service's combined class of every shared class."""
    shared = [
        getattr(timeback_common, name)
        for name in timeback_common.__all__
        if isinstance(getattr(timeback_common, name), type)
        and issubclass(getattr(timeback_common, name), TimebackError)
        and getattr(timeback_common, name) is not TimebackError
    ]
    roots = [
        timeback_oneroster.OneRosterError,
        timeback_edubridge.EdubridgeError,
        timeback_caliper.CaliperError,
        timeback_powerpath.PowerPathError,
        timeback_qti.QtiError,
        timeback_webhooks.WebhooksError,
    ]
    for root in roots:
        for specific in shared:
            service_error_class(root, specific)
    classes = {TimebackError} | _subclasses(TimebackError)
    for module in (
        timeback_caliper,
        timeback_core,
        timeback_edubridge,
        timeback_oneroster,
        timeback_powerpath,
        timeback_qti,
        timeback_sync,
        timeback_webhooks,
    ):
        classes |= {
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, TimebackError)
        }
    # Classes tests elsewhere in this process may define are not part of the SDK.
    return sorted(
        (cls for cls in classes if cls.__module__.startswith("timeback_")),
        key=lambda cls: (cls.__module__, cls.__qualname__),
    )


def _build(cls: type[TimebackError]) -> TimebackError:
    owner = next(c for c in cls.__mro__ if "__init__" in vars(c) and c is not Exception)
    if owner is OSError:  # TimeoutError's constructor: the SDK class brings none of its own
        owner = BaseException
    try:
        builder = BUILDERS[owner]
    except KeyError:
        raise AssertionError(f"no builder for the constructor of {owner.__qualname__}") from None
    return builder(cls)


def _same(left: object, right: object) -> bool:
    if isinstance(left, BaseException) and isinstance(right, BaseException):
        return (
            type(left) is type(right)
            and left.args == right.args
            and str(left) == str(right)
            and vars(left).keys() == vars(right).keys()
            and all(_same(vars(left)[key], vars(right)[key]) for key in vars(left))
        )
    if dataclasses.is_dataclass(left) and not isinstance(left, type):
        return type(left) is type(right) and all(
            _same(getattr(left, f.name), getattr(right, f.name)) for f in dataclasses.fields(left)
        )
    if isinstance(left, tuple) and isinstance(right, tuple):
        return len(left) == len(right) and all(map(_same, left, right))
    return left == right


TREE = _error_tree()


def test_the_tree_holds_the_combined_classes_of_every_service() -> None:
    names = {cls.__name__ for cls in TREE}
    assert {"OneRosterNotFoundError", "EdubridgeRateLimitError", "CaliperTokenError"} <= names
    assert len(TREE) > 60


@pytest.mark.parametrize("cls", TREE, ids=lambda cls: cls.__name__)
def test_every_error_pickles_to_an_equal_error(cls: type[TimebackError]) -> None:
    error = _build(cls)

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is cls
    assert _same(copy, error)
    for attribute in ("message", "status_code", "request_id", "body", "issues", "retry_after"):
        assert getattr(copy, attribute, None) == getattr(error, attribute, None), attribute


def test_an_error_raised_in_a_process_pool_worker_is_caught_typed_in_the_parent() -> None:
    # "spawn" starts a fresh interpreter: the worker builds the combined class itself, so the
    # parent receives it only because the class can be found again by pickle.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(OneRosterClient, env="nowhere", client_id="id", client_secret="secret")
        with pytest.raises(OneRosterError) as raised:
            future.result(timeout=60)

    assert isinstance(raised.value, ConfigurationError)
    assert type(raised.value).__name__ == "OneRosterConfigurationError"
    assert "nowhere" in str(raised.value)
