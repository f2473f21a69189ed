"""Argument checks shared by every client: options, lists, ids and text. Pure functions.

Public methods call these before anything is sent, so a wrong argument ends in a typed error
naming it instead of a builtin exception from deep inside httpx, pydantic or the ``json`` module:

- `check_client_options`: ``timeout``, ``max_retries`` and ``default_headers`` of a client
  (at construction and in ``with_options``), raising `ConfigurationError`;
- `check_request_options`: the per-call `RequestOptions`, raising `InputValidationError`;
- `check_identifiers`: the identifier arguments of a call (path segments, ids in a query or a
  body), each a non-empty string, checked under its argument's name;
- `check_many`: a parameter that takes many ids or records refuses one ``str``, ``bytes`` or
  mapping (iterating ``"abc"`` would act on ``a``, ``b`` and ``c``) and anything not iterable;
- `text_problem` / `check_text`: ids and text fields holding a NUL character or an unpaired
  surrogate (which cannot be encoded as UTF-8) are refused.
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._errors import (
    ConfigurationError,
    ErrorIssue,
    InputValidationError,
    TimebackError,
    service_input_error,
)

__all__ = [
    "check_client_options",
    "check_headers",
    "check_identifiers",
    "check_instance",
    "check_many",
    "check_max_retries",
    "check_request_arguments",
    "check_request_options",
    "check_text",
    "check_text_arguments",
    "check_timeout",
    "check_transport_options",
    "dump_model",
    "json_problem",
    "short_repr",
    "text_problem",
]

if TYPE_CHECKING:
    from pydantic import BaseModel

E = TypeVar("E", bound=TimebackError)

_NOT_GIVEN: Any = object()

# RFC 9110 token characters for header names; values are visible ASCII, space and tab (httpx
# encodes header values as ASCII, and CR/LF/NUL would split or end a header).
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_HEADER_VALUE = re.compile(r"[\t\x20-\x7e]*")
_TIMEOUT_PHASES = ("connect", "read", "write", "pool")

MAX_JSON_DEPTH = 200
"""Deepest nesting of objects and arrays a request body may have (records nest a few levels;
far deeper input is an accident or an attack, and would overflow encoders on either side)."""


_SHORT = reprlib.Repr()
_SHORT.maxlevel = 3
_SHORT.maxstring = 80
_SHORT.maxother = 80


def short_repr(value: object) -> str:
    """A bounded ``repr`` for error messages: never deeper than 3 levels nor very long.

    A plain ``{value!r}`` of a value nested thousands deep raises ``RecursionError`` (and a
    huge one makes a huge message); this never does.
    """
    return _SHORT.repr(value)


def dump_model(model: BaseModel, **options: Any) -> dict[str, Any]:
    """``model.model_dump(**options)``, with a value nested past the serializer's depth limit
    reported as `InputValidationError` instead of pydantic's ``ValueError``.

    Raises:
        InputValidationError: The model cannot be serialized; the message names the model.
    """
    try:
        return model.model_dump(**options)
    except (ValueError, RecursionError) as exc:
        name = type(model).__name__
        message = f"a value nests too deeply or cannot be serialized ({type(exc).__name__})"
        raise InputValidationError(
            f"invalid {name}: {message}", [ErrorIssue(message=message)]
        ) from None


def _error(cls: type[E], message: str, path: str | None) -> E:
    if issubclass(cls, InputValidationError):
        return cls(message, [ErrorIssue(message=message, path=path)])
    return cls(message)


def text_problem(value: str) -> str | None:
    """What makes ``value`` unusable as an id or text field, or None when it is fine.

    Args:
        value: The text.

    Returns:
        ``"contains a NUL character"``, ``"contains an unpaired surrogate (U+XXXX)"`` or None.
    """
    if "\x00" in value:
        return "contains a NUL character"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        code = ord(value[exc.start])
        return f"contains an unpaired surrogate (U+{code:04X}) and cannot be sent as UTF-8"
    return None


def json_problem(value: object, max_depth: int = MAX_JSON_DEPTH) -> ErrorIssue | None:
    """The first reason a JSON body cannot be sent, or None.

    Walks objects and arrays without recursion: nesting deeper than ``max_depth``, and keys or
    strings holding a NUL character or an unpaired surrogate, are problems.

    Args:
        value: The body (dicts, lists, tuples, scalars).
        max_depth: The deepest nesting allowed.

    Returns:
        An issue whose ``path`` is the dotted location (``metadata.tags[2]``), or None.
    """
    stack: list[tuple[object, str, int]] = [(value, "", 0)]
    while stack:
        item, path, depth = stack.pop()
        if isinstance(item, str):
            problem = text_problem(item)
            if problem is not None:
                return ErrorIssue(message=f"the text {problem}", path=path or None)
        elif isinstance(item, (Mapping, list, tuple)):
            if depth >= max_depth:
                return ErrorIssue(
                    message=f"nests deeper than {max_depth} levels", path=path[:200] or None
                )
            if isinstance(item, Mapping):
                for key, member in item.items():
                    where = f"{path}.{key}" if path else str(key)
                    if isinstance(key, str):
                        problem = text_problem(key)
                        if problem is not None:
                            return ErrorIssue(message=f"a member name {problem}", path=path or None)
                    stack.append((member, where, depth + 1))
            else:
                for index, member in enumerate(item):
                    stack.append((member, f"{path}[{index}]", depth + 1))
    return None


def check_text(value: str, name: str, error: type[E] = InputValidationError) -> str:  # type: ignore[assignment]
    """``value`` when it holds no NUL character and no unpaired surrogate.

    Args:
        value: An id or text field.
        name: The argument's name, for the message.
        error: The error class to raise.

    Returns:
        ``value`` unchanged.

    Raises:
        InputValidationError: (or ``error``) ``value`` cannot be sent.
    """
    problem = text_problem(value)
    if problem is not None:
        raise _error(error, f"{name} {problem}", name)
    return value


def check_identifiers(service_root: type[TimebackError], /, **identifiers: object) -> list[str]:
    """The identifier arguments of a call, each checked under its argument's name.

    An identifier (a path segment, or an id sent in a query or a body) must be a string that is
    not blank and holds no NUL character and no unpaired surrogate. Every argument is checked
    before the error is raised, so it names all the bad ones at once.

    Args:
        service_root: The service's root error class, e.g. ``PowerPathError``.
        **identifiers: The identifiers by their argument's name, in path order.

    Returns:
        The identifiers, in the order given (ready as the ``*segments`` of a request).

    Raises:
        InputValidationError: (also ``service_root``) one issue per bad identifier, its
            ``path`` the argument's name; nothing was sent.

    Example:
        >>> check_identifiers(TimebackError, student="s-1", lesson="l-1")
        ['s-1', 'l-1']
    """
    checked: list[str] = []
    issues: list[ErrorIssue] = []
    for name, value in identifiers.items():
        if isinstance(value, str) and value.strip():
            problem = text_problem(value)
            checked.append(value)
        else:
            problem = f"must be a non-empty string, got {short_repr(value)}"
        if problem is not None:
            issues.append(ErrorIssue(f"{name} {problem}", name))
    if issues:
        described = "; ".join(issue.message for issue in issues)
        raise service_input_error(service_root, f"{described}; nothing was sent", *issues)
    return checked


def check_many(value: object, name: str, error: type[E] = InputValidationError) -> None:  # type: ignore[assignment]
    """Refuse a single value given where many ids or records belong.

    A ``str`` or ``bytes`` would be iterated character by character and a mapping key by key;
    a pydantic model is one record. Iterables (lists, tuples, generators, async iterables) pass.

    Args:
        value: The argument.
        name: The argument's name, for the message.
        error: The error class to raise.

    Raises:
        InputValidationError: (or ``error``) ``value`` is one value or not iterable.
    """
    if isinstance(value, (str, bytes, bytearray, memoryview)):
        raise _error(
            error,
            f"{name} must be a list (or other iterable) of values, not a single "
            f"{type(value).__name__}; wrap one value in a list: [{short_repr(value)}]",
            name,
        )
    if isinstance(value, Mapping) or hasattr(type(value), "model_fields"):
        raise _error(
            error,
            f"{name} must be a list (or other iterable) of records, not a single "
            f"{type(value).__name__}; wrap one record in a list",
            name,
        )
    if getattr(value, "__iter__", None) is None and getattr(value, "__aiter__", None) is None:
        raise _error(
            error,
            f"{name} must be a list (or other iterable), not {type(value).__name__}",
            name,
        )


def _seconds(value: object) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, (int, float))
        and math.isfinite(value)
        and value >= 0
    )


def check_timeout(value: object, name: str, error: type[E] = InputValidationError) -> None:  # type: ignore[assignment]
    """Refuse a timeout that is not None, seconds >= 0 or an `httpx.Timeout` of such values.

    Raises:
        InputValidationError: (or ``error``) naming ``name``.
    """
    import httpx  # not at module level: models use this module without needing httpx

    if value is None or _seconds(value):
        return
    if isinstance(value, httpx.Timeout):
        for phase in _TIMEOUT_PHASES:
            seconds = getattr(value, phase)
            if seconds is not None and not _seconds(seconds):
                raise _error(
                    error,
                    f"{name}.{phase} must be a number of seconds >= 0 or None, "
                    f"got {short_repr(seconds)}",
                    name,
                )
        return
    raise _error(
        error,
        f"{name} must be a number of seconds >= 0, an httpx.Timeout or None, "
        f"got {short_repr(value)}",
        name,
    )


def check_max_retries(value: object, name: str, error: type[E] = InputValidationError) -> None:  # type: ignore[assignment]
    """Refuse a number of retries that is not an integer >= 0.

    Raises:
        InputValidationError: (or ``error``) naming ``name``.
    """
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _error(error, f"{name} must be an integer >= 0, got {short_repr(value)}", name)


def check_headers(value: object, name: str, error: type[E] = InputValidationError) -> None:  # type: ignore[assignment]
    """Refuse headers that are not a mapping of header names to ASCII text values.

    Raises:
        InputValidationError: (or ``error``) naming ``name`` and the offending header.
    """
    if not isinstance(value, Mapping):
        raise _error(
            error,
            f"{name} must be a mapping of header names to values, not {type(value).__name__}",
            name,
        )
    for key, item in value.items():
        if not isinstance(key, str) or not _HEADER_NAME.fullmatch(key):
            raise _error(error, f"{name} has an invalid header name {short_repr(key)}", name)
        if not isinstance(item, str) or not _HEADER_VALUE.fullmatch(item):
            # The value may be a credential: name the header, never show the value.
            raise _error(
                error,
                f"{name}[{short_repr(key)}] must be a string of printable ASCII characters",
                f"{name}.{key}",
            )


def check_client_options(
    *,
    timeout: object = _NOT_GIVEN,
    max_retries: object = None,
    default_headers: object = None,
) -> None:
    """Check a client's default options (at construction and in ``with_options``).

    Args:
        timeout: The default timeout, when given (`NOT_GIVEN`, or left out: not given).
        max_retries: The default number of retries, when given (None: not given).
        default_headers: Headers sent with every request, when given (None: not given).

    Raises:
        ConfigurationError: An option has the wrong type or value; the message names it.
    """
    # Imported here: the settings module, which the sentinel's module builds on, imports this one.
    from ._service import NotGiven

    if timeout is not _NOT_GIVEN and not isinstance(timeout, NotGiven):
        check_timeout(timeout, "timeout", ConfigurationError)
    if max_retries is not None:
        check_max_retries(max_retries, "max_retries", ConfigurationError)
    if default_headers is not None:
        check_headers(default_headers, "default_headers", ConfigurationError)


def check_request_options(options: Mapping[str, Any]) -> None:
    """Check the values of per-call `RequestOptions` (the keys are checked by the client).

    Args:
        options: The caller's options.

    Raises:
        InputValidationError: An option has the wrong type or value; the message names it.
    """
    if "timeout" in options:
        check_timeout(options["timeout"], "timeout")
    if "max_retries" in options:
        check_max_retries(options["max_retries"], "max_retries")
    if options.get("extra_headers") is not None:
        check_headers(options["extra_headers"], "extra_headers")
    for key in ("extra_query", "extra_body"):
        value = options.get(key)
        if value is not None and not isinstance(value, Mapping):
            raise _error(
                InputValidationError,
                f"{key} must be a mapping, not {type(value).__name__}",
                key,
            )
        if value is not None and not all(isinstance(k, str) for k in value):
            raise _error(InputValidationError, f"{key} keys must be strings", key)
    if "idempotent" in options and not isinstance(options["idempotent"], bool):
        raise _error(
            InputValidationError,
            f"idempotent must be True or False, got {short_repr(options['idempotent'])}",
            "idempotent",
        )


def check_request_arguments(
    method: object, path: object, headers: object, options: object, content: object
) -> None:
    """Check the arguments of the base client's ``request`` that are not sent as they are.

    Args:
        method: The HTTP method: a string.
        path: The path template: a string.
        headers: Extra headers: a mapping of names to ASCII text, or None.
        options: `RequestOptions`: a mapping, or None.
        content: A raw body: bytes, a string or None.

    Raises:
        InputValidationError: An argument has the wrong type or value; the message names it.
    """
    for name, value in (("method", method), ("path", path)):
        if not isinstance(value, str):
            raise _error(
                InputValidationError,
                f"{name} must be a string, not {type(value).__name__}",
                name,
            )
        check_text(value, name)
    if headers is not None:
        check_headers(headers, "headers")
    if content is not None and not isinstance(content, (bytes, str)):
        raise _error(
            InputValidationError,
            f"content must be bytes or a string, not {type(content).__name__}",
            "content",
        )
    if options is not None:
        if not isinstance(options, Mapping) or not all(isinstance(k, str) for k in options):
            raise _error(
                InputValidationError,
                f"options must be a mapping of option names, not {type(options).__name__}",
                "options",
            )
        check_request_options(options)


def check_instance(value: object, expected: type, name: str) -> None:
    """Refuse a value given (not None) that is not an instance of ``expected``.

    Raises:
        ConfigurationError: naming ``name`` and the type expected.
    """
    if value is not None and not isinstance(value, expected):
        raise ConfigurationError(
            f"{name} must be {expected.__module__.split('.')[0]}.{expected.__qualname__}, "
            f"not {type(value).__name__}"
        )


def check_text_arguments(**values: object) -> None:
    """Refuse configuration text that is not a string or cannot be sent (None: not given).

    Raises:
        ConfigurationError: naming the argument; a value is never shown (it may be a secret).
    """
    for name, value in values.items():
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConfigurationError(f"{name} must be a string, not {type(value).__name__}")
        problem = text_problem(value)
        if problem is not None:
            raise ConfigurationError(f"{name} {problem}")


def check_transport_options(
    *,
    http_client: object,
    transport: object,
    http2: object,
    proxy: object,
    verify: object,
    limits: object,
    event_hooks: object,
) -> dict[str, Any]:
    """Check the connection-pool options; the keyword arguments of the SDK's own transport.

    Raises:
        ConfigurationError: An option has the wrong type, one was given together with
            ``http_client=`` or ``transport=`` (which bring their own pool), or ``http2=True``
            without the ``h2`` package.
    """
    import ssl

    import httpx

    from ._options import DEFAULT_LIMITS

    given = [
        name
        for name, value, default in (
            ("http2", http2, False),
            ("proxy", proxy, None),
            ("verify", verify, True),
            ("limits", limits, None),
        )
        if value is not default
    ]
    if given and (http_client is not None or transport is not None):
        brought = "http_client" if http_client is not None else "transport"
        raise ConfigurationError(
            f"{', '.join(given)} configure the connection pool the SDK creates; with "
            f"{brought}= set them on the pool you pass instead"
        )
    if event_hooks is not None and http_client is not None:
        raise ConfigurationError(
            "event_hooks configure the httpx client the SDK creates; with http_client= set "
            "them on the client you pass instead"
        )
    if not isinstance(http2, bool):
        raise ConfigurationError(f"http2 must be True or False, not {short_repr(http2)}")
    if http2:
        from importlib.util import find_spec

        if find_spec("h2") is None:
            raise ConfigurationError(
                "http2=True needs the h2 package: install timeback-common[http2]"
            )
    if proxy is not None and not isinstance(proxy, (str, httpx.Proxy, httpx.URL)):
        raise ConfigurationError(
            f"proxy must be a URL string or an httpx.Proxy, not {short_repr(proxy)}"
        )
    if not isinstance(verify, (bool, str, ssl.SSLContext)):
        raise ConfigurationError(
            "verify must be True, False, a CA bundle path or an ssl.SSLContext, "
            f"not {short_repr(verify)}"
        )
    if limits is not None and not isinstance(limits, httpx.Limits):
        raise ConfigurationError(f"limits must be an httpx.Limits, not {short_repr(limits)}")
    if event_hooks is not None:
        if not isinstance(event_hooks, Mapping) or not set(event_hooks) <= {"request", "response"}:
            raise ConfigurationError(
                'event_hooks must be a mapping with "request" and/or "response" keys'
            )
        for key, hooks in event_hooks.items():
            if not isinstance(hooks, (list, tuple)) or not all(callable(h) for h in hooks):
                raise ConfigurationError(f"event_hooks[{key!r}] must be a list of callables")
    options: dict[str, Any] = {"limits": limits if limits is not None else DEFAULT_LIMITS}
    if http2:
        options["http2"] = True
    if proxy is not None:
        try:
            options["proxy"] = proxy if isinstance(proxy, httpx.Proxy) else httpx.Proxy(proxy)
        except Exception as exc:  # httpx refuses a URL it cannot use in several ways
            raise ConfigurationError(
                f"proxy {short_repr(proxy)} is not a usable proxy URL ({type(exc).__name__})"
            ) from None
    if isinstance(verify, str):
        # A CA bundle is read now, so a wrong path fails here with its name, not later
        # inside httpx with an OSError.
        try:
            options["verify"] = ssl.create_default_context(cafile=verify)
        except (OSError, ValueError, ssl.SSLError) as exc:
            raise ConfigurationError(
                f"verify: the CA bundle {short_repr(verify)} cannot be read ({type(exc).__name__})"
            ) from None
    elif verify is not True:
        options["verify"] = verify
    return options
