"""`check_identifiers`: the identifier arguments of a call, checked under their names (pure)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from timeback_common import InputValidationError, TimebackError, check_identifiers


class ServiceError(TimebackError):
    """A service's root error, for these tests."""


names = st.from_regex(r"[a-z][a-z_]{0,10}", fullmatch=True)
usable = (
    st.text(min_size=1)
    .filter(lambda text: text.strip() and "\x00" not in text)
    .filter(lambda text: not any(0xD800 <= ord(char) <= 0xDFFF for char in text))
)
unusable = st.one_of(
    st.text(alphabet=" \t\n", max_size=4),
    st.none(),
    st.integers(),
    st.binary(max_size=4),
    st.text(min_size=1).map(lambda text: text + "\x00"),
)


@given(st.dictionaries(names, usable, max_size=4))
def test_usable_identifiers_come_back_in_order(identifiers: dict[str, str]) -> None:
    assert check_identifiers(ServiceError, **identifiers) == list(identifiers.values())


@given(st.dictionaries(names, usable, max_size=3), st.dictionaries(names, unusable, min_size=1))
def test_every_unusable_identifier_is_named_in_one_service_error(
    good: dict[str, str], bad: dict[str, object]
) -> None:
    good = {name: value for name, value in good.items() if name not in bad}
    with pytest.raises(InputValidationError) as caught:
        check_identifiers(ServiceError, **good, **bad)
    assert isinstance(caught.value, ServiceError)
    assert sorted(issue.path or "" for issue in caught.value.issues) == sorted(bad)
    assert caught.value.message.endswith("nothing was sent")
