"""The base client end to end: encoding on the wire, retries, faults, typed errors, options.

Written once against the async client; ``scripts/unasync.py`` generates the sync twin in
``tests/_sync/``. In-process tests serve a scripted ASGI app; faults a well-behaved server cannot
produce (refused, reset, dropped, hanging connections) come from real local sockets.
"""

from __future__ import annotations

import logging
from collections.abc import Generator
from typing import Any

import httpx
import pytest

from timeback_common import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    AsyncAPIClient,
    ConfigurationError,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    RateLimitError,
    RetryPolicy,
    TimebackError,
    TokenError,
    encode_path,
)
from timeback_common.testing import AsyncASGITransport

# Retries without waiting: backoff is recorded by the fake sleep below, not slept.
POLICY = RetryPolicy(max_retries=2, random=lambda: 0.0)
BASE = "http://testserver"
# A short read phase only: a loaded machine must not turn a slow connect into the fault under test.
READ_ONLY_TIMEOUT = httpx.Timeout(10.0, read=0.2)


class DemoError(TimebackError):
    """A service root, like OneRosterError."""


def make_client(app: Any = None, *, base_url: str = BASE, **kwargs: Any) -> AsyncAPIClient:
    kwargs.setdefault("retry_policy", POLICY)
    kwargs.setdefault("service_error", DemoError)
    transport = AsyncASGITransport(app) if app is not None else None
    return AsyncAPIClient(base_url=base_url, transport=transport, service_name="demo", **kwargs)


class BearerAuth(httpx.Auth):
    def __init__(self, token: str) -> None:
        self.token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Bearer {self.token}"
        yield request


class FlakyTokenAuth(httpx.Auth):
    """Fails to obtain a token ``failures`` times with ``status``, then succeeds."""

    def __init__(self, failures: int, status: int | None) -> None:
        self.failures = failures
        self.status = status
        self.calls = 0

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        self.calls += 1
        if self.calls <= self.failures:
            raise TokenError("token endpoint failed", status_code=self.status)
        request.headers["Authorization"] = "Bearer t"
        yield request


# --- what goes on the wire --------------------------------------------------------------------


