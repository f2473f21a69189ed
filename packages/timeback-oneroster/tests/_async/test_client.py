"""The client itself: configuration, shared pool, platform base paths, errors as OneRosterError."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from timeback_common import ClientSettings, resolve_settings
from timeback_common.testing import AsyncASGITransport
from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import (
    ConfigurationError,
    InputValidationError,
    NotFoundError,
    OneRosterClient,
    OneRosterError,
)


class Recorder:
    """A canned OneRoster server (httpx.MockTransport) for what the emulator cannot show:
    the LearnWith.AI base paths. Records each request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        key = request.url.path.rstrip("/").rsplit("/", 1)[-1]
        return httpx.Response(200, json={key: [], "totalCount": 0})


def learnwith_client(recorder: Recorder) -> OneRosterClient:
    return OneRosterClient(
        platform="learnwith-ai",
        base_url="https://platform.example",
        auth_url="https://platform.example/auth/1.0/token",
        client_id="id",
        client_secret="secret",
        transport=httpx.MockTransport(recorder),
        auth=httpx.Auth(),  # no token needed by the canned server
    )


@pytest.mark.anyio
async def test_the_default_auth_gets_a_token_from_the_configured_url(
    emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    async with OneRosterClient(
        **emulator.client_options(),
        transport=AsyncASGITransport(emulator.app),
    ) as client:
        user = await client.users.get(seed.student_id)

    assert user.sourced_id == seed.student_id


@pytest.mark.anyio
async def test_a_404_is_both_not_found_and_a_oneroster_error(client: OneRosterClient) -> None:
    with pytest.raises(OneRosterError) as caught:
        await client.users.get("no-such-user")

    error = caught.value
    assert isinstance(error, NotFoundError)
    assert error.status_code == 404
    assert error.code_minor == ("unknownobject",)
    assert error.request_id


@pytest.mark.anyio
async def test_missing_configuration_is_a_oneroster_configuration_error(
    clean_environment: None,
) -> None:
    with pytest.raises(ConfigurationError) as caught:
        OneRosterClient()

    assert isinstance(caught.value, OneRosterError)


@pytest.mark.anyio
async def test_settings_and_configuration_arguments_do_not_mix() -> None:
    settings = resolve_settings(
        base_url="https://api.example", auth_url="https://api.example/token",
        client_id="a", client_secret="b",
    )  # fmt: skip

    with pytest.raises(ConfigurationError, match="env") as caught:
        OneRosterClient(settings=settings, env="staging")

    assert isinstance(caught.value, OneRosterError)


@pytest.mark.anyio
async def test_given_settings_and_auth_are_used_as_they_are(
    emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    settings: ClientSettings = resolve_settings(
        **emulator.client_options(),
    )
    async with OneRosterClient(
        settings=settings, transport=AsyncASGITransport(emulator.app)
    ) as client:
        assert client.settings is settings
        assert (await client.schools.get(seed.school_id)).sourced_id == seed.school_id


@pytest.mark.anyio
async def test_with_options_shares_the_pool_and_outlives_its_copy(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    patient = client.with_options(timeout=60.0, max_retries=0, default_headers={"X-Test": "1"})

    assert (await patient.users.get(seed.student_id)).sourced_id == seed.student_id
    await patient.close()
    assert (await client.users.get(seed.teacher_id)).sourced_id == seed.teacher_id


@pytest.mark.anyio
async def test_the_repr_shows_no_secret(make_client: Callable[..., OneRosterClient]) -> None:
    client = make_client()

    assert "emulator-secret" not in repr(client)
    assert "emulator-secret" not in repr(client.settings)
    assert "OneRosterClient" in repr(client)


@pytest.mark.anyio
async def test_learnwith_ai_uses_its_own_base_paths() -> None:
    recorder = Recorder()
    async with learnwith_client(recorder) as client:
        await client.users.list().to_list()
        await client.line_items.list().to_list()
        await client.resources.list().to_list()

    paths = [request.url.path for request in recorder.requests]
    assert paths == ["/rostering/1.0/users", "/gradebook/1.0/lineItems", "/resources/1.0/resources"]


@pytest.mark.anyio
async def test_learnwith_ai_filter_limits_are_checked_before_sending() -> None:
    recorder = Recorder()
    async with learnwith_client(recorder) as client:
        with pytest.raises(InputValidationError) as caught:
            client.users.list(filter={"status": "active", "givenName": "A", "familyName": "B"})
        await client.users.list(filter={"status": "active", "givenName": "A"}).to_list()

    assert isinstance(caught.value, OneRosterError)
    assert len(recorder.requests) == 1
    assert recorder.requests[0].url.params["filter"] == "status='active' AND givenName='A'"


@pytest.mark.anyio
async def test_list_parameters_are_sent_as_documented() -> None:
    recorder = Recorder()
    async with learnwith_client(recorder) as client:
        await client.users.list(
            sort="familyName",
            order_by="desc",
            fields=["givenName", "familyName"],
            search="o+b",
            filter={"familyName": "O'Brien"},
            offset=20,
            limit=50,
        ).first_page()

    params = recorder.requests[0].url.params
    assert dict(params) == {
        "sort": "familyName",
        "orderBy": "desc",
        "fields": "givenName,familyName",
        "search": "o+b",
        "filter": "familyName='O''Brien'",
        "limit": "50",
        "offset": "20",
    }
    assert "search=o%2Bb" in str(recorder.requests[0].url)


@pytest.mark.anyio
async def test_writes_are_wrapped_in_the_documented_keys() -> None:
    bodies: list[Any] = []

    def answer(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(201, json={"sourcedIdPairs": [{"allocatedSourcedId": "gp-1"}]})

    async with OneRosterClient(
        base_url="https://api.example",
        auth_url="https://api.example/token",
        client_id="id",
        client_secret="secret",
        transport=httpx.MockTransport(answer),
        auth=httpx.Auth(),
    ) as client:
        pair = await client.grading_periods.create(
            {
                "sourced_id": "gp-1",
                "title": "Q1",
                "start_date": "2025-08-01",
                "end_date": "2025-10-01",
                "school_year": 2026,
                "org": "sch-1",
            }
        )

    assert pair.allocated_sourced_id == "gp-1"
    assert list(bodies[0]) == ["academicSession"]
    assert bodies[0]["academicSession"]["type"] == "gradingPeriod"
    assert bodies[0]["academicSession"]["schoolYear"] == "2026"
