"""The client itself: configuration modes, platforms, shared pools, options and typed errors."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from timeback_auth import ClientCredentials, ClientCredentialsAuth, TokenCache
from timeback_common import (
    ConfigurationError,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    UnsupportedOperationError,
    resolve_settings,
)
from timeback_common.testing import AsyncASGITransport
from timeback_edubridge import EdubridgeClient, EdubridgeError
from timeback_emulator import EmulatorServer, InProcessEmulator


@pytest.mark.anyio
@pytest.mark.usefixtures("clean_environment")
async def test_environment_mode_points_at_the_api_host() -> None:
    async with EdubridgeClient(env="staging", client_id="id", client_secret="secret") as client:
        assert client.settings.url("edubridge") == "https://api.staging.alpha-1edtech.ai"
        assert client.is_supported
        assert "secret" not in repr(client)


@pytest.mark.anyio
@pytest.mark.usefixtures("clean_environment")
async def test_explicit_services_mode_uses_the_edubridge_url() -> None:
    async with EdubridgeClient(
        services={"edubridge": "https://edu.example.com"},
        auth_url="https://auth.example.com/oauth2/token",
        client_id="id",
        client_secret="secret",
    ) as client:
        assert client.settings.url("edubridge") == "https://edu.example.com"


@pytest.mark.anyio
@pytest.mark.usefixtures("clean_environment")
async def test_no_configuration_raises_a_configuration_error_naming_the_options() -> None:
    with pytest.raises(ConfigurationError, match="env="):
        EdubridgeClient()


@pytest.mark.anyio
async def test_on_learnwith_ai_every_call_is_unsupported_and_sends_nothing(
    emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    async with EdubridgeClient(
        platform="learnwith-ai",
        **emu.client_options(),
        transport=AsyncASGITransport(emu.app),
    ) as client:
        assert not client.is_supported
        calls = [
            lambda: client.enrollments.list(seed["student_id"]),
            lambda: client.analytics.summary(student_id=seed["student_id"]),
            lambda: client.subject_tracks.list(),
            lambda: client.caliper_ingest.send("https://app.example.com", [{"id": "urn:uuid:1"}]),
            lambda: client.users.list("student").first_page(),
            lambda: client.progression.catalog().to_list(),
        ]
        for call in calls:
            with pytest.raises(UnsupportedOperationError) as caught:
                await call()
            assert isinstance(caught.value, EdubridgeError)
            assert "learnwith-ai" in str(caught.value)

    assert emu.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_clients_sharing_settings_auth_and_pool_fetch_one_token(
    emu: InProcessEmulator, seed: dict[str, Any]
) -> None:
    settings = resolve_settings(
        **emu.client_options(),
    )
    auth = ClientCredentialsAuth(
        ClientCredentials(
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            token_url=settings.token_url,
        ),
        cache=TokenCache(),
    )
    async with httpx.AsyncClient(transport=AsyncASGITransport(emu.app)) as pool:
        first = EdubridgeClient(settings=settings, auth=auth, http_client=pool)
        second = EdubridgeClient(settings=settings, auth=auth, http_client=pool)

        await first.enrollments.list(seed["student_id"])
        await first.close()  # a shared pool stays open
        await second.subject_tracks.list()

        assert not pool.is_closed
    assert emu.stats()["tokensIssued"] == 1


@pytest.mark.anyio
async def test_with_options_changes_retries_for_the_copy_only(
    client: EdubridgeClient, emu: InProcessEmulator, no_sleep: list[float]
) -> None:
    impatient = client.with_options(max_retries=0, timeout=5.0)
    emu.add_fault(path_prefix="/edubridge/applications", status=503, count=1)

    with pytest.raises(InternalServerError) as caught:
        await impatient.applications.list()
    emu.add_fault(path_prefix="/edubridge/applications", status=503, count=1)
    applications = await client.applications.list()

    assert isinstance(caught.value, EdubridgeError)
    assert caught.value.status_code == 503
    assert applications
    assert len(no_sleep) == 1  # only the original client retried


@pytest.mark.anyio
async def test_closing_a_copy_leaves_the_original_open(client: EdubridgeClient) -> None:
    copy = client.with_options(default_headers={"X-Team": "analytics"})

    await copy.close()

    assert await client.applications.list()


@pytest.mark.anyio
async def test_an_html_gateway_error_is_a_server_error_not_a_parse_error(
    client: EdubridgeClient, emu: InProcessEmulator, no_sleep: list[float]
) -> None:
    emu.add_fault(path_prefix="/edubridge/subject-track", action="html", status=502, count=None)

    with pytest.raises(InternalServerError) as caught:
        await client.subject_tracks.list()

    assert isinstance(caught.value, EdubridgeError)
    assert caught.value.status_code == 502
    assert caught.value.request_id


@pytest.mark.anyio
async def test_errors_carry_the_request_id_and_the_platforms_message(
    client: EdubridgeClient,
) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.learning_reports.map_profile("nobody")

    assert caught.value.request_id
    assert caught.value.message == "User not found"
    assert caught.value.body == {"message": "User not found"}


@pytest.mark.anyio
async def test_an_unknown_request_option_is_refused_as_an_edubridge_error(
    client: EdubridgeClient,
) -> None:
    options: Any = {"retries": 3}

    with pytest.raises(InputValidationError) as caught:
        await client.applications.list(**options)

    assert isinstance(caught.value, EdubridgeError)


@pytest.mark.anyio
async def test_an_empty_id_is_refused_as_an_edubridge_error(client: EdubridgeClient) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.enrollments.list("")

    assert isinstance(caught.value, EdubridgeError)


@pytest.mark.anyio
@pytest.mark.timeback_emulator(reset=True)
async def test_over_real_http_enroll_and_summarize(
    timeback_emulator: EmulatorServer, caliper_json: Any
) -> None:
    seed = timeback_emulator.seed_summary()["summary"]
    events = caliper_json(seed["student_id"], seed["student_email"])
    async with EdubridgeClient(
        **timeback_emulator.client_options(),
    ) as client:
        enrollment = await client.enrollments.enroll(seed["student_id"], seed["course_id"])
        await client.caliper_ingest.send(
            "https://alphamath.example.com",
            [events.activity("2024-06-03T12:00:00.000Z", xpEarned=6, totalQuestions=3)],
        )
        summary = await client.analytics.summary(
            email=seed["student_email"], start_date="2024-06-03", end_date="2024-06-03"
        )

    assert enrollment.course is not None
    assert enrollment.course.id == seed["course_id"]
    assert (summary.total_xp, summary.total_questions) == (6, 3)
