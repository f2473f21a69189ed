"""create_app configuration, the SQLite file option and in-memory seeding templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from timeback_emulator import EmulatorConfig, InProcessEmulator, create_app


def test_overrides_apply_on_top_of_a_config() -> None:
    app = create_app(EmulatorConfig(client_id="a", token_ttl=10), token_ttl=20, seed=None)
    assert (app.state.config.client_id, app.state.config.token_ttl) == ("a", 20)
    assert app.state.store is not None


@pytest.mark.parametrize(
    "overrides",
    [{"token_ttl": -1}, {"fail_rate": 1.5}, {"latency_ms": -5}, {"seed": "enormous"}, {"seed": -3}],
)
def test_invalid_configuration_is_rejected(overrides: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        EmulatorConfig(**overrides)  # type: ignore[arg-type]


def test_numeric_seed_strings_become_numbers() -> None:
    assert EmulatorConfig(seed="40").seed == 40


def test_file_database_keeps_data_and_is_not_reseeded(tmp_path: Path) -> None:
    db = str(tmp_path / "emulator.sqlite3")
    first = InProcessEmulator(db=db)
    first.store.insert("orgs", {"sourcedId": "kept", "name": "Kept", "type": "school"})
    users = first.store.count("users")
    first.store.close()
    second = InProcessEmulator(db=db)
    assert second.store.get("orgs", "kept") is not None
    assert second.store.count("users") == users
    second.reset()
    assert second.store.get("orgs", "kept") is None
    assert second.store.count("users") == users


def test_in_memory_emulators_are_independent() -> None:
    a = InProcessEmulator()
    b = InProcessEmulator()
    a.store.insert("orgs", {"sourcedId": "only-in-a", "name": "A", "type": "school"})
    assert b.store.get("orgs", "only-in-a") is None
    assert a.seed_summary() == b.seed_summary()
    assert a.stats()["caliperEventsStored"] == b.stats()["caliperEventsStored"] > 0


def test_empty_emulator_has_no_data() -> None:
    emu = InProcessEmulator(seed=None)
    assert emu.store.count("users") == 0
    assert emu.stats()["caliperEventsStored"] == 0
    assert emu.seed_summary()["summary"] is None
