"""One renewal and replay after a 401 from the API (wire contract rule 2.6.4)."""

from __future__ import annotations

import httpx
import pytest

from timeback_auth import ClientCredentialsAuth


def test_401_renews_the_token_and_replays_once(server, auth):
    # given a cached token that the API has since stopped accepting
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)
        server.state.revoke_issued()

        # when the next call is answered 401
        response = client.get(server.api_url)

    # then a new token was fetched and the request replayed with it, successfully
    old, new = server.state.issued
    assert response.status_code == 200
    assert server.state.api_calls == [old, old, new]
    assert len(server.state.token_requests) == 2


def test_replayed_request_carries_the_same_body(server, auth):
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)
        server.state.revoke_issued()

        response = client.post(server.api_url, json={"name": "Ada"})

    assert response.status_code == 200
    assert response.json()["body"] == '{"name":"Ada"}'


def test_second_401_is_returned_to_the_caller(server, auth):
    # given an API that rejects every token
    server.state.reject_every_token = True
    with httpx.Client(auth=auth) as client:
        response = client.get(server.api_url)

    # then the first token and one renewed token were tried, and the 401 surfaced
    assert response.status_code == 401
    assert len(server.state.api_calls) == 2
    assert len(server.state.token_requests) == 2


@pytest.mark.anyio
async def test_async_401_renews_the_token_and_replays_once(server, auth):
    async with httpx.AsyncClient(auth=auth) as client:
        await client.get(server.api_url)
        server.state.revoke_issued()

        response = await client.get(server.api_url)

    old, new = server.state.issued
    assert response.status_code == 200
    assert server.state.api_calls == [old, old, new]


@pytest.mark.anyio
async def test_async_second_401_is_returned_to_the_caller(server, auth):
    server.state.reject_every_token = True
    async with httpx.AsyncClient(auth=auth) as client:
        response = await client.get(server.api_url)

    assert response.status_code == 401
    assert len(server.state.api_calls) == 2
    assert len(server.state.token_requests) == 2


def test_401_for_a_token_already_replaced_reuses_the_replacement(server, credentials, cache):
    # given two callers sharing a cache; the first is about to send with token 1
    first, second = (ClientCredentialsAuth(credentials, cache=cache) for _ in range(2))
    with httpx.Client() as client:
        client.get(server.api_url, auth=first)
        request = client.build_request("GET", server.api_url)
        flow = first.sync_auth_flow(request)
        in_flight = next(flow)
        token_1 = server.state.issued[0]
        assert in_flight.headers["Authorization"] == f"Bearer {token_1}"

        # and meanwhile token 1 is revoked and the second caller already renewed it (token 2)
        server.state.revoke_issued()
        assert client.get(server.api_url, auth=second).status_code == 200
        token_2 = server.state.issued[1]

        # when the first caller's request now comes back 401
        rejected = client.send(in_flight)
        assert rejected.status_code == 401
        replay = flow.send(rejected)
        flow.close()

    # then it replays with token 2 instead of dropping it and fetching a third
    assert replay.headers["Authorization"] == f"Bearer {token_2}"
    assert len(server.state.token_requests) == 2
