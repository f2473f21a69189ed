"""The instant format of webhook documents (UTC with milliseconds)."""

from __future__ import annotations

import datetime as dt


def now_iso() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SS.mmmZ``."""
    utc = dt.datetime.now(dt.timezone.utc)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
