"""The error tree of the Timeback SDK.

Every exception a public method of any timeback package raises is a `TimebackError`::

    TimebackError
    ├── ConfigurationError          the client was set up wrongly (missing credentials, bad URL)
    ├── InputValidationError        an argument was rejected before sending (also a ValueError)
    ├── UnsupportedOperationError   the configured platform does not offer this operation
    ├── APIError                    something went wrong talking to the platform
    │   ├── APIConnectionError      the request did not get a response (refused, reset, DNS, TLS)
    │   │   └── APITimeoutError     connect, read, write or pool timeout
    │   ├── APIResponseValidationError  a 2xx body did not have the documented shape
    │   ├── TokenError              the OAuth2 token endpoint refused or failed
    │   └── APIStatusError          the platform answered with a 4xx or 5xx status
    │       ├── BadRequestError             400
    │       ├── AuthenticationError         401
    │       ├── PermissionDeniedError       403
    │       ├── NotFoundError               404
    │       ├── ConflictError               409
    │       ├── UnprocessableEntityError    422
    │       ├── RateLimitError              429 (``retry_after`` in seconds when known)
    │       └── InternalServerError         5xx
    └── (service roots) OneRosterError, EdubridgeError, CaliperError live in their packages

Each service package defines one root class (for example ``OneRosterError``) and every error that
service raises is an instance of both that root and the specific class above: a 404 from OneRoster
is a ``NotFoundError`` *and* a ``OneRosterError``. `service_error_class` builds those combined
classes once and caches them.

Errors never carry secrets: request headers are not stored, and URLs are kept without userinfo.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, TypeVar

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "CircuitOpenError",
    "ConfigurationError",
    "ConflictError",
    "ErrorIssue",
    "ImsStatusInfo",
    "InputValidationError",
    "InternalServerError",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "TimebackError",
    "TokenError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "as_service_error",
    "error_class_for_status",
    "extract_error_message",
    "service_error_class",
    "service_errors",
    "service_input_error",
    "unsupported_platform_message",
]

_RAW_TEXT_LIMIT = 500


@dataclass(frozen=True)
class ErrorIssue:
    """One problem reported by the platform or found by the client.

    Attributes:
        message: What is wrong.
        path: Where it is wrong (a field name or dotted path), when known.
        detail: Extra text the platform gave, when any.
    """

    message: str
    path: str | None = None
    detail: str | None = None

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


@dataclass(frozen=True)
class ImsStatusInfo:
    """A parsed IMS ``imsx_StatusInfo`` error body (OneRoster and 401/403/429 everywhere).

    Attributes:
        code_major: ``imsx_codeMajor`` (``failure`` for errors).
        severity: ``imsx_severity`` (``error`` for errors).
        description: ``imsx_description``, the human-readable message.
        code_minor: The (field name, value) pairs of ``imsx_CodeMinor``, e.g.
            ``[("TargetEndSystem", "unknownobject")]``.
        error_details: ``imsx_error_details`` maps, when present.
    """

    code_major: str | None = None
    severity: str | None = None
    description: str | None = None
    code_minor: tuple[tuple[str, str], ...] = ()
    error_details: tuple[Mapping[str, str], ...] = ()

    @property
    def code_minor_values(self) -> tuple[str, ...]:
        """Just the minor code values, e.g. ``("invalid_filter_field",)``."""
        return tuple(value for _, value in self.code_minor)

    @classmethod
    def from_body(cls, body: object) -> ImsStatusInfo | None:
        """Parse an imsx body; return None when ``body`` is not one."""
        if not isinstance(body, Mapping) or "imsx_codeMajor" not in body:
            return None
        minors: list[tuple[str, str]] = []
        raw_minor = body.get("imsx_CodeMinor")
        if isinstance(raw_minor, Mapping):
            fields = raw_minor.get("imsx_codeMinorField")
            if isinstance(fields, Mapping):
                fields = [fields]
            if isinstance(fields, Sequence) and not isinstance(fields, str):
                for item in fields:
                    if isinstance(item, Mapping):
                        minors.append(
                            (
                                str(item.get("imsx_codeMinorFieldName", "TargetEndSystem")),
                                str(item.get("imsx_codeMinorFieldValue", "")),
                            )
                        )
        details: list[Mapping[str, str]] = []
        raw_details = body.get("imsx_error_details")
        if isinstance(raw_details, Sequence) and not isinstance(raw_details, str):
            details = [
                {str(k): str(v) for k, v in d.items()}
                for d in raw_details
                if isinstance(d, Mapping)
            ]
        return cls(
            code_major=_str_or_none(body.get("imsx_codeMajor")),
            severity=_str_or_none(body.get("imsx_severity")),
            description=_str_or_none(body.get("imsx_description")),
            code_minor=tuple(minors),
            error_details=tuple(details),
        )


def _str_or_none(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _parse_issues(body: object) -> tuple[ErrorIssue, ...]:
    """Edubridge ``errors[]`` (with ``meta.issues``) and Caliper ``errors`` lists as issues."""
    if not isinstance(body, Mapping):
        return ()
    raw = body.get("errors")
    if not isinstance(raw, Sequence) or isinstance(raw, str):
        return ()
    issues: list[ErrorIssue] = []
    for item in raw:
        if isinstance(item, str):
            issues.append(ErrorIssue(message=item))
            continue
        if not isinstance(item, Mapping):
            continue
        message = _str_or_none(item.get("message")) or ""
        detail = _str_or_none(item.get("detail"))
        path = item.get("path")
        meta = item.get("meta")
        nested = meta.get("issues") if isinstance(meta, Mapping) else None
        if isinstance(nested, Sequence) and not isinstance(nested, str) and nested:
            for sub in nested:
                if isinstance(sub, Mapping):
                    sub_path = sub.get("path")
                    if isinstance(sub_path, Sequence) and not isinstance(sub_path, str):
                        sub_path = ".".join(str(p) for p in sub_path)
                    issues.append(
                        ErrorIssue(
                            message=str(sub.get("message", message)),
                            path=str(sub_path) if sub_path is not None else None,
                            detail=detail,
                        )
                    )
        else:
            if isinstance(path, Sequence) and not isinstance(path, str):
                path = ".".join(str(p) for p in path)
            issues.append(
                ErrorIssue(
                    message=message or (detail or ""),
                    path=str(path) if path is not None else None,
                    detail=detail if detail != message else None,
                )
            )
    return tuple(issues)


def extract_error_message(status_code: int, body: object, text: str | None = None) -> str:
    """Pick the most useful message from an error body, whichever service sent it.

    Order: ``message`` -> ``error`` -> ``imsx_description`` -> Edubridge ``errors[0]`` (its
    message, its detail when different, then ``path: message`` of each issue, joined with
    `` - ``) -> the first 500 characters of the raw text -> ``HTTP <status>``.
    """
    if isinstance(body, Mapping):
        for key in ("message", "error", "imsx_description"):
            value = body.get(key)
            if isinstance(value, str) and value.strip():
                return value
        errors = body.get("errors")
        if isinstance(errors, Sequence) and not isinstance(errors, str) and errors:
            first = errors[0]
            if isinstance(first, str):
                return first
            if isinstance(first, Mapping):
                parts: list[str] = []
                message = _str_or_none(first.get("message"))
                detail = _str_or_none(first.get("detail"))
                if message:
                    parts.append(message)
                if detail and detail != message:
                    parts.append(detail)
                meta = first.get("meta")
                nested = meta.get("issues") if isinstance(meta, Mapping) else None
                if isinstance(nested, Sequence) and not isinstance(nested, str):
                    for sub in nested:
                        if isinstance(sub, Mapping):
                            parts.append(f"{sub.get('path')}: {sub.get('message')}")
                if parts:
                    return " - ".join(parts)
    if text and text.strip():
        return text.strip()[:_RAW_TEXT_LIMIT]
    return f"HTTP {status_code}"


class TimebackError(Exception):
    """Root of every error raised by the Timeback SDK.

    Every error of the tree pickles to an equal error (same class, message and attributes), so
    it crosses process boundaries (``multiprocessing``, ``ProcessPoolExecutor``, task queues).
    """

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls ``cls(*args)``, which fails for classes with keyword-only
        # arguments, and a combined class built at run time cannot be found by name: rebuild
        # the instance without calling __init__ and restore its attributes instead.
        cls = type(self)
        combined = cls.__dict__.get("_combines")
        return (_rebuild_error, (combined or cls, self.args), self.__dict__ or None)


def _rebuild_error(
    cls: type[TimebackError] | tuple[type[TimebackError], type[TimebackError]],
    args: tuple[Any, ...],
) -> TimebackError:
    """Unpickle a `TimebackError` (a combined class is given as its (root, specific) pair)."""
    if isinstance(cls, tuple):
        cls = service_error_class(*cls)
    error = cls.__new__(cls, *args)
    error.args = args
    return error


class ConfigurationError(TimebackError):
    """The client was configured wrongly; the message names what is missing or invalid."""


class InputValidationError(TimebackError, ValueError):
    """An argument was rejected before any request was sent.

    Attributes:
        issues: One entry per problem, each naming the offending field in ``path``.
    """

    def __init__(self, message: str, issues: Sequence[ErrorIssue] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.issues = tuple(issues)


class UnsupportedOperationError(TimebackError):
    """The configured platform does not offer this operation; nothing was sent."""


class APIError(TimebackError):
    """Something went wrong while talking to the platform.

    Attributes:
        message: Human-readable summary.
        method: HTTP method of the failed request, when there was one.
        url: URL of the failed request (never containing credentials).
        request_id: The ``X-Request-ID`` of the operation, shared by all of its retries.
    """

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url
        self.request_id = request_id

    def __str__(self) -> str:
        where = f" ({self.method} {self.url})" if self.method and self.url else ""
        rid = f" [request id {self.request_id}]" if self.request_id else ""
        return f"{self.message}{where}{rid}"


class APIConnectionError(APIError):
    """No response was received: connection refused or reset, DNS or TLS failure."""


class APITimeoutError(APIConnectionError):
    """A connect, read, write or pool timeout expired."""


class CircuitOpenError(APIError):
    """The circuit breaker of the service's host is open: the call failed at once, unsent.

    The host failed repeatedly (connection failures, timeouts, 429 or 5xx answers); calls are
    refused until ``retry_in`` seconds have passed, then one probe call is let through.

    Attributes:
        retry_in: Seconds until the breaker lets a probe through.
    """

    def __init__(self, message: str, *, retry_in: float = 0.0, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_in = retry_in


class APIResponseValidationError(APIError):
    """A successful response did not have the documented shape.

    Attributes:
        status_code: The HTTP status of the response.
        body: The parsed body (or raw text) that failed validation.
        issues: What did not match, by field path.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: object = None,
        issues: Sequence[ErrorIssue] = (),
        method: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url, request_id=request_id)
        self.status_code = status_code
        self.body = body
        self.issues = tuple(issues)


