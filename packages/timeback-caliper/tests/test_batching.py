"""Splitting events into envelopes under an event-count and a byte-size limit."""

from __future__ import annotations

import copy
import json
import re
import uuid
from datetime import datetime, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_caliper._batching import (
    envelope_overhead,
    plan_batches,
    split_events,
    split_into_envelopes,
)
from timeback_caliper._builders import activity_completed
from timeback_caliper._envelope import build_envelope, encode_envelope, encoded_size
from timeback_caliper._models import CALIPER_DATA_VERSION
from timeback_common import InputValidationError

SENSOR = "https://reading.example.com"


def _base_event() -> dict[str, Any]:
    return activity_completed(
        actor={
            "id": "https://api.alpha-1edtech.ai/ims/oneroster/rostering/v1p2/users/u-1",
            "type": "TimebackUser",
            "email": "ada@example.com",
        },
        object={
            "id": "https://reading.example.com/activities/1",
            "type": "TimebackActivityContext",
            "subject": "Reading",
            "app": {"name": "Reading Quest"},
        },
        metrics={"xpEarned": 0},
    ).to_wire()


BASE_EVENT = _base_event()


def event(note: str = "", index: int = 0) -> dict[str, Any]:
    """A distinct valid wire event whose size grows with ``note`` (built once, then copied)."""
    wire = copy.deepcopy(BASE_EVENT)
    wire["id"] = f"urn:uuid:{uuid.UUID(int=index)}"
    wire["extensions"] = {"note": note}
    return wire


@st.composite
def sizes_and_limits(draw: st.DrawFn) -> tuple[list[int], int, int, int]:
    sizes = draw(st.lists(st.integers(1, 400), max_size=40))
    overhead = draw(st.integers(0, 150))
    max_events = draw(st.integers(1, 8))
    floor = overhead + max(sizes, default=1)
    max_bytes = draw(st.integers(floor, floor + 1500))
    return sizes, max_events, max_bytes, overhead


@given(sizes_and_limits())
def test_plan_covers_every_item_once_in_order_within_both_limits(
    case: tuple[list[int], int, int, int],
) -> None:
    sizes, max_events, max_bytes, overhead = case

    batches = plan_batches(sizes, max_events=max_events, max_bytes=max_bytes, overhead=overhead)

    assert [i for batch in batches for i in batch] == list(range(len(sizes)))
    for batch in batches:
        assert 1 <= len(batch) <= max_events
        assert overhead + sum(sizes[i] for i in batch) + len(batch) - 1 <= max_bytes


@given(sizes_and_limits())
def test_plan_is_greedy_so_no_batch_could_have_taken_the_next_item(
    case: tuple[list[int], int, int, int],
) -> None:
    sizes, max_events, max_bytes, overhead = case

    batches = plan_batches(sizes, max_events=max_events, max_bytes=max_bytes, overhead=overhead)

    for batch in batches[:-1]:
        grown = range(batch.start, batch.stop + 1)
        fits = overhead + sum(sizes[i] for i in grown) + len(grown) - 1 <= max_bytes
        assert len(grown) > max_events or not fits


@settings(max_examples=30, deadline=None)
@given(
    notes=st.lists(st.text(max_size=300), min_size=1, max_size=12),
    max_events=st.integers(1, 5),
    slack=st.integers(0, 3000),
)
def test_real_envelopes_encode_within_both_limits_and_concatenate_to_the_input(
    notes: list[str], max_events: int, slack: int
) -> None:
    events = [event(note, index) for index, note in enumerate(notes)]
    max_bytes = envelope_overhead(SENSOR) + max(encoded_size(e) for e in events) + slack

    envelopes = split_into_envelopes(
        events, sensor=SENSOR, max_events=max_events, max_bytes=max_bytes
    )

    assert [item for env in envelopes for item in env["data"]] == events
    for env in envelopes:
        assert 1 <= len(env["data"]) <= max_events
        assert len(encode_envelope(env)) <= max_bytes


