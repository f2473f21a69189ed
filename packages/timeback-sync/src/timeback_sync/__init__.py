"""timeback-sync: a safe, incremental mirror of the Timeback roster in your own SQL database.

`RosterMirror` (async) and `SyncRosterMirror` keep one table per OneRoster collection
(rostering, and the gradebook when asked) in SQLite or PostgreSQL up to date: a full pull
first, then only the changes since a high-water mark, deletions kept as tombstones, a fail-safe
against pulls that would wipe the roster, change events, and local writes pushed back with
conflict detection.
"""

from timeback_common import InputValidationError
from timeback_sync._async.mirror import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_FAIL_SAFE_THRESHOLD,
    AsyncMirrorCollection,
    RosterMirror,
)
from timeback_sync._errors import FailSafeError, MirrorError, SchemaVersionError
from timeback_sync._events import (
    ChangeEvent,
    CollectionRun,
    Conflict,
    ConflictPolicy,
    PushItem,
    PushReport,
    RunSummary,
)
from timeback_sync._schema import (
    COLLECTIONS,
    GRADEBOOK_COLLECTIONS,
    ROSTER_COLLECTIONS,
    SCHEMA_VERSION,
)
from timeback_sync._sync.mirror import SyncMirrorCollection, SyncRosterMirror
from timeback_sync._version import __version__

__all__ = [
    "COLLECTIONS",
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_FAIL_SAFE_THRESHOLD",
    "GRADEBOOK_COLLECTIONS",
    "ROSTER_COLLECTIONS",
    "SCHEMA_VERSION",
    "AsyncMirrorCollection",
    "ChangeEvent",
    "CollectionRun",
    "Conflict",
    "ConflictPolicy",
    "FailSafeError",
    "InputValidationError",
    "MirrorError",
    "PushItem",
    "PushReport",
    "RosterMirror",
    "RunSummary",
    "SchemaVersionError",
    "SyncMirrorCollection",
    "SyncRosterMirror",
    "__version__",
]
