"""Every example of the seed README (``shared/seeds/timeback-core-README.md``) runs.

Each example is copied here as written, with its configuration pointed at a local emulator over
real HTTP (base URL mode, the emulator's credentials) and the names it leaves undefined
(``sensor_id``, ``events``, ``user_data``, ``client``) defined from the emulator's seed.
Examples that only configure a client run verbatim: building a client sends nothing.

The one change beyond configuration: the Quick Start's ``analytics.summary()`` names its
learner (``email=``). Client credentials have no current user, so a bare call raises
`InputValidationError` before sending (asserted below). `test_examples_are_copied_as_written`
checks, when the seed README is at hand, that every other line of its examples is in this file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from timeback_caliper import activity_completed, time_spent
from timeback_core import (
    CaliperError,
    EdubridgeError,
    InputValidationError,
    OneRosterError,
    TimebackClient,
)
from timeback_emulator import EmulatorServer, run_in_thread

SEED_README = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "timeback-core-README.md"

# Lines of the seed README replaced here, and by what (configuration lines aside).
CHANGED_LINES = {
    'async with TimebackClient(env="staging", client_id="...", client_secret="...") as client:': (
        "async with TimebackClient("
    ),
    "analytics = await client.edubridge.analytics.summary()": (
        "analytics = await client.edubridge.analytics.summary(email=student_email)"
    ),
}
CONFIGURATION = re.compile(
    r"^(env|client_id|client_secret|base_url|auth_url)=|^manager\.register\("
)

SENSOR = "https://reading.example.com"


@pytest.fixture
def emulator() -> Iterator[EmulatorServer]:
    """A fresh emulator over real HTTP: these examples write users and events."""
    with run_in_thread(seed="tiny") as server:
        yield server


pytestmark = pytest.mark.usefixtures("clean_environment")


def seed(emulator: EmulatorServer) -> dict[str, Any]:
    summary: dict[str, Any] = emulator.seed_summary()["summary"]
    return summary


def learner_events(emulator: EmulatorServer) -> list[Any]:
    """Two Timeback-profile events of the seeded student, built with the Caliper builders."""
    ids = seed(emulator)
    actor = {
        "id": f"{emulator.base_url}/ims/oneroster/rostering/v1p2/users/{ids['student_id']}",
        "type": "TimebackUser",
        "email": ids["student_email"],
    }
    activity = {
        "id": "https://reading.example.com/activities/42",
        "type": "TimebackActivityContext",
        "subject": "Reading",
        "app": {"name": "Reading Quest"},
    }
    return [
        activity_completed(
            actor=actor,
            object=activity,
            metrics={"xpEarned": 12, "totalQuestions": 5, "correctQuestions": 4},
        ),
        time_spent(actor=actor, object=activity, metrics={"active": 300, "inactive": 20}),
    ]


# -- Quick Start ------------------------------------------------------------------------------


@pytest.mark.anyio
async def test_quick_start(emulator: EmulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    sensor_id = SENSOR
    events = learner_events(emulator)
    student_email = seed(emulator)["student_email"]
    outcome: dict[str, Any] = {}

    stored_before = emulator.stats()["caliperEventsStored"]

    from timeback_core import TimebackClient

    async def main():  # type: ignore[no-untyped-def]
        client = TimebackClient(
            base_url=emulator.base_url,
            auth_url=emulator.token_url,
            client_id=emulator.client_id,
            client_secret=emulator.client_secret,
        )

        # OneRoster - rostering and gradebook
        users = await client.oneroster.users.list()
        for user in users:
            print(f"{user.given_name} {user.family_name}")

        # Edubridge - simplified enrollments and analytics
        analytics = await client.edubridge.analytics.summary(email=student_email)

        # Caliper - learning analytics events
        await client.caliper.events.send(sensor_id, events)

        await client.close()
        outcome.update(users=users, analytics=analytics, client=client)  # for the test

    await main()  # type: ignore[no-untyped-call]

    printed = capsys.readouterr().out.splitlines()
    assert len(printed) == len(outcome["users"]) == seed(emulator)["users"]
    assert printed[0] == f"{outcome['users'][0].given_name} {outcome['users'][0].family_name}"
    assert outcome["analytics"].learner == student_email
    assert emulator.stats()["caliperEventsStored"] == stored_before + 2
    assert outcome["client"].is_closed
    # The events sent feed the learner's analytics.
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
    ) as client:
        after = await client.edubridge.analytics.summary(email=student_email)
    assert after.total_xp == outcome["analytics"].total_xp + 12
    assert after.active_seconds == outcome["analytics"].active_seconds + 300


@pytest.mark.anyio
async def test_a_bare_summary_names_the_missing_learner_and_sends_nothing(
    emulator: EmulatorServer,
) -> None:
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
    ) as client:
        with pytest.raises(InputValidationError) as caught:
            await client.edubridge.analytics.summary()
    assert isinstance(caught.value, EdubridgeError)
    assert {issue.path for issue in caught.value.issues} >= {"email"}
    assert emulator.request_count(route=None) == 0


# -- Managing Multiple Clients ----------------------------------------------------------------


def user_data_for(emulator: EmulatorServer) -> dict[str, Any]:
    return {
        "given_name": "Ada",
        "family_name": "Lovelace",
        "enabled_user": True,
        "roles": [
            {
                "role_type": "primary",
                "role": "student",
                "org": {"sourcedId": seed(emulator)["school_id"]},
            }
        ],
    }


async def run_manager_example(
    alpha: EmulatorServer, beta: EmulatorServer, user_data: dict[str, Any]
) -> None:
    from timeback_core import TimebackManager

    async def main():  # type: ignore[no-untyped-def]
        manager = TimebackManager()
        manager.register(
            "alpha",
            base_url=alpha.base_url,
            auth_url=alpha.token_url,
            client_id=alpha.client_id,
            client_secret=alpha.client_secret,
        )
        manager.register(
            "beta",
            base_url=beta.base_url,
            auth_url=beta.token_url,
            client_id=beta.client_id,
            client_secret=beta.client_secret,
        )

        # Target a specific platform
        users = await manager.get("alpha").oneroster.users.list()

        # Broadcast to all platforms (uses asyncio.gather — never raises)
        async def create_user(client):  # type: ignore[no-untyped-def]
            return await client.oneroster.users.create(user_data)

        results = await manager.broadcast(create_user)

        # Check results
        if results.all_succeeded:
            print("Synced to all platforms!")

        for name, user in results.succeeded:
            print(f"Created on {name}: {user}")

        for name, error in results.failed:
            print(f"Failed on {name}: {error}")

        await manager.close()
        assert users  # for the test

    await main()  # type: ignore[no-untyped-call]


@pytest.mark.anyio
async def test_managing_multiple_clients(
    emulator: EmulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with run_in_thread(seed="tiny", client_id="beta-client", client_secret="beta-secret") as beta:
        await run_manager_example(emulator, beta, user_data_for(emulator))
        printed = capsys.readouterr().out.splitlines()
        assert printed[0] == "Synced to all platforms!"
        assert [line.split(":")[0] for line in printed[1:]] == [
            "Created on alpha",
            "Created on beta",
        ]
        for server in (emulator, beta):
            assert server.request_count(method="POST", status=201) == 1


@pytest.mark.anyio
async def test_managing_multiple_clients_when_one_platform_fails(
    emulator: EmulatorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with run_in_thread(seed="tiny") as beta:
        beta.add_fault(path_prefix="/ims/oneroster", method="POST", status=422, count=None)
        await run_manager_example(emulator, beta, user_data_for(emulator))
        printed = capsys.readouterr().out.splitlines()
        assert printed[0].startswith("Created on alpha: ")
        assert printed[1].startswith("Failed on beta: ")
        assert len(printed) == 2


# -- Configuration ----------------------------------------------------------------------------


@pytest.mark.anyio
async def test_environment_mode() -> None:
    client = TimebackClient(
        env="staging",  # or "production"
        client_id="...",
        client_secret="...",
    )
    assert client.settings.url("oneroster") == "https://api.staging.alpha-1edtech.ai"
    await client.close()


@pytest.mark.anyio
async def test_base_url_mode() -> None:
    client = TimebackClient(
        base_url="https://timeback.myschool.edu",
        auth_url="https://timeback.myschool.edu/oauth/token",
        client_id="...",
        client_secret="...",
    )
    assert client.settings.url("caliper") == "https://timeback.myschool.edu"
    assert client.settings.token_url == "https://timeback.myschool.edu/oauth/token"
    await client.close()


@pytest.mark.anyio
async def test_explicit_services_mode() -> None:
    client = TimebackClient(
        services={
            "oneroster": "https://roster.example.com",
            "caliper": "https://analytics.example.com",
            "edubridge": "https://api.example.com",
        },
        auth_url="https://auth.example.com/oauth/token",
        client_id="...",
        client_secret="...",
    )
    assert client.settings.url("caliper") == "https://analytics.example.com"
    await client.close()


@pytest.mark.anyio
async def test_individual_clients() -> None:
    from timeback_oneroster import OneRosterClient

    client = OneRosterClient(
        env="staging",
        client_id="...",
        client_secret="...",
    )
    assert client.settings.url("oneroster") == "https://api.staging.alpha-1edtech.ai"
    await client.close()


@pytest.mark.anyio
async def test_environment_variables(
    emulator: EmulatorServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The seed README's variables, plus the base URL variable that points at the emulator.
    monkeypatch.setenv("TIMEBACK_BASE_URL", emulator.base_url)
    monkeypatch.setenv("TIMEBACK_CLIENT_ID", emulator.client_id)
    monkeypatch.setenv("TIMEBACK_CLIENT_SECRET", emulator.client_secret)
    monkeypatch.setenv("TIMEBACK_TOKEN_URL", emulator.token_url)
    async with TimebackClient() as client:
        schools = await client.oneroster.schools.list()
    assert schools
    monkeypatch.delenv("TIMEBACK_BASE_URL")
    monkeypatch.setenv("TIMEBACK_ENV", "production")
    async with TimebackClient() as client:
        assert client.settings.url("oneroster") == "https://api.alpha-1edtech.ai"
        assert client.settings.token_url == emulator.token_url  # TIMEBACK_TOKEN_URL still wins


@pytest.mark.anyio
async def test_async_context_manager(emulator: EmulatorServer) -> None:
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
    ) as client:
        schools = await client.oneroster.schools.list()
    # Client is automatically closed
    assert schools
    assert client.is_closed


# -- Error Handling ---------------------------------------------------------------------------


async def error_handling(client: TimebackClient) -> None:
    from timeback_core import OneRosterError, CaliperError, EdubridgeError  # noqa: I001

    try:
        users = await client.oneroster.users.list()
    except OneRosterError as e:
        print(f"OneRoster API error: {e}")
    except CaliperError as e:
        print(f"Caliper API error: {e}")
    except EdubridgeError as e:
        print(f"Edubridge API error: {e}")
    else:
        assert users  # for the test


@pytest.mark.anyio
async def test_error_handling(emulator: EmulatorServer, capsys: pytest.CaptureFixture[str]) -> None:
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
    ) as client:
        await error_handling(client)
        assert capsys.readouterr().out == ""
        emulator.add_fault(path_prefix="/ims/oneroster", status=403, count=1)
        await error_handling(client)
    assert capsys.readouterr().out.startswith("OneRoster API error: ")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("prefix", "branch"),
    [("/ims/oneroster", "OneRoster"), ("/caliper", "Caliper"), ("/edubridge", "Edubridge")],
)
async def test_each_service_error_lands_in_its_own_branch(
    emulator: EmulatorServer, prefix: str, branch: str
) -> None:
    emulator.add_fault(path_prefix=prefix, status=403, count=1)
    sensor_id, events = SENSOR, learner_events(emulator)
    caught = []
    async with TimebackClient(
        base_url=emulator.base_url,
        auth_url=emulator.token_url,
        client_id=emulator.client_id,
        client_secret=emulator.client_secret,
    ) as client:
        for call in (
            lambda: client.oneroster.users.list(max_items=1).to_list(),
            lambda: client.caliper.events.send(sensor_id, events),
            lambda: client.edubridge.applications.list(),
        ):
            try:
                await call()
            except OneRosterError:
                caught.append("OneRoster")
            except CaliperError:
                caught.append("Caliper")
            except EdubridgeError:
                caught.append("Edubridge")
    assert caught == [branch]


# -- the examples are the seed README's -------------------------------------------------------


def test_examples_are_copied_as_written() -> None:
    if not SEED_README.exists():
        # Name no path: the folder lies outside the clone and means nothing to its reader.
        pytest.skip("the design documents are not beside this clone: nothing to compare with")
    blocks = re.findall(r"```python\n(.*?)```", SEED_README.read_text(encoding="utf-8"), re.S)
    here = set()
    for raw in Path(__file__).read_text(encoding="utf-8").splitlines():
        here |= {raw.strip(), raw.split("  #")[0].strip()}
    missing = []
    for block in blocks:
        for raw in block.splitlines():
            line = raw.strip()
            if not line or line.startswith("#") or CONFIGURATION.match(line):
                continue
            line = CHANGED_LINES.get(line, line)
            if line not in here and line.split("  #")[0].rstrip() not in here:
                missing.append(line)
    assert missing == [], missing