class TokenError(APIError):
    """The OAuth2 token endpoint refused the credentials or failed.

    Attributes:
        status_code: HTTP status from the token endpoint (None when no response arrived).
        body: The response text, truncated; it never contains the client secret.
        error_code: The RFC 6749 ``error`` member (e.g. ``invalid_client``), when present.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        body: str | None = None,
        error_code: str | None = None,
        method: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url, request_id=request_id)
        self.status_code = status_code
        self.body = body
        self.error_code = error_code


class APIStatusError(APIError):
    """The platform answered with an error status.

    Attributes:
        status_code: The HTTP status.
        body: The parsed JSON body, or the raw text when it was not JSON, or None when empty.
        ims: The parsed ``imsx_StatusInfo`` when the body was one.
        issues: Edubridge ``errors[]`` / Caliper ``errors`` entries, flattened.
        headers: The response headers.
    """

    def __init__(
        self,
        message: str,
        *,
        status_code: int,
        body: object = None,
        headers: Mapping[str, str] | None = None,
        method: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, method=method, url=url, request_id=request_id)
        self.status_code = status_code
        self.body = body
        self.headers: Mapping[str, str] = dict(headers or {})
        self.ims = ImsStatusInfo.from_body(body)
        self.issues = _parse_issues(body)

    @property
    def code_minor(self) -> tuple[str, ...]:
        """The IMS minor codes (e.g. ``("unknownobject",)``), empty when not an IMS body."""
        return self.ims.code_minor_values if self.ims else ()

    def __str__(self) -> str:
        return f"HTTP {self.status_code}: {super().__str__()}"


class BadRequestError(APIStatusError):
    """400: the request was malformed (bad filter, fields, limit, JSON)."""


class AuthenticationError(APIStatusError):
    """401: the token was missing, invalid or expired (after one refresh-and-replay)."""


class PermissionDeniedError(APIStatusError):
    """403: the token is valid but lacks the scope or tenant rights."""


class NotFoundError(APIStatusError):
    """404: the object (or the parent of a scoped listing) does not exist."""


class ConflictError(APIStatusError):
    """409: the object already exists."""


class UnprocessableEntityError(APIStatusError):
    """422: well-formed input that failed the platform's validation."""


