"""``timeback-emulator serve`` as a subprocess: it prints its URLs and serves them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from timeback_emulator import EmulatorConfig, PortInUseError, serve
from timeback_emulator._cli import SERVE_OPTIONS, build_parser, main


@pytest.fixture
def served() -> Iterator[dict[str, str]]:
    command = [
        sys.executable, "-c", "from timeback_emulator._cli import main; raise SystemExit(main())",
        "serve", "--port", "0", "--seed", "none", "--client-id", "cli-id",
        "--client-secret", "cli-secret", "--token-ttl", "60",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        printed: dict[str, str] = {}
        assert process.stdout is not None
        for line in process.stdout:
            if ":" in line and line.startswith("  "):
                key, _, value = line.strip().partition(":")
                printed[key] = value.strip()
            if "client secret" in printed:
                break
        yield printed
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_serve_prints_urls_and_credentials_then_serves(served: dict[str, str]) -> None:
    base = served["base URL"]
    assert base.startswith("http://127.0.0.1:")
    assert not base.endswith(":0")
    assert served["token URL"] == base + "/oauth2/token"
    assert (served["client id"], served["client secret"]) == ("cli-id", "cli-secret")
    token = httpx.post(
        served["token URL"],
        data={"grant_type": "client_credentials"},
        auth=("cli-id", "cli-secret"),
    ).json()
    assert token["expires_in"] == 60
    response = httpx.get(
        base + "/edubridge/applications",
        headers={"Authorization": f"Bearer {token['access_token']}"},
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    "argv",
    [
        ["serve", "--fail-rate", "2"],
        ["serve", "--seed", "huge"],
        ["serve", "--port", "-1"],
        ["serve", "--latency-ms", "x"],
        # connection limits out of range
        ["serve", "--keep-alive-timeout", "0"],
        ["serve", "--header-timeout", "0"],
        ["serve", "--max-header-size", "10"],
    ],
)
def test_invalid_options_are_usage_errors(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(argv)
    assert exc.value.code == 2


def test_options_map_onto_the_configuration() -> None:
    args = build_parser().parse_args(
        ["serve", "--seed", "small", "--fail-rate", "0.1", "--fail-seed", "4", "--latency-ms", "5"]
    )
    assert (args.seed, args.fail_rate, args.fail_seed, args.latency_ms) == ("small", 0.1, 4, 5)
    assert build_parser().parse_args(["serve", "--seed", "250"]).seed == 250


def test_version_names_the_emulator(capsys: pytest.CaptureFixture[str]) -> None:
    from timeback_emulator import __version__

    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["--version"])

    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"timeback-emulator {__version__}"


def test_every_serve_option_is_described(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["serve", "--help"])
    help_text = capsys.readouterr().out

    assert help_text.startswith("usage: timeback-emulator serve")
    for flag, keywords in SERVE_OPTIONS:
        assert flag in help_text
        assert keywords.get("help"), flag


def test_limit_options_map_onto_the_server_limits() -> None:
    args = build_parser().parse_args(
        [
            "serve",
            "--keep-alive-timeout",
            "2",
            "--header-timeout",
            "0.5",
            "--max-header-size",
            "8192",
        ]
    )

    assert (args.keep_alive_timeout, args.header_timeout, args.max_header_size) == (2, 0.5, 8192)


def test_a_busy_port_says_to_use_port_0(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        code = main(["serve", "--port", str(port), "--seed", "none"])

    err = capsys.readouterr().err
    assert code == 1
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "--port 0" in err
    assert "Errno" not in err


def test_serve_raises_port_in_use_for_a_taken_port() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        with pytest.raises(PortInUseError) as exc:
            serve(host="127.0.0.1", port=port, config=EmulatorConfig(seed=None))

    assert (exc.value.host, exc.value.port) == ("127.0.0.1", port)
