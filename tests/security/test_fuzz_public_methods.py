"""Fuzz every public method and client constructor with hostile arguments: only SDK errors escape.

The methods are found by introspection (every public method of every resource of
`SyncTimebackClient`'s three services, and of `SyncTimebackManager`), so a method added later is
fuzzed too. hypothesis picks a method and one of its parameters, gives it a hostile value (text
with NUL characters or unpaired surrogates, bytes, numbers of every kind, nested structures,
None, arbitrary objects) and fills the other required parameters with a plain id. Whatever
happens, the call may return or raise a `TimebackError`, and nothing else: no ``TypeError``,
``UnicodeEncodeError``, ``RecursionError``, ``AttributeError``... The calls go to an in-process
emulator, which raises its own failures into the test, so a server error would show up too.
"""

from __future__ import annotations

import datetime as dt
import inspect
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from timeback_caliper import CaliperClient, SyncCaliperClient
from timeback_common import TimebackError, short_repr
from timeback_common.testing import SyncASGITransport
from timeback_core import SyncTimebackClient, SyncTimebackManager, TimebackClient
from timeback_edubridge import EdubridgeClient, SyncEdubridgeClient
from timeback_emulator import InProcessEmulator
from timeback_oneroster import OneRosterClient, SyncOneRosterClient

# Not fuzzed: closing, and building senders (long-lived objects with tests of their own).
_SKIPPED = {"close", "sender", "buffered_sender"}
_MAX_DEPTH = 1


def _deep(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    for _ in range(depth):
        root = {"a": root}
    return root


HOSTILE_TEXT = st.text(st.characters(blacklist_categories=()), max_size=12)
HOSTILE = st.one_of(
    HOSTILE_TEXT,
    st.sampled_from(["usr\udcff", "\ud800", "a\x00b", "", " ", "../x", "\u202e", "a" * 5000]),
    st.binary(max_size=8),
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.lists(st.one_of(HOSTILE_TEXT, st.integers(), st.none()), max_size=4),
    st.dictionaries(HOSTILE_TEXT, st.one_of(HOSTILE_TEXT, st.integers()), max_size=3),
    st.sampled_from([_deep(3000), [[[[]]]], object(), dt.datetime(2020, 1, 1), {1, 2}]),
)


def _public_methods(obj: object, prefix: str, depth: int = 0) -> Iterator[tuple[str, Any]]:
    for name in sorted(dir(obj)):
        if name.startswith("_") or name in _SKIPPED:
            continue
        try:
            value = getattr(obj, name)
        except TimebackError:  # e.g. an operation the platform lacks: a typed refusal is fine
            continue
        if inspect.ismethod(value):
            yield f"{prefix}.{name}", value
        elif depth < _MAX_DEPTH and type(value).__module__.startswith("timeback_"):
            yield from _public_methods(value, f"{prefix}.{name}", depth + 1)


@pytest.fixture(scope="module")
def methods() -> Iterator[list[tuple[str, Callable[..., Any], list[inspect.Parameter]]]]:
    emulator = InProcessEmulator(seed="tiny", client_id=f"fuzz-{uuid.uuid4().hex[:12]}")
    client = SyncTimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=SyncASGITransport(emulator.app),
        max_retries=0,
    )
    found = []
    owners = {name: getattr(client, name) for name in ("oneroster", "edubridge", "caliper")}
    owners["manager"] = SyncTimebackManager()
    for owner_name, owner in owners.items():
        for path, method in _public_methods(owner, owner_name):
            parameters = [
                p
                for p in inspect.signature(method).parameters.values()
                if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)
            ]
            if parameters:
                found.append((path, method, parameters))
    assert len(found) > 100, "introspection should find every resource method"
    yield found
    client.close()


def _consume(result: object) -> None:
    """Walk a lazy result (a paginator, a feed) one item, so that its first request is sent."""
    if hasattr(result, "__next__") or (
        hasattr(result, "__iter__") and type(result).__module__.startswith("timeback_")
    ):
        next(iter(result), None)  # type: ignore[call-overload]


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_only_sdk_errors_escape_a_public_method_given_a_hostile_argument(
    data: st.DataObject,
    methods: list[tuple[str, Callable[..., Any], list[inspect.Parameter]]],
) -> None:
    # given a public method, one of its parameters and a hostile value for it
    path, method, parameters = data.draw(st.sampled_from(methods), label="method")
    target = data.draw(st.sampled_from(parameters), label="parameter")
    value = data.draw(HOSTILE, label="value")
    arguments = {
        p.name: value if p is target else "usr-1"
        for p in parameters
        if p is target or p.default is inspect.Parameter.empty
    }

    # when it is called, then it returns or raises one of the SDK's errors
    try:
        _consume(method(**arguments))
    except TimebackError:
        pass
    except Exception as exc:  # the finding: report which call let what escape
        pytest.fail(f"{path}({target.name}={short_repr(value)}) raised {type(exc).__name__}: {exc}")


CONSTRUCTORS: list[Callable[..., Any]] = [
    TimebackClient,
    SyncTimebackClient,
    OneRosterClient,
    SyncOneRosterClient,
    EdubridgeClient,
    SyncEdubridgeClient,
    CaliperClient,
    SyncCaliperClient,
]
VALID_CONFIG: dict[str, Any] = {
    "base_url": "http://127.0.0.1:9",
    "auth_url": "http://127.0.0.1:9/oauth2/token",
    "client_id": "fuzz-client",
    "client_secret": "fuzz-secret",
}


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_only_sdk_errors_escape_a_client_constructor_given_a_hostile_argument(
    data: st.DataObject,
) -> None:
    # given a client class, one of its arguments and a hostile value for it
    make = data.draw(st.sampled_from(CONSTRUCTORS), label="client")
    names = sorted(inspect.signature(make).parameters)
    name = data.draw(st.sampled_from(names), label="argument")
    value = data.draw(HOSTILE, label="value")
    config = {**VALID_CONFIG, name: value}
    if name in ("env", "services", "settings"):  # another configuration mode than base_url
        del config["base_url"]

    # when it is built, then it is built or refused with one of the SDK's errors
    try:
        make(**config)
    except TimebackError:
        pass
    except Exception as exc:  # the finding
        pytest.fail(
            f"{make.__name__}({name}={short_repr(value)}) raised {type(exc).__name__}: {exc}"
        )
