"""Delivering stored Caliper events to webhooks: signing, retries, faults, the delivery log.

Deliveries are POSTed by a few worker threads (started on the first delivery), so a slow or
failing target never holds up the request that stored the events. Only loopback targets are
reached unless the emulator was started with an allow-list of hosts.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import ipaddress
import json
import queue
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from timeback_emulator.webhooks._time import now_iso

SIGNING_SCHEMES = ("standard", "caliper-hex")
DELIVERY_FAULTS = ("duplicate", "delay", "tamper", "wrong_secret")
_LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})
_WORKERS = 4
_LOG_LIMIT = 10_000


def is_loopback_host(host: str | None) -> bool:
    """Whether a target host is this machine."""
    if not host:
        return False
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def secret_key(secret: str, scheme: str) -> bytes:
    """The HMAC key of a webhook secret (Standard Webhooks decodes ``whsec_`` secrets)."""
    if scheme == "standard" and secret.startswith("whsec_"):
        try:
            return base64.b64decode(secret[len("whsec_") :], validate=True)
        except (binascii.Error, ValueError):
            pass
    return secret.encode("utf-8")


def signature_headers(
    scheme: str, secret: str, body: bytes, delivery_id: str, timestamp: int
) -> dict[str, str]:
    """The headers that sign ``body`` in ``scheme``."""
    key = secret_key(secret, scheme)
    if scheme == "standard":
        mac = hmac.new(key, f"{delivery_id}.{timestamp}.".encode() + body, hashlib.sha256)
        return {
            "webhook-id": delivery_id,
            "webhook-timestamp": str(timestamp),
            "webhook-signature": "v1," + base64.b64encode(mac.digest()).decode("ascii"),
        }
    return {
        "X-Caliper-Signature": hmac.new(key, body, hashlib.sha256).hexdigest(),
        "X-Caliper-Delivery-Id": delivery_id,
    }


@dataclass
class DeliveryFault:
    """A programmed fault on the next ``count`` deliveries (of one webhook, when set)."""

    kind: str
    count: int | None = 1
    webhook_id: str | None = None
    delay_ms: int = 0
    id: str = field(default_factory=lambda: uuid.uuid4().hex[:12])

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "count": self.count,
            "webhookId": self.webhook_id,
            "delayMs": self.delay_ms,
        }


class FaultSpecError(ValueError):
    """A delivery fault description is invalid."""


def parse_fault(spec: Any) -> DeliveryFault:
    """A `DeliveryFault` from its JSON description.

    Raises:
        FaultSpecError: The description is invalid.
    """
    if not isinstance(spec, Mapping):
        raise FaultSpecError("a delivery fault is a JSON object")
    kind = spec.get("kind")
    if kind not in DELIVERY_FAULTS:
        raise FaultSpecError(f"kind must be one of {', '.join(DELIVERY_FAULTS)}")
    count = spec.get("count", 1)
    if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 1):
        raise FaultSpecError("count must be a positive integer or null (until cleared)")
    delay = spec.get("delayMs", 1000 if kind == "delay" else 0)
    if not isinstance(delay, int) or isinstance(delay, bool) or not 0 <= delay <= 600_000:
        raise FaultSpecError("delayMs must be an integer between 0 and 600000")
    webhook_id = spec.get("webhookId")
    if webhook_id is not None and not isinstance(webhook_id, str):
        raise FaultSpecError("webhookId must be a string")
    return DeliveryFault(kind=kind, count=count, webhook_id=webhook_id, delay_ms=delay)


@dataclass(frozen=True)
class _Job:
    delivery_id: str
    webhook_id: str
    target_url: str
    secret: str
    event_id: str
    event_type: str
    body: bytes
    faults: tuple[DeliveryFault, ...]


class Dispatcher:
    """The delivery queue, its workers, the programmed faults and the delivery log.

    Args:
        scheme: ``standard`` or ``caliper-hex``.
        allowed_hosts: Hosts deliveries may reach besides loopback ones.
        max_attempts: Attempts per delivery (the first included).
        backoff: Seconds before the first retry; doubled on each further one.
        timeout: Seconds per attempt.
    """

    def __init__(
        self,
        *,
        scheme: str = "standard",
        allowed_hosts: Sequence[str] = (),
        max_attempts: int = 3,
        backoff: float = 0.2,
        timeout: float = 5.0,
    ) -> None:
        self.scheme = scheme
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.timeout = timeout
        self._queue: queue.Queue[_Job | None] = queue.Queue()
        self._lock = threading.Lock()
        self._faults: list[DeliveryFault] = []
        self._log: list[dict[str, Any]] = []
        self._pending = 0
        self._workers: list[threading.Thread] = []
        self._client: httpx.Client | None = None

    # -- faults ---------------------------------------------------------------------------------
    def add_fault(self, spec: Any) -> DeliveryFault:
        """Program a delivery fault.

        Raises:
            FaultSpecError: The description is invalid.
        """
        fault = parse_fault(spec)
        with self._lock:
            self._faults.append(fault)
        return fault

    def faults(self) -> list[dict[str, Any]]:
        """The pending delivery faults."""
        with self._lock:
            return [f.to_json() for f in self._faults]

    def clear_faults(self) -> int:
        """Remove every delivery fault; returns how many there were."""
        with self._lock:
            count = len(self._faults)
            self._faults.clear()
        return count

    def _take_faults(self, webhook_id: str) -> tuple[DeliveryFault, ...]:
        taken: list[DeliveryFault] = []
        with self._lock:
            for fault in list(self._faults):
                if fault.webhook_id not in (None, webhook_id):
                    continue
                if any(t.kind == fault.kind for t in taken):
                    continue
                taken.append(fault)
                if fault.count is not None:
                    fault.count -= 1
                    if fault.count <= 0:
                        self._faults.remove(fault)
        return tuple(taken)

    # -- log ------------------------------------------------------------------------------------
    def log(self) -> dict[str, Any]:
        """The delivery log (one entry per attempt) and how many deliveries are in progress."""
        with self._lock:
            return {"pending": self._pending, "deliveries": list(self._log)}

    def clear(self) -> None:
        """Forget the log and the faults (deliveries in progress finish)."""
        with self._lock:
            self._log.clear()
            self._faults.clear()

    def _record(self, job: _Job, attempt: int, outcome: str, **extra: Any) -> None:
        entry = {
            "deliveryId": job.delivery_id,
            "webhookId": job.webhook_id,
            "eventId": job.event_id,
            "eventType": job.event_type,
            "targetUrl": job.target_url,
            "attempt": attempt,
            "outcome": outcome,
            "faults": [f.kind for f in job.faults],
            "at": now_iso(),
            **extra,
        }
        with self._lock:
            self._log.append(entry)
            if len(self._log) > _LOG_LIMIT:
                del self._log[: len(self._log) - _LOG_LIMIT]

    # -- delivering -----------------------------------------------------------------------------
    def enqueue(self, webhook: Mapping[str, Any], sensor: str | None, event: Any) -> None:
        """Queue one delivery of ``event`` (in an envelope of its own) to ``webhook``."""
        envelope = {
            "sensor": sensor,
            "sendTime": now_iso(),
            "dataVersion": "http://purl.imsglobal.org/ctx/caliper/v1p2",
            "data": [event],
        }
        job = _Job(
            delivery_id="msg_" + uuid.uuid4().hex,
            webhook_id=str(webhook["id"]),
            target_url=str(webhook.get("targetUrl", "")),
            secret=str(webhook.get("secret", "")),
            event_id=str(event.get("id", "")) if isinstance(event, dict) else "",
            event_type=str(event.get("type", "")) if isinstance(event, dict) else "",
            body=json.dumps(envelope, separators=(",", ":")).encode(),
            faults=self._take_faults(str(webhook["id"])),
        )
        with self._lock:
            self._pending += 1
            if not self._workers:
                self._client = httpx.Client(timeout=self.timeout, follow_redirects=False)
                for index in range(_WORKERS):
                    worker = threading.Thread(
                        target=self._work, name=f"emulator-webhooks-{index}", daemon=True
                    )
                    worker.start()
                    self._workers.append(worker)
        self._queue.put(job)

    def close(self) -> None:
        """Stop the workers (after the queued deliveries) and close the connection pool."""
        with self._lock:
            workers, self._workers = self._workers, []
        for _ in workers:
            self._queue.put(None)
        for worker in workers:
            worker.join(timeout=10)
        if self._client is not None:
            self._client.close()
            self._client = None

    def _work(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            try:
                self._deliver(job)
            finally:
                with self._lock:
                    self._pending -= 1

    def _allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            return False
        host = (parts.hostname or "").lower()
        return is_loopback_host(host) or host in self.allowed_hosts

    def _deliver(self, job: _Job) -> None:
        if not self._allowed(job.target_url):
            self._record(
                job, 0, "refused", error="target is not a loopback host or in the allow-list"
            )
            return
        kinds = {f.kind: f for f in job.faults}
        if "delay" in kinds:
            time.sleep(kinds["delay"].delay_ms / 1000)
        sends = 2 if "duplicate" in kinds else 1
        for _ in range(sends):
            self._attempts(job, kinds)

    def _attempts(self, job: _Job, kinds: Mapping[str, DeliveryFault]) -> None:
        client = self._client
        assert client is not None
        secret = "wrong-" + job.secret if "wrong_secret" in kinds else job.secret
        body = job.body
        for attempt in range(1, self.max_attempts + 1):
            headers = signature_headers(
                self.scheme, secret, body, job.delivery_id, int(time.time())
            )
            headers["Content-Type"] = "application/json"
            headers["X-Timeback-Webhook-Id"] = job.webhook_id
            headers["X-Timeback-Event-Type"] = job.event_type
            if self.scheme == "caliper-hex":
                headers["X-Caliper-Webhook-Id"] = job.webhook_id
                headers["X-Caliper-Event-Type"] = job.event_type
            sent = body
            if "tamper" in kinds:
                # Signed as it was, altered on the way: a receiver must refuse it.
                sent = (
                    body.replace(b'"data":[', b'"data":[ ', 1)
                    if b'"data":[' in body
                    else body + b" "
                )
            extra: dict[str, Any]
            try:
                response = client.post(job.target_url, content=sent, headers=headers)
            except httpx.HTTPError as exc:
                outcome, extra = "failed", {"error": type(exc).__name__}
            else:
                ok = 200 <= response.status_code < 300
                outcome, extra = ("delivered" if ok else "failed"), {"status": response.status_code}
            if outcome == "delivered":
                self._record(job, attempt, outcome, **extra)
                return
            last = attempt == self.max_attempts
            self._record(job, attempt, "gave_up" if last else outcome, **extra)
            if not last:
                time.sleep(self.backoff * 2 ** (attempt - 1))
