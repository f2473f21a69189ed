"""``client.<service>.with_raw_response``: the parsed result and the HTTP response behind it.

As in openai-python, ``client.oneroster.with_raw_response.users.get(id)`` makes the same call
as ``client.oneroster.users.get(id)`` but returns a `RawResponse`: the status, headers and
request id of the answer, and ``parse()`` for the usual result. It works for every method of
every resource, sync or async, because it wraps the resources rather than each method: the
base client hands each successful answer of the call to the `RawResponse` being built.

A call that sends several requests (an upsert's PUT then POST, a bulk write) keeps them all in
``responses``; the properties describe the last one. A list returns its paginator unchanged
inside the `RawResponse` and sends nothing until iterated; read a list's pages with
``first_page()`` / ``pages()`` instead.
"""

from __future__ import annotations

import contextvars
import functools
import inspect
from collections.abc import Mapping
from typing import Any, Generic, TypeVar

from ._errors import ConfigurationError

__all__ = ["RAW_RESPONSES", "RawResponse", "RawResponseProxy", "record_response"]

T = TypeVar("T")

RAW_RESPONSES: contextvars.ContextVar[list[Any] | None] = contextvars.ContextVar(
    "timeback_raw_responses", default=None
)


def record_response(response: Any) -> None:
    """Called by the base client with each successful `APIResponse` (only costs a look-up)."""
    sink = RAW_RESPONSES.get()
    if sink is not None:
        sink.append(response)


class RawResponse(Generic[T]):
    """A call's parsed result with the HTTP response(s) it came from.

    Attributes:
        responses: Every successful `APIResponse` of the call, in order (empty when the call
            sent nothing, like a list not yet iterated).
    """

    def __init__(self, parsed: T, responses: list[Any]) -> None:
        self._parsed = parsed
        self.responses: tuple[Any, ...] = tuple(responses)

    def parse(self) -> T:
        """The result the method returns without ``with_raw_response``."""
        return self._parsed

    @property
    def http_response(self) -> Any:
        """The last `APIResponse` of the call.

        Raises:
            ConfigurationError: The call sent no request.
        """
        if not self.responses:
            raise ConfigurationError(
                "this call sent no request (a list sends when iterated); there is no response"
            )
        return self.responses[-1]

    @property
    def status_code(self) -> int:
        """The HTTP status of the last response."""
        return int(self.http_response.status_code)

    @property
    def headers(self) -> Mapping[str, str]:
        """The headers of the last response (case-insensitive)."""
        headers: Mapping[str, str] = self.http_response.headers
        return headers

    @property
    def request_id(self) -> str:
        """The ``X-Request-ID`` the SDK sent with the last request (quote it to support)."""
        return str(self.http_response.request_id)

    def __repr__(self) -> str:
        status = self.responses[-1].status_code if self.responses else None
        return f"RawResponse(status_code={status}, responses={len(self.responses)})"


class RawResponseProxy:
    """A service client or resource whose public methods return `RawResponse`.

    Args:
        target: The service client or resource to wrap.
    """

    def __init__(self, target: object) -> None:
        self._target = target

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._target, name)
        if name.startswith("_") or isinstance(value, (str, bytes, int, float, bool, type(None))):
            return value
        if inspect.iscoroutinefunction(value):
            return _async_recording(value)
        if inspect.ismethod(value) or inspect.isfunction(value):
            return _sync_recording(value)
        if callable(value):
            return value
        return RawResponseProxy(value)

    def __repr__(self) -> str:
        return f"{type(self._target).__name__}.with_raw_response"


def _async_recording(method: Any) -> Any:
    @functools.wraps(method)
    async def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
        sink: list[Any] = []
        token = RAW_RESPONSES.set(sink)
        try:
            parsed = await method(*args, **kwargs)
        finally:
            RAW_RESPONSES.reset(token)
        return RawResponse(parsed, sink)

    return call


def _sync_recording(method: Any) -> Any:
    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
        sink: list[Any] = []
        token = RAW_RESPONSES.set(sink)
        try:
            parsed = method(*args, **kwargs)
        finally:
            RAW_RESPONSES.reset(token)
        return RawResponse(parsed, sink)

    return call
