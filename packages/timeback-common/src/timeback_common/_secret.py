"""`Secret`: a string that stays out of reprs, dumps, copies and pickles.

Configuration objects get printed, logged and dumped (``dataclasses.asdict(settings)``,
``copy.deepcopy``, ``pickle`` to hand work to another process), so a client secret is never held
as a plain ``str``: `Secret` shows ``**********`` in ``repr``/``str``/``format``, is copied as
itself (immutable), and pickles as a random mask and the masked bytes, so the secret's text does
not appear in the pickle. The mask is obfuscation against reading and grepping dumps, not
encryption: whoever unpickles the object has the secret, as intended.

``get_secret_value()`` (the same name as pydantic's ``SecretStr``) gives the text back.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Any

from typing_extensions import Self

__all__ = ["Secret", "mask_text", "unmask_text"]

_HIDDEN = "**********"


def mask_text(text: str) -> tuple[bytes, bytes]:
    """``text`` as (a fresh random key, its UTF-8 bytes XOR the key): no plaintext in either."""
    raw = text.encode("utf-8", "surrogatepass")
    key = secrets.token_bytes(len(raw))
    return key, bytes(a ^ b for a, b in zip(raw, key, strict=True))


def unmask_text(key: bytes, masked: bytes) -> str:
    """The text `mask_text` masked."""
    return bytes(a ^ b for a, b in zip(masked, key, strict=True)).decode("utf-8", "surrogatepass")


class Secret:
    """A secret string whose text is shown nowhere but by `get_secret_value`.

    Equal to another `Secret` or to a ``str`` holding the same text (compared in constant
    time), so code that compared the plain string keeps working.

    Args:
        value: The secret text.

    Example:
        >>> secret = Secret("s3cr3t")
        >>> secret
        Secret('**********')
        >>> secret.get_secret_value()
        's3cr3t'
    """

    __slots__ = ("_value",)

    _value: str

    def __init__(self, value: str) -> None:
        object.__setattr__(self, "_value", value)

    def get_secret_value(self) -> str:
        """The secret text."""
        return self._value

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("a Secret is immutable")

    def __repr__(self) -> str:
        return f"Secret({_HIDDEN!r})"

    def __str__(self) -> str:
        return _HIDDEN

    def __format__(self, spec: str) -> str:
        return format(_HIDDEN, spec)

    def __len__(self) -> int:
        return len(self._value)

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Secret):
            other = other._value
        if not isinstance(other, str):
            return NotImplemented
        return hmac.compare_digest(
            self._value.encode("utf-8", "surrogatepass"), other.encode("utf-8", "surrogatepass")
        )

    def __hash__(self) -> int:
        return hash(self._value)

    def __copy__(self) -> Self:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Self:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restore_secret, mask_text(self._value))


def _restore_secret(key: bytes, masked: bytes) -> Secret:
    return Secret(unmask_text(key, masked))
