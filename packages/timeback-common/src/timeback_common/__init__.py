"""Shared runtime for the Timeback SDK: errors, base clients, retries, pagination, models.

This package knows no service; `timeback_oneroster`, `timeback_edubridge` and `timeback_caliper`
build on it. Its pieces:

* the error tree (`TimebackError` and below) and `service_error_class`;
* `AsyncAPIClient` / `SyncAPIClient`: URLs, headers, auth, retries and typed errors for one
  service, over a connection pool that several services may share (`async_open_pool` /
  `sync_open_pool` check the pool options and build it, for them and for ``TimebackClient``);
* pure helpers: `RetryPolicy`, `parse_retry_after`, `encode_path`, `build_status_error`,
  `parse_model`, `validate_input`, `extract_key`;
* `RequestOptions`, the per-call options every public method accepts;
* `TimebackModel`, the base of every model, with `camel_alias` (its wire names) and
  `format_utc_millis` (the platform's instant format), and `gc_paused`, which the services
  hold while they build a page of models;
* one bounded runner, `async_run_each` / `sync_run_each` (one `Outcome` per call, in input
  order), and the fail-fast maps on it, `async_map_bounded` / `sync_map_bounded`.

Logging goes to the ``timeback`` logger (a ``NullHandler`` is attached, so nothing is printed
unless the application configures logging); each attempt is logged at DEBUG, never with secrets.
With ``opentelemetry-api`` installed (the ``otel`` extra), operations, attempts and retries are
also traced and measured through the application's OpenTelemetry providers; other packages of
the SDK add theirs with `telemetry_operation`, `telemetry_span` and `telemetry_count`.
"""

# The package root is lazy (PEP 562): `import timeback_common` (and so every service package's
# `from timeback_common import SomeError`) loads only the submodule that defines the name asked
# for. httpx and pydantic load when a client or model is first used, keeping cold imports small.

import logging as _logging
from importlib import import_module as _import_module
from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from ._async._client import AsyncAPIClient
    from ._async._closing import AsyncClosingContext
    from ._async._pool import async_open_pool
    from ._async._service import AsyncServiceClient
    from ._concurrency import (
        AsyncCall,
        Outcome,
        SyncCall,
        async_map_bounded,
        async_run_each,
        async_sleep,
        sync_map_bounded,
        sync_run_each,
        sync_sleep,
    )
    from ._controls import (
        AsyncLimiter,
        CircuitBreaker,
        CircuitState,
        HostControls,
        RateLimit,
        RateLimitLike,
        SyncLimiter,
        resolve_host_controls,
    )
    from ._errors import (
        APIConnectionError,
        APIError,
        APIResponseValidationError,
        APIStatusError,
        APITimeoutError,
        AuthenticationError,
        BadRequestError,
        CircuitOpenError,
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
        as_service_error,
        error_class_for_status,
        extract_error_message,
        service_error_class,
        service_errors,
        service_input_error,
        unsupported_platform_message,
    )
    from ._fork import fork_generation
    from ._models import (
        NativeFirst,
        StringBool,
        TimebackModel,
        camel_alias,
        format_utc_millis,
        gc_paused,
        parse_string_bool,
    )
    from ._options import (
        DEFAULT_HEADERS,
        DEFAULT_LIMITS,
        DEFAULT_MAX_RETRIES,
        DEFAULT_TIMEOUT,
        REQUEST_OPTION_KEYS,
        QueryParams,
        QueryValue,
        RequestOptions,
        TimeoutTypes,
    )
    from ._paginators import AsyncPaginator, SyncPaginator
    from ._paging_rules import (
        DEFAULT_PAGE_SIZE,
        MAX_PAGE_SIZE,
        Page,
        compute_next_offset,
        offset_page_from_response,
        page_from_page_number_response,
        page_number_request,
        parse_link_header,
        read_total,
    )
    from ._process_safe import AsyncProcessSafeTransport, SyncProcessSafeTransport
    from ._raw import RawResponse, RawResponseProxy
    from ._request import encode_path, encode_segment, join_url, new_request_id, user_agent
    from ._response import (
        BARE_ID_ERROR,
        APIResponse,
        build_status_error,
        extract_key,
        issue_path,
        parse_model,
        parse_models,
        validate_input,
        validation_issues,
    )
    from ._retry import (
        Failure,
        FailureKind,
        RetryDecision,
        RetryPolicy,
        classify_exception,
        parse_retry_after,
    )
    from ._secret import Secret, mask_text, unmask_text
    from ._service import (
        NOT_GIVEN,
        ClientParts,
        NotGiven,
        resolve_client_parts,
        settings_or_arguments,
    )
    from ._settings import (
        ClientSettings,
        Environment,
        Platform,
        Service,
        resolve_settings,
    )
    from ._sync._client import SyncAPIClient
    from ._sync._closing import SyncClosingContext
    from ._sync._pool import sync_open_pool
    from ._sync._service import SyncServiceClient
    from ._telemetry import TelemetrySpan, telemetry_count, telemetry_operation, telemetry_span
    from ._validation import (
        check_client_options,
        check_identifiers,
        check_instance,
        check_many,
        check_timeout,
        check_transport_options,
        dump_model,
        short_repr,
        text_problem,
    )
    from ._version import __version__

