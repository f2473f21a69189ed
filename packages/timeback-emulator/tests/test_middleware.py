"""Raw-path routing, trailing slashes, request ids and error bodies of unknown routes."""

from __future__ import annotations

import httpx
import pytest

from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize("path", ["/edubridge/applications", "/edubridge/applications/"])
async def test_trailing_slash_is_the_same_route_without_redirect(
    api: httpx.AsyncClient, path: str
) -> None:
    response = await api.get(path)
    assert response.status_code == 200
    assert "applications" in response.json()


async def test_encoded_slash_stays_inside_one_segment(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    response = await api.get("/edubridge/enrollments/user/usr%2Fwith%2Fslashes")
    assert response.status_code == 200


async def test_path_parameters_are_decoded_exactly_once(api: httpx.AsyncClient) -> None:
    # The seeded id is literally "usr%25percent": sent encoded once it resolves...
    found = await api.get("/edubridge/enrollments/user/usr%2525percent")
    # ...while a single-encoded request names the id "usr%percent", which does not exist.
    other = await api.get("/edubridge/enrollments/user/usr%25percent")
    assert found.status_code == 200
    assert other.status_code == 404


async def test_request_id_is_echoed(api: httpx.AsyncClient) -> None:
    response = await api.get("/edubridge/applications", headers={"X-Request-ID": "req-123"})
    assert response.headers["x-request-id"] == "req-123"


async def test_request_id_is_generated_when_absent(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/edubridge/applications")
    assert response.status_code == 401
    assert len(response.headers["x-request-id"]) == 32


async def test_content_type_on_a_bodiless_get_is_accepted(api: httpx.AsyncClient) -> None:
    response = await api.get(
        "/edubridge/applications", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("path", "member"),
    [
        ("/ims/oneroster/rostering/v1p2/nothing-here", "imsx_codeMajor"),
        ("/edubridge/nothing-here", "message"),
        ("/caliper/nothing-here", "status"),
    ],
)
async def test_unknown_routes_answer_404_in_the_service_error_shape(
    api: httpx.AsyncClient, path: str, member: str
) -> None:
    response = await api.get(path)
    assert response.status_code == 404
    assert member in response.json()


async def test_wrong_method_is_405(api: httpx.AsyncClient) -> None:
    response = await api.post("/edubridge/applications", json={})
    assert response.status_code == 405
    assert response.json()["message"]


async def test_root_describes_the_emulator_without_a_token(anon: httpx.AsyncClient) -> None:
    response = await anon.get("/")
    assert response.status_code == 200
    assert response.json()["tokenUrl"].endswith("/oauth2/token")


async def test_internal_errors_are_json_500_with_the_request_id(
    emu: InProcessEmulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    import timeback_emulator.edubridge._tracks as tracks

    monkeypatch.setattr(tracks, "APPLICATIONS", [None])
    transport = httpx.ASGITransport(app=emu.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url=emu.base_url) as client:
        token = await client.post(
            "/oauth2/token",
            data={"grant_type": "client_credentials"},
            auth=(emu.client_id, emu.client_secret),
        )
        response = await client.get(
            "/edubridge/applications",
            headers={
                "Authorization": "Bearer " + token.json()["access_token"],
                "X-Request-ID": "boom-1",
            },
        )
    assert response.status_code == 500
    assert response.json()["message"].startswith("Internal emulator error")
    assert response.headers["x-request-id"] == "boom-1"
    assert emu.request_count("GET", "/edubridge/applications", 500) == 1


async def test_405_lists_every_method_of_the_path(api: httpx.AsyncClient) -> None:
    response = await api.delete("/edubridge/subject-track")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["allow"].split(",")} >= {"GET", "PUT"}
