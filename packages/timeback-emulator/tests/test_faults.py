"""Programmed faults, random failures and added latency (in-process)."""

from __future__ import annotations

import datetime as dt
import email.utils
import json
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import timeback_emulator._faults as faults_module
from timeback_emulator import InProcessEmulator

pytestmark = pytest.mark.anyio

APPS = "/edubridge/applications"


class SleepRecorder:
    """Stands in for ``anyio`` in the fault module: records delays instead of sleeping."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    recorder = SleepRecorder()
    monkeypatch.setattr(faults_module, "anyio", recorder)
    return recorder


async def test_status_fault_with_retry_after_seconds(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, status=429, retry_after=3)
    response = await api.get(APPS)
    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"
    minor = response.json()["imsx_CodeMinor"]["imsx_codeMinorField"][0]
    assert minor["imsx_codeMinorFieldValue"] == "server_busy"


async def test_status_fault_with_retry_after_http_date(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    when = dt.datetime(2030, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc)
    emu.add_fault(path_prefix=APPS, status=503, retry_after=when)
    response = await api.get(APPS)
    assert response.status_code == 503
    assert email.utils.parsedate_to_datetime(response.headers["retry-after"]) == when


async def test_fault_fires_count_times_then_requests_pass(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, status=500, count=2)
    statuses = [(await api.get(APPS)).status_code for _ in range(3)]
    assert statuses == [500, 500, 200]


async def test_unlimited_fault_fires_until_cleared(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, status=502, count=None)
    before = [(await api.get(APPS)).status_code for _ in range(3)]
    assert emu.clear_faults() == 1
    assert before == [502, 502, 502]
    assert (await api.get(APPS)).status_code == 200


async def test_skip_lets_requests_through_before_firing(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, status=503, skip=2)
    statuses = [(await api.get(APPS)).status_code for _ in range(4)]
    assert statuses == [200, 200, 503, 200]


async def test_method_must_match(api: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    emu.add_fault(path_prefix="/edubridge", method="POST", status=503)
    assert (await api.get(APPS)).status_code == 200
    response = await api.post("/edubridge/progression/enqueue", json={})
    assert response.status_code == 503


async def test_path_prefix_must_match(api: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    emu.add_fault(path_prefix="/caliper", status=503)
    assert (await api.get(APPS)).status_code == 200
    assert (await api.get("/caliper/events")).status_code == 503


async def test_garbage_is_malformed_json_with_200(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, action="garbage")
    response = await api.get(APPS)
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    with pytest.raises(json.JSONDecodeError):
        json.loads(response.content)


async def test_html_is_an_error_page_with_the_status(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, action="html", status=502)
    response = await api.get(APPS)
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<html>" in response.text


async def test_empty_is_a_bodiless_status(api: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    emu.add_fault(path_prefix=APPS, action="empty", status=502)
    response = await api.get(APPS)
    assert response.status_code == 502
    assert response.content == b""


async def test_drop_in_process_raises_a_transport_error(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, action="drop")
    with pytest.raises(httpx.RemoteProtocolError):
        await api.get(APPS)
    assert (await api.get(APPS)).status_code == 200


async def test_custom_json_body(api: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    emu.add_fault(path_prefix=APPS, status=400, body={"message": "nope"})
    response = await api.get(APPS)
    assert response.json() == {"message": "nope"}


async def test_token_endpoint_faults(anon: httpx.AsyncClient, emu: InProcessEmulator) -> None:
    emu.add_fault(path_prefix="/oauth2/token", status=503, retry_after=1)
    response = await anon.post(
        "/oauth2/token",
        data={"grant_type": "client_credentials"},
        auth=(emu.client_id, emu.client_secret),
    )
    assert response.status_code == 503
    assert response.headers["retry-after"] == "1"


async def test_faults_apply_before_the_bearer_check(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, status=503)
    assert (await anon.get(APPS)).status_code == 503


async def test_admin_routes_are_never_faulted(
    anon: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix="/", status=503, count=None)
    response = await anon.get("/_emulator/stats")
    assert response.status_code == 200


async def test_latency_fault_delays_then_serves(
    api: httpx.AsyncClient, emu: InProcessEmulator, sleeps: SleepRecorder
) -> None:
    emu.add_fault(path_prefix=APPS, latency_ms=250)
    response = await api.get(APPS)
    assert response.status_code == 200
    assert sleeps.delays == [0.25]
    assert emu.stats()["totalRequests"] >= 1


async def test_status_fault_with_latency_waits_first(
    api: httpx.AsyncClient, emu: InProcessEmulator, sleeps: SleepRecorder
) -> None:
    emu.add_fault(path_prefix=APPS, status=504, latency_ms=40)
    assert (await api.get(APPS)).status_code == 504
    assert sleeps.delays == [0.04]


@pytest.mark.timeback_emulator(latency_ms=25)
async def test_configured_latency_applies_to_api_calls_only(
    api: httpx.AsyncClient, anon: httpx.AsyncClient, sleeps: SleepRecorder
) -> None:
    sleeps.delays.clear()  # the token request of the `api` fixture was delayed too
    await api.get(APPS)
    await anon.get("/_emulator/stats")
    assert sleeps.delays == [0.025]


async def _statuses(emu: InProcessEmulator, n: int) -> list[int]:
    async with httpx.AsyncClient(transport=emu.transport(), base_url=emu.base_url) as client:
        return [(await client.get("/")).status_code for _ in range(n)]


async def test_fail_rate_is_reproducible_from_the_seed() -> None:
    first = await _statuses(InProcessEmulator(seed=None, fail_rate=0.5, fail_seed=7), 30)
    second = await _statuses(InProcessEmulator(seed=None, fail_rate=0.5, fail_seed=7), 30)
    other = await _statuses(InProcessEmulator(seed=None, fail_rate=0.5, fail_seed=8), 30)
    assert first == second
    assert set(first) == {200, 503}
    assert first != other


async def test_reset_restarts_the_random_failure_sequence() -> None:
    emu = InProcessEmulator(seed=None, fail_rate=0.5, fail_seed=3)
    first = await _statuses(emu, 10)
    emu.reset(data=False)
    assert await _statuses(emu, 10) == first


@pytest.mark.parametrize(
    "spec",
    [
        {"action": "explode"},
        {"status": 99},
        {"count": 0},
        {"retry_after": -1},
        {"action": "latency"},
        {"unknown": 1},
    ],
)
async def test_invalid_fault_is_rejected(anon: httpx.AsyncClient, spec: dict[str, Any]) -> None:
    response = await anon.post("/_emulator/faults", json=spec)
    assert response.status_code == 400
    assert (await anon.get("/_emulator/faults")).json() == {"faults": []}


async def test_a_list_of_faults_is_added_all_or_none(anon: httpx.AsyncClient) -> None:
    bad = await anon.post("/_emulator/faults", json=[{"status": 503}, {"status": 1}])
    good = await anon.post("/_emulator/faults", json=[{"status": 503}, {"action": "html"}])
    assert bad.status_code == 400
    assert good.status_code == 201
    assert len((await anon.get("/_emulator/faults")).json()["faults"]) == 2


# -- overlapping faults: each counts its own matches -----------------------------------------


async def test_a_skipping_fault_does_not_hide_requests_from_another_fault(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix=APPS, status=503, skip=2)
    emu.add_fault(path_prefix=APPS, status=500)

    statuses = [(await api.get(APPS)).status_code for _ in range(4)]

    assert statuses == [500, 200, 503, 200]


async def test_of_two_ready_faults_the_first_added_fires_and_the_other_waits(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix="/edubridge", status=502)
    emu.add_fault(path_prefix=APPS, status=504)

    statuses = [(await api.get(APPS)).status_code for _ in range(3)]

    assert statuses == [502, 504, 200]


async def test_a_broader_skipping_fault_counts_the_requests_a_narrower_one_fires_on(
    api: httpx.AsyncClient, emu: InProcessEmulator
) -> None:
    emu.add_fault(path_prefix="/edubridge", status=503, skip=1)
    emu.add_fault(path_prefix=APPS, status=500)

    statuses = [(await api.get(APPS)).status_code for _ in range(3)]

    assert statuses == [500, 503, 200]


def _fire_sequence(specs: list[dict[str, Any]], requests: int) -> list[int | None]:
    registry = faults_module.FaultRegistry()
    registry.add_many(specs)
    fired = [registry.take("GET", APPS) for _ in range(requests)]
    return [fault.status if fault else None for fault in fired]


@given(
    specs=st.lists(
        st.fixed_dictionaries(
            {
                "path_prefix": st.just(APPS),
                "status": st.integers(500, 504),
                "skip": st.integers(0, 4),
                "count": st.integers(1, 3),
            }
        ),
        max_size=4,
    ),
    requests=st.integers(0, 12),
)
def test_a_fault_that_never_reaches_its_turn_changes_nothing_for_the_others(
    specs: list[dict[str, Any]], requests: int
) -> None:
    # Independence: a fault still skipping for the whole run must not change the outcome.
    bystander = {"path_prefix": APPS, "status": 599, "skip": requests}

    alone = _fire_sequence(specs, requests)
    with_bystander = _fire_sequence([bystander, *specs], requests)

    assert with_bystander == alone


@given(
    skip=st.integers(0, 5),
    count=st.integers(1, 4),
    others=st.lists(st.integers(0, 5), max_size=3),
)
def test_each_fault_fires_only_after_its_own_skip_then_on_consecutive_free_requests(
    skip: int, count: int, others: list[int]
) -> None:
    # A fault alone, first in line: it lets exactly `skip` requests through, then fires `count`
    # times in a row, whatever the faults added after it do.
    specs = [{"path_prefix": APPS, "status": 500, "skip": skip, "count": count}]
    specs += [{"path_prefix": APPS, "status": 503, "skip": s} for s in others]

    sequence = _fire_sequence(specs, skip + count + 5)

    assert [i for i, status in enumerate(sequence) if status == 500] == list(
        range(skip, skip + count)
    )
