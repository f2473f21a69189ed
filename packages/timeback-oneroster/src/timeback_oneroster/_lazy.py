"""What is imported on first use: resource attributes of a client, names of a package. Pure.

A script that reads one page of users should not pay for importing every resource module of
the client (classes, gradebook, courses...). ``client.users`` is therefore a `LazyResource`: the
first access imports its module, builds the resource over the client's HTTP client and paths,
and stores it on the client, where later accesses find it as a plain attribute.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, Generic, TypeVar, overload

from typing_extensions import Self

__all__ = ["LazyResource", "forget_resources", "module_getattr"]

R = TypeVar("R")


class LazyResource(Generic[R]):
    """A resource attribute of a client class, built on first access.

    Args:
        module: The module that defines the resource class.
        name: The resource class, built as ``cls(client._api, client._paths)``.
    """

    def __init__(self, module: str, name: str) -> None:
        self.module = module
        self.name = name
        self.attribute = name

    def __set_name__(self, owner: type, attribute: str) -> None:
        self.attribute = attribute

    @overload
    def __get__(self, client: None, owner: type) -> Self: ...

    @overload
    def __get__(self, client: object, owner: type) -> R: ...

    def __get__(self, client: object, owner: type) -> Self | R:
        if client is None:
            return self
        resource: R = getattr(import_module(self.module), self.name)(
            client._api,  # type: ignore[attr-defined]
            client._paths,  # type: ignore[attr-defined]
        )
        # A non-data descriptor: the instance attribute set here answers every later access.
        client.__dict__[self.attribute] = resource
        return resource


def forget_resources(client: Any) -> None:
    """Drop the resources built so far, so that they are rebuilt over the client's new state.

    A copy of a client (``with_options``) gets a new HTTP client; resources already built
    over the old one must not be shared.
    """
    for klass in type(client).__mro__:
        for attribute, value in vars(klass).items():
            if isinstance(value, LazyResource):
                client.__dict__.pop(attribute, None)


def module_getattr(
    module: str, table: Mapping[str, str], namespace: dict[str, Any]
) -> Callable[[str], Any]:
    """The ``__getattr__`` of a lazy package (PEP 562).

    Args:
        module: The package's ``__name__``.
        table: Each name -> the module defining it (``._x`` is relative to the package).
        namespace: The package's ``globals()``: a name found is stored there, so that later
            look-ups skip ``__getattr__``.
    """

    def __getattr__(name: str) -> Any:
        where = table.get(name)
        if where is None:
            raise AttributeError(f"module {module!r} has no attribute {name!r}")
        value = getattr(import_module(f"{module}{where}" if where.startswith(".") else where), name)
        namespace[name] = value
        return value

    return __getattr__
