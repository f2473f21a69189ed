# This file is generated from packages/timeback-oneroster/tests/_async/test_resources.py by scripts/unasync.py.
# Do not edit it: edit the async source and run `uv run python scripts/unasync.py`.
"""Resources endpoints (wire contract 4.10) against the emulator: the collection, the resources
of a class, course or user with assignment, and the Common Cartridge export."""

from __future__ import annotations

import io
import zipfile

import pytest

from timeback_emulator._seed import SeedSummary
from timeback_emulator.app import InProcessEmulator
from timeback_oneroster import NotFoundError, SyncOneRosterClient, ResourceInput

X = "/ims/oneroster/resources/v1p2"


def test_resources_list_get_create_update_upsert_delete(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    data = ResourceInput(title="Fractions video", vendor_resource_id="vid-42", importance="primary")

    pair = client.resources.create(data)
    resource_id = pair.allocated_sourced_id
    updated = client.resources.update(
        resource_id, data.model_copy(update={"title": "Fractions, part 1"})
    )
    upserted = client.resources.upsert("rsc-new", data)
    found = client.resources.list(search="Fractions").to_list()
    client.resources.delete(resource_id)

    assert updated is not None
    assert updated.title == "Fractions, part 1"
    assert upserted.created is True
    assert resource_id in {r.sourced_id for r in found}
    assert (client.resources.get(resource_id)).status == "tobedeleted"
    assert (client.resources.get(seed.resource_id)).sourced_id == seed.resource_id


def test_class_resources_are_assigned_listed_and_unassigned(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    client.classes.assign_resource(
        seed.class_id, seed.resource_id, date_assigned="2025-09-01"
    )
    assigned = {r.sourced_id for r in client.classes.resources(seed.class_id).to_list()}
    client.classes.unassign_resource(seed.class_id, seed.resource_id)
    left = {r.sourced_id for r in client.classes.resources(seed.class_id).to_list()}

    assert seed.resource_id in assigned
    assert seed.resource_id not in left


def test_course_resources_are_assigned_listed_and_unassigned(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    pair = client.resources.create({"title": "Extra", "vendor_resource_id": "x-1"})
    resource_id = pair.allocated_sourced_id

    client.courses.assign_resource(seed.course_id, resource_id)
    assigned = {r.sourced_id for r in client.courses.resources(seed.course_id).to_list()}
    client.courses.unassign_resource(seed.course_id, resource_id)
    left = {r.sourced_id for r in client.courses.resources(seed.course_id).to_list()}

    assert resource_id in assigned
    assert resource_id not in left


def test_user_resources_are_assigned_listed_and_unassigned(
    client: SyncOneRosterClient, seed: SeedSummary
) -> None:
    client.users.assign_resource(seed.student_id, seed.resource_id)
    client.users.assign_resource(seed.student_id, seed.resource_id)  # a set: no error
    assigned = client.users.resources(seed.student_id).to_list()
    client.users.unassign_resource(seed.student_id, seed.resource_id)

    assert [r.sourced_id for r in assigned] == [seed.resource_id]
    assert client.users.resources(seed.student_id).to_list() == []
    with pytest.raises(NotFoundError):
        client.users.unassign_resource(seed.student_id, seed.resource_id)


def test_export_returns_the_cartridge_and_its_file_name(
    client: SyncOneRosterClient, emulator: InProcessEmulator, seed: SeedSummary
) -> None:
    export = client.resources.export(seed.resource_id)

    assert export.content_type == "application/zip"
    assert export.filename == f"{seed.resource_id}.imscc"
    with zipfile.ZipFile(io.BytesIO(export.content)) as archive:
        assert "imsmanifest.xml" in archive.namelist()
    assert emulator.request_count("POST", route=f"{X}/resources/export/{{id}}", status=200) == 1
    assert str(len(export.content)) in repr(export)


def test_export_of_an_unknown_resource_is_a_404(client: SyncOneRosterClient) -> None:
    with pytest.raises(NotFoundError):
        client.resources.export("no-such-resource")
