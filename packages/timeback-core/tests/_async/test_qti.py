"""``client.qti`` on the umbrella client: reached lazily, sharing the token and the pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from timeback_common import ConfigurationError
from timeback_core import QtiError, TimebackClient
from timeback_emulator import InProcessEmulator

MakeEmulator = Callable[..., InProcessEmulator]
Connect = Callable[..., dict[str, Any]]


# No TIMEBACK_* variable of the machine running the tests leaks into them.
pytestmark = pytest.mark.usefixtures("clean_environment")


@pytest.mark.anyio
async def test_client_qti_reaches_the_emulator(
    make_emulator: MakeEmulator, connect: Connect
) -> None:
    async with TimebackClient(**connect(make_emulator())) as client:
        items = await client.qti.items.list(max_items=3).to_list()
        assert len(items) == 3
        assert client.qti is client.qti
        result = await client.qti.items.process_response(items[0].identifier, "B")
        assert result.feedback is not None


@pytest.mark.anyio
async def test_staging_qti_without_a_url_is_a_configuration_error() -> None:
    async with TimebackClient(env="staging", client_id="id", client_secret="secret") as client:
        assert client.settings.environment == "staging"
        with pytest.raises(ConfigurationError) as caught:
            _ = client.qti
    assert isinstance(caught.value, QtiError)
    assert "TIMEBACK_QTI_URL" in str(caught.value)


def test_qti_error_is_the_service_root() -> None:
    import timeback_qti

    assert QtiError is timeback_qti.QtiError
