"""`ClientCredentials`: a client id, its secret and the token endpoint that issues their tokens.

A token URL and its credentials are one unit (a token is issued for that pair), so they live
in one frozen value. The secret is held as a `pydantic.SecretStr`: ``repr``, ``str`` and f-strings
of it print ``**********``, and reading it takes an explicit ``get_secret_value()``. pydantic is
imported eagerly: every SDK package loads it through `timeback_common` anyway, and a lazy import
would leave the ``client_secret`` annotation unresolvable for ``typing.get_type_hints``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal, get_args
from urllib.parse import urlsplit

from pydantic import SecretStr

from timeback_common import ConfigurationError, Secret, mask_text, text_problem, unmask_text

__all__ = ["AuthMethod", "ClientCredentials"]

AuthMethod = Literal["client_secret_basic", "client_secret_post"]
"""How the client authenticates at the token endpoint (RFC 6749 section 2.3.1 / RFC 7591 names).

``client_secret_basic``: an ``Authorization: Basic`` header (the default).
``client_secret_post``: ``client_id`` and ``client_secret`` as form fields in the body.
"""

_AUTH_METHODS: tuple[str, ...] = get_args(AuthMethod)


@dataclass(frozen=True, init=False, repr=False)
class ClientCredentials:
    """OAuth2 client credentials for one token endpoint.

    Equal credentials compare equal and hash alike; two `ClientCredentialsAuth` objects built from
    credentials with the same ``token_url``, ``client_id`` and ``scope`` share one cached token.

    Attributes:
        client_id: The OAuth2 client id.
        client_secret: The client secret; ``repr``/``str`` show ``**********``. Read it with
            ``credentials.client_secret.get_secret_value()``.
        token_url: Absolute ``http``/``https`` URL of the token endpoint.
        scope: Space-separated scopes to request, or None to send no ``scope`` (Beyond-AI grants
            scopes by client registration, so None is the usual choice).
        auth_method: ``"client_secret_basic"`` (default) or ``"client_secret_post"``.

    Example:
        >>> credentials = ClientCredentials(
        ...     client_id="my-client",
        ...     client_secret="my-secret",
        ...     token_url="https://idp.example.com/oauth2/token",
        ... )
        >>> credentials
        ClientCredentials(client_id='my-client', client_secret=SecretStr('**********'), \
token_url='https://idp.example.com/oauth2/token', scope=None, auth_method='client_secret_basic')
    """

    client_id: str
    client_secret: SecretStr
    token_url: str
    scope: str | None
    auth_method: AuthMethod

    def __init__(
        self,
        *,
        client_id: str,
        client_secret: str | SecretStr | Secret,
        token_url: str,
        scope: str | None = None,
        auth_method: AuthMethod = "client_secret_basic",
    ) -> None:
        """Validate and hold the credentials.

        Args:
            client_id: The OAuth2 client id (non-empty).
            client_secret: The client secret (non-empty): a plain string, a ``SecretStr`` or a
                `Secret` (as ``ClientSettings.client_secret`` holds it).
            token_url: Absolute ``http``/``https`` URL of the token endpoint, without
                ``user:password@`` and without a fragment.
            scope: Space-separated scopes to request, or None (nothing sent).
            auth_method: ``"client_secret_basic"`` or ``"client_secret_post"``.

        Raises:
            ConfigurationError: A value is missing or invalid; the message names the field and
                never contains the secret.
        """
        object.__setattr__(self, "client_id", _non_empty("client_id", client_id))
        object.__setattr__(self, "client_secret", _secret(client_secret))
        object.__setattr__(self, "token_url", _token_url(token_url))
        object.__setattr__(self, "scope", _scope(scope))
        object.__setattr__(self, "auth_method", _auth_method(auth_method))

    @property
    def cache_key(self) -> tuple[str, str, str | None, str]:
        """The token cache key: (token URL, client id, scope): what a token is issued for, plus a
        SHA-256 digest of the secret.

        The digest keeps a client holding a wrong secret from being served a token that the
        right secret obtained in the same process; only the digest is kept, never the secret.
        """
        digest = hashlib.sha256(self.client_secret.get_secret_value().encode()).hexdigest()
        return (self.token_url, self.client_id, self.scope, digest)

    def __repr__(self) -> str:
        return (
            f"ClientCredentials(client_id={self.client_id!r}, client_secret={self.client_secret!r}"
            f", token_url={self.token_url!r}, scope={self.scope!r}"
            f", auth_method={self.auth_method!r})"
        )


def _non_empty(field: str, value: object) -> str:
    if not isinstance(value, str):
        raise ConfigurationError(f"{field} must be a string, got {type(value).__name__}")
    if not value.strip():
        raise ConfigurationError(f"{field} must not be empty")
    problem = text_problem(value)
    if problem is not None:
        raise ConfigurationError(f"{field} {problem}")
    return value


def _secret(value: object) -> SecretStr:
    # Never put the value itself into a message: only its type or emptiness.
    raw = value.get_secret_value() if isinstance(value, (SecretStr, Secret)) else value
    if not isinstance(raw, str):
        raise ConfigurationError(
            f"client_secret must be a string or SecretStr, got {type(value).__name__}"
        )
    if not raw.strip():
        raise ConfigurationError("client_secret must not be empty")
    problem = text_problem(raw)
    if problem is not None:
        raise ConfigurationError(f"client_secret {problem}")
    return MaskedSecretStr(raw)


def _token_url(value: object) -> str:
    url = _non_empty("token_url", value)
    try:
        parts = urlsplit(url)
        host = parts.hostname
        has_userinfo = parts.username is not None or parts.password is not None
    except ValueError:  # e.g. an unbalanced IPv6 bracket or a bad port
        host, has_userinfo, parts = None, False, None
    if has_userinfo:
        # Do not echo the URL: the userinfo part may be a credential.
        raise ConfigurationError("token_url must not contain user:password@ credentials")
    if parts is None or parts.scheme.lower() not in ("http", "https") or not host:
        raise ConfigurationError(f"token_url must be an absolute http(s) URL, got {url!r}")
    if parts.fragment:
        raise ConfigurationError(f"token_url must not have a #fragment, got {url!r}")
    return url


def _scope(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ConfigurationError(
            f"scope must be a space-separated string or None, got {type(value).__name__}"
        )
    if not value.strip():
        raise ConfigurationError("scope must not be empty; pass None to request no scope")
    return value


def _auth_method(value: object) -> AuthMethod:
    if value == "client_secret_basic":
        return "client_secret_basic"
    if value == "client_secret_post":
        return "client_secret_post"
    choices = ", ".join(_AUTH_METHODS)
    raise ConfigurationError(f"auth_method must be one of {choices}; got {value!r}")


class MaskedSecretStr(SecretStr):
    """A ``SecretStr`` whose copies and pickles do not reveal the secret's text either.

    pydantic's ``SecretStr`` pickles its value as plain text; this one pickles it masked (see
    ``timeback_common._secret``), and copies are the same immutable object. It shows as
    ``SecretStr('**********')`` like its base.
    """

    def __repr__(self) -> str:
        return "SecretStr('**********')"

    def __copy__(self) -> MaskedSecretStr:
        return self

    def __deepcopy__(self, memo: dict[int, object]) -> MaskedSecretStr:
        return self

    def __reduce__(self) -> tuple[object, ...]:
        return (_restore_masked, mask_text(self.get_secret_value()))


def _restore_masked(key: bytes, masked: bytes) -> MaskedSecretStr:
    return MaskedSecretStr(unmask_text(key, masked))
