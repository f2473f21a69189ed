"""Hostile input to the emulator is refused as bad input (400 with the service's error body).

Plain ``httpx`` over real HTTP against the shared emulator: a JSON body nested deeper than
Python's parser recurses, integers beyond what SQLite holds, and filters that would overflow the
filter parser or SQLite's expression depth all answer 400, never 500. And the admin API decides
"loopback only" on the socket's peer address, never on forwarding headers.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import httpx
import pytest

from timeback_emulator import EmulatorServer

DEEP_ARRAY = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 50_000 + "1" + "}" * 50_000


@pytest.fixture
def http(timeback_emulator: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=timeback_emulator.base_url, timeout=30) as client:
        token = client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(timeback_emulator.client_id, timeback_emulator.client_secret),
        ).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        yield client


def error_message(response: httpx.Response) -> str:
    """The message of any of the emulator's error bodies (IMS, Edubridge, Caliper, admin)."""
    body = response.json()
    if "imsx_description" in body:
        return str(body["imsx_description"])
    if "errors" in body and isinstance(body["errors"], list):
        return str(body["errors"][0]["meta"]["issues"][0]["message"])
    return str(body["message"])


@pytest.mark.parametrize("body", [DEEP_ARRAY, DEEP_OBJECT], ids=["array", "object"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/ims/oneroster/rostering/v1p2/users"),
        ("PUT", "/ims/oneroster/rostering/v1p2/users/usr-1"),
        ("POST", "/ims/oneroster/gradebook/v1p2/assessmentResults"),
        ("POST", "/caliper/event"),
        ("POST", "/edubridge/caliper/event"),
        ("POST", "/edubridge/enrollments/enroll/usr-1/crs-1"),
        ("POST", "/_emulator/faults"),
        ("POST", "/_emulator/reset"),
        ("POST", "/_emulator/jobs/fail"),
    ],
)
def test_deeply_nested_json_is_a_400_not_a_500(
    http: httpx.Client, method: str, path: str, body: str
) -> None:
    response = http.request(
        method, path, content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 400, response.text[:300]
    assert "nested too deeply" in error_message(response)


@pytest.mark.parametrize("name", ["offset", "limit"])
@pytest.mark.parametrize(
    "value", ["99999999999999999999", "-99999999999999999999", "9" * 5000, "9223372036854775808"]
)
@pytest.mark.parametrize(
    "path",
    [
        "/ims/oneroster/rostering/v1p2/users",
        "/ims/oneroster/gradebook/v1p2/results",
        "/edubridge/users/?roles=student",
        "/caliper/events",
    ],
)
def test_out_of_range_paging_numbers_are_a_400_not_a_500(
    http: httpx.Client, path: str, name: str, value: str
) -> None:
    separator = "&" if "?" in path else "?"
    response = http.get(f"{path}{separator}{name}={value}")

    assert response.status_code == 400, response.text[:300]
    assert name in error_message(response) or name in response.text


@pytest.mark.parametrize("value", ["1_0", "\u0661\u0662", "0x10", "1e3"])
def test_paging_numbers_are_ascii_digits_only(http: httpx.Client, value: str) -> None:
    response = http.get("/ims/oneroster/rostering/v1p2/users", params={"offset": value})

    assert response.status_code == 400
    assert "not an integer" in error_message(response)


def test_the_largest_accepted_offset_answers_an_empty_page(http: httpx.Client) -> None:
    response = http.get("/ims/oneroster/rostering/v1p2/users", params={"offset": str(2**62)})

    assert response.status_code == 200
    assert response.json()["users"] == []


def test_the_catalog_page_number_is_bounded(http: httpx.Client) -> None:
    response = http.get("/edubridge/progression/catalog", params={"page": "9" * 40})

    assert response.status_code == 400
    assert error_message(response) == "Expected a number between 1 and 1000000000"


@pytest.mark.parametrize(
    "expression",
    [
        "(" * 5000 + "givenName='a'" + ")" * 5000,
        " AND ".join(["givenName='a'"] * 1200),
        " OR ".join(["metadata.x='a'"] * 1200),
    ],
    ids=["deep-parentheses", "long-and-chain", "long-or-chain-on-metadata"],
)
@pytest.mark.parametrize(
    "path", ["/ims/oneroster/rostering/v1p2/users", "/ims/oneroster/gradebook/v1p2/results"]
)
def test_filters_beyond_the_parser_and_database_limits_are_a_400(
    http: httpx.Client, path: str, expression: str
) -> None:
    response = http.get(path, params={"filter": expression})

    assert response.status_code == 400, response.text[:300]
    assert response.json()["imsx_CodeMinor"]["imsx_codeMinorField"][0][
        "imsx_codeMinorFieldValue"
    ] == ("invalid_filter_field")


def test_a_filter_of_500_predicates_still_works(http: httpx.Client) -> None:
    expression = " OR ".join(f"givenName='n{i}'" for i in range(500))

    response = http.get("/ims/oneroster/rostering/v1p2/users", params={"filter": expression})

    assert response.status_code == 200


# -- the admin API's loopback check ---------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("X-Forwarded-For", "127.0.0.1"),
        ("Forwarded", "for=127.0.0.1"),
        ("X-Real-IP", "127.0.0.1"),
    ],
)
def test_the_admin_api_refuses_a_forwarded_request_even_from_a_loopback_peer(
    timeback_emulator: EmulatorServer, header: str, value: str
) -> None:
    # A loopback peer with a forwarding header is a local proxy relaying someone else.
    response = httpx.get(
        timeback_emulator.base_url + "/_emulator/stats", headers={header: value}, timeout=10
    )

    assert response.status_code == 403
    assert httpx.get(timeback_emulator.base_url + "/_emulator/stats").status_code == 200


