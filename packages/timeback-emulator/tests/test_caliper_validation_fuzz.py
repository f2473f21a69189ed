"""The Caliper validator never raises, whatever JSON it is given (hypothesis)."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_emulator.caliper._validate import validate_envelope

CONTEXT = "http://purl.imsglobal.org/ctx/caliper/v1p2"

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)

VALID_EVENT: dict[str, Any] = {
    "@context": CONTEXT,
    "id": "urn:uuid:2f1c4ae2-6a8b-4d40-9c4f-6b7e2d1a0c11",
    "type": "TimeSpentEvent",
    "profile": "TimebackProfile",
    "action": "SpentTime",
    "actor": {"id": "https://x.example/users/1", "type": "TimebackUser", "email": "a@b.co"},
    "object": {
        "id": "https://x.example/a",
        "type": "TimebackActivityContext",
        "subject": "Math",
        "app": {"name": "App"},
    },
    "eventTime": "2025-03-01T14:05:09.123Z",
    "generated": {
        "id": "https://x.example/g",
        "type": "TimebackTimeSpentMetricsCollection",
        "items": [{"type": "active", "value": 5}],
    },
}
PATHS = [
    ("@context",), ("id",), ("type",), ("profile",), ("action",), ("actor",), ("actor", "email"),
    ("object",), ("object", "app"), ("object", "subject"), ("eventTime",), ("generated",),
    ("generated", "items"), ("generated", "type"),
]  # fmt: skip


def _check(body: Any, **options: bool) -> None:
    issues, events = validate_envelope(body, **options)
    assert all(isinstance(p, str) and isinstance(m, str) for p, m in issues)
    assert all(isinstance(i, int) for i in events)


@settings(max_examples=150, deadline=None)
@given(body=json_values, learnwith=st.booleans())
def test_any_json_body_is_judged_without_raising(body: Any, learnwith: bool) -> None:
    _check(body, learnwith=learnwith)


@settings(max_examples=300, deadline=None)
@given(
    path=st.sampled_from(PATHS),
    value=json_values,
    learnwith=st.booleans(),
    extra=st.dictionaries(st.sampled_from(["sensor", "sendTime", "dataVersion"]), json_values),
)
def test_a_valid_event_with_any_member_replaced_is_judged_without_raising(
    path: tuple[str, ...], value: Any, learnwith: bool, extra: dict[str, Any]
) -> None:
    event = copy.deepcopy(VALID_EVENT)
    target = event
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    body = {
        "sensor": "https://x.example",
        "sendTime": "2025-03-01T14:05:10Z",
        "dataVersion": CONTEXT,
        "data": [event],
        **extra,
    }
    _check(body, learnwith=learnwith)


def test_the_unmodified_event_is_valid() -> None:
    body = {
        "sensor": "https://x.example",
        "sendTime": "2025-03-01T14:05:10Z",
        "dataVersion": CONTEXT,
        "data": [VALID_EVENT],
    }
    assert validate_envelope(body) == ([], [0])
