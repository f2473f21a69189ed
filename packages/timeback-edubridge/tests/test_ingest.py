"""Envelopes for the Edubridge Caliper ingest (pure)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import BaseModel, ConfigDict, Field

from timeback_common import InputValidationError, TimebackModel
from timeback_edubridge import CALIPER_DATA_VERSION, EdubridgeError, build_envelope
from timeback_edubridge._ingest import check_envelope, is_idempotent

SENSOR = "https://app.example.com"


class PlainEvent(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    context: str = Field(CALIPER_DATA_VERSION, alias="@context")
    id: str
    event_time: str | None = Field(None, alias="eventTime")


class WireEvent(TimebackModel):
    id: str
    event_time: str


def test_an_envelope_has_sensor_send_time_in_utc_milliseconds_and_data_version() -> None:
    moment = dt.datetime(2025, 3, 1, 8, 5, 9, 123999, tzinfo=dt.timezone(dt.timedelta(hours=-6)))

    envelope = build_envelope(SENSOR, [{"id": "urn:uuid:1"}], send_time=moment)

    assert envelope == {
        "sensor": SENSOR,
        "sendTime": "2025-03-01T14:05:09.123Z",
        "dataVersion": CALIPER_DATA_VERSION,
        "data": [{"id": "urn:uuid:1"}],
    }


def test_models_are_written_in_their_wire_form() -> None:
    envelope = build_envelope(
        SENSOR, [PlainEvent(id="urn:uuid:1"), WireEvent(id="urn:uuid:2", event_time="t")]
    )

    assert envelope["data"] == [
        {"@context": CALIPER_DATA_VERSION, "id": "urn:uuid:1"},
        {"id": "urn:uuid:2", "eventTime": "t"},
    ]


@pytest.mark.parametrize(
    ("sensor", "events", "send_time", "path"),
    [
        (" ", [{"id": "x"}], None, "sensor"),
        (SENSOR, [], None, "events"),
        (SENSOR, {"id": "x"}, None, "events"),
        (SENSOR, [{"id": "x"}, 7], None, "events[1]"),
        (SENSOR, [{"id": "x"}], dt.datetime(2025, 3, 1), "send_time"),
    ],
)
def test_bad_envelope_parts_are_edubridge_input_errors(
    sensor: str, events: Any, send_time: dt.datetime | None, path: str
) -> None:
    with pytest.raises(InputValidationError) as caught:
        build_envelope(sensor, events, send_time=send_time)

    assert isinstance(caught.value, EdubridgeError)
    assert [issue.path for issue in caught.value.issues] == [path]


def test_an_envelope_is_idempotent_when_every_item_has_an_id() -> None:
    assert is_idempotent({"data": [{"id": "urn:uuid:1"}, {"id": "urn:uuid:2"}]})
    assert not is_idempotent({"data": [{"id": "urn:uuid:1"}, {"type": "Entity"}]})
    assert not is_idempotent({"data": []})


def test_check_envelope_names_what_is_missing() -> None:
    with pytest.raises(InputValidationError) as caught:
        check_envelope({"data": []})

    assert [issue.path for issue in caught.value.issues] == ["sensor", "data"]
    with pytest.raises(InputValidationError):
        check_envelope("not an envelope")
