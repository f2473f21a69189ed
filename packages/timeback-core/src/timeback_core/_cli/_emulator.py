"""``timeback emulator serve``: the local emulator, as one command of ``timeback``.

The options, defaults and descriptions are those of ``timeback-emulator serve`` (a test keeps
the two equal). The emulator is imported only when the command runs (and ``--version`` asks for
it), so ``timeback --help`` and every other command work without it installed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from timeback_core._cli._emulator_extra import require_emulator

__all__ = ["emulator_group"]


def _emulator() -> Any:
    require_emulator("timeback emulator serve")
    import timeback_emulator

    return timeback_emulator


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    click.echo(f"timeback-emulator {_emulator().__version__}")
    ctx.exit(0)


def _seed(_ctx: click.Context, _param: click.Parameter, value: str) -> str | int | None:
    lowered = value.strip().lower()
    if lowered in ("none", "empty"):
        return None
    if lowered in ("tiny", "small", "district"):
        return lowered
    if lowered.isdigit() and 5 <= int(lowered) <= 100_000:
        return int(lowered)
    raise click.BadParameter(
        f"{value!r}: use tiny, small, district, a number of students (5 to 100000) or none"
    )


def _number_option(
    name: str,
    kind: object,
    default: float | None,
    help: str,
) -> Callable[..., Any]:
    """A numeric option of ``serve``: its type (``int`` or a click range), default and help."""
    return click.option(name, type=kind, default=default, help=help)


@click.group(name="emulator", help="Run the local Timeback emulator.", no_args_is_help=True)
def emulator_group() -> None:
    pass


@emulator_group.command(
    name="serve",
    short_help="Serve every service and the token endpoint from one local origin.",
    context_settings={"show_default": True},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the emulator's version and exit.",
)
@click.option("--host", default="127.0.0.1", help="Interface to bind.")
@click.option(
    "--port", type=click.IntRange(min=0), default=8400, help="Port to bind; 0 picks a free one."
)
@click.option(
    "--db",
    default=None,
    type=click.Path(dir_okay=False),
    help="SQLite file that keeps the data (default: in memory).",
)
@click.option(
    "--seed",
    default="tiny",
    callback=_seed,
    help="District to seed: tiny, small, district, a number of students, or none.",
)
@_number_option("--seed-number", int, 0, "Random seed of the data (same number, same data).")
@click.option("--client-id", default="emulator-client", help="Client id the token URL accepts.")
@click.option("--client-secret", default="emulator-secret", help="Its client secret.")
@_number_option(
    "--token-ttl", click.IntRange(min=0), 3600, "Lifetime of issued tokens, in seconds."
)
@_number_option("--latency-ms", click.IntRange(min=0), 0, "Delay added to every API response.")
@_number_option(
    "--fail-rate",
    click.FloatRange(0.0, 1.0),
    0.0,
    "Share of API requests answered with a 503 (0-1).",
)
@_number_option("--fail-seed", int, None, "Seed of the random 503s (reproducible failures).")
@click.option(
    "--strict-filters",
    is_flag=True,
    default=False,
    help="Imitate LearnWith.AI's filter limits (two predicates, AND and OR not mixed).",
)
@click.option(
    "--webhook-signing",
    type=click.Choice(["standard", "caliper-hex"]),
    default="standard",
    help="How webhook deliveries are signed: Standard Webhooks, or a hex HMAC-SHA256 of the "
    "body in X-Caliper-Signature.",
)
@click.option(
    "--webhook-allow-host",
    multiple=True,
    default=[],
    metavar="HOST",
    help="A non-loopback host webhook deliveries may reach (repeatable; default: loopback only).",
)
@click.option("--access-log", is_flag=True, default=False, help="Log every request to stderr.")
@_number_option(
    "--keep-alive-timeout",
    click.IntRange(min=1),
    5,
    "Seconds an idle keep-alive connection stays open.",
)
@_number_option(
    "--header-timeout",
    click.FloatRange(min=0.0, min_open=True),
    10.0,
    "Seconds a client has to send a complete request line and headers.",
)
@_number_option(
    "--max-header-size",
    click.IntRange(min=1024),
    16384,
    "Largest request line plus headers, in bytes (larger gets a 431).",
)
def serve_command(**options: Any) -> None:
    """Serve OneRoster, Edubridge, Caliper and the token endpoint from one local origin until
    Ctrl+C.

    Prints the base URL, token URL and credentials once listening. The admin API under
    /_emulator/ (faults, stats, reset) answers loopback clients only.
    """
    emulator = _emulator()
    try:
        config = emulator.EmulatorConfig(
            client_id=options["client_id"],
            client_secret=options["client_secret"],
            token_ttl=options["token_ttl"],
            seed=options["seed"],
            seed_number=options["seed_number"],
            latency_ms=options["latency_ms"],
            fail_rate=options["fail_rate"],
            fail_seed=options["fail_seed"],
            db=options["db"],
            strict_filters=options["strict_filters"],
            webhook_signing=options["webhook_signing"],
            webhook_allowed_hosts=tuple(options["webhook_allow_host"]),
        )
        limits = emulator.ServerLimits(
            keep_alive_timeout=options["keep_alive_timeout"],
            header_timeout=options["header_timeout"],
            max_header_bytes=options["max_header_size"],
        )
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    host, port = options["host"], options["port"]
    try:
        emulator.serve(
            config, host=host, port=port, limits=limits, access_log=options["access_log"]
        )
    except emulator.PortInUseError:
        raise click.ClickException(
            f"port {port} on {host} is already in use (another emulator still running?).\n"
            "Choose another with --port N, or --port 0 to pick a free port "
            "(the one picked is printed)."
        ) from None
    except OSError as exc:
        raise click.ClickException(f"cannot serve on {host}:{port}: {exc}") from None
