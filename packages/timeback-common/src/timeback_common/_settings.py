"""Where the platform is and who is calling: URL tables, configuration modes, environment.

One function, `resolve_settings`, turns what a user passed (or set in the environment) into
`ClientSettings`: the base URL of each service, the token URL and the credentials. Every client
(the umbrella ``TimebackClient`` and each standalone service client) resolves through it, so the
three configuration modes behave the same everywhere:

- **environment mode**: ``env="staging" | "production"`` (and optionally
  ``platform="learnwith-ai"``) derives every URL from the tables below;
- **base URL mode**: ``base_url=...`` with ``auth_url=...``: every service shares one origin
  (a self-hosted deployment, or the local emulator);
- **explicit services mode**: ``services={"oneroster": ..., "edubridge": ..., "caliper": ...}``
  with ``auth_url=...``.

Explicit arguments win over environment variables: ``TIMEBACK_ENV``, ``TIMEBACK_PLATFORM``,
``TIMEBACK_BASE_URL``, ``TIMEBACK_TOKEN_URL``, ``TIMEBACK_CLIENT_ID``, ``TIMEBACK_CLIENT_SECRET``,
``TIMEBACK_SCOPE``, and in environment mode ``TIMEBACK_QTI_URL`` (the QTI host).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, TypeAlias
from urllib.parse import urlsplit

from ._errors import ConfigurationError
from ._secret import Secret
from ._validation import check_text_arguments, short_repr

__all__ = [
    "ENVIRONMENTS",
    "ClientSettings",
    "Environment",
    "Platform",
    "Service",
    "resolve_settings",
]

Environment = Literal["staging", "production"]
Platform = Literal["beyond-ai", "learnwith-ai"]
Service: TypeAlias = str
"""A service's name: its key in ``services=`` (``"oneroster"``, ``"caliper"``...). This module
knows none of them: each service client asks `ClientSettings.url` for its own."""


# The scope each platform's token endpoint expects (None: send none). The API base paths are
# not here: each service package declares its own per platform (``timeback_oneroster._paths``...).
TOKEN_SCOPES: Mapping[Platform, str | None] = {
    "beyond-ai": None,
    "learnwith-ai": "https://purl.imsglobal.org/spec/caliper/v1p2/scope/events.write",
}


@dataclass(frozen=True)
class _EnvironmentURLs:
    api: str
    caliper: str
    token: str
    # None: no QTI host is known for this environment, so it must be configured; never
    # another environment's host by accident.
    qti: str | None


# The hosts of each platform and environment today. The token URL and the credentials are one unit.
ENVIRONMENTS: Mapping[tuple[Platform, Environment], _EnvironmentURLs] = {
    ("beyond-ai", "staging"): _EnvironmentURLs(
        api="https://api.staging.alpha-1edtech.ai",
        caliper="https://caliper.staging.alpha-1edtech.ai",
        token="https://staging-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token",
        qti=None,
    ),
    ("beyond-ai", "production"): _EnvironmentURLs(
        api="https://api.alpha-1edtech.ai",
        caliper="https://caliper.alpha-1edtech.ai",
        token="https://prod-beyond-timeback-api-2-idp.auth.us-east-1.amazoncognito.com/oauth2/token",
        qti="https://qti.alpha-1edtech.ai/api",
    ),
    ("learnwith-ai", "staging"): _EnvironmentURLs(
        api="https://platform.dev.timeback.com",
        caliper="https://platform.dev.timeback.com",
        token="https://platform.dev.timeback.com/auth/1.0/token",
        qti="https://platform.dev.timeback.com",
    ),
    ("learnwith-ai", "production"): _EnvironmentURLs(
        api="https://platform.timeback.com",
        caliper="https://platform.timeback.com",
        token="https://platform.timeback.com/auth/1.0/token",
        qti="https://platform.timeback.com",
    ),
}


@dataclass(frozen=True)
class ClientSettings:
    """Resolved configuration of a client. The secret is kept out of ``repr``.

    Attributes:
        platform: Which Timeback platform this is.
        environment: ``staging`` or ``production`` in environment mode, else None.
        service_urls: Base URL (scheme and host, maybe a path) per service name, as given in
            explicit services mode (empty in the other modes).
        token_url: The OAuth2 token endpoint.
        client_id: The OAuth2 client id.
        client_secret: The OAuth2 client secret as a `Secret`: ``repr``, ``str``,
            ``dataclasses.asdict`` and pickles never show it; ``get_secret_value()`` reads it.
        scope: The scope to request, or None.
        base_url: The one origin of every service in base URL mode, else None.
        hosts: The platform's origins in environment mode: ``"api"`` and those of services
            with an origin of their own (``"caliper"``, ``"qti"``).
        unknown_hosts: Services with an origin of their own that this environment does not
            document (QTI on staging): asking for their URL is a configuration error, never
            the API origin.
    """

    platform: Platform
    environment: Environment | None
    service_urls: Mapping[Service, str]
    token_url: str
    client_id: str
    client_secret: Secret = field(repr=False)
    scope: str | None = None
    base_url: str | None = None
    hosts: Mapping[str, str] = field(default_factory=dict)
    unknown_hosts: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        given: object = self.client_secret
        if isinstance(given, str):  # settings built by hand with a plain string
            object.__setattr__(self, "client_secret", Secret(given))

    def url(self, service: Service) -> str:
        """The base URL of ``service``.

        In environment mode a service is served from the platform's origin named after it when
        there is one (``caliper``), else from the API origin.

        Args:
            service: The service's name (its key in ``services=``).

        Raises:
            ConfigurationError: No URL is configured for that service.
        """
        if not isinstance(service, str):  # a list or a dict is not a service name at all
            raise ConfigurationError(f"no URL configured for the {short_repr(service)} service")
        if service in self.service_urls:
            return self.service_urls[service]
        if self.base_url is not None:
            return self.base_url
        if service in self.unknown_hosts:
            raise ConfigurationError(
                f"no {service} URL is known for {self.platform} {self.environment}: pass "
                f'services={{"{service}": ...}} (with the other services and auth_url=) or set '
                f"TIMEBACK_{service.upper()}_URL; requests are never sent to another "
                "environment's host instead"
            )
        origin = self.hosts.get(service) or self.hosts.get("api")
        if origin is not None:
            return origin
        configured = ", ".join(sorted(self.service_urls)) or "none"
        raise ConfigurationError(
            f"no URL configured for the {service} service (configured: {configured}); "
            f"add it to services={{...}} or use env= or base_url="
        )


def _check_url(name: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigurationError(f"{name} must be an absolute http(s) URL, got {value!r}")
    if parts.username or parts.password:
        raise ConfigurationError(f"{name} must not contain credentials")
    if parts.query or parts.fragment:
        raise ConfigurationError(f"{name} must not contain a query or fragment")
    return value.rstrip("/")


def _pick(name: str, explicit: str | None, environ: Mapping[str, str], variable: str) -> str | None:
    if explicit is not None:
        if not explicit.strip():
            raise ConfigurationError(f"{name} is empty")
        return explicit
    value = environ.get(variable)
    return value if value else None


def _check_argument_types(arguments: Mapping[str, object]) -> None:
    """Refuse wrong-typed arguments of `resolve_settings` with a typed error naming them."""
    secret = arguments["client_secret"]
    texts = {
        name: arguments[name]
        for name in ("env", "platform", "base_url", "auth_url", "token_url", "client_id", "scope")
    }
    check_text_arguments(
        **texts, client_secret=secret.get_secret_value() if isinstance(secret, Secret) else secret
    )
    services = arguments["services"]
    if services is None:
        return
    if not isinstance(services, Mapping):
        kind = type(services).__name__
        raise ConfigurationError(f"services must map service names to URLs, not a {kind}")
    for name, url in services.items():
        if not isinstance(name, str) or not isinstance(url, str):
            raise ConfigurationError("services must map service names (strings) to URL strings")
        check_text_arguments(**{f"services[{name!r}]": url})


def resolve_settings(
    *,
    env: str | None = None,
    platform: str | None = None,
    base_url: str | None = None,
    auth_url: str | None = None,
    token_url: str | None = None,
    services: Mapping[str, str] | None = None,
    client_id: str | None = None,
    client_secret: str | Secret | None = None,
    scope: str | None = None,
    environ: Mapping[str, str] | None = None,
) -> ClientSettings:
    """Resolve the configuration of a client from arguments and the environment.

    Args:
        env: ``"staging"`` or ``"production"`` (environment mode).
        platform: ``"beyond-ai"`` (default) or ``"learnwith-ai"``.
        base_url: One origin for every service (base URL mode).
        auth_url: The OAuth2 token URL (alias: ``token_url``).
        token_url: Same as ``auth_url``.
        services: Base URL per service name (explicit services mode).
        client_id: OAuth2 client id (default ``TIMEBACK_CLIENT_ID``).
        client_secret: OAuth2 client secret (default ``TIMEBACK_CLIENT_SECRET``).
        scope: Token scope; defaults to the platform's (none on Beyond-AI).
        environ: The environment to read (default ``os.environ``).

    Returns:
        The resolved settings.

    Raises:
        ConfigurationError: Something is missing, unknown or contradictory; the message names
            the argument and the environment variable that would supply it.
    """
    environ = os.environ if environ is None else environ
    _check_argument_types(locals())
    if auth_url is not None and token_url is not None and auth_url != token_url:
        raise ConfigurationError("auth_url and token_url are the same setting; pass only one")
    token = _pick(
        "auth_url", auth_url if auth_url is not None else token_url, environ, "TIMEBACK_TOKEN_URL"
    )

    platform_name = _pick("platform", platform, environ, "TIMEBACK_PLATFORM") or "beyond-ai"
    if platform_name not in TOKEN_SCOPES:
        raise ConfigurationError(
            f"unknown platform {platform_name!r}; expected one of {sorted(TOKEN_SCOPES)}"
        )
    plat: Platform = platform_name  # type: ignore[assignment]

    chosen = [
        name
        for name, value in (("env", env), ("base_url", base_url), ("services", services))
        if value is not None
    ]
    if len(chosen) > 1:
        raise ConfigurationError(
            f"{' and '.join(chosen)} select different configuration modes; pass only one"
        )
    environment: Environment | None = None
    urls: dict[Service, str] = {}
    hosts: dict[str, str] = {}
    unknown: set[str] = set()
    origin: str | None = None
    if services is not None:
        if not services:
            raise ConfigurationError("services= is empty; give at least one service URL")
        urls = {name: _check_url(f"services[{name!r}]", url) for name, url in services.items()}
        if token is None:
            raise ConfigurationError(
                "auth_url is required with services= (or set TIMEBACK_TOKEN_URL)"
            )
    else:
        # An explicit env= is a choice of mode: it must not lose to TIMEBACK_BASE_URL.
        origin = (
            _pick("base_url", base_url, {}, "")
            if env is not None
            else _pick("base_url", base_url, environ, "TIMEBACK_BASE_URL")
        )
        if origin is not None:
            origin = _check_url("base_url", origin)
            if token is None:
                raise ConfigurationError(
                    "auth_url is required with base_url= (or set TIMEBACK_TOKEN_URL)"
                )
        else:
            env_name = _pick("env", env, environ, "TIMEBACK_ENV")
            if env_name is None:
                raise ConfigurationError(
                    "no platform configured: pass env='staging' or env='production' "
                    "(or set TIMEBACK_ENV), or base_url= with auth_url=, or services= with "
                    "auth_url="
                )
            if env_name not in ("staging", "production"):
                raise ConfigurationError(
                    f"unknown env {env_name!r}; expected 'staging' or 'production'"
                )
            environment = env_name  # type: ignore[assignment]
            table = ENVIRONMENTS[(plat, environment)]  # type: ignore[index]
            hosts = {"api": table.api, "caliper": table.caliper, "webhooks": table.caliper}
            qti = environ.get("TIMEBACK_QTI_URL") or table.qti
            if qti:
                hosts["qti"] = _check_url("TIMEBACK_QTI_URL", qti)
            else:
                unknown.add("qti")
            if token is None:
                token = table.token

    cid = _pick("client_id", client_id, environ, "TIMEBACK_CLIENT_ID")
    if isinstance(client_secret, Secret):
        client_secret = client_secret.get_secret_value()
    secret = _pick("client_secret", client_secret, environ, "TIMEBACK_CLIENT_SECRET")
    missing = [
        f"{arg} (or {var})"
        for arg, var, value in (
            ("client_id", "TIMEBACK_CLIENT_ID", cid),
            ("client_secret", "TIMEBACK_CLIENT_SECRET", secret),
        )
        if value is None
    ]
    if missing or cid is None or secret is None:
        raise ConfigurationError("missing credentials: " + ", ".join(missing))
    if token is None:  # every branch above sets it or raises; kept for the type checker
        raise ConfigurationError("auth_url is required (or set TIMEBACK_TOKEN_URL)")
    scope_value = _pick("scope", scope, environ, "TIMEBACK_SCOPE") or TOKEN_SCOPES[plat]
    return ClientSettings(
        platform=plat,
        environment=environment,
        service_urls=urls,
        base_url=origin if services is None else None,
        hosts=hosts,
        unknown_hosts=frozenset(unknown),
        token_url=_check_url("auth_url", token),
        client_id=cid,
        client_secret=Secret(secret),
        scope=scope_value,
    )
