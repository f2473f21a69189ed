"""OAuth2 client-credentials authentication for the Timeback SDK (an ``httpx.Auth`` on authlib).

    >>> import httpx
    >>> from timeback_auth import ClientCredentials, ClientCredentialsAuth
    >>> auth = ClientCredentialsAuth(
    ...     ClientCredentials(
    ...         client_id="my-client",
    ...         client_secret="my-secret",
    ...         token_url="http://127.0.0.1:8000/oauth2/token",
    ...     )
    ... )
    >>> client = httpx.Client(auth=auth)  # or httpx.AsyncClient(auth=auth)

`build_token_request` and `parse_token_response` are the two pure halves of a token request
(build it, read its answer) for code that sends the request itself, such as a configuration
check.

Logging goes to the ``timeback.auth`` logger, at DEBUG only, and never includes the client secret
or a token.
"""

import logging

from ._auth import ClientCredentialsAuth
from ._cache import AccessToken, TokenCache, default_token_cache
from ._credentials import AuthMethod, ClientCredentials
from ._store import FileTokenStore, StoredToken, TokenStore
from ._token_endpoint import build_token_request, parse_token_response

__version__ = "0.1.0"

__all__ = [
    "AccessToken",
    "AuthMethod",
    "ClientCredentials",
    "ClientCredentialsAuth",
    "FileTokenStore",
    "StoredToken",
    "TokenCache",
    "TokenStore",
    "__version__",
    "build_token_request",
    "default_token_cache",
    "parse_token_response",
]

logging.getLogger("timeback.auth").addHandler(logging.NullHandler())
