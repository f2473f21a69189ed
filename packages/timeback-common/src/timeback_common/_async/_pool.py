"""`async_open_pool`: the connection pool a client sends through, written once.

The base API client and ``TimebackClient`` (one pool for every service) both take either a pool
of the caller's (``http_client=``) or the options to build one; this checks those options the
same way for both and builds the pool the same way.
"""

from __future__ import annotations

import ssl
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from timeback_common._errors import ConfigurationError
from timeback_common._process_safe import AsyncProcessSafeTransport
from timeback_common._validation import check_instance, check_transport_options

__all__ = ["async_open_pool"]


def async_open_pool(
    *,
    http_client: httpx.AsyncClient | None,
    transport: httpx.AsyncBaseTransport | None,
    timeout: httpx.Timeout,
    headers: Mapping[str, str],
    http2: bool = False,
    proxy: str | httpx.Proxy | None = None,
    verify: ssl.SSLContext | str | bool = True,
    limits: httpx.Limits | None = None,
    event_hooks: Mapping[str, list[Callable[..., Any]]] | None = None,
) -> httpx.AsyncClient:
    """The pool to send through: ``http_client`` when given, else a new process-safe one.

    Args:
        http_client: The caller's pool, used as it is (its owner closes it).
        transport: A transport for the new pool (tests, the emulator in-process).
        timeout: The new pool's default timeout.
        headers: Headers the new pool sends with every request.
        http2: Speak HTTP/2 where offered (needs the ``timeback-common[http2]`` extra).
        proxy: A proxy URL or `httpx.Proxy` for the new pool.
        verify: TLS verification: True, a CA bundle path, an `ssl.SSLContext`, or False.
        limits: Connection pool limits (`httpx.Limits`).
        event_hooks: httpx event hooks of the new pool.

    Returns:
        ``http_client``, or the new pool (which redirects nothing: the SDK follows none).

    Raises:
        ConfigurationError: Both ``http_client`` and ``transport`` were given, ``http_client``
            is not an httpx client, or a pool option is invalid or given with a pool of the
            caller's.
    """
    if http_client is not None and transport is not None:
        raise ConfigurationError("pass either http_client or transport, not both")
    check_instance(http_client, httpx.AsyncClient, "http_client")
    transport_options = check_transport_options(
        http_client=http_client,
        transport=transport,
        http2=http2,
        proxy=proxy,
        verify=verify,
        limits=limits,
        event_hooks=event_hooks,
    )
    if http_client is not None:
        return http_client
    return httpx.AsyncClient(
        transport=transport or AsyncProcessSafeTransport(**transport_options),
        timeout=timeout,
        limits=transport_options["limits"],
        follow_redirects=False,
        headers=dict(headers),
        event_hooks=dict(event_hooks) if event_hooks else None,
    )