class RateLimitError(APIStatusError):
    """429: rate limited.

    Attributes:
        retry_after: Seconds the platform asked to wait, when it said (``Retry-After``).
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class InternalServerError(APIStatusError):
    """5xx: the platform or a gateway failed."""


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def error_class_for_status(status_code: int) -> type[APIStatusError]:
    """The most specific `APIStatusError` subclass for an HTTP status."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)


@dataclass
class _CombinedClassCache:
    lock: threading.Lock = field(default_factory=threading.Lock)
    classes: dict[tuple[type[TimebackError], type[TimebackError]], type[Any]] = field(
        default_factory=dict
    )


_combined = _CombinedClassCache()


E = TypeVar("E", bound=TimebackError)


def service_error_class(service_root: type[TimebackError], specific: type[E]) -> type[E]:
    """The class that is both ``service_root`` and ``specific`` (built once, then cached).

    ``service_error_class(OneRosterError, NotFoundError)`` is a class named
    ``OneRosterNotFoundError`` deriving from both, so callers can catch either.

    Args:
        service_root: The service's root error class, e.g. ``OneRosterError``.
        specific: A class of this module's tree, e.g. ``NotFoundError``.

    Returns:
        The combined class; ``specific`` itself when it already derives from ``service_root``.
    """
    if issubclass(specific, service_root):
        return specific
    key = (service_root, specific)
    cls = _combined.classes.get(key)
    if cls is not None:
        return cls
    with _combined.lock:
        cls = _combined.classes.get(key)
        if cls is None:
            prefix = service_root.__name__.removesuffix("Error")
            name = f"{prefix}{specific.__name__}"
            cls = type(
                name,
                (specific, service_root),
                {
                    "__module__": service_root.__module__,
                    "__doc__": specific.__doc__,
                    "_combines": key,  # how pickle finds the class again
                },
            )
            _combined.classes[key] = cls
    return cls


