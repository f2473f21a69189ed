"""The emulator over real sockets: connection limits, and expected client behaviour kept quiet.

Raw sockets, because the point is what a slow, silent or careless client does to the server.
Every wait has a generous socket timeout as a safety net; nothing here asserts a duration.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pytest

from timeback_emulator import EmulatorServer, ServerLimits

SAFETY_TIMEOUT = 30.0


def connect(server: EmulatorServer) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=SAFETY_TIMEOUT)


def read_until_closed(sock: socket.socket) -> bytes:
    """Everything the server sends until it closes the connection."""
    received = b""
    while chunk := sock.recv(65536):
        received += chunk
    return received


@pytest.fixture(scope="module")
def short_limits() -> Iterator[EmulatorServer]:
    limits = ServerLimits(keep_alive_timeout=1, header_timeout=0.5, max_header_bytes=4096)
    with EmulatorServer(seed=None, limits=limits) as server:
        yield server


@pytest.mark.parametrize(
    "sent",
    [
        pytest.param(b"", id="nothing-sent"),
        pytest.param(b"GET / HTTP/1.1\r\nHost: emulator\r\nX-Slow: ", id="a-head-never-completed"),
    ],
)
def test_a_client_that_never_completes_a_request_is_disconnected(
    short_limits: EmulatorServer, sent: bytes
) -> None:
    with connect(short_limits) as sock:
        sock.sendall(sent)

        assert read_until_closed(sock) == b""


def test_an_idle_keep_alive_connection_is_closed_after_its_response(
    short_limits: EmulatorServer,
) -> None:
    with connect(short_limits) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: emulator\r\n\r\n")

        received = read_until_closed(sock)

    assert received.startswith(b"HTTP/1.1 200 ")
    assert b'"name":"timeback-emulator"' in received


def test_a_request_head_over_the_size_limit_gets_a_431(short_limits: EmulatorServer) -> None:
    response = httpx.get(short_limits.base_url + "/", headers={"X-Big": "x" * 8192})

    assert response.status_code == 431
    assert response.json()["imsx_description"] == "Request header fields too large."


def test_a_request_head_over_the_size_limit_arriving_in_pieces_gets_a_400(
    short_limits: EmulatorServer,
) -> None:
    with connect(short_limits) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: emulator\r\nX-Big: ")
        for _ in range(5):  # just over the limit: the server answers before anything unread
            sock.sendall(b"x" * 1024)
        received = read_until_closed(sock)

    assert received.startswith(b"HTTP/1.1 400 ")


def test_a_request_head_within_the_size_limit_is_served(short_limits: EmulatorServer) -> None:
    response = httpx.get(short_limits.base_url + "/", headers={"X-Big": "x" * 2048})

    assert response.status_code == 200


def test_the_default_limits_serve_a_large_but_sane_head() -> None:
    with EmulatorServer(seed=None) as server:
        response = httpx.get(server.base_url + "/", headers={"X-Big": "x" * 12_000})
        too_big = httpx.get(server.base_url + "/", headers={"X-Big": "x" * 20_000})

    assert response.status_code == 200
    assert too_big.status_code == 431


@pytest.mark.parametrize(
    "limits",
    [
        {"keep_alive_timeout": 0},
        {"header_timeout": 0},
        {"header_timeout": -1.0},
        {"max_header_bytes": 100},
    ],
)
def test_limits_out_of_range_are_refused(limits: dict[str, float]) -> None:
    with pytest.raises(ValueError, match="must be"):
        ServerLimits(**limits)  # type: ignore[arg-type]


# -- expected disconnects are not logged as errors -----------------------------------------


@pytest.fixture
def served_with_unread_stderr() -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """``timeback-emulator serve`` whose stderr is a pipe nobody reads while it serves."""
    process = subprocess.Popen(
        [sys.executable, "-m", "timeback_emulator._cli", "serve", "--port", "0", "--seed", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline().decode()
        match = re.search(r":(\d+)\s*$", first_line)
        assert match, first_line
        yield process, int(match[1])
    finally:
        process.terminate()
        process.wait(timeout=SAFETY_TIMEOUT)


def test_many_client_disconnects_cannot_wedge_a_server_whose_stderr_is_never_read(
    served_with_unread_stderr: tuple[subprocess.Popen[bytes], int],
) -> None:
    process, port = served_with_unread_stderr
    base = f"http://127.0.0.1:{port}"
    token = httpx.post(
        base + "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=("emulator-client", "emulator-secret"),
    ).json()["access_token"]
    # Each of these used to log a multi-line traceback (about 5 kB) or a warning to stderr: a
    # 64 kB pipe that is never read fills after a dozen, and the server then blocks in a write.
    head = (
        "POST /ims/oneroster/rostering/v1p2/users HTTP/1.1\r\nHost: emulator\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        "Content-Length: 5000\r\n\r\n{"
    ).encode()
    for _ in range(150):
        with socket.create_connection(("127.0.0.1", port), timeout=SAFETY_TIMEOUT) as sock:
            sock.sendall(head)  # promise a body, send one byte of it, hang up
    for _ in range(150):
        with socket.create_connection(("127.0.0.1", port), timeout=SAFETY_TIMEOUT) as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            read_until_closed(sock)
    httpx.post(base + "/_emulator/faults", json={"action": "drop", "count": 100})
    for _ in range(100):
        with pytest.raises(httpx.TransportError):
            httpx.get(base + "/ims/oneroster/rostering/v1p2/users", headers={"X-Try": "drop"})

    answer = httpx.get(base + "/", timeout=SAFETY_TIMEOUT)

    assert answer.status_code == 200
    process.terminate()
    _, stderr = process.communicate(timeout=SAFETY_TIMEOUT)
    assert b"Traceback" not in stderr
    assert len(stderr) < 4096, stderr[:2000]
