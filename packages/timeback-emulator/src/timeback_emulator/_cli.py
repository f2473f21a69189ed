"""``timeback-emulator serve``: run the emulator over HTTP from the command line.

``timeback emulator serve`` (from ``timeback-core[cli]``) takes the same options; a test keeps
the two lists of options, defaults and descriptions equal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from timeback_emulator._config import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, parse_seed
from timeback_emulator._serving import (
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_KEEP_ALIVE_TIMEOUT,
    DEFAULT_MAX_HEADER_BYTES,
)

PROG = "timeback-emulator"


def busy_port_message(host: str, port: int, option: str = "--port") -> str:
    """What to tell a user whose port is taken."""
    return (
        f"port {port} on {host} is already in use (another emulator still running?).\n"
        f"Choose another with {option} N, or {option} 0 to pick a free port "
        "(the one picked is printed)."
    )


def _seed(value: str) -> str | int | None:
    try:
        return parse_seed(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _rate(value: str) -> float:
    try:
        rate = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not 0.0 <= rate <= 1.0:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return rate


def _non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError("must be >= 0")
    return number


def _positive(value: str) -> int:
    number = _non_negative(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be >= 1")
    return number


def _positive_seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not number > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def _header_bytes(value: str) -> int:
    number = _non_negative(value)
    if number < 1024:
        raise argparse.ArgumentTypeError("must be at least 1024")
    return number


# (flags, argparse keywords): the one list of serve options, descriptions included.
SERVE_OPTIONS: list[tuple[str, dict[str, object]]] = [
    ("--host", {"default": "127.0.0.1", "help": "Interface to bind."}),
    (
        "--port",
        {"type": _non_negative, "default": 8400, "help": "Port to bind; 0 picks a free one."},
    ),
    ("--db", {"default": None, "help": "SQLite file that keeps the data (default: in memory)."}),
    (
        "--seed",
        {
            "type": _seed,
            "default": "tiny",
            "help": "District to seed: tiny, small, district, a number of students, or none.",
        },
    ),
    (
        "--seed-number",
        {"type": int, "default": 0, "help": "Random seed of the data (same number, same data)."},
    ),
    ("--client-id", {"default": DEFAULT_CLIENT_ID, "help": "Client id the token URL accepts."}),
    ("--client-secret", {"default": DEFAULT_CLIENT_SECRET, "help": "Its client secret."}),
    (
        "--token-ttl",
        {"type": _non_negative, "default": 3600, "help": "Lifetime of issued tokens, in seconds."},
    ),
    (
        "--latency-ms",
        {"type": _non_negative, "default": 0, "help": "Delay added to every API response."},
    ),
    (
        "--fail-rate",
        {"type": _rate, "default": 0.0, "help": "Share of API requests answered with a 503 (0-1)."},
    ),
    (
        "--fail-seed",
        {"type": int, "default": None, "help": "Seed of the random 503s (reproducible failures)."},
    ),
    (
        "--strict-filters",
        {
            "action": "store_true",
            "help": "Imitate LearnWith.AI's filter limits (two predicates, AND and OR not mixed).",
        },
    ),
    (
        "--webhook-signing",
        {
            "choices": ["standard", "caliper-hex"],
            "default": "standard",
            "help": "How webhook deliveries are signed: Standard Webhooks, or a hex HMAC-SHA256 "
            "of the body in X-Caliper-Signature.",
        },
    ),
    (
        "--webhook-allow-host",
        {
            "action": "append",
            "default": [],
            "metavar": "HOST",
            "help": "A non-loopback host webhook deliveries may reach (repeatable; default: "
            "loopback only).",
        },
    ),
    ("--access-log", {"action": "store_true", "help": "Log every request to stderr."}),
    (
        "--keep-alive-timeout",
        {
            "type": _positive,
            "default": DEFAULT_KEEP_ALIVE_TIMEOUT,
            "help": "Seconds an idle keep-alive connection stays open.",
        },
    ),
    (
        "--header-timeout",
        {
            "type": _positive_seconds,
            "default": DEFAULT_HEADER_TIMEOUT,
            "help": "Seconds a client has to send a complete request line and headers.",
        },
    ),
    (
        "--max-header-size",
        {
            "type": _header_bytes,
            "default": DEFAULT_MAX_HEADER_BYTES,
            "help": "Largest request line plus headers, in bytes (larger gets a 431).",
        },
    ),
]


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    from timeback_emulator import __version__

    parser = argparse.ArgumentParser(
        prog=PROG,
        description="A local emulator of the Timeback platform (OneRoster, Edubridge, Caliper).",
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="Serve every service and the token endpoint from one local origin.",
        description="Serve OneRoster, Edubridge, Caliper and the token endpoint from one local "
        "origin until Ctrl+C.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    for flag, keywords in SERVE_OPTIONS:
        serve.add_argument(flag, **keywords)  # type: ignore[arg-type]
    return parser


def run_serve(args: argparse.Namespace) -> int:
    """Serve with parsed ``serve`` options; the exit code."""
    from timeback_emulator._config import EmulatorConfig
    from timeback_emulator._serving import PortInUseError, ServerLimits, serve

    try:
        config = EmulatorConfig(
            client_id=args.client_id,
            client_secret=args.client_secret,
            token_ttl=args.token_ttl,
            seed=args.seed,
            seed_number=args.seed_number,
            latency_ms=args.latency_ms,
            fail_rate=args.fail_rate,
            fail_seed=args.fail_seed,
            db=args.db,
            strict_filters=args.strict_filters,
            webhook_signing=args.webhook_signing,
            webhook_allowed_hosts=tuple(args.webhook_allow_host),
        )
        limits = ServerLimits(
            keep_alive_timeout=args.keep_alive_timeout,
            header_timeout=args.header_timeout,
            max_header_bytes=args.max_header_size,
        )
        serve(config, host=args.host, port=args.port, limits=limits, access_log=args.access_log)
    except ValueError as exc:  # a value argparse cannot check alone (the configuration's rules)
        print(f"{PROG} serve: {exc}", file=sys.stderr)
        return 2
    except PortInUseError as exc:
        print(f"{PROG}: {busy_port_message(exc.host, exc.port)}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"{PROG}: cannot serve on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``timeback-emulator`` command."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return run_serve(args)
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
