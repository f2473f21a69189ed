"""Reading responses: the `APIResponse` wrapper, error mapping and model parsing. Pure.

Error mapping classifies by HTTP status first and reads the body second, because gateways answer
errors in their own formats: a 502 whose body is an HTML page is an ``InternalServerError`` with
that text as body, never a JSON parse error. Every error is built as
``service_error_class(service_root, specific)`` so that a service's errors are instances of its root
(``OneRosterError``) and of the status class.

Parsing helpers turn pydantic's ``ValidationError`` and missing envelope keys into the SDK's own
errors, naming the offending fields, so no pydantic or ``KeyError`` exception escapes.
"""

from __future__ import annotations

import json as jsonlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from ._errors import (
    APIResponseValidationError,
    APIStatusError,
    ErrorIssue,
    InputValidationError,
    RateLimitError,
    TimebackError,
    error_class_for_status,
    extract_error_message,
    service_error_class,
)
from ._retry import parse_retry_after

__all__ = [
    "BARE_ID_ERROR",
    "APIResponse",
    "build_status_error",
    "extract_key",
    "issue_path",
    "parse_model",
    "parse_models",
    "validate_input",
    "validation_issues",
]

M = TypeVar("M", bound=BaseModel)

_NOT_PARSED: Any = object()


class APIResponse:
    """A successful response, with the request it answered.

    Attributes:
        http_response: The underlying ``httpx.Response`` (an escape hatch; prefer the members
            below).
        method: The HTTP method of the request.
        url: The absolute URL requested.
        request_id: The ``X-Request-ID`` sent with the request (the same on every retry).
    """

    __slots__ = ("_json", "http_response", "method", "request_id", "service_error", "url")

    def __init__(
        self,
        http_response: httpx.Response,
        *,
        method: str,
        url: str,
        request_id: str,
        service_error: type[TimebackError] = TimebackError,
    ) -> None:
        self.http_response = http_response
        self.method = method
        self.url = url
        self.request_id = request_id
        self.service_error = service_error
        self._json: Any = _NOT_PARSED

    @property
    def status_code(self) -> int:
        """The HTTP status."""
        return self.http_response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        """The response headers (case-insensitive)."""
        return self.http_response.headers

    @property
    def content(self) -> bytes:
        """The raw body."""
        return self.http_response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self.http_response.text

    def json(self) -> Any:
        """The parsed JSON body, or None when the body is empty (allowed on any 2xx).

        Returns:
            What the JSON decodes to (usually a dict); the result is cached.

        Raises:
            APIResponseValidationError: The body is not valid JSON.
        """
        if self._json is _NOT_PARSED:
            content = self.http_response.content
            if not content.strip():
                self._json = None
            else:
                try:
                    self._json = jsonlib.loads(content)
                # JSONDecodeError and UnicodeDecodeError; RecursionError for hostile nesting
                except (ValueError, RecursionError) as exc:
                    raise self.validation_error(
                        f"the response body is not valid JSON ({exc})",
                        body=self.http_response.text[:500],
                    ) from None
        return self._json

    def validation_error(
        self, message: str, *, body: object = None, issues: Iterable[ErrorIssue] = ()
    ) -> APIResponseValidationError:
        """Build (not raise) the error for a body that does not have the documented shape.

        Args:
            message: What is wrong.
            body: The offending body or part of it.
            issues: Per-field problems.

        Returns:
            An ``APIResponseValidationError`` that is also an instance of the service's root
            error, carrying this response's status, method, URL and request id.
        """
        cls = service_error_class(self.service_error, APIResponseValidationError)
        return cls(
            message,
            status_code=self.status_code,
            body=body,
            issues=tuple(issues),
            method=self.method,
            url=self.url,
            request_id=self.request_id,
        )

    def __repr__(self) -> str:
        return f"<APIResponse [{self.status_code}] {self.method} {self.url}>"


def _error_body(response: httpx.Response) -> tuple[object, str]:
    """The body of an error response: parsed JSON when it is JSON, else the text, else None."""
    try:
        text = response.text
    except (UnicodeDecodeError, LookupError):
        text = response.content.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if not stripped:
        return None, text
    if stripped[0] in "{[":
        try:
            return jsonlib.loads(stripped), text
        except (ValueError, RecursionError):  # RecursionError: hostile nesting
            pass
    return text, text


