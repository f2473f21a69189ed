"""Descriptions of the endpoints: which API, which path, which envelope keys, which models. Pure.

A `Listing` describes a list endpoint (``GET R/schools/{}/classes``); a `CollectionSpec`
describes a whole collection (``R/users`` and ``R/users/{}``) with its write form. Resources
are written in terms of these, so the request code exists once, in the generic collection.

Paths are relative to the API's base path, which depends on the platform:
``/ims/oneroster/rostering/v1p2`` on Beyond-AI, ``/rostering/1.0`` on LearnWith.AI.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING, Generic, TypeVar

from pydantic import BaseModel

from timeback_oneroster._models import WireKeys
from timeback_oneroster._paths import Api

if TYPE_CHECKING:
    from timeback_oneroster._models import WriteModel

__all__ = ["Api", "CollectionSpec", "Listing"]

M = TypeVar("M", bound=BaseModel)
W = TypeVar("W", bound="WriteModel")


@dataclass(frozen=True)
class Listing(Generic[M]):
    """A list endpoint.

    Attributes:
        api: Which API serves it.
        template: Path below the API's base, one ``{}`` per identifier (``/schools/{}/classes``).
        keys: The envelope keys (`WIRE_KEYS` entry) of the records it lists.
        model: The model of one record.
        item: For a collection, the path of one record (``/users/{}``), written out in full
            so that searching for a URL finds its declaration; None for a listing only.
    """

    api: Api
    template: str
    keys: WireKeys
    model: type[M]
    item: str | None = field(default=None, kw_only=True)

    @property
    def item_template(self) -> str:
        """The path of one record (``/users/{}``).

        Raises:
            TypeError: This listing is no collection (a bug in this package).
        """
        if self.item is None:
            raise TypeError(f"{self.template} lists records but reads none")
        return self.item


@dataclass(frozen=True)
class CollectionSpec(Listing[M], Generic[M, W]):
    """A writable collection: its listing plus the write form and the PUT semantics.

    Attributes:
        write_form: The create/replace form (`UserInput`, ...), or its name in
            ``timeback_oneroster._models`` to import it on first use (reading records then
            loads no write forms); the body is wrapped in ``keys.write_key``.
        put_upserts: True when PUT is create-or-replace (gradebook entities);
            False when PUT only updates an existing record and answers 404 otherwise
            (rostering and resources), so that `upsert` must POST after a 404.
    """

    write_form: type[W] | str
    put_upserts: bool = False

    @property
    def input(self) -> type[W]:
        """The create/replace form (`UserInput`, ...), imported if it was given by name."""
        if isinstance(self.write_form, str):
            form: type[W] = getattr(import_module("timeback_oneroster._models"), self.write_form)
            return form
        return self.write_form
