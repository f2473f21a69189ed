"""The fault matrix: every fault the emulator injects against every long operation.

Operations (all through `TimebackClient`, in-process through the ASGI transport):

* ``pull``: every user of a 250-user emulator, pages of 50, four pages in flight;
* ``caliper``: 60 events in envelopes of 10, sent two at a time;
* ``broadcast``: a `TimebackManager` pulling the users of three tenants at once;
* ``bulk``: ``users.bulk_upsert`` of 40 new users (a PUT each, then a POST on 404).

Faults (``FAULTS``): 429 with and without ``Retry-After``, a ``Retry-After`` beyond the cap, 500,
502 with an HTML page, 503, 504, malformed JSON, a failing token endpoint when the token is
renewed mid-operation, every token expired mid-operation, and a revoked token answered by 401.
Dropped connections and read timeouts need a real socket: ``test_fault_matrix_http.py``. The
full sizes (10,000 users, 1,000 events) run for representative faults in
``test_full_size.py``.

Each fault is injected once in the middle of the operation (transient), then on every matching
request (persistent). Transient: the operation completes, and what it returns, or what the
emulator stored, is exactly the emulator's data - nothing lost, nothing twice - with the
requests ``/_emulator/stats`` counted matching the fault. Persistent: the operation ends in the
documented typed error, which is also the service's root error.

Retry waits are recorded, not slept (``no_sleep``), so the matrix runs in seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from timeback_caliper import ActivityEvent, CaliperError
from timeback_common import (
    APIResponseValidationError,
    AuthenticationError,
    InternalServerError,
    RateLimitError,
    TimebackError,
    TokenError,
)
from timeback_core import TimebackClient, TimebackManager
from timeback_emulator import InProcessEmulator
from timeback_oneroster import OneRosterError

from .conftest import Trigger

USERS = "/ims/oneroster/rostering/v1p2/users"
USER = USERS + "/{id}"  # the route template /_emulator/stats counts PUTs under
CALIPER = "/caliper/event"
TOKEN = "/oauth2/token"
SENSOR = "https://reliability.example.com"

PULL_USERS = 250
PULL_PAGE = 50
EVENTS = 60
ENVELOPE = 10

Emulators = Callable[..., InProcessEmulator]
Connect = Callable[..., TimebackClient]
FaultyClient = Callable[..., tuple[InProcessEmulator, TimebackClient]]


@dataclass(frozen=True)
class Fault:
    """One row of the matrix.

    Attributes:
        name: The test id.
        spec: ``add_fault`` keywords (status, action, retry_after...).
        error: The typed error a persistent fault ends in (None: it cannot persist).
        attempts: Requests a persistent fault answers before that error (per request).
        on_token: The fault hits the token endpoint, when the token is renewed mid-operation.
        expire_mid: Every token is expired in the middle of the operation.
        retried: A transient fault is retried inside the call (False: the call fails and a
            second call resumes where it stopped).
        transient: Whether a one-off variant of this fault exists.
    """

    name: str
    spec: dict[str, Any] = field(default_factory=dict)
    error: type[TimebackError] | None = None
    attempts: int = 3
    on_token: bool = False
    expire_mid: bool = False
    retried: bool = True
    transient: bool = True

    @property
    def status(self) -> int | None:
        status: int | None = self.spec.get("status")
        if status is None and self.spec.get("action") == "garbage":
            return 200
        return status


FAULTS = [
    Fault("429-retry-after", {"status": 429, "retry_after": 2}, RateLimitError),
    Fault("429-no-retry-after", {"status": 429}, RateLimitError),
    Fault(
        "429-retry-after-beyond-cap",
        {"status": 429, "retry_after": 3600},
        RateLimitError,
        attempts=1,
        transient=False,
    ),
    Fault("500", {"status": 500}, InternalServerError),
    Fault("502-html", {"action": "html", "status": 502}, InternalServerError),
    Fault("503", {"status": 503}, InternalServerError),
    Fault("504", {"status": 504}, InternalServerError),
    Fault("malformed-json", {"action": "garbage"}, APIResponseValidationError, 1, retried=False),
    Fault("token-endpoint-503", {"status": 503}, TokenError, on_token=True, expire_mid=True),
    Fault(
        "token-endpoint-html-500",
        {"action": "html", "status": 500},
        TokenError,
        on_token=True,
        expire_mid=True,
    ),
    Fault("tokens-expired", expire_mid=True),
    Fault("revoked-token-401", {"status": 401}, AuthenticationError, attempts=2),
]

TRANSIENT = [pytest.param(f, id=f.name) for f in FAULTS if f.transient]
PERSISTENT = [pytest.param(f, id=f.name) for f in FAULTS if f.error is not None]


def inject(emulator: InProcessEmulator, fault: Fault, path: str, *, persistent: bool) -> None:
    """Program ``fault`` on ``path``: once, past the first request, or on every request."""
    count = None if persistent else 1
    if fault.on_token:
        # The first token request succeeds; the renewal after the mid-operation expiry fails.
        emulator.add_fault(path_prefix=TOKEN, skip=1, count=count, **fault.spec)
    elif fault.spec:
        emulator.add_fault(path_prefix=path, skip=1, count=count, **fault.spec)


def trigger_for(emulator: InProcessEmulator, fault: Fault, path: str) -> Trigger | None:
    """Expire every token after the operation's first answer, when the fault says so."""
    return Trigger(path, 1, emulator.expire_tokens) if fault.expire_mid else None


