"""``timeback emulator serve`` is one command of ``timeback`` with the emulator's own options.

It must offer exactly the options of ``timeback-emulator serve`` (same names, defaults and
descriptions), print the emulator's version, and turn a busy port into a hint to use --port 0.
"""

from __future__ import annotations

import builtins
import socket
from typing import Any

import click
import pytest
from click.testing import CliRunner

from timeback_core._cli._app import cli
from timeback_core._cli._emulator import serve_command
from timeback_emulator import __version__
from timeback_emulator._cli import SERVE_OPTIONS, build_parser


def _argparse_serve_options() -> dict[str, tuple[Any, str]]:
    parser = build_parser()
    serve = parser._subparsers._group_actions[0].choices["serve"]  # type: ignore[union-attr]
    options: dict[str, tuple[Any, str]] = {}
    for action in serve._actions:
        flag = max(action.option_strings, key=len, default="")
        if flag and flag != "--help":
            options[flag] = (action.default, action.help or "")
    return options


def _click_serve_options() -> dict[str, tuple[Any, str]]:
    options: dict[str, tuple[Any, str]] = {}
    for param in serve_command.params:
        if isinstance(param, click.Option) and param.expose_value:
            options[max(param.opts, key=len)] = (param.default, param.help or "")
    return options


def test_both_commands_offer_the_same_options_defaults_and_descriptions() -> None:
    from_argparse = _argparse_serve_options()
    from_click = _click_serve_options()

    assert len(from_argparse) == len(SERVE_OPTIONS)
    assert from_click.keys() == from_argparse.keys()
    for flag, (default, text) in from_argparse.items():
        click_default, click_text = from_click[flag]
        assert (flag, click_default) == (flag, default)
        assert (flag, click_text) == (flag, text)


def test_every_option_is_described_in_the_help() -> None:
    result = CliRunner().invoke(cli, prog_name="timeback", args=["emulator", "serve", "--help"])

    assert result.exit_code == 0
    assert result.output.startswith("Usage: timeback emulator serve [OPTIONS]")
    for flag in (*_click_serve_options(), "--version"):
        assert flag in result.output


def test_version_prints_the_emulator_version() -> None:
    result = CliRunner().invoke(cli, prog_name="timeback", args=["emulator", "serve", "--version"])

    assert result.exit_code == 0
    assert result.output.strip() == f"timeback-emulator {__version__}"


def test_a_busy_port_says_to_use_port_0() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = CliRunner().invoke(
            cli, prog_name="timeback", args=["emulator", "serve", "--port", str(port)]
        )

    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.output
    assert "--port 0" in result.output
    assert "Errno" not in result.output


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["--seed", "huge"], "--seed"),
        (["--fail-rate", "2"], "--fail-rate"),
        (["--port", "-1"], "--port"),
        (["--header-timeout", "0"], "--header-timeout"),
    ],
)
def test_invalid_options_are_usage_errors_naming_the_option(argv: list[str], named: str) -> None:
    result = CliRunner().invoke(cli, prog_name="timeback", args=["emulator", "serve", *argv])

    assert result.exit_code == 2
    assert named in result.output


def test_without_the_emulator_installed_the_command_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_import = builtins.__import__

    def no_emulator(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.partition(".")[0] == "timeback_emulator":
            raise ImportError(f"No module named {name!r}", name=name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_emulator)

    result = CliRunner().invoke(
        cli, prog_name="timeback", args=["emulator", "serve", "--port", "0"]
    )

    assert result.exit_code == 2  # the command must change (an install) before it can work
    assert "pip install 'timeback-core[cli,emulator]'" in result.output
