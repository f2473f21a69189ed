"""Errors are typed, carry the IMS details, and are OneRosterErrors; responses are read
tolerantly (unknown members and enumeration values kept)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import (
    APIResponseValidationError,
    BadRequestError,
    ConflictError,
    InputValidationError,
    InternalServerError,
    NotFoundError,
    OneRosterClient,
    OneRosterError,
    UnprocessableEntityError,
)

R = "/ims/oneroster/rostering/v1p2"


def user_body(org_id: str, role: str = "student") -> dict[str, object]:
    return {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "enabled_user": True,
        "roles": [{"role_type": "primary", "role": role, "org": org_id}],
    }


@pytest.mark.anyio
async def test_a_missing_parent_of_a_scoped_list_is_a_404(client: OneRosterClient) -> None:
    with pytest.raises(NotFoundError) as caught:
        await client.classes.students("no-such-class").to_list()

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.code_minor == ("unknownobject",)
    assert caught.value.ims is not None
    assert caught.value.ims.description == "Class not found."


@pytest.mark.anyio
async def test_a_value_the_platform_rejects_is_a_422_naming_the_field(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    # Roles are an open enumeration on the client (new values must not break reads); the
    # platform knows only its own, so a 1EdTech-only role is refused there.
    with pytest.raises(UnprocessableEntityError) as caught:
        await client.users.create(user_body(seed.school_id, role="districtAdministrator"))

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.status_code == 422
    assert "roles[0].role" in str(caught.value.body)


@pytest.mark.anyio
async def test_creating_an_existing_id_is_a_409(client: OneRosterClient, seed: SeedSummary) -> None:
    with pytest.raises(ConflictError) as caught:
        await client.users.create({**user_body(seed.school_id), "sourced_id": seed.student_id})

    assert isinstance(caught.value, OneRosterError)


@pytest.mark.anyio
async def test_an_unknown_fields_name_is_a_400_invalid_selection_field(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    with pytest.raises(BadRequestError) as caught:
        await client.users.get(seed.student_id, fields=["shoeSize"])

    assert caught.value.code_minor == ("invalid_selection_field",)


@pytest.mark.anyio
async def test_invalid_input_names_the_field_and_sends_nothing(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.create({"given_name": "Ada", "enabled_user": True, "roles": []})

    assert isinstance(caught.value, OneRosterError)
    paths = {issue.path for issue in caught.value.issues}
    assert {"familyName", "roles"} <= paths
    assert emulator.stats()["totalRequests"] == 0


@pytest.mark.anyio
async def test_an_update_naming_another_id_is_rejected(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    with pytest.raises(InputValidationError) as caught:
        await client.users.update("u-1", {**user_body(seed.school_id), "sourced_id": "u-2"})

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.issues[0].path == "sourcedId"


@pytest.mark.anyio
async def test_unknown_members_and_enumeration_values_are_kept(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    newer = {
        "sourcedId": "u-new",
        "status": "inactive",
        "enabledUser": "true",
        "givenName": "Ada",
        "roles": [{"roleType": "primary", "role": "counselor", "org": {"sourcedId": "s-1"}}],
        "favouriteColour": "teal",
    }
    emulator.add_fault(
        path_prefix=f"{R}/users", status=200, body={"users": [newer], "totalCount": 1}
    )

    users = await client.users.list().to_list()

    assert [user.status for user in users] == ["inactive"]
    assert users[0].roles[0].role == "counselor"
    assert users[0].enabled_user is True
    assert users[0].model_extra == {"favouriteColour": "teal"}


@pytest.mark.anyio
async def test_a_body_without_the_list_member_is_a_response_validation_error(
    client: OneRosterClient, emulator: InProcessEmulator
) -> None:
    emulator.add_fault(path_prefix=f"{R}/users", status=200, body={"people": []})

    with pytest.raises(APIResponseValidationError) as caught:
        await client.users.list().to_list()

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.request_id
    assert caught.value.issues[0].path == "users"


@pytest.mark.anyio
async def test_a_gateway_error_page_is_a_server_error(
    make_client: Callable[..., OneRosterClient], emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    emulator.add_fault(path_prefix=f"{R}/users", action="html", status=502, count=None)
    client = make_client(max_retries=0)

    with pytest.raises(InternalServerError) as caught:
        await client.users.get(seed.student_id)

    assert isinstance(caught.value, OneRosterError)
    assert caught.value.status_code == 502