def _non_loopback_address() -> str | None:
    """An address of this machine that is not loopback (the peer a remote client would have)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks a route
            address = str(probe.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


def test_a_remote_peer_claiming_loopback_in_x_forwarded_for_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Given a server on every interface, with uvicorn told to trust every proxy
    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no non-loopback IPv4 address")
    monkeypatch.setenv("FORWARDED_ALLOW_IPS", "*")
    with EmulatorServer(host="0.0.0.0", seed=None) as emulator:
        url = f"http://{address}:{emulator.port}/_emulator/stats"
        # When a non-loopback peer claims 127.0.0.1
        claimed = httpx.get(url, headers={"X-Forwarded-For": "127.0.0.1"}, timeout=10)
        plain = httpx.get(url, timeout=10)
        local = httpx.get(f"http://127.0.0.1:{emulator.port}/_emulator/stats", timeout=10)

    # Then the socket's peer decides
    assert claimed.status_code == 403
    assert plain.status_code == 403
    assert local.status_code == 200


# -- the admin API's own numbers ------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"latency_ms": 10**30}, "latency_ms"),
        ({"latency_ms": 10**400}, "latency_ms"),
        ({"status": 503, "count": 10**30}, "count"),
        ({"status": 503, "skip": 10**30}, "skip"),
        ({"status": 503, "retry_after": 10**400}, "retry_after"),
        ({"status": 503, "retry_after": -1}, "retry_after"),
    ],
)
def test_fault_numbers_beyond_their_range_are_a_400(
    timeback_emulator: EmulatorServer, body: dict[str, int], named: str
) -> None:
    # A latency of 10^30 ms used to be accepted and then hang the next request for ever.
    response = httpx.post(timeback_emulator.base_url + "/_emulator/faults", json=body)

    assert response.status_code == 400
    assert named in response.json()["message"]
    assert timeback_emulator.clear_faults() == 0


def test_a_non_finite_retry_after_is_a_400(timeback_emulator: EmulatorServer) -> None:
    response = httpx.post(
        timeback_emulator.base_url + "/_emulator/faults",
        content=b'{"status": 503, "retry_after": Infinity}',
        headers={"Content-Type": "application/json"},
    )

    assert response.status_code == 400
    assert "retry_after" in response.json()["message"]


@pytest.mark.parametrize("count", [10**12, 10**30])
def test_failing_more_jobs_than_memory_holds_is_a_400(
    timeback_emulator: EmulatorServer, count: int
) -> None:
    response = httpx.post(
        timeback_emulator.base_url + "/_emulator/jobs/fail", json={"count": count}
    )

    assert response.status_code == 400
    assert "count" in response.json()["message"]
