"""The emulator over real HTTP (uvicorn on a background thread) and the pytest plugin fixtures."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from timeback_emulator import EmulatorServer, InProcessEmulator, run_in_thread

APPS = "/edubridge/applications"


@contextlib.contextmanager
def client_for(server: EmulatorServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        token = client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(server.client_id, server.client_secret),
        )
        client.headers["Authorization"] = "Bearer " + token.json()["access_token"]
        yield client


def test_token_and_api_over_real_http(timeback_emulator: EmulatorServer) -> None:
    assert timeback_emulator.token_url == timeback_emulator.base_url + "/oauth2/token"
    with client_for(timeback_emulator) as client:
        response = client.get(APPS + "/")
    assert response.status_code == 200
    assert response.json()["applications"]


def test_oneroster_is_mounted_on_the_same_origin(timeback_emulator: EmulatorServer) -> None:
    with client_for(timeback_emulator) as client:
        response = client.get("/ims/oneroster/rostering/v1p2/users", params={"limit": 5})
    assert response.status_code == 200
    assert len(response.json()["users"]) == 5
    assert int(response.headers["x-total-count"]) >= 5


def test_drop_really_cuts_the_connection(timeback_emulator: EmulatorServer) -> None:
    timeback_emulator.add_fault(path_prefix=APPS, action="drop")
    with client_for(timeback_emulator) as client:
        with pytest.raises(httpx.RemoteProtocolError):
            client.get(APPS)
        assert client.get(APPS).status_code == 200
    assert timeback_emulator.request_count("GET", APPS, status=0) == 1


def test_fault_helpers_over_http(timeback_emulator: EmulatorServer) -> None:
    timeback_emulator.add_fault(path_prefix=APPS, action="html", status=502)
    timeback_emulator.add_fault(path_prefix=APPS, status=429, retry_after=2)
    with client_for(timeback_emulator) as client:
        html = client.get(APPS)
        limited = client.get(APPS)
        fine = client.get(APPS)
    assert (html.status_code, html.headers["content-type"]) == (502, "text/html")
    assert (limited.status_code, limited.headers["retry-after"]) == (429, "2")
    assert fine.status_code == 200


def test_expired_tokens_over_http(timeback_emulator: EmulatorServer) -> None:
    with client_for(timeback_emulator) as client:
        assert client.get(APPS).status_code == 200
        assert timeback_emulator.expire_tokens() >= 1
        response = client.get(APPS)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == 'Bearer error="invalid_token"'


def test_each_test_starts_with_clean_faults_and_stats(timeback_emulator: EmulatorServer) -> None:
    assert timeback_emulator.stats()["totalRequests"] == 0
    assert timeback_emulator.clear_faults() == 0


def test_a_fault_left_behind(timeback_emulator: EmulatorServer) -> None:
    timeback_emulator.add_fault(path_prefix="/", status=500, count=None)


def test_is_not_affected_by_the_previous_test(timeback_emulator: EmulatorServer) -> None:
    with client_for(timeback_emulator) as client:
        assert client.get(APPS).status_code == 200


@pytest.mark.timeback_emulator(reset=True)
def test_reset_marker_reseeds(timeback_emulator: EmulatorServer) -> None:
    assert timeback_emulator.seed_summary()["summary"]["student_id"]


@pytest.mark.timeback_emulator(seed=None, token_ttl=5)
def test_configured_marker_gets_a_dedicated_server(
    timeback_emulator: EmulatorServer, timeback_emulator_server: EmulatorServer
) -> None:
    assert timeback_emulator is not timeback_emulator_server
    with httpx.Client(base_url=timeback_emulator.base_url) as client:
        token = client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(timeback_emulator.client_id, timeback_emulator.client_secret),
        ).json()
    assert token["expires_in"] == 5


def test_in_process_fixture(timeback_emulator_app: InProcessEmulator) -> None:
    assert timeback_emulator_app.app.state.store is timeback_emulator_app.store
    assert timeback_emulator_app.token_url.endswith("/oauth2/token")


def test_client_options_are_the_base_url_mode_arguments_of_a_client(
    timeback_emulator: EmulatorServer,
) -> None:
    options = timeback_emulator.client_options()

    assert options == {
        "base_url": timeback_emulator.base_url,
        "auth_url": timeback_emulator.base_url + "/oauth2/token",
        "client_id": timeback_emulator.config.client_id,
        "client_secret": timeback_emulator.config.client_secret,
    }
    token = httpx.post(
        options["auth_url"],
        data={"grant_type": "client_credentials"},
        auth=(options["client_id"], options["client_secret"]),
        timeout=10,
    )
    assert token.status_code == 200


def test_in_process_emulators_have_origins_of_their_own() -> None:
    first, second = InProcessEmulator(seed=None), InProcessEmulator(seed=None)

    assert first.client_options()["base_url"] != second.client_options()["base_url"]
    assert first.client_options()["auth_url"] == first.base_url + "/oauth2/token"
    first.close()
    second.close()


def test_run_in_thread_stops_cleanly() -> None:
    with run_in_thread(seed=None) as server:
        url = server.base_url
        assert httpx.get(url + "/").status_code == 200
    assert not server.running
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/", timeout=2)


def test_admin_helper_errors_surface_as_value_errors(timeback_emulator: EmulatorServer) -> None:
    with pytest.raises(ValueError, match="400"):
        timeback_emulator.add_fault(action="explode")


def test_random_failures_over_http() -> None:
    statuses: list[Any] = []
    for _ in range(2):
        with (
            run_in_thread(seed=None, fail_rate=0.5, fail_seed=11) as server,
            httpx.Client(base_url=server.base_url) as client,
        ):
            statuses.append([client.get("/").status_code for _ in range(12)])
    assert statuses[0] == statuses[1]
    assert 503 in statuses[0]
