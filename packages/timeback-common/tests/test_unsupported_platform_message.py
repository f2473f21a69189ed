"""`unsupported_platform_message`: a message for any value, naming where to go instead."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from timeback_common import unsupported_platform_message


def test_the_message_names_the_platform_and_the_platforms_offering_the_service() -> None:
    message = unsupported_platform_message("PowerPath", "learnwith-ai", ["beyond-ai"])

    assert message == (
        "the learnwith-ai platform does not offer PowerPath; nothing was sent. "
        "Use platform='beyond-ai' for PowerPath."
    )


def test_a_value_nested_thousands_deep_still_makes_a_short_message() -> None:
    # Found by the public-method fuzz: formatting such a value raised RecursionError.
    deep: dict[str, Any] = {}
    inner = deep
    for _ in range(3000):
        inner["a"] = {}
        inner = inner["a"]

    message = unsupported_platform_message("OneRoster", deep, [])

    assert message.startswith("the {'a': {'a': {'a': {...}}}} platform does not offer OneRoster")
    assert len(message) < 200


@given(st.one_of(st.text(), st.integers(), st.none(), st.binary(), st.lists(st.integers())))
def test_any_value_makes_a_message_without_raising(platform: object) -> None:
    assert "does not offer Edubridge; nothing was sent." in unsupported_platform_message(
        "Edubridge", platform, ["beyond-ai"]
    )
