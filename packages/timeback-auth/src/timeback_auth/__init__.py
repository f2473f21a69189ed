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

Logging goes to the ``timeback.auth`` logger, at DEBUG only, and never includes the client secret
or a token.
"""

import logging

from ._auth import ClientCredentialsAuth
from ._cache import TokenCache, default_token_cache
from ._credentials import AuthMethod, ClientCredentials

__version__ = "0.1.0"

__all__ = [
    "AuthMethod",
    "ClientCredentials",
    "ClientCredentialsAuth",
    "TokenCache",
    "__version__",
    "default_token_cache",
]

logging.getLogger("timeback.auth").addHandler(logging.NullHandler())
