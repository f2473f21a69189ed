"""Building requests: paths, URLs, query strings and identifying headers. Pure functions.

Identifiers go into paths percent-encoded with only the RFC 3986 unreserved characters left
literal, so an id such as ``a/b?c#d`` stays one path segment.
Absolute URLs and ``..`` traversal are refused before anything is sent.

Query strings are encoded by httpx, which already does what the platform expects: a literal ``+``
goes out as ``%2B`` and a space as ``+``; the tests hold it to that.
"""

from __future__ import annotations

import platform
import re
import uuid
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from ._errors import ConfigurationError, ErrorIssue, InputValidationError
from ._options import QueryParams
from ._validation import text_problem
from ._version import __version__

__all__ = [
    "build_query",
    "encode_path",
    "encode_segment",
    "join_url",
    "new_request_id",
    "normalize_base_url",
    "user_agent",
]

# "scheme:" (RFC 3986 section 3.1) or a network-path reference "//host".
_ABSOLUTE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.\-]*:|[/\\]{2})")
_DOT_SEGMENTS = frozenset({".", ".."})


def _reject(message: str, path: str | None = None) -> InputValidationError:
    return InputValidationError(message, [ErrorIssue(message=message, path=path)])


def encode_segment(value: str) -> str:
    """Percent-encode one path segment, leaving only ``A-Z a-z 0-9 - . _ ~`` literal.

    Args:
        value: An identifier or other path segment; any unicode text.

    Returns:
        The segment as it goes on the wire (UTF-8, percent-encoded).

    Raises:
        InputValidationError: ``value`` is not a string, is empty, is ``.`` or ``..`` (which
            would address another resource once URLs are normalised), or holds a NUL character
            or an unpaired surrogate.
    """
    if not isinstance(value, str):
        raise _reject(f"a path segment must be a string, not {type(value).__name__}")
    if not value:
        raise _reject("an identifier must not be empty")
    if value in _DOT_SEGMENTS:
        raise _reject(f"{value!r} is not a valid identifier")
    problem = text_problem(value)
    if problem is not None:
        raise _reject(f"an identifier {problem}")
    # quote() with safe="" keeps exactly the unreserved set literal (Python >= 3.7 includes "~").
    return quote(value, safe="")


def _check_path(path: str) -> None:
    if _ABSOLUTE.match(path):
        raise _reject(f"expected a path, got an absolute URL: {path!r}")
    if "?" in path or "#" in path:
        raise _reject(f"a path must not contain '?' or '#' (pass query parameters apart): {path!r}")
    if "." in path and any(part in _DOT_SEGMENTS for part in path.split("/")):
        raise _reject(f"a path must not contain '.' or '..' segments: {path!r}")


def encode_path(template: str, *segments: str) -> str:
    """Fill each ``{}`` of ``template`` with one percent-encoded segment.

    Args:
        template: A path such as ``"/ims/oneroster/rostering/v1p2/users/{}"``; fixed parts are
            used as written.
        *segments: One value per ``{}``, in order; each is encoded with `encode_segment`.

    Returns:
        The encoded path.

    Raises:
        InputValidationError: The template is an absolute URL, holds ``?``, ``#`` or dot
            segments, the number of segments does not match, or a segment is invalid.

    Example:
        >>> encode_path("/users/{}/classes", "a/b c")
        '/users/a%2Fb%20c/classes'
    """
    _check_path(template)
    parts = template.split("{}")
    if len(parts) - 1 != len(segments):
        raise _reject(
            f"path template {template!r} takes {len(parts) - 1} segment(s), got {len(segments)}"
        )
    out = [parts[0]]
    for segment, fixed in zip(segments, parts[1:], strict=True):
        out.append(encode_segment(segment))
        out.append(fixed)
    return "".join(out)


def normalize_base_url(base_url: str) -> str:
    """Check a service base URL and return it without a trailing slash.

    Args:
        base_url: ``http(s)://host[:port][/prefix]``.

    Returns:
        The URL without a trailing ``/``.

    Raises:
        ConfigurationError: The URL is not an absolute http(s) URL, or it carries credentials,
            a query or a fragment.
    """
    if not isinstance(base_url, str) or not base_url.strip():
        raise ConfigurationError("base_url must be a non-empty URL such as https://api.example")
    try:
        url = httpx.URL(base_url.strip())
    except httpx.InvalidURL as exc:
        raise ConfigurationError(f"base_url is not a valid URL: {exc}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(f"base_url must be an absolute http(s) URL, got {base_url!r}")
    if url.userinfo:
        # Credentials in a URL end up in logs and error messages; the auth object carries them.
        raise ConfigurationError("base_url must not contain credentials (user:password@)")
    if url.query or url.fragment:
        raise ConfigurationError("base_url must not contain a query or a fragment")
    return str(url).rstrip("/")


def join_url(base_url: str, path: str) -> str:
    """Append an already-encoded ``path`` to ``base_url`` (as returned by `normalize_base_url`).

    Args:
        base_url: Absolute base URL without a trailing slash; it may carry a path prefix.
        path: A path such as the result of `encode_path`; a leading ``/`` is optional.

    Returns:
        The absolute URL.

    Raises:
        InputValidationError: ``path`` is an absolute URL or holds ``?``, ``#`` or dot segments.
    """
    _check_path(path)
    return join_encoded(base_url, path)


def join_encoded(base_url: str, path: str) -> str:
    """`join_url` without the checks, for a path `encode_path` returned (it checked it)."""
    if not path:
        return base_url
    return f"{base_url}{path}" if path[0] == "/" else f"{base_url}/{path}"


def build_query(
    params: QueryParams | None, extra: Mapping[str, Any] | None = None
) -> dict[str, Any] | None:
    """Merge query parameters with ``extra_query`` and drop the ones whose value is None.

    Dropping None lets resources pass optional arguments straight through
    (``{"limit": limit, "filter": filter}``). Encoding itself is left to httpx.

    Args:
        params: The parameters the SDK sends.
        extra: The caller's ``extra_query``; its keys win.

    Returns:
        The parameters to send, or None when there are none.
    """
    if not params and not extra:
        return None
    merged = {**params} if params else {}
    if extra:
        merged.update(extra)
    return {key: value for key, value in merged.items() if value is not None} or None


def user_agent(service_name: str, service_version: str | None = None) -> str:
    """The ``User-Agent`` the SDK sends, e.g.
    ``timeback-python/0.1.0 oneroster/0.1.0 httpx/0.28.1 python/3.12.1``.

    Args:
        service_name: The service package's short name (``oneroster``).
        service_version: The service package's version, when known.
    """
    service = f"{service_name}/{service_version}" if service_version else service_name
    return (
        f"timeback-python/{__version__} {service} "
        f"httpx/{httpx.__version__} python/{platform.python_version()}"
    )


def new_request_id() -> str:
    """A fresh ``X-Request-ID``: a full UUID4, shared by every retry of one operation."""
    return str(uuid.uuid4())
