"""``timeback emulator serve``: the emulator's own command, reached from ``timeback``.

Every argument after ``serve`` is handed unchanged to ``timeback-emulator serve``'s parser
(`timeback_emulator._cli`), so the two commands accept exactly the same options, defaults and
help, and a new emulator option needs no change here.
"""

from __future__ import annotations

import click

__all__ = ["emulator_group"]


@click.group(name="emulator", help="Run the local Timeback emulator.", no_args_is_help=True)
def emulator_group() -> None:
    pass


@emulator_group.command(
    name="serve",
    context_settings={
        "ignore_unknown_options": True,
        "allow_extra_args": True,
        "help_option_names": [],  # --help goes to the emulator's parser, which knows the options
    },
    short_help="Serve the emulator over HTTP (options of timeback-emulator serve).",
)
@click.argument("emulator_args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def serve_command(ctx: click.Context, emulator_args: tuple[str, ...]) -> None:
    """Serve OneRoster, Edubridge, Caliper and the token endpoint from one local origin.

    Takes exactly the options of ``timeback-emulator serve``; see ``timeback emulator serve
    --help``.
    """
    from timeback_emulator import run_command_line

    try:
        code = run_command_line(["serve", *emulator_args])
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        code = exc.code if isinstance(exc.code, int) else 2
    ctx.exit(code)