@pytest.fixture
def faulty_client(make_emulator: Emulators, connect: Connect) -> FaultyClient:
    """Build a fresh emulator with a fault programmed on a path, and a client for it."""

    def build(
        fault: Fault, path: str, *, seed: int | str | None, persistent: bool
    ) -> tuple[InProcessEmulator, TimebackClient]:
        emulator = make_emulator(seed=seed)
        inject(emulator, fault, path, persistent=persistent)
        return emulator, connect(emulator, trigger_for(emulator, fault, path))

    return build


def check_fault_counts(emulator: InProcessEmulator, fault: Fault, method: str, path: str) -> None:
    """``/_emulator/stats`` shows the transient fault really happened, once."""
    stats = emulator.stats()
    if fault.expire_mid:
        assert emulator.request_count(status=401) >= 1  # the expired token was refused
        assert stats["tokensIssued"] == 2  # one renewal for the whole operation
    if fault.on_token:
        assert emulator.request_count("POST", TOKEN, fault.status) == 1
    elif fault.name == "revoked-token-401":
        assert emulator.request_count(method, path, 401) == 1
        assert stats["tokensIssued"] == 2
    elif fault.spec and fault.status != 200:
        assert emulator.request_count(method, path, fault.status) == 1


def assert_service_error(error: BaseException, fault: Fault, root: type[TimebackError]) -> None:
    assert fault.error is not None
    assert isinstance(error, fault.error), repr(error)
    assert isinstance(error, TimebackError)
    if fault.on_token:
        assert isinstance(error, TokenError)
        assert error.status_code == fault.status
    assert isinstance(error, root), f"{type(error).__mro__} is not a {root.__name__}"
    if isinstance(error, RateLimitError) and "retry_after" in fault.spec:
        assert error.retry_after == float(fault.spec["retry_after"])
    if fault.spec.get("action") == "html":
        assert "json" not in str(error).lower()  # classified by status, not by body parsing


# -- pull ---------------------------------------------------------------------------------------


async def pull(client: TimebackClient) -> list[str]:
    users = await client.oneroster.users.list(limit=PULL_PAGE).to_list()
    return [str(user.sourced_id) for user in users]


