"""Token stores: one access token shared by several processes (workers of one integration).

A `ClientCredentialsAuth` always keeps its token in its in-process `TokenCache`. With a
``token_store=`` it also consults the store before asking the token endpoint, under the store's
cross-process lock: the first process to need a token fetches it and saves it; the others, which
waited on the lock, find it there. So N workers with the same credentials make one token
request, and one more when it expires.

A store keeps only the token, its lifetime and its expiry (wall-clock time), under a key
derived from the token URL, client id, scope and a digest of the secret; never the secret.

A store of your own implements `TokenStore` (``load``, ``save``, ``discard`` and ``lock``); a
Redis version is sketched in the authentication guide.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from timeback_common import ConfigurationError, TokenError, short_repr

__all__ = ["FileTokenStore", "StoredToken", "TokenStore", "store_key"]


@dataclass(frozen=True)
class StoredToken:
    """A token as a store keeps it.

    Attributes:
        value: The access token.
        lifetime: Seconds it was issued for.
        expires_at: When it expires, as ``time.time()`` seconds (wall clock: processes share it).
    """

    value: str
    lifetime: float
    expires_at: float

    def __repr__(self) -> str:
        return f"StoredToken(<hidden>, lifetime={self.lifetime:g})"


@runtime_checkable
class TokenStore(Protocol):
    """Where several processes share tokens. Methods are called from sync and async flows alike
    and should return quickly (an async flow waits for them on its event loop)."""

    def load(self, key: str) -> StoredToken | None:
        """The token saved under ``key``, or None."""

    def save(self, key: str, token: StoredToken) -> None:
        """Save ``token`` under ``key`` (replacing any other)."""

    def discard(self, key: str, value: str) -> None:
        """Forget the token under ``key`` if it is still ``value`` (the API refused it)."""

    def lock(self, key: str) -> contextlib.AbstractContextManager[Any]:
        """A lock across processes, held while one of them fetches the token for ``key``."""


def store_key(token_url: str, client_id: str, scope: str | None, secret_digest: str) -> str:
    """The store key of one set of credentials: a digest, so a file name shows nothing."""
    material = json.dumps([token_url, client_id, scope, secret_digest])
    return hashlib.sha256(material.encode()).hexdigest()[:40]


class FileTokenStore:
    """Tokens in files of one directory, one per credentials, locked with ``filelock``.

    For the worker processes of one machine (gunicorn, Celery, multiprocessing). Each token file
    is created with permissions 0600 and holds only the token, its lifetime and its expiry;
    the secret is never written.

    Args:
        directory: The directory of the token files (created 0700 if missing).
        lock_timeout: Seconds to wait for another process's token request before giving up
            with `TokenError`.

    Raises:
        ConfigurationError: ``filelock`` is not installed (``timeback-auth[filelock]``), or the
            arguments have the wrong type.

    Example:
        >>> store = FileTokenStore("/var/run/myapp/tokens")  # doctest: +SKIP
        >>> client = TimebackClient(env="production", token_store=store)  # doctest: +SKIP
    """

    def __init__(self, directory: str | os.PathLike[str], *, lock_timeout: float = 60.0) -> None:
        if not isinstance(directory, (str, os.PathLike)):
            raise ConfigurationError(f"directory must be a path, not {type(directory).__name__}")
        if (
            isinstance(lock_timeout, bool)
            or not isinstance(lock_timeout, (int, float))
            or not lock_timeout > 0
        ):
            raise ConfigurationError(
                f"lock_timeout must be a positive number, not {short_repr(lock_timeout)}"
            )
        try:
            import filelock  # noqa: F401
        except ImportError:
            raise ConfigurationError(
                "FileTokenStore needs the filelock package: install timeback-auth[filelock]"
            ) from None
        self._directory = Path(directory)
        self._lock_timeout = float(lock_timeout)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self._directory)!r})"

    def _path(self, key: str) -> Path:
        return self._directory / f"timeback-token-{key}.json"

    def _ensure_directory(self) -> None:
        self._directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def load(self, key: str) -> StoredToken | None:
        """The token saved under ``key``; None if there is none or the file is unreadable."""
        try:
            data = json.loads(self._path(key).read_text(encoding="utf-8"))
            return StoredToken(
                value=str(data["value"]),
                lifetime=float(data["lifetime"]),
                expires_at=float(data["expires_at"]),
            )
        except (OSError, ValueError, KeyError, TypeError):
            return None  # missing, half-written by a crashed process, or not ours: fetch anew

    def save(self, key: str, token: StoredToken) -> None:
        """Write ``token`` atomically to a 0600 file (a reader never sees half of it)."""
        self._ensure_directory()
        path = self._path(key)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        body = json.dumps(
            {"value": token.value, "lifetime": token.lifetime, "expires_at": token.expires_at}
        )
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(descriptor, body.encode("utf-8"))
        finally:
            os.close(descriptor)
        os.replace(temporary, path)

    def discard(self, key: str, value: str) -> None:
        """Delete the token file of ``key`` if it still holds ``value``."""
        current = self.load(key)
        if current is not None and current.value == value:
            with contextlib.suppress(OSError):
                self._path(key).unlink()

    @contextlib.contextmanager
    def lock(self, key: str) -> Iterator[None]:
        """Hold the cross-process lock of ``key`` (a ``.lock`` file beside the token's).

        Raises:
            TokenError: Another process held it for longer than ``lock_timeout``.
        """
        import filelock

        self._ensure_directory()
        lock = filelock.FileLock(str(self._path(key)) + ".lock", timeout=self._lock_timeout)
        try:
            lock.acquire()
        except filelock.Timeout:
            raise TokenError(
                f"another process held the token lock for more than {self._lock_timeout:g} s"
            ) from None
        try:
            yield
        finally:
            lock.release()


def now_wall() -> float:
    """Wall-clock seconds, the time base stores share across processes."""
    return time.time()
