"""The Caliper envelope: one POST body carrying events and entities."""

from __future__ import annotations

from pydantic import Field

from ._base import CALIPER_DATA_VERSION, CaliperDateTime, CaliperModel
from ._event import CaliperData

__all__ = ["CaliperEnvelope"]


class CaliperEnvelope(CaliperModel):
    """A Caliper 1.2 envelope.

    Attributes:
        sensor: IRI of the sending application, e.g. ``https://reading.example.com``.
        send_time: When the envelope was sent (``sendTime``, UTC with milliseconds on the wire).
        data_version: Always ``http://purl.imsglobal.org/ctx/caliper/v1p2``.
        data: At least one event or entity.
    """

    sensor: str
    send_time: CaliperDateTime
    data_version: str = CALIPER_DATA_VERSION
    data: list[CaliperData] = Field(min_length=1)
