"""Shared runtime for the Timeback SDK: errors, base clients, retries, pagination, models.

This package knows no service; `timeback_oneroster`, `timeback_edubridge` and `timeback_caliper`
build on it.
"""

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

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
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
    "TimebackModel",
    "TokenError",
    "UnprocessableEntityError",
    "UnsupportedOperationError",
    "__version__",
    "error_class_for_status",
    "extract_error_message",
    "service_error_class",
]
