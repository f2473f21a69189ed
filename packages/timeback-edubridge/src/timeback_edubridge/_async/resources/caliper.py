"""The Edubridge Caliper ingest, ``POST E/caliper/event``.

The platform splits a multi-event envelope and queues the events; the answer is
``{success, message}``. Events that carry ids are stored once, so a send whose events all carry
ids is retried like a GET after a dropped connection (architecture, section 4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel
from typing_extensions import Unpack

from timeback_common import RequestOptions
from timeback_edubridge._async.resources._base import AsyncEndpointGroup
from timeback_edubridge._ingest import (
    CaliperIngestResult,
    build_envelope,
    check_envelope,
    is_idempotent,
)
from timeback_edubridge._parsing import parse_body

__all__ = ["AsyncCaliperIngest"]


class AsyncCaliperIngest(AsyncEndpointGroup):
    """``client.caliper``: send Caliper events through Edubridge."""

    async def send(
        self,
        sensor: str,
        events: Sequence[Mapping[str, Any] | BaseModel],
        *,
        send_time: dt.datetime | None = None,
        **options: Unpack[RequestOptions],
    ) -> CaliperIngestResult:
        """Send events in one envelope (``sensor``, ``sendTime`` now, ``dataVersion`` 1.2).

        Args:
            sensor: IRI of the sending application, e.g. ``https://reading.example.com``.
            events: Caliper events (Timeback ``ActivityEvent``, ``TimeSpentEvent``...), as
                JSON objects or pydantic models (written in their wire form).
            send_time: The envelope's ``sendTime`` (aware); now by default.
            **options: Per-call `RequestOptions`.

        Returns:
            ``success`` and the platform's message.

        Raises:
            InputValidationError: No sensor or events, or an event that is neither a JSON
                object nor a model; nothing was sent.
            BadRequestError: The platform refused the envelope (``error.issues`` list why).
        """
        envelope = build_envelope(sensor, events, send_time=send_time)
        return await self.send_envelope(envelope, **options)

    async def send_envelope(
        self, envelope: Mapping[str, Any] | BaseModel, **options: Unpack[RequestOptions]
    ) -> CaliperIngestResult:
        """Send an envelope built elsewhere (``dataVersion`` is optional on this endpoint).

        Args:
            envelope: ``{"sensor", "sendTime", "dataVersion", "data": [...]}`` or a model.
            **options: Per-call `RequestOptions`.

        Returns:
            ``success`` and the platform's message.

        Raises:
            InputValidationError: Not an object, or no ``sensor`` or ``data``; nothing was sent.
            BadRequestError: The platform refused the envelope.
        """
        body = check_envelope(envelope)
        if is_idempotent(body):
            options = {"idempotent": True, **options}
        response = await self._api.request(
            "POST", self._base + "/caliper/event", json=body, options=options
        )
        return parse_body(response, CaliperIngestResult)