_logging.getLogger("timeback").addHandler(_logging.NullHandler())


def _log_switch() -> None:
    # TIMEBACK_LOG=debug|info prints the SDK's records to stderr for people without a logging
    # setup of their own; an application that configures logging leaves it unset.
    import os

    level = os.environ.get("TIMEBACK_LOG", "").strip().upper()
    if level not in ("DEBUG", "INFO"):
        return
    logger = _logging.getLogger("timeback")
    if not any(getattr(h, "_timeback_switch", False) for h in logger.handlers):
        handler = _logging.StreamHandler()
        handler.setFormatter(_logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        handler._timeback_switch = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    logger.setLevel(level)


_log_switch()

_SUBMODULE_OF: dict[str, str] = {
    "RawResponse": "_raw",
    "RawResponseProxy": "_raw",
    "AsyncLimiter": "_controls",
    "CircuitBreaker": "_controls",
    "CircuitOpenError": "_errors",
    "CircuitState": "_controls",
    "HostControls": "_controls",
    "RateLimit": "_controls",
    "RateLimitLike": "_controls",
    "SyncLimiter": "_controls",
    "resolve_host_controls": "_controls",
    "check_transport_options": "_validation",
    "AsyncProcessSafeTransport": "_process_safe",
    "Secret": "_secret",
    "SyncProcessSafeTransport": "_process_safe",
    "check_client_options": "_validation",
    "check_identifiers": "_validation",
    "check_instance": "_validation",
    "check_many": "_validation",
    "check_timeout": "_validation",
    "dump_model": "_validation",
    "fork_generation": "_fork",
    "mask_text": "_secret",
    "short_repr": "_validation",
    "text_problem": "_validation",
    "unmask_text": "_secret",
    "APIConnectionError": "_errors",
    "APIError": "_errors",
    "APIResponse": "_response",
    "APIResponseValidationError": "_errors",
    "APIStatusError": "_errors",
    "APITimeoutError": "_errors",
    "AsyncAPIClient": "_async._client",
    "AsyncPaginator": "_paginators",
    "AsyncClosingContext": "_async._closing",
    "AsyncServiceClient": "_async._service",
    "async_open_pool": "_async._pool",
    "AsyncCall": "_concurrency",
    "AuthenticationError": "_errors",
    "BadRequestError": "_errors",
    "ClientSettings": "_settings",
    "ConfigurationError": "_errors",
    "ConflictError": "_errors",
    "DEFAULT_HEADERS": "_options",
    "DEFAULT_LIMITS": "_options",
    "DEFAULT_MAX_RETRIES": "_options",
    "DEFAULT_PAGE_SIZE": "_paging_rules",
    "DEFAULT_TIMEOUT": "_options",
    "MAX_PAGE_SIZE": "_paging_rules",
    "REQUEST_OPTION_KEYS": "_options",
    "Environment": "_settings",
    "ErrorIssue": "_errors",
    "Failure": "_retry",
    "FailureKind": "_retry",
    "ImsStatusInfo": "_errors",
    "InputValidationError": "_errors",
    "InternalServerError": "_errors",
    "NotFoundError": "_errors",
    "Page": "_paging_rules",
    "Outcome": "_concurrency",
    "PermissionDeniedError": "_errors",
    "Platform": "_settings",
    "QueryParams": "_options",
    "QueryValue": "_options",
    "RateLimitError": "_errors",
    "RequestOptions": "_options",
    "RetryDecision": "_retry",
    "RetryPolicy": "_retry",
    "Service": "_settings",
    "NOT_GIVEN": "_service",
    "NotGiven": "_service",
    "ClientParts": "_service",
    "resolve_client_parts": "_service",
    "SyncAPIClient": "_sync._client",
    "SyncClosingContext": "_sync._closing",
    "SyncServiceClient": "_sync._service",
    "sync_open_pool": "_sync._pool",
    "as_service_error": "_errors",
    "SyncPaginator": "_paginators",
    "StringBool": "_models",
    "BARE_ID_ERROR": "_response",
    "NativeFirst": "_models",
    "SyncCall": "_concurrency",
    "TelemetrySpan": "_telemetry",
    "TimebackError": "_errors",
    "TimebackModel": "_models",
    "TimeoutTypes": "_options",
    "TokenError": "_errors",
    "UnprocessableEntityError": "_errors",
    "UnsupportedOperationError": "_errors",
    "__version__": "_version",
    "async_map_bounded": "_concurrency",
    "async_run_each": "_concurrency",
    "async_sleep": "_concurrency",
    "build_status_error": "_response",
    "camel_alias": "_models",
    "classify_exception": "_retry",
    "compute_next_offset": "_paging_rules",
    "encode_path": "_request",
    "encode_segment": "_request",
    "error_class_for_status": "_errors",
    "extract_error_message": "_errors",
    "extract_key": "_response",
    "issue_path": "_response",
    "format_utc_millis": "_models",
    "gc_paused": "_models",
    "join_url": "_request",
    "new_request_id": "_request",
    "offset_page_from_response": "_paging_rules",
    "page_from_page_number_response": "_paging_rules",
    "page_number_request": "_paging_rules",
    "parse_link_header": "_paging_rules",
    "parse_model": "_response",
    "parse_models": "_response",
    "parse_retry_after": "_retry",
    "read_total": "_paging_rules",
    "resolve_settings": "_settings",
    "service_error_class": "_errors",
    "service_errors": "_errors",
    "service_input_error": "_errors",
    "unsupported_platform_message": "_errors",
    "settings_or_arguments": "_service",
    "parse_string_bool": "_models",
    "sync_map_bounded": "_concurrency",
    "sync_run_each": "_concurrency",
    "sync_sleep": "_concurrency",
    "telemetry_count": "_telemetry",
    "telemetry_operation": "_telemetry",
    "telemetry_span": "_telemetry",
    "user_agent": "_request",
    "validate_input": "_response",
    "validation_issues": "_response",
}


def __getattr__(name: str) -> Any:
    submodule = _SUBMODULE_OF.get(name)
    if submodule is None:
        raise AttributeError(f"module 'timeback_common' has no attribute {name!r}")
    value = getattr(_import_module(f"{__name__}.{submodule}"), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "BARE_ID_ERROR",
    "DEFAULT_HEADERS",
    "DEFAULT_LIMITS",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_PAGE_SIZE",
    "DEFAULT_TIMEOUT",
    "MAX_PAGE_SIZE",
    "NOT_GIVEN",
    "REQUEST_OPTION_KEYS",
    "APIConnectionError",
    "APIError",
    "APIResponse",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncAPIClient",
    "AsyncCall",
    "AsyncClosingContext",
    "AsyncLimiter",
    "AsyncPaginator",
    "AsyncProcessSafeTransport",
    "AsyncServiceClient",
    "AuthenticationError",
    "BadRequestError",
    "CircuitBreaker",
    "CircuitOpenError",
    "CircuitState",
    "ClientParts",
    "ClientSettings",
    "ConfigurationError",
    "ConflictError",
    "Environment",
    "ErrorIssue",
    "Failure",
    "FailureKind",
    "HostControls",
    "ImsStatusInfo",
    "InputValidationError",
    "InternalServerError",
    "NativeFirst",
    "NotFoundError",
    "NotGiven",
    "Outcome",
    "Page",
    "PermissionDeniedError",
    "Platform",
    "QueryParams",
    "QueryValue",
    "RateLimit",
    "RateLimitError",
    "RateLimitLike",
    "RawResponse",
    "RawResponseProxy",
    "RequestOptions",
    "RetryDecision",
    "RetryPolicy",
    "Secret",
    "Service",
    "StringBool",
    "SyncAPIClient",
    "SyncCall",
    "SyncClosingContext",
    "SyncLimiter",
    "SyncPaginator",
    "SyncProcessSafeTransport",
    "SyncServiceClient",
    "TelemetrySpan",
    "TimebackError",
    "TimebackModel",
    "TimeoutTypes",
    "TokenError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "__version__",
    "as_service_error",
    "async_map_bounded",
    "async_open_pool",
    "async_run_each",
    "async_sleep",
    "build_status_error",
    "camel_alias",
    "check_client_options",
    "check_identifiers",
    "check_instance",
    "check_many",
    "check_timeout",
    "check_transport_options",
    "classify_exception",
    "compute_next_offset",
    "dump_model",
    "encode_path",
    "encode_segment",
    "error_class_for_status",
    "extract_error_message",
    "extract_key",
    "fork_generation",
    "format_utc_millis",
    "gc_paused",
    "issue_path",
    "join_url",
    "mask_text",
    "new_request_id",
    "offset_page_from_response",
    "page_from_page_number_response",
    "page_number_request",
    "parse_link_header",
    "parse_model",
    "parse_models",
    "parse_retry_after",
    "parse_string_bool",
    "read_total",
    "resolve_client_parts",
    "resolve_host_controls",
    "resolve_settings",
    "service_error_class",
    "service_errors",
    "service_input_error",
    "settings_or_arguments",
    "short_repr",
    "sync_map_bounded",
    "sync_open_pool",
    "sync_run_each",
    "sync_sleep",
    "telemetry_count",
    "telemetry_operation",
    "telemetry_span",
    "text_problem",
    "unmask_text",
    "unsupported_platform_message",
    "user_agent",
    "validate_input",
    "validation_issues",
]
