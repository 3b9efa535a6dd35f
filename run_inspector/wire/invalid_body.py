"""What the parser gives back for bytes that are not a valid run: their text and problems."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class InvalidBody:
    """A body that is not a valid run: its text and what is wrong with it."""

    text: str
    problems: tuple[str, ...] = field(default_factory=tuple)
