"""``timeback sync``: run (summary table, progress, fail-safe exit code), status, conflicts."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from timeback_core._cli._app import cli
from timeback_emulator.app import EmulatorServer
from timeback_oneroster import SyncOneRosterClient
from timeback_sync import SyncRosterMirror


@pytest.fixture
def env(emulator_env: dict[str, str], tmp_path: Path) -> dict[str, str]:
    return {**emulator_env, "TIMEBACK_SYNC_DB": f"sqlite:///{tmp_path / 'roster.db'}"}


def run(args: list[str], env: dict[str, Any]) -> Result:
    return CliRunner().invoke(cli, args, env=env, prog_name="timeback")


def test_run_prints_a_summary_table_and_status_compares_with_the_platform(
    env: dict[str, str],
) -> None:
    first = run(["sync", "run", "--collections", "users,classes"], env)
    assert first.exit_code == 0, first.output
    assert "users" in first.stdout
    assert "full" in first.stdout

    again = run(
        ["sync", "run", "--collections", "users", "--progress"], {**env, "FORCE_COLOR": "1"}
    )
    assert again.exit_code == 0, again.output
    assert "incremental" in again.stdout
    assert "users" in again.stderr  # the progress bar

    status = run(["sync", "status"], env)
    assert status.exit_code == 0, status.output
    line = next(row for row in status.stdout.splitlines() if " users " in row)
    assert line.split("│")[3].strip() == line.split("│")[4].strip()  # rows == platform total


def test_a_refused_full_pull_exits_1_with_the_figures(
    env: dict[str, str], timeback_emulator: EmulatorServer
) -> None:
    assert run(["sync", "run", "--collections", "users"], env).exit_code == 0
    timeback_emulator.add_fault(
        path_prefix="/ims/oneroster/rostering/v1p2/users",
        method="GET",
        action="empty",
        status=200,
        count=None,
    )

    result = run(["sync", "run", "--collections", "users", "--full"], env)

    assert result.exit_code == 1
    assert "FailSafeError" in result.stderr
    assert "would delete or deactivate" in result.stderr


def test_conflicts_are_listed_and_settled(
    env: dict[str, str], timeback_emulator: EmulatorServer
) -> None:
    with SyncOneRosterClient(
        base_url=env["TIMEBACK_BASE_URL"],
        auth_url=env["TIMEBACK_TOKEN_URL"],
        client_id=env["TIMEBACK_CLIENT_ID"],
        client_secret=env["TIMEBACK_CLIENT_SECRET"],
    ) as client:
        mirror = SyncRosterMirror(client, env["TIMEBACK_SYNC_DB"], collections=["users"])
        mirror.run()
        user = next(u for u in client.users.list().to_list() if u.status == "active")
        mirror.stage("users", user.model_copy(update={"given_name": "Local"}))
        client.users.update(user.sourced_id or "", user.model_copy(update={"given_name": "Remote"}))
        assert [i.state for i in mirror.push(policy="keep").items] == ["conflict"]
        mirror.close()

    listed = run(["sync", "conflicts"], env)
    assert listed.exit_code == 0, listed.output
    assert user.sourced_id in listed.stdout
    assert "undecided" in listed.stdout

    assert run(["sync", "conflicts", "--resolve", "1"], env).exit_code == 2
    settled = run(["sync", "conflicts", "--resolve", "1", "--winner", "platform"], env)
    assert settled.exit_code == 0, settled.output
    assert "platform wins" in settled.stdout
    assert run(["sync", "conflicts", "--resolve", "1", "--winner", "local"], env).exit_code == 2


def test_without_timeback_sync_the_command_says_how_to_install_it(
    env: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "timeback_sync", None)  # as if not installed

    result = run(["sync", "status", "--no-totals"], env)

    assert result.exit_code == 2
    assert "pip install 'timeback-core[cli,sync]'" in result.stderr


def test_a_full_run_leaves_one_finished_bar_per_collection(env: dict[str, str]) -> None:
    result = run(
        ["sync", "run", "--collections", "users,classes", "--progress"],
        {**env, "FORCE_COLOR": "1"},  # rich draws as on a terminal
    )

    assert result.exit_code == 0, result.output
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", result.stderr).replace("\n", "\r")
    for collection in ("users", "classes"):
        shown = [frame.strip() for frame in plain.split("\r") if frame.startswith(collection)]
        assert shown, result.stderr
        final = re.search(r"\b(\d+)/(\d+)\b", shown[-1])
        assert final is not None, shown[-1]
        assert final.group(1) == final.group(2) != "0", shown[-1]
