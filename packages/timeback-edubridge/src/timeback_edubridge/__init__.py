"""Typed sync and async client for Timeback Edubridge.

Enrollments, analytics (with client-side summaries), users by role, subject tracks,
applications, learning reports, progression and the Edubridge Caliper ingest::

    from timeback_edubridge import EdubridgeClient        # async
    from timeback_edubridge import SyncEdubridgeClient    # the same methods, blocking

    async with EdubridgeClient(env="staging", client_id="...", client_secret="...") as client:
        await client.enrollments.enroll("student-1", "course-math-4")
        week = await client.analytics.summary(email="ada@example.com", timezone="America/Chicago")

Every error is an `EdubridgeError` and a class of the `timeback_common` tree (``NotFoundError``,
``InputValidationError``...).
"""

from . import _models
from ._async.client import EdubridgeClient
from ._dates import DateLike, date_range_params, default_date_range, to_query_datetime
from ._errors import EdubridgeError
from ._ingest import CALIPER_DATA_VERSION, CaliperIngestResult, build_envelope
from ._models import *  # noqa: F403  (the models: listed once, in `_models.__all__`)
from ._summary import (
    AppSummary,
    CohortSummary,
    LearnerSummary,
    MetricTotals,
    SubjectSummary,
    combine_summaries,
    summarize_activity,
)
from ._sync.client import SyncEdubridgeClient
from ._version import __version__

__all__ = [
    "CALIPER_DATA_VERSION",
    "AppSummary",
    "CaliperIngestResult",
    "CohortSummary",
    "DateLike",
    "EdubridgeClient",
    "EdubridgeError",
    "LearnerSummary",
    "MetricTotals",
    "SubjectSummary",
    "SyncEdubridgeClient",
    "__version__",
    "build_envelope",
    "combine_summaries",
    "date_range_params",
    "default_date_range",
    "summarize_activity",
    "to_query_datetime",
]
__all__ += _models.__all__
