"""Pure decisions of delivery: encoding once, envelopes, outcomes, retry delays (no I/O)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_caliper import CaliperSendResult, DeliveryFailure, SendReceipt
from timeback_caliper._delivery import (
    _encode_serialised,
    assemble_envelope,
    encode_event,
    is_rejection,
    parse_send_result,
    plan_envelopes,
    prepare_event,
    prepare_events,
    retry_delay,
    sender_retry_policy,
)
from timeback_caliper._envelope import build_envelope, encode_envelope
from timeback_common import (
    APIConnectionError,
    APIResponse,
    APIStatusError,
    InputValidationError,
    RateLimitError,
    RetryPolicy,
)

SENSOR = "https://reading.example.com"
WHEN = datetime(2025, 3, 1, 14, 5, 9, 123456, tzinfo=timezone.utc)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None)
@given(
    events=st.lists(
        st.dictionaries(st.text(min_size=1), json_values, min_size=1, max_size=4),
        min_size=1,
        max_size=5,
    ),
    sensor=st.from_regex(r"[A-Za-z0-9/é~-]{1,12}", fullmatch=True).map(
        lambda path: "https://x.example/" + path
    ),
)
def test_assembled_envelope_equals_encoding_the_whole_envelope(
    events: list[dict[str, Any]], sensor: str
) -> None:
    body = assemble_envelope(sensor, [encode_event(e) for e in events], send_time=WHEN)

    assert body == encode_envelope(build_envelope(events, sensor=sensor, send_time=WHEN))


serialised_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.sampled_from(["NaN", "-Infinity", "a NaN b"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)


def _outcome(encode: Any, event: dict[str, Any]) -> tuple[str, Any]:
    try:
        return "bytes", encode(event)
    except InputValidationError as exc:
        return "refused", (str(exc), exc.issues)


def _holds_a_float(value: object) -> bool:
    if isinstance(value, float):
        return True
    if isinstance(value, dict):
        return any(_holds_a_float(item) for item in value.values())
    if isinstance(value, list):
        return any(_holds_a_float(item) for item in value)
    return False


@settings(max_examples=200, deadline=None)
@given(event=st.dictionaries(st.text(min_size=1), serialised_values, min_size=1, max_size=4))
def test_the_fast_encoder_writes_what_encode_event_writes_or_refuses_alike(
    event: dict[str, Any],
) -> None:
    expected = _outcome(encode_event, event)
    got = _outcome(_encode_serialised, event)

    assert got[0] == expected[0]
    if got[0] == "refused" or not _holds_a_float(event):
        assert got == expected
    else:  # a float may be spelled differently (1e-7 for 1e-07): the same number
        assert json.loads(got[1]) == json.loads(expected[1])


def test_assembling_an_envelope_needs_an_event() -> None:
    with pytest.raises(InputValidationError):
        assemble_envelope(SENSOR, [])


def test_plan_envelopes_measures_the_envelope_it_will_send(make_event: Any) -> None:
    payloads = [encode_event(make_event().to_wire()) for _ in range(7)]
    limit = len(assemble_envelope(SENSOR, payloads[:3]))  # exactly three fit

    spans = plan_envelopes(
        [len(p) for p in payloads], sensor=SENSOR, max_events=100, max_bytes=limit
    )

    assert [len(span) for span in spans] == [3, 3, 1]
    assert all(len(assemble_envelope(SENSOR, payloads[s.start : s.stop])) <= limit for s in spans)


def test_plan_envelopes_refuses_a_sensor_that_is_not_an_iri() -> None:
    with pytest.raises(InputValidationError) as raised:
        plan_envelopes([10], sensor="reading app", max_events=1, max_bytes=1000)
    assert raised.value.issues[0].path == "sensor"


def test_prepare_events_rewrites_for_learnwith_only_when_asked(make_event: Any) -> None:
    event = make_event()

    plain = json.loads(prepare_events([event], learnwith=False)[0])
    rewritten = json.loads(prepare_event(event, learnwith=True))

    assert plain == event.to_wire()
    assert rewritten["profile"] == "AggregationProfile"
    assert rewritten["actor"] == {"type": "Person", "id": event.to_wire()["actor"]["id"]}


@pytest.mark.parametrize("events", [{"id": "x"}, "events", 42])
def test_prepare_events_wants_a_list(events: Any) -> None:
    with pytest.raises(InputValidationError):
        prepare_events(events, learnwith=False)


def status_error(status: int, **kwargs: Any) -> APIStatusError:
    cls = RateLimitError if status == 429 else APIStatusError
    return cls("failed", status_code=status, **kwargs)


@pytest.mark.parametrize(
    ("error", "rejected"),
    [
        (status_error(400), True),
        (status_error(413), True),
        (status_error(415), True),
        (status_error(422), True),
        (status_error(401), False),
        (status_error(404), False),
        (status_error(429), False),
        (status_error(503), False),
        (APIConnectionError("reset"), False),
        (ValueError("bug"), False),
    ],
)
def test_only_content_errors_count_as_rejections(error: BaseException, rejected: bool) -> None:
    assert is_rejection(error) is rejected


def policy(draw: float = 0.0, maximum: float = 4.0) -> RetryPolicy:
    return replace(sender_retry_policy(initial=0.5, maximum=maximum), random=lambda: draw)


def test_retry_delay_doubles_up_to_the_cap_and_jitters_down_only() -> None:
    delays = [retry_delay(policy(), n) for n in range(1, 7)]
    jittered = retry_delay(policy(0.999), 3)

    assert delays == [0.5, 1.0, 2.0, 4.0, 4.0, 4.0]
    assert 1.5 < jittered <= 2.0


def test_retry_delay_waits_at_least_what_the_platform_asked() -> None:
    assert retry_delay(policy(maximum=10.0), 1, retry_after=7.0) == 7.0
    assert retry_delay(policy(maximum=10.0), 1, retry_after=0.1) == 0.5


@pytest.mark.parametrize("asked", [1e10, 2.5e11, float("inf"), float("nan")])
def test_retry_delay_is_capped_whatever_the_platform_asks(asked: float) -> None:
    delay = retry_delay(policy(maximum=60.0), 1, retry_after=asked)

    assert 0.5 <= delay <= 60.0


def test_no_wait_is_longer_than_the_longest_delay_between_sends() -> None:
    assert retry_delay(policy(maximum=30.0), 1, retry_after=1e10) == 30.0


def response(content: bytes, status: int = 200) -> APIResponse:
    request = httpx.Request("POST", "https://caliper.example/caliper/event")
    return APIResponse(
        httpx.Response(status, content=content, request=request),
        method="POST",
        url=str(request.url),
        request_id="r1",
    )


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b'{"status":"success","message":"2 events accepted","jobId":"j1"}', "j1"),
        (b"", None),
        (b"<html>ok</html>", None),
        (b"[1, 2]", None),
        (b'{"status":"success","jobId":{"nested":true}}', None),
    ],
)
def test_any_2xx_answer_reads_as_a_result(content: bytes, expected: str | None) -> None:
    assert parse_send_result(response(content)).job_id == expected


def test_receipt_lists_job_ids_and_success() -> None:
    receipt = SendReceipt(
        (
            CaliperSendResult(status="success", job_id="a"),
            CaliperSendResult(success=True),
            CaliperSendResult(status="success", job_id="b"),
        ),
        event_count=7,
    )

    assert receipt.job_ids == ["a", "b"]
    assert receipt.envelope_count == 3
    assert receipt.ok
    assert not SendReceipt((CaliperSendResult(status="error"),), 1).ok


def test_delivery_failure_decodes_its_events_and_keeps_them_out_of_its_repr() -> None:
    payloads = (b'{"id":"urn:uuid:1","type":"ActivityEvent"}', b'{"id":"urn:uuid:2"}')
    failure = DeliveryFailure("rejected", status_error(400), payloads, spooled=False)

    assert failure.event_ids == ["urn:uuid:1", "urn:uuid:2"]
    assert failure.events[0]["type"] == "ActivityEvent"
    assert "urn:uuid" not in repr(failure)
    assert "events=2" in repr(failure)


def test_a_model_changed_after_it_was_built_is_checked_again(make_event: Any) -> None:
    changed = make_event()
    changed.action = "Viewed"  # not an action of ActivityEvent
    bad_dict = make_event().to_wire()
    bad_dict["eventTime"] = "yesterday"

    with pytest.raises(InputValidationError) as raised:
        prepare_events([make_event(), changed, bad_dict], learnwith=False)

    paths = [issue.path for issue in raised.value.issues]
    assert "data[1].action" in paths
    assert "data[2].eventTime" in paths
    assert not any(path and path.startswith("data[0]") for path in paths)


def test_a_dict_is_normalised_as_its_model_writes_it(make_event: Any) -> None:
    wire = make_event().to_wire()
    wire["eventTime"] = "2025-03-01T15:05:09.123456+01:00"

    sent = json.loads(prepare_event(wire, learnwith=False))

    assert sent["eventTime"] == "2025-03-01T14:05:09.123Z"
