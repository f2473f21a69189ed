"""Token caching and early refresh (wire contract rules 2.6.1 and 2.6.2), timed by a fake clock."""

from __future__ import annotations

import httpx
import pytest

from timeback_auth import ClientCredentials, ClientCredentialsAuth, TokenCache, default_token_cache
from timeback_common import TokenError


@pytest.fixture
def timed_auth(credentials, clock):
    return ClientCredentialsAuth(credentials, cache=TokenCache(clock=clock))


def test_one_token_serves_many_calls(server, auth):
    with httpx.Client(auth=auth) as client:
        for _ in range(5):
            assert client.get(server.api_url).status_code == 200

    assert len(server.state.token_requests) == 1
    assert len(server.state.api_calls) == 5


def test_token_is_renewed_once_refresh_margin_before_expiry(server, timed_auth, clock):
    # given tokens that live 120 s and the default 60 s margin
    server.state.expires_in = 120
    with httpx.Client(auth=timed_auth) as client:
        client.get(server.api_url)

        # when time passes to just before issued_at + expires_in - margin
        clock.advance(59.9)
        client.get(server.api_url)
        # then the cached token is still used
        assert len(server.state.token_requests) == 1

        # when the margin is reached
        clock.advance(0.1)
        client.get(server.api_url)
        client.get(server.api_url)

    # then exactly one new token was requested, and it is used from then on
    assert len(server.state.token_requests) == 2
    assert server.state.api_calls[-2:] == [server.state.issued[1]] * 2


@pytest.mark.parametrize(
    ("expires_in", "refresh_margin", "still_cached_until", "renewed_after"),
    [
        # no expires_in means one hour, renewed the default 60 s margin before it ends
        pytest.param(None, None, 3600 - 60 - 1, 1, id="missing-expires-in-means-one-hour"),
        pytest.param(120, 0, 119.9, 0.1, id="custom-refresh-margin-is-honoured"),
        # a 10 s token, shorter than the 60 s margin, is not renewed on every call
        pytest.param(10, None, 4.9, 0.1, id="short-lived-token-is-reused-for-half-its-life"),
    ],
)
def test_token_is_renewed_when_its_cached_life_ends(
    server, credentials, clock, expires_in, refresh_margin, still_cached_until, renewed_after
):
    server.state.expires_in = expires_in
    margin = {} if refresh_margin is None else {"refresh_margin": refresh_margin}
    auth = ClientCredentialsAuth(credentials, cache=TokenCache(clock=clock), **margin)
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)
        clock.advance(still_cached_until)
        client.get(server.api_url)
        assert len(server.state.token_requests) == 1

        clock.advance(renewed_after)
        client.get(server.api_url)

    assert len(server.state.token_requests) == 2


async def _get(auth, url):
    async with httpx.AsyncClient(auth=auth) as client:
        return await client.get(url)


@pytest.mark.anyio
async def test_async_flow_renews_an_expired_token_once(server, timed_auth, clock):
    server.state.expires_in = 120
    await _get(timed_auth, server.api_url)
    clock.advance(61)

    await _get(timed_auth, server.api_url)
    await _get(timed_auth, server.api_url)

    assert len(server.state.token_requests) == 2


def test_auth_objects_from_equal_credentials_share_the_default_cache(
    server, make_credentials, credentials
):
    # given two auth objects built separately from equal credentials, both on the default cache
    twin = make_credentials(client_id=credentials.client_id)
    first, second = ClientCredentialsAuth(credentials), ClientCredentialsAuth(twin)
    assert first.cache is second.cache is default_token_cache()

    # when two different clients use them
    with httpx.Client(auth=first) as one, httpx.Client(auth=second) as two:
        one.get(server.api_url)
        two.get(server.api_url)

    # then a single token served both
    assert len(server.state.token_requests) == 1


def test_a_different_scope_is_a_different_cache_key(server, credentials, make_credentials, cache):
    scoped = make_credentials(client_id=credentials.client_id, scope="roster.readonly")
    with httpx.Client() as client:
        client.get(server.api_url, auth=ClientCredentialsAuth(credentials, cache=cache))
        client.get(server.api_url, auth=ClientCredentialsAuth(scoped, cache=cache))

    assert len(server.state.token_requests) == 2


def test_a_wrong_secret_is_never_served_the_token_of_the_right_one(server, credentials, cache):
    wrong = ClientCredentials(
        client_id=credentials.client_id,
        client_secret="not-the-secret",
        token_url=credentials.token_url,
    )
    with httpx.Client() as client:
        client.get(server.api_url, auth=ClientCredentialsAuth(credentials, cache=cache))
        with pytest.raises(TokenError) as caught:
            client.get(server.api_url, auth=ClientCredentialsAuth(wrong, cache=cache))

    assert caught.value.status_code == 401
    assert len(server.state.token_requests) == 2


def test_clear_forgets_cached_tokens(server, auth, cache):
    with httpx.Client(auth=auth) as client:
        client.get(server.api_url)
        cache.clear()
        client.get(server.api_url)

    assert len(server.state.token_requests) == 2
