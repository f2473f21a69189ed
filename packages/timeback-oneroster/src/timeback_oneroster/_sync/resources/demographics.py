# This file is generated from packages/timeback-oneroster/src/timeback_oneroster/_async/resources/demographics.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Demographics (``R/demographics``): one record per user, sharing the user's ``sourcedId``."""

from __future__ import annotations

from timeback_common import SyncAPIClient
from timeback_oneroster._sync._collection import SyncCollection
from timeback_oneroster._endpoints import CollectionSpec
from timeback_oneroster._models import WIRE_KEYS, Demographics, DemographicsInput
from timeback_oneroster._paths import OneRosterPaths

__all__ = ["DEMOGRAPHICS", "SyncDemographics"]

DEMOGRAPHICS = CollectionSpec(
    "rostering", "/demographics", WIRE_KEYS["demographics"], Demographics, DemographicsInput
)


class SyncDemographics(SyncCollection[Demographics, DemographicsInput]):
    """``client.demographics``: demographics records (``R/demographics``).

    Inherits ``list``, ``get``, ``create`` (``sourced_id`` = the user's id, required),
    ``update``, ``upsert`` and ``delete``. A user together with its demographics:
    ``client.users.get_with_demographics(user_id)``.
    """

    def __init__(self, api: SyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, DEMOGRAPHICS)
