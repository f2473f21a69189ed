"""The errors of a roster mirror. Every one is a `TimebackError` and pickles like the others."""

from __future__ import annotations

from timeback_common import TimebackError

__all__ = ["FailSafeError", "MirrorError", "SchemaVersionError"]


class MirrorError(TimebackError):
    """Root of the errors raised by `timeback_sync` itself (client errors pass through)."""


class SchemaVersionError(MirrorError):
    """The database holds a schema newer than this version of the package knows.

    Attributes:
        found: The schema version written in the database.
        supported: The newest version this package can use.
    """

    def __init__(self, found: int, supported: int) -> None:
        super().__init__(
            f"the mirror database has schema version {found}, this timeback-sync knows up to "
            f"{supported}: upgrade timeback-sync"
        )
        self.found = found
        self.supported = supported


class FailSafeError(MirrorError):
    """A full pull was not applied because it looks wrong; nothing in the mirror changed.

    Raised when applying it would delete or deactivate more than the threshold of the local
    rows, or when the number of records received differs from the total the platform
    reported. Run again with ``force=True`` to apply such a pull anyway.

    Attributes:
        collection: The collection whose pull was refused.
        local_rows: Live (not deleted) rows in the mirror before the pull.
        would_remove: Live rows the pull would have deleted or deactivated.
        received: Records the pull received.
        reported_total: The total the platform reported (None when it did not say).
        threshold: The largest fraction of live rows a pull may remove unforced.
    """

    def __init__(
        self,
        collection: str,
        *,
        local_rows: int,
        would_remove: int,
        received: int,
        reported_total: int | None,
        threshold: float,
    ) -> None:
        reasons = []
        if local_rows and would_remove > threshold * local_rows:
            reasons.append(
                f"it would delete or deactivate {would_remove} of {local_rows} live rows "
                f"(more than {threshold:.0%})"
            )
        if reported_total is not None and received != reported_total:
            reasons.append(
                f"it received {received} records but the platform reported {reported_total}"
            )
        super().__init__(
            f"full pull of {collection} not applied: {'; '.join(reasons) or 'refused'}; "
            "the mirror is unchanged (pass force=True to apply it anyway)"
        )
        self.collection = collection
        self.local_rows = local_rows
        self.would_remove = would_remove
        self.received = received
        self.reported_total = reported_total
        self.threshold = threshold
