"""The CLI answers an id it cannot send with one typed error line, not a traceback.

A command-line argument that is not valid UTF-8 reaches Python as text with unpaired surrogates
(``surrogateescape``); NUL characters can come from scripts. Either is refused before anything
is sent, with exit code 2 (a usage error) rather than 1 ("the platform failed").
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from click.testing import CliRunner

from timeback_core._cli._app import cli
from timeback_emulator import EmulatorServer


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(seed="tiny", client_id="security-cli-ids") as server:
        yield server


@pytest.mark.parametrize("bad_id", ["usr\udcff", "usr\x00x"], ids=["surrogate", "nul"])
def test_the_cli_refuses_an_unsendable_id_with_one_typed_line(
    bad_id: str, server: EmulatorServer
) -> None:
    env = {
        "TIMEBACK_ENV": None,
        "TIMEBACK_BASE_URL": server.base_url,
        "TIMEBACK_TOKEN_URL": server.token_url,
        "TIMEBACK_CLIENT_ID": server.client_id,
        "TIMEBACK_CLIENT_SECRET": server.client_secret,
    }
    server.reset_stats()

    result = CliRunner().invoke(cli, ["users", "get", bad_id], env=env, prog_name="timeback")

    assert result.exit_code == 2
    assert "InputValidationError" in result.output
    assert "Traceback" not in result.output
    sent = [r for r in server.stats()["requests"] if r["route"] != "/oauth2/token"]
    assert sent == []