def service_input_error(
    service_root: type[TimebackError], message: str, *issues: ErrorIssue
) -> InputValidationError:
    """An `InputValidationError` that is also ``service_root`` (returned, not raised).

    Args:
        service_root: The service's root error class, e.g. ``EdubridgeError``.
        message: What is wrong, naming the arguments involved.
        *issues: One per problem, each naming its argument in ``path``; defaults to one issue
            carrying ``message``.

    Returns:
        The error, an instance of ``service_error_class(service_root, InputValidationError)``.

    Example:
        >>> error = service_input_error(TimebackError, "limit must be positive")
        >>> isinstance(error, InputValidationError), error.issues[0].message
        (True, 'limit must be positive')
    """
    cls = service_error_class(service_root, InputValidationError)
    return cls(message, issues or (ErrorIssue(message),))


def unsupported_platform_message(service: str, platform: object, offered_on: Iterable[str]) -> str:
    """Why a call was refused on a platform that does not offer the service.

    Args:
        service: The service's name as users know it (``PowerPath``).
        platform: The configured platform.
        offered_on: The platforms that offer the service (none: the hint is left out).

    Returns:
        The message, saying that nothing was sent and which platforms to use instead.

    Example:
        >>> unsupported_platform_message("PowerPath", "learnwith-ai", ["beyond-ai"])
        "the learnwith-ai platform does not offer PowerPath; nothing was sent. Use platform='beyond-ai' for PowerPath."
    """  # noqa: E501
    if not isinstance(platform, str):  # a bounded repr: any value must make a message
        from ._validation import short_repr  # here: that module imports this one

        platform = short_repr(platform)
    message = f"the {platform} platform does not offer {service}; nothing was sent."
    choices = " or ".join(f"platform={name!r}" for name in offered_on)
    return f"{message} Use {choices} for {service}." if choices else message


def as_service_error(exc: E, service_root: type[TimebackError]) -> E:
    """The same error as an instance of both its own class and ``service_root``.

    Pure helpers raise the plain classes of this tree; a service passes what they raise
    through here so that ``except OneRosterError`` (its root) catches it too.

    Args:
        exc: An error of the SDK's tree.
        service_root: The service's root error class, e.g. ``OneRosterError``.

    Returns:
        ``exc`` itself when it already is a ``service_root``; otherwise a copy (same message,
        arguments and every attribute: issues, body, status, request id) whose class derives
        from ``type(exc)`` and ``service_root``.
    """
    if isinstance(exc, service_root):
        return exc
    cls = service_error_class(service_root, type(exc))
    # Copy rather than re-construct: the classes of the tree take different constructor
    # arguments, and every attribute must survive.
    combined = cls.__new__(cls, *exc.args)
    combined.__dict__.update(exc.__dict__)
    combined.args = exc.args
    return combined


class service_errors:  # lower case: used like a function, ``with service_errors(Root):``
    """Re-raise any `TimebackError` raised inside the block as an instance of a service root.

    A class rather than ``@contextmanager``: its ``__exit__`` is typed to return None, so type
    checkers know that it never swallows an exception.

    Args:
        service_root: The service's root error class, e.g. ``OneRosterError``.

    Raises:
        TimebackError: The error raised in the block, as returned by `as_service_error`.

    Example:
        >>> with service_errors(OneRosterError):  # doctest: +SKIP
        ...     body = to_wire_body(data, UserInput)
    """

    __slots__ = ("_root",)

    def __init__(self, service_root: type[TimebackError]) -> None:
        self._root = service_root

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if isinstance(exc, TimebackError) and not isinstance(exc, self._root):
            raise as_service_error(exc, self._root).with_traceback(tb) from None
