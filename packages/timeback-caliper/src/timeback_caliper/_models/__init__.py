"""Pydantic models of Caliper 1.2 envelopes, events and entities (with the Timeback profile).

``__all__`` is what the package root exports. The helpers imported ``as`` themselves (time
formats, member lists, the event test) are for this package's modules only.
"""

from ._base import CALIPER_CONTEXT, CALIPER_DATA_VERSION, CaliperModel
from ._base import CaliperDateTime as CaliperDateTime
from ._base import format_caliper_time as format_caliper_time
from ._base import is_iri as is_iri
from ._base import parse_caliper_time as parse_caliper_time
from ._base import utc_now as utc_now
from ._entities import (
    ActivityRef,
    AppRef,
    AssessmentItem,
    Attempt,
    CaliperEntity,
    CourseRef,
    EntityRef,
    Response,
    Score,
    TimebackActivityContext,
    TimebackActivityMetric,
    TimebackActivityMetricsCollection,
    TimebackTimeSpentMetricsCollection,
    TimebackUser,
    TimeSpentMetric,
)
from ._envelope import CaliperEnvelope
from ._event import ENTITY_MEMBERS_OF_EVENT as ENTITY_MEMBERS_OF_EVENT
from ._event import EVENT_MEMBERS as EVENT_MEMBERS
from ._event import (
    ActivityEvent,
    AssessmentItemEvent,
    CaliperData,
    CaliperEvent,
    GradeEvent,
    TimeSpentEvent,
)
from ._event import is_event_like as is_event_like
from ._responses import (
    CaliperSendResult,
    EventListPagination,
    Job,
    JobEventResult,
    JobReturnValue,
    StoredEvent,
    StoredEventList,
)

__all__ = [
    "CALIPER_CONTEXT",
    "CALIPER_DATA_VERSION",
    "ActivityEvent",
    "ActivityRef",
    "AppRef",
    "AssessmentItem",
    "AssessmentItemEvent",
    "Attempt",
    "CaliperData",
    "CaliperEntity",
    "CaliperEnvelope",
    "CaliperEvent",
    "CaliperModel",
    "CaliperSendResult",
    "CourseRef",
    "EntityRef",
    "EventListPagination",
    "GradeEvent",
    "Job",
    "JobEventResult",
    "JobReturnValue",
    "Response",
    "Score",
    "StoredEvent",
    "StoredEventList",
    "TimeSpentEvent",
    "TimeSpentMetric",
    "TimebackActivityContext",
    "TimebackActivityMetric",
    "TimebackActivityMetricsCollection",
    "TimebackTimeSpentMetricsCollection",
    "TimebackUser",
]
