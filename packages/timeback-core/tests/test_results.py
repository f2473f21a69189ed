"""BroadcastResults and BroadcastError: pure behaviour, no I/O."""

from __future__ import annotations

import pytest

from timeback_common import ConfigurationError, TimebackError
from timeback_core import (
    BroadcastError,
    BroadcastResults,
    BroadcastTimeoutError,
    ClientAlreadyRegisteredError,
    ClientNotRegisteredError,
)


def mixed() -> BroadcastResults[int]:
    return BroadcastResults(
        [
            ("alpha", 1, None),
            ("beta", None, RuntimeError("boom")),
            ("gamma", 3, None),
            ("delta", None, BroadcastTimeoutError("delta", 0.5)),
        ]
    )


def test_succeeded_lists_name_and_value_in_registration_order() -> None:
    assert mixed().succeeded == [("alpha", 1), ("gamma", 3)]


def test_failed_lists_name_and_error_in_registration_order() -> None:
    failed = mixed().failed
    assert [name for name, _ in failed] == ["beta", "delta"]
    assert isinstance(failed[0][1], RuntimeError)
    assert isinstance(failed[1][1], BroadcastTimeoutError)


def test_flags_report_mixed_outcomes() -> None:
    results = mixed()
    assert results.any_failed
    assert not results.all_succeeded


def test_values_raises_an_error_naming_every_failure() -> None:
    with pytest.raises(BroadcastError) as caught:
        mixed().values()
    error = caught.value
    assert isinstance(error, TimebackError)
    assert error.names == ("beta", "delta")
    assert error.succeeded == ("alpha", "gamma")
    assert str(error).startswith("broadcast failed on 2 of 4 clients: beta: RuntimeError: boom; ")
    timeout = "delta: BroadcastTimeoutError: the call on client 'delta' did not finish within 0.5 s"
    assert str(error).endswith(timeout)


def test_values_returns_every_value_when_all_succeeded() -> None:
    results = BroadcastResults([("a", 1, None), ("b", 2, None)])
    assert results.all_succeeded
    assert not results.any_failed
    assert results.values() == [1, 2]


def test_an_empty_broadcast_succeeded() -> None:
    results: BroadcastResults[int] = BroadcastResults([])
    assert results.all_succeeded
    assert results.values() == []
    assert len(results) == 0


def test_a_value_of_none_counts_as_success() -> None:
    results: BroadcastResults[None] = BroadcastResults([("a", None, None)])
    assert results.succeeded == [("a", None)]
    assert results.values() == [None]


def test_iteration_yields_name_value_error_triples() -> None:
    assert [(n, v) for n, v, _ in mixed()] == [
        ("alpha", 1),
        ("beta", None),
        ("gamma", 3),
        ("delta", None),
    ]
    assert mixed().names == ["alpha", "beta", "gamma", "delta"]


def test_repr_names_successes_and_failures() -> None:
    assert repr(mixed()) == "BroadcastResults(succeeded=[alpha, gamma], failed=[beta, delta])"


def test_broadcast_error_shortens_huge_error_texts() -> None:
    error = BroadcastError([("a", RuntimeError("x" * 10_000))])
    assert len(str(error)) < 400


def test_manager_errors_sit_in_the_tree() -> None:
    timeout = BroadcastTimeoutError("x", 1.0)
    assert isinstance(timeout, TimeoutError)
    assert isinstance(timeout, TimebackError)
    missing = ClientNotRegisteredError("x", ["a", "b"])
    assert isinstance(missing, LookupError)
    assert str(missing) == "no client named 'x' is registered (registered: 'a', 'b')"
    taken = ClientAlreadyRegisteredError("a")
    assert isinstance(taken, ConfigurationError)
    assert "'a' is already registered" in str(taken)
