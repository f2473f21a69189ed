"""`verify_webhook` and its schemes: pure functions, so tested without a server."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from timeback_caliper import CaliperEvent
from timeback_common import InputValidationError
from timeback_webhooks import (
    HexSignature,
    MemorySeenStore,
    SQLiteSeenStore,
    StandardWebhooks,
    WebhookVerificationError,
    verify_webhook,
)

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()
NOW = 1_800_000_000


def envelope(make_event: Any) -> bytes:
    body = {
        "sensor": "https://reading.example.com",
        "sendTime": "2026-11-02T10:00:00.000Z",
        "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
        "data": [make_event(1)],
    }
    return json.dumps(body, separators=(",", ":")).encode()


def standard_headers(body: bytes, *, secret: str = SECRET, at: int = NOW) -> dict[str, str]:
    scheme = StandardWebhooks()
    return scheme.sign(body, scheme.secret_bytes(secret), delivery_id="msg_1", timestamp=at)


def test_a_standard_delivery_verifies_to_its_envelope_and_ids(make_event: Any) -> None:
    body = envelope(make_event)
    headers = {
        **standard_headers(body),
        "X-Timeback-Webhook-Id": "w1",
        "X-Timeback-Event-Type": "ActivityEvent",
    }

    delivery = verify_webhook(body, headers, SECRET, now=NOW + 10)

    assert delivery.delivery_id == "msg_1"
    assert delivery.webhook_id == "w1"
    assert delivery.event_type == "ActivityEvent"
    assert delivery.timestamp is not None
    assert int(delivery.timestamp.timestamp()) == NOW
    assert delivery.envelope.sensor == "https://reading.example.com"
    assert isinstance(delivery.events[0], CaliperEvent)
    assert delivery.body == body


def test_the_signature_matches_the_published_convention(make_event: Any) -> None:
    body = envelope(make_event)
    key = base64.b64decode(SECRET[len("whsec_") :])
    mac = hmac.new(key, b"msg_1." + str(NOW).encode() + b"." + body, hashlib.sha256).digest()

    headers = standard_headers(body)

    assert headers["webhook-signature"] == "v1," + base64.b64encode(mac).decode()


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda b, h: (b.replace(b'"data":[', b'"data":[ '), h), "bad_signature"),
        (lambda b, h: (b, {**h, "webhook-signature": "v1,AAAA"}), "bad_signature"),
        (lambda b, h: (b, {k: v for k, v in h.items() if k != "webhook-id"}), "missing_header"),
        (
            lambda b, h: (b, {k: v for k, v in h.items() if k != "webhook-signature"}),
            "missing_header",
        ),
        (lambda b, h: (b, {**h, "webhook-timestamp": "soon"}), "bad_timestamp"),
    ],
)
def test_a_changed_delivery_is_rejected_with_its_reason(
    make_event: Any, change: Any, reason: str
) -> None:
    body = envelope(make_event)
    body, headers = change(body, standard_headers(body))

    with pytest.raises(WebhookVerificationError) as caught:
        verify_webhook(body, headers, SECRET, now=NOW)

    assert caught.value.reason == reason
    assert SECRET not in str(caught.value)


def test_a_wrong_secret_is_a_bad_signature(make_event: Any) -> None:
    body = envelope(make_event)
    with pytest.raises(WebhookVerificationError) as caught:
        verify_webhook(body, standard_headers(body, secret="other"), SECRET, now=NOW)
    assert caught.value.reason == "bad_signature"


def test_stale_and_future_timestamps_are_rejected_outside_the_tolerance(make_event: Any) -> None:
    body = envelope(make_event)
    headers = standard_headers(body)

    for now, reason in ((NOW + 301, "stale_timestamp"), (NOW - 301, "future_timestamp")):
        with pytest.raises(WebhookVerificationError) as caught:
            verify_webhook(body, headers, SECRET, now=now)
        assert caught.value.reason == reason
    assert verify_webhook(body, headers, SECRET, now=NOW + 299).delivery_id == "msg_1"
    assert verify_webhook(body, headers, SECRET, now=NOW + 10**6, tolerance=None).delivery_id


def test_any_of_several_secrets_verifies_during_a_rotation(make_event: Any) -> None:
    body = envelope(make_event)
    headers = standard_headers(body, secret="new-secret")

    assert verify_webhook(body, headers, ["old-secret", "new-secret"], now=NOW).delivery_id
    with pytest.raises(WebhookVerificationError):
        verify_webhook(body, headers, ["old-secret"], now=NOW)


def test_a_signed_body_that_is_not_an_envelope_is_unparseable() -> None:
    body = b'{"hello": "world"}'
    with pytest.raises(WebhookVerificationError) as caught:
        verify_webhook(body, standard_headers(body), SECRET, now=NOW)
    assert caught.value.reason == "unparseable_body"


def test_the_hex_scheme_verifies_the_body_and_reads_its_headers(make_event: Any) -> None:
    body = envelope(make_event)
    mac = hmac.new(b"plain-secret", body, hashlib.sha256).hexdigest()
    headers = {
        "x-caliper-signature": mac,
        "X-Caliper-Delivery-Id": "d-9",
        "X-Caliper-Webhook-Id": "w2",
    }
    scheme = HexSignature()

    delivery = verify_webhook(body, headers, "plain-secret", scheme=scheme)

    assert (delivery.delivery_id, delivery.webhook_id, delivery.timestamp) == ("d-9", "w2", None)
    with pytest.raises(WebhookVerificationError) as caught:
        verify_webhook(body + b" ", headers, "plain-secret", scheme=scheme)
    assert caught.value.reason == "bad_signature"
    with pytest.raises(WebhookVerificationError) as caught:
        verify_webhook(body, {}, "plain-secret", scheme=scheme)
    assert caught.value.reason == "missing_header"
    custom = HexSignature(header="X-Sig")
    assert verify_webhook(
        body, {"x-sig": "sha256=" + mac}, "plain-secret", scheme=custom
    ).delivery_id


@pytest.mark.parametrize("secret", ["", [], [""], "whsec_!!notbase64"])
def test_unusable_secrets_are_input_errors(secret: Any) -> None:
    with pytest.raises(InputValidationError):
        verify_webhook(b"{}", {}, secret)


def test_a_body_that_is_not_bytes_is_an_input_error() -> None:
    with pytest.raises(InputValidationError):
        verify_webhook("{}", {}, "s")  # type: ignore[arg-type]


def test_seen_stores_claim_each_id_once_and_release_it(tmp_path: Any) -> None:
    for store in (MemorySeenStore(max_entries=2), SQLiteSeenStore(tmp_path / "seen.db")):
        assert store.claim("a") is True
        assert store.claim("a") is False
        store.release("a")
        assert store.claim("a") is True
    reopened = SQLiteSeenStore(tmp_path / "seen.db")
    assert reopened.claim("a") is False
    reopened.close()
    memory = MemorySeenStore(max_entries=2)
    for name in "abc":
        memory.claim(name)
    assert "a" not in memory
    assert len(memory) == 2


_HEADER_NAMES = st.sampled_from(
    ["webhook-id", "webhook-timestamp", "webhook-signature", "x-caliper-signature", "other"]
)


@settings(max_examples=150, deadline=None)
@given(
    body=st.binary(max_size=300),
    headers=st.dictionaries(_HEADER_NAMES, st.text(max_size=60), max_size=5),
    hex_scheme=st.booleans(),
)
def test_any_input_verifies_or_raises_a_verification_error(
    body: bytes, headers: dict[str, str], hex_scheme: bool
) -> None:
    scheme = HexSignature() if hex_scheme else StandardWebhooks()
    try:
        verify_webhook(body, headers, "secret", scheme=scheme, now=NOW)
    except WebhookVerificationError:
        return
    raise AssertionError("a random delivery verified")


@settings(max_examples=100, deadline=None)
@given(
    document=st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=20),
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
        ),
        max_leaves=20,
    ),
    delivery_id=st.text(min_size=1, max_size=30).filter(str.strip),
    skew=st.integers(min_value=-1000, max_value=1000),
)
def test_a_correctly_signed_delivery_verifies_or_names_why_not(
    document: Any, delivery_id: str, skew: int
) -> None:
    body = json.dumps(document).encode()
    scheme = StandardWebhooks()
    headers = scheme.sign(body, b"k", delivery_id=delivery_id.strip(), timestamp=NOW)
    reason = None
    try:
        delivery = verify_webhook(body, headers, b"k", now=NOW + skew)
    except WebhookVerificationError as exc:
        reason = exc.reason
    if reason is None:
        assert delivery.delivery_id == delivery_id.strip()
        assert abs(skew) <= 300
    elif abs(skew) <= 300:
        assert reason == "unparseable_body"
    else:
        assert reason in {"stale_timestamp", "future_timestamp"}


def test_the_clock_is_used_when_now_is_not_given(make_event: Any) -> None:
    body = envelope(make_event)
    headers = standard_headers(body, at=int(time.time()))
    assert verify_webhook(body, headers, SECRET).delivery_id == "msg_1"


def test_an_event_off_its_profile_is_read_as_a_plain_caliper_event(make_event: Any) -> None:
    event = make_event(1)
    del event["generated"]  # required by the Timeback ActivityEvent model, not by Caliper
    body = json.dumps(
        {
            "sensor": "https://reading.example.com",
            "sendTime": "2026-11-02T10:00:00.000Z",
            "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
            "data": [event],
        }
    ).encode()

    delivery = verify_webhook(body, standard_headers(body), SECRET, now=NOW)

    (parsed,) = delivery.events
    assert type(parsed) is CaliperEvent
    assert parsed.id == event["id"]
    assert delivery.envelope.sensor == "https://reading.example.com"
