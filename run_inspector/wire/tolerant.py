"""Reads one part of a body into its pydantic model field by field, setting odd values aside.

pydantic validates a whole object at once; here every field it rejects is taken out, kept as
it was sent with pydantic's message, and the rest validated again. So `use_reasoning: "NaN"`
costs that one field, not the config, and never the run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

# The key under which a whole part is set aside when it is not an object at all.
WHOLE_PART: Final = ""
NOT_AN_OBJECT: Final = "should be an object"


@dataclass(frozen=True)
class SetAside:
    """A value pydantic rejected, exactly as sent, with its message."""

    sent: Any
    problem: str


@dataclass(frozen=True)
class ReadPart(Generic[M]):
    model: M
    set_aside: Mapping[str, SetAside] = field(default_factory=dict)


def read_part(model_type: type[M], sent: Any) -> ReadPart[M]:
    """The part as its model, every unreadable field set aside; a missing part is empty."""
    if sent is None:
        return ReadPart(model_type())
    if not isinstance(sent, Mapping):
        return ReadPart(model_type(), {WHOLE_PART: SetAside(sent, NOT_AN_OBJECT)})
    fields = dict(sent)
    set_aside: dict[str, SetAside] = {}
    # Each round removes at least one field, and every field is optional: this ends.
    while True:
        try:
            return ReadPart(model_type.model_validate(fields), set_aside)
        except ValidationError as exc:
            rejected = _rejected_fields(exc, fields)
        except RecursionError:
            rejected = dict.fromkeys(fields, "is nested too deeply to read")
        if not rejected:  # pragma: no cover - pydantic always names the field it rejects
            return ReadPart(model_type(), {WHOLE_PART: SetAside(sent, "could not be read")})
        for name, problem in rejected.items():
            set_aside[name] = SetAside(fields.pop(name), problem)


def _rejected_fields(exc: ValidationError, fields: Mapping[str, Any]) -> dict[str, str]:
    rejected: dict[str, str] = {}
    for error in exc.errors(include_url=False, include_input=False):
        loc = error["loc"]
        name = loc[0] if loc else None
        if isinstance(name, str) and name in fields and name not in rejected:
            # A validator's own sentence comes prefixed "Value error, "; the field says enough.
            rejected[name] = error["msg"].removeprefix("Value error, ")
    return rejected
