"""Caliper 1.2 events with the Timeback profile: models, batching, reliable delivery.

    >>> from timeback_caliper import CaliperClient, activity_completed
    >>> async with CaliperClient(env="staging", client_id="...", client_secret="...") as caliper:
    ...     receipt = await caliper.events.send("https://reading.example.com", [event])

* `CaliperClient` / `SyncCaliperClient`: ``events.send`` (split into envelopes, sent with
  bounded concurrency, safe to retry), ``events.validate``, ``events.list``, ``events.get``,
  ``jobs.get``, ``jobs.wait``.
* `AsyncBufferedSender` / `SyncBufferedSender`: ``emit`` and move on; batching by size and
  age in the background, bounded memory, an optional durable SQLite spool.
* Builders (`activity_completed`, `time_spent`, ...), models, validation, envelope splitting and
  the LearnWith.AI rewrite, all pure.
"""

from . import _models
from ._async.client import CaliperClient
from ._async.resources.events import AsyncEvents
from ._async.resources.jobs import AsyncJobs
from ._async.sender import AsyncBufferedSender
from ._batching import (
    DEFAULT_MAX_ENVELOPE_BYTES,
    DEFAULT_MAX_ENVELOPE_EVENTS,
    split_events,
    split_into_envelopes,
)
from ._buffer import SenderStats
from ._builders import (
    EventOptions,
    activity_completed,
    assessment_item_completed,
    assessment_item_started,
    build_event,
    new_event_id,
    question_graded,
    time_spent,
)
from ._delivery import DeliveryFailure, SendReceipt
from ._envelope import build_envelope, encode_envelope
from ._errors import (
    BufferFullError,
    CaliperError,
    JobFailedError,
    JobTimeoutError,
    SenderClosedError,
    SpoolError,
)
from ._learnwith import to_learnwith_envelope, to_learnwith_event
from ._models import *  # noqa: F403  (the models: listed once, in `_models.__all__`)
from ._sync.client import SyncCaliperClient
from ._sync.resources.events import SyncEvents
from ._sync.resources.jobs import SyncJobs
from ._sync.sender import SyncBufferedSender
from ._validation import (
    NonStandardSubjectWarning,
    validate_data,
    validate_envelope,
    validate_event,
)
from ._version import __version__

__all__ = [
    "DEFAULT_MAX_ENVELOPE_BYTES",
    "DEFAULT_MAX_ENVELOPE_EVENTS",
    "AsyncBufferedSender",
    "AsyncEvents",
    "AsyncJobs",
    "BufferFullError",
    "CaliperClient",
    "CaliperError",
    "DeliveryFailure",
    "EventOptions",
    "JobFailedError",
    "JobTimeoutError",
    "NonStandardSubjectWarning",
    "SendReceipt",
    "SenderClosedError",
    "SenderStats",
    "SpoolError",
    "SyncBufferedSender",
    "SyncCaliperClient",
    "SyncEvents",
    "SyncJobs",
    "__version__",
    "activity_completed",
    "assessment_item_completed",
    "assessment_item_started",
    "build_envelope",
    "build_event",
    "encode_envelope",
    "new_event_id",
    "question_graded",
    "split_events",
    "split_into_envelopes",
    "time_spent",
    "to_learnwith_envelope",
    "to_learnwith_event",
    "validate_data",
    "validate_envelope",
    "validate_event",
]
__all__ += _models.__all__