def test_an_envelope_of_exactly_max_bytes_fits_and_one_byte_less_splits() -> None:
    events = [event("a"), event("b")]
    exact = len(encode_envelope(build_envelope(events, sensor=SENSOR)))

    at_limit = split_events(events, sensor=SENSOR, max_bytes=exact)
    below = split_events(events, sensor=SENSOR, max_bytes=exact - 1)

    assert [len(group) for group in at_limit] == [2]
    assert [len(group) for group in below] == [1, 1]


def test_the_event_count_limit_splits_even_when_bytes_allow_more() -> None:
    events = [event(str(i), i) for i in range(7)]

    groups = split_events(events, sensor=SENSOR, max_events=3)

    assert [len(group) for group in groups] == [3, 3, 1]


def test_an_event_too_big_for_any_envelope_is_refused_before_sending() -> None:
    events = [event("small"), event("x" * 5000), event("small"), event("y" * 6000)]

    with pytest.raises(InputValidationError) as caught:
        split_events(events, sensor=SENSOR, max_bytes=3000)

    assert [issue.path for issue in caught.value.issues] == ["data[1]", "data[3]"]
    assert "max_bytes=3000" in caught.value.issues[0].message


@pytest.mark.parametrize(
    ("max_events", "max_bytes", "paths"),
    [(0, 1000, ["max_events"]), (10, 0, ["max_bytes"]), (True, -5, ["max_events", "max_bytes"])],
)
def test_limits_must_be_positive_integers(
    max_events: Any, max_bytes: Any, paths: list[str]
) -> None:
    with pytest.raises(InputValidationError) as caught:
        plan_batches([1], max_events=max_events, max_bytes=max_bytes, overhead=0)

    assert [issue.path for issue in caught.value.issues] == paths


def test_no_events_make_no_envelopes() -> None:
    assert split_into_envelopes([], sensor=SENSOR) == []


def test_models_are_split_as_their_wire_form() -> None:
    model = activity_completed(
        actor={
            "id": "https://example.edu/users/1",
            "type": "TimebackUser",
            "email": "a@example.com",
        },
        object={
            "id": "https://example.edu/a/1",
            "type": "TimebackActivityContext",
            "subject": "Math",
            "app": {"name": "M"},
        },
        metrics={"xpEarned": 1},
    )

    [[wire]] = split_events([model], sensor=SENSOR)

    assert wire == model.to_wire()


def test_envelopes_carry_sensor_data_version_and_a_millisecond_z_send_time() -> None:
    when = datetime(2025, 7, 22, 21, 27, 15, 304999, tzinfo=timezone.utc)

    [envelope] = split_into_envelopes([event()], sensor=SENSOR, send_time=when)

    assert envelope["sensor"] == SENSOR
    assert envelope["dataVersion"] == CALIPER_DATA_VERSION
    assert envelope["sendTime"] == "2025-07-22T21:27:15.304Z"
    assert re.match(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$",
        build_envelope([event()], sensor=SENSOR)["sendTime"],
    )


def test_envelope_overhead_matches_an_empty_encoded_envelope() -> None:
    empty = {
        "sensor": SENSOR,
        "sendTime": "2025-07-22T21:27:15.304Z",
        "dataVersion": CALIPER_DATA_VERSION,
        "data": [],
    }

    assert envelope_overhead(SENSOR) == len(json.dumps(empty, separators=(",", ":")).encode())


def test_encoding_is_compact_utf8_json() -> None:
    body = encode_envelope({"sensor": SENSOR, "data": [{"note": "café"}]})

    assert body == '{"sensor":"https://reading.example.com","data":[{"note":"café"}]}'.encode()


@pytest.mark.parametrize("sensor", ["", "reading app", None])
def test_the_sensor_must_be_an_iri(sensor: Any) -> None:
    with pytest.raises(InputValidationError) as caught:
        split_events([event()], sensor=sensor)

    assert [issue.path for issue in caught.value.issues] == ["sensor"]


def test_a_value_json_cannot_hold_is_an_input_error() -> None:
    with pytest.raises(InputValidationError):
        encode_envelope({"data": [{"value": float("nan")}]})
