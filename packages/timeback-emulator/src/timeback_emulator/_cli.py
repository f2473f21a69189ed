"""``timeback-emulator serve``: run the emulator over HTTP from the command line."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

from timeback_emulator._config import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, parse_seed


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


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser."""
    parser = argparse.ArgumentParser(
        prog="timeback-emulator",
        description="A local emulator of the Timeback platform (OneRoster, Edubridge, Caliper).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve every service from one origin")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=_non_negative, default=8400, help="port (default 8400; 0 picks a free one)"
    )
    serve.add_argument("--db", default=None, help="SQLite file (default: in memory)")
    serve.add_argument(
        "--seed",
        type=_seed,
        default="tiny",
        help="district size: tiny, small, district, a number of students, or none (default tiny)",
    )
    serve.add_argument("--seed-number", type=int, default=0, help="random seed of the data")
    serve.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    serve.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET)
    serve.add_argument("--token-ttl", type=_non_negative, default=3600, help="seconds (3600)")
    serve.add_argument("--latency-ms", type=_non_negative, default=0, help="added to every call")
    serve.add_argument("--fail-rate", type=_rate, default=0.0, help="probability of a random 503")
    serve.add_argument("--fail-seed", type=int, default=None, help="seed of the random 503s")
    serve.add_argument(
        "--strict-filters", action="store_true", help="LearnWith.AI filter limits (two predicates)"
    )
    serve.add_argument("--access-log", action="store_true", help="log every request")
    return parser


async def _serve(args: argparse.Namespace) -> None:
    import uvicorn

    from timeback_emulator._config import EmulatorConfig
    from timeback_emulator.app import bind_socket, create_app, serving_app

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
    )
    app = create_app(config)
    sock = bind_socket(args.host, args.port)
    port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(
            serving_app(app),
            log_level="info" if args.access_log else "warning",
            access_log=args.access_log,
            lifespan="off",
        )
    )
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():  # noqa: ASYNC110 - uvicorn offers no event
        await asyncio.sleep(0.01)
    if server.started:
        host = f"[{args.host}]" if ":" in args.host else args.host
        base = f"http://{host}:{port}"
        print(f"Timeback emulator listening on {base}", flush=True)
        print(f"  base URL:      {base}", flush=True)
        print(f"  token URL:     {base}/oauth2/token", flush=True)
        print(f"  client id:     {config.client_id}", flush=True)
        print(f"  client secret: {config.client_secret}", flush=True)
        print(f"  admin API:     {base}/_emulator/  (loopback only)", flush=True)
        print("Press Ctrl+C to stop.", flush=True)
    try:
        await task
    finally:
        sock.close()


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``timeback-emulator`` command."""
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        try:
            asyncio.run(_serve(args))
        except KeyboardInterrupt:
            pass
        except OSError as exc:
            print(f"timeback-emulator: {exc}", file=sys.stderr)
            return 1
        return 0
    return 2  # pragma: no cover - argparse rejects unknown commands


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
