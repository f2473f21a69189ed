"""Hostile and wrong-typed arguments end in typed errors naming them, before anything is sent.

A string where a list of ids belongs would be iterated character by character (deleting users
``a``, ``b`` and ``c``); an id with an unpaired surrogate cannot be encoded; a NUL character in
an id or a text field, metadata nested thousands deep, a filter tree nested past the recursion
limit and options of the wrong type all used to escape as builtin exceptions from deep inside
httpx, pydantic or ``json``. Each case here asserts the SDK's own error, naming the argument,
and that the emulator saw no request but (at most) the token request.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from timeback_common import ConfigurationError, InputValidationError, TokenError
from timeback_common.testing import AsyncASGITransport
from timeback_core import TimebackClient
from timeback_emulator import InProcessEmulator
from timeback_oneroster import F, FilterExpression, OneRosterClient, OneRosterError

TOKEN_ROUTE = "/oauth2/token"
USER: dict[str, Any] = {
    "sourcedId": "usr-hostile-args",
    "givenName": "Ada",
    "familyName": "Lovelace",
    "enabledUser": True,
    "roles": [{"roleType": "primary", "role": "student", "org": {"sourcedId": "org-1"}}],
}
BAD_TEXT = ["usr\udcff", "\ud800", "usr\x00", "\x00"]


@pytest.fixture
def emulator() -> InProcessEmulator:
    return InProcessEmulator(seed="tiny", client_id=f"security-{uuid.uuid4().hex[:12]}")


def connect(emulator: InProcessEmulator, **options: Any) -> OneRosterClient:
    return OneRosterClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
        transport=AsyncASGITransport(emulator.app),
        **options,
    )


@pytest.fixture
async def client(emulator: InProcessEmulator) -> AsyncIterator[OneRosterClient]:
    async with connect(emulator) as client:
        yield client


def api_requests(emulator: InProcessEmulator) -> list[dict[str, Any]]:
    return [r for r in emulator.stats()["requests"] if r["route"] != TOKEN_ROUTE]


def named(error: InputValidationError, name: str) -> bool:
    return name in error.message or any(issue.path and name in issue.path for issue in error.issues)


# -- one value where many belong ---------------------------------------------------------------

SINGLE_VALUES = [
    pytest.param("abc", id="str"),
    pytest.param(b"abc", id="bytes"),
    pytest.param(bytearray(b"abc"), id="bytearray"),
    pytest.param(USER, id="one-record"),
    pytest.param(None, id="None"),
    pytest.param(42, id="int"),
]


@pytest.mark.anyio
@pytest.mark.parametrize("value", SINGLE_VALUES)
@pytest.mark.parametrize("method", ["bulk_create", "bulk_upsert", "bulk_delete"])
async def test_a_bulk_method_refuses_one_value_given_for_many(
    method: str, value: Any, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # when a single value is passed where an iterable of ids or records belongs
    with pytest.raises(InputValidationError) as caught:
        await getattr(client.users, method)(value)

    # then a typed error (a OneRosterError too) names the argument, and nothing was sent
    assert isinstance(caught.value, OneRosterError)
    assert named(caught.value, "sourced_ids" if method == "bulk_delete" else "items")
    assert api_requests(emulator) == []


@pytest.mark.anyio
async def test_bulk_delete_of_a_string_deletes_nobody(
    emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # given users whose ids are the letters of a string
    for letter in "abc":
        await client.users.upsert(letter, {**USER, "sourcedId": letter})

    # when the string itself is passed
    with pytest.raises(InputValidationError):
        await client.users.bulk_delete("abc")

    # then every one of them is still active
    for letter in "abc":
        assert (await client.users.get(letter)).status == "active"


@pytest.mark.anyio
@pytest.mark.parametrize("value", SINGLE_VALUES)
async def test_an_array_wrapped_create_refuses_one_value_given_for_many(
    value: Any, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.classes.create_line_items("cls-1", value)
    assert isinstance(caught.value, OneRosterError)
    assert api_requests(emulator) == []


# -- text that cannot be sent ---------------------------------------------------------------------


@pytest.mark.anyio
@pytest.mark.parametrize("bad", BAD_TEXT)
async def test_an_id_with_nul_or_an_unpaired_surrogate_is_refused_before_sending(
    bad: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    calls: list[Any] = [
        lambda: client.users.get(bad),
        lambda: client.users.delete(bad),
        lambda: client.users.update(bad, {**USER, "sourcedId": bad}),
        lambda: client.classes.get(bad),
        lambda: client.classes.students(bad).to_list(),
    ]
    for call in calls:
        with pytest.raises(InputValidationError) as caught:
            await call()
        assert isinstance(caught.value, OneRosterError)
        assert "NUL" in caught.value.message or "surrogate" in caught.value.message
    assert api_requests(emulator) == []


@pytest.mark.anyio
@pytest.mark.parametrize("bad", BAD_TEXT)
async def test_a_text_field_with_nul_or_an_unpaired_surrogate_is_refused_before_sending(
    bad: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.upsert(USER["sourcedId"], {**USER, "givenName": f"Ada{bad}"})
    assert isinstance(caught.value, OneRosterError)
    assert named(caught.value, "givenName")
    assert api_requests(emulator) == []


@pytest.mark.anyio
@pytest.mark.parametrize("bad", BAD_TEXT)
async def test_a_query_value_with_nul_or_an_unpaired_surrogate_is_refused_before_sending(
    bad: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    for params in ({"filter": f"givenName='{bad}'"}, {"search": bad}):
        with pytest.raises(InputValidationError) as caught:
            await client.users.list(**params).to_list()  # type: ignore[arg-type]
        assert isinstance(caught.value, OneRosterError)
        assert named(caught.value, next(iter(params)))
    assert api_requests(emulator) == []


# -- depth -------------------------------------------------------------------------------------


def nested(depth: int) -> dict[str, Any]:
    root: dict[str, Any] = {}
    node = root
    for _ in range(depth):
        node["a"] = {}
        node = node["a"]
    return root


@pytest.mark.anyio
@pytest.mark.parametrize("depth", [300, 5000])
async def test_metadata_nested_thousands_deep_is_refused_before_sending(
    depth: int, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.upsert(USER["sourcedId"], {**USER, "metadata": nested(depth)})
    assert isinstance(caught.value, OneRosterError)
    assert api_requests(emulator) == []


@pytest.mark.anyio
async def test_metadata_a_few_levels_deep_is_still_sent(client: OneRosterClient) -> None:
    result = await client.users.upsert(USER["sourcedId"], {**USER, "metadata": nested(20)})
    assert result.sourced_id == USER["sourcedId"]


@pytest.mark.anyio
async def test_a_filter_tree_nested_past_the_recursion_limit_is_refused(
    emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # given AND and OR alternating 3,000 levels deep (flattening cannot shorten it)
    expression: FilterExpression = F("givenName") == "x"
    for level in range(3000):
        other = F("familyName") == str(level)
        expression = (expression & other) if level % 2 else (expression | other)

    # when it is used
    with pytest.raises(InputValidationError) as caught:
        await client.users.list(filter=expression).to_list()

    # then
    assert isinstance(caught.value, OneRosterError)
    assert named(caught.value, "filter")
    assert api_requests(emulator) == []


# -- options -------------------------------------------------------------------------------------

BAD_CALL_OPTIONS = [
    pytest.param({"timeout": "abc"}, "timeout", id="timeout-str"),
    pytest.param({"timeout": -1}, "timeout", id="timeout-negative"),
    pytest.param({"timeout": float("nan")}, "timeout", id="timeout-nan"),
    pytest.param({"timeout": httpx.Timeout(5.0, read=-2.0)}, "timeout", id="timeout-phase"),
    pytest.param({"max_retries": "3"}, "max_retries", id="max_retries-str"),
    pytest.param({"max_retries": -1}, "max_retries", id="max_retries-negative"),
    pytest.param({"max_retries": True}, "max_retries", id="max_retries-bool"),
    pytest.param({"extra_headers": ["x"]}, "extra_headers", id="extra_headers-list"),
    pytest.param({"extra_headers": {"X-A": 1}}, "extra_headers", id="extra_headers-int-value"),
    pytest.param({"extra_headers": {"X-A": "a\r\nb"}}, "extra_headers", id="extra_headers-crlf"),
    pytest.param({"extra_headers": {"X-A": "é"}}, "extra_headers", id="extra_headers-non-ascii"),
    pytest.param({"extra_headers": {"bad name": "x"}}, "extra_headers", id="extra_headers-name"),
    pytest.param({"extra_query": ["x"]}, "extra_query", id="extra_query-list"),
    pytest.param({"extra_body": "x"}, "extra_body", id="extra_body-str"),
    pytest.param({"idempotent": "yes"}, "idempotent", id="idempotent-str"),
]


@pytest.mark.anyio
@pytest.mark.parametrize(("options", "name"), BAD_CALL_OPTIONS)
async def test_a_wrong_per_call_option_is_refused_before_sending(
    options: dict[str, Any], name: str, emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.get(USER["sourcedId"], **options)
    assert isinstance(caught.value, OneRosterError)
    assert named(caught.value, name)
    assert api_requests(emulator) == []


BAD_CLIENT_OPTIONS = [
    pytest.param({"timeout": "abc"}, "timeout", id="timeout-str"),
    pytest.param({"timeout": -1}, "timeout", id="timeout-negative"),
    pytest.param({"max_retries": "3"}, "max_retries", id="max_retries-str"),
    pytest.param({"max_retries": 2.5}, "max_retries", id="max_retries-float"),
    pytest.param({"default_headers": ["x"]}, "default_headers", id="default_headers-list"),
    pytest.param({"default_headers": {"X-A": None}}, "default_headers", id="default_headers-None"),
]


CLIENT_CLASSES = [OneRosterClient, TimebackClient]


@pytest.mark.parametrize(("options", "name"), BAD_CLIENT_OPTIONS)
@pytest.mark.parametrize("make", CLIENT_CLASSES, ids=lambda c: c.__name__)
def test_a_wrong_client_option_is_refused_at_construction(
    make: Any, options: dict[str, Any], name: str, emulator: InProcessEmulator
) -> None:
    config = {
        "base_url": emulator.base_url,
        "auth_url": emulator.token_url,
        "client_id": emulator.client_id,
        "client_secret": emulator.client_secret,
    }
    with pytest.raises(ConfigurationError, match=name):
        make(**config, **options)


@pytest.mark.anyio
@pytest.mark.parametrize(("options", "name"), BAD_CLIENT_OPTIONS)
async def test_with_options_refuses_a_wrong_option(
    options: dict[str, Any], name: str, client: OneRosterClient
) -> None:
    with pytest.raises(ConfigurationError, match=name):
        client.with_options(**options)


# -- what the token endpoint sends -------------------------------------------------------------


@pytest.mark.anyio
async def test_a_token_a_header_cannot_carry_is_a_token_error(
    emulator: InProcessEmulator, client: OneRosterClient
) -> None:
    # given a token endpoint that issues a non-ASCII access token
    emulator.add_fault(
        path_prefix=TOKEN_ROUTE,
        status=200,
        body={"access_token": "t\u00f6ken-\u20ac", "token_type": "Bearer", "expires_in": 3600},
    )

    # when a call needs a token
    with pytest.raises(TokenError) as caught:
        await client.users.get(USER["sourcedId"])

    # then a typed error says why, without the token itself
    assert isinstance(caught.value, OneRosterError)
    assert "header" in caught.value.message
    assert "\u20ac" not in str(caught.value)
    assert api_requests(emulator) == []
