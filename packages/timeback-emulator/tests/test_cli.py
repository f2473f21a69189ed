"""``timeback-emulator serve`` as a subprocess: it prints its URLs and serves them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from timeback_emulator._cli import build_parser


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
    ],
)
def test_invalid_options_are_rejected(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(argv)
    assert exc.value.code == 2


def test_options_map_onto_the_configuration() -> None:
    args = build_parser().parse_args(
        ["serve", "--seed", "small", "--fail-rate", "0.1", "--fail-seed", "4", "--latency-ms", "5"]
    )
    assert (args.seed, args.fail_rate, args.fail_seed, args.latency_ms) == ("small", 0.1, 4, 5)
    assert build_parser().parse_args(["serve", "--seed", "250"]).seed == 250
