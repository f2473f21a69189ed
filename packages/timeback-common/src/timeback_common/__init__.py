"""Shared runtime for the Timeback SDK: errors, base clients, retries, pagination, models.

This package knows no service; `timeback_oneroster`, `timeback_edubridge` and `timeback_caliper`
build on it. Its pieces:

* the error tree (`TimebackError` and below) and `service_error_class`;
* `AsyncAPIClient` / `SyncAPIClient`: URLs, headers, auth, retries and typed errors for one
  service, over a connection pool that several services may share;
* pure helpers: `RetryPolicy`, `parse_retry_after`, `encode_path`, `build_status_error`,
  `parse_model`, `validate_input`, `extract_key`;
* `RequestOptions`, the per-call options every public method accepts;
* `TimebackModel`, the base of every model.

Logging goes to the ``timeback`` logger (a ``NullHandler`` is attached, so nothing is printed
unless the application configures logging); each attempt is logged at DEBUG, never with secrets.
"""

import logging as _logging

from ._async._client import AsyncAPIClient
from ._concurrency import async_sleep, sync_sleep
from ._errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    ErrorIssue,
    ImsStatusInfo,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TimebackError,
    TokenError,
    UnprocessableEntityError,
    UnsupportedOperationError,
    error_class_for_status,
    extract_error_message,
    service_error_class,
)
from ._models import TimebackModel
from ._options import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    QueryParams,
    QueryValue,
    RequestOptions,
    TimeoutTypes,
)
from ._pagination import (
    Page,
    compute_next_offset,
    offset_page_from_response,
    page_from_page_number_response,
    page_number_request,
    parse_link_header,
    read_total,
)
from ._paginator import AsyncPaginator, SyncPaginator
from ._request import encode_path, encode_segment, join_url, new_request_id, user_agent
from ._response import (
    APIResponse,
    build_status_error,
    extract_key,
    parse_model,
    parse_models,
    validate_input,
)
from ._retry import (
    Failure,
    FailureKind,
    RetryDecision,
    RetryPolicy,
    classify_exception,
    parse_retry_after,
)
from ._settings import (
    ClientSettings,
    Environment,
    Platform,
    PlatformPaths,
    Service,
    resolve_settings,
)
from ._sync._client import SyncAPIClient
from ._version import __version__

_logging.getLogger("timeback").addHandler(_logging.NullHandler())

__all__ = [
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AsyncPaginator",
    "AuthenticationError",
    "BadRequestError",
    "ClientSettings",
    "ConfigurationError",
    "ConflictError",
    "Environment",
    "ErrorIssue",
    "Failure",
    "FailureKind",
    "ImsStatusInfo",
    "InputValidationError",
    "InternalServerError",
    "NotFoundError",
    "Page",
    "PermissionDeniedError",
    "Platform",
    "PlatformPaths",
    "QueryParams",
    "QueryValue",
    "RateLimitError",
    "RequestOptions",
    "RetryDecision",
    "RetryPolicy",
    "Service",
    "SyncAPIClient",
    "SyncPaginator",
    "TimebackError",
    "TimebackModel",
    "TimeoutTypes",
    "TokenError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "__version__",
    "async_sleep",
    "build_status_error",
    "classify_exception",
    "compute_next_offset",
    "encode_path",
    "encode_segment",
    "error_class_for_status",
    "extract_error_message",
    "extract_key",
    "join_url",
    "new_request_id",
    "offset_page_from_response",
    "page_from_page_number_response",
    "page_number_request",
    "parse_link_header",
    "parse_model",
    "parse_models",
    "parse_retry_after",
    "read_total",
    "resolve_settings",
    "service_error_class",
    "sync_sleep",
    "user_agent",
    "validate_input",
]