def build_status_error(
    response: httpx.Response,
    *,
    method: str,
    url: str,
    request_id: str | None,
    service_error: type[TimebackError] = TimebackError,
) -> APIStatusError:
    """Turn an error response into the matching typed error (status first, body second).

    Args:
        response: The response, body already read.
        method: The HTTP method of the request.
        url: The URL requested (without credentials).
        request_id: The ``X-Request-ID`` of the operation.
        service_error: The service's root error class (e.g. ``OneRosterError``).

    Returns:
        An instance of ``error_class_for_status(status)`` that is also a ``service_error``;
        a `RateLimitError` carries ``retry_after`` from the ``Retry-After`` header.
    """
    status = response.status_code
    body, text = _error_body(response)
    message = extract_error_message(status, body if not isinstance(body, str) else None, text)
    specific = error_class_for_status(status)
    cls = service_error_class(service_error, specific)
    kwargs: dict[str, Any] = {
        "status_code": status,
        "body": body,
        "headers": response.headers,
        "method": method,
        "url": url,
        "request_id": request_id,
    }
    if issubclass(specific, RateLimitError):
        kwargs["retry_after"] = parse_retry_after(response.headers.get("retry-after"))
    return cls(message, **kwargs)


def _invalid(
    response: APIResponse | None,
    message: str,
    *,
    body: object = None,
    issues: Iterable[ErrorIssue] = (),
) -> APIResponseValidationError:
    if response is not None:
        return response.validation_error(message, body=body, issues=issues)
    return APIResponseValidationError(message, body=body, issues=tuple(issues))


#: The error type of a reference's bare-id alternative (see `validation_issues`).
BARE_ID_ERROR = "bare_id"
_ALTERNATIVE_ERRORS = frozenset({"none_required", BARE_ID_ERROR})

# Names pydantic gives the alternatives of a union in an error location; not data members.
_UNION_TAGS = frozenset({"str", "int", "float", "bool", "date", "datetime", "none", "list", "dict"})


def issue_path(loc: Sequence[int | str], prefix: str | None = None) -> str | None:
    """The path of a validation issue in the SDK's one syntax: ``users[1].roles``.

    Args:
        loc: Where pydantic found the problem (member names and list indexes).
        prefix: Path to put in front (e.g. ``users`` for the items of that list).

    Returns:
        The path, or None when it is empty.

    Example:
        >>> issue_path((1, "roles", 0), "users")
        'users[1].roles[0]'
    """
    path = prefix or ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif "[" in part or part in _UNION_TAGS:
            continue
        else:
            path += f".{part}" if path else part
    return path or None


def validation_issues(exc: ValidationError, prefix: str | None = None) -> list[ErrorIssue]:
    """One `ErrorIssue` per pydantic error, with an `issue_path` and never the offending value.

    Args:
        exc: The pydantic error.
        prefix: Path to put in front (e.g. ``lineItems`` for the items of an array body).

    Returns:
        The issues, in pydantic's order (the failing alternatives of one union once).
    """
    issues: list[ErrorIssue] = []
    seen: set[str | None] = set()
    errors = exc.errors(include_url=False, include_input=False, include_context=False)
    if len(errors) > 1:
        # The complaints of the other alternative of a union read natively (an array's "null",
        # a reference's bare id) say nothing when the value itself failed: keep the real ones.
        errors = [e for e in errors if e["type"] not in _ALTERNATIVE_ERRORS] or errors
    for error in errors:
        path = issue_path(error["loc"], prefix)
        if path in seen and path is not None:
            continue  # the other alternatives of a union failing at the same place
        seen.add(path)
        message = "unknown member" if error["type"] == "extra_forbidden" else error["msg"]
        if message.startswith("Value error, "):
            message = message[len("Value error, ") :]
        issues.append(ErrorIssue(message=message, path=path))
    return issues


def _summary(issues: list[ErrorIssue]) -> str:
    shown = "; ".join(str(issue) for issue in issues[:3])
    more = f" (and {len(issues) - 3} more)" if len(issues) > 3 else ""
    return f"{shown}{more}"


