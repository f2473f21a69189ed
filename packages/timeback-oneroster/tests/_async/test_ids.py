"""Ids with ``/ ? # % ' +``, spaces and quotes reach the right resource (pitfalls 1 and 2)."""

from __future__ import annotations

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_oneroster import InputValidationError, OneRosterClient, OneRosterError, UserInput

AWKWARD = "a/b?c=1&d#e %25 'q' +"


def new_user(org_id: str, given_name: str = "Ada") -> UserInput:
    return UserInput(
        given_name=given_name,
        family_name="Lovelace",
        enabled_user=True,
        roles=[{"role_type": "primary", "role": "student", "org": org_id}],
    )


@pytest.mark.anyio
async def test_each_seeded_awkward_id_reads_its_own_user(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    assert seed.awkward_user_ids
    for sourced_id in seed.awkward_user_ids:
        user = await client.users.get(sourced_id)
        assert user.sourced_id == sourced_id


@pytest.mark.anyio
async def test_an_awkward_id_survives_create_update_and_scoped_reads(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    pair = await client.users.create(
        new_user(seed.school_id).model_copy(update={"sourced_id": AWKWARD})
    )
    updated = await client.users.update(AWKWARD, new_user(seed.school_id, given_name="Grace"))
    classes = await client.users.classes(AWKWARD).to_list()
    fetched = await client.users.get(AWKWARD)

    assert pair.allocated_sourced_id == AWKWARD
    assert updated is not None
    assert updated.sourced_id == AWKWARD
    assert classes == []
    assert (fetched.sourced_id, fetched.given_name) == (AWKWARD, "Grace")


@pytest.mark.anyio
async def test_an_awkward_id_in_a_filter_is_quote_escaped(
    client: OneRosterClient, seed: SeedSummary
) -> None:
    quoted = next(sid for sid in seed.awkward_user_ids if "'" in sid)

    users = await client.users.list(filter={"sourcedId": quoted}).to_list()

    assert [user.sourced_id for user in users] == [quoted]


@pytest.mark.anyio
async def test_an_empty_id_is_rejected_before_sending(client: OneRosterClient) -> None:
    with pytest.raises(InputValidationError) as read:
        await client.users.get("")
    with pytest.raises(InputValidationError) as listing:
        client.schools.classes("")

    assert isinstance(read.value, OneRosterError)
    assert isinstance(listing.value, OneRosterError)
