"""``timeback auth check``: fetch a token with the configured credentials and say how long it lasts.

The token request is built and read by `timeback_auth`'s own helpers (the ones its
``ClientCredentialsAuth`` uses), so a check passes exactly when the SDK would get a token. Neither
the secret nor the token is ever printed.
"""

from __future__ import annotations

import json
import time
from datetime import datetime, timedelta, timezone

import click

from timeback_core._cli._connection import Connection, connection_options
from timeback_core._cli._output import stdout_console, text_or_json_option

__all__ = ["auth_group"]

_TOKEN_URL_HINT = (
    "; check the token URL (--auth-url, TIMEBACK_TOKEN_URL or --env) and that this machine can"
    " reach its host"
)


@click.group(name="auth", help="Check credentials.", no_args_is_help=True)
def auth_group() -> None:
    pass


@auth_group.command(name="check")
@text_or_json_option
@connection_options
def check_command(output_format: str, connection: Connection) -> None:
    """Fetch an OAuth2 token: prints OK and when it expires (exit code 3 when refused)."""
    import httpx

    from timeback_auth import ClientCredentials, build_token_request, parse_token_response
    from timeback_common import DEFAULT_TIMEOUT, APIConnectionError, APITimeoutError

    settings = connection.settings()
    credentials = ClientCredentials(
        client_id=settings.client_id,
        client_secret=settings.client_secret,
        token_url=settings.token_url,
        scope=settings.scope,
    )
    request = build_token_request(credentials)
    timeout = DEFAULT_TIMEOUT if connection.timeout is None else httpx.Timeout(connection.timeout)
    started = time.monotonic()
    try:
        with httpx.Client(timeout=timeout, follow_redirects=False) as http:
            response = http.send(request)
            response.read()
    except httpx.TimeoutException as exc:
        raise APITimeoutError(
            f"the token endpoint did not answer in time ({type(exc).__name__}){_TOKEN_URL_HINT}",
            method="POST",
            url=settings.token_url,
        ) from None
    except httpx.TransportError as exc:
        raise APIConnectionError(
            f"could not reach the token endpoint ({type(exc).__name__}: {exc}){_TOKEN_URL_HINT}",
            method="POST",
            url=settings.token_url,
        ) from None
    token = parse_token_response(response, credentials=credentials, issued_at=started)
    lifetime = token.lifetime
    expires_at = datetime.now(timezone.utc) + timedelta(seconds=lifetime)
    granted_scope = _granted_scope(response.content)
    if output_format == "json":
        report = {
            "ok": True,
            "platform": settings.platform,
            "environment": settings.environment,
            "tokenUrl": settings.token_url,
            "clientId": settings.client_id,
            "scope": granted_scope,
            "expiresIn": lifetime,
            "expiresAt": expires_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }
        click.echo(json.dumps(report))
        return
    console = stdout_console()
    console.print(
        f"[bold green]OK[/bold green] token issued for client [bold]{settings.client_id}[/bold]",
        highlight=False,
    )
    console.print(f"  token URL:  {settings.token_url}", highlight=False)
    console.print(
        f"  expires:    in {_duration(lifetime)} ({expires_at:%Y-%m-%d %H:%M:%S} UTC)",
        highlight=False,
    )
    if granted_scope:
        console.print(f"  scope:      {granted_scope}", highlight=False)


def _granted_scope(content: bytes) -> str | None:
    try:
        scope = json.loads(content).get("scope")
    except (ValueError, AttributeError):
        return None
    return scope if isinstance(scope, str) and scope else None


def _duration(seconds: float) -> str:
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"