def parse_model(model_type: type[M], data: object, response: APIResponse | None = None) -> M:
    """Validate response data into ``model_type``.

    Args:
        model_type: The pydantic model (usually a `TimebackModel`) to build.
        data: The decoded JSON (or the part of it holding the entity).
        response: The response it came from, for the error's status, URL, request id and
            service class.

    Returns:
        The model instance.

    Raises:
        APIResponseValidationError: ``data`` does not fit the model; ``issues`` name the fields.
    """
    try:
        return model_type.model_validate(data)
    except ValidationError as exc:
        issues = validation_issues(exc)
        raise _invalid(
            response,
            f"the response does not match {model_type.__name__}: {_summary(issues)}",
            body=data,
            issues=issues,
        ) from None


def parse_models(
    model_type: type[M],
    items: object,
    response: APIResponse | None = None,
    *,
    path: str | None = None,
) -> list[M]:
    """Validate a JSON array into a list of ``model_type``; issue paths start with the index.

    Args:
        model_type: The pydantic model of one item.
        items: The decoded JSON array.
        response: The response it came from (see `parse_model`).
        path: Where the array is in the body (``users``), so issues read ``users[1].roles``.

    Returns:
        The models, in order.

    Raises:
        APIResponseValidationError: ``items`` is not an array, or an item does not fit.
    """
    if not isinstance(items, list):
        raise _invalid(
            response,
            f"expected a list of {model_type.__name__}, got {type(items).__name__}",
            body=items,
        )
    validate = model_type.model_validate
    try:
        return [validate(item) for item in items]
    except ValidationError:
        pass
    # Slow path, only on failure: collect the issues of every bad item with its index.
    issues: list[ErrorIssue] = []
    for index, item in enumerate(items):
        try:
            validate(item)
        except ValidationError as exc:
            issues.extend(validation_issues(exc, f"{path or ''}[{index}]"))
    raise _invalid(
        response,
        f"the response does not match list[{model_type.__name__}]: {_summary(issues)}",
        body=items,
        issues=issues,
    )


def validate_input(
    model_type: type[M],
    value: M | Mapping[str, Any],
    *,
    service_error: type[TimebackError] = TimebackError,
) -> M:
    """Accept a model or a dict of the same shape as input, validated before anything is sent.

    Args:
        model_type: The expected model.
        value: An instance of it, or a mapping with its fields (snake_case or camelCase keys).
        service_error: The service's root error class, so the error is also one of those.

    Returns:
        ``value`` itself when it is already a ``model_type``, else the validated model.

    Raises:
        InputValidationError: ``value`` is neither, or does not validate; ``issues`` name the
            fields.

    Example:
        >>> validate_input(User, {"givenName": "Ada"})  # doctest: +SKIP
    """
    cls = service_error_class(service_error, InputValidationError)
    if isinstance(value, model_type):
        return value
    if not isinstance(value, Mapping):
        message = f"expected {model_type.__name__} or a dict, got {type(value).__name__}"
        raise cls(message, [ErrorIssue(message=message)])
    try:
        return model_type.model_validate(dict(value))
    except ValidationError as exc:
        issues = validation_issues(exc)
        raise cls(f"invalid {model_type.__name__}: {_summary(issues)}", issues) from None


def extract_key(body: object, *keys: str, response: APIResponse | None = None) -> Any:
    """The value of the first of ``keys`` present in a JSON object body (an envelope).

    Args:
        body: The decoded JSON.
        *keys: Envelope keys to try in order (``"user"``, ``"users"``).
        response: The response it came from (see `parse_model`).

    Returns:
        The value under the first key present.

    Raises:
        APIResponseValidationError: ``body`` is not an object or has none of the keys.
    """
    if isinstance(body, Mapping):
        for key in keys:
            if key in body:
                return body[key]
        wanted = " or ".join(repr(key) for key in keys)
        present = ", ".join(repr(key) for key in list(body)[:10]) or "none"
        raise _invalid(
            response,
            f"the response has no {wanted} member (members: {present})",
            body=body,
            issues=[ErrorIssue(message="missing", path=key) for key in keys],
        )
    raise _invalid(response, f"expected a JSON object, got {type(body).__name__}", body=body)
