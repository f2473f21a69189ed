# This file is generated from packages/timeback-oneroster/tests/_async/test_ids.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Ids with ``/ ? # % ' +``, spaces and quotes reach the right resource (pitfalls 1 and 2)."""

from __future__ import annotations

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_oneroster import InputValidationError, SyncOneRosterClient, OneRosterError, UserInput

AWKWARD = "a/b?c=1&d#e %25 'q' +"


def new_user(org_id: str, given_name: str = "Ada") -> UserInput:
    return UserInput(
        given_name=given_name,
        family_name="Lovelace",
        enabled_user=True,
        roles=[{"role_type": "primary", "role": "student", "org": org_id}],
    )


def test_each_seeded_awkward_id_reads_its_own_user(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    assert seed.awkward_user_ids
    for sourced_id in seed.awkward_user_ids:
        user = client.users.get(sourced_id)
        assert user.sourced_id == sourced_id


def test_an_awkward_id_survives_create_update_and_scoped_reads(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.users.create(
        new_user(seed.school_id).model_copy(update={"sourced_id": AWKWARD})
    )
    updated = client.users.update(AWKWARD, new_user(seed.school_id, given_name="Grace"))
    classes = client.users.classes(AWKWARD).to_list()
    fetched = client.users.get(AWKWARD)

    assert pair.allocated_sourced_id == AWKWARD
    assert updated is not None
    assert updated.sourced_id == AWKWARD
    assert classes == []
    assert (fetched.sourced_id, fetched.given_name) == (AWKWARD, "Grace")


def test_an_awkward_id_in_a_filter_is_quote_escaped(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    quoted = next(sid for sid in seed.awkward_user_ids if "'" in sid)

    users = client.users.list(filter={"sourcedId": quoted}).to_list()

    assert [user.sourced_id for user in users] == [quoted]


def test_an_empty_id_is_rejected_before_sending(client: SyncOneRosterClient) -> None:
    with pytest.raises(InputValidationError) as read:
        client.users.get("")
    with pytest.raises(InputValidationError) as listing:
        client.schools.classes("")

    assert isinstance(read.value, OneRosterError)
    assert isinstance(listing.value, OneRosterError)
