"""The pydantic base every Timeback model derives from."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

__all__ = ["TimebackModel"]


class TimebackModel(BaseModel):
    """Base of response and request models.

    Attributes are snake_case in Python and camelCase on the wire. Unknown members are kept
    (``model_extra``), so a newer platform never breaks an older client; ``model_dump`` with
    ``by_alias=True`` gives the wire form back.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="allow",
        protected_namespaces=(),
    )

    def to_wire(self) -> dict[str, object]:
        """The camelCase JSON-ready dict of this model, without unset members."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)