@pytest.mark.anyio
async def test_ids_are_percent_encoded_on_the_wire(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        await client.get(encode_path("/users/{}/classes", "a/b?c#d %+é"))
    assert app.received[0].raw_path == "/users/a%2Fb%3Fc%23d%20%25%2B%C3%A9/classes"


@pytest.mark.anyio
async def test_segments_passed_to_request_are_encoded_into_the_template(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        await client.get("/classes/{}/students/{}", "c/1", "s 2")
    assert app.received[0].raw_path == "/classes/c%2F1/students/s%202"


@pytest.mark.parametrize(
    ("path", "segments"),
    [("/users/{}", ("",)), ("/users/{}", ("..",)), ("/users/{}", ()), ("//evil.example/x", ())],
)
@pytest.mark.anyio
async def test_bad_paths_are_service_input_errors_and_nothing_is_sent(
    scripted: Any, path: str, segments: tuple[str, ...]
) -> None:
    app = scripted()
    async with make_client(app) as client:
        with pytest.raises(InputValidationError) as caught:
            await client.get(path, *segments)
    assert isinstance(caught.value, DemoError)
    assert caught.value.issues
    assert app.received == []


@pytest.mark.anyio
async def test_a_literal_plus_in_a_query_value_goes_out_as_percent_2b(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        await client.get("/users", params={"search": "a+b c", "limit": 5, "filter": None})
    assert app.received[0].query == "search=a%2Bb+c&limit=5"


@pytest.mark.anyio
async def test_default_headers_identify_the_sdk_and_the_operation(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        response = await client.get("/ping")
    headers = app.received[0].headers
    assert headers["user-agent"].startswith("timeback-python/")
    assert " demo " in headers["user-agent"]
    assert headers["accept"] == "application/json"
    assert headers["x-request-id"] == response.request_id
    assert "content-type" not in headers


@pytest.mark.anyio
async def test_a_json_body_is_sent_compact_with_its_content_type(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        await client.post("/users/", json={"user": {"sourcedId": "u1"}})
    assert app.received[0].headers["content-type"] == "application/json"
    assert app.received[0].body == b'{"user":{"sourcedId":"u1"}}'


@pytest.mark.anyio
async def test_extra_headers_query_and_body_are_merged(scripted: Any) -> None:
    app = scripted()
    async with make_client(app, default_headers={"X-Tenant": "t1"}) as client:
        await client.post(
            "/things",
            json={"a": 1},
            params={"x": "1"},
            options={
                "extra_headers": {"X-Trace": "abc", "accept": "application/zip"},
                "extra_query": {"y": "2"},
                "extra_body": {"b": 2},
            },
        )
    seen = app.received[0]
    assert seen.headers["x-tenant"] == "t1"
    assert seen.headers["x-trace"] == "abc"
    assert seen.headers["accept"] == "application/zip"
    assert seen.query == "x=1&y=2"
    assert seen.body == b'{"a":1,"b":2}'


@pytest.mark.anyio
async def test_a_caller_supplied_request_id_is_kept(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        response = await client.get("/x", options={"extra_headers": {"X-Request-ID": "mine"}})
    assert app.request_ids == ["mine"]
    assert response.request_id == "mine"


@pytest.mark.anyio
async def test_an_absolute_url_path_is_rejected_before_sending(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        with pytest.raises(InputValidationError):
            await client.get("https://evil.example/steal")
    assert app.received == []


@pytest.mark.anyio
async def test_unknown_options_are_rejected(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        with pytest.raises(InputValidationError, match="timeuot") as caught:
            await client.get("/x", options={"timeuot": 1})  # type: ignore[typeddict-unknown-key]
    assert isinstance(caught.value, DemoError)
    assert app.received == []


@pytest.mark.anyio
async def test_a_body_json_cannot_encode_is_an_input_error(scripted: Any) -> None:
    app = scripted()
    async with make_client(app) as client:
        with pytest.raises(InputValidationError):
            await client.post("/x", json={"score": float("nan")})
    assert app.received == []


# --- successful answers -----------------------------------------------------------------------


@pytest.mark.anyio
async def test_an_empty_2xx_body_reads_as_none(scripted: Any, reply: Any) -> None:
    async with make_client(scripted(reply(204))) as client:
        response = await client.delete("/users/u1")
    assert response.status_code == 204
    assert response.json() is None


@pytest.mark.anyio
async def test_a_garbage_200_is_a_response_validation_error(scripted: Any, reply: Any) -> None:
    async with make_client(scripted(reply(200, "garbage{"))) as client:
        response = await client.get("/users/u1")
    with pytest.raises(APIResponseValidationError) as caught:
        response.json()
    assert isinstance(caught.value, DemoError)
    assert caught.value.request_id == response.request_id


# --- status errors and retries ----------------------------------------------------------------


@pytest.mark.anyio
async def test_a_404_raises_the_service_not_found_error_without_retrying(
    scripted: Any, reply: Any, no_sleep: list[float]
) -> None:
    body = {"imsx_codeMajor": "failure", "imsx_description": "User not found."}
    app = scripted(reply(404, body))
    async with make_client(app) as client:
        with pytest.raises(NotFoundError) as caught:
            await client.get("/users/{}", "u1")
    error = caught.value
    assert isinstance(error, DemoError)
    assert (error.method, error.url) == ("GET", f"{BASE}/users/u1")
    assert error.request_id == app.request_ids[0]
    assert error.message == "User not found."
    assert len(app.received) == 1
    assert no_sleep == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path", "call", "failure", "waits"),
    [
        pytest.param("GET", "/users", {}, (503, {}), [0.5], id="a-503-on-a-get"),
        pytest.param(
            "POST", "/events", {"json": {"a": 1}}, (429, {"Retry-After": "3"}), [3.0],
            id="a-429-with-retry-after-even-on-a-post",
        ),
        pytest.param(
            "POST", "/users/", {"json": {}}, (503, {"Retry-After": "2"}), [2.0],
            id="a-503-with-retry-after-on-a-post",
        ),
        pytest.param(
            "POST", "/caliper/event",
            {"json": {"id": "urn:uuid:1"}, "options": {"idempotent": True}}, (502, {}), [0.5],
            id="a-502-on-a-post-marked-idempotent",
        ),
    ],
)  # fmt: skip
async def test_a_retryable_failure_is_sent_again_unchanged_after_the_wait(
    scripted: Any,
    reply: Any,
    echo: Any,
    no_sleep: list[float],
    method: str,
    path: str,
    call: dict[str, Any],
    failure: tuple[int, dict[str, str]],
    waits: list[float],
) -> None:
    status, headers = failure
    app = scripted(reply(status, "", headers), echo)
    async with make_client(app) as client:
        response = await client.request(method, path, **call)
    assert response.status_code == 200
    assert len(app.received) == 2
    assert app.request_ids[0] == app.request_ids[1] == response.request_id
    assert app.received[0].body == app.received[1].body
    assert no_sleep == waits


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "status", "client_options", "call_options", "attempts"),
    [
        pytest.param("POST", 502, {}, None, 1, id="a-502-on-a-post-is-not-retried"),
        pytest.param("GET", 503, {}, {"max_retries": 0}, 1, id="max-retries-of-the-call-wins"),
        pytest.param("GET", 503, {"max_retries": 4}, None, 5, id="max-retries-of-the-client-wins"),
    ],
)
async def test_a_persistent_5xx_is_attempted_as_often_as_allowed_then_raised(
    scripted: Any,
    reply: Any,
    no_sleep: list[float],
    method: str,
    status: int,
    client_options: dict[str, Any],
    call_options: Any,
    attempts: int,
) -> None:
    app = scripted(reply(status, ""))
    async with make_client(app, **client_options) as client:
        with pytest.raises(InternalServerError):
            await client.request(method, "/users", options=call_options)
    assert len(app.received) == attempts


@pytest.mark.anyio
async def test_429_with_a_retry_after_beyond_the_cap_raises_rate_limit_error_at_once(
    scripted: Any, reply: Any, no_sleep: list[float]
) -> None:
    app = scripted(reply(429, {"message": "slow down"}, {"Retry-After": "120"}))
    async with make_client(app) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.get("/users")
    assert caught.value.retry_after == 120.0
    assert isinstance(caught.value, DemoError)
    assert len(app.received) == 1
    assert no_sleep == []


@pytest.mark.anyio
async def test_a_persistent_429_ends_as_rate_limit_error_after_the_retries(
    scripted: Any, reply: Any, no_sleep: list[float]
) -> None:
    app = scripted(reply(429, "", {"Retry-After": "1"}))
    async with make_client(app) as client:
        with pytest.raises(RateLimitError) as caught:
            await client.get("/users")
    assert caught.value.retry_after == 1.0
    assert len(app.received) == 3
    assert no_sleep == [1.0, 1.0]
    assert len(set(app.request_ids)) == 1


@pytest.mark.anyio
async def test_an_html_502_is_retried_for_get_and_ends_as_server_error(
    scripted: Any, reply: Any, no_sleep: list[float]
) -> None:
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    app = scripted(reply(502, html, {"content-type": "text/html"}))
    async with make_client(app) as client:
        with pytest.raises(InternalServerError) as caught:
            await client.get("/users")
    error = caught.value
    assert error.status_code == 502
    assert error.body == html
    assert isinstance(error, DemoError)
    assert error.request_id == app.request_ids[0]
    assert len(app.received) == 3
    assert no_sleep == [0.5, 1.0]


# --- token failures ---------------------------------------------------------------------------


@pytest.mark.anyio
async def test_a_transient_token_failure_is_retried_even_for_a_post(
    scripted: Any, no_sleep: list[float]
) -> None:
    app = scripted()
    auth = FlakyTokenAuth(failures=1, status=503)
    async with make_client(app, auth=auth) as client:
        await client.post("/users/", json={})
    assert auth.calls == 2
    assert len(app.received) == 1
    assert app.received[0].headers["authorization"] == "Bearer t"


@pytest.mark.anyio
async def test_a_rejected_token_request_passes_through_with_the_request_id(
    scripted: Any, no_sleep: list[float]
) -> None:
    app = scripted()
    auth = FlakyTokenAuth(failures=5, status=401)
    async with make_client(app, auth=auth) as client:
        with pytest.raises(TokenError) as caught:
            await client.get("/users")
    assert caught.value.status_code == 401
    assert caught.value.request_id is not None
    assert auth.calls == 1
    assert app.received == []


@pytest.mark.anyio
async def test_a_token_failure_is_also_an_error_of_the_service(
    scripted: Any, no_sleep: list[float]
) -> None:
    auth = FlakyTokenAuth(failures=5, status=401)
    async with make_client(scripted(), auth=auth) as client:
        with pytest.raises(DemoError) as caught:
            await client.get("/users")
    assert isinstance(caught.value, TokenError)
    assert caught.value.status_code == 401
    assert caught.value.message == "token endpoint failed"


@pytest.mark.anyio
async def test_a_closed_client_raises_a_service_configuration_error_and_sends_nothing(
    scripted: Any,
) -> None:
    app = scripted()
    client = make_client(app)
    await client.close()
    with pytest.raises(ConfigurationError, match="closed") as caught:
        await client.get("/users")
    assert isinstance(caught.value, DemoError)
    assert app.received == []


@pytest.mark.anyio
async def test_a_timeout_of_the_token_request_does_not_block_retrying_a_post(
    no_sleep: list[float],
) -> None:
    # The token host timing out is a fault only a transport can stage; the API request itself
    # was never sent, so even a POST may be retried.
    sent: list[str] = []

    class TokenFlow(httpx.Auth):
        def auth_flow(
            self, request: httpx.Request
        ) -> Generator[httpx.Request, httpx.Response, None]:
            yield httpx.Request("POST", "http://auth.example/oauth2/token")
            request.headers["Authorization"] = "Bearer t"
            yield request

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.host)
        if request.url.host == "auth.example" and sent.count("auth.example") == 1:
            raise httpx.ReadTimeout("token host slow", request=request)
        return httpx.Response(200, json={})

    client = AsyncAPIClient(
        base_url="http://api.example",
        auth=TokenFlow(),
        transport=httpx.MockTransport(handler),
        retry_policy=POLICY,
    )
    async with client:
        await client.post("/users/", json={})
    assert sent == ["auth.example", "auth.example", "api.example"]


# --- faults from real sockets -----------------------------------------------------------------


@pytest.mark.anyio
async def test_connection_refused_is_retried_and_ends_as_connection_error(
    closed_port: str, no_sleep: list[float]
) -> None:
    async with make_client(base_url=closed_port) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.post("/users/", json={})
    error = caught.value
    assert not isinstance(error, APITimeoutError)
    assert isinstance(error, DemoError)
    assert error.method == "POST"
    assert error.url == f"{closed_port}/users/"
    assert error.request_id
    assert isinstance(error.__cause__, httpx.ConnectError)
    assert no_sleep == [0.5, 1.0]  # refused before sending: safe even for a POST


@pytest.mark.parametrize("mode", ["reset", "drop"])
@pytest.mark.anyio
async def test_a_lost_connection_is_retried_for_get(
    fault_server: Any, mode: str, no_sleep: list[float]
) -> None:
    server = fault_server(mode)
    async with make_client(base_url=server.url) as client:
        with pytest.raises(APIConnectionError) as caught:
            await client.get("/users")
    assert not isinstance(caught.value, APITimeoutError)
    assert server.connections == 3


@pytest.mark.parametrize("mode", ["reset", "drop"])
@pytest.mark.anyio
async def test_a_lost_connection_is_not_retried_for_post(
    fault_server: Any, mode: str, no_sleep: list[float]
) -> None:
    server = fault_server(mode)
    async with make_client(base_url=server.url) as client:
        with pytest.raises(APIConnectionError):
            await client.post("/users/", json={"user": {}})
    assert server.connections == 1
    assert no_sleep == []


@pytest.mark.anyio
async def test_a_read_timeout_is_retried_for_get(fault_server: Any, no_sleep: list[float]) -> None:
    server = fault_server("hang")
    async with make_client(base_url=server.url, max_retries=1) as client:
        with pytest.raises(APITimeoutError) as caught:
            await client.get("/users", options={"timeout": READ_ONLY_TIMEOUT})
    assert isinstance(caught.value, DemoError)
    assert caught.value.request_id
    assert server.connections == 2


@pytest.mark.anyio
async def test_a_read_timeout_is_not_retried_for_post(
    fault_server: Any, no_sleep: list[float]
) -> None:
    server = fault_server("hang")
    async with make_client(base_url=server.url, timeout=READ_ONLY_TIMEOUT) as client:
        with pytest.raises(APITimeoutError):
            await client.post("/users/", json={})
    assert server.connections == 1


@pytest.mark.anyio
async def test_retries_over_real_http_keep_the_request_id(
    live_server: Any, scripted: Any, reply: Any, echo: Any, no_sleep: list[float]
) -> None:
    app = scripted(reply(503, "<html>busy</html>"), reply(500, ""), echo)
    async with make_client(base_url=live_server(app)) as client:
        response = await client.get("/users/{}", "a/b")
    assert response.json()["path"] == "/users/a%2Fb"
    assert len(set(app.request_ids)) == 1
    assert len(app.received) == 3


# --- lifecycle, copies, logs ------------------------------------------------------------------


@pytest.mark.anyio
async def test_with_options_shares_the_pool_and_closing_the_copy_keeps_it_open(
    scripted: Any, reply: Any, no_sleep: list[float]
) -> None:
    app = scripted(reply(503, ""))
    async with make_client(app) as client:
        copy = client.with_options(max_retries=0, timeout=1.0, default_headers={"X-A": "1"})
        assert copy.http_client is client.http_client
        assert copy.timeout == httpx.Timeout(1.0)
        with pytest.raises(InternalServerError):
            await copy.get("/x")
        await copy.close()
        assert not client.is_closed
    assert len(app.received) == 1
    assert app.received[0].headers["x-a"] == "1"
    assert client.is_closed


@pytest.mark.anyio
async def test_an_injected_http_client_is_not_closed(scripted: Any) -> None:
    http = httpx.AsyncClient(transport=AsyncASGITransport(scripted()))
    client = AsyncAPIClient(base_url=BASE, http_client=http)
    await client.get("/x")
    await client.close()
    assert not http.is_closed
    await http.aclose()


@pytest.mark.anyio
async def test_services_on_different_hosts_share_one_pool(scripted: Any) -> None:
    app = scripted()
    pool = httpx.AsyncClient(transport=AsyncASGITransport(app), headers={"X-Pool": "shared"})
    async with pool as http:
        api = AsyncAPIClient(base_url="http://api.example", http_client=http, service_name="api")
        caliper = AsyncAPIClient(
            base_url="http://caliper.example/prefix", http_client=http, service_name="caliper"
        )
        await api.get("/users")
        await caliper.post("/caliper/event", json={})
    first, second = app.received
    assert (first.headers["host"], second.headers["host"]) == ("api.example", "caliper.example")
    assert second.raw_path == "/prefix/caliper/event"
    assert " api httpx/" in first.headers["user-agent"]
    assert " caliper httpx/" in second.headers["user-agent"]
    assert first.headers["accept"] == second.headers["accept"] == "application/json"
    assert first.headers["x-pool"] == "shared"
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


def test_the_constructor_rejects_bad_configuration() -> None:
    with pytest.raises(ConfigurationError):
        AsyncAPIClient(base_url="not a url")
    with pytest.raises(ConfigurationError):
        AsyncAPIClient(base_url=BASE, max_retries=-1)
    with pytest.raises(ConfigurationError):
        AsyncAPIClient(
            base_url=BASE,
            http_client=httpx.AsyncClient(),
            transport=httpx.MockTransport(lambda r: httpx.Response(200)),
        )


@pytest.mark.anyio
async def test_each_attempt_is_logged_at_debug_without_secrets(
    scripted: Any, reply: Any, echo: Any, no_sleep: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    app = scripted(reply(503, ""), echo)
    caplog.set_level(logging.DEBUG, logger="timeback")
    async with make_client(app, auth=BearerAuth("s3cret-token")) as client:
        response = await client.get("/users")
        text = repr(client)
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("timeback")]
    assert len(lines) == 2
    assert "GET http://testserver/users -> 503 (attempt 1" in lines[0]
    assert "retrying in 0.50 s" in lines[0]
    assert "-> 200 (attempt 2" in lines[1]
    assert all(response.request_id in line for line in lines)
    assert app.received[0].headers["authorization"] == "Bearer s3cret-token"
    assert "s3cret" not in caplog.text
    assert "s3cret" not in text
