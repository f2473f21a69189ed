"""Resources (``X/resources``): learning content, and its Common Cartridge export.

Listings of the resources of one class, course or user, and assigning them, are on
``client.classes``, ``client.courses`` and ``client.users``.
"""

from __future__ import annotations

from typing_extensions import Unpack

from timeback_common import AsyncAPIClient, RequestOptions
from timeback_oneroster._async._collection import AsyncCollection
from timeback_oneroster._endpoints import CollectionSpec
from timeback_oneroster._models import WIRE_KEYS, Resource, ResourceInput
from timeback_oneroster._paths import OneRosterPaths
from timeback_oneroster._responses import ResourceExport, read_export

__all__ = ["RESOURCES", "AsyncResources"]

RESOURCES = CollectionSpec(
    "resources", "/resources", WIRE_KEYS["resources"], Resource, ResourceInput, item="/resources/{}"
)

_EXPORT_HEADERS = {"Accept": "application/zip"}


class AsyncResources(AsyncCollection[Resource, ResourceInput]):
    """``client.resources``: every resource (``X/resources``).

    Inherits ``list``, ``get``, ``create``, ``update``, ``upsert`` and ``delete``.
    """

    def __init__(self, api: AsyncAPIClient, paths: OneRosterPaths) -> None:
        super().__init__(api, paths, RESOURCES)

    async def export(self, resource_id: str, **options: Unpack[RequestOptions]) -> ResourceExport:
        """Export a resource as an IMS Common Cartridge (``POST X/resources/export/{id}``).

        The export reads and changes nothing, so the call is retried like a read.

        Args:
            resource_id: The resource's id.
            **options: Request options.

        Returns:
            The archive bytes with the file name the platform suggested (e.g.
            ``"rsc-1.imscc"``); write them with ``Path(export.filename).write_bytes(...)``.
        """
        response = await self._api.post(
            self._path("resources", "/resources/export/{}"),
            resource_id,
            headers=_EXPORT_HEADERS,
            options=self._idempotent(options),
        )
        return read_export(response)