@pytest.mark.anyio
@pytest.mark.parametrize("fault", TRANSIENT)
async def test_pull_completes_through_a_transient_fault(
    fault: Fault,
    faulty_client: FaultyClient,
    user_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given
    emulator, client = faulty_client(fault, USERS, seed=PULL_USERS, persistent=False)

    # when
    if fault.retried:
        got = await pull(client)
    else:
        paginator = client.oneroster.users.list(limit=PULL_PAGE)
        with pytest.raises(OneRosterError):
            await paginator.to_list()
        got = [str(user.sourced_id) for user in await paginator.to_list()]  # resumes

    # then: every user exactly once, in server order
    assert got == user_ids(emulator)
    assert len(got) == PULL_USERS
    check_fault_counts(emulator, fault, "GET", USERS)
    pages = math.ceil(PULL_USERS / PULL_PAGE)
    ok_pages = emulator.request_count("GET", USERS, 200)
    if fault.retried:
        assert ok_pages == pages  # no page fetched twice, none skipped
    else:
        assert ok_pages >= pages + 1  # the malformed 200 and its re-fetch
    if fault.spec.get("retry_after") is not None:
        assert no_sleep == [float(fault.spec["retry_after"])]


@pytest.mark.anyio
@pytest.mark.parametrize("fault", PERSISTENT)
async def test_pull_ends_in_the_typed_error_under_a_persistent_fault(
    fault: Fault, faulty_client: FaultyClient, no_sleep: list[float]
) -> None:
    emulator, client = faulty_client(fault, USERS, seed=PULL_USERS, persistent=True)

    with pytest.raises(TimebackError) as caught:
        await pull(client)

    assert_service_error(caught.value, fault, OneRosterError)
    path, method = (TOKEN, "POST") if fault.on_token else (USERS, "GET")
    assert emulator.request_count(method, path, fault.status) >= fault.attempts


# -- Caliper events -----------------------------------------------------------------------------


async def send(client: TimebackClient, events: list[ActivityEvent]) -> int:
    receipt = await client.caliper.events.send(SENSOR, events, max_events=ENVELOPE, concurrency=2)
    return receipt.envelope_count


@pytest.mark.anyio
@pytest.mark.parametrize(
    "fault", [pytest.param(f, id=f.name) for f in FAULTS if f.transient and f.retried]
)
async def test_caliper_events_are_stored_exactly_once_through_a_transient_fault(
    fault: Fault,
    faulty_client: FaultyClient,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given
    emulator, client = faulty_client(fault, CALIPER, seed=None, persistent=False)
    events = make_events(EVENTS)

    # when
    envelopes = await send(client, events)

    # then: every event stored, none twice; one accepted POST per envelope
    assert envelopes == EVENTS // ENVELOPE
    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events)
    assert emulator.stats()["caliperEventsStored"] == EVENTS
    assert emulator.request_count("POST", CALIPER, 200) == envelopes
    check_fault_counts(emulator, fault, "POST", CALIPER)


@pytest.mark.anyio
@pytest.mark.parametrize(
    "fault", [pytest.param(f, id=f.name) for f in FAULTS if f.error and f.retried]
)
async def test_caliper_send_ends_in_the_typed_error_under_a_persistent_fault(
    fault: Fault,
    faulty_client: FaultyClient,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    emulator, client = faulty_client(fault, CALIPER, seed=None, persistent=True)
    events = make_events(EVENTS)

    with pytest.raises(TimebackError) as caught:
        await send(client, events)

    assert_service_error(caught.value, fault, CaliperError)
    stored = stored_event_ids(emulator)
    assert len(stored) == len(set(stored))  # nothing twice
    assert set(stored) <= {event.id for event in events}
    # Sending the same events again once the fault is gone stores the rest, still once each.
    emulator.clear_faults()
    await send(client, events)
    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events)


@pytest.mark.anyio
async def test_caliper_send_takes_a_malformed_2xx_as_accepted_and_a_resend_stores_each_once(
    make_emulator: Emulators,
    connect: Connect,
    make_events: Callable[[int], list[ActivityEvent]],
    stored_event_ids: Callable[[InProcessEmulator], list[str]],
) -> None:
    # Any 2xx means the platform took the envelope (wire contract 3.6), so the client cannot
    # tell that the emulator's "garbage" fault answered without storing anything. Sending the
    # same events again is the remedy, and it never duplicates.
    emulator = make_emulator(seed=None)
    inject(emulator, FAULTS[7], CALIPER, persistent=False)
    client = connect(emulator)
    events = make_events(EVENTS)

    await send(client, events)
    assert len(stored_event_ids(emulator)) == EVENTS - ENVELOPE  # one envelope never arrived
    await send(client, events)

    assert sorted(stored_event_ids(emulator)) == sorted(event.id for event in events)


# -- manager broadcast --------------------------------------------------------------------------

TENANTS = ("alpha", "beta", "gamma")


async def pull_tenant(client: TimebackClient) -> list[str]:
    users = await client.oneroster.users.list(limit=10).to_list()
    return [str(user.sourced_id) for user in users]


@pytest.mark.anyio
@pytest.mark.parametrize("fault", TRANSIENT)
async def test_broadcast_completes_on_every_tenant_through_a_transient_fault(
    fault: Fault,
    make_emulator: Emulators,
    connect: Connect,
    user_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given three tenants, each with the fault
    tenants = {name: make_emulator(seed="tiny") for name in TENANTS}
    manager = TimebackManager()
    for name, emulator in tenants.items():
        inject(emulator, fault, USERS, persistent=False)
        manager.register(name, connect(emulator, trigger_for(emulator, fault, USERS)))

    # when
    results = await manager.broadcast(pull_tenant)
    if not fault.retried:  # the call failed on every tenant; a second broadcast resumes
        assert [name for name, _ in results.failed] == list(TENANTS)
        assert all(isinstance(e, OneRosterError) for _, e in results.failed)
        results = await manager.broadcast(pull_tenant)

    # then
    assert results.all_succeeded, results.failed
    assert dict(results.succeeded) == {name: user_ids(tenants[name]) for name in TENANTS}
    for emulator in tenants.values():
        check_fault_counts(emulator, fault, "GET", USERS)
    await manager.close()


@pytest.mark.anyio
@pytest.mark.parametrize("fault", PERSISTENT)
async def test_broadcast_reports_the_typed_error_of_the_one_failing_tenant(
    fault: Fault,
    make_emulator: Emulators,
    connect: Connect,
    user_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    tenants = {name: make_emulator(seed="tiny") for name in TENANTS}
    inject(tenants["beta"], fault, USERS, persistent=True)
    manager = TimebackManager()
    for name, emulator in tenants.items():
        manager.register(name, connect(emulator, trigger_for(emulator, fault, USERS)))

    results = await manager.broadcast(pull_tenant)

    assert [name for name, _ in results.failed] == ["beta"]
    assert_service_error(dict(results.failed)["beta"], fault, OneRosterError)
    assert dict(results.succeeded) == {name: user_ids(tenants[name]) for name in ("alpha", "gamma")}
    await manager.close()


# -- OneRoster bulk upsert ----------------------------------------------------------------------

BULK_USERS = 40


def new_users(emulator: InProcessEmulator, count: int) -> list[dict[str, Any]]:
    school = emulator.seed_summary()["summary"]["school_id"]
    return [
        {
            "sourced_id": f"bulk-{i:05d}",
            "given_name": "Bulk",
            "family_name": f"User {i}",
            "enabled_user": True,
            "roles": [{"role_type": "primary", "role": "student", "org": school}],
        }
        for i in range(count)
    ]


def check_bulk_stored(
    emulator: InProcessEmulator, before: list[str], users: list[dict[str, Any]], ids: list[str]
) -> None:
    """The emulator holds the seeded users plus each new one, once."""
    assert ids == sorted([*before, *(u["sourced_id"] for u in users)])
    store = emulator.app.state.store
    for user in users[:: max(1, len(users) // 8)]:
        assert store.get("users", user["sourced_id"])["familyName"] == user["family_name"]


@pytest.mark.anyio
@pytest.mark.parametrize("fault", TRANSIENT)
async def test_bulk_upsert_writes_every_user_once_through_a_transient_fault(
    fault: Fault,
    make_emulator: Emulators,
    connect: Connect,
    user_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    # given new users, and the fault on the PUT each upsert starts with
    emulator = make_emulator(seed="tiny")
    before = user_ids(emulator)
    users = new_users(emulator, BULK_USERS)
    if fault.spec and not fault.on_token:
        emulator.add_fault(path_prefix=USERS, method="PUT", skip=1, count=1, **fault.spec)
    else:
        inject(emulator, fault, USERS, persistent=False)
    client = connect(emulator, trigger_for(emulator, fault, USERS))

    # when
    report = await client.oneroster.users.bulk_upsert(users, chunk_size=10)
    if not fault.retried:  # one item failed; upserting the failed items again completes
        assert len(report.failed) == 1
        assert isinstance(report.failed[0].error, OneRosterError)
        again = await client.oneroster.users.bulk_upsert([users[i.index] for i in report.failed])
        assert again.ok

    # then: one result per item, in input order, and every user stored once
    assert [item.index for item in report] == list(range(BULK_USERS))
    assert fault.retried is report.ok
    check_bulk_stored(emulator, before, users, user_ids(emulator))
    check_fault_counts(emulator, fault, "PUT", USER)


@pytest.mark.anyio
@pytest.mark.parametrize("fault", PERSISTENT)
async def test_bulk_upsert_reports_the_typed_error_under_a_persistent_fault(
    fault: Fault,
    make_emulator: Emulators,
    connect: Connect,
    user_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    emulator = make_emulator(seed="tiny")
    before = user_ids(emulator)
    users = new_users(emulator, BULK_USERS)
    if fault.on_token:
        inject(emulator, fault, USERS, persistent=True)
    else:
        emulator.add_fault(path_prefix=USERS, method="PUT", count=None, **fault.spec)
    client = connect(emulator, trigger_for(emulator, fault, USERS))

    report = await client.oneroster.users.bulk_upsert(users, chunk_size=10, stop_on_error=True)

    # every item accounted for: some failed with the typed error, the rest skipped (or done)
    assert len(report) == BULK_USERS
    assert report.failed
    for item in report.failed:
        assert item.error is not None
        assert_service_error(item.error, fault, OneRosterError)
    assert len(report.succeeded) + len(report.failed) + len(report.skipped) == BULK_USERS
    written = {item.sourced_id for item in report.succeeded}
    assert set(user_ids(emulator)) == set(before) | written  # nothing else was written
    with pytest.raises(OneRosterError):
        report.raise_for_failures()


@pytest.mark.anyio
async def test_bulk_upsert_retries_an_upsert_post_after_a_500_and_stores_every_record_once(
    make_emulator: Emulators,
    connect: Connect,
    user_ids: Callable[[InProcessEmulator], list[str]],
    no_sleep: list[float],
) -> None:
    # An upsert's POST carries the record's own sourcedId: repeating it cannot create a second
    # record (a repeat that finds it answers 409 and becomes a PUT), so a 500 on it is retried.
    emulator = make_emulator(seed="tiny")
    before = user_ids(emulator)
    users = new_users(emulator, BULK_USERS)
    emulator.add_fault(path_prefix=USERS, method="POST", skip=3, count=1, status=500)
    client = connect(emulator)

    report = await client.oneroster.users.bulk_upsert(users, chunk_size=10)

    assert report.ok, [item.error for item in report.failed]
    assert emulator.request_count("POST", USERS, 500) == 1
    assert len(no_sleep) == 1
    check_bulk_stored(emulator, before, users, user_ids(emulator))
