"""Demographics (``R/demographics``): one record per user, sharing the user's ``sourcedId``."""

from __future__ import annotations

from timeback_common import AsyncAPIClient
from timeback_oneroster._async._collection import AsyncCollection
from timeback_oneroster._endpoints import CollectionSpec
from timeback_oneroster._models import WIRE_KEYS, Demographics, DemographicsInput
from timeback_oneroster._paths import OneRosterPaths

__all__ = ["DEMOGRAPHICS", "AsyncDemographics"]

DEMOGRAPHICS = CollectionSpec(
    "rostering",
    "/demographics",
    WIRE_KEYS["demographics"],
    Demographics,
    DemographicsInput,
    item="/demographics/{}",
)


class AsyncDemographics(AsyncCollection[Demographics, DemographicsInput]):
    """``client.demographics``: demographics records (``R/demographics``).

    Inherits ``list``, ``get``, ``create`` (``sourced_id`` = the user's id, required),
    ``update``, ``upsert`` and ``delete``. A user together with its demographics:
    ``client.users.get_with_demographics(user_id)``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, DEMOGRAPHICS)
